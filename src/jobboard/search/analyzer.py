"""Text analysis shared by both search engines: the one place words become index terms.

Job text and queries go through the same steps, in Python, before either engine sees them:

1. fold: case, accents and compatibility forms are dropped ("Zürich" -> "zurich");
2. tokenize: runs of ASCII letters and digits, keeping the marks that name languages
   ("c++", "c#", ".net");
3. canonicalise: a skill's name or any alias from the taxonomy becomes the skill's term
   ("k8s", "Kubernetes" -> ``kubernetes``; "golang" -> ``go``; "Ruby on Rails" -> one term),
   and so do the spellings of a few title words ("back end", "back-end" -> ``backend``);
   abbreviations expand ("sr" -> "senior", "swe" -> "software engineer");
4. stem every other word with a light English stemmer (plurals, -ing, -ed, a final -e).

The engines then index and match these terms verbatim (SQLite FTS5 with its plain unicode61
tokenizer, PostgreSQL tsvectors built term by term), so both see the same words at the same
positions and agree on what matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from jobboard.taxonomy.catalog import Catalog, load_catalog

# Bump when the terms this module produces change: the index must then be rebuilt
# (`jobboard migrate` does it when the version stored with the index differs).
ANALYZER_REVISION = "1"
MAX_TERM_LENGTH = 64
# PostgreSQL keeps positions up to 16383; both engines index at most this many terms of a
# field so phrases match the same way on both.
MAX_FIELD_TERMS = 8000
# Distinct words whose terms an analyzer remembers (a few MB at most).
_WORD_CACHE_SIZE = 100_000

_TOKEN = re.compile(r"(?:(?<![a-z0-9])\.)?[a-z0-9]+[+#]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_UNDECOMPOSED = frozenset("łøđħıæœþð")
_VOWELS = frozenset("aeiouy")

# Spellings of one title word; the group's first entry is its term unless a spelling is a
# skill alias, in which case the whole group joins that skill.
TITLE_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("backend", "back end", "server side", "serverside"),
    ("frontend", "front end"),
    ("fullstack", "full stack"),
    ("devops", "dev ops"),
    ("sre", "site reliability"),
    ("ios", "i os"),
)
# Abbreviations people type for words postings spell out.
ABBREVIATIONS: Mapping[str, str] = {
    "swe": "software engineer",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "dev": "developer",
    "devs": "developers",
    "eng": "engineer",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "qa": "quality assurance",
    "ui": "user interface",
    "ux": "user experience",
    "infra": "infrastructure",
}
_STOPWORDS = (
    "a an and are as at be but by for from has have in into is of on or our that the their "
    "this to was we were will with you your"
).split()


def fold(text: str) -> str:
    """Return ``text`` case-folded with accents and compatibility forms removed."""
    if text.isascii():
        return text.lower()
    decomposed = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if _UNDECOMPOSED.isdisjoint(decomposed):
        # translate() looks up every character in a dict: most text needs none of it.
        return decomposed
    return decomposed.translate(_LETTERS_WITHOUT_DECOMPOSITION)


@cache
def _fold_char(char: str) -> str:
    return fold(char)


def _fold_with_origins(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and map each folded character back to its index in ``text``."""
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    pieces: list[str] = []
    origins: list[int] = []
    position = 0
    # ASCII runs fold to themselves in lower case, one character each; only the other
    # characters are folded one by one.
    for match in _NON_ASCII.finditer(text):
        start = match.start()
        if start > position:
            pieces.append(text[position:start].lower())
            origins.extend(range(position, start))
        folded = _fold_char(match.group())
        pieces.append(folded)
        origins.extend([start] * len(folded))
        position = start + 1
    pieces.append(text[position:].lower())
    origins.extend(range(position, len(text)))
    origins.append(len(text))
    return "".join(pieces), origins


