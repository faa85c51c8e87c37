"""Annualization and conversion of pay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobboard.kit import money


@pytest.mark.parametrize(
    ("period", "factor"),
    [("hourly", 2080), ("daily", 260), ("weekly", 52), ("monthly", 12), ("yearly", 1)],
)
def test_annualization_uses_the_cts_factors(period: str, factor: int) -> None:
    """One unit of pay per period is `factor` units a year."""
    assert money.annualize(100, period) == 100 * factor


def test_conversion_respects_minor_units() -> None:
    """Yen have no minor unit and dinars three: 1,000 USD is 151,000 yen and 1,000 EUR..."""
    assert money.convert(100_000, from_currency="USD", to_currency="JPY") == 151_000
    assert money.convert(151_000, from_currency="JPY", to_currency="USD") == 100_000
    assert money.convert(100_000, from_currency="USD", to_currency="EUR") == 87_000
    assert money.convert(5, from_currency="XTS", to_currency="USD") is None


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(sorted(money.USD_RATES)))
def test_conversion_round_trips_within_rounding(amount: int, currency: str) -> None:
    """Converting to a currency and back loses at most the rounding of one minor unit step."""
    there = money.convert(amount, from_currency="USD", to_currency=currency)
    assert there is not None
    back = money.convert(there, from_currency=currency, to_currency="USD")
    assert back is not None
    step = money.USD_RATES[currency] / (10 ** money.CURRENCY_EXPONENT[currency]) * 100
    assert abs(back - amount) <= max(1, 1 / float(step) + 1)


def test_currency_codes() -> None:
    """ISO 4217 codes are known; made-up ones are not."""
    assert money.is_currency("EUR")
    assert money.is_currency("INR")
    assert not money.is_currency("XYZ")
    assert not money.is_currency("eur")
