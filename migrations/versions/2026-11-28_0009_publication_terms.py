"""Search: the hour and the day each job was published, and a sample key, as terms of its
PostgreSQL document.

A newest-first search for a word found in a tenth of the jobs needs its newest thousand
matches, yet PostgreSQL either tested the text of job after job along the newest-first index
(each test decompresses a document) or listed every match from the GIN index (tens of
thousands of ids at a million jobs). With ``~h<hours since 1970>`` and ``~d<days since
1970>`` in every document, the GIN index alone lists the matches published in a recent span
(``search.backends.period_tsquery``). Likewise ``~s<job id mod 64>`` lets facets counted over
one job in 64 (or 8) take that sample from the GIN index instead of reading every match's row
(``search.backends.sample_tsquery``). The application writes these terms with each document;
this fills them in for the documents already there (rewriting every document: on a large
table run ``VACUUM ANALYZE search_document`` afterwards, which also empties the GIN index's
pending list). SQLite's index is unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 16:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # As search.backends.sample_term and publication_terms (hours and days since 1970 in
    # UTC, rounded down).
    op.execute(
        """
        UPDATE search_document
        SET document = search_document.document
            || array_to_tsvector(ARRAY['~s' || search_document.job_id % 64])
        """
    )
    op.execute(
        """
        UPDATE search_document
        SET document = search_document.document
            || array_to_tsvector(ARRAY[
                '~h' || published.hours, '~d' || floor(published.hours / 24.0)::bigint])
        FROM (SELECT id, floor(extract(epoch FROM published_at) / 3600)::bigint AS hours
              FROM job WHERE published_at IS NOT NULL) AS published
        WHERE published.id = search_document.job_id
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "UPDATE search_document SET document = ts_delete(search_document.document, "
        "ARRAY(SELECT lexeme FROM unnest(search_document.document) "
        "WHERE left(lexeme, 1) = '~'))"
    )
