"""Named regions of several countries ("europe", "emea", "latam", "eu"): which countries each
covers, what people call it, and which ``remote_regions`` values are open to someone in a
country or region.

The region words are at once the ``remote_regions`` values of remote jobs and the areas a
job's place may name ("EMEA" as the only place of a job).
"""

from __future__ import annotations

from collections.abc import Mapping

WORLDWIDE = "worldwide"

_EU_MEMBERS = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
_EUROPE_OUTSIDE_EU = "AD AL BA BY CH FO GB GG GI IM IS JE LI MC MD ME MK NO RS RU SM UA VA XK AX SJ"
_MIDDLE_EAST = "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE EG"
_AFRICA = (
    "DZ AO BJ BW BF BI CV CM CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG "
    "MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW"
)
_NORTH_AMERICA = "US CA MX"
_CENTRAL_AMERICA_CARIBBEAN = "BZ CR SV GT HN NI PA CU DO HT JM PR TT BS BB"
_SOUTH_AMERICA = "AR BO BR CL CO EC GY PY PE SR UY VE"
_LATIN_AMERICA = "MX BZ CR SV GT HN NI PA CU DO PR AR BO BR CL CO EC PY PE UY VE"
_ASIA = (
    "AF AM AZ BD BT BN KH CN GE HK IN ID JP KZ KG LA MO MY MV MN MM NP KP KR PK PH SG LK TW TJ "
    "TH TL TM UZ VN"
)
_OCEANIA = "AU NZ FJ PG WS TO VU SB KI FM MH PW NR TV NC PF GU"
_APAC = "AU NZ CN HK MO TW JP KR MN IN PK BD LK NP BT MV SG MY ID TH VN PH KH LA MM BN TL FJ PG"
_DACH = "DE AT CH"
_NORDICS = "DK FI IS NO SE"
_BENELUX = "BE NL LU"


def _codes(*groups: str) -> frozenset[str]:
    return frozenset(code for group in groups for code in group.split())


EU = _codes(_EU_MEMBERS)
EUROPE = _codes(_EU_MEMBERS, _EUROPE_OUTSIDE_EU)
EMEA = _codes(_EU_MEMBERS, _EUROPE_OUTSIDE_EU, _MIDDLE_EAST, _AFRICA)
AMERICAS = _codes(_NORTH_AMERICA, _CENTRAL_AMERICA_CARIBBEAN, _SOUTH_AMERICA)
NORTH_AMERICA = _codes(_NORTH_AMERICA)
LATAM = _codes(_LATIN_AMERICA)
APAC = _codes(_APAC)
# The region word, and the countries it covers.
REGION_WORDS: Mapping[str, frozenset[str]] = {
    "europe": EUROPE,
    "eu": EU,
    "emea": EMEA,
    "americas": AMERICAS,
    "north-america": NORTH_AMERICA,
    "latam": LATAM,
    "south-america": _codes(_SOUTH_AMERICA),
    "apac": APAC,
    "asia": _codes(_ASIA),
    "middle-east": _codes(_MIDDLE_EAST),
    "africa": _codes(_AFRICA),
    "oceania": _codes(_OCEANIA),
    "dach": _codes(_DACH),
    "nordics": _codes(_NORDICS),
    "benelux": _codes(_BENELUX),
}
REGION_NAMES: Mapping[str, str] = {
    "europe": "Europe",
    "eu": "the European Union",
    "emea": "Europe, the Middle East and Africa",
    "americas": "the Americas",
    "north-america": "North America",
    "latam": "Latin America",
    "south-america": "South America",
    "apac": "Asia-Pacific",
    "asia": "Asia",
    "middle-east": "the Middle East",
    "africa": "Africa",
    "oceania": "Oceania",
    "dach": "Germany, Austria and Switzerland",
    "nordics": "the Nordic countries",
    "benelux": "the Benelux countries",
}
# What people write for each region, besides its word and its name.
REGION_ALIASES: Mapping[str, tuple[str, ...]] = {
    "europe": ("Europe", "European"),
    "eu": ("EU", "European Union", "E.U."),
    "emea": ("EMEA", "Europe, Middle East and Africa"),
    "americas": ("Americas", "The Americas"),
    "north-america": ("North America", "NAMER", "US and Canada", "US & Canada"),
    "latam": ("LATAM", "Latin America", "LatAm"),
    "south-america": ("South America",),
    "apac": ("APAC", "Asia Pacific", "Asia-Pacific", "APJ"),
    "asia": ("Asia",),
    "middle-east": ("Middle East", "MENA"),
    "africa": ("Africa",),
    "oceania": ("Oceania", "ANZ", "Australia and New Zealand"),
    "dach": ("DACH",),
    "nordics": ("Nordics", "Nordic countries", "Scandinavia"),
    "benelux": ("Benelux",),
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
