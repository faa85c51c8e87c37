"""A category's page, ``/categories/{slug}``: what the role does, what it pays by seniority
(an SVG chart drawn here, its numbers in a table too), the skills asked most, where the jobs
are, the newest of them, related categories, and an alert for new ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from jobboard.dependencies import AppCache, DbSession
from jobboard.errors import NotFound
from jobboard.kept import keeping_for
from jobboard.kit import money
from jobboard.kit.markdown import markdown_to_html
from jobboard.models import Category, Skill
from jobboard.search import figures
from jobboard.search.schemas import SearchRequest
from jobboard.taxonomy.schemas import SeniorityPay
from jobboard.web.data import page_search
from jobboard.web.rendering import SENIORITY_WORDS, money_text, page
from jobboard.web.routing import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

JOBS_PER_PAGE = 10
RELATED = 4
# Currencies offered for the pay figures: those most jobs publish in.
PAY_CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "PLN", "SEK")


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    low: str
    median: str
    high: str
    sample_size: int
    y: int
    x_low: float
    x_median: float
    x_high: float


@dataclass(frozen=True, slots=True)
class PayChart:
    """A horizontal range chart: per seniority, the middle half of pay and its median."""

    width: int
    height: int
    rows: list[ChartRow]
    ticks: list[tuple[float, str]]


CHART_WIDTH = 640
LABEL_WIDTH = 110
ROW_HEIGHT = 34
MARGIN = 24


def _nice_step(span: int) -> int:
    raw = max(span // 4, 1)
    magnitude = int(10 ** (len(str(raw)) - 1))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def pay_chart(rows: list[SeniorityPay], currency: str) -> PayChart | None:
    """Scale the percentiles onto the chart's width (values stay in minor units)."""
    if not rows:
        return None
    low = min(row.pay.p25 for row in rows)
    high = max(row.pay.p75 for row in rows)
    step = _nice_step(max(high - low, 1))
    start = (low // step) * step
    end = -(-high // step) * step
    if end == start:
        end = start + step
    plot = CHART_WIDTH - LABEL_WIDTH - MARGIN

    def x(value: int) -> float:
        return round(LABEL_WIDTH + (value - start) / (end - start) * plot, 1)

    return PayChart(
        width=CHART_WIDTH,
        height=len(rows) * ROW_HEIGHT + 40,
        rows=[
            ChartRow(
                label=SENIORITY_WORDS.get(row.seniority, row.seniority),
                low=money_text(row.pay.p25, currency, compact=True),
                median=money_text(row.pay.p50, currency, compact=True),
                high=money_text(row.pay.p75, currency, compact=True),
                sample_size=row.pay.sample_size,
                y=index * ROW_HEIGHT + 10,
                x_low=x(row.pay.p25),
                x_median=x(row.pay.p50),
                x_high=x(row.pay.p75),
            )
            for index, row in enumerate(rows)
        ],
        ticks=[
            (x(value), money_text(value, currency, compact=True))
            for value in range(start, end + 1, step)
        ],
    )


def related(category: Category, others: list[Category]) -> list[Category]:
    """The categories whose typical skills overlap this one's most (Jaccard)."""
    mine = set(category.typical_skills)

    def overlap(other: Category) -> float:
        theirs = set(other.typical_skills)
        union = mine | theirs
        return len(mine & theirs) / len(union) if union else 0.0

    candidates = [other for other in others if other.id != category.id]
    candidates.sort(key=lambda other: (-overlap(other), other.position))
    return candidates[:RELATED]


@router.get("/categories/{slug}")
async def category_page(
    slug: str,
    request: Request,
    session: DbSession,
    cache: AppCache,
    currency: Annotated[str, Query(max_length=3)] = "USD",
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    currency = currency.upper() if currency.upper() in money.USD_RATES else "USD"
    categories = list(await session.scalars(select(Category).order_by(Category.position)))
    category = next((found for found in categories if found.slug == slug), None)
    if category is None:
        raise NotFound(f"There is no category “{slug}”. All categories are listed on /categories.")
    stats = await figures.category_stats(
        session, cache, category=category, currency=currency, keeping=keeping_for(request)
    )
    newest = await page_search(
        request,
        session,
        cache,
        SearchRequest(
            categories=(category.slug,), sort="newest", limit=JOBS_PER_PAGE, cursor=cursor
        ),
    )
    skill_names = dict(
        (
            await session.execute(
                select(Skill.slug, Skill.name).where(Skill.slug.in_(category.typical_skills))
            )
        ).all()
    )
    return page(
        request,
        "category.html",
        title=f"{category.name} jobs",
        description=f"{stats.open_jobs:,} open {category.name} jobs. {category.summary}",
        category=category,
        description_html=markdown_to_html(category.description),
        stats=stats,
        currency=currency,
        currencies=PAY_CURRENCIES,
        chart=pay_chart(stats.pay_by_seniority, currency),
        typical_skills=[
            (skill, skill_names[skill]) for skill in category.typical_skills if skill in skill_names
        ],
        jobs=newest.hits,
        next_cursor=newest.next_cursor,
        first_page=cursor is None,
        related=related(category, categories),
        open_counts=await figures.open_jobs_by_category(
            session, cache, keeping=keeping_for(request)
        ),
    )
