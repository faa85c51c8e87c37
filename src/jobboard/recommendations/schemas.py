"""Response bodies for matches: a job, its score, and the reasons."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from jobboard.analysis.matching import Match
from jobboard.jobs.schemas import JobRead
from jobboard.kit.schemas import OutputModel


class MatchPartRead(OutputModel):
    name: Literal["required_skills", "nice_skills", "experience", "pay", "workplace", "location"]
    score: float | None = Field(description="0 to 1; null when this part cannot be judged.")
    weight: float
    reason: str


class MatchRead(OutputModel):
    score: float = Field(description="0 to 1: the weighted mean of the parts that can be judged.")
    reasons: list[str]
    parts: list[MatchPartRead]


class MatchedJob(OutputModel):
    job: JobRead
    match: MatchRead


class SimilarJobs(OutputModel):
    job_id: int
    items: list[MatchedJob]


def match_read(match: Match) -> MatchRead:
    return MatchRead(
        score=match.score,
        reasons=list(match.reasons),
        parts=[
            MatchPartRead(name=part.name, score=part.score, weight=part.weight, reason=part.reason)
            for part in match.parts
        ],
    )
