"""Words inside a sentence that make what it names optional ("ideally", "is a plus").

A leading cue makes the rest of its sentence optional ("Familiarity with REST, and ideally
SQL": only SQL); a trailing cue makes what comes before it optional ("Kafka is a plus").
"""

from __future__ import annotations

import re

_SENTENCES = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")
_LEADING = re.compile(
    r"\b(?:ideally|preferably|bonus(?: points)?(?: if| for)?|plus if|extra points(?: for| if)?|"
    r"nice[- ]to[- ]haves?|good[- ]to[- ]have|great[- ]to[- ]have|even better(?: if)?|"
    r"optionally|it would be (?:great|nice)(?: if)?|would be (?:great|nice) if|"
    r"we(?:'d| would) love(?: it)? if|great if you|not required|no need|"
    r"(?:do|does|don't|doesn't|dont|doesnt) not need|you don'?t need|don'?t need|"
    r"(?:you )?might (?:also )?have|(?:you )?may (?:also )?have|"
    r"\bno\b(?= [\w.#+-]+ (?:experience )?(?:needed|required|necessary))|"
    r"a plus:|pluses:|preferred:|desirable:|desired:|optional:|"
    r"bonus:|nice:|would be a bonus if|helpful if)",
    re.I,
)
_TRAILING = re.compile(
    r"\b(?:(?:is|are|would be|will be|as) (?:a |an )?(?:big |huge |strong |real |definite )?"
    r"(?:plus|bonus|advantage|benefit)|"
    r"(?:is |are )?(?:a )?nice[- ]to[- ]have|(?:is |are )?(?:strongly |highly )?preferred|"
    r"(?:is |are )?(?:highly )?(?:desirable|desired)|(?:is |are )?advantageous|"
    r"(?:is |are )?helpful|"
    r"(?:is |are )?beneficial|(?:is |are )?welcome|a plus|a bonus|(?:is |are )?optional|"
    r"(?:is |are )?not (?:a )?(?:must|requirement|required|necessary|mandatory)|"
    r"not required|(?:would|will) help|helps|nice to see)\b",
    re.I,
)
_REQUIRED = re.compile(
    r"\b(?:must|required|requirement|requires|mandatory|essential|need to have|you have|"
    r"you bring|strong|solid|proven|deep|expert|proficien\w*)\b",
    re.I,
)


# Every cue holds one of these, in any case; most lines hold none and are answered at once.
# Looked for as plain substrings of the lower-cased text: a case-insensitive alternation of
# them took 2 ms over a long paragraph that held none, and analysis asks this of every line
# with a skill in it (13 times for one long posting).
_CUE_WORDS = (
    "ideal", "prefer", "bonus", "plus", "nice", "good to", "great", "optional", "love",
    "need", "desir", "advantag", "helpful", "benefi", "welcome", "not ", "would", "will help",
    "helps", "extra", "even better", "might", "may ", "no ",
)  # fmt: skip


def _may_hold_cue(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _CUE_WORDS)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in _SENTENCES.finditer(text)]


def optional_ranges(text: str) -> list[tuple[int, int]]:
    """Return the character ranges of ``text`` that a cue marks as optional."""
    ranges: list[tuple[int, int]] = []
    if not _may_hold_cue(text):
        return ranges
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        for cue in _LEADING.finditer(sentence):
            ranges.append((start + cue.start(), end))
        for cue in _TRAILING.finditer(sentence):
            clause_start = 0
            if sentence[: cue.start()].rstrip().endswith("("):
                # "Python (required), and R (preferred)": only the item before the bracket.
                clause_start = max(sentence.rfind(",", 0, cue.start()), 0)
            ranges.append((start + clause_start, start + cue.end()))
    return ranges


def is_optional(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def required_ranges(text: str) -> list[tuple[int, int]]:
    """Return the sentences of ``text`` that say what is required ("must", "you have")."""
    return [
        (start, end) for start, end in sentence_spans(text) if _REQUIRED.search(text[start:end])
    ]
