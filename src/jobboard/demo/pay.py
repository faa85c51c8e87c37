"""Pay for demo jobs: local market levels, seniority and role premiums, and rounding to the
steps real job ads use.

Levels are base pay for 2026 in each market's currency. A mid-level back-end engineer sets
the market's level; seniority, role family, city and company size scale it. US senior back
end lands around 150k–210k USD a year, German senior around 75k–95k EUR, Indian senior around
30–40 lakh INR.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from jobboard.kit.money import ANNUAL_FACTOR, CURRENCY_EXPONENT, PayPeriod

ContractPeriod = Literal["hourly", "daily", "monthly"]


@dataclass(frozen=True, slots=True)
class PayMarket:
    currency: str  # ISO 4217
    mid_level_yearly: int  # major units
    salary_period: PayPeriod  # how salaried jobs in this market usually quote pay
    contract_period: ContractPeriod  # how contractors usually quote their rate
    disclosure: float  # share of jobs that state their pay
    intern_factor: float  # intern pay as a share of the mid level
    benefits: str  # key into text.BENEFITS


MARKETS: dict[str, PayMarket] = {
    "US": PayMarket("USD", 140_000, "yearly", "hourly", 0.93, 0.6, "us"),
    "CA": PayMarket("CAD", 112_000, "yearly", "hourly", 0.86, 0.5, "ca"),
    "GB": PayMarket("GBP", 68_000, "yearly", "daily", 0.88, 0.4, "gb"),
    "IE": PayMarket("EUR", 72_000, "yearly", "daily", 0.8, 0.4, "ie"),
    "DE": PayMarket("EUR", 66_000, "yearly", "daily", 0.74, 0.35, "de"),
    "NL": PayMarket("EUR", 64_000, "yearly", "daily", 0.8, 0.35, "nl"),
    "FR": PayMarket("EUR", 52_000, "yearly", "daily", 0.8, 0.35, "fr"),
    "ES": PayMarket("EUR", 44_000, "yearly", "daily", 0.8, 0.35, "es"),
    "PT": PayMarket("EUR", 36_000, "yearly", "daily", 0.8, 0.35, "eu"),
    "IT": PayMarket("EUR", 40_000, "yearly", "daily", 0.76, 0.35, "eu"),
    # Austrian law requires a pay figure in every job ad.
    "AT": PayMarket("EUR", 58_000, "yearly", "daily", 1.0, 0.35, "eu"),
    "BE": PayMarket("EUR", 56_000, "yearly", "daily", 0.76, 0.35, "eu"),
    "CH": PayMarket("CHF", 115_000, "yearly", "daily", 0.72, 0.3, "ch"),
    "SE": PayMarket("SEK", 600_000, "monthly", "hourly", 0.74, 0.4, "nordic"),
    "DK": PayMarket("DKK", 620_000, "monthly", "hourly", 0.74, 0.4, "nordic"),
    "NO": PayMarket("NOK", 760_000, "yearly", "hourly", 0.74, 0.4, "nordic"),
    "FI": PayMarket("EUR", 56_000, "monthly", "hourly", 0.74, 0.4, "nordic"),
    "EE": PayMarket("EUR", 45_000, "monthly", "hourly", 0.86, 0.35, "eu"),
    "PL": PayMarket("PLN", 216_000, "monthly", "hourly", 0.93, 0.3, "pl"),
    "CZ": PayMarket("CZK", 1_050_000, "monthly", "daily", 0.8, 0.3, "eu"),
    "RO": PayMarket("RON", 170_000, "monthly", "daily", 0.76, 0.3, "eu"),
    "IN": PayMarket("INR", 2_600_000, "yearly", "monthly", 0.72, 0.35, "in"),
    "SG": PayMarket("SGD", 108_000, "monthly", "hourly", 0.86, 0.3, "apac"),
    "AU": PayMarket("AUD", 145_000, "yearly", "daily", 0.86, 0.4, "au"),
    "NZ": PayMarket("NZD", 125_000, "yearly", "hourly", 0.86, 0.4, "apac"),
    "JP": PayMarket("JPY", 8_500_000, "yearly", "hourly", 0.86, 0.35, "jp"),
    "BR": PayMarket("BRL", 190_000, "monthly", "monthly", 0.76, 0.3, "latam"),
    "MX": PayMarket("MXN", 780_000, "monthly", "monthly", 0.72, 0.3, "latam"),
    "IL": PayMarket("ILS", 440_000, "monthly", "hourly", 0.62, 0.35, "il"),
}

SENIORITY_FACTORS: dict[str, float] = {
    "junior": 0.72,
    "mid": 1.0,
    "senior": 1.3,
    "staff": 1.62,
    "principal": 1.9,
    "manager": 1.5,
    "director": 1.85,
}
FAMILY_FACTORS: dict[str, float] = {
    "ml": 1.12,
    "architecture": 1.08,
    "reliability": 1.06,
    "security": 1.06,
    "infrastructure": 1.04,
    "database": 1.04,
    "data-science": 1.03,
    "data": 1.02,
    "fullstack": 0.99,
    "frontend": 0.97,
    "embedded": 0.97,
    "quality": 0.86,
    "games": 0.85,
}
COMPANY_SIZE_FACTORS: dict[str, float] = {
    "1-49": 0.93,
    "50-99": 0.96,
    "100-499": 1.0,
    "500-999": 1.03,
    "1000-4999": 1.06,
    "5000-9999": 1.09,
    "10000+": 1.12,
}
# Cities that pay above their country's level; every other city pays a little below it.
CITY_FACTORS: dict[tuple[str, str], float] = {
    ("US", "San Francisco"): 1.12,
    ("US", "San Jose"): 1.1,
    ("US", "New York City"): 1.08,
    ("US", "Seattle"): 1.06,
    ("US", "Boston"): 1.03,
    ("US", "Los Angeles"): 1.0,
    ("US", "Washington"): 1.0,
    ("CA", "Toronto"): 1.03,
    ("CA", "Vancouver"): 1.02,
    ("GB", "London"): 1.1,
    ("IE", "Dublin"): 1.03,
    ("DE", "Munich"): 1.05,
    ("DE", "Berlin"): 1.0,
    ("FR", "Paris"): 1.1,
    ("NL", "Amsterdam"): 1.03,
    ("CH", "Zürich"): 1.04,
    ("ES", "Madrid"): 1.03,
    ("ES", "Barcelona"): 1.03,
    ("IT", "Milan"): 1.06,
    ("IN", "Bengaluru"): 1.06,
    ("IN", "Hyderabad"): 1.02,
    ("JP", "Tokyo"): 1.08,
    ("BR", "São Paulo"): 1.08,
    ("MX", "Mexico City"): 1.06,
    ("AU", "Sydney"): 1.04,
    ("PL", "Warsaw"): 1.04,
}
OTHER_CITY_FACTOR = 0.92
REMOTE_FACTOR = 0.97
# Contractors carry their own benefits, holidays and gaps between contracts.
CONTRACTOR_PREMIUM = 1.3

_SYMBOLS = {
    "USD": "$",
    "CAD": "CA$",
    "GBP": "£",
    "EUR": "€",
    "INR": "₹",
    "SGD": "S$",
    "AUD": "A$",
    "NZD": "NZ$",
    "JPY": "¥",
    "BRL": "R$",
    "MXN": "MX$",
    "ILS": "₪",
}
_PERIOD_WORDS = {
    "hourly": "per hour",
    "daily": "per day",
    "weekly": "per week",
    "monthly": "per month",
    "yearly": "per year",
}
_LAKH = 100_000


@dataclass(frozen=True, slots=True)
class Pay:
    minimum: int  # minor units
    maximum: int  # minor units
    currency: str
    period: PayPeriod


def market_for(country_code: str) -> PayMarket:
    """Return the pay market of a country; countries without one pay like the US."""
    return MARKETS.get(country_code, MARKETS["US"])


def pay_for(
    rng: random.Random,
    *,
    country_code: str,
    city_name: str | None,
    seniority: str,
    family: str,
    employment_type: str,
    company_size: str,
) -> Pay:
    """Return a pay range for one job; ``city_name`` is None for remote jobs."""
    market = market_for(country_code)
    if seniority == "intern" or employment_type == "internship":
        level = market.intern_factor
    else:
        level = SENIORITY_FACTORS.get(seniority, 1.0)
    if city_name is None:
        place_factor = REMOTE_FACTOR
    else:
        place_factor = CITY_FACTORS.get((country_code, city_name), OTHER_CITY_FACTOR)
    yearly = (
        market.mid_level_yearly
        * level
        * FAMILY_FACTORS.get(family, 1.0)
        * place_factor
        * COMPANY_SIZE_FACTORS.get(company_size, 1.0)
        * rng.uniform(0.93, 1.07)
    )
    low = yearly * rng.uniform(0.85, 0.93)
    high = yearly * rng.uniform(1.07, 1.2)
    single_rate = rng.random() < 0.15

    period: PayPeriod
    if employment_type == "internship":
        period = "hourly" if market.currency in ("USD", "CAD") else "monthly"
        premium = 1.0
    elif employment_type in ("contractor", "contract_to_hire"):
        period = market.contract_period
        premium = CONTRACTOR_PREMIUM
    elif employment_type == "part_time":
        period = "hourly"
        premium = 1.0
    else:
        period = market.salary_period
        premium = 1.0
        single_rate = False
    per_period = premium / ANNUAL_FACTOR[period]
    step = _nice_step(yearly * per_period / 15)
    minimum = max(step, round(low * per_period / step) * step)
    maximum = max(minimum + step, round(high * per_period / step) * step)
    if single_rate:
        maximum = minimum
    scale = 10 ** CURRENCY_EXPONENT[market.currency]
    return Pay(
        minimum=int(minimum * scale),
        maximum=int(maximum * scale),
        currency=market.currency,
        period=period,
    )


def _nice_step(amount: float) -> int:
    """Return the largest of 1, 2 or 5 times a power of ten not above ``amount`` (at least 1)."""
    step = 1
    while step * 10 <= amount:
        step *= 10
    for multiple in (5, 2):
        if step * multiple <= amount:
            return step * multiple
    return step


def format_pay(pay: Pay) -> tuple[str, str]:
    """Return the amount ("$150,000–$210,000", "₹28–38 lakh") and the period ("per year")."""
    scale = 10 ** CURRENCY_EXPONENT[pay.currency]
    low = pay.minimum // scale
    high = pay.maximum // scale
    period = _PERIOD_WORDS[pay.period]
    if pay.currency == "INR" and low % _LAKH == 0 and high % _LAKH == 0:
        amount = f"{low // _LAKH}" if low == high else f"{low // _LAKH}–{high // _LAKH}"
        return f"₹{amount} lakh", period
    symbol = _SYMBOLS.get(pay.currency)
    if symbol is None:
        amount = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        return f"{pay.currency} {amount}", period
    if low == high:
        return f"{symbol}{low:,}", period
    return f"{symbol}{low:,}–{symbol}{high:,}", period
