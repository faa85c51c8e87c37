"""Risk signals in a job: what scam postings say that real ones do not. Each match puts the
job in the moderation queue as an automatic flag, with the matched words as evidence; a
moderator decides. Pure functions over the job's text and pay.

The rules: asking applicants for money or bank details, moving the conversation to a chat
app, paying in crypto or by wire transfer, and pay outside any plausible range for a
software job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Yearly pay in US dollars (minor units) beyond which, or below which for a full-time job,
# a software posting is not plausible.
HIGHEST_PLAUSIBLE_YEARLY_USD = 200_000_000
LOWEST_PLAUSIBLE_YEARLY_USD = 500_000

_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "asks_for_payment",
        "asks applicants for money or bank details",
        re.compile(
            r"\b(?:(?:registration|training|application|processing|onboarding|starter[- ]kit)"
            r" fee|pay (?:a|the) (?:small )?fee|(?:your|send us your) bank (?:account|details)"
            r"|credit card (?:number|details)|social security number|IBAN and)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "chat_app",
        "moves the conversation to a chat app",
        re.compile(
            r"\b(?:whats ?app|telegram|signal app|wechat|viber|kik)\b(?:[^.\n]{0,40})?"
            r"|\b(?:text|message|contact) (?:us|me|the recruiter) on (?:whats ?app|telegram)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "crypto_or_wire",
        "pays or asks for payment in crypto or by wire transfer",
        re.compile(
            r"\b(?:bitcoin|btc|usdt|tether|crypto ?currency|crypto wallet|western union"
            r"|moneygram|wire transfer|gift cards?)\b",
            re.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Signal:
    code: str
    reason: str
    evidence: str

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, "evidence": self.evidence}


def text_signals(title: str, description: str) -> list[Signal]:
    """The risky phrases of a job's text, at most one per rule (the first match)."""
    text = f"{title}\n{description}"
    found = []
    for code, reason, pattern in _RULES:
        match = pattern.search(text)
        if match is not None:
            found.append(Signal(code, reason, match.group(0).strip()[:120]))
    return found


def pay_signals(
    *, annual_min_usd: int | None, annual_max_usd: int | None, employment_type: str
) -> list[Signal]:
    if annual_max_usd is not None and annual_max_usd > HIGHEST_PLAUSIBLE_YEARLY_USD:
        return [
            Signal(
                "pay_outlier",
                "pays far above any software job",
                f"up to ${annual_max_usd // 100:,} a year",
            )
        ]
    low = annual_min_usd if annual_min_usd is not None else annual_max_usd
    if employment_type == "full_time" and low is not None and low < LOWEST_PLAUSIBLE_YEARLY_USD:
        return [
            Signal(
                "pay_outlier",
                "pays far below any full-time software job",
                f"${low // 100:,} a year",
            )
        ]
    return []
