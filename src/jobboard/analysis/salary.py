"""Pay: ranges and single amounts with their currency, period and whether equity comes too.

Understands "$120k-150k", "€70.000 – €90.000", "£55,000 to £65,000 per annum", "CHF 120'000",
"₹18,00,000", "12-18 LPA", "$90 - $150 /hour", "€600/day", "3,850 USD per week",
"80 000 € brut annuel" and "plus equity". Amounts come out in integer minor units of their
ISO 4217 currency, as everywhere in the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jobboard.analysis.text import lines_containing
from jobboard.kit import money

_PREFIX_SYMBOLS = {
    "us$": "USD",
    "usd$": "USD",
    "ca$": "CAD",
    "c$": "CAD",
    "cad$": "CAD",
    "au$": "AUD",
    "a$": "AUD",
    "aud$": "AUD",
    "nz$": "NZD",
    "s$": "SGD",
    "sg$": "SGD",
    "hk$": "HKD",
    "r$": "BRL",
    "mx$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
    "₫": "VND",
    "฿": "THB",
    "₴": "UAH",
    "₦": "NGN",
    "zł": "PLN",
    "chf": "CHF",
    "fr.": "CHF",
    "rs": "INR",
    "rs.": "INR",
    "kč": "CZK",
    "r": "ZAR",
}
_WORD_CURRENCIES = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "rupees": "INR",
    "złoty": "PLN",
    "zloty": "PLN",
}
# "$", "kr" and "¥" name several currencies; the country of the job decides, else the first.
_DOLLAR_COUNTRIES = {
    "CA": "CAD",
    "AU": "AUD",
    "NZ": "NZD",
    "SG": "SGD",
    "HK": "HKD",
    "MX": "MXN",
    "TW": "TWD",
}
_KRONA_COUNTRIES = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"}
_YEN_COUNTRIES = {"JP": "JPY", "CN": "CNY"}
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mil": 1_000_000,
    "million": 1_000_000,
    "l": 100_000,
    "lpa": 100_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "lac": 100_000,
    "lacs": 100_000,
    "cr": 10_000_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
}

_AMOUNT = re.compile(
    r"""
    (?P<pre>(?:US|USD|CA|CAD|AU|AUD|NZ|SG|HK|MX|C|A|S|R)\$|\$|€|£|¥|₹|₩|₺|₪|₱|₫|฿|₴|₦|
        \bCHF|\bFr\.|\bRs\.?|\bkr\.?|\b[A-Z]{3}\b|\bR(?=\s?\d{3}|\s?\d{1,3}[\s,]\d{3}))?
    \s?
    (?P<number>\d{1,2}(?:,\d{2})+,\d{3}
        |\d{1,3}(?:[,.'’\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?
        |\d+(?:[.,]\d{1,2})?)
    (?:\s?(?P<multiplier>k|K|thousand|mn|million|mil|m|M|lakhs?|lacs?|LPA|L|crores?|cr)\b)?
    (?:\s?(?P<post>€|\$|£|zł|kr\b|Kč|CHF\b|euros?\b|dollars?\b|pounds?\b|rupees\b|
        złoty|zloty|\b[A-Z]{3}\b))?
    """,
    re.X,
)
_RANGE_SEPARATOR = re.compile(r"^\s*(?:-|–|—|~|to|and|bis|à|a|till|until)\s*$", re.I)
_ALTERNATIVE_SEPARATOR = re.compile(r"^\s*(?:/|or|\|)\s*$", re.I)
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "hourly",
        re.compile(
            r"(?:/|\bper|\ban|\ba|\bp)\s*\.?\s*(?:hour|hr|h)\b|\bhourly\b|\bph\b|\bp/h\b", re.I
        ),
    ),
    ("daily", re.compile(r"(?:/|\bper|\ba)\s*day\b|\bdaily\b|\bday rate\b|\bp\.?d\.?\b", re.I)),
    ("weekly", re.compile(r"(?:/|\bper|\ba)\s*(?:week|wk)\b|\bweekly\b", re.I)),
    (
        "monthly",
        re.compile(
            r"(?:/|\bper|\ba)\s*(?:month|mo|mth)\b|\bmonthly\b|\bpcm\b|\bp\.m\.|/\s*m[eê]s\b|"
            r"\bpor m[eê]s\b|\bal mes\b|\bpro monat\b|\bmonatlich\b|/\s*mois\b|\bpar mois\b|"
            r"\bmensual\b|\bmensuel\b",
            re.I,
        ),
    ),
    (
        "yearly",
        re.compile(
            r"(?:/|\bper|\ba)\s*(?:year|yr|annum)\b|\bannually\b|\bp\.\s?a\.?|\bpa\b|"
            r"\byearly\b|\bannual\b|\bannum\b|\bpro jahr\b|\bjährlich\b|\bbrut annuel\b|"
            r"\bpar an\b|\blpa\b|\bote\b|\bbase salary\b|\bper year\b|\bctc\b",
            re.I,
        ),
    ),
)
_CUE_BEFORE = re.compile(
    r"\b(?:salary|salaries|pay|paying|pays|compensation|comp|range|base|ote|rate|rates|"
    r"stipend|earn|earning|wage|wages|remuneration|package|gehalt|salaire|sal[aá]rio|ctc|"
    r"tc|band|verg[üu]tung|retribuci[oó]n|sueldo|lön|lønn)\b",
    re.I,
)
_WEAK_CUE_BEFORE = re.compile(
    r"\b(?:budgeted|offer|offering|between|from|up to|starting at|starts at|hourly|daily|"
    r"annual|monthly|weekly|per)\b",
    re.I,
)
_EXCLUDED_BEFORE = re.compile(
    r"\b(?:funding|funded|raised|raise|revenue|budget|spend|spending|valuation|arr|bonus|"
    r"sign[- ]on|signing|relocation|allowance|learning|equipment|home[- ]office|customers|"
    r"saves?|saved|worth|investment|invested|backed|series [a-f]|round|grant|grants|credits|"
    r"compute|gift|referral|donat\w*|annualized|transactions?|gmv|processed|payments|"
    r"volume|over|more than|manage|managing|managed|market|quota|"
    r"insurance|coverage|reimburse\w*|wellness|gym|internet|phone|"
    r"stipends? for (?:home|wellness|learning|internet|phone|gym|equipment|coffee|lunch|meals|"
    r"commut\w*|travel|books|conferences)|"
    r"fund|funds|profit|loss|assets|aum|prize|award|billion|hra|fsa|hsa|401\s?k|fertility|"
    r"parental|leave|pension|medical|dental|vision|childcare|commuter|lunch|meals?|coffee|"
    r"lifetime|match|matching|contribution|contributions)\b[^.;\n]{0,40}$",
    re.I,
)
# What the amount itself is, when the words right after it say ("€1,000 learning budget").
_EXCLUDED_AFTER = re.compile(
    r"^\s*(?:/\s*\w+\s*)?(?:[\w-]+\s+){0,2}(?:budget|stipend|allowance|bonus|grant|credits|"
    r"relocation|equipment|in funding|funding|in revenue|revenue|arr|spend|customers|users|"
    r"valuation|worth|raised|series|gift|referral|insurance|coverage|reimburse\w*|"
    r"per employee|learning|lifetime|in annual|annualized|of spend|in sales|in bookings|"
    r"bookings|transactions|gmv|payments|deals?)\b",
    re.I,
)
_EQUITY = re.compile(
    r"\b(?:plus|\+|and|with|&|offers?|includes?|including)\s+(?:meaningful |generous |"
    r"significant |competitive |company |startup )?(?:equity|stock options|share options|"
    r"rsus?|options)\b|\bequity (?:package|grant|compensation|stake|options)\b|"
    r"\bstock options\b|\brsus?\b|\bemployee stock\b|\bownership stake\b",
    re.I,
)
_NOT_EQUITY = re.compile(
    r"\b(?:diversity|inclusion|inclusive|dei|pay equity|health equity)\b", re.I
)
_UP_TO = re.compile(r"\b(?:up to|upto|max(?:imum)?|not exceeding|no more than|until)\s*$", re.I)
_AT_LEAST = re.compile(
    r"\b(?:from|starting at|starts at|starting from|min(?:imum)?|at least|no less than)\s*$", re.I
)
# Beyond these yearly figures (USD) a number is not pay.
_YEARLY_USD_FLOOR = Decimal(3_000)
_YEARLY_USD_CEILING = Decimal(3_000_000)
_MIN_SCORE = 1
_DIGIT = re.compile(r"\d")
# A line holding pay names a currency one of these ways (or by its ISO code, or "R" for rand);
# other lines are skipped.
_CURRENCY_HINTS = (
    "$", "€", "£", "¥", "₹", "₩", "₺", "₪", "₱", "₫", "฿", "₴", "₦", "zł", "kr", "kč",
    "lpa", "lakh", "crore", "chf", "fr.", "rs.", "euro", "dollar", "pound", "rupee", "zloty",
    "złoty",
)  # fmt: skip
_CODE_OR_RAND = re.compile(r"\b[A-Z]{3}\b|\bR\s?\d")


@dataclass(frozen=True, slots=True)
class SalaryFinding:
    min: int | None  # minor units of `currency`
    max: int | None
    currency: str
    period: str  # hourly | daily | weekly | monthly | yearly
    equity: bool
    text: str


@dataclass(slots=True)
class _Amount:
    value: Decimal  # major units
    currency: str | None
    multiplier: int | None
    start: int
    end: int


def _parse_number(raw: str) -> Decimal | None:
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}", raw):
        return Decimal(raw.replace(",", ""))
    decimals = ""
    tail = re.search(r"[.,](\d{1,2})$", raw)
    if tail and not re.search(r"[.,]\d{3}$", raw):
        decimals = tail.group(1)
        raw = raw[: tail.start()]
    digits = re.sub(r"[,.' ]", "", raw)
    try:
        return Decimal(f"{digits}.{decimals}" if decimals else digits)
    except InvalidOperation:
        return None


def _currency(symbol: str | None, country: str | None) -> str | None:
    if not symbol:
        return None
    key = symbol.strip().casefold()
    if key == "$":
        return _DOLLAR_COUNTRIES.get(country or "", "USD")
    if key in ("kr", "kr."):
        return _KRONA_COUNTRIES.get(country or "", "SEK")
    if key == "¥":
        return _YEN_COUNTRIES.get(country or "", "JPY")
    if key in _PREFIX_SYMBOLS:
        return _PREFIX_SYMBOLS[key]
    if key in _WORD_CURRENCIES:
        return _WORD_CURRENCIES[key]
    code = symbol.strip().upper()
    return code if len(code) == 3 and money.is_currency(code) else None


def _amounts(text: str, country: str | None) -> list[_Amount]:
    amounts: list[_Amount] = []
    for match in _AMOUNT.finditer(text):
        value = _parse_number(match.group("number"))
        if value is None:
            continue
        pre = _currency(match.group("pre"), country)
        post = _currency(match.group("post"), country)
        multiplier_text = (match.group("multiplier") or "").lower()
        if (
            pre is None
            and post is None
            and _MULTIPLIERS.get(multiplier_text)
            in (
                100_000,
                10_000_000,
            )
        ):
            # Lakhs and crores ("18-24 LPA") are Indian rupees.
            post = "INR"
        if match.group("pre") and pre is None and not match.group("post"):
            # A capitalised word that is no currency ("THE 5"): read the number alone.
            start = match.start("number")
        else:
            start = match.start()
        end = match.end()
        if match.group("post") and post is None:
            end = match.end("multiplier") if match.group("multiplier") else match.end("number")
        amounts.append(
            _Amount(
                value=value,
                currency=pre or post,
                multiplier=_MULTIPLIERS.get(multiplier_text),
                start=start,
                end=end,
            )
        )
    return amounts


def _period(before: str, after: str) -> str | None:
    """The period named nearest after the amount, else nearest before it, in its sentence."""
    nearest: tuple[int, str] | None = None
    after = re.split(r"[.;!?](?:\s|$)", after[:40])[0]
    for period, pattern in _PERIOD_PATTERNS:
        match = pattern.search(after)
        if match and (nearest is None or match.start() < nearest[0]):
            nearest = (match.start(), period)
    if nearest is not None:
        return nearest[1]
    # Only the sentence the amount sits in.
    tail = re.split(r"[.;!?](?:\s|$)", before[-50:])[-1]
    for period, pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(tail):
            if nearest is None or -match.end() < nearest[0]:
                nearest = (-match.end(), period)
    return nearest[1] if nearest else None


def _inferred_period(value: Decimal, currency: str, multiplier: int | None) -> str:
    if multiplier in (100_000, 10_000_000):
        return "yearly"
    usd = _to_usd(value, currency)
    if usd is None or usd >= 15_000:
        return "yearly"
    if usd >= 1_000:
        return "monthly"
    if usd >= 150:
        return "daily"
    return "hourly"


def _to_usd(value: Decimal, currency: str) -> Decimal | None:
    rate = money.USD_RATES.get(currency)
    return None if rate is None else value / rate


def _plausible(value: Decimal, currency: str, period: str) -> bool:
    usd = _to_usd(value, currency)
    if usd is None:
        return value > 0
    yearly = usd * money.ANNUAL_FACTOR[period]
    return _YEARLY_USD_FLOOR <= yearly <= _YEARLY_USD_CEILING


def _minor(value: Decimal, currency: str) -> int:
    return int((value * (10 ** money.CURRENCY_EXPONENT[currency])).to_integral_value())


@dataclass(frozen=True, slots=True)
class _Candidate:
    low: Decimal | None
    high: Decimal | None
    currency: str
    period: str
    score: int
    start: int
    end: int


def _candidates(
    line: str, previous: str, country: str | None, pay_section: bool
) -> list[_Candidate]:
    amounts = _amounts(line, country)
    candidates: list[_Candidate] = []
    used: set[int] = set()
    index = 0
    groups: list[list[tuple[_Amount, _Amount | None]]] = []
    while index < len(amounts):
        first = amounts[index]
        second = amounts[index + 1] if index + 1 < len(amounts) else None
        pair: tuple[_Amount, _Amount | None]
        if second is not None and _RANGE_SEPARATOR.match(line[first.end : second.start]):
            pair = (first, second)
            index += 2
        else:
            pair = (first, None)
            index += 1
        if groups and _ALTERNATIVE_SEPARATOR.match(line[_pair_end(groups[-1][-1]) : pair[0].start]):
            groups[-1].append(pair)
        else:
            groups.append([pair])
    for group in groups:
        tail_end = _pair_end(group[-1])
        shared_after = line[tail_end : tail_end + 40]
        for pair in group:
            candidate = _candidate(line, previous, pair, shared_after, country, pay_section)
            if candidate is not None and candidate.start not in used:
                used.add(candidate.start)
                candidates.append(candidate)
    return candidates


def _pair_end(pair: tuple[_Amount, _Amount | None]) -> int:
    return (pair[1] or pair[0]).end


def _candidate(
    line: str,
    previous: str,
    pair: tuple[_Amount, _Amount | None],
    shared_after: str,
    country: str | None,
    pay_section: bool,
) -> _Candidate | None:
    first, second = pair
    currency = first.currency or (second.currency if second else None)
    if currency is None:
        return None
    low = first.value
    high = second.value if second else None
    multiplier = first.multiplier or (second.multiplier if second else None)
    if first.multiplier:
        low *= first.multiplier
    elif (
        second is not None
        and second.multiplier
        and first.value * second.multiplier <= (second.value * second.multiplier)
    ):
        low *= second.multiplier
    if second is not None and high is not None and second.multiplier:
        high *= second.multiplier
    if high is not None and high < low:
        return None
    end = _pair_end(pair)
    before = (previous[-80:] + "\n" + line[: first.start])[-80:]
    after = line[end : end + 40]
    low_or_none: Decimal | None = low
    if second is None:
        if _UP_TO.search(before):
            low_or_none, high = None, low
        elif _AT_LEAST.search(before) or after.startswith("+"):
            high = None
        else:
            high = low
    if _EXCLUDED_BEFORE.search(before[-45:]) or _EXCLUDED_AFTER.match(after):
        return None
    explicit = _period(before, after) or _period(before, shared_after)
    period = explicit or _inferred_period(low, currency, multiplier)
    if not all(_plausible(value, currency, period) for value in (low, high) if value is not None):
        return None
    score = 0
    if _CUE_BEFORE.search(before[-60:]):
        score += 3
    elif _WEAK_CUE_BEFORE.search(before[-30:]):
        score += 1
    if second is not None:
        score += 2
    if explicit:
        score += 2
    if pay_section:
        score += 1
    if not line[: first.start].strip():
        # A line that starts with the amount ("£45,000. Bristol, office-based.").
        score += 1
    return _Candidate(
        low=low_or_none,
        high=high,
        currency=currency,
        period=period,
        score=score,
        start=first.start,
        end=end,
    )


def find_salary(
    lines: list[tuple[str, bool]], *, full_text: str, country: str | None
) -> SalaryFinding | None:
    """Return the pay a description states, if any.

    ``lines`` are (text, whether the line sits in a pay or benefits section); ``country`` is
    the ISO code of the job's place, which decides what "$" or "kr" means.
    """
    best: tuple[int, int, int, _Candidate, str] | None = None
    texts = [line for line, _ in lines]
    currency_named = lines_containing(texts, _CURRENCY_HINTS)
    for number, (line, pay_section) in enumerate(lines):
        if not _DIGIT.search(line) or not (currency_named[number] or _CODE_OR_RAND.search(line)):
            continue
        previous = lines[number - 1][0] if number else ""
        for candidate in _candidates(line, previous, country, pay_section):
            key = (candidate.score, -number, -candidate.start)
            if candidate.score >= _MIN_SCORE and (best is None or key > best[:3]):
                best = (*key, candidate, line)
    if best is None:
        return None
    candidate, line = best[3], best[4]
    low = _minor(candidate.low, candidate.currency) if candidate.low is not None else None
    high = _minor(candidate.high, candidate.currency) if candidate.high is not None else None
    return SalaryFinding(
        min=low,
        max=high,
        currency=candidate.currency,
        period=candidate.period,
        equity=offers_equity(full_text),
        text=line[candidate.start : candidate.end].strip(),
    )


def offers_equity(text: str) -> bool:
    """Whether the description offers equity ("plus equity", "stock options", "RSUs")."""
    for match in _EQUITY.finditer(text):
        if not _NOT_EQUITY.search(text[max(0, match.start() - 30) : match.end() + 30]):
            return True
    return False
