"""The candidate profile editor, ``/me/profile``: the fields of ``PUT /api/v1/me/profile`` as
one form, saved through the same service, with every problem shown at its field.

Skills are rows of a skill and its years (the rows on file and a few empty ones; more after
saving). Pay is typed in whole units of its currency and stored in minor units. Match
weights left empty keep their defaults.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from jobboard.analysis.matching import PartName, Weights
from jobboard.dependencies import DbSession
from jobboard.errors import ValidationFailed
from jobboard.kit.money import CURRENCY_EXPONENT, PAY_PERIODS
from jobboard.models import CandidateProfile
from jobboard.models.seeker import VISIBILITIES
from jobboard.seekers import service as seekers
from jobboard.seekers.schemas import ProfileUpdate
from jobboard.web.forms import form_text, minor_units, problem_path
from jobboard.web.me import area_page, user_id_of
from jobboard.web.rendering import WORKPLACE_WORDS
from jobboard.web.routing import PageRoute
from jobboard.web.session import SignedInViewer, Viewer

router = APIRouter(route_class=PageRoute, include_in_schema=False)

EMPTY_SKILL_ROWS = 3
MAX_SKILL_ROWS = 120
PARTS: tuple[PartName, ...] = typing.get_args(PartName)
DEFAULT_WEIGHTS = {item.name: getattr(Weights(), item.name) for item in fields(Weights)}
PART_WORDS = {
    "required_skills": "Required skills",
    "nice_skills": "Nice-to-have skills",
    "experience": "Years of experience",
    "pay": "Pay",
    "workplace": "Workplace",
    "location": "Place",
}
VISIBILITY_WORDS = {
    "private": ("Private", "Nobody else sees your profile; companies see only what you send."),
    "applied": ("Companies you apply to", "They see your profile and how well you fit the job."),
    "searchable": ("Searchable", "Also, companies may find you for their open jobs."),
}
PERIOD_WORDS = {
    "yearly": "a year",
    "monthly": "a month",
    "weekly": "a week",
    "daily": "a day",
    "hourly": "an hour",
}
# What to do about a field, in the seeker's words; the service's own message where it says
# more (an unknown skill, a skill younger than the years claimed, an unknown place).
MESSAGES = {
    "headline": "Keep the headline to 200 characters",
    "summary": "Keep the summary to 5,000 characters",
    "skills": "List each skill once",
    "skill": "Name a skill, such as Go or PostgreSQL",
    "years": "Enter years as a whole number from 0 to 60",
    "total_years": "Enter your years of experience as a whole number from 0 to 60",
    "location": "Enter a city, such as Berlin or Austin, TX",
    "max_distance_km": "Enter a distance in kilometres from 1 to 20,000",
    "time_zone": "Enter a time zone such as Europe/Berlin",
    "pay_min": "Enter an amount in whole units, such as 80000",
    "pay_max": "Enter an amount in whole units, such as 120000",
    "pay_currency": "Enter a currency code such as EUR or USD",
    "pay_period": "Choose a pay period",
    "workplaces": "Choose at least one workplace",
    "github": "Enter your GitHub address, such as https://github.com/you",
    "portfolio": "Enter a web address starting with https://",
    "visibility": "Choose who may see your profile",
    "weight": "Enter a weight from 0 to 10",
}


def _values_of(profile: CandidateProfile | None) -> dict[str, Any]:
    """The stored profile as the form's values (text, as a browser sends them back)."""
    if profile is None:
        return {
            "skills": [("", "")] * EMPTY_SKILL_ROWS,
            "workplaces": ["hybrid", "onsite", "remote"],
            "visibility": "applied",
            "max_distance_km": "50",
            "pay_period": "yearly",
            "weights": {},
        }
    exponent = CURRENCY_EXPONENT.get(profile.pay_currency or "", 2)

    def whole(minor: int | None) -> str:
        return "" if minor is None else f"{Decimal(minor) / 10**exponent:f}"

    skills = sorted(profile.skills, key=lambda item: item.skill.name.casefold())
    place = ", ".join(
        dict.fromkeys(part for part in (profile.city, profile.region, profile.country_code) if part)
    )
    return {
        "headline": profile.headline,
        "summary": profile.summary,
        "skills": [
            (item.skill.name, "" if item.years is None else str(item.years)) for item in skills
        ]
        + [("", "")] * EMPTY_SKILL_ROWS,
        "total_years": "" if profile.total_years is None else str(profile.total_years),
        "location": place,
        # The place on file, kept by its id while the text is unchanged: a name alone may
        # be read as another town of the same name.
        "location_shown": place,
        "location_id": str(profile.geoname_id or ""),
        "max_distance_km": str(profile.max_distance_km),
        "time_zone": profile.time_zone or "",
        "pay_min": whole(profile.pay_min),
        "pay_max": whole(profile.pay_max),
        "pay_currency": profile.pay_currency or "",
        "pay_period": profile.pay_period or "yearly",
        "workplaces": list(profile.workplaces),
        "github": profile.github_url or "",
        "portfolio": profile.portfolio_url or "",
        "visibility": profile.visibility,
        "weights": {name: f"{value:g}" for name, value in profile.weights.items()},
    }


