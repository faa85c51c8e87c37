"""Where demo companies sit and hire: weighted tech hubs, a long tail of other cities in the
same countries, offices near headquarters, and the regions remote jobs are open to."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobboard.demo.model import DemoPlace
from jobboard.demo.pay import MARKETS
from jobboard.places.gazetteer import City, Gazetteer, haversine_km
from jobboard.places.regions import EUROPE, REGION_NAMES, REGION_WORDS

# Tech hubs and roughly how much hiring happens there; written so that the gazetteer
# resolves each to the intended city.
HUBS: tuple[tuple[str, float], ...] = (
    ("San Francisco, CA", 10.0),
    ("New York, NY", 10.0),
    ("Seattle, WA", 6.0),
    ("Austin, TX", 5.0),
    ("Boston, MA", 5.0),
    ("Los Angeles, CA", 3.5),
    ("San Jose, CA", 2.5),
    ("Chicago, IL", 3.5),
    ("Denver, CO", 3.0),
    ("Atlanta, GA", 2.5),
    ("Washington, DC", 2.0),
    ("Raleigh, NC", 1.5),
    ("Toronto, ON", 5.0),
    ("Vancouver, BC", 3.0),
    ("Montreal, QC", 2.0),
    ("London, UK", 9.0),
    ("Manchester, UK", 1.5),
    ("Edinburgh, UK", 1.0),
    ("Dublin, IE", 3.0),
    ("Berlin, DE", 6.0),
    ("Munich, DE", 3.0),
    ("Hamburg, DE", 2.0),
    ("Amsterdam, NL", 4.0),
    ("Paris, FR", 4.0),
    ("Barcelona, ES", 2.5),
    ("Madrid, ES", 2.0),
    ("Lisbon, PT", 2.0),
    ("Milan, IT", 1.2),
    ("Vienna, AT", 1.2),
    ("Brussels, BE", 0.8),
    ("Zurich, CH", 2.0),
    ("Stockholm, SE", 2.5),
    ("Copenhagen, DK", 1.5),
    ("Oslo, NO", 1.0),
    ("Helsinki, FI", 1.0),
    ("Tallinn, EE", 0.8),
    ("Warsaw, PL", 2.5),
    ("Krakow, PL", 1.5),
    ("Prague, CZ", 1.2),
    ("Bucharest, RO", 0.8),
    ("Bangalore, IN", 6.0),
    ("Hyderabad, IN", 3.0),
    ("Pune, IN", 2.0),
    ("Chennai, IN", 1.5),
    ("Singapore", 3.5),
    ("Sydney, NSW", 3.0),
    ("Melbourne, VIC", 2.5),
    ("Auckland, NZ", 1.0),
    ("Tokyo, JP", 2.5),
    ("São Paulo, BR", 3.0),
    ("Mexico City, MX", 2.0),
    ("Guadalajara, MX", 1.0),
    ("Tel Aviv, IL", 2.5),
)
# Share of headquarters outside the hubs; they spread over other cities of the hub countries.
LONG_TAIL_SHARE = 0.2
LONG_TAIL_MIN_POPULATION = 150_000
# A city with a bigger one this close is a district of it, not a place to hire in.
DISTRICT_RADIUS_KM = 15.0
NEARBY_OFFICE_MIN_KM = 12.0
NEARBY_OFFICE_MAX_KM = 80.0
NEARBY_OFFICE_MIN_POPULATION = 80_000

_RemoteChoices = tuple[tuple[tuple[str, ...], float], ...]
# Where remote jobs anchored in a country are open to, with weights. ("worldwide",) jobs list
# no place at all.
_REMOTE_BY_COUNTRY: Mapping[str, _RemoteChoices] = {
    "US": ((("US",), 55), (("US", "CA"), 20), (("americas",), 8), (("worldwide",), 12)),
    "CA": ((("CA",), 45), (("US", "CA"), 25), (("americas",), 10), (("worldwide",), 20)),
    "GB": ((("GB",), 45), (("GB", "IE"), 10), (("europe",), 20), (("emea",), 10),
           (("worldwide",), 15)),
    "IE": ((("IE",), 35), (("GB", "IE"), 20), (("europe",), 25), (("worldwide",), 20)),
    "DE": ((("DE",), 40), (("DE", "AT", "CH"), 15), (("europe",), 25), (("emea",), 5),
           (("worldwide",), 15)),
    "IL": ((("IL",), 55), (("emea",), 25), (("worldwide",), 20)),
    "IN": ((("IN",), 70), (("apac",), 12), (("worldwide",), 18)),
    "AU": ((("AU",), 45), (("AU", "NZ"), 20), (("apac",), 20), (("worldwide",), 15)),
    "NZ": ((("NZ",), 40), (("AU", "NZ"), 30), (("apac",), 15), (("worldwide",), 15)),
    "BR": ((("BR",), 50), (("americas",), 30), (("worldwide",), 20)),
    "MX": ((("MX",), 45), (("americas",), 35), (("worldwide",), 20)),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Geography:
    hubs: tuple[City, ...]
    hub_weights: tuple[float, ...]
    countries: tuple[str, ...]
    country_weights: tuple[float, ...]
    long_tail: Mapping[str, tuple[tuple[City, ...], tuple[float, ...]]]


def build_geography(gazetteer: Gazetteer) -> Geography:
    """Resolve the hubs and collect, per hub country, the long tail of other large cities."""
    hubs: list[City] = []
    hub_weights: list[float] = []
    country_weight: dict[str, float] = {}
    for text, weight in HUBS:
        city = gazetteer.resolve(text)
        # Skip rather than fail: a hub the gazetteer cannot find only thins the demo out.
        if city is None or city.country_code not in MARKETS or city in hubs:
            continue
        hubs.append(city)
        hub_weights.append(weight)
        country_weight[city.country_code] = country_weight.get(city.country_code, 0) + weight
    hub_ids = {city.geoname_id for city in hubs}
    tail: dict[str, list[City]] = {country_code: [] for country_code in country_weight}
    for city in gazetteer.cities():
        if city.population < LONG_TAIL_MIN_POPULATION:
            break
        if city.country_code not in tail or city.geoname_id in hub_ids:
            continue
        if "(" in city.name or _is_district(gazetteer, city):
            continue
        tail[city.country_code].append(city)
    return Geography(
        hubs=tuple(hubs),
        hub_weights=tuple(hub_weights),
        countries=tuple(country_weight),
        country_weights=tuple(country_weight.values()),
        # Square roots flatten the curve: megacities matter, but not a hundredfold.
        long_tail={
            country_code: (tuple(cities), tuple(city.population**0.5 for city in cities))
            for country_code, cities in tail.items()
        },
    )


def _is_district(gazetteer: Gazetteer, city: City) -> bool:
    """Return whether a bigger city lies so close that ``city`` is part of it."""
    return any(
        other.population > city.population
        for other in gazetteer.nearby(city.latitude, city.longitude, radius_km=DISTRICT_RADIUS_KM)
    )


def pick_headquarters(rng: random.Random, geography: Geography, *, large: bool) -> City:
    """Return a hub most of the time, otherwise another sizeable city of a hub country;
    always a hub for ``large`` companies."""
    if rng.random() >= LONG_TAIL_SHARE or large:
        return rng.choices(geography.hubs, geography.hub_weights)[0]
    country_code = rng.choices(geography.countries, geography.country_weights)[0]
    cities, weights = geography.long_tail[country_code]
    if not cities:
        return rng.choices(geography.hubs, geography.hub_weights)[0]
    return rng.choices(cities, weights)[0]


def pick_offices(
    rng: random.Random,
    gazetteer: Gazetteer,
    geography: Geography,
    *,
    headquarters: City,
    extra_offices: int,
) -> tuple[City, ...]:
    """Return the headquarters followed by up to ``extra_offices`` other cities to hire in:
    nearby cities, hubs in the same country and hubs abroad."""
    nearby = [
        city
        for city in gazetteer.nearby(
            headquarters.latitude, headquarters.longitude, radius_km=NEARBY_OFFICE_MAX_KM
        )
        if city.population >= NEARBY_OFFICE_MIN_POPULATION
        and city.country_code == headquarters.country_code
        and "(" not in city.name
        and haversine_km(
            headquarters.latitude, headquarters.longitude, city.latitude, city.longitude
        )
        >= NEARBY_OFFICE_MIN_KM
    ]
    domestic_hubs = [
        city
        for city in geography.hubs
        if city.country_code == headquarters.country_code and city != headquarters
    ]
    offices = [headquarters]
    for _ in range(extra_offices):
        draw = rng.random()
        if draw < 0.4 and nearby:
            candidate = rng.choice(nearby)
        elif draw < 0.7 and domestic_hubs:
            candidate = rng.choice(domestic_hubs)
        else:
            candidate = rng.choices(geography.hubs, geography.hub_weights)[0]
        if candidate not in offices:
            offices.append(candidate)
    return tuple(offices)


def pick_remote_regions(rng: random.Random, *, country_code: str) -> tuple[str, ...]:
    """Return the regions a remote job anchored in ``country_code`` is open to."""
    choices = _REMOTE_BY_COUNTRY.get(country_code)
    if choices is None:
        if country_code in EUROPE:
            choices = (((country_code,), 40), (("europe",), 30), (("emea",), 12),
                       (("worldwide",), 18))  # fmt: skip
        else:
            choices = (((country_code,), 45), (("apac",), 35), (("worldwide",), 20))
    regions = [region for region, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(regions, weights)[0]


def region_allows(regions: Sequence[str], country_code: str) -> bool:
    """Return whether someone in ``country_code`` may apply to a job open to ``regions``."""
    return any(
        region in ("worldwide", country_code)
        or country_code in REGION_WORDS.get(region, frozenset())
        for region in regions
    )


def describe_regions(regions: Sequence[str], *, country_names: Mapping[str, str]) -> str:
    """Return the regions in words: "the United States and Canada", "Europe"."""
    names = [
        REGION_NAMES.get(region) or _with_article(country_names.get(region, region))
        for region in regions
    ]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _with_article(country: str) -> str:
    if country in ("United States", "United Kingdom") or country.startswith("The "):
        return "the " + country.removeprefix("The ")
    return country


def place_of(city: City) -> DemoPlace:
    """Return the demo record of a gazetteer city."""
    return DemoPlace(
        geoname_id=city.geoname_id,
        city=city.name,
        region=city.region,
        country_code=city.country_code,
        latitude=city.latitude,
        longitude=city.longitude,
        timezone=city.timezone,
    )
