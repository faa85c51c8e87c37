"""One parser per feed format, each turning a fetched body into FeedItems.

A body that is not the expected format raises FeedError (nothing is imported); an item with
a missing or mistyped field becomes an ItemProblem and the others still import. Field
mappings are documented in docs/integrations.md.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

from jobboard.integrations.feeds import fields
from jobboard.integrations.feeds.items import (
    FeedError,
    FeedItem,
    ItemError,
    ItemProblem,
    ParsedFeed,
)
from jobboard.kit.html import sanitize_html, text_to_html
from jobboard.places.gazetteer import City, get_gazetteer

Parser = Callable[[bytes], ParsedFeed]


def _json(body: bytes, kind: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"the {kind} feed is not valid JSON: {error}") from error


def _collect(
    records: list[Any], read: Callable[[dict[str, Any]], FeedItem | None], id_key: str
) -> ParsedFeed:
    parsed = ParsedFeed()
    for index, record in enumerate(records):
        source_id = None
        if isinstance(record, dict):
            raw_id = record.get(id_key)
            source_id = str(raw_id)[:255] if isinstance(raw_id, str | int) else None
        try:
            if not isinstance(record, dict):
                raise ItemError("the item is not an object")
            item = read(record)
        except ItemError as error:
            parsed.problems.append(
                ItemProblem(index=index, source_id=source_id, message=str(error))
            )
            continue
        if item is not None:
            parsed.items.append(item)
    return parsed


def _description(*parts: Any) -> str:
    pieces = [part for part in parts if isinstance(part, str) and part.strip()]
    return sanitize_html("".join(pieces))


def _dicts(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [entry for entry in value if isinstance(entry, dict)]
    return []


# Greenhouse job board: GET boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true


def _greenhouse_item(record: dict[str, Any]) -> FeedItem:
    metadata = {
        str(entry.get("name", "")).lower(): entry.get("value")
        for entry in _dicts(record.get("metadata"))
    }
    location_name = (
        fields.optional_text((record.get("location") or {}).get("name"))
        if isinstance(record.get("location"), dict)
        else None
    )
    offices = [
        fields.optional_text(office.get("location")) or fields.optional_text(office.get("name"))
        for office in _dicts(record.get("offices"))
    ]
    # The job's own location first, then its offices: the import keeps the most specific
    # place of those they name ("Lisbon, Portugal" over an office that says "Portugal").
    named = [
        part.strip() for part in (location_name or "").replace("|", ";").split(";") if part.strip()
    ]
    locations = list(dict.fromkeys([*named, *(office for office in offices if office)]))
    place_kind = (
        metadata.get("location type") or metadata.get("workplace type") or metadata.get("remote")
    )
    where = fields.workplace(place_kind) if isinstance(place_kind, str) else None
    if where is None and fields.looks_remote(location_name):
        where = "remote"
    pay = None
    for pay_range in _dicts(record.get("pay_input_ranges")):
        currency = pay_range.get("currency_type")
        low, high = pay_range.get("min_cents"), pay_range.get("max_cents")
        pay = fields.salary(
            low / 100 if isinstance(low, int | float) else None,
            high / 100 if isinstance(high, int | float) else None,
            currency,
            "yearly",
        )
        if pay is not None:
            break
    content = record.get("content")
    return FeedItem(
        source_id=fields.identifier(record.get("id")),
        title=fields.required_text(record, "title"),
        description_html=_description(html.unescape(content) if isinstance(content, str) else None),
        locations=locations,
        workplace=where,
        remote_regions=[code for code in [fields.remote_region(location_name or "")] if code],
        employment_type=fields.employment_type(metadata.get("employment type")),
        salary=pay,
        apply_url=fields.optional_text(record.get("absolute_url")),
        published_at=fields.parse_time(record.get("first_published") or record.get("updated_at")),
    )


def parse_greenhouse(body: bytes) -> ParsedFeed:
    data = _json(body, "Greenhouse")
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError("not a Greenhouse job board: the answer has no `jobs` list")
    return _collect(data["jobs"], _greenhouse_item, "id")


# Lever postings: GET api.lever.co/v0/postings/{site}?mode=json


def _lever_item(record: dict[str, Any]) -> FeedItem:
    categories = record.get("categories") if isinstance(record.get("categories"), dict) else {}
    assert isinstance(categories, dict)
    all_locations = categories.get("allLocations")
    locations = (
        [text for text in (fields.optional_text(entry) for entry in all_locations or []) if text]
        if isinstance(all_locations, list)
        else []
    )
    if not locations and fields.optional_text(categories.get("location")):
        locations = [str(fields.optional_text(categories.get("location")))]
    lists = "".join(
        f"<h3>{html.escape(str(entry.get('text', '')))}</h3><ul>{entry.get('content', '')}</ul>"
        for entry in _dicts(record.get("lists"))
        if isinstance(entry.get("content"), str)
    )
    where = fields.workplace(record.get("workplaceType"))
    country = fields.country_code(record.get("country"))
    salary_range = (
        record.get("salaryRange") if isinstance(record.get("salaryRange"), dict) else None
    )
    pay = (
        fields.salary(
            salary_range.get("min"),
            salary_range.get("max"),
            salary_range.get("currency"),
            fields.period(salary_range.get("interval")),
        )
        if salary_range
        else None
    )
    return FeedItem(
        source_id=fields.identifier(record.get("id")),
        title=fields.required_text(record, "text", label="text (the title)"),
        description_html=_description(record.get("description"), lists, record.get("additional")),
        locations=locations,
        workplace=where,
        remote_regions=[country] if where == "remote" and country else [],
        employment_type=fields.employment_type(categories.get("commitment")),
        salary=pay,
        apply_url=fields.optional_text(record.get("applyUrl"))
        or fields.optional_text(record.get("hostedUrl")),
        published_at=fields.parse_time(record.get("createdAt")),
    )


def parse_lever(body: bytes) -> ParsedFeed:
    data = _json(body, "Lever")
    if not isinstance(data, list):
        raise FeedError("not a Lever postings list: the answer is not a JSON array")
    return _collect(data, _lever_item, "id")


# Ashby job board: GET api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true


def _ashby_pay(record: dict[str, Any]) -> Any:
    compensation = record.get("compensation")
    if not isinstance(compensation, dict):
        return None
    components = list(_dicts(compensation.get("summaryComponents")))
    for tier in _dicts(compensation.get("compensationTiers")):
        components.extend(_dicts(tier.get("components")))
    for component in components:
        if component.get("compensationType") == "Salary":
            pay = fields.salary(
                component.get("minValue"),
                component.get("maxValue"),
                component.get("currencyCode"),
                fields.period(component.get("interval")),
            )
            if pay is not None:
                return pay
    return fields.salary_from_text(compensation.get("scrapeableCompensationSalarySummary"))


def _ashby_item(record: dict[str, Any]) -> FeedItem | None:
    if record.get("isListed") is False:
        return None
    location = fields.optional_text(record.get("location"))
    locations = [location] if location else []
    for secondary in _dicts(record.get("secondaryLocations")):
        text = fields.optional_text(secondary.get("location"))
        if text:
            locations.append(text)
    where = fields.workplace(record.get("workplaceType"))
    if where is None and record.get("isRemote") is True:
        where = "remote"
    region = fields.remote_region(location or "")
    if region is None and where == "remote":
        address = record.get("address")
        postal = address.get("postalAddress") if isinstance(address, dict) else None
        region = (
            fields.country_code(postal.get("addressCountry")) if isinstance(postal, dict) else None
        )
    description = record.get("descriptionHtml")
    if not isinstance(description, str):
        plain = record.get("descriptionPlain")
        description = text_to_html(plain) if isinstance(plain, str) else None
    return FeedItem(
        source_id=fields.identifier(record.get("id")),
        title=fields.required_text(record, "title"),
        description_html=_description(description),
        locations=locations,
        workplace=where,
        remote_regions=[region] if region and where == "remote" else [],
        employment_type=fields.employment_type(record.get("employmentType")),
        salary=_ashby_pay(record),
        apply_url=fields.optional_text(record.get("applyUrl"))
        or fields.optional_text(record.get("jobUrl")),
        published_at=fields.parse_time(record.get("publishedAt")),
    )


def parse_ashby(body: bytes) -> ParsedFeed:
    data = _json(body, "Ashby")
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError("not an Ashby job board: the answer has no `jobs` list")
    return _collect(data["jobs"], _ashby_item, "id")


# SmartRecruiters postings: GET api.smartrecruiters.com/v1/companies/{id}/postings


def _smartrecruiters_item(record: dict[str, Any]) -> FeedItem:
    location = record.get("location") if isinstance(record.get("location"), dict) else {}
    assert isinstance(location, dict)
    city = fields.optional_text(location.get("city"))
    remote = location.get("remote") is True or fields.looks_remote(city)
    parts = [fields.optional_text(location.get(key)) for key in ("city", "region", "country")]
    place = (
        ", ".join(part for part in parts if part) if city and not fields.looks_remote(city) else ""
    )
    country = fields.country_code(location.get("country"))
    job_ad = record.get("jobAd") if isinstance(record.get("jobAd"), dict) else {}
    assert isinstance(job_ad, dict)
    sections = job_ad.get("sections") if isinstance(job_ad.get("sections"), dict) else {}
    assert isinstance(sections, dict)
    description = "".join(
        f"<h3>{html.escape(str(section.get('title') or ''))}</h3>{section.get('text')}"
        for key in (
            "companyDescription",
            "jobDescription",
            "qualifications",
            "additionalInformation",
        )
        if isinstance(section := sections.get(key), dict) and isinstance(section.get("text"), str)
    )
    employment = record.get("typeOfEmployment")
    return FeedItem(
        source_id=fields.identifier(record.get("id")),
        title=fields.required_text(record, "name", label="name (the title)"),
        description_html=_description(description),
        locations=[place] if place else [],
        workplace="remote" if remote else None,
        remote_regions=[country] if remote and country else [],
        employment_type=fields.employment_type(
            employment.get("label") if isinstance(employment, dict) else None
        ),
        apply_url=fields.optional_text(record.get("applyUrl"))
        or fields.optional_text(record.get("postingUrl"))
        or fields.optional_text(record.get("ref")),
        published_at=fields.parse_time(record.get("releasedDate")),
    )


def parse_smartrecruiters(body: bytes) -> ParsedFeed:
    data = _json(body, "SmartRecruiters")
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        raise FeedError("not a SmartRecruiters postings page: the answer has no `content` list")
    return _collect(data["content"], _smartrecruiters_item, "id")


# Workable widget: GET apply.workable.com/api/v1/widget/accounts/{subdomain}?details=true


def _workable_item(record: dict[str, Any]) -> FeedItem:
    locations: list[str] = []
    regions: list[str] = []
    for entry in _dicts(record.get("locations")) or [record]:
        if entry.get("hidden") is True:
            continue
        parts = [
            fields.optional_text(entry.get(key)) for key in ("city", "region", "state", "country")
        ]
        place = ", ".join(dict.fromkeys(part for part in parts if part))
        if place and fields.optional_text(entry.get("city")):
            locations.append(place)
        code = fields.country_code(entry.get("countryCode") or entry.get("country"))
        if code:
            regions.append(code)
    remote = record.get("telecommuting") is True
    description = record.get("full_description") or record.get("description")
    return FeedItem(
        source_id=fields.identifier(record.get("shortcode"), label="shortcode"),
        title=fields.required_text(record, "title"),
        description_html=_description(description),
        locations=locations,
        workplace="remote" if remote else None,
        remote_regions=sorted(set(regions)) if remote else [],
        employment_type=fields.employment_type(record.get("employment_type")),
        apply_url=fields.optional_text(record.get("application_url"))
        or fields.optional_text(record.get("url"))
        or fields.optional_text(record.get("shortlink")),
        published_at=fields.parse_time(record.get("published_on") or record.get("created_at")),
    )


def parse_workable(body: bytes) -> ParsedFeed:
    data = _json(body, "Workable")
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError("not a Workable account: the answer has no `jobs` list")
    return _collect(data["jobs"], _workable_item, "shortcode")


# schema.org JobPosting in <script type="application/ld+json"> blocks of an HTML page


class _LinkedDataScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (
            tag == "script"
            and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json"
        ):
            self._inside, self._buffer = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside:
            self.blocks.append("".join(self._buffer))
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._buffer.append(data)


def _job_postings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for entry in node:
            yield from _job_postings(entry)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds:
            yield node
        elif "@graph" in node:
            yield from _job_postings(node["@graph"])


def _jsonld_item(record: dict[str, Any]) -> FeedItem:
    ident = record.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value")
    source_id = fields.identifier(ident or record.get("url"), label="identifier (or url)")
    locations: list[str] = []
    for place in _dicts(record.get("jobLocation")):
        address = place.get("address")
        if isinstance(address, str):
            locations.append(address)
        elif isinstance(address, dict):
            country = address.get("addressCountry")
            if isinstance(country, dict):
                country = country.get("name")
            parts = [
                fields.optional_text(address.get("addressLocality")),
                fields.optional_text(address.get("addressRegion")),
                fields.optional_text(country),
            ]
            if parts[0]:
                locations.append(", ".join(part for part in parts if part))
    remote = record.get("jobLocationType") == "TELECOMMUTE"
    requirements = record.get("applicantLocationRequirements")
    regions = [
        code for code in (fields.country_code(entry) for entry in _dicts(requirements)) if code
    ]
    pay = None
    base = record.get("baseSalary")
    if isinstance(base, dict):
        value = base.get("value")
        if isinstance(value, dict):
            pay = fields.salary(
                value.get("minValue", value.get("value")),
                value.get("maxValue"),
                base.get("currency"),
                fields.period(value.get("unitText")),
            )
        elif isinstance(value, int | float | str):
            pay = fields.salary(value, None, base.get("currency"), "yearly")
    description = record.get("description")
    if isinstance(description, str) and "<" not in description and "&lt;" in description:
        description = html.unescape(description)
    return FeedItem(
        source_id=source_id,
        title=fields.required_text(record, "title"),
        description_html=_description(description),
        locations=locations,
        workplace="remote" if remote else None,
        remote_regions=regions if remote else [],
        employment_type=fields.employment_type(record.get("employmentType")),
        salary=pay,
        apply_url=fields.optional_text(record.get("url")),
        published_at=fields.parse_time(record.get("datePosted")),
        expires_at=fields.parse_time(record.get("validThrough")),
    )


def parse_jsonld(body: bytes) -> ParsedFeed:
    scripts = _LinkedDataScripts()
    try:
        scripts.feed(body.decode("utf-8", "replace"))
        scripts.close()
    except AssertionError as error:
        raise FeedError(f"the page is not readable HTML: {error}") from error
    parsed = ParsedFeed()
    postings: list[Any] = []
    for index, block in enumerate(scripts.blocks):
        try:
            postings.extend(_job_postings(json.loads(block)))
        except ValueError as error:
            parsed.problems.append(
                ItemProblem(
                    index=index,
                    source_id=None,
                    message=f"a JSON-LD block is not valid JSON: {error}",
                )
            )
    if not postings and not scripts.blocks:
        raise FeedError("the page has no schema.org JobPosting (no application/ld+json script)")
    found = _collect(postings, _jsonld_item, "identifier")
    parsed.items.extend(found.items)
    parsed.problems.extend(found.problems)
    return parsed


# RSS 2.0 and Atom 1.0


ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


def _xml(body: bytes, kind: str) -> Element:
    try:
        root: Element = SafeElementTree.fromstring(body)
    except (ParseError, DefusedXmlException) as error:
        raise FeedError(f"the {kind} feed is not well-formed XML: {error}") from error
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def _rss_item(element: Element) -> FeedItem:
    title = _child_text(element, "title")
    if title is None:
        raise ItemError("title is missing")
    link = _child_text(element, "link")
    source_id = fields.identifier(_child_text(element, "guid") or link, label="guid (or link)")
    content = element.find(f"{CONTENT}encoded")
    description = (
        content.text
        if content is not None and content.text
        else _child_text(element, "description")
    )
    categories = [
        child.text.strip() for child in element if _local(child.tag) == "category" and child.text
    ]
    places = [
        child.text.strip()
        for child in element
        if _local(child.tag) in ("location", "region", "city") and child.text and child.text.strip()
    ]
    remote = fields.looks_remote(title, *categories, *places)
    return FeedItem(
        source_id=source_id,
        title=title,
        description_html=_description(description),
        locations=[place for place in places if not fields.looks_remote(place)],
        workplace="remote" if remote else None,
        remote_regions=[code for code in (fields.remote_region(place) for place in places) if code],
        employment_type=fields.employment_type(_child_text(element, "jobtype", "type")),
        apply_url=link,
        published_at=fields.parse_time(_child_text(element, "pubdate", "date")),
    )


def _atom_entry(element: Element) -> FeedItem:
    title = _child_text(element, "title")
    if title is None:
        raise ItemError("title is missing")
    link = None
    for child in element.findall(f"{ATOM}link"):
        if child.get("rel", "alternate") == "alternate" and child.get("href"):
            link = child.get("href")
            break
    source_id = fields.identifier(_child_text(element, "id") or link, label="id (or link)")
    body = element.find(f"{ATOM}content")
    if body is None:
        body = element.find(f"{ATOM}summary")
    description = None
    if body is not None:
        if body.get("type") == "xhtml":
            description = "".join(
                SafeElementTree.tostring(child, encoding="unicode") for child in body
            )
        elif body.get("type") == "html":
            description = body.text
        else:
            description = text_to_html(body.text or "")
    categories = [child.get("term") or "" for child in element.findall(f"{ATOM}category")]
    return FeedItem(
        source_id=source_id,
        title=title,
        description_html=_description(description),
        workplace="remote" if fields.looks_remote(title, *categories) else None,
        apply_url=link,
        published_at=fields.parse_time(_child_text(element, "published", "updated")),
    )


def _each(elements: list[Element], read: Callable[[Element], FeedItem]) -> ParsedFeed:
    parsed = ParsedFeed()
    for index, element in enumerate(elements):
        try:
            parsed.items.append(read(element))
        except ItemError as error:
            guid = _child_text(element, "guid", "id", "referencenumber")
            parsed.problems.append(ItemProblem(index=index, source_id=guid, message=str(error)))
    return parsed


def parse_rss(body: bytes) -> ParsedFeed:
    root = _xml(body, "RSS/Atom")
    if _local(root.tag) == "feed":
        return _each(root.findall(f"{ATOM}entry"), _atom_entry)
    channel = root.find("channel") if _local(root.tag) == "rss" else None
    if channel is None:
        raise FeedError("not an RSS or Atom feed: the root is neither <rss><channel> nor <feed>")
    return _each(channel.findall("item"), _rss_item)


# Indeed-style XML: <source><job>...</job></source>


def _indeed_job(element: Element) -> FeedItem:
    title = _child_text(element, "title")
    if title is None:
        raise ItemError("title is missing")
    source_id = fields.identifier(
        _child_text(element, "referencenumber", "requisitionid"), label="referencenumber"
    )
    city, state, country = (_child_text(element, name) for name in ("city", "state", "country"))
    place = ", ".join(part for part in (city, state, country) if part)
    remote_type = _child_text(element, "remotetype")
    where = fields.workplace(remote_type) if remote_type else None
    if where is None and fields.looks_remote(title, city):
        where = "remote"
    return FeedItem(
        source_id=source_id,
        title=title,
        description_html=_description(_child_text(element, "description")),
        locations=[place] if city and not fields.looks_remote(city) else [],
        workplace=where,
        remote_regions=[code]
        if where == "remote" and (code := fields.country_code(country))
        else [],
        employment_type=fields.employment_type(_child_text(element, "jobtype")),
        salary=fields.salary_from_text(_child_text(element, "salary")),
        apply_url=_child_text(element, "url"),
        published_at=fields.parse_time(_child_text(element, "date")),
        expires_at=fields.parse_time(_child_text(element, "expirationdate")),
    )


def parse_indeed(body: bytes) -> ParsedFeed:
    root = _xml(body, "Indeed XML")
    if _local(root.tag) != "source":
        raise FeedError("not an Indeed-style feed: the root element is not <source>")
    return _each(root.findall("job"), _indeed_job)


# Remotive remote jobs: GET remotive.com/api/remote-jobs?company_name={company}


def _remotive_item(record: dict[str, Any]) -> FeedItem:
    required = fields.optional_text(record.get("candidate_required_location"))
    listed = fields.split_places(required)
    return FeedItem(
        source_id=fields.identifier(record.get("id")),
        title=fields.required_text(record, "title"),
        description_html=_description(record.get("description")),
        # Every Remotive job is remote; where applicants may live is also its place.
        locations=[name for name in listed if not fields.is_worldwide(name)],
        workplace="remote",
        remote_regions=fields.remote_regions_of(listed),
        employment_type=fields.employment_type(record.get("job_type")),
        salary=fields.salary_from_text(record.get("salary")),
        apply_url=fields.optional_text(record.get("url")),
        published_at=fields.parse_time(record.get("publication_date")),
    )


def parse_remotive(body: bytes) -> ParsedFeed:
    data = _json(body, "Remotive")
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise FeedError("not a Remotive answer: it has no `jobs` list")
    return _collect(data["jobs"], _remotive_item, "id")


# USAJOBS search: GET data.usajobs.gov/api/search?Organization=...


_USAJOBS_PERIODS = {"PA": "yearly", "PH": "hourly", "PD": "daily", "PW": "weekly", "PM": "monthly"}


def _usajobs_item(record: dict[str, Any]) -> FeedItem:
    descriptor = record.get("MatchedObjectDescriptor")
    if not isinstance(descriptor, dict):
        raise ItemError("MatchedObjectDescriptor is missing")
    details = (
        (descriptor.get("UserArea") or {}).get("Details")
        if isinstance(descriptor.get("UserArea"), dict)
        else None
    )
    details = details if isinstance(details, dict) else {}
    places = [
        fields.optional_text(place.get("LocationName"))
        or ", ".join(
            part
            for part in (
                fields.optional_text(place.get("CityName")),
                fields.optional_text(place.get("CountrySubDivisionCode")),
            )
            if part
        )
        for place in _dicts(descriptor.get("PositionLocation"))
    ]
    locations = [place for place in places if place]
    display = fields.optional_text(descriptor.get("PositionLocationDisplay"))
    if display and display not in locations:
        locations.append(display)
    if not any(get_gazetteer().resolve_place(name[:200]) for name in locations):
        # USAJOBS lists positions of the U.S. federal government: one placed at "Multiple
        # Locations" without a list of them is somewhere in the United States.
        locations.append("United States")
    remote = details.get("RemoteIndicator") is True or fields.looks_remote(display)
    pay = None
    for remuneration in _dicts(descriptor.get("PositionRemuneration")):
        pay = fields.salary(
            remuneration.get("MinimumRange"),
            remuneration.get("MaximumRange"),
            "USD",
            _USAJOBS_PERIODS.get(str(remuneration.get("RateIntervalCode"))),
        )
        if pay is not None and remuneration.get("RateIntervalCode") in _USAJOBS_PERIODS:
            break
        pay = None
    duties = details.get("MajorDuties")
    text = "\n\n".join(
        part
        for part in (
            fields.optional_text(details.get("JobSummary")),
            *(
                [entry for entry in duties if isinstance(entry, str)]
                if isinstance(duties, list)
                else []
            ),
            fields.optional_text(descriptor.get("QualificationSummary")),
        )
        if part
    )
    schedules = [
        fields.optional_text(schedule.get("Name"))
        for schedule in _dicts(descriptor.get("PositionSchedule"))
    ]
    return FeedItem(
        source_id=fields.identifier(
            record.get("MatchedObjectId") or descriptor.get("PositionID"), label="PositionID"
        ),
        title=fields.required_text(descriptor, "PositionTitle"),
        description_html=_description(text_to_html(text) if text else None),
        locations=locations,
        workplace="remote" if remote else None,
        remote_regions=["US"] if remote else [],
        employment_type=fields.employment_type(next((name for name in schedules if name), None)),
        salary=pay,
        apply_url=fields.optional_text(descriptor.get("PositionURI")),
        published_at=fields.parse_time(descriptor.get("PublicationStartDate")),
        expires_at=fields.parse_time(descriptor.get("ApplicationCloseDate")),
    )


def parse_usajobs(body: bytes) -> ParsedFeed:
    data = _json(body, "USAJOBS")
    result = data.get("SearchResult") if isinstance(data, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("SearchResultItems"), list):
        raise FeedError("not a USAJOBS search answer: it has no `SearchResult.SearchResultItems`")
    return _collect(result["SearchResultItems"], _usajobs_item, "MatchedObjectId")


# Workday career sites: POST {site}/wday/cxs/{tenant}/{site}/jobs (a page of the search), or
# GET .../job/{path} (one job's page, with its description)

# "USA DC Washington", "DEU Wiesbaden - Wiesbaden Army Airfield (APC180)": an ISO alpha-3
# country, for the United States a state code, then the site.
_WORKDAY_PLACE = re.compile(r"^(?P<country>[A-Z]{3})\s+(?:(?P<state>[A-Z]{2})\s+)?(?P<site>.+)$")


def _workday_place(text: str | None) -> str | None:
    """A Workday location as the gazetteer reads it: "Washington, DC, USA"."""
    if not text:
        return None
    match = _WORKDAY_PLACE.match(text.strip())
    if match is None:
        return text
    site = re.split(r"\s+-\s+|\s*\(", match.group("site"), maxsplit=1)[0].strip()
    parts = [site, match.group("state"), match.group("country")]
    return ", ".join(part for part in parts if part)


def _workday_search_item(record: dict[str, Any]) -> FeedItem:
    path = fields.optional_text(record.get("externalPath"))
    if path is None:
        raise ItemError("externalPath is missing")
    place = _workday_place(fields.optional_text(record.get("locationsText")))
    title = fields.required_text(record, "title")
    return FeedItem(
        source_id=fields.identifier(path.rstrip("/").rsplit("/", 1)[-1], label="externalPath"),
        title=title,
        description_html="",
        locations=[place] if place else [],
        workplace=fields.workplace(title[title.rfind("(") :]) if "(" in title else None,
    )


def workday_job_paths(body: bytes) -> dict[str, str]:
    """The page path of each job of a Workday search answer, by its ``source_id``: the job's
    description is only on that page (``{site}{externalPath}``)."""
    data = _json(body, "Workday")
    postings = data.get("jobPostings") if isinstance(data, dict) else None
    paths: dict[str, str] = {}
    for record in postings if isinstance(postings, list) else []:
        if not isinstance(record, dict):
            continue
        path = fields.optional_text(record.get("externalPath"))
        if path is None or not path.startswith("/"):
            continue
        try:
            source_id = fields.identifier(path.rstrip("/").rsplit("/", 1)[-1], label="")
        except ItemError:
            continue
        paths[source_id] = path
    return paths


def with_workday_detail(listed: FeedItem, detail: FeedItem) -> FeedItem:
    """A job of a Workday search completed by its page: the page's description, places, type,
    apply URL and dates, the search's where the page says nothing."""
    return FeedItem(
        source_id=listed.source_id,
        title=listed.title,
        description_html=detail.description_html or listed.description_html,
        locations=detail.locations or listed.locations,
        workplace=detail.workplace or listed.workplace,
        remote_regions=detail.remote_regions or listed.remote_regions,
        employment_type=detail.employment_type or listed.employment_type,
        salary=detail.salary or listed.salary,
        apply_url=detail.apply_url or listed.apply_url,
        published_at=detail.published_at or listed.published_at,
        expires_at=detail.expires_at or listed.expires_at,
    )


