"""Saved searches in the seeker's area, ``/me/saved-searches``: the list, saving a search
from the search and category pages, and one search's page (name, frequency, e-mail, pause,
delete, its private feeds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from jobboard.alerts import repository as saved_searches
from jobboard.alerts import service as alerts
from jobboard.alerts.schemas import SavedSearchCreate, SavedSearchUpdate
from jobboard.config import Settings
from jobboard.dependencies import DbSession
from jobboard.errors import ValidationFailed
from jobboard.kit.clock import utcnow
from jobboard.kit.ids import Id
from jobboard.models import SavedSearch
from jobboard.pagination import PageParams, keyset_page
from jobboard.problems import validation_problem
from jobboard.search.dependencies import vocabulary_for
from jobboard.search.schemas import LIST_FILTERS, SearchFilters, SearchParams
from jobboard.web.me import area_page, user_id_of
from jobboard.web.rendering import base_url
from jobboard.web.routing import PageRoute
from jobboard.web.search import SearchLinks, active_filters
from jobboard.web.session import SignedInViewer, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

FREQUENCY_WORDS = {
    "instant": "As soon as a job matches",
    "daily": "Once a day",
    "weekly": "Once a week",
}


@dataclass(frozen=True, slots=True)
class SavedSearchView:
    id: int
    name: str
    keywords: str
    filters: list[str]
    frequency: str
    channels: list[str]
    active: bool
    run_url: str
    json_feed: str
    atom_feed: str
    last_sent_at: datetime | None


def _view(saved: SavedSearch, settings: Settings) -> SavedSearchView:
    filters = SearchFilters.model_validate(saved.search)
    params = SearchParams.model_validate(saved.search)
    query = urlencode(filters.query_string())
    token = alerts.feed_token(saved, secret_key=settings.secret_key)
    feeds = f"{base_url(settings)}/api/v1/alerts/{token}"
    channels = [
        *(["E-mail"] if saved.email else []),
        *(["Webhook"] if saved.webhook_url else []),
    ]
    return SavedSearchView(
        id=saved.id,
        name=saved.name,
        keywords=alerts.describe(saved),
        filters=[text for text, _ in active_filters(params, SearchLinks(params))],
        frequency=saved.frequency,
        channels=channels or ["Feeds only"],
        active=saved.active,
        run_url="/jobs" + (f"?{query}" if query else ""),
        json_feed=feeds + ".json",
        atom_feed=feeds + ".atom",
        last_sent_at=saved.last_sent_at,
    )


def _search_of(form: FormData) -> SearchFilters:
    """The search a form carries under the search page's parameter names (lists repeated)."""
    values: dict[str, Any] = {}
    for name in SearchFilters.model_fields:
        given = [
            value.strip()
            for value in form.getlist(name)
            if isinstance(value, str) and value.strip()
        ]
        if given:
            values[name] = given if name in LIST_FILTERS else given[-1]
    try:
        return SearchFilters.model_validate(values)
    except ValidationError as invalid:
        raise validation_problem([dict(item) for item in invalid.errors()]) from invalid


class SearchNotSaved(ValidationFailed):
    title = "This search cannot be saved"