def _values_from(form: FormData) -> dict[str, Any]:
    """What the form sent, kept as typed so that a page with errors shows it again."""
    values: dict[str, Any] = {
        name: form_text(form, name)
        for name in (
            "headline",
            "summary",
            "total_years",
            "location",
            "location_shown",
            "location_id",
            "max_distance_km",
            "time_zone",
            "pay_min",
            "pay_max",
            "pay_currency",
            "pay_period",
            "github",
            "portfolio",
            "visibility",
        )
    }
    rows: list[tuple[str, str]] = []
    while len(rows) < MAX_SKILL_ROWS and f"skill-{len(rows)}" in form:
        rows.append((form_text(form, f"skill-{len(rows)}"), form_text(form, f"years-{len(rows)}")))
    values["skills"] = rows
    values["workplaces"] = [value for value in form.getlist("workplaces") if isinstance(value, str)]
    values["weights"] = {
        part: text for part in PARTS if (text := form_text(form, f"weight-{part}"))
    }
    return values


def _location(values: dict[str, Any]) -> dict[str, Any] | None:
    if not values["location"]:
        return None
    kept = values["location"] == values["location_shown"] and values["location_id"].isdigit()
    return {"geoname_id": values["location_id"]} if kept else {"name": values["location"]}


def _body(values: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """The request body the form stands for, and the form row of each skill in it."""
    rows = [index for index, (skill, _) in enumerate(values["skills"]) if skill]
    currency = values["pay_currency"]
    pay = None
    if values["pay_min"] or values["pay_max"]:
        pay = {
            "min": minor_units(values["pay_min"], currency),
            "max": minor_units(values["pay_max"], currency),
            "currency": currency,
            "period": values["pay_period"] or "yearly",
        }
    body: dict[str, Any] = {
        "headline": values["headline"],
        "summary": values["summary"],
        "skills": [
            {"skill": skill, "years": years or None}
            for skill, years in (values["skills"][index] for index in rows)
        ],
        "total_years": values["total_years"] or None,
        "location": _location(values),
        "max_distance_km": values["max_distance_km"] or 50,
        "time_zone": values["time_zone"] or None,
        "desired_pay": pay,
        "workplaces": values["workplaces"],
        "links": {
            "github": values["github"] or None,
            "portfolio": values["portfolio"] or None,
        },
        "visibility": values["visibility"] or "applied",
        "match_weights": values["weights"],
    }
    return body, rows


def _field(path: list[str], rows: list[int]) -> str:
    """The form field a body path names: ``skills.2.years`` -> ``years-<row>``."""
    head = path[0] if path else ""
    if head == "skills" and len(path) >= 3 and path[1].isdigit():
        index = int(path[1])
        row = rows[index] if index < len(rows) else index
        return f"{'years' if path[2] == 'years' else 'skill'}-{row}"
    if head == "desired_pay":
        return {"max": "pay_max", "currency": "pay_currency", "period": "pay_period"}.get(
            path[1] if len(path) > 1 else "", "pay_min"
        )
    if head == "links" and len(path) > 1:
        return path[1]
    if head == "match_weights" and len(path) > 1:
        return f"weight-{path[1]}"
    return head


def _message(field: str, given: str, *, from_service: bool) -> str:
    if from_service or (field == "pay_min" and given.startswith("give at least")):
        return (given.split(";")[0]).capitalize()
    if field == "pay_min" and "must not exceed" in given:
        return "The lowest pay must not be more than the highest"
    return MESSAGES.get(field.split("-")[0], MESSAGES.get(field, "Check this field"))


def _validation_errors(invalid: ValidationError, rows: list[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in invalid.errors():
        field = _field([str(part) for part in item["loc"]], rows)
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        errors.setdefault(field, _message(field, message, from_service=False))
    return errors


def _service_errors(failed: ValidationFailed, rows: list[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in failed.extensions.get("errors", []):
        path = problem_path(item.get("field"))
        field = _field(path, rows)
        errors.setdefault(field, _message(field, str(item.get("message", "")), from_service=True))
    return errors or {"headline": failed.detail}


async def _form_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    return await area_page(
        request,
        session,
        viewer,
        "me/profile.html",
        section="profile",
        status=422 if errors else 200,
        title="Your profile",
        values=values,
        errors=errors,
        workplaces=WORKPLACE_WORDS,
        visibilities=[(key, *VISIBILITY_WORDS[key]) for key in VISIBILITIES],
        periods=[(key, PERIOD_WORDS[key]) for key in reversed(PAY_PERIODS)],
        parts=[(part, PART_WORDS[part], DEFAULT_WEIGHTS[part]) for part in PARTS],
        weights_open=bool(values["weights"]) or any(name.startswith("weight-") for name in errors),
    )


@router.get("/me/profile")
async def profile_form(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    profile = await seekers.get_profile(session, user_id=user_id_of(viewer))
    return await _form_page(request, session, viewer, _values_of(profile), {})


@router.post("/me/profile")
async def save_profile(request: Request, session: DbSession, viewer: SignedInViewer) -> Response:
    values = _values_from(await request.form())
    body, rows = _body(values)
    try:
        data = ProfileUpdate.model_validate(body)
    except ValidationError as invalid:
        return await _form_page(request, session, viewer, values, _validation_errors(invalid, rows))
    try:
        await seekers.save_profile(session, user_id=user_id_of(viewer), data=data)
    except ValidationFailed as failed:
        return await _form_page(request, session, viewer, values, _service_errors(failed, rows))
    viewer.flash("profile-saved")
    return RedirectResponse("/me/profile", status_code=303)
