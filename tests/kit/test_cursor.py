"""Cursors round-trip, and anything else a client sends is refused cleanly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobboard.kit.cursor import CursorError, decode_cursor, encode_cursor

positions = st.lists(
    st.one_of(
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.text(max_size=40),
        st.none(),
        st.booleans(),
    ),
    max_size=4,
)


@given(positions)
def test_a_cursor_decodes_to_its_position(position: list[object]) -> None:
    """What was encoded comes back unchanged."""
    cursor = encode_cursor(position, scope="jobs", secret="s")
    assert decode_cursor(cursor, scope="jobs", secret="s") == position


def test_a_cursor_is_bound_to_its_list_and_secret() -> None:
    """A cursor from another list, or signed with another secret, is refused."""
    cursor = encode_cursor([1, "a"], scope="jobs", secret="s")
    with pytest.raises(CursorError):
        decode_cursor(cursor, scope="companies", secret="s")
    with pytest.raises(CursorError):
        decode_cursor(cursor, scope="jobs", secret="other")


@given(st.text(max_size=300))
def test_arbitrary_text_never_decodes_or_crashes(text: str) -> None:
    """Random input is a CursorError, never another exception."""
    with pytest.raises(CursorError):
        decode_cursor(text, scope="jobs", secret="s")


def test_a_tampered_cursor_is_refused() -> None:
    """Flipping one character breaks the signature."""
    cursor = encode_cursor([123, "2026-11-28T00:00:00+00:00"], scope="jobs", secret="s")
    tampered = cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:]
    with pytest.raises(CursorError):
        decode_cursor(tampered, scope="jobs", secret="s")
