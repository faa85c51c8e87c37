"""Places wider than a city: first-level divisions, countries and named regions, resolved
from free text and covered by the remote regions that include them."""

from __future__ import annotations

import pytest

from jobboard.places.gazetteer import Area, City, Country, Division, Gazetteer, get_gazetteer
from jobboard.places.regions import REGION_WORDS, regions_open_to


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("Portugal", "PT"),
        ("Deutschland", "DE"),
        ("UK", "GB"),
        ("USA", "US"),
        ("United States", "US"),
        ("Mexico", "MX"),
        ("Kuwait", "KW"),
        ("Remote (US)", "US"),
        ("Remote - Germany", "DE"),
        ("Remote-Friendly US (Travel Required)", "US"),
        ("Anywhere in the U.S. (remote job)", "US"),
        ("Remote, Canada", "CA"),
    ],
)
def test_a_text_that_names_only_a_country_is_the_country(
    gazetteer: Gazetteer, text: str, code: str
) -> None:
    """Names, aliases and remote qualifiers around a country give the country, even where a
    city somewhere carries the name as an alternate ("Mexico")."""
    place = gazetteer.resolve_place(text)
    assert isinstance(place, Country)
    assert place.code == code
    assert place.geoname_id > 0
    assert gazetteer.country_by_id(place.geoname_id) == place


@pytest.mark.parametrize(
    ("text", "country_code"),
    [
        ("Lisbon, Portugal", "PT"),
        ("Singapore", "SG"),
        ("Berlin, Germany", "DE"),
        ("New York", "US"),
        ("Remote - Berlin", "DE"),
    ],
)
def test_a_city_stays_the_most_specific_place(
    gazetteer: Gazetteer, text: str, country_code: str
) -> None:
    """A city wins over its country; a city-state named by its own name is the city."""
    place = gazetteer.resolve_place(text)
    assert isinstance(place, City)
    assert place.country_code == country_code


@pytest.mark.parametrize(
    ("text", "country_code", "name"),
    [
        ("British Columbia, Canada", "CA", "British Columbia"),
        ("Ontario, CAN", "CA", "Ontario"),
        ("California", "US", "California"),
        ("Bayern, Deutschland", "DE", "Bavaria"),
    ],
)
def test_states_and_provinces_are_divisions(
    gazetteer: Gazetteer, text: str, country_code: str, name: str
) -> None:
    """A state or province without a city is a division of its country."""
    assert gazetteer.resolve_place(text) == Division(country_code=country_code, name=name)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("EMEA", "emea"),
        ("Remote - EMEA", "emea"),
        ("EU", "eu"),
        ("European Union", "eu"),
        ("Europe", "europe"),
        ("LATAM", "latam"),
        ("Latin America", "latam"),
        ("APAC", "apac"),
        ("North America", "north-america"),
        ("DACH", "dach"),
    ],
)
def test_named_regions_are_areas(gazetteer: Gazetteer, text: str, code: str) -> None:
    """A named region of several countries is an area, not a city that shares its letters
    ("Apac" in Uganda, "Latham" in New York)."""
    place = gazetteer.resolve_place(text)
    assert isinstance(place, Area)
    assert place.code == code
    assert place.countries == REGION_WORDS[code]


@pytest.mark.parametrize(
    "text", ["", "Remote", "Worldwide", "Multiple Locations", "Atlantis Base 7", "x" * 500]
)
def test_texts_that_name_no_place(gazetteer: Gazetteer, text: str) -> None:
    """No place: empty text, a workplace, "anywhere", a placeholder, or gibberish."""
    assert gazetteer.resolve_place(text) is None


def test_regions_cover_their_countries() -> None:
    """The EU is in Europe and in EMEA; a country is covered by every region holding it."""
    assert REGION_WORDS["eu"] <= REGION_WORDS["europe"] <= REGION_WORDS["emea"]
    assert REGION_WORDS["north-america"] <= REGION_WORDS["americas"]
    assert {"latam", "americas", "south-america", "worldwide", "BR"} <= regions_open_to("BR")
    assert "eu" not in regions_open_to("CH")
    assert {"eu", "europe", "emea", "dach"} <= regions_open_to("DE")
    assert regions_open_to("eu") >= {"eu", "europe", "emea", "worldwide"}
