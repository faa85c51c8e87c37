"""Autocomplete and the vocabulary for typo tolerance, from a snapshot of the open jobs.

A snapshot holds the titles, skills, companies and places of open jobs with their job counts,
indexed in memory for prefix lookups, plus the vocabulary of title and skill words that
spelling correction draws on. It is built from the database with plain SQL, the same on both
engines, and rebuilt when ``search_state.generation`` moved and the snapshot is older than
``JOBBOARD_SEARCH_REFRESH_SECONDS``; requests in between answer from the previous one.
"""

from __future__ import annotations

import asyncio
import heapq
import math
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.models import Company, Job, JobLocation, JobSkill, Skill
from jobboard.models.job import open_job_clause
from jobboard.places.gazetteer import get_gazetteer
from jobboard.search.analyzer import ABBREVIATIONS, TITLE_SPELLINGS, Analyzer, get_analyzer
from jobboard.search.schemas import Suggestion, SuggestionKind
from jobboard.taxonomy.catalog import load_catalog

_SHORT_PREFIX = 3
_SHORT_PREFIX_BEST = 40
_LONG_PREFIX_SCAN = 4000
_PER_KIND = 5
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_KIND_BONUS: dict[str, float] = {"skill": 0.6, "title": 0.3, "company": 0.2, "place": 0.0}


def edit_distance(first: str, second: str, limit: int) -> int:
    """Optimal string alignment distance (an adjacent swap counts once), capped at limit+1."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            cost = 0 if a == b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {item[:i] + item[i + 1 :] for item in frontier for i in range(len(item))}
        found |= frontier
    return found


def _edits(word: str) -> Iterator[str]:
    """Every string one edit (delete, swap, replace, insert) away from ``word``."""
    for i in range(len(word) + 1):
        if i < len(word):
            yield word[:i] + word[i + 1 :]
            for letter in _ALPHABET:
                yield word[:i] + letter + word[i + 1 :]
        if i < len(word) - 1:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for letter in _ALPHABET:
            yield word[:i] + letter + word[i:]


def max_typos(word: str) -> int:
    """How many typos a word may hold and still be corrected: none below four letters."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) < 8 else 2


