"""The bundled gazetteer: resolving free text, autocomplete, proximity and distances."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobboard.places.gazetteer import Gazetteer, fold, get_gazetteer, haversine_km

BERLIN_ID = 2950159
PARIS_ID = 2988507


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


def test_get_gazetteer_is_built_once() -> None:
    """Every caller shares one gazetteer."""
    assert get_gazetteer() is get_gazetteer()


def test_get_returns_the_city_by_geoname_id(gazetteer: Gazetteer) -> None:
    """A GeoNames id gives its city; an unknown id gives None."""
    berlin = gazetteer.get(BERLIN_ID)
    assert berlin is not None
    assert (berlin.name, berlin.country_code, berlin.region) == ("Berlin", "DE", "Berlin")
    assert berlin.timezone == "Europe/Berlin"
    assert berlin.population > 3_000_000
    assert gazetteer.get(-1) is None


@pytest.mark.parametrize(
    "text",
    ["Berlin", "berlin", "BERLIN", "  Berlin ", "Berlin, Germany", "Berlin, DE", "Berlin (Germany)",
     "Berlin Germany", "Berlin, Remote", "Berlin / Deutschland", "Berlin\x00"],
)  # fmt: skip
def test_resolve_finds_berlin_however_it_is_written(gazetteer: Gazetteer, text: str) -> None:
    """Case, spacing and a country qualifier all lead to the German capital."""
    city = gazetteer.resolve(text)
    assert city is not None
    assert city.geoname_id == BERLIN_ID
    assert city.country_code == "DE"
    assert city.latitude == pytest.approx(52.5, abs=0.1)
    assert city.longitude == pytest.approx(13.4, abs=0.1)


@pytest.mark.parametrize(
    ("text", "country_code", "region"),
    [
        ("San Francisco, CA", "US", "California"),
        ("San Francisco, California", "US", "California"),
        ("San Francisco CA", "US", "California"),
        ("New York, NY", "US", "New York"),
        ("NYC", "US", "New York"),
        ("Portland, OR", "US", "Oregon"),
        ("Portland, Oregon", "US", "Oregon"),
        ("Portland, ME", "US", "Maine"),
        ("Portland, Maine", "US", "Maine"),
        ("Washington DC", "US", "District of Columbia"),
        ("Athens, GA", "US", "Georgia"),
        ("London, UK", "GB", "England"),
        ("London, Ontario", "CA", "Ontario"),
        ("London, ON", "CA", "Ontario"),
        ("London, CA", "CA", "Ontario"),
        ("Vancouver, CA", "CA", "British Columbia"),
        ("Vancouver, WA", "US", "Washington"),
        ("Perth, WA", "AU", "Western Australia"),
        ("Tbilisi, Georgia", "GE", None),
        ("Hyderabad, IN", "IN", "Telangana"),
        ("Munich, Bavaria", "DE", "Bavaria"),
    ],
)
def test_resolve_lets_a_qualifier_pick_the_country_and_region(
    gazetteer: Gazetteer, text: str, country_code: str, region: str | None
) -> None:
    """A two-letter qualifier is a US state when a city of that name lies there, then a
    country, then a Canadian or Australian abbreviation; names of regions work too."""
    city = gazetteer.resolve(text)
    assert city is not None
    assert (city.country_code, city.region) == (country_code, region)


def test_resolve_prefers_the_most_populous_city(gazetteer: Gazetteer) -> None:
    """Without a qualifier the largest city of that name wins."""
    portland = gazetteer.resolve("Portland")
    london = gazetteer.resolve("London")
    paris = gazetteer.resolve("Paris")
    assert portland is not None
    assert portland.region == "Oregon"
    assert london is not None
    assert london.country_code == "GB"
    assert paris is not None
    assert paris.geoname_id == PARIS_ID
    assert gazetteer.resolve("Paris, TX") not in (None, paris)


@pytest.mark.parametrize(
    ("first", "second", "country_code"),
    [
        ("München", "Munich", "DE"),
        ("Zürich", "Zurich", "CH"),
        ("São Paulo", "Sao Paulo", "BR"),
        ("Köln", "Cologne", "DE"),
        ("Bengaluru", "Bangalore", "IN"),
        ("Kraków", "Krakow", "PL"),
        ("Kyiv", "Kiev", "UA"),
    ],
)
def test_resolve_understands_accents_and_alternate_names(
    gazetteer: Gazetteer, first: str, second: str, country_code: str
) -> None:
    """Local spellings, plain-ASCII spellings and English exonyms name the same city."""
    city = gazetteer.resolve(first)
    assert city is not None
    assert city == gazetteer.resolve(second)
    assert city.country_code == country_code


def test_city_carries_an_ascii_name(gazetteer: Gazetteer) -> None:
    """ascii_name drops accents and keeps case."""
    zurich = gazetteer.resolve("Zurich")
    lodz = gazetteer.resolve("Lodz")
    assert zurich is not None
    assert (zurich.name, zurich.ascii_name) == ("Zürich", "Zurich")
    assert lodz is not None
    assert (lodz.name, lodz.ascii_name) == ("Łódź", "Lodz")


@pytest.mark.parametrize(
    "text",
    ["", " ", ",", "Qwxzv Plormb", "remote", "Berlin, Japan", "Portland, Japan", "\x00", "😀",
     "🏙️ city", "x" * 10_000, "Berlin, " * 2_000],
)  # fmt: skip
def test_resolve_returns_none_for_text_that_names_no_city(gazetteer: Gazetteer, text: str) -> None:
    """Gibberish, empty text, contradicting qualifiers and huge input give None."""
    assert gazetteer.resolve(text) is None


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_resolve_never_raises(text: str) -> None:
    """Any string is safe to resolve."""
    city = get_gazetteer().resolve(text)
    assert city is None or city.name


@settings(max_examples=200, deadline=None)
@given(prefix=st.text(max_size=50), limit=st.integers(min_value=-5, max_value=80))
def test_search_prefix_never_raises_and_respects_the_limit(prefix: str, limit: int) -> None:
    """Any prefix is safe, and at most ``limit`` distinct cities come back."""
    cities = get_gazetteer().search_prefix(prefix, limit=limit)
    assert len(cities) <= max(limit, 0)
    assert len({city.geoname_id for city in cities}) == len(cities)


def test_search_prefix_ranks_own_names_by_population(gazetteer: Gazetteer) -> None:
    """Cities whose own name starts with the prefix come first, most populous first."""
    cities = gazetteer.search_prefix("ber", limit=10)
    assert cities[0].geoname_id == BERLIN_ID
    own_name_matches = [city for city in cities if fold(city.name).startswith("ber")]
    assert cities[: len(own_name_matches)] == own_name_matches
    populations = [city.population for city in own_name_matches]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize("prefix", ["zür", "zur", "ZÜR", "Zu\u0308r"])
def test_search_prefix_ignores_case_and_accents(gazetteer: Gazetteer, prefix: str) -> None:
    """Composed, decomposed, upper- and lower-case, accented or not: all find Zürich."""
    cities = gazetteer.search_prefix(prefix, limit=5)
    assert cities[0].name == "Zürich"


def test_search_prefix_hides_districts_listed_as_city_parts(gazetteer: Gazetteer) -> None:
    """Districts listed as "Zürich (Kreis 3)" do not crowd out real cities."""
    names = [city.name for city in gazetteer.search_prefix("zürich", limit=20)]
    assert names[0] == "Zürich"
    assert not [name for name in names if "Kreis" in name]


def test_search_prefix_finds_cities_by_alternate_name(gazetteer: Gazetteer) -> None:
    """Typing the German name still offers Munich."""
    assert "Munich" in [city.name for city in gazetteer.search_prefix("Münch", limit=10)]
    assert gazetteer.search_prefix("sao paul", limit=1)[0].name == "São Paulo"


def test_search_prefix_honours_large_limits(gazetteer: Gazetteer) -> None:
    """Beyond the precomputed block size the answer is still complete and ordered."""
    small = gazetteer.search_prefix("san", limit=10)
    large = gazetteer.search_prefix("san", limit=120)
    assert len(large) == 120
    assert large[:10] == small


def test_search_prefix_returns_nothing_for_an_empty_prefix(gazetteer: Gazetteer) -> None:
    """Blank input offers no cities."""
    assert gazetteer.search_prefix("") == []
    assert gazetteer.search_prefix("  ,") == []
    assert gazetteer.search_prefix("qxqxqxqx") == []


def test_search_prefix_is_fast(gazetteer: Gazetteer) -> None:
    """A query, even a one-letter one spanning most of the index, takes well under 1 ms."""
    prefixes = ["s", "a", "m", "b", "san", "new", "lo", "mün", "zu", "ber"] * 50
    started = time.perf_counter()
    for prefix in prefixes:
        gazetteer.search_prefix(prefix)
    assert (time.perf_counter() - started) / len(prefixes) < 0.001


def test_haversine_berlin_to_paris_is_about_878_km(gazetteer: Gazetteer) -> None:
    """The great-circle distance matches the published figure within 1%."""
    berlin = gazetteer.get(BERLIN_ID)
    paris = gazetteer.get(PARIS_ID)
    assert berlin is not None
    assert paris is not None
    distance = haversine_km(berlin.latitude, berlin.longitude, paris.latitude, paris.longitude)
    assert distance == pytest.approx(878, rel=0.01)
    assert haversine_km(paris.latitude, paris.longitude, berlin.latitude, berlin.longitude) == (
        pytest.approx(distance)
    )
    assert haversine_km(52.5, 13.4, 52.5, 13.4) == 0


def test_haversine_handles_antipodes_and_the_date_line() -> None:
    """Half the circumference at most; crossing 180° is a short hop."""
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20_015, rel=0.001)
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.2, rel=0.01)


def test_nearby_lists_cities_within_the_radius_nearest_first(gazetteer: Gazetteer) -> None:
    """Around Berlin: Berlin itself first, Potsdam within 35 km, Hamburg not."""
    berlin = gazetteer.get(BERLIN_ID)
    assert berlin is not None
    cities = gazetteer.nearby(berlin.latitude, berlin.longitude, radius_km=35)
    distances = [
        haversine_km(berlin.latitude, berlin.longitude, city.latitude, city.longitude)
        for city in cities
    ]
    names = [city.name for city in cities]
    assert cities[0].geoname_id == BERLIN_ID
    assert "Potsdam" in names
    assert "Hamburg" not in names
    assert distances == sorted(distances)
    assert max(distances) <= 35


def test_nearby_crosses_the_date_line(gazetteer: Gazetteer) -> None:
    """A point just east of 180° finds Fiji's capital just west of it."""
    names = [city.name for city in gazetteer.nearby(-18.0, -179.9, radius_km=300)]
    assert "Suva" in names


def test_nearby_with_a_huge_radius_returns_every_city(gazetteer: Gazetteer) -> None:
    """Half the Earth's circumference reaches everywhere."""
    assert len(gazetteer.nearby(0.0, 0.0, radius_km=20_100)) == len(gazetteer.cities())


@pytest.mark.parametrize(
    ("latitude", "longitude", "radius_km"),
    [(float("nan"), 0.0, 10.0), (0.0, float("inf"), 10.0), (91.0, 0.0, 10.0), (0.0, 0.0, -1.0)],
)
def test_nearby_returns_nothing_for_impossible_input(
    gazetteer: Gazetteer, latitude: float, longitude: float, radius_km: float
) -> None:
    """Out-of-range coordinates and negative radii match no city rather than raising."""
    assert gazetteer.nearby(latitude, longitude, radius_km=radius_km) == []


def test_country_name_reads_iso_codes(gazetteer: Gazetteer) -> None:
    """Alpha-2 codes in any case give the English name; unknown codes give None."""
    assert gazetteer.country_name("DE") == "Germany"
    assert gazetteer.country_name("gb") == "United Kingdom"
    assert gazetteer.country_name("XX") is None
    assert gazetteer.country_name("") is None
