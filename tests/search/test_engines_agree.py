"""Both engines find the same jobs for the same request, and what a plain reading of the
query says they should: a fixed demo data set, loaded once per engine, and generated
queries and filters."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from conftest import ENGINES, POSTGRES_URL
from jobboard import migrate
from jobboard.alerts import service as alert_service
from jobboard.alerts.rules import Rule, matches, rule_keys
from jobboard.db import create_engine
from jobboard.demo.generator import generate
from jobboard.demo.loader import load_demo
from jobboard.kit.clock import utcnow
from jobboard.models import Job
from jobboard.models.job import open_job_clause
from jobboard.search import backends, service
from jobboard.search.analyzer import get_analyzer
from jobboard.search.backends import Document
from jobboard.search.filters import resolve_filters
from jobboard.search.indexing import documents_for
from jobboard.search.query import Phrase, SearchQuery
from jobboard.search.schemas import SearchHit, SearchRequest
from jobboard.search.suggest import build_snapshot
from jobboard.taxonomy.catalog import load_catalog
from jobboard.taxonomy.service import sync_taxonomy

NOW = utcnow()
WORDS = [
    "python", "pyhton", "developer", "developr", "engineer", "enginer", "senior", "backend",
    "back-end", "k8s", "kubernetes", "golang", "go", "java", "react", "data", "platform",
    "remote", "berlin", "staff", "the", "and", "c++", "c#", ".net", "node.js", "postgres",
    "sre", "site", "reliability", "aws", "ml", "frontend", "full-stack", "team", "payments",
    "mentor", "zzzz", "🙂", "ÜBER", "café",
]  # fmt: skip


@pytest.fixture(scope="module")
async def corpus() -> AsyncIterator[dict[str, AsyncEngine]]:
    """The same 400 demo jobs in a fresh database of every engine."""
    data = generate(load_catalog(), now=NOW, seed=4, companies=25, jobs=400)
    engines: dict[str, AsyncEngine] = {}
    directory = tempfile.TemporaryDirectory()
    scratch_postgres = None
    for name in ENGINES:
        if name == "sqlite":
            url = f"sqlite+aiosqlite:///{Path(directory.name) / 'agree.db'}"
        else:
            assert POSTGRES_URL is not None
            base = make_url(POSTGRES_URL)
            admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
            scratch_postgres = (admin, f"jobboard_agree_{os.getpid()}")
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{scratch_postgres[1]}"')
                connection.execute(f'CREATE DATABASE "{scratch_postgres[1]}"')
            url = base.set(database=scratch_postgres[1]).render_as_string(hide_password=False)
        migrate.upgrade(url)
        engine = create_engine(url, pool_size=2)
        async with engine.begin() as connection:
            session = AsyncSession(bind=connection)
            await sync_taxonomy(session, catalog=load_catalog(), force=True)
            await load_demo(session, data=data)
            await session.flush()
        engines[name] = engine
    yield engines
    for engine in engines.values():
        await engine.dispose()
    directory.cleanup()
    if scratch_postgres is not None:
        with psycopg.connect(scratch_postgres[0], autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{scratch_postgres[1]}" WITH (FORCE)')


async def _pages(
    engine: AsyncEngine, request: SearchRequest, *, limit: int, spell_check: bool = True
) -> tuple[list[SearchHit], int]:
    """Every hit of every page, in order, and the total the first page reported."""
    async with AsyncSession(engine) as session:
        vocabulary = None
        if spell_check:
            snapshot = await build_snapshot(session, analyzer=get_analyzer(), generation=0, now=NOW)
            vocabulary = snapshot.vocabulary
        hits: list[SearchHit] = []
        total = None
        cursor = None
        while True:
            page = await service.search(
                session,
                request=replace(request, cursor=cursor, limit=limit),
                vocabulary=vocabulary,
                now=NOW,
            )
            total = page.total if total is None else total
            hits += page.hits
            cursor = page.next_cursor
            if cursor is None:
                return hits, total


async def _found(engine: AsyncEngine, request: SearchRequest) -> tuple[set[int], int]:
    """Every job id of every page, and the total the first page reported."""
    hits, total = await _pages(engine, request, limit=100)
    return {hit.id for hit in hits}, total


def _contains(terms: list[str], phrase: Phrase) -> bool:
    size = len(phrase.terms)
    return any(
        tuple(terms[start : start + size]) == phrase.terms for start in range(len(terms) - size + 1)
    )


def _matches(document: Document, query: SearchQuery) -> bool:
    fields = [list(document.title), list(document.skills), list(document.body)]

    def has(phrase: Phrase) -> bool:
        return any(_contains(field, phrase) for field in fields)

    return all(any(map(has, clause.alternatives)) for clause in query.required) and not any(
        map(has, query.excluded)
    )


async def _reference(engine: AsyncEngine, request: SearchRequest) -> set[int]:
    """The jobs whose indexed terms satisfy the query, read plainly in Python."""
    async with AsyncSession(engine) as session:
        snapshot = await build_snapshot(session, analyzer=get_analyzer(), generation=0, now=NOW)
        query = service.interpret(request.text, snapshot.vocabulary, spell_check=True)
        job_ids = list(await session.scalars(select(Job.id).where(Job.status == "published")))
        documents = await documents_for(session, job_ids)
    return {document.job_id for document in documents if _matches(document, query)}


def _text(parts: list[tuple[str, list[str]]]) -> str:
    rendered = []
    for form, words in parts:
        if form == "phrase":
            rendered.append('"' + " ".join(words) + '"')
        elif form == "not":
            rendered.append("-" + words[0])
        elif form == "or":
            rendered.append(f"{words[0]} OR {words[-1]}")
        else:
            rendered.append(words[0])
    return " ".join(rendered)


texts = st.lists(
    st.tuples(
        st.sampled_from(["word", "word", "word", "phrase", "not", "or"]),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    ),
    max_size=4,
).map(_text)

requests = st.builds(
    SearchRequest,
    text=texts,
    skills_any=st.sampled_from([(), ("python",), ("k8s", "react")]),
    skills_none=st.sampled_from([(), ("java",)]),
    workplaces=st.sampled_from([(), ("remote",), ("onsite", "hybrid")]),
    seniorities=st.sampled_from([(), ("senior",), ("junior", "mid")]),
    remote_regions=st.sampled_from([(), ("DE",), ("europe",), ("US",)]),
    location=st.sampled_from(
        [None, None, "Berlin", "New York", "51.5,-0.12", "California", "Europe", "EMEA"]
    ),
    radius_km=st.sampled_from([25.0, 300.0]),
    salary_min=st.sampled_from([None, 8_000_000, 500_000]),
    salary_currency=st.sampled_from(["USD", "EUR", "GBP"]),
    salary_period=st.sampled_from(["yearly", "monthly"]),
    include_unspecified_pay=st.booleans(),
    posted_within_days=st.sampled_from([None, 7]),
    years_experience=st.sampled_from([None, 3]),
    sort=st.sampled_from(["relevance", "newest", "salary"]),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests)
async def test_engines_agree_with_each_other_and_with_the_query(
    corpus: dict[str, AsyncEngine], request: SearchRequest
) -> None:
    """Every engine returns the same set of jobs, whose size is the reported total; each
    is a job the query's terms select, and without filters it is exactly those jobs."""
    results = {name: await _found(engine, request) for name, engine in corpus.items()}
    sets = [found for found, _ in results.values()]
    assert all(found == sets[0] for found in sets), {name: len(s) for name, s in results.items()}
    for found, total in results.values():
        assert len(found) == total
    if request.text.strip():
        expected = await _reference(next(iter(corpus.values())), request)
        unfiltered = replace(
            SearchRequest(text=request.text),
            sort=request.sort if request.sort != "salary" else "newest",
        )
        assert sets[0] <= expected
        everything, _ = await _found(next(iter(corpus.values())), unfiltered)
        assert everything == expected


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests, per_company=st.sampled_from([1, 2]))
async def test_per_company_cap_agrees(
    corpus: dict[str, AsyncEngine], request: SearchRequest, per_company: int
) -> None:
    """With a cap per company (newest first, so the order is fixed), the engines agree and
    no company appears more often than the cap."""
    capped = replace(request, sort="newest", per_company=per_company)
    results = {name: await _found(engine, capped) for name, engine in corpus.items()}
    sets = [found for found, _ in results.values()]
    assert all(found == sets[0] for found in sets)
    async with AsyncSession(next(iter(corpus.values()))) as session:
        companies = list(await session.scalars(select(Job.company_id).where(Job.id.in_(sets[0]))))
    assert all(companies.count(company) <= per_company for company in set(companies))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests)
