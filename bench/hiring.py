"""Hiring: how fast people apply, and the employer's applicant list over 2,000 applicants,
sorted by date and by match score, on SQLite and PostgreSQL.

Everything runs in this process against a scratch database, through the service functions
the API calls (one transaction per application, as a request would). The machine is shared:
compare medians and ratios from one run, not absolute numbers across runs.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.catalog import write_per_engine
from bench.integrations import _setup

APPLICANTS = 2_000
APPLIES = 300
ROUNDS = 30
SKILLS = ("go", "postgresql", "kubernetes", "python", "rust", "typescript", "react", "terraform")
CITIES = (
    ("Berlin", 52.52, 13.40, "DE"),
    ("Munich", 48.14, 11.58, "DE"),
    ("London", 51.51, -0.13, "GB"),
    ("Lisbon", 38.72, -9.14, "PT"),
    ("Austin", 30.27, -97.74, "US"),
)


def _ms(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


async def _world(database: Any) -> tuple[Any, list[int]]:
    """A company whose owner posts two jobs (Go and PostgreSQL, Berlin, hybrid)."""
    from jobboard.auth.principal import Principal
    from jobboard.auth.scopes import ROLE_SCOPES
    from jobboard.jobs import service as job_service
    from jobboard.jobs.schemas import JobCreate
    from jobboard.models import Company, CompanyMember, User

    async with database.unit_of_work() as session:
        owner = User(
            email="owner@bench.example", password_hash="-", role="employer", display_name="O"
        )
        company = Company(slug="bench-hiring", name="Bench Hiring", description="")
        session.add_all([owner, company])
        await session.flush()
        session.add(CompanyMember(company_id=company.id, user_id=owner.id, role="owner"))
        await session.flush()
        principal = Principal(user_id=owner.id, role="employer", scopes=ROLE_SCOPES["employer"])
        job_ids = []
        for title in ("Senior Backend Engineer", "Staff Platform Engineer"):
            job = await job_service.create_job(
                session,
                principal=principal,
                data=JobCreate.model_validate(
                    {
                        "company": company.slug,
                        "title": title,
                        "description": "Design and run the Go services behind our payments.",
                        "seniority": "senior",
                        "min_years_experience": 5,
                        "workplace": "hybrid",
                        "locations": [{"name": "Berlin"}],
                        "salary": {"min": 7_000_000, "max": 9_000_000, "currency": "EUR"},
                        "skills": [
                            {"skill": "golang", "min_years": 3},
                            {"skill": "postgres"},
                            {"skill": "k8s", "required": False},
                        ],
                        "status": "published",
                    }
                ),
            )
            job_ids.append(job.id)
    return principal, job_ids


async def _seekers(database: Any, count: int, *, prefix: str) -> list[int]:
    """``count`` seekers with varied profiles (skills, years, places, pay)."""
    from sqlalchemy import select

    from jobboard.models import CandidateProfile, CandidateSkill, Skill, User

    chooser = random.Random(f"{prefix}-{count}")
    ids: list[int] = []
    async with database.unit_of_work() as session:
        skill_ids = dict(
            (
                await session.execute(select(Skill.slug, Skill.id).where(Skill.slug.in_(SKILLS)))
            ).all()
        )
        for index in range(count):
            user = User(
                email=f"{prefix}{index}@bench.example",
                password_hash="-",
                role="seeker",
                display_name=f"Candidate {prefix}{index}",
            )
            session.add(user)
            await session.flush()
            city, latitude, longitude, country = chooser.choice(CITIES)
            session.add(
                CandidateProfile(
                    user_id=user.id,
                    headline=f"Engineer {index}",
                    total_years=chooser.randint(1, 15),
                    city=city,
                    latitude=latitude,
                    longitude=longitude,
                    country_code=country,
                    pay_min=chooser.randint(40, 110) * 100_000,
                    pay_currency="EUR",
                    pay_period="yearly",
                    workplaces=chooser.choice([["hybrid", "onsite", "remote"], ["remote"]]),
                    visibility="private" if index % 20 == 0 else "applied",
                    weights={},
                    skills=[
                        CandidateSkill(skill_id=skill_ids[slug], years=chooser.randint(0, 10))
                        for slug in chooser.sample(SKILLS, chooser.randint(1, 5))
                    ],
                )
            )
            ids.append(user.id)
    return ids


def _seeker(user_id: int) -> Any:
    from jobboard.auth.principal import Principal
    from jobboard.auth.scopes import ROLE_SCOPES

    return Principal(user_id=user_id, role="seeker", scopes=ROLE_SCOPES["seeker"])


async def _apply_throughput(database: Any, job_id: int) -> tuple[list[float], float]:
    from jobboard.applications import service
    from jobboard.applications.schemas import ApplicationCreate

    seekers = await _seekers(database, APPLIES, prefix="apply")
    body = ApplicationCreate(cover_letter="I build Go services and would like to talk.")
    timings = []
    started = time.perf_counter()
    for user_id in seekers:
        began = time.perf_counter()
        async with database.unit_of_work() as session:
            await service.apply(session, principal=_seeker(user_id), job_id=job_id, data=body)
        timings.append(time.perf_counter() - began)
    return timings, len(seekers) / (time.perf_counter() - started)


async def _fill(database: Any, job_id: int, company_id: int) -> None:
    """2,000 applicants for the job, spread over 60 days and the pipeline's stages."""
    from jobboard.models import Application

    seekers = await _seekers(database, APPLICANTS, prefix="list")
    now = datetime.now(UTC)
    chooser = random.Random(7)
    async with database.unit_of_work() as session:
        for index, user_id in enumerate(seekers):
            applied = now - timedelta(minutes=index * 43)
            session.add(
                Application(
                    job_id=job_id,
                    company_id=company_id,
                    candidate_id=user_id,
                    stage=chooser.choice(("applied", "applied", "screening", "interview")),
                    cover_letter="Hello, I like Go." if index % 3 else "Kubernetes all day.",
                    answers=[],
                    applied_at=applied,
                    stage_entered_at=applied,
                    updated_at=applied,
                )
            )


