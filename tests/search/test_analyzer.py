"""The analyzer: the one place text becomes index terms, shared by both engines."""

from __future__ import annotations

import pytest

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