async def test_engines_agree_when_postgresql_joins_the_index(
    corpus: dict[str, AsyncEngine], request: SearchRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's other way of matching (joining the GIN index instead of listing the few
    matching ids) finds the same jobs as SQLite and as the plain reading of the query."""
    monkeypatch.setattr(backends, "FEW_MATCHES", 0)
    results = {name: await _found(engine, request) for name, engine in corpus.items()}
    sets = [found for found, _ in results.values()]
    assert all(found == sets[0] for found in sets)
    if request.text.strip():
        everything, _ = await _found(
            next(iter(corpus.values())), SearchRequest(text=request.text, sort="newest")
        )
        assert everything == await _reference(next(iter(corpus.values())), request)
        assert sets[0] <= everything


async def _nearest_first(
    engine: AsyncEngine, request: SearchRequest
) -> tuple[list[tuple[int, float | None]], int]:
    """Every job of every page (7 a page) with its distance, in order, and the first
    page's total."""
    hits, total = await _pages(engine, request, limit=7, spell_check=False)
    return [(hit.id, hit.distance_km) for hit in hits], total


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    nearest=st.builds(
        SearchRequest,
        text=st.sampled_from(["", "", "engineer", "developer -java"]),
        workplaces=st.sampled_from([(), ("onsite", "hybrid")]),
        location=st.sampled_from(["Berlin", "New York", "51.5,-0.12"]),
        radius_km=st.sampled_from([25.0, 300.0, 1000.0]),
        per_company=st.sampled_from([None, 1]),
        sort=st.just("distance"),
    )
)
async def test_nearest_first_agrees_whatever_the_chunk(
    corpus: dict[str, AsyncEngine], nearest: SearchRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By distance, both engines list the same jobs in the same order, nearest first,
    whether the jobs within the radius are checked against the other filters all at once
    or two at a time (with a count cap of 15, so the chunked read stops early)."""
    monkeypatch.setattr(service, "TOTAL_CAP", 15)
    whole = [await _nearest_first(engine, nearest) for engine in corpus.values()]
    monkeypatch.setattr(service, "DISTANCE_CHUNK", 2)
    chunked = [await _nearest_first(engine, nearest) for engine in corpus.values()]
    assert all(result == whole[0] for result in [*whole, *chunked])
    listed, total = whole[0]
    keys = [(distance, job_id) for job_id, distance in listed]
    assert keys == sorted(keys)
    assert len({job_id for job_id, _ in listed}) == len(listed)  # no job on two pages
    assert total == min(len(listed), 15)


async def _alert_matches(engine: AsyncEngine, request: SearchRequest) -> set[int]:
    """The open jobs a saved search of ``request`` matches, by the alert matcher; checks on
    the way that each is found through the keys the search is filed under."""
    async with AsyncSession(engine) as session:
        snapshot = await build_snapshot(session, analyzer=get_analyzer(), generation=0, now=NOW)
        query = service.interpret(request.text, snapshot.vocabulary, spell_check=True)
        rule = Rule.build(query, await resolve_filters(session, request))
        job_ids = list(await session.scalars(select(Job.id).where(open_job_clause(NOW))))
        facts = await alert_service.facts_for(session, job_ids)
    counts = Counter(key for fact in facts for key in fact.index_keys())
    filings = [set(rule_keys(rule)), set(rule_keys(rule, lambda key: counts[key] / len(facts)))]
    found = set()
    for fact in facts:
        if matches(rule, fact):
            for keys in filings:
                assert keys & fact.index_keys(), (keys, fact.job_id)
            found.add(fact.job_id)
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests)
async def test_saved_search_alerts_match_what_the_search_finds(
    corpus: dict[str, AsyncEngine], request: SearchRequest
) -> None:
    """The alert matcher (rules in memory, filed under keys) picks exactly the jobs the
    search finds, on every engine, for the same request."""
    request = replace(request, posted_within_days=None, sort="newest")
    for engine in corpus.values():
        found, _ = await _found(engine, request)
        assert await _alert_matches(engine, request) == found


async def test_recent_matches_are_every_match_of_a_recent_span(
    corpus: dict[str, AsyncEngine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL lists the matches published since a recent moment from the GIN index
    alone (the publication terms): fewer than every match, and every match published from
    the oldest of them up to now. SQLite does not narrow by time."""
    monkeypatch.setattr(backends, "RECENT_MAX_SELECTIVITY", 1.0)
    for name, engine in corpus.items():
        async with AsyncSession(engine) as session:
            backend = backends.backend_for(name)
            query = service.interpret("engineer", None, spell_check=False)
            recent = await backend.recent_matches(session, query, as_of=NOW, wanted=5)
            if name == "sqlite":
                assert recent is None
                continue
            everything = await backend.few_matches(session, query)
            assert recent
            assert everything
            assert set(recent) < set(everything)
            rows = await session.execute(
                select(Job.id, Job.published_at).where(Job.id.in_(everything))
            )
            published: dict[int, datetime] = dict(rows.all())
            oldest = min(published[job_id] for job_id in recent)
            assert {job_id for job_id in everything if oldest <= published[job_id] <= NOW} <= set(
                recent
            )
            # A search listing nothing older than the span's start gains nothing from it:
            # listing nothing older than now, none is taken; from before every job, the same.
            first = min(published.values())
            for not_before, taken in ((first - timedelta(days=1), True), (NOW, False)):
                again = await backend.recent_matches(
                    session, query, as_of=NOW, wanted=5, not_before=not_before
                )
                assert (again == recent) if taken else (again is None)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests, per_company=st.sampled_from([None, None, 2]))
