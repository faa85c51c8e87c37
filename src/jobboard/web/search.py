"""The search page, ``/jobs?...``: the address holds the whole search, so every state can be
bookmarked, shared and reached with the back button.

Filters are facets whose values are plain links that add or remove themselves from the
address: they work without JavaScript, and htmx (``hx-boost``) fetches only the results
region when it is there. The same region is the answer to an htmx request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response

from jobboard.dependencies import AppCache, DbSession
from jobboard.errors import InvalidCursor, ValidationFailed
from jobboard.kit.cursor import CursorError
from jobboard.kit.money import CURRENCY_EXPONENT
from jobboard.places.regions import REGION_NAMES, WORLDWIDE
from jobboard.search.schemas import FACET_NAMES, LIST_FILTERS, FacetValue, SearchParams
from jobboard.search.service import SearchResult
from jobboard.web.data import page_search
from jobboard.web.rendering import (
    EMPLOYMENT_WORDS,
    SENIORITY_WORDS,
    WORKPLACE_WORDS,
    base_url,
    country,
    money_text,
    page,
)
from jobboard.web.routing import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PER_PAGE = 20
FACETS_SHOWN = 8
POSTED_WITHIN = ((1, "Past 24 hours"), (3, "Past 3 days"), (7, "Past week"), (30, "Past month"))
REMOTE_REGIONS = ("europe", "americas", "apac", "emea", WORLDWIDE)
SORTS = {
    "relevance": "Best match",
    "newest": "Newest",
    "salary": "Highest pay",
    "distance": "Nearest",
}
# The order the filters are offered in, and the parameter each facet sets.
FACET_GROUPS = (
    ("workplace", "Workplace", "workplace"),
    ("seniority", "Seniority", "seniority"),
    ("salary", "Pay at least", "salary_min"),
    ("category", "Category", "category"),
    ("skills", "Skills", "skills"),
    ("employment_type", "Job type", "employment_type"),
    ("country", "Country", "country"),
    ("city", "City", "location"),
)


class SearchLinks:
    """Addresses of this search with one thing changed; paging always starts over."""

    def __init__(self, params: SearchParams) -> None:
        self.params = params
        self.pairs = [(name, value) for name, value in params.query_string() if name != "cursor"]

    def _url(self, pairs: list[tuple[str, str]]) -> str:
        return "/jobs" + ("?" + urlencode(pairs) if pairs else "")

    def is_on(self, name: str, value: str) -> bool:
        return (name, value) in self.pairs

    def toggle(self, name: str, value: str) -> str:
        if self.is_on(name, value):
            return self.without(name, value)
        if name in LIST_FILTERS:
            return self._url([*self.pairs, (name, value)])
        return self.replace(name, value)

    def replace(self, name: str, value: str | None, **also: str) -> str:
        drop = {name, *also}
        pairs = [pair for pair in self.pairs if pair[0] not in drop]
        if value is not None:
            pairs.append((name, value))
        pairs += list(also.items())
        return self._url(pairs)

    def without(self, name: str, value: str | None = None) -> str:
        return self._url(
            [pair for pair in self.pairs if pair[0] != name or value not in (None, pair[1])]
        )

    def page(self, cursor: str) -> str:
        return self._url([*self.pairs, ("cursor", cursor)])

    @property
    def current(self) -> str:
        return self._url(self.pairs)

    @property
    def query(self) -> str:
        return urlencode(self.pairs)


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    count: int | None
    url: str
    on: bool


@dataclass(frozen=True, slots=True)
class FacetGroup:
    name: str
    title: str
    options: list[Option]


def _label(facet: str, value: FacetValue) -> str:
    if facet == "workplace":
        return WORKPLACE_WORDS.get(value.value, value.label)
    if facet == "seniority":
        return SENIORITY_WORDS.get(value.value, value.label)
    if facet == "employment_type":
        return EMPLOYMENT_WORDS.get(value.value, value.label)
    if facet == "city":
        return value.label.split(",")[0] + ", " + value.label.rsplit(",", 1)[-1].strip()
    return value.label


def _salary_options(values: list[FacetValue], links: SearchLinks) -> list[Option]:
    """Pay floors with the jobs that reach each: the facet counts ranges, a floor counts
    every range from it up."""
    ranges: list[tuple[int, int]] = []
    for value in values:
        bound = value.value.split("-", 1)[0]
        if bound.isdigit():
            ranges.append((int(bound), value.count))
    ranges.sort()
    floor_minor = links.params.salary_min
    options: list[Option] = []
    remaining = sum(count for _, count in ranges)
    for low, count in ranges:
        if low > 0:
            minor = low * 10 ** CURRENCY_EXPONENT["USD"]
            on = floor_minor == minor and links.params.salary_currency == "USD"
            options.append(
                Option(
                    label=money_text(minor, "USD", compact=True) + "+",
                    count=remaining,
                    url=links.without("salary_min")
                    if on
                    else links.replace(
                        "salary_min",
                        str(minor),
                        salary_currency="USD",
                        salary_period="yearly",
                    ),
                    on=on,
                )
            )
        remaining -= count
    return options


def facet_groups(result: SearchResult, links: SearchLinks) -> list[FacetGroup]:
    facets = result.facets or {}
    groups: list[FacetGroup] = []
    for facet, title, parameter in FACET_GROUPS:
        values = facets.get(facet, [])
        if facet == "salary":
            options = _salary_options(values, links)
        else:
            shown = [value for value in values if value.count > 0][:FACETS_SHOWN]
            # A value that is on stays listed even when its count fell out of the top.
            selected = {value for name, value in links.pairs if name == parameter}
            missing = selected - {value.value for value in shown}
            options = [
                Option(
                    label=_label(facet, value),
                    count=value.count,
                    url=links.toggle(parameter, value.value),
                    on=links.is_on(parameter, value.value),
                )
                for value in shown
            ] + [
                Option(label=value, count=None, url=links.without(parameter, value), on=True)
                for value in sorted(missing)
            ]
        if options:
            groups.append(FacetGroup(name=facet, title=title, options=options))
    return groups


def active_filters(params: SearchParams, links: SearchLinks) -> list[tuple[str, str]]:
    """(what it says, the address without it) for each filter in force."""
    chips: list[tuple[str, str]] = []
    words: dict[str, dict[str, str]] = {
        "workplace": WORKPLACE_WORDS,
        "seniority": SENIORITY_WORDS,
        "employment_type": EMPLOYMENT_WORDS,
    }
    for name, value in links.pairs:
        if name in ("q", "sort", "salary_currency", "salary_period", "radius_km"):
            continue
        if name == "salary_min":
            text = "Pay from " + money_text(int(value), params.salary_currency)
        elif name == "posted_within_days":
            text = f"Posted in the last {value} days"
        elif name == "remote_region":
            text = "Remote from " + (REGION_NAMES.get(value) or country(value))
        elif name == "country":
            text = country(value)
        elif name == "location":
            text = f"Within {params.radius_km:g} km of {value}"
        else:
            text = words.get(name, {}).get(value, value)
        chips.append((text, links.without(name, value)))
    return chips


def friendly_problem(error: ValidationFailed, params: SearchParams) -> str:
    fields = [str(item.get("field", "")) for item in error.extensions.get("errors", [])]
    if "query.location" in fields:
        return (
            f"We do not know the place “{params.location}”. Try a city such as “Berlin” or "
            "“Austin, TX”, or leave the place empty."
        )
    if any(field.startswith("query.skills") for field in fields):
        return "One of the skills in this search is unknown; remove it and search again."
    if "query.category" in fields or "query.company" in fields:
        return "This search names a category or company that does not exist (any more)."
    return error.detail


@router.get("/jobs")
async def search_page(
    request: Request,
    session: DbSession,
    cache: AppCache,
    params: Annotated[SearchParams, Query()],
) -> Response:
    links = SearchLinks(params)
    problem: str | None = None
    search = params.to_request(
        posted_within_days=params.posted_within_days,
        sort=params.sort,
        cursor=params.cursor,
        limit=PER_PAGE,
        facets=frozenset(FACET_NAMES),
    )
    try:
        result = await page_search(request, session, cache, search)
    except (InvalidCursor, CursorError):
        result = await page_search(
            request,
            session,
            cache,
            params.to_request(
                posted_within_days=params.posted_within_days,
                sort=params.sort,
                limit=PER_PAGE,
                facets=frozenset(FACET_NAMES),
            ),
        )
    except ValidationFailed as error:
        problem = friendly_problem(error, params)
        result = SearchResult(
            hits=[],
            next_cursor=None,
            total=0,
            total_is_exact=True,
            query=None,
            did_you_mean=None,
            location=None,
            facets={},
        )
    context: dict[str, Any] = {
        "params": params,
        "links": links,
        "result": result,
        "problem": problem,
        "groups": facet_groups(result, links),
        "estimated": (result.facets_sample_rate or 1) > 1,
        "chips": active_filters(params, links),
        "sorts": {
            key: label
            for key, label in SORTS.items()
            if (key != "relevance" or params.q) and (key != "distance" or params.location)
        },
        "posted_within": POSTED_WITHIN,
        "remote_regions": [
            (region, REGION_NAMES.get(region, "Anywhere")) for region in REMOTE_REGIONS
        ],
    }
    title = f"{params.q} jobs" if params.q else "Search jobs"
    description = (
        f"{result.total:,}{'' if result.total_is_exact else '+'} software engineering jobs"
        + (f" matching “{params.q}”" if params.q else "")
        + ", with pay, skills and places."
    )
    partial = (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
        and request.headers.get("hx-target") == "search-results"
    )
    return page(
        request,
        "search_results.html" if partial else "search.html",
        title=title,
        description=description,
        canonical=base_url(request.app.state.settings)
        + "/jobs"
        + (f"?{links.query}" if links.query else ""),
        **context,
    )
