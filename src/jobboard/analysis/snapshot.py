"""The taxonomy as analysis reads it: built once per process from the bundled files.

Every alias of every skill is tokenized the way descriptions are, so a description is matched
by looking up its 1- to N-token sequences in one dictionary instead of running a pattern per
skill. The rules for names that are also everyday words come from ``data/skill_context.toml``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jobboard.analysis.tokens import fold, tokenize
from jobboard.taxonomy.catalog import Catalog, load_catalog


@dataclass(frozen=True, slots=True)
class SkillFacts:
    slug: str
    name: str
    kind: str
    first_release_year: int | None
    implies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContextRule:
    """How much evidence an everyday-word form of a skill needs (see skill_context.toml)."""

    case: frozenset[str]
    case_strict: bool
    sure: frozenset[str]
    proper_noun: bool
    not_before: frozenset[str]
    not_after: frozenset[str]
    stop_phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class AskingRules:
    """Which mentions are asked of the candidate (see data/asking.toml)."""

    concepts: frozenset[str]
    cues: frozenset[str]
    role_nouns: frozenset[str]
    role_qualifiers: frozenset[str]
    role_areas: frozenset[str]
    role_kinds: frozenset[str]
    role_skills: frozenset[str]
    elsewhere: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaxonomySnapshot:
    version: str
    skills: Mapping[str, SkillFacts]
    aliases: Mapping[tuple[str, ...], str]  # tokenized alias -> skill slug
    longest_from: Mapping[str, int]  # first token of an alias -> most tokens any alias has
    whole_tokens: frozenset[str]  # single-token aliases containing "/" or "-"
    context_rules: Mapping[str, ContextRule]
    trigger_before: frozenset[str]
    trigger_after: frozenset[str]
    list_words: frozenset[str]
    # Heading phrase (lower-case words) -> (section kind, rank of the kind in sections.toml).
    section_phrases: Mapping[tuple[str, ...], tuple[str, int]]
    longest_section_phrase: int
    asking: AskingRules


def _read_data(name: str) -> dict[str, Any]:
    text = resources.files("jobboard.analysis").joinpath("data", name).read_text("utf-8")
    return tomllib.loads(text)


def _words(text: str) -> tuple[str, ...]:
    return tuple(tokenize(text).norms)


def _context_rules(raw: dict[str, Any]) -> dict[str, ContextRule]:
    rules: dict[str, ContextRule] = {}
    for form in raw.get("form", []):
        rules[fold(form["alias"])] = ContextRule(
            case=frozenset(form.get("case", ())),
            case_strict=bool(form.get("case_strict", False)),
            sure=frozenset(form.get("sure", ())),
            proper_noun=bool(form.get("proper_noun", False)),
            not_before=frozenset(fold(word) for word in form.get("not_before", ())),
            not_after=frozenset(fold(word) for word in form.get("not_after", ())),
            stop_phrases=tuple(_words(phrase) for phrase in form.get("stop_phrases", ())),
        )
    return rules


def build_snapshot(catalog: Catalog) -> TaxonomySnapshot:
    # Words of names that hold "/" or "-" ("CI/CD", "A/B testing", "event-driven") stay whole.
    whole = {
        fold(word)
        for skill in catalog.skills
        for term in (skill.name, *skill.aliases)
        for word in term.split()
        if "/" in word or "-" in word
    }
    aliases: dict[tuple[str, ...], str] = {}
    for skill in catalog.skills:
        for term in (skill.name, skill.slug, *skill.aliases):
            key = tuple(tokenize(term, keep_whole=whole.__contains__).norms)
            if key:
                aliases.setdefault(key, skill.slug)
    longest: dict[str, int] = {}
    for key in aliases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    context = _read_data("skill_context.toml")
    asking = _read_data("asking.toml")
    section_phrases: dict[tuple[str, ...], tuple[str, int]] = {}
    for rank, (kind, table) in enumerate(_read_data("sections.toml").items()):
        for phrase in table["phrases"]:
            section_phrases.setdefault(tuple(phrase.split()), (kind, rank))
    return TaxonomySnapshot(
        version=catalog.version,
        skills={
            skill.slug: SkillFacts(
                slug=skill.slug,
                name=skill.name,
                kind=skill.kind,
                first_release_year=skill.first_release_year,
                implies=skill.implies,
            )
            for skill in catalog.skills
        },
        aliases=aliases,
        longest_from=longest,
        whole_tokens=frozenset(whole),
        context_rules=_context_rules(context),
        trigger_before=frozenset(fold(word) for word in context["triggers"]["before"]),
        trigger_after=frozenset(fold(word) for word in context["triggers"]["after"]),
        list_words=frozenset(context["triggers"]["list_words"]),
        section_phrases=section_phrases,
        longest_section_phrase=max(len(phrase) for phrase in section_phrases),
        asking=AskingRules(
            concepts=frozenset(asking["concepts"]["skills"]),
            cues=frozenset(asking["concepts"]["cues"]),
            role_nouns=frozenset(asking["concepts"]["role_nouns"]),
            role_qualifiers=frozenset(asking["concepts"]["role_qualifiers"]),
            role_areas=frozenset(asking["concepts"]["role_areas"]),
            role_kinds=frozenset(asking["roles"]["kinds"]),
            role_skills=frozenset(asking["roles"]["skills"]),
            elsewhere=tuple(asking["elsewhere"]["phrases"]),
        ),
    )


@cache
def get_snapshot() -> TaxonomySnapshot:
    """Return the process-wide snapshot of the bundled taxonomy (built on first use)."""
    return build_snapshot(load_catalog())