def _workday_detail(data: dict[str, Any]) -> FeedItem:
    info = data["jobPostingInfo"]
    requisition = info.get("jobRequisitionLocation")
    country = (requisition.get("country") if isinstance(requisition, dict) else None) or info.get(
        "country"
    )
    places = [_workday_place(fields.optional_text(info.get("location")))]
    places += [
        _workday_place(fields.optional_text(entry))
        for entry in info.get("additionalLocations") or []
        if isinstance(entry, str)
    ]
    code = country.get("alpha2Code") if isinstance(country, dict) else None
    locations = [place for place in places if place]
    if isinstance(code, str) and get_gazetteer().country(code) is not None:
        locations.append(code)
    return FeedItem(
        source_id=fields.identifier(
            info.get("jobPostingId") or info.get("id"), label="jobPostingId"
        ),
        title=fields.required_text(info, "title"),
        description_html=_description(info.get("jobDescription")),
        locations=locations,
        workplace=fields.workplace(info.get("remoteType")),
        employment_type=fields.employment_type(info.get("timeType")),
        apply_url=fields.optional_text(info.get("externalUrl")),
        published_at=fields.parse_time(info.get("startDate")),
    )


def parse_workday(body: bytes) -> ParsedFeed:
    data = _json(body, "Workday")
    if isinstance(data, dict) and isinstance(data.get("jobPostingInfo"), dict):
        parsed = ParsedFeed()
        try:
            parsed.items.append(_workday_detail(data))
        except ItemError as error:
            parsed.problems.append(ItemProblem(index=0, source_id=None, message=str(error)))
        return parsed
    if not isinstance(data, dict) or not isinstance(data.get("jobPostings"), list):
        raise FeedError("not a Workday answer: it has no `jobPostings` and no `jobPostingInfo`")
    return _collect(data["jobPostings"], _workday_search_item, "externalPath")


