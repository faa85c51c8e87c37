"""Where the work happens: onsite, hybrid or remote, and for remote jobs from where and when.

Regions come out as ISO country codes ("US", "DE") or lower-case macro regions ("europe",
"emea", "americas", "north-america", "latam", "apac", "worldwide"), the vocabulary of a job's
`remote_regions`. Time-zone windows are UTC offsets in minutes ("UTC-5 to UTC+1" ->
(-300, 60)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from jobboard.analysis.text import lines_containing
from jobboard.places.gazetteer import get_gazetteer

Workplace = Literal["onsite", "hybrid", "remote"]

_NOT_REMOTE = re.compile(
    r"\b(?:not (?:a )?(?:fully )?remote|no remote|non[- ]remote|remote (?:work )?is not "
    r"(?:possible|available|an option|offered)|not (?:open to|available for|eligible for) "
    r"remote|(?:do not|don[’']t|does not|doesn[’']t) (?:do|offer|allow|support|hire) "
    r"remote|cannot be (?:done )?remote(?:ly)?|this is not a remote|fully on[- ]?site|"
    r"100% on[- ]?site|office[- ]based|in[- ]office (?:5|five) days|(?:5|five) days a week in "
    r"(?:the|our) office|(?:5|five) days (?:per|a) week (?:in|at|from) (?:the|our) office|"
    r"on[- ]?site (?:5|five) days|work from (?:our|the) office every day)\b",
    re.I,
)
_HYBRID = re.compile(
    r"\bhybrid\b(?! (?:cloud|app|apps|mobile|infrastructure|environments?|multi|work ?loads?|"
    r"architectures?|systems?|search|integration|solutions?|model of|physical|digital|"
    r"experiences?|vehicles?|cars?|engines?|approach))|"
    r"\b(?:one|two|three|four|[1-4])(?:\s*(?:-|–|to|or)\s*(?:two|three|four|[2-4]))?\s+"
    r"(?:days?|times)\s+(?:a|per|each|every|/)\s*week\b[^.\n]{0,40}\b(?:office|on[- ]?site|in "
    r"person|in-person|hub|studio|campus)|"
    r"\b(?:office|on[- ]?site|in person|in-person|come in|come into|hub|studio|campus)\b"
    r"[^.\n]{0,30}"
    r"\b(?:one|two|three|four|[1-4])(?:\s*(?:-|–|to|or)\s*(?:two|three|four|[2-4]))?\s+"
    r"(?:days?|times)\s+(?:a|per|each|every|/)\s*week|"
    r"\b(?:one|two|three|four|[1-4])(?:\s*(?:-|–|to|or)\s*(?:two|three|four|[2-4]))?\s+days?\s+"
    r"(?:a week\s+|per week\s+)?(?:in|at|from)\s+(?:the|our|an?)\s+(?:\w+\s+)?office|"
    r"\bpartially remote\b|\bpartly remote\b|\bpart[- ]remote\b|\bsplit between (?:home|remote)|"
    r"\b(?:half|part|some) (?:of )?(?:your|the) (?:week|time) (?:in|at) (?:the|our) office\b|"
    r"\bflexibility to work from home\b|\bflexible working from home\b|"
    r"\b(?:one|two|three|[1-3])\s+(?:wfh|work[- ]from[- ]home|remote|home[- ]office)\s+days?\s+"
    r"(?:a|per|each)\s+week\b|"
    r"\bmix of (?:office|in[- ]person) and (?:home|remote)\b|"
    r"\b(?:a )?couple of days (?:a|per|each) week (?:in|at) (?:the|our) office\b|"
    r"\bin the office (?:on )?(?:mondays|tuesdays|wednesdays|thursdays|fridays)\b|"
    r"\boffice\b[^.\n]{0,60}\b(?:mondays|tuesdays|wednesdays|thursdays|fridays)\b|"
    r"\boffice\b[^.\n]{0,40}\b(?:tues|wednes|thurs)day\s+(?:to|through|-|–)\s+"
    r"(?:wednes|thurs|fri)day\b|"
    r"\boffice (?:days|on (?:mondays|tuesdays|wednesdays|thursdays|fridays))\b|"
    r"\bmix of (?:remote|home) and office\b|\bflexible hybrid\b|"
    r"\bremote[- ]friendly\b[^.\n]{0,60}\boffice\b",
    re.I,
)
_REMOTE = re.compile(
    r"\b(?:fully|100\s?%|completely|entirely|full|permanently|all)[ -]remote\b|"
    r"\bremote[- ](?:first|only|native|based|role|position|job|opportunity|work|working|"
    r"friendly|team|company|setup|contract|eligible|ok|possible)\b|"
    r"\bwork (?:from|remotely from) anywhere\b|\bwork(?:ing)? remotely\b|"
    r"(?-i:\bREMOTE\b)|\bor remote(?:ly)?\b|\bremote\.?\s*$|"
    r"\bremote (?:is|are) (?:fine|ok|okay|possible|welcome|an option)\b|"
    r"\bremote (?:candidates|applicants|engineers|developers|workers) (?:are |will be )?"
    r"(?:also )?(?:welcome|considered)\b|"
    r"(?:^|[.!?]\s+)remote\s*,|"
    r"\b(?:is|are|be|being|as) (?:a )?(?:fully )?remote\b|\bremote\s*(?:\(|\)|-|–|—|:|/|\bin\b|"
    r"\bwithin\b|\bacross\b|\bfrom\b)|\blocation\s*:\s*remote\b|\bremote\s*$|^\s*remote\b|"
    r"\bremote,? (?:us|usa|uk|eu|europe|emea|worldwide|global|anywhere|americas|latam|apac)\b|"
    r"\banywhere in (?:the )?(?:world|us|u\.s\.|usa|united states|europe|eu|uk|canada|"
    r"emea|americas|latam|apac)\b|\bwork from home\b|\bdistributed team\b|"
    r"\bwherever (?:in the world )?you (?:happen to )?(?:be|are|live)\b|\bfrom wherever\b|"
    r"\byou can (?:be|live|work) (?:based |located )?(?:anywhere )?(?:with)?in (?:the )?"
    r"(?:emea|europe|eu|americas|latam|apac|north america|united states|us|uk|canada)\b|"
    r"\b(?:must|should|need to) (?:be )?(?:located|based|living|residing|reside|live) in (?:the )?"
    r"(?:americas|europe|emea|apac|latam|north america|eu|european union)\b",
    re.I | re.M,
)
_ONSITE = re.compile(
    r"\bon[- ]?site\b(?! (?:interviews?|visits?|meetings?|events?|day))|"
    r"\bin[- ]office\b(?! (?:perks|lunch|lunches|snacks|meals|events|benefits))|"
    r"\bin the office\b|"
    r"\bwork (?:from|at|in) (?:our|the) (?:[\w'-]+ ){0,3}(?:office|headquarters|hq|campus)\b|"
    r"\bbased in our (?:[\w'-]+ ){0,3}office\b|"
    r"\bin[- ]person\b(?! (?:interviews?|events?|meetings?|offsites?|"
    r"gatherings?|meetups?))|\bbased (?:in|at|out of) (?:our|the) \w+ office\b|"
    r"\bat our (?:\w+ )?(?:office|headquarters|hq|campus|studio)\b|\bin[- ]studio\b|"
    r"\b(?:is|are|be) (?:based )?in our (?:[\w'-]+ ){0,2}(?:office|headquarters|hq|studio)\b|"
    r"\brelocat(?:e|ion) (?:to|is required)\b|\blocal only\b|"
    r"\b(?:roles?|positions?|jobs?) (?:is |are )?(?:all )?based in\b",
    re.I,
)
_MACRO_REGIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:worldwide|anywhere(?! in)|global(?:ly)?|any country|all countries|"
            r"(?:anywhere|wherever) in the world)\b",
            re.I,
        ),
        "worldwide",
    ),
    (re.compile(r"\bemea\b", re.I), "emea"),
    (re.compile(r"\b(?:apac|asia[- ]pacific|asia pacific)\b", re.I), "apac"),
    (re.compile(r"\b(?:latam|latin america|south america)\b", re.I), "latam"),
    (re.compile(r"\bnorth america\b", re.I), "north-america"),
    (re.compile(r"\b(?:the )?americas\b", re.I), "americas"),
    (re.compile(r"\b(?:europe|european union|eu|eea|european)\b", re.I), "europe"),
    (re.compile(r"\b(?:asia)\b", re.I), "asia"),
    (re.compile(r"(?<!south )\bafrica\b", re.I), "africa"),
    (re.compile(r"\b(?:oceania)\b", re.I), "oceania"),
)
_COUNTRY_ALIASES = {
    "us": "US",
    "u.s.": "US",
    "u.s": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "uae": "AE",
    "czechia": "CZ",
    "the netherlands": "NL",
    "netherlands": "NL",
    "holland": "NL",
    "south korea": "KR",
    "korea": "KR",
}
_COUNTRY_WORDS = re.compile(r"\b[A-Z][A-Za-z.]+(?:[ -](?:of )?[A-Z][A-Za-z.]+){0,3}\b")
_REGION_CONTEXT = re.compile(
    r"\bremote\b|\b(?:located|based|living|reside|residing|live|resident|residents|eligible "
    r"to work|authori[sz]ed to work|candidates|applicants|hiring)\b[^.\n]{0,20}\b(?:in|within|"
    r"from)\b|\banywhere in\b|\bwherever\b|\bcandidate location\b|\blocation\s*:|"
    r"\byou can be\b",
    re.I,
)
# "(excluding France)": places named to be left out are no regions.
_EXCLUDED_PLACES = re.compile(
    r"\b(?:excluding|except(?: for| in)?|other than|not including|outside(?: of)?|but not)\b"
    r"[^.;)]*",
    re.I,
)
_ZONE_OFFSETS = {
    "pst": -480, "pdt": -420, "pt": -480, "pacific": -480,
    "mst": -420, "mdt": -360, "mt": -420, "mountain": -420,
    "cst": -360, "cdt": -300, "ct": -360, "central": -360,
    "est": -300, "edt": -240, "et": -300, "eastern": -300,
    "brt": -180, "art": -180,
    "gmt": 0, "utc": 0, "wet": 0, "bst": 60, "west": 60,
    "cet": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
    "ist": 330, "sgt": 480, "hkt": 480, "awst": 480, "jst": 540, "kst": 540,
    "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
}  # fmt: skip
_ZONE_NAMES = "|".join(sorted(_ZONE_OFFSETS, key=len, reverse=True))
_OFFSET = rf"(?:(?:utc|gmt)\s*(?:[+\-−–]\s*\d{{1,2}}(?::?\d{{2}})?)?|\b(?:{_ZONE_NAMES})\b)"
_ZONE_RANGE = re.compile(
    rf"(?P<first>{_OFFSET})\s*(?:-|–|—|to|and|through|until)\s*(?P<second>{_OFFSET})", re.I
)
_ZONE_AROUND = re.compile(
    rf"(?P<zone>{_OFFSET})\s*(?:±|\+/-|\+-|plus or minus|\+/−)\s*(?P<hours>\d{{1,2}})"
    rf"\s*(?:h|hours?)?|"
    rf"(?:within|±|\+/-|plus or minus)\s*(?P<hours2>\d{{1,2}})\s*(?:h|hours?)\s*(?:of|from)\s*"
    rf"(?P<zone2>{_OFFSET})",
    re.I,
)
_ZONE_SINGLE = re.compile(
    rf"(?:overlap (?:with)?|in|within|during|on|align(?:ed)? with|work(?:ing)?|hours in)\s+"
    rf"(?:the\s+)?(?P<zone>{_OFFSET})(?:\s+(?:time ?zone|hours|business hours|working hours))?",
    re.I,
)
_NAMED_ZONES: tuple[tuple[re.Pattern[str], tuple[int, int]], ...] = (
    (re.compile(r"\b(?:us|u\.s\.|american|north american) time ?zones?\b", re.I), (-600, -300)),
    (re.compile(r"\b(?:european|europe|eu|cet|central european) time ?zones?\b", re.I), (0, 180)),
    (re.compile(r"\b(?:americas|latam|latin american) time ?zones?\b", re.I), (-600, -180)),
    (re.compile(r"\b(?:apac|asia[- ]pacific) time ?zones?\b", re.I), (330, 720)),
)


@dataclass(frozen=True, slots=True)
class TimeZoneWindow:
    earliest: int  # UTC offset, minutes
    latest: int


@dataclass(frozen=True, slots=True)
class WorkplaceFinding:
    workplace: Workplace
    evidence: str
    remote_regions: tuple[str, ...]
    time_zones: tuple[TimeZoneWindow, ...]
    office_evidence: str | None  # words that ask for office presence, if any


def _offset(raw: str) -> int | None:
    text = raw.lower().replace("−", "-").replace("–", "-").replace(" ", "")
    if text.startswith(("utc", "gmt")):
        rest = text[3:]
        if not rest:
            return 0
        sign = -1 if rest[0] == "-" else 1
        digits = rest[1:].replace(":", "")
        if not digits.isdigit():
            return None
        hours = int(digits[:-2]) if len(digits) > 2 else int(digits)
        minutes = int(digits[-2:]) if len(digits) > 2 else 0
        if hours > 14 or minutes >= 60:
            return None
        return sign * (hours * 60 + minutes)
    return _ZONE_OFFSETS.get(text)


# Lines that may name a time zone: an upper-case abbreviation ending in T, or these words.
_MAY_NAME_ZONE = re.compile(
    r"(?-i:\b[A-Z]{1,4}T\b)|utc|gmt|time ?zones?|pacific|eastern|central|mountain",
    re.I,
)


def find_time_zones(text: str) -> list[TimeZoneWindow]:
    text = "\n".join(line for line in text.splitlines() if _MAY_NAME_ZONE.search(line))
    windows: list[TimeZoneWindow] = []
    taken: list[tuple[int, int]] = []

    def add(earliest: int, latest: int, span: tuple[int, int]) -> None:
        if any(start <= span[0] < end for start, end in taken):
            return
        taken.append(span)
        window = TimeZoneWindow(min(earliest, latest), max(earliest, latest))
        if window not in windows:
            windows.append(window)

    for match in _ZONE_RANGE.finditer(text):
        first, second = _offset(match.group("first")), _offset(match.group("second"))
        if first is not None and second is not None:
            add(first, second, match.span())
    for match in _ZONE_AROUND.finditer(text):
        zone = _offset(match.group("zone") or match.group("zone2") or "")
        hours = int(match.group("hours") or match.group("hours2") or 0)
        if zone is not None and hours <= 12:
            add(zone - hours * 60, zone + hours * 60, match.span())
    for pattern, (earliest, latest) in _NAMED_ZONES:
        for match in pattern.finditer(text):
            add(earliest, latest, match.span())
    for match in _ZONE_SINGLE.finditer(text):
        zone = _offset(match.group("zone"))
        if zone is not None:
            add(zone, zone, match.span("zone"))
    return windows


def _country_code(phrase: str) -> str | None:
    key = phrase.strip().strip(".,").lower()
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    return _country_names().get(key)


@cache
def _country_names() -> dict[str, str]:
    gazetteer = get_gazetteer()
    names: dict[str, str] = {}
    for code in _COUNTRIES:
        name = gazetteer.country_name(code)
        if name is not None:
            names[name.lower()] = code
    return names


_COUNTRIES: list[str] = (
    "AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA "
    "CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FR GA "
    "GB GD GE GH GM GN GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH "
    "KM KN KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MR MT MU MV MW "
    "MX MY MZ NA NE NG NI NL NO NP NZ OM PA PE PG PH PK PL PR PT PY QA RO RS RU RW SA SB SC SD "
    "SE SG SI SK SL SN SO SR SS SV SY SZ TD TG TH TJ TL TM TN TR TT TW TZ UA UG US UY UZ VE VN "
    "YE ZA ZM ZW"
).split()


def find_regions(text: str) -> list[str]:
    """Regions named near a statement of where remote applicants may be."""
    regions: list[str] = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\n", text):
        if not _REGION_CONTEXT.search(sentence):
            continue
        sentence = _EXCLUDED_PLACES.sub(" ", sentence)
        for pattern, region in _MACRO_REGIONS:
            if pattern.search(sentence) and region not in regions:
                regions.append(region)
        for match in _COUNTRY_WORDS.finditer(sentence):
            phrase = match.group()
            words = phrase.split()
            for size in range(len(words), 0, -1):
                for start in range(len(words) - size + 1):
                    code = _country_code(" ".join(words[start : start + size]))
                    if code is not None and code not in regions:
                        regions.append(code)
        for word in re.findall(r"\b(?:US|USA|U\.S\.|UK|UAE)\b", sentence):
            code = _COUNTRY_ALIASES[word.lower()]
            if code not in regions:
                regions.append(code)
    if "worldwide" in regions:
        return ["worldwide"]
    return regions


# Every workplace pattern needs one of these words; other lines are skipped.
_KEYWORDS = (
    "remote", "hybrid", "office", "site", "home", "anywhere", "wherever", "person", "week",
    "distributed", "relocat", "headquarters", "campus", "hq", "studio", "hub", "located",
    "based", "living", "reside", "live in", "you can be", "wfh", "local",
)  # fmt: skip


# A company-wide rule ("we expect all staff in an office 25% of the time") yields to what the
# posting says about the role itself.
_COMPANY_POLICY = re.compile(
    r"\b(?:all (?:staff|employees|team members|our people)|policy|company[- ]wide|everyone at)\b",
    re.I,
)


# "Remote work depends on the role -- some are onsite only, others may be remote": a line
# that says the workplace varies with the role states none for this one.
_VARIES_BY_ROLE = re.compile(
    r"\b(?:depends? on the (?:role|position|team|job)|(?:varies|differs) (?:by|with|from) "
    r"(?:role|position|team|job)|(?:some|certain) (?:roles|positions|jobs|of (?:the|our|these) "
    r"(?:roles|positions|jobs)) (?:are|may be|can be|could be)\b[^.\n]{0,40}\bothers?\b)",
    re.I,
)


_REMOTE_OR_HYBRID = re.compile(
    r"\bremote\b[^.\n]{0,60}\bor\b[^.\n]{0,20}\b(?:hybrid|on[- ]?site|in[- ]office)\b|"
    r"\b(?:hybrid|on[- ]?site|in[- ]office)\b[^.\n]{0,60}\bor\b[^.\n]{0,20}\bremote\b",
    re.I,
)


def _remote_or_hybrid(text: str) -> bool:
    return _REMOTE_OR_HYBRID.search(text) is not None


def find_workplace(
    lines: list[tuple[str, bool]], header: tuple[str, str] | None = None
) -> WorkplaceFinding | None:
    """Read the workplace from the description's lines: (text, counts fully).

    A workplace the header line states (``header``: the workplace and its field) comes first.
    Lines that do not count fully (company boilerplate) only decide when nothing else does.
    """
    everything = "\n".join(text for text, _ in lines)
    if header is not None:
        workplace, evidence = header
        if workplace == "remote":
            return WorkplaceFinding(
                "remote",
                evidence,
                tuple(find_regions(everything)),
                tuple(find_time_zones(everything)),
                None,
            )
        return WorkplaceFinding(
            "hybrid" if workplace == "hybrid" else "onsite", evidence, (), (), evidence
        )
    telling = lines_containing([text for text, _ in lines], _KEYWORDS)
    lines = [
        (text, counts and not _COMPANY_POLICY.search(text))
        for (text, counts), tells in zip(lines, telling, strict=True)
        if tells and not _VARIES_BY_ROLE.search(text)
    ]
    strong = "\n".join(text for text, counts in lines if counts)
    weak = "\n".join(text for text, counts in lines if not counts)
    for text in (strong, weak):
        finding = _read(text, everything=everything)
        if finding is not None:
            return finding
    return None


# "Send messages anywhere in the world": the product reaches everywhere, not the workplace.
_PRODUCT_REACH = re.compile(
    r"\b(?:send|sending|sends|deliver|delivering|delivers|ship|shipping|ships|reach|reaching|"
    r"connect|connecting|pay|paying|payments?|transfer|transfers|travel|travelling|traveling|"
    r"sell|selling|buy|buying|customers|users|messages|money|goods|parcels|packages)\b"
    r"[^.\n]{0,30}$",
    re.I,
)


def _remote_statement(text: str) -> re.Match[str] | None:
    for match in _REMOTE.finditer(text):
        if match.group().lower().startswith("anywhere") and _PRODUCT_REACH.search(
            text[max(0, match.start() - 60) : match.start()]
        ):
            continue
        return match
    return None


def _read(text: str, *, everything: str) -> WorkplaceFinding | None:
    not_remote = _NOT_REMOTE.search(text)
    hybrid = _HYBRID.search(text)
    remote = _remote_statement(text)
    onsite = _ONSITE.search(text)
    if not_remote:
        return WorkplaceFinding("onsite", not_remote.group(), (), (), not_remote.group())
    if hybrid and remote and _remote_or_hybrid(text):
        # "Remote in the US, or hybrid in New York": remote is an option.
        hybrid = None
    if hybrid:
        return WorkplaceFinding("hybrid", hybrid.group(), (), (), hybrid.group())
    if remote:
        return WorkplaceFinding(
            "remote",
            remote.group(),
            tuple(find_regions(everything)),
            tuple(find_time_zones(everything)),
            onsite.group() if onsite else None,
        )
    if onsite:
        return WorkplaceFinding("onsite", onsite.group(), (), (), onsite.group())
    return None
