"""The query root and ``me``: what each field reads and who may read it is decided by the
services behind ``resolvers`` (anonymous callers read what they could read over REST)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from jobboard.auth.principal import require_person
from jobboard.graphql import inputs, resolvers, types
from jobboard.graphql.context import context_of


@strawberry.type(description="The signed-in person and their own things.")
class Me:
    user_id: int
    role: str | None

    @strawberry.field(description="Your seeker profile (the defaults until first saved).")
    async def profile(self, info: Info[Any, Any]) -> types.Profile:
        return await resolvers.profile(info)

    @strawberry.field(description="Jobs you saved, most recently saved first.")
    async def saved_jobs(
        self, info: Info[Any, Any], first: int = 20, after: str | None = None
    ) -> types.Connection[types.SavedJob]:
        return await resolvers.saved_jobs(info, first=first, after=after)

    @strawberry.field(description="Your saved searches, oldest first.")
    async def saved_searches(
        self, info: Info[Any, Any], first: int = 20, after: str | None = None
    ) -> types.Connection[types.SavedSearch]:
        return await resolvers.saved_searches(info, first=first, after=after)

    @strawberry.field(description="Your applications, newest first.")
    async def applications(
        self, info: Info[Any, Any], first: int = 20, after: str | None = None
    ) -> types.Connection[types.MyApplication]:
        return await resolvers.my_applications(info, first=first, after=after)

    @strawberry.field(description="Open jobs for your profile, best first, with reasons.")
    async def recommendations(
        self, info: Info[Any, Any], limit: int = 20
    ) -> list[types.MatchedJob]:
        return await resolvers.recommendations(info, limit=limit)

    @strawberry.field(description="Your notifications, newest first.")
    async def notifications(
        self,
        info: Info[Any, Any],
        first: int = 20,
        after: str | None = None,
        unread: bool = False,
    ) -> types.NotificationConnection:
        return await resolvers.notifications(info, first=first, after=after, unread=unread)

    @strawberry.field(
        description="The companies you belong to (employers); each lists its jobs, drafts "
        "included, with `jobs(status:)`."
    )
    async def companies(self, info: Info[Any, Any]) -> list[types.Company]:
        return await resolvers.my_companies(info)


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info[Any, Any], id: strawberry.ID) -> types.Node:
        return await resolvers.node(info, node_id=id)

    @strawberry.field(
        description="One job by its global id or REST id; drafts for the company's members."
    )
    async def job(self, info: Info[Any, Any], id: strawberry.ID) -> types.Job:
        return await resolvers.job(info, job_id=types.database_id(id, "Job"))

    @strawberry.field(
        description="Search open jobs: keywords and filters, facets, sorting, pages of at "
        "most 100 (`first`, `after`)."
    )
    async def jobs(
        self,
        info: Info[Any, Any],
        search: inputs.JobSearchInput | None = None,
        sort: inputs.SortOrder = inputs.SortOrder.RELEVANCE,
        facets: list[str] | None = None,
        first: int = 20,
        after: str | None = None,
        per_company: int | None = None,
        posted_within_days: int | None = None,
        spell_check: bool = True,
    ) -> types.JobSearchConnection:
        return await resolvers.search(
            info,
            filters=inputs.search_filters(search),
            sort=sort.value,
            facets=facets or [],
            first=first,
            after=after,
            per_company=per_company,
            posted_within_days=posted_within_days,
            spell_check=spell_check,
        )

    @strawberry.field(description="Titles, skills, companies and places for what was typed.")
    async def autocomplete(
        self,
        info: Info[Any, Any],
        prefix: str,
        kinds: list[str] | None = None,
        limit: int = 10,
    ) -> list[types.Suggestion]:
        return await resolvers.autocomplete(info, prefix=prefix, kinds=kinds or [], limit=limit)

    @strawberry.field(description="Every category in editorial order, with open job counts.")
    async def categories(self, info: Info[Any, Any]) -> list[types.Category]:
        return await resolvers.categories(info)

    @strawberry.field(description="A category with its live figures.")
    async def category(self, info: Info[Any, Any], slug: str) -> types.Category:
        return types.Category.of_detail(
            await resolvers.category_detail(info, slug=slug, currency="USD")
        )

    @strawberry.field(description="A company's page, with its open jobs.")
    async def company(self, info: Info[Any, Any], slug: str) -> types.Company:
        return await resolvers.company(info, slug=slug)

    @strawberry.field(description="A skill by slug or by any of its aliases.")
    async def skill(self, info: Info[Any, Any], slug: str) -> types.Skill:
        return await resolvers.skill(info, slug=slug)

    @strawberry.field(description="The signed-in person (not an API client).")
    def me(self, info: Info[Any, Any]) -> Me:
        principal = context_of(info).principal
        require_person(principal)
        assert principal.user_id is not None
        return Me(user_id=principal.user_id, role=principal.role)

    @strawberry.field(
        description="One application: its candidate, and the company's members and API client."
    )
    async def application(self, info: Info[Any, Any], id: strawberry.ID) -> types.Application:
        return await resolvers.application(
            info, application_id=types.database_id(id, "Application")
        )