# Adzuna search: GET api.adzuna.com/v1/api/jobs/{country}/search/{page}?company=...


# The currency Adzuna quotes pay in, by the country of its site.
_ADZUNA_CURRENCIES = {
    "US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "IN": "INR", "SG": "SGD",
    "ZA": "ZAR", "BR": "BRL", "MX": "MXN", "PL": "PLN", "CH": "CHF", "DE": "EUR", "FR": "EUR",
    "NL": "EUR", "IT": "EUR", "ES": "EUR", "AT": "EUR", "BE": "EUR",
}  # fmt: skip
_ADZUNA_NEAREST_KM = 30.0


def _adzuna_item(record: dict[str, Any]) -> FeedItem:
    location = record.get("location") if isinstance(record.get("location"), dict) else {}
    assert isinstance(location, dict)
    area = [part for part in location.get("area") or [] if isinstance(part, str) and part]
    country = area[0].upper() if area else None
    locations: list[str] = []
    if len(area) >= 2:
        # Most specific first: the locality, then what surrounds it; the import keeps the
        # most specific of those that name a place.
        locations += [f"{part}, {area[1]}, {area[0]}" for part in reversed(area[2:])]
        locations.append(f"{area[1]}, {area[0]}")
    latitude, longitude = record.get("latitude"), record.get("longitude")
    named_city = any(isinstance(get_gazetteer().resolve_place(name), City) for name in locations)
    if not named_city and isinstance(latitude, int | float) and isinstance(longitude, int | float):
        # A locality the gazetteer does not hold ("Trammells, Texas"): the nearest city to
        # the point Adzuna gives is the most specific place there is.
        nearest = get_gazetteer().nearby(
            float(latitude), float(longitude), radius_km=_ADZUNA_NEAREST_KM
        )
        nearest = [city for city in nearest if country is None or city.country_code == country]
        if nearest:
            city = nearest[0]
            locations.insert(
                0, ", ".join(part for part in (city.name, city.region, city.country_code) if part)
            )
    if area:
        locations.append(area[0])
    pay = None
    if str(record.get("salary_is_predicted")) == "0" and country in _ADZUNA_CURRENCIES:
        # A predicted salary is Adzuna's estimate, not the employer's offer.
        pay = fields.salary(
            record.get("salary_min"),
            record.get("salary_max"),
            _ADZUNA_CURRENCIES[country],
            "yearly",
        )
    description = record.get("description")
    return FeedItem(
        source_id=fields.identifier(record.get("id")),
        title=fields.required_text(record, "title"),
        description_html=_description(
            text_to_html(description) if isinstance(description, str) else None
        ),
        locations=locations,
        workplace="remote" if fields.looks_remote(record.get("title")) else None,
        employment_type=fields.employment_type(
            record.get("contract_time") or record.get("contract_type")
        ),
        salary=pay,
        apply_url=fields.optional_text(record.get("redirect_url")),
        published_at=fields.parse_time(record.get("created")),
    )


def parse_adzuna(body: bytes) -> ParsedFeed:
    data = _json(body, "Adzuna")
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FeedError("not an Adzuna search answer: it has no `results` list")
    return _collect(data["results"], _adzuna_item, "id")


PARSERS: dict[str, Parser] = {
    "greenhouse": parse_greenhouse,
    "lever": parse_lever,
    "ashby": parse_ashby,
    "smartrecruiters": parse_smartrecruiters,
    "workable": parse_workable,
    "jsonld": parse_jsonld,
    "rss": parse_rss,
    "indeed": parse_indeed,
    "remotive": parse_remotive,
    "usajobs": parse_usajobs,
    "workday": parse_workday,
    "adzuna": parse_adzuna,
}
