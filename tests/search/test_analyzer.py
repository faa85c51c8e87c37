"""The analyzer: the one place text becomes index terms, shared by both engines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobboard.search.analyzer import get_analyzer, stem


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("k8s", ["kubernetes"]),
        ("Kubernetes", ["kubernetes"]),
        ("golang", ["go"]),
        ("Postgres", ["postgresql"]),
        ("Ruby on Rails", ["rubyonrails"]),
        ("Node.js", ["nodejs"]),
        ("C++ and C#", ["cpp", "and", "csharp"]),
        (".NET", ["dotnet"]),
        ("Back-End", ["backend"]),
        ("back end", ["backend"]),
        ("backend", ["backend"]),
        ("Front end", ["frontend"]),
        ("full-stack", ["fullstack"]),
        ("Site Reliability Engineer", ["sitereliabilityengineering", "engineer"]),
        ("SRE", ["sitereliabilityengineering"]),
        ("Sr. Engineer", ["senior", "engineer"]),
        ("swe", ["softwar", "engineer"]),
    ],
)
def test_names_and_spellings_become_one_term(text: str, terms: list[str]) -> None:
    """Skill aliases, title spellings and abbreviations map to the same terms."""
    assert get_analyzer().terms(text) == terms


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("engineer", "engineers", "engineering", "engineered"), "engineer"),
        (("service", "services"), "servic"),
        (("manage", "managed", "managing"), "manag"),
        (("company", "companies"), "company"),
        (("process", "processes"), "process"),
        (("run", "running"), "run"),
    ],
)
def test_the_stemmer_merges_inflections(words: tuple[str, ...], expected: str) -> None:
    """Plurals, -ing, -ed and a final -e reduce to one stem."""
    assert {stem(word) for word in words} == {expected}


def test_short_words_and_words_with_digits_keep_their_form() -> None:
    """Three-letter words, numbers and alphanumerics are not stemmed."""
    assert [stem(word) for word in ("ios", "aws", "s3", "2026", "this")] == [
        "ios",
        "aws",
        "s3",
        "2026",
        "this",
    ]


def test_accents_and_case_fold_away() -> None:
    """ "Zürich" and "zurich" give the same term; non-Latin scripts give none."""
    analyzer = get_analyzer()
    assert analyzer.terms("Zürich São Paulo") == analyzer.terms("zurich sao paulo")
    assert analyzer.terms("東京 🙂") == []


def test_tokens_point_back_into_the_original_text() -> None:
    """Each token carries the span of the words it came from, accents included."""
    text = "Senior Back-End Développeur, k8s"
    tokens = get_analyzer().tokens(text)
    assert [(token.term, text[token.start : token.end]) for token in tokens] == [
        ("senior", "Senior"),
        ("backend", "Back-End"),
        ("developpeur", "Développeur"),
        ("kubernetes", "k8s"),
    ]


def test_long_fields_are_cut_at_the_same_term_on_both_engines() -> None:
    """At most `limit` terms of a field are indexed."""
    assert len(get_analyzer().terms("word " * 50, limit=10)) == 10


_WORDS = (
    "backend back end back-end server side k8s kubernetes golang go postgres python pythons "
    "developers developing copies copy companies sr swe dev devs ml qa running runs "
    "Łódź café naïve c++ c# .net node.js"
).split()


@given(
    text=st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join),
    query=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join),
)
@settings(max_examples=300, deadline=None)
def test_the_quick_test_never_rules_out_text_that_yields_a_term(text: str, query: str) -> None:
    """`may_yield` is a filter before analysis: whenever the analysed text shares a term with
    the query's terms, the quick test must have said it may."""
    analyzer = get_analyzer()
    terms = frozenset(analyzer.terms(query))
    if not terms.isdisjoint(analyzer.terms(text)):
        assert analyzer.may_yield(terms)(text)


def test_the_quick_test_rules_out_text_without_the_terms() -> None:
    analyzer = get_analyzer()
    assert not analyzer.may_yield(frozenset(analyzer.terms("rust")))("Python and Go services")
    assert analyzer.may_yield(frozenset(analyzer.terms("backend")))("Back-End engineer")


@given(st.text(alphabet=st.sampled_from(list("ab Z-.+#1") + list("éßŁæﬁ…—Ö😀İ")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_tokens_point_back_at_the_text_they_came_from(text: str) -> None:
    """Every token's span, folded, gives back the characters its term was made from, for
    text mixing ASCII with letters that fold to several characters or to none."""
    analyzer = get_analyzer()
    assert analyzer.terms(text) == [token.term for token in analyzer.tokens(text)]
    for token in analyzer.tokens(text):
        assert 0 <= token.start < token.end <= len(text)
        assert analyzer.terms(text[token.start : token.end])
