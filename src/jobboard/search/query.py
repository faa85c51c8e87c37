"""The keyword query language, parsed into terms both engines match the same way.

    python developer          both words (AND)
    "staff engineer"          the exact phrase
    -java  -"on call"         without the word or the phrase
    go OR rust                either word; OR binds the words next to it
    k8s, golang, back-end     match their canonical terms (see ``analyzer``)

Parsing never fails: unbalanced quotes close at the end, a lone ``-`` or ``OR`` is ignored,
and characters that are not letters or digits only separate words. The parsed query is
rendered as an FTS5 MATCH string or a PostgreSQL tsquery made only of quoted terms, so no
user input reaches either engine's query syntax.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jobboard.search.analyzer import Analyzer

MAX_CLAUSES = 24


@dataclass(frozen=True, slots=True)
class Phrase:
    """One term, or terms that must appear in this order, next to each other."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """Alternatives of which a job must match at least one."""

    alternatives: tuple[Phrase, ...]
    # The word as typed when this clause came from one plain word (for spelling).
    word: str | None = None


@dataclass(frozen=True, slots=True)
class SearchQuery:
    required: tuple[Clause, ...] = ()
    excluded: tuple[Phrase, ...] = ()
    corrections: tuple[tuple[str, str], ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.required and not self.excluded

    def positive_terms(self) -> frozenset[str]:
        """Every term a matching job may contain, for highlighting."""
        return frozenset(
            term
            for clause in self.required
            for phrase in clause.alternatives
            for term in phrase.terms
        )

    def describe(self) -> str:
        """The query as the engines see it, in the query language (for responses)."""
        parts = []
        for clause in self.required:
            parts.append(" OR ".join(_describe_phrase(phrase) for phrase in clause.alternatives))
        parts += ["-" + _describe_phrase(phrase) for phrase in self.excluded]
        return " ".join(parts)


def _describe_phrase(phrase: Phrase) -> str:
    text = " ".join(phrase.terms)
    return f'"{text}"' if len(phrase.terms) > 1 else text


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # "word" | "phrase" | "or"
    text: str = ""
    negated: bool = False


def _lex(text: str) -> Iterator[_Item]:
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        negated = False
        if char == "-" and position + 1 < length and not text[position + 1].isspace():
            negated = True
            position += 1
            char = text[position]
        if char == '"':
            end = text.find('"', position + 1)
            if end < 0:
                end = length
            yield _Item("phrase", text[position + 1 : end], negated)
            position = end + 1
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] != '"':
            end += 1
        word = text[position:end]
        position = end
        if word in ("OR", "|") and not negated:
            yield _Item("or")
        elif word != "AND" or negated:
            yield _Item("word", word, negated)


def parse(text: str, analyzer: Analyzer) -> SearchQuery:
    """Parse a keyword query; every string is a valid query (possibly an empty one)."""
    clauses: list[Clause] = []
    excluded: list[Phrase] = []
    # Whether the next clause joins the previous one as an alternative.
    pending_or = False
    run: list[str] = []

    def add(clause: Clause) -> None:
        nonlocal pending_or
        if pending_or and clauses:
            previous = clauses.pop()
            merged = tuple(dict.fromkeys((*previous.alternatives, *clause.alternatives)))
            clause = Clause(merged)
        clauses.append(clause)
        pending_or = False

    def flush_run() -> None:
        # Plain words are analysed together so that multi-word names ("ruby on rails")
        # become one term; each resulting term is a clause of its own.
        if not run:
            return
        words = list(run)
        run.clear()
        tokens = analyzer.tokens(" ".join(words))
        if len(words) == 1 and len(tokens) == 1:
            add(Clause((Phrase((tokens[0].term,)),), word=words[0]))
            return
        starts = _word_starts(words)
        for token in tokens:
            # Remember the typed word when the term stands for exactly that one word.
            index = starts.get(token.start)
            word = None
            if index is not None and token.end == token.start + len(words[index]):
                word = words[index] if len(analyzer.tokens(words[index])) == 1 else None
            add(Clause((Phrase((token.term,)),), word=word))

    for item in _lex(text):
        if item.kind == "or":
            flush_run()
            pending_or = bool(clauses)
            continue
        if item.kind == "word" and not item.negated:
            if pending_or:
                flush_run()
                run.append(item.text)
                flush_run()
            else:
                run.append(item.text)
            continue
        flush_run()
        terms = tuple(analyzer.terms(item.text))
        if not terms:
            continue
        if item.negated:
            excluded.append(Phrase(terms))
        else:
            add(Clause((Phrase(terms),)))
    flush_run()
    return SearchQuery(
        required=_drop_stopwords(clauses, analyzer)[:MAX_CLAUSES],
        excluded=tuple(dict.fromkeys(excluded))[:MAX_CLAUSES],
    )


def _word_starts(words: list[str]) -> dict[int, int]:
    """Map the offset of each word in ``" ".join(words)`` to the word's index."""
    starts = {}
    offset = 0
    for index, word in enumerate(words):
        starts[offset] = index
        offset += len(word) + 1
    return starts


def _drop_stopwords(clauses: list[Clause], analyzer: Analyzer) -> tuple[Clause, ...]:
    """Leave out single stopwords ("the", "and") unless nothing else is asked for."""

    def is_stopword(clause: Clause) -> bool:
        return all(
            len(phrase.terms) == 1 and phrase.terms[0] in analyzer.stopwords
            for phrase in clause.alternatives
        )

    unique = list(dict.fromkeys(clauses))
    kept = [clause for clause in unique if not is_stopword(clause)]
    return tuple(kept or unique)


def with_alternatives(query: SearchQuery, extra: dict[int, tuple[str, Phrase]]) -> SearchQuery:
    """Return ``query`` with clause ``index`` also matching a corrected spelling."""
    required = list(query.required)
    corrections = list(query.corrections)
    for index, (word, phrase) in extra.items():
        clause = required[index]
        if phrase not in clause.alternatives:
            required[index] = Clause((*clause.alternatives, phrase), word=clause.word)
            corrections.append((clause.word or "", word))
    return SearchQuery(tuple(required), query.excluded, tuple(corrections))


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.terms) + '"'


def _fts5_clause(clause: Clause) -> str:
    if len(clause.alternatives) == 1:
        return _fts5_phrase(clause.alternatives[0])
    return "(" + " OR ".join(map(_fts5_phrase, clause.alternatives)) + ")"


def to_fts5(required: tuple[Clause, ...], excluded: tuple[Phrase, ...] = ()) -> str:
    """An FTS5 MATCH expression; ``required`` must not be empty (FTS5 has no bare NOT)."""
    expression = " AND ".join(map(_fts5_clause, required))
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(map(_fts5_phrase, excluded))})"
    return expression


def _tsquery_phrase(phrase: Phrase) -> str:
    quoted = [f"'{term}'" for term in phrase.terms]
    if len(quoted) == 1:
        return quoted[0]
    return "(" + " <-> ".join(quoted) + ")"


def _tsquery_clause(clause: Clause) -> str:
    if len(clause.alternatives) == 1:
        return _tsquery_phrase(clause.alternatives[0])
    return "(" + " | ".join(map(_tsquery_phrase, clause.alternatives)) + ")"


def to_tsquery(required: tuple[Clause, ...], excluded: tuple[Phrase, ...] = ()) -> str:
    """A tsquery in PostgreSQL's input syntax (terms are ASCII letters and digits only)."""
    parts = list(map(_tsquery_clause, required))
    if excluded:
        parts.append("!(" + " | ".join(map(_tsquery_phrase, excluded)) + ")")
    return " & ".join(parts)
