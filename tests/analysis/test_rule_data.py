"""The rule files of analysis/data agree with the taxonomy."""

from __future__ import annotations

from jobboard.analysis.lint import _wording
from jobboard.analysis.snapshot import get_snapshot
from jobboard.analysis.tokens import tokenize
from jobboard.taxonomy.catalog import load_catalog


def test_every_context_rule_names_a_form_of_a_skill() -> None:
    """A rule for a word no skill is called would never apply: it is a typo."""
    snapshot = get_snapshot()
    single_forms = {key[0] for key in snapshot.aliases if len(key) == 1}
    assert set(snapshot.context_rules) <= single_forms


# One-word names of ambiguous skills that no everyday text uses: no rule needed.
DISTINCTIVE = frozenset(
    "golang rustlang swiftlang dartlang rstats julialang scss nodejs bunjs expressjs reactjs "
    "emberjs tailwindcss electronjs jestjs mochajs gofiber pyspark qml hiveql prestodb rke "
    "fluxcd saltstack mvn makefile makefiles babeljs lookml wcag gulpjs gruntjs sfdc salesforce "
    "visualforce".split()
)


def test_every_everyday_word_form_of_an_ambiguous_skill_has_a_rule() -> None:
    """Each one-word name of a skill marked ambiguous has a context rule, or is distinctive."""
    snapshot = get_snapshot()
    unguarded = set()
    for skill in load_catalog().skills:
        if not skill.ambiguous:
            continue
        for term in (skill.name, skill.slug, *skill.aliases):
            tokens = tokenize(term, keep_whole=snapshot.whole_tokens.__contains__).norms
            if len(tokens) == 1 and tokens[0].isalpha() and tokens[0] not in snapshot.context_rules:
                unguarded.add(tokens[0])
    assert unguarded == DISTINCTIVE


def test_every_section_phrase_is_lower_case_words() -> None:
    """Headings are compared as lower-case words without punctuation."""
    for phrase in get_snapshot().section_phrases:
        assert all(word.isalnum() and word == word.lower() for word in phrase)


def test_every_wording_rule_has_a_kind_and_advice() -> None:
    """Each phrase of the wording list says what kind it is and what to write instead."""
    for rule in _wording():
        assert rule.kind in ("exclusionary", "vague")
        assert rule.suggest
        assert rule.text == rule.text.lower()
