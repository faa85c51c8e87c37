"""Currencies, pay periods and annualization.

Money is always integer minor units plus an ISO 4217 code. Annualization follows Google Cloud
Talent Solution: hour x2080, day x260, week x52, month x12. Cross-currency figures go through a
bundled, dated table of reference rates (``RATES_AS_OF``); they are for comparing and
filtering, never for paying anyone.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

PayPeriod = Literal["hourly", "daily", "weekly", "monthly", "yearly"]
PAY_PERIODS: tuple[PayPeriod, ...] = ("hourly", "daily", "weekly", "monthly", "yearly")
ANNUAL_FACTOR: dict[str, int] = {
    "hourly": 2080,
    "daily": 260,
    "weekly": 52,
    "monthly": 12,
    "yearly": 1,
}

# Active ISO 4217 codes and their minor-unit exponents; codes absent from the exponent
# overrides use 2.
_CODES = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD "
    "BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB "
    "EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK "
    "JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA "
    "MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK "
    "PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN "
    "SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST "
    "XAF XCD XOF XPF YER ZAR ZMW ZWG"
).split()
_EXPONENT_OVERRIDES = {
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
}
CURRENCY_EXPONENT: dict[str, int] = {code: _EXPONENT_OVERRIDES.get(code, 2) for code in _CODES}

RATES_AS_OF = date(2026, 11, 2)
# Units of each currency per 1 USD (reference mid rates, rounded).
USD_RATES: dict[str, Decimal] = {
    code: Decimal(rate)
    for code, rate in {
        "USD": "1",
        "EUR": "0.87",
        "GBP": "0.76",
        "CHF": "0.80",
        "CAD": "1.39",
        "AUD": "1.52",
        "NZD": "1.72",
        "JPY": "151",
        "CNY": "7.12",
        "HKD": "7.77",
        "SGD": "1.30",
        "INR": "88.5",
        "KRW": "1420",
        "TWD": "30.6",
        "SEK": "9.45",
        "NOK": "10.05",
        "DKK": "6.49",
        "PLN": "3.68",
        "CZK": "21.1",
        "HUF": "335",
        "RON": "4.42",
        "BGN": "1.70",
        "ILS": "3.27",
        "AED": "3.6725",
        "SAR": "3.75",
        "TRY": "42.0",
        "ZAR": "17.4",
        "NGN": "1460",
        "KES": "129",
        "EGP": "47.5",
        "BRL": "5.38",
        "MXN": "18.4",
        "ARS": "1450",
        "CLP": "940",
        "COP": "3880",
        "PEN": "3.38",
        "UYU": "39.9",
        "PHP": "58.7",
        "IDR": "16600",
        "MYR": "4.20",
        "THB": "32.4",
        "VND": "26300",
        "PKR": "281",
        "BDT": "122",
        "LKR": "302",
        "UAH": "41.8",
        "RSD": "102",
        "ISK": "125",
    }.items()
}


def is_currency(code: str) -> bool:
    return code in CURRENCY_EXPONENT


def annualize(amount_minor: int, period: str) -> int:
    """Return the yearly equivalent of a pay amount, in the same currency's minor units."""
    return amount_minor * ANNUAL_FACTOR[period]


def convert(amount_minor: int, *, from_currency: str, to_currency: str) -> int | None:
    """Convert minor units between currencies through the bundled USD rates.

    Return None when either currency has no bundled rate.
    """
    if from_currency == to_currency:
        return amount_minor
    if from_currency not in USD_RATES or to_currency not in USD_RATES:
        return None
    major = Decimal(amount_minor) / (10 ** CURRENCY_EXPONENT[from_currency])
    target = major / USD_RATES[from_currency] * USD_RATES[to_currency]
    return int((target * (10 ** CURRENCY_EXPONENT[to_currency])).to_integral_value())