async def _list_timings(
    database: Any, principal: Any, job_id: int, **query: Any
) -> tuple[list[float], list[float], int]:
    from jobboard.applications import service
    from jobboard.pagination import PageParams

    first: list[float] = []
    later: list[float] = []
    count = 0
    for _ in range(ROUNDS):
        cursor = None
        for page_number in range(3):
            began = time.perf_counter()
            async with database.read_session() as session:
                found, cursor = await service.applicants(
                    session,
                    principal=principal,
                    job_id=job_id,
                    page=PageParams(limit=20, cursor=cursor),
                    **query,
                )
            (first if page_number == 0 else later).append(time.perf_counter() - began)
            count = len(found)
    return first, later, count


async def _bench_engine(engine: str) -> list[str]:
    from sqlalchemy import select

    from jobboard.models import Job

    database = await _setup(engine)
    try:
        principal, (apply_job, list_job) = await _world(database)
        timings, per_second = await _apply_throughput(database, apply_job)
        median, p95 = _ms(timings)
        async with database.read_session() as session:
            company_id = await session.scalar(select(Job.company_id).where(Job.id == list_job))
        await _fill(database, list_job, company_id)
        rows = [
            f"### {engine}",
            "",
            f"Apply: {APPLIES} seekers apply one after the other, one transaction each (checks, "
            "the application and its event, the webhook fan-out):",
            "",
            "| median ms | p95 ms | applications/s |",
            "|---:|---:|---:|",
            f"| {median:.2f} | {p95:.2f} | {per_second:,.0f} |",
            "",
            f"Applicant list of one job with {APPLICANTS:,} applicants (5% with private "
            f"profiles), pages of 20, {ROUNDS} rounds of three pages:",
            "",
            "| list | first page median ms | p95 | later pages median ms | p95 |",
            "|---|---:|---:|---:|---:|",
        ]
        for label, query in (
            ("newest first", {"sort": "newest"}),
            ("by match score", {"sort": "match"}),
            ("by match score, `skill=go`", {"sort": "match", "skill": "go"}),
            ("newest, `q=kubernetes`", {"sort": "newest", "text": "kubernetes"}),
        ):
            first, later, _ = await _list_timings(database, principal, list_job, **query)
            first_median, first_p95 = _ms(first)
            later_median, later_p95 = _ms(later)
            rows.append(
                f"| {label} | {first_median:.1f} | {first_p95:.1f} | {later_median:.1f} | "
                f"{later_p95:.1f} |"
            )
        rows.append("")
        return rows
    finally:
        await database.dispose()


async def run(*, engines: list[str]) -> None:
    await write_per_engine("hiring", "Hiring", engines, _bench_engine)
