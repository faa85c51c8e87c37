"""Words for where remote applicants may live ("europe", "apac", "worldwide") and which
countries each covers, so a search from one country finds the remote jobs open to it."""

from __future__ import annotations

from collections.abc import Mapping

WORLDWIDE = "worldwide"
EUROPE = frozenset("GB IE DE NL FR ES PT IT AT BE CH SE DK NO FI EE PL CZ RO".split())
AMERICAS = frozenset(("US", "CA", "BR", "MX"))
APAC = frozenset(("IN", "SG", "AU", "NZ", "JP"))
EMEA = EUROPE | {"IL"}
REGION_WORDS: Mapping[str, frozenset[str]] = {
    "europe": EUROPE,
    "americas": AMERICAS,
    "apac": APAC,
    "emea": EMEA,
}
REGION_NAMES: Mapping[str, str] = {
    "europe": "Europe",
    "americas": "the Americas",
    "apac": "Asia-Pacific",
    "emea": "Europe, the Middle East and Africa",
}


def regions_open_to(where: str) -> frozenset[str]:
    """The ``remote_regions`` values of jobs open to someone in ``where``: a country code
    ("DE"), a region word ("europe") or "worldwide".

    A country is covered by itself, by every region word that includes it and by
    "worldwide"; a region word by itself, by larger regions that include all of it and by
    "worldwide".
    """
    key = where.strip()
    if key.lower() == WORLDWIDE:
        return frozenset((WORLDWIDE,))
    if key.lower() in REGION_WORDS:
        countries = REGION_WORDS[key.lower()]
        wider = {name for name, covered in REGION_WORDS.items() if countries <= covered}
        return frozenset({WORLDWIDE, *wider})
    code = key.upper()
    covering = {name for name, covered in REGION_WORDS.items() if code in covered}
    return frozenset({WORLDWIDE, code, *covering})