class Vocabulary:
    """Title words and skill names, with how many open jobs use them, for correcting typos."""

    def __init__(self, weights: dict[str, int], terms: frozenset[str]) -> None:
        self.weights = weights
        self.terms = terms
        self._deletes: dict[str, list[str]] = {}
        for word in weights:
            if len(word) < 3 or not word.isalpha():
                continue
            for variant in _deletes(word, 2 if len(word) >= 7 else 1):
                self._deletes.setdefault(variant, []).append(word)

    def knows(self, term: str) -> bool:
        return term in self.terms

    def correct(self, word: str, *, extra: int = 0) -> str | None:
        """The closest known word to ``word``, or None; ``extra`` allows more typos."""
        limit = max_typos(word) + extra if max_typos(word) else 0
        if not limit or word in self.weights:
            return None
        candidates: set[str] = set()
        for variant in _deletes(word, min(limit, 2)):
            candidates.update(self._deletes.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, -self.weights[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: SuggestionKind
    text: str
    value: str
    jobs: int


@dataclass
class Snapshot:
    generation: int
    built_at: float
    vocabulary: Vocabulary
    entries: list[_Entry]
    keys: list[str] = field(default_factory=list)
    key_entries: list[tuple[int, bool]] = field(default_factory=list)
    short: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Index every word-start of every entry: "senior go developer" is found by "sen",
        "go d" and "dev"."""
        pairs: list[tuple[str, int, bool]] = []
        prefixes: set[str] = set()
        best: dict[str, list[tuple[float, int, bool]]] = {}
        for index, entry in enumerate(self.entries):
            words = _words(entry.text)
            for position in range(len(words)):
                key = " ".join(words[position:])
                at_start = position == 0
                pairs.append((key, index, at_start))
                item = (_score(entry, at_start), index, at_start)
                for length in range(1, min(_SHORT_PREFIX, len(key)) + 1):
                    heap = best.setdefault(key[:length], [])
                    if len(heap) < _SHORT_PREFIX_BEST:
                        heapq.heappush(heap, item)
                    elif item > heap[0]:
                        heapq.heapreplace(heap, item)
            for word in words:
                prefixes.update(word[:length] for length in range(1, len(word) + 1))
        pairs.sort()
        self.keys = [key for key, _, _ in pairs]
        self.key_entries = [(index, at_start) for _, index, at_start in pairs]
        self.short = {
            prefix: [(index, at_start) for _, index, at_start in sorted(heap, reverse=True)]
            for prefix, heap in best.items()
        }
        self.prefixes = frozenset(prefixes)

    def _matches(self, key: str) -> list[tuple[int, bool]]:
        if len(key) <= _SHORT_PREFIX:
            # Short prefixes match thousands of keys: answer from the precomputed best.
            return self.short.get(key, [])
        start = bisect_left(self.keys, key)
        stop = min(start + _LONG_PREFIX_SCAN, len(self.keys))
        matches = []
        for position in range(start, stop):
            if not self.keys[position].startswith(key):
                break
            matches.append(self.key_entries[position])
        return matches

    def suggest(
        self, text: str, *, kinds: Iterable[SuggestionKind], limit: int
    ) -> list[Suggestion]:
        """Up to ``limit`` suggestions for what was typed, best first, at most five of a kind;
        when the prefix finds too few, respelled prefixes and more places fill up."""
        wanted: set[str] = set(kinds)
        words = _words(text)
        if not words:
            return []
        scored = self._scored(" ".join(words), wanted, penalty=0.0)
        if len(scored) < limit:
            for corrected in self._corrections(words):
                for index, score in self._scored(corrected, wanted, penalty=2.0).items():
                    scored.setdefault(index, score)
        candidates = [(score, self.entries[index]) for index, score in scored.items()]
        if "place" in wanted and len(candidates) < limit:
            known = {entry.value for _, entry in candidates if entry.kind == "place"}
            for city in get_gazetteer().search_prefix(text, limit=_PER_KIND):
                value = _place_value(city.name, city.region, city.country_code)
                if value not in known:
                    candidates.append((-1.0, _Entry("place", value, value, 0)))
        candidates.sort(key=lambda item: (-item[0], item[1].text))
        per_kind: dict[str, int] = {}
        result: list[Suggestion] = []
        seen: set[tuple[str, str]] = set()
        for _, entry in candidates:
            if per_kind.get(entry.kind, 0) >= _PER_KIND or (entry.kind, entry.value) in seen:
                continue
            per_kind[entry.kind] = per_kind.get(entry.kind, 0) + 1
            seen.add((entry.kind, entry.value))
            result.append(
                Suggestion(text=entry.text, kind=entry.kind, value=entry.value, jobs=entry.jobs)
            )
            if len(result) == limit:
                break
        return result

    def _scored(self, key: str, wanted: set[str], *, penalty: float) -> dict[int, float]:
        scored: dict[int, float] = {}
        for index, at_start in self._matches(key):
            entry = self.entries[index]
            if entry.kind in wanted:
                score = _score(entry, at_start) - penalty
                if score > scored.get(index, -math.inf):
                    scored[index] = score
        return scored

    def _corrections(self, words: list[str]) -> list[str]:
        """Keys with the finished words respelled and the last, unfinished one edited once."""
        fixed = [self.vocabulary.correct(word) or word for word in words[:-1]]
        last = words[-1]
        options: list[str] = []
        if len(last) >= 3 and last not in self.prefixes:
            options = sorted({edit for edit in _edits(last) if edit in self.prefixes})[:20]
        elif fixed != words[:-1]:
            options = [last]
        return [" ".join([*fixed, option]) for option in options]


def _words(text: str) -> list[str]:
    return get_analyzer().words(text)


def _score(entry: _Entry, at_start: bool) -> float:
    return math.log1p(entry.jobs) + (1.0 if at_start else 0.0) + _KIND_BONUS[entry.kind]


def _place_value(city: str, region: str | None, country_code: str) -> str:
    """ "Austin, Texas, US": what `location` resolves back to the same city."""
    parts = (city, region if region != city else None, country_code)
    return ", ".join(part for part in parts if part)


async def build_snapshot(
    session: AsyncSession, *, analyzer: Analyzer, generation: int, now: datetime
) -> Snapshot:
    """Read the open jobs' titles, skills, companies and places into a new snapshot."""
    is_open = open_job_clause(now)
    entries: list[_Entry] = []
    weights: dict[str, int] = {}
    terms: set[str] = set(analyzer.canonical_terms)

    def learn(text: str, jobs: int) -> None:
        for word in analyzer.words(text):
            weights[word] = weights.get(word, 0) + jobs
        terms.update(analyzer.terms(text))

    titles = await session.execute(
        select(Job.title, func.count()).where(is_open).group_by(Job.title)
    )
    for title, jobs in titles:
        entries.append(_Entry("title", title, title, jobs))
        learn(title, jobs)
    skill_jobs = dict(
        (
            await session.execute(
                select(Skill.slug, func.count())
                .select_from(JobSkill)
                .join(Job, Job.id == JobSkill.job_id)
                .join(Skill, Skill.id == JobSkill.skill_id)
                .where(is_open)
                .group_by(Skill.slug)
            )
        ).all()
    )
    for skill in load_catalog().skills:
        jobs = skill_jobs.get(skill.slug, 0)
        entries.append(_Entry("skill", skill.name, skill.slug, jobs))
        for name in (skill.name, *skill.aliases):
            learn(name, jobs + 1)
    for group in TITLE_SPELLINGS:
        for spelling in group:
            learn(spelling, 1)
    for abbreviation in ABBREVIATIONS:
        learn(abbreviation, 1)
    companies = await session.execute(
        select(Company.slug, Company.name, func.count())
        .join(Job, Job.company_id == Company.id)
        .where(is_open)
        .group_by(Company.slug, Company.name)
    )
    for slug, name, jobs in companies:
        entries.append(_Entry("company", name, slug, jobs))
    places = await session.execute(
        select(
            JobLocation.city,
            JobLocation.region,
            JobLocation.country_code,
            func.count(func.distinct(JobLocation.job_id)),
        )
        .join(Job, Job.id == JobLocation.job_id)
        .where(is_open, JobLocation.kind == "city")
        .group_by(JobLocation.city, JobLocation.region, JobLocation.country_code)
    )
    for city, region, country_code, jobs in places:
        if city is None or country_code is None:
            continue
        value = _place_value(city, region, country_code)
        entries.append(_Entry("place", value, value, jobs))
    return Snapshot(
        generation=generation,
        built_at=time.monotonic(),
        vocabulary=Vocabulary(weights, frozenset(terms)),
        entries=entries,
    )


class Suggester:
    """Holds the current snapshot for one process and rebuilds it when it is stale."""

    def __init__(self, *, refresh_seconds: float) -> None:
        self.refresh_seconds = refresh_seconds
        self._snapshot: Snapshot | None = None
        self._lock = asyncio.Lock()

    async def snapshot(
        self, session: AsyncSession, *, analyzer: Analyzer, generation: int, now: datetime
    ) -> Snapshot:
        current = self._snapshot
        if current is not None and (
            current.generation == generation
            or time.monotonic() - current.built_at < self.refresh_seconds
        ):
            return current
        async with self._lock:
            current = self._snapshot
            if current is None or current.generation != generation:
                current = await build_snapshot(
                    session, analyzer=analyzer, generation=generation, now=now
                )
                self._snapshot = current
            return current
