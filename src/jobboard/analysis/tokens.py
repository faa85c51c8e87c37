"""Word tokens with their offsets, shaped for technology names ("C++", "Node.js", "CI/CD")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# A token starts with a letter or digit (or "." / "@" for ".NET" and "@testing-library"), may
# hold the punctuation of technology names inside, and ends with a letter, digit, "+" or "#".
_TOKEN = re.compile(r"[@.]?[^\W_](?:[\w.+#&/'’-]*[\w+#])?")
_SPLIT = re.compile(r"[/\-]+")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class Tokens:
    """Tokens as parallel lists (cheaper than an object per token on long descriptions)."""

    norms: list[str]  # case-folded forms used for lookups
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.norms)


def fold(text: str) -> str:
    return text.casefold().replace("’", "'")


def tokenize(text: str, *, keep_whole: Callable[[str], bool] | None = None) -> Tokens:
    """Split ``text`` into tokens.

    A token with "/" or "-" inside ("Python/Django", "Kubernetes-based") is split into its parts
    unless ``keep_whole`` accepts its folded form (a known name such as "ci/cd" or "gitlab-ci").
    """
    lowered = text.lower().replace("’", "'")
    # Lower-casing keeps offsets for nearly all text; where it does not, fold token by token.
    aligned = len(lowered) == len(text)
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(lowered if aligned else text):
        start, end = match.span()
        norm = match.group() if aligned else fold(match.group())
        if norm.endswith(_POSSESSIVE) and len(norm) > 2:
            end -= 2
            norm = norm[:-2]
        if ("/" in norm or "-" in norm) and not (keep_whole and keep_whole(norm)):
            surface = text[start:end]
            position = 0
            for part in _SPLIT.split(surface):
                offset = surface.index(part, position) if part else position
                position = offset + len(part)
                inner = _TOKEN.match(part)
                if inner is None:
                    continue
                piece = inner.group()
                norms.append(fold(piece))
                starts.append(start + offset)
                ends.append(start + offset + len(piece))
            continue
        norms.append(norm)
        starts.append(start)
        ends.append(end)
    return Tokens(norms=norms, starts=starts, ends=ends)