@router.get("/me/saved-searches")
async def saved_search_list(
    request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    user_id = user_id_of(viewer)
    found, _ = await keyset_page(
        session,
        saved_searches.owned(user_id),
        params=PageParams(alerts.MAX_SAVED_SEARCHES, None),
        scope=f"saved-searches:{user_id}",
        keys=[(SavedSearch.id, int, lambda item: item.id)],
    )
    settings: Settings = request.app.state.settings
    return await area_page(
        request,
        session,
        viewer,
        "me/saved_searches.html",
        section="saved-searches",
        title="Saved searches",
        searches=[_view(saved, settings) for saved in found],
        frequencies=FREQUENCY_WORDS,
    )


@router.post("/me/saved-searches")
async def create_saved_search(
    request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    form = await request.form()
    try:
        search = _search_of(form)
        name, frequency = form.get("name"), form.get("frequency")
        body = SavedSearchCreate.model_validate(
            {
                "name": (name.strip() if isinstance(name, str) else "")
                or alerts.default_name(search),
                "search": search,
                "frequency": frequency if isinstance(frequency, str) and frequency else "daily",
                "email": True,
            }
        )
        saved = await alerts.create(
            session,
            user_id=user_id_of(viewer),
            body=body,
            vocabulary=await vocabulary_for(request, session, search.q),
            now=utcnow(),
        )
    except ValidationError as invalid:
        raise SearchNotSaved(
            "The search cannot be saved with these values; go back to the search and try again."
        ) from invalid
    except ValidationFailed as failed:
        raise SearchNotSaved(
            f"This search cannot be saved: {failed.detail} Change the search and try again."
        ) from failed
    viewer.flash("search-saved")
    return RedirectResponse(f"/me/saved-searches/{saved.id}", status_code=303)


async def _edit_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    saved: SavedSearch,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    view = _view(saved, request.app.state.settings)
    return await area_page(
        request,
        session,
        viewer,
        "me/saved_search.html",
        section="saved-searches",
        status=422 if errors else 200,
        title=f"Saved search: {saved.name}",
        search=view,
        frequencies=FREQUENCY_WORDS,
        errors=errors or {},
        values=values or {"name": saved.name, "frequency": saved.frequency, "email": saved.email},
    )


@router.get("/me/saved-searches/{saved_search_id:int}")
async def saved_search_page(
    saved_search_id: Id, request: Request, session: DbSession, viewer: SignedInViewer
) -> Response:
    saved = await alerts.get_owned(
        session, user_id=user_id_of(viewer), saved_search_id=saved_search_id
    )
    return await _edit_page(request, session, viewer, saved)


@router.post("/me/saved-searches/{saved_search_id:int}")
async def update_saved_search(
    saved_search_id: Id,
    request: Request,
    session: DbSession,
    viewer: SignedInViewer,
    name: Annotated[str, Form()] = "",
    frequency: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
) -> Response:
    saved = await alerts.get_owned(
        session, user_id=user_id_of(viewer), saved_search_id=saved_search_id
    )
    try:
        body = SavedSearchUpdate.model_validate(
            {"name": name.strip() or None, "frequency": frequency, "email": email == "yes"}
        )
    except ValidationError as invalid:
        messages = {
            "name": "Give the search a name of at most 200 characters",
            "frequency": "Choose how often to hear about new jobs",
        }
        errors = {
            field: messages[field]
            for item in invalid.errors()
            if (field := str(item["loc"][0])) in messages
        }
        return await _edit_page(
            request,
            session,
            viewer,
            saved,
            errors=errors,
            values={"name": name, "frequency": frequency, "email": email == "yes"},
        )
    if body.name is None:
        return await _edit_page(
            request,
            session,
            viewer,
            saved,
            errors={"name": "Give the search a name"},
            values={"name": name, "frequency": frequency, "email": email == "yes"},
        )
    await alerts.update_saved(session, saved=saved, body=body, vocabulary=None, now=utcnow())
    viewer.flash("search-updated")
    return RedirectResponse(f"/me/saved-searches/{saved.id}", status_code=303)


async def _set_active(
    session: DbSession, viewer: Viewer, saved_search_id: int, *, active: bool
) -> Response:
    saved = await alerts.get_owned(
        session, user_id=user_id_of(viewer), saved_search_id=saved_search_id
    )
    await alerts.update_saved(
        session,
        saved=saved,
        body=SavedSearchUpdate(active=active),
        vocabulary=None,
        now=utcnow(),
    )
    viewer.flash("search-resumed" if active else "search-paused")
    return RedirectResponse(f"/me/saved-searches/{saved.id}", status_code=303)


@router.post("/me/saved-searches/{saved_search_id:int}/pause")
async def pause(saved_search_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    return await _set_active(session, viewer, saved_search_id, active=False)


@router.post("/me/saved-searches/{saved_search_id:int}/resume")
async def resume(saved_search_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    return await _set_active(session, viewer, saved_search_id, active=True)


@router.post("/me/saved-searches/{saved_search_id:int}/delete")
async def delete(saved_search_id: Id, session: DbSession, viewer: SignedInViewer) -> Response:
    saved = await alerts.get_owned(
        session, user_id=user_id_of(viewer), saved_search_id=saved_search_id
    )
    await alerts.delete_saved(session, saved=saved)
    viewer.flash("search-deleted")
    return RedirectResponse("/me/saved-searches", status_code=303)
