"""The job editor's form: a job as the form's values, the values as the body of
``POST /api/v1/jobs`` or ``PATCH /api/v1/jobs/{id}``, every problem at its field, and the
posting linter's findings beside the text.

What the analysis reads in the text (skills, seniority, years, workplace, pay, employment
type) is offered for confirmation: the employer ticks what to use and the form is shown
again filled in. Nothing is derived silently: the editor always sends ``derive: false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from jobboard.analysis.engine import Analysis, StatedFields, StatedSalary, analyze
from jobboard.errors import ValidationFailed
from jobboard.kit.clock import utcnow
from jobboard.kit.money import CURRENCY_EXPONENT
from jobboard.models import Job
from jobboard.models.job import EMPLOYMENT_TYPES, WORKPLACES
from jobboard.taxonomy.catalog import SENIORITIES
from jobboard.web.forms import form_text, minor_units, problem_path
from jobboard.web.rendering import EMPLOYMENT_WORDS, SENIORITY_WORDS, money_text, pay_text

EMPTY_SKILL_ROWS = 3
MAX_SKILL_ROWS = 50
TEXT_FIELDS = (
    "title",
    "description",
    "category",
    "seniority",
    "min_years_experience",
    "employment_type",
    "workplace",
    "remote_regions",
    "locations",
    "locations_shown",
    "locations_ids",
    "pay_min",
    "pay_max",
    "pay_currency",
    "pay_period",
    "apply_url",
    "requisition_id",
    "version",
)
# What can be taken from the text, in the order the panel offers it.
DERIVABLE = (
    "skills",
    "seniority",
    "min_years_experience",
    "workplace",
    "salary",
    "employment_type",
)
MESSAGES = {
    "title": "Enter the job's title, up to 200 characters",
    "description": "Describe the job, up to 100,000 characters",
    "category": "Choose a category from the list",
    "seniority": "Choose a level from the list",
    "min_years_experience": "Enter years as a whole number from 0 to 50",
    "employment_type": "Choose an employment type",
    "workplace": "Choose where the work happens",
    "remote_regions": "Enter regions or country codes, such as europe, DE, US",
    "locations": "Enter a city per line, such as Berlin or Austin, TX",
    "pay_min": "Enter an amount in whole units, such as 80000",
    "pay_max": "Enter an amount in whole units, such as 120000",
    "pay_currency": "Enter a currency code such as EUR or USD",
    "pay_period": "Choose a pay period",
    "skills": "List each skill once",
    "skill": "Name a skill, such as Go or PostgreSQL",
    "years": "Enter years as a whole number from 0 to 50",
    "apply_url": "Enter a web address starting with https://, or leave it empty",
    "requisition_id": "Keep the requisition id to 255 characters",
}


def blank_values() -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(TEXT_FIELDS, "")
    values.update(
        employment_type="full_time",
        workplace="onsite",
        pay_period="yearly",
        skills=[("", "", True)] * EMPTY_SKILL_ROWS,
    )
    return values


def values_of(job: Job) -> dict[str, Any]:
    """A stored job as the form's values (text, as a browser sends it back)."""
    exponent = CURRENCY_EXPONENT.get(job.salary_currency or "", 2)

    def whole(minor: int | None) -> str:
        return "" if minor is None else f"{Decimal(minor) / 10**exponent:f}"

    places = "\n".join(f"{place.city}, {place.country_code}" for place in job.locations)
    skills = sorted(job.skills, key=lambda item: (not item.required, item.skill.name.casefold()))
    return {
        "title": job.title,
        "description": job.description,
        "category": job.category.slug if job.category else "",
        "seniority": job.seniority or "",
        "min_years_experience": ""
        if job.min_years_experience is None
        else str(job.min_years_experience),
        "employment_type": job.employment_type,
        "workplace": job.workplace,
        "remote_regions": ", ".join(job.remote_regions),
        "locations": places,
        # The places on file are sent back by their ids while the text is unchanged: a name
        # alone may be read as another town of the same name.
        "locations_shown": places,
        "locations_ids": ",".join(str(place.geoname_id or "") for place in job.locations),
        "pay_min": whole(job.salary_min),
        "pay_max": whole(job.salary_max),
        "pay_currency": job.salary_currency or "",
        "pay_period": job.salary_period or "yearly",
        "skills": [
            (item.skill.name, "" if item.min_years is None else str(item.min_years), item.required)
            for item in skills
        ]
        + [("", "", True)] * EMPTY_SKILL_ROWS,
        "apply_url": job.apply_url or "",
        "requisition_id": job.requisition_id or "",
        "version": str(job.version),
    }


