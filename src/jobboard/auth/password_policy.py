"""What a password must be: long enough, not the e-mail address, not a common password.

The common-password list (``data/common-passwords.txt``) is derived from zxcvbn-python's
frequency list; see its header and docs/security.md for the source and licence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 256
_LIST = Path(__file__).parent / "data" / "common-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _core(password: str) -> str:
    """The password without the digits and symbols people pad common words with."""
    return password.strip("0123456789!@#$%^&*()-_=+.,?~ ")


def hint() -> str:
    """The policy in words, for a form that asks for a new password."""
    return (
        f"Use at least {MIN_LENGTH} characters. It cannot be your e-mail address or a common "
        "password; a phrase of several unrelated words is easy to remember and hard to guess."
    )


def problems(password: str, *, email: str) -> list[str]:
    """Why a password is refused (an empty list when it is acceptable)."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(f"must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        found.append(f"must have at most {MAX_LENGTH} characters")
    folded = password.casefold()
    address = email.casefold()
    local_part = address.split("@")[0]
    if folded == address or address in folded or (len(local_part) >= 4 and local_part in folded):
        found.append("contains the e-mail address")
    core = _core(folded)
    common = common_passwords()
    if folded in common or (len(core) >= 4 and core in common) or len(set(folded)) <= 2:
        found.append("is a common password; choose a phrase of several unrelated words")
    return found
