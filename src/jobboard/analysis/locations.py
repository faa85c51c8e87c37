"""Places a description names for the job ("Location: Berlin", "based in Austin, TX", a
title ending in "(Belo Horizonte)"), resolved through the bundled gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobboard.analysis.text import lines_containing
from jobboard.places.gazetteer import City, Gazetteer, fold, get_gazetteer

MAX_PLACES = 10
_MAX_PIECES = 40
_LABEL = re.compile(
    r"^(?:job |work |office )?(?:locations?|based in|where|city|office)\s*[:\-–]\s*(?P<places>.+)$",
    re.I,
)
_PHRASE = re.compile(
    r"\b(?i:based (?:in|out of)|located in|offices? in|headquartered in|hq in|on[- ]?site in|"
    r"in[- ]office in|hybrid in|hybrid from|from our|in our|at our|to our|visit our|join us in|"
    r"relocat\w* to|position in|role in|team in|hubs? in|studio in|campus in|work from)\s+"
    # A lookahead, so that one phrase's places do not hide the next phrase.
    r"(?=(?P<places>[A-Z][^.;:!?\n()]{0,80}))"
)
# Every label or phrase above holds one of these; other lines are skipped.
_PHRASE_WORDS = (
    "location", "based", "located", "where", "city", "office", "headquarter", "hq", "site",
    "hybrid", " our ", "join us", "relocat", "position in", "role in", "team in", "hub",
    "studio", "campus", "work from",
)  # fmt: skip
_PIECES = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bor\b|\s-\s)\s*")
_TITLE_PARTS = re.compile(r"\s*(?:[,(|/@]|\)|\s[-–—]\s|\bin\b)\s*")
# Words that are also the names of cities but in a job's text name something else.
_NOT_PLACES = frozenset(
    "mobile reading bath nice split orange sandy independence normal enterprise commerce "
    "security frontend backend data cloud design marketing sales growth payments search core "
    "identity trust platform infrastructure product platforms apps web api ai ml remote hybrid "
    "onsite office global international americas emea apac latam europe worldwide anywhere us "
    "uk eu usa hq headquarters home our the multiple various flexible distributed team "
    "engineering services operations research support success hub energy health games "
    "gaming media mission victoria florence".split()
)


@dataclass(frozen=True, slots=True)
class PlaceFinding:
    text: str  # the words that named it
    city: City


def _resolve_pieces(pieces: list[str], gazetteer: Gazetteer) -> list[PlaceFinding]:
    found: list[PlaceFinding] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        city = _resolve_piece(piece, gazetteer)
        if city is not None and following:
            combined = gazetteer.resolve(f"{piece}, {following}")
            if combined is not None and combined.geoname_id != city.geoname_id:
                found.append(PlaceFinding(text=f"{piece}, {following}", city=combined))
                index += 2
                continue
        if city is not None:
            found.append(PlaceFinding(text=piece, city=city))
        index += 1
    return found


def _resolve_piece(piece: str, gazetteer: Gazetteer) -> City | None:
    words = piece.split()
    # "Berlin office", "London HQ": drop trailing words until a city is left.
    for size in range(min(len(words), 4), 0, -1):
        candidate = " ".join(words[:size])
        if fold(candidate) in _NOT_PLACES or not candidate[:1].isupper():
            continue
        city = gazetteer.resolve(candidate)
        if city is not None:
            return city
    return None


def _split(text: str) -> list[str]:
    return [piece.strip(" .") for piece in _PIECES.split(text) if piece.strip(" .")]


def find_places(
    title: str, lines: list[str], header_fields: tuple[str, ...] = ()
) -> list[PlaceFinding]:
    """Return the cities the title, the header line's fields ("Acme | Berlin or Remote |
    Full-time") and the description name for the job, first named first."""
    gazetteer = get_gazetteer()
    pieces: list[list[str]] = []
    title_parts = [part for part in _TITLE_PARTS.split(title) if part.strip()]
    if len(title_parts) > 1:
        pieces.append([part.strip() for part in title_parts[1:]])
    # The first field names the company ("Phoenix Labs"), not a place.
    for field in header_fields[1:]:
        pieces.append(_split(field))
    for line, may_name in zip(lines, lines_containing(lines, _PHRASE_WORDS), strict=True):
        if not may_name:
            continue
        label = _LABEL.match(line)
        if label:
            pieces.append(_split(label.group("places")))
        for match in _PHRASE.finditer(line):
            pieces.append(_split(match.group("places")))
        if sum(len(group) for group in pieces) > _MAX_PIECES:
            break
    places: list[PlaceFinding] = []
    seen: set[int] = set()
    for group in pieces:
        for place in _resolve_pieces(group[:_MAX_PIECES], gazetteer):
            if place.city.geoname_id not in seen:
                seen.add(place.city.geoname_id)
                places.append(place)
    return places[:MAX_PLACES]