def values_from(form: FormData) -> dict[str, Any]:
    """What the form sent, kept as typed so that a page with problems shows it again."""
    values: dict[str, Any] = {name: form_text(form, name) for name in TEXT_FIELDS}
    values["description"] = (
        form.get("description") if isinstance(form.get("description"), str) else ""
    )
    rows: list[tuple[str, str, bool]] = []
    while len(rows) < MAX_SKILL_ROWS and f"skill-{len(rows)}" in form:
        index = len(rows)
        rows.append(
            (
                form_text(form, f"skill-{index}"),
                form_text(form, f"years-{index}"),
                form_text(form, f"required-{index}") != "nice",
            )
        )
    values["skills"] = rows
    return values


def _locations(values: dict[str, Any]) -> list[dict[str, Any]]:
    lines = [line.strip() for line in values["locations"].splitlines() if line.strip()]
    ids = values["locations_ids"].split(",") if values["locations_ids"] else []
    unchanged = values["locations"] == values["locations_shown"] and len(ids) == len(lines)
    if unchanged and all(identifier.isdigit() for identifier in ids):
        return [{"geoname_id": int(identifier)} for identifier in ids]
    return [{"name": line} for line in lines]


def body(values: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """The request body the form stands for, and the form row of each skill in it."""
    rows = [index for index, (skill, _, _) in enumerate(values["skills"]) if skill]
    currency = values["pay_currency"]
    salary = None
    if values["pay_min"] or values["pay_max"] or currency:
        salary = {
            "min": minor_units(values["pay_min"], currency),
            "max": minor_units(values["pay_max"], currency),
            "currency": currency,
            "period": values["pay_period"] or "yearly",
        }
    regions = [part.strip() for part in values["remote_regions"].split(",") if part.strip()]
    return {
        "title": values["title"],
        "description": values["description"],
        "category": values["category"] or None,
        "seniority": values["seniority"] or None,
        "min_years_experience": values["min_years_experience"] or None,
        "employment_type": values["employment_type"] or "full_time",
        "workplace": values["workplace"] or "onsite",
        "remote_regions": regions,
        "locations": _locations(values),
        "salary": salary,
        "skills": [
            {"skill": skill, "min_years": years or None, "required": required}
            for skill, years, required in (values["skills"][index] for index in rows)
        ],
        "apply_url": values["apply_url"] or None,
        "requisition_id": values["requisition_id"] or None,
    }, rows


def _field(path: list[str], rows: list[int]) -> str:
    """The form field a body path names: ``skills.2.min_years`` -> ``years-<row>``."""
    head = path[0] if path else ""
    if head == "skills" and len(path) >= 3 and path[1].isdigit():
        index = int(path[1])
        row = rows[index] if index < len(rows) else index
        return f"{'years' if path[2] == 'min_years' else 'skill'}-{row}"
    if head == "salary":
        return {"max": "pay_max", "currency": "pay_currency", "period": "pay_period"}.get(
            path[1] if len(path) > 1 else "", "pay_min"
        )
    return head


def _message(field: str, given: str, *, from_service: bool) -> str:
    if from_service:
        return (given.split(";")[0]).capitalize()
    if field == "pay_min" and "must not exceed" in given:
        return "The lowest pay must not be more than the highest"
    if field == "pay_min" and given.startswith("give at least"):
        return "Enter the lowest or the highest pay, or leave the currency empty"
    return MESSAGES.get(field.split("-")[0], MESSAGES.get(field, "Check this field"))


def validation_errors(invalid: ValidationError, rows: list[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in invalid.errors():
        path = [str(part) for part in item["loc"]]
        field = _field(path, rows)
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        errors.setdefault(field or "title", _message(field, message, from_service=False))
    return errors


def service_errors(failed: ValidationFailed, rows: list[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in failed.extensions.get("errors", []):
        path = problem_path(item.get("field"))
        field = _field(path, rows)
        errors.setdefault(
            field or "title", _message(field, str(item.get("message", "")), from_service=True)
        )
    return errors or {"title": failed.detail}


# The linter -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """What the text says about a field the employer may take."""

    key: str
    label: str
    value: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Lint:
    warnings: list[Any]
    findings: list[Finding]


def _stated(values: dict[str, Any]) -> StatedFields:
    currency = values["pay_currency"].upper()
    salary = None
    low, high = minor_units(values["pay_min"], currency), minor_units(values["pay_max"], currency)
    if currency and (isinstance(low, int) or isinstance(high, int)):
        salary = StatedSalary(
            min=low if isinstance(low, int) else None,
            max=high if isinstance(high, int) else None,
            currency=currency,
            period=values["pay_period"] or "yearly",
        )
    regions = tuple(part.strip() for part in values["remote_regions"].split(",") if part.strip())
    return StatedFields(
        workplace=values["workplace"] or None,
        employment_type=values["employment_type"] or None,
        salary=salary,
        has_locations=bool(values["locations"].strip()),
        remote_regions=regions,
    )


def analysis_of(values: dict[str, Any]) -> Analysis | None:
    """The posting analysis of the form's text (CPU work: run it in a thread)."""
    title, description = values["title"], values["description"]
    if not title.strip() or not description.strip():
        return None
    return analyze(
        title[:200], description[:100_000], stated=_stated(values), this_year=utcnow().year
    )


def lint(analysis: Analysis | None) -> Lint:
    """The findings to show beside the text: the warnings, and what the text states."""
    if analysis is None:
        return Lint(warnings=[], findings=[])
    findings: list[Finding] = []
    if analysis.skills:
        names = [
            skill.name + ("" if skill.required else " (nice to have)")
            for skill in analysis.skills[:50]
        ]
        findings.append(Finding("skills", "Skills", ", ".join(names), ""))
    if analysis.seniority is not None:
        findings.append(
            Finding(
                "seniority",
                "Level",
                SENIORITY_WORDS.get(analysis.seniority.seniority, analysis.seniority.seniority),
                analysis.seniority.evidence,
            )
        )
    if analysis.min_years_experience is not None:
        findings.append(
            Finding(
                "min_years_experience",
                "Years of experience",
                f"at least {analysis.min_years_experience}",
                "",
            )
        )
    if analysis.workplace is not None:
        findings.append(
            Finding(
                "workplace",
                "Workplace",
                analysis.workplace.workplace.capitalize(),
                analysis.workplace.evidence,
            )
        )
    if analysis.salary is not None:
        salary = analysis.salary
        findings.append(
            Finding(
                "salary",
                "Pay",
                pay_text(salary) or money_text(salary.min or salary.max, salary.currency),
                salary.text,
            )
        )
    if analysis.employment_type is not None:
        kind = analysis.employment_type.employment_type
        findings.append(
            Finding(
                "employment_type",
                "Employment type",
                EMPLOYMENT_WORDS.get(kind, kind),
                analysis.employment_type.evidence,
            )
        )
    return Lint(warnings=list(analysis.warnings), findings=findings)


def take_findings(values: dict[str, Any], chosen: set[str], analysis: Analysis | None) -> None:
    """Fill the fields the employer chose to take from the text into the form's values."""
    if analysis is None:
        return
    exponent_of = CURRENCY_EXPONENT.get
    if "skills" in chosen and analysis.skills:
        rows = [
            (skill.name, "" if skill.min_years is None else str(skill.min_years), skill.required)
            for skill in analysis.skills[:50]
        ]
        values["skills"] = rows + [("", "", True)] * EMPTY_SKILL_ROWS
    if "seniority" in chosen and analysis.seniority is not None:
        values["seniority"] = analysis.seniority.seniority
    if "min_years_experience" in chosen and analysis.min_years_experience is not None:
        values["min_years_experience"] = str(min(analysis.min_years_experience, 50))
    if "workplace" in chosen and analysis.workplace is not None:
        values["workplace"] = analysis.workplace.workplace
        if analysis.workplace.remote_regions and not values["remote_regions"]:
            values["remote_regions"] = ", ".join(analysis.workplace.remote_regions)
    if "salary" in chosen and analysis.salary is not None:
        salary = analysis.salary
        exponent = exponent_of(salary.currency, 2)
        for name, amount in (("pay_min", salary.min), ("pay_max", salary.max)):
            values[name] = "" if amount is None else f"{Decimal(amount) / 10**exponent:f}"
        values["pay_currency"] = salary.currency
        values["pay_period"] = salary.period
    if "employment_type" in chosen and analysis.employment_type is not None:
        values["employment_type"] = analysis.employment_type.employment_type


def choices() -> dict[str, Any]:
    """The options of the form's lists."""
    return {
        "seniorities": [(key, SENIORITY_WORDS.get(key, key)) for key in SENIORITIES],
        "employment_types": [(key, EMPLOYMENT_WORDS.get(key, key)) for key in EMPLOYMENT_TYPES],
        "workplaces": [
            (key, {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}[key])
            for key in WORKPLACES
        ],
        "periods": [
            ("yearly", "a year"),
            ("monthly", "a month"),
            ("weekly", "a week"),
            ("daily", "a day"),
            ("hourly", "an hour"),
        ],
    }
