"""What the pages' forms share: reading a field as text, an amount typed in whole units, and
the parts of a field path that a service's validation problem names."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from starlette.datastructures import FormData

from jobboard.kit.money import CURRENCY_EXPONENT

_PATH_PART = re.compile(r"[^.\[\]]+")


def form_text(form: FormData, name: str) -> str:
    """A field's text, trimmed; empty when absent or a file."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def minor_units(text: str, currency: str) -> int | str | None:
    """Whole units as typed ("85,000") in minor units; the text itself when it is no amount,
    so that validation names the field."""
    if not text:
        return None
    try:
        amount = Decimal(text.replace(",", "").replace("_", "").replace(" ", ""))
    except InvalidOperation:
        return text
    if not amount.is_finite():
        return text
    minor = amount * 10 ** CURRENCY_EXPONENT.get(currency.upper(), 2)
    return int(minor) if minor == minor.to_integral_value() else text


def problem_path(field: object) -> list[str]:
    """The parts of a validation problem's field ("body.skills[2].years" -> skills, 2,
    years)."""
    return _PATH_PART.findall(str(field or "").removeprefix("body."))
