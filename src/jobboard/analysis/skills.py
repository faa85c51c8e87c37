"""Find the skills a description names: one pass of dictionary lookups over its tokens.

Each run of 1 to N tokens is looked up among every alias of every skill (longest first).
Forms that are also everyday words ("Go", "React", "make") are kept only with evidence that
the text speaks of technology; the rules live in ``data/skill_context.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from jobboard.analysis.snapshot import ContextRule, TaxonomySnapshot
from jobboard.analysis.text import Document
from jobboard.analysis.tokens import Tokens, tokenize

# Tokens of one name are joined by a space, a hyphen or "&"; " - " separates ("AWS - EC2").
_NGRAM_GAP = re.compile(r"^(?: {0,2}|-|&| & )$")
_VERSION = re.compile(r"^v?\d{1,2}(?:\.\d+)*(?:\.x|\+)?$")
_LIST_GAP_CHARACTERS = re.compile(r"^[\s,/&+|()\[\]:*•·-]*$")
_GAP_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s*$")
# Evidence is looked for this many tokens on each side.
_WINDOW = 3
_SHORT_LIST_LINE_TOKENS = 8
_SHORT_BULLET_TOKENS = 5
# "R 45 000" is money, not R version 45.
_AMOUNT_AFTER = re.compile(r"^\s?\d{1,3}(?:[ ,.]\d{3})+")


@dataclass(frozen=True, slots=True)
class Mention:
    slug: str
    surface: str  # the words as written
    start: int  # offsets in Document.text
    end: int
    line: int  # index into Document.lines
    first_token: int
    last_token: int  # exclusive


@dataclass(slots=True)
class _Candidate:
    mention: Mention
    rule: ContextRule | None
    accepted: bool


def _line_index(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _lookup(
    tokens: Tokens, text: str, snapshot: TaxonomySnapshot, starts: list[int]
) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    norms, token_starts, token_ends = tokens.norms, tokens.starts, tokens.ends
    longest_from, aliases = snapshot.longest_from, snapshot.aliases
    index = 0
    count = len(norms)
    while index < count:
        longest = longest_from.get(norms[index], 0)
        if not longest:
            index += 1
            continue
        found = 0
        slug = ""
        for size in range(min(longest, count - index), 0, -1):
            end = index + size
            # A name never spans a line break, a comma or a slash.
            if size > 1 and any(
                not _NGRAM_GAP.match(text[token_ends[k] : token_starts[k + 1]])
                for k in range(index, end - 1)
            ):
                continue
            match = aliases.get(tuple(norms[index:end]))
            if match is not None:
                found, slug = size, match
                break
        if not found:
            index += 1
            continue
        start, stop = token_starts[index], token_ends[index + found - 1]
        mention = Mention(
            slug=slug,
            surface=text[start:stop],
            start=start,
            end=stop,
            line=_line_index(starts, start),
            first_token=index,
            last_token=index + found,
        )
        rule = snapshot.context_rules.get(norms[index]) if found == 1 else None
        candidates.append(_Candidate(mention=mention, rule=rule, accepted=rule is None))
        index += found
    return candidates


class _Context:
    """What the evidence checks need to know about the document."""

    def __init__(
        self,
        document: Document,
        tokens: Tokens,
        snapshot: TaxonomySnapshot,
        list_lines: frozenset[int],
    ) -> None:
        self.document = document
        self.text = document.text
        self.tokens = tokens
        self.snapshot = snapshot
        self.starts = [line.start for line in document.lines]
        self._title_case: dict[int, bool] = {}
        self.list_lines = list_lines
        self.short_lines = {
            index
            for index, line in enumerate(document.lines)
            if len(line.text.split()) <= _SHORT_LIST_LINE_TOKENS
        }
        self.short_bullets = {
            index
            for index, line in enumerate(document.lines)
            if line.kind == "bullet" and len(line.text.split()) <= _SHORT_BULLET_TOKENS
        }

    def title_case(self, line: int) -> bool:
        if line not in self._title_case:
            self._title_case[line] = _is_title_case(self.document.lines[line].text)
        return self._title_case[line]

    def same_line(self, first: int, second: int) -> bool:
        return _line_index(self.starts, self.tokens.starts[first]) == _line_index(
            self.starts, self.tokens.starts[second]
        )

    def sentence_initial(self, token_index: int) -> bool:
        token_start = self.tokens.starts[token_index]
        line = self.document.lines[_line_index(self.starts, token_start)]
        if token_start == line.start:
            return True
        before = self.text[line.start : token_start]
        return bool(_SENTENCE_BREAK.search(before)) or before.rstrip().endswith(("“", '"'))

    def previous_words(self, token_index: int) -> list[str]:
        words = []
        for index in range(token_index - 1, max(-1, token_index - 1 - _WINDOW), -1):
            if not self.same_line(index, token_index):
                break
            gap = self.text[self.tokens.ends[index] : self.tokens.starts[index + 1]]
            if any(mark in gap for mark in ".!?;"):
                break
            words.append(self.tokens.norms[index])
        return words

    def next_words(self, token_index: int) -> list[str]:
        words = []
        for index in range(token_index + 1, min(len(self.tokens), token_index + 1 + _WINDOW)):
            if not self.same_line(index, token_index):
                break
            gap = self.text[self.tokens.ends[index - 1] : self.tokens.starts[index]]
            if any(mark in gap for mark in ".!?;"):
                break
            words.append(self.tokens.norms[index])
        return words


def _is_title_case(text: str) -> bool:
    if text.rstrip().endswith((".", "!", "?")):
        return False
    words = [word for word in text.split() if word[:1].isalpha()]
    if len(words) < 2:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) >= 0.7


def _listed_together(context: _Context, left: Mention, right: Mention) -> bool:
    """Whether two mentions are neighbouring items of one list ("Go, Rust and C++")."""
    if left.line != right.line or right.start < left.end:
        return False
    gap = context.text[left.end : right.start]
    if len(gap) > 40 or "\n" in gap or ". " in gap or ";" in gap:
        return False
    words = _GAP_WORD.findall(gap)
    # Capitalised words in between are other products of the list ("PostgreSQL, Salesforce
    # and Tableau"); lower-case ones must be list words ("and", "or", "as well as").
    others = [word for word in words if word.lower() not in context.snapshot.list_words]
    if len(words) > 4 or len(others) > 2 or any(not word[0].isupper() for word in others):
        return False
    return bool(_LIST_GAP_CHARACTERS.match(_GAP_WORD.sub("", gap)))


def _rejected(candidate: _Candidate, context: _Context) -> bool:
    rule = candidate.rule
    assert rule is not None
    mention = candidate.mention
    if mention.surface in rule.sure:
        return False
    if rule.case_strict and rule.case and mention.surface not in rule.case:
        return True
    following = context.next_words(mention.last_token - 1)
    preceding = context.previous_words(mention.first_token)
    if following and following[0] in rule.not_before:
        return True
    if preceding and preceding[0] in rule.not_after:
        return True
    for phrase in rule.stop_phrases:
        window = [*reversed(preceding), context.tokens.norms[mention.first_token], *following]
        for offset in range(len(window) - len(phrase) + 1):
            if tuple(window[offset : offset + len(phrase)]) == phrase:
                return True
    return False


def _has_evidence(
    candidate: _Candidate, position: int, candidates: list[_Candidate], context: _Context
) -> bool:
    rule = candidate.rule
    assert rule is not None
    mention = candidate.mention
    for index in (position - 1, position + 1):
        if not 0 <= index < len(candidates) or not candidates[index].accepted:
            continue
        neighbour = candidates[index]
        left, right = sorted((neighbour.mention, mention), key=lambda item: item.start)
        if _listed_together(context, left, right):
            return True
    if mention.surface in rule.sure:
        return True
    if rule.case and mention.surface not in rule.case:
        # An unusual spelling ("react" for React) only counts inside a list of skills.
        return False
    following = context.next_words(mention.last_token - 1)
    preceding = context.previous_words(mention.first_token)
    if any(word in context.snapshot.trigger_before for word in preceding):
        return True
    if (
        following
        and _VERSION.match(following[0])
        and not _AMOUNT_AFTER.match(context.text[mention.end : mention.end + 12])
    ):
        return True
    if any(word in context.snapshot.trigger_after for word in following):
        return True
    line = context.document.lines[mention.line]
    if mention.line in context.short_bullets or mention.line in context.list_lines:
        return True
    if (
        mention.line in context.short_lines
        and line.kind in ("bullet", "text")
        and (_line_is_skill_list(mention.line, candidates))
    ):
        return True
    return (
        rule.proper_noun
        and mention.surface[:1].isupper()
        and line.kind not in ("title", "heading")
        and not context.title_case(mention.line)
        and not context.sentence_initial(mention.first_token)
    )


def _line_is_skill_list(line: int, candidates: list[_Candidate]) -> bool:
    """A short line holding another accepted skill reads as a list of skills."""
    return any(candidate.accepted and candidate.mention.line == line for candidate in candidates)


def find_mentions(
    document: Document, snapshot: TaxonomySnapshot, *, list_lines: frozenset[int] = frozenset()
) -> list[Mention]:
    """Return every skill mention in the document, everyday-word forms only with evidence.

    ``list_lines`` are lines that list skills by their position (short lines under a skills
    heading, "Desirable: MPI, Julia"): a form there needs no further evidence.
    """
    tokens = tokenize(document.text, keep_whole=snapshot.whole_tokens.__contains__)
    starts = [line.start for line in document.lines]
    candidates = _lookup(tokens, document.text, snapshot, starts)
    context = _Context(document, tokens, snapshot, list_lines)
    undecided = []
    for position, candidate in enumerate(candidates):
        if candidate.rule is not None and not _rejected(candidate, context):
            undecided.append(position)
    # Evidence can flow along a list ("Go, Rust or Swift experience"): repeat while it helps.
    for _ in range(4):
        changed = False
        for position in undecided:
            candidate = candidates[position]
            if not candidate.accepted and _has_evidence(candidate, position, candidates, context):
                candidate.accepted = True
                changed = True
        if not changed:
            break
    return [candidate.mention for candidate in candidates if candidate.accepted]