async def test_engines_agree_when_postgresql_reads_recent_matches_first(
    corpus: dict[str, AsyncEngine],
    request: SearchRequest,
    per_company: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a count cap and a relevance window small enough for PostgreSQL to read the
    recent matches first (and fall back to every match past them), every page of a
    keyword search holds the same jobs on both engines, and all the query selects."""
    monkeypatch.setattr(service, "TOTAL_CAP", 15)
    monkeypatch.setattr(service, "RANK_WINDOW", 8)
    monkeypatch.setattr(backends, "RECENT_MAX_SELECTIVITY", 1.0)
    keywords = SearchRequest(
        text=request.text,
        sort=request.sort if request.sort != "salary" else "newest",
        per_company=per_company,
        posted_within_days=request.posted_within_days,
    )
    results = {name: await _found(engine, keywords) for name, engine in corpus.items()}
    sets = [found for found, _ in results.values()]
    totals = {total for _, total in results.values()}
    assert all(found == sets[0] for found in sets)
    assert len(totals) == 1
    if request.text.strip() and per_company is None:
        engine = next(iter(corpus.values()))
        expected = await _reference(engine, keywords)
        if keywords.posted_within_days is not None:
            since = NOW - timedelta(days=keywords.posted_within_days)
            async with AsyncSession(engine) as session:
                expected &= set(
                    await session.scalars(select(Job.id).where(Job.published_at >= since))
                )
        assert sets[0] == expected