@cache
def stem(word: str) -> str:
    """Reduce an English word to a stem: plurals, -ing and -ed, and a final -e go.

    Deliberately light, so that it rarely merges unrelated words; words with digits and
    words of three letters or fewer are left alone.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) >= 3 and not _VOWELS.isdisjoint(base):
                if base[-1] == base[-2] and base[-1] not in "lsz":
                    base = base[:-1]
                word = base
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _surface_tokens(folded: str) -> list[str]:
    return _TOKEN.findall(folded)


def _plain(surface: str) -> str:
    """A surface token reduced to letters and digits ("c++" -> "c", ".net" -> "net")."""
    return surface.strip(".+#")


@dataclass(frozen=True, slots=True)
class Token:
    """A term and the span of the original text it came from."""

    term: str
    start: int
    end: int


class Analyzer:
    """Turns text into index terms; built once from the taxonomy (``get_analyzer()``)."""

    def __init__(self, catalog: Catalog) -> None:
        self.version = f"{ANALYZER_REVISION}:{catalog.version}"
        self._phrases: dict[tuple[str, ...], str] = {}
        self.skill_terms: dict[str, str] = {}
        taken_terms: set[str] = set()
        for skill in catalog.skills:
            term = skill.slug.replace("-", "")
            if term in taken_terms:
                term = skill.slug.replace("-", "x")
            taken_terms.add(term)
            self.skill_terms[skill.slug] = term
            for name in (skill.name, skill.slug.replace("-", " "), *skill.aliases):
                self._add_phrase(name, term)
        for group in TITLE_SPELLINGS:
            owners = [self._phrases.get(self._key(spelling)) for spelling in group]
            term = next((owner for owner in owners if owner is not None), group[0])
            for spelling in group:
                self._add_phrase(spelling, term)
        self._abbreviations: dict[str, tuple[str, ...]] = {}
        for abbreviation, expansion in ABBREVIATIONS.items():
            owner = self._phrases.get(self._key(expansion))
            if owner is not None:
                self._add_phrase(abbreviation, owner)
            elif (abbreviation,) not in self._phrases:
                self._abbreviations[abbreviation] = tuple(
                    stem(_plain(token)) for token in _surface_tokens(expansion)
                )
        self._starts = frozenset(key[0] for key in self._phrases)
        self._longest = max(len(key) for key in self._phrases)
        self.stopwords = frozenset(stem(word) for word in _STOPWORDS)
        self.canonical_terms = frozenset(self._phrases.values())
        self._tests: dict[frozenset[str], Callable[[str], bool]] = {}
        # A word outside phrases always gives the same terms; postings share most words.
        self._word_terms: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _key(text: str) -> tuple[str, ...]:
        return tuple(_surface_tokens(fold(text)))

    def _add_phrase(self, text: str, term: str) -> None:
        key = self._key(text)
        if not key:
            return
        self._phrases.setdefault(key, term)
        last = key[-1]
        if last.isalpha() and not last.endswith("s"):
            # Postings write "microservices" where the taxonomy says "microservice".
            self._phrases.setdefault((*key[:-1], last + "s"), term)

    def _analyze(self, surface: list[str]) -> Iterable[tuple[str, int, int]]:
        """Yield (term, first surface index, last surface index + 1)."""
        phrases = self._phrases
        starts = self._starts
        count = len(surface)
        index = 0
        while index < count:
            token = surface[index]
            if token in starts:
                for length in range(min(self._longest, count - index), 0, -1):
                    term = phrases.get(tuple(surface[index : index + length]))
                    if term is not None:
                        yield term, index, index + length
                        index += length
                        break
                else:
                    yield from self._word(token, index)
                    index += 1
                continue
            yield from self._word(token, index)
            index += 1

    def _word(self, token: str, index: int) -> Iterable[tuple[str, int, int]]:
        terms = self._word_terms.get(token)
        if terms is None:
            terms = self._terms_of_word(token)
            if len(self._word_terms) < _WORD_CACHE_SIZE:
                self._word_terms[token] = terms
        for term in terms:
            yield term, index, index + 1

    def _terms_of_word(self, token: str) -> tuple[str, ...]:
        expansion = self._abbreviations.get(token)
        if expansion is not None:
            return expansion
        plain = _plain(token)
        if plain and len(plain) <= MAX_TERM_LENGTH:
            return (stem(plain),)
        return ()

    def terms(self, text: str, *, limit: int = MAX_FIELD_TERMS) -> list[str]:
        """Return the index terms of ``text``, in order, at most ``limit`` of them."""
        surface = _surface_tokens(fold(text))
        terms = [term for term, _, _ in self._analyze(surface)]
        return terms[:limit]

    def tokens(self, text: str) -> list[Token]:
        """Return the terms of ``text`` with the spans of ``text`` they came from."""
        return list(self.iter_tokens(text))

    def iter_tokens(self, text: str) -> Iterator[Token]:
        """``tokens(text)`` one at a time (a reader that stops early analyses no further)."""
        folded, origins = _fold_with_origins(text)
        matches = list(_TOKEN.finditer(folded))
        surface = [match.group() for match in matches]
        for term, first, stop in self._analyze(surface):
            start = origins[matches[first].start()]
            end = origins[matches[stop - 1].end() - 1] + 1
            yield Token(term, start, end)

    def may_yield(self, terms: frozenset[str]) -> Callable[[str], bool]:
        """A quick test of text, false only when ``terms(text)`` would share nothing with
        ``terms``; highlighting runs it before analysing text.

        It looks for substrings of the folded text that every way of producing a term
        leaves there: the first word of a phrase that stands for it, an abbreviation that
        expands to it, or the stem itself (stemming only cuts a word's end, except that
        "-ies" becomes "y", so a stem ending in "y" is looked for without it).
        """
        known = self._tests.get(terms)
        if known is not None:
            return known
        needles = {term[:-1] if term.endswith("y") else term for term in terms}
        needles.update(key[0] for key, term in self._phrases.items() if term in terms)
        needles.update(
            abbreviation
            for abbreviation, expansion in self._abbreviations.items()
            if not terms.isdisjoint(expansion)
        )
        ordered = tuple(sorted(needle for needle in needles if needle))

        def test(text: str) -> bool:
            folded = fold(text)
            return any(needle in folded for needle in ordered)

        if len(self._tests) >= 256:
            self._tests.clear()
        self._tests[terms] = test
        return test

    def words(self, text: str) -> list[str]:
        """Return the folded words of ``text`` as typed (no canonical forms, no stems)."""
        return [plain for plain in map(_plain, _surface_tokens(fold(text))) if plain]

    def skill_term(self, slug: str) -> str:
        return self.skill_terms[slug]


@cache
def get_analyzer() -> Analyzer:
    """Return the process-wide analyzer for the bundled taxonomy."""
    return Analyzer(load_catalog())
