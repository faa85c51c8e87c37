"""The query language: parsing never fails and renders only quoted terms for either engine."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jobboard.search.analyzer import get_analyzer
from jobboard.search.query import parse, to_fts5, to_tsquery

_FTS5 = re.compile(r'^[()" a-z0-9]*$|NOT|AND|OR')
_TERM = re.compile(r'"([^"]*)"')


def test_words_phrases_exclusions_and_or() -> None:
    """AND by default, quoted phrases, -exclusions and OR between neighbours."""
    query = parse('senior "site reliability" go OR rust -java -"on call"', get_analyzer())
    assert (
        query.describe() == "senior sitereliabilityengineering go OR rust -java -incidentmanagement"
    )
    assert to_tsquery(query.required, query.excluded) == (
        "'senior' & 'sitereliabilityengineering' & ('go' | 'rust') & "
        "!('java' | 'incidentmanagement')"
    )
    assert to_fts5(query.required, query.excluded) == (
        '("senior" AND "sitereliabilityengineering" AND ("go" OR "rust")) '
        'NOT ("java" OR "incidentmanagement")'
    )


def test_phrases_keep_word_order() -> None:
    """A phrase of several terms is matched as adjacent terms in order."""
    query = parse('"staff engineer"', get_analyzer())
    assert to_tsquery(query.required) == "('staff' <-> 'engineer')"
    assert to_fts5(query.required) == '"staff engineer"'


def test_stopwords_are_dropped_unless_alone() -> None:
    """ "engineer in the team" matches on engineer and team; "the" alone still searches."""
    analyzer = get_analyzer()
    assert parse("engineer in the team", analyzer).describe() == "engineer team"
    assert parse("the", analyzer).describe() == "the"


def test_unbalanced_and_empty_input_parses() -> None:
    """Stray quotes, lone operators and punctuation are not errors."""
    analyzer = get_analyzer()
    for text in ('"', '"python', "-", "OR", "OR OR", "AND", "()", '-""', "", "   "):
        query = parse(text, analyzer)
        assert all(clause.alternatives for clause in query.required)
    assert parse('"python', analyzer).describe() == "python"
    assert parse("-python", analyzer).required == ()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_renders_only_quoted_terms(text: str) -> None:
    """Whatever is typed, the engines get only quoted ASCII terms and their own operators."""
    query = parse(text, get_analyzer())
    if query.required:
        rendered = to_fts5(query.required, query.excluded)
        for term in _TERM.findall(rendered):
            assert re.fullmatch(r"[a-z0-9]+(?: [a-z0-9]+)*", term)
        assert not re.search(r"[^a-zA-Z0-9\"() ]", rendered)
    if not query.is_empty:
        tsquery = to_tsquery(query.required, query.excluded)
        assert not re.search(r"[^a-z0-9'()&|!<> -]", tsquery)
