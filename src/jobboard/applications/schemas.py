"""Request and response bodies for applying, the pipeline, screening questions and notes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from jobboard.kit.schemas import InputModel, OutputModel
from jobboard.models.hiring import QuestionKind
from jobboard.recommendations.schemas import MatchRead
from jobboard.seekers.schemas import ProfileRead

Key = Annotated[
    str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
]
Message = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Answer = StrictBool | StrictInt | StrictFloat | Annotated[str, StringConstraints(max_length=1000)]


def _check_unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"two {what} share the key {key!r}")
        seen.add(key)


class QuestionIn(InputModel):
    id: Key = Field(description="A key for the answers, e.g. `work-permit`.")
    kind: QuestionKind
    prompt: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    required: bool = True
    options: list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=20, description="The choices of a `single_choice`."
    )

    @model_validator(mode="after")
    def _options_fit_kind(self) -> QuestionIn:
        if self.kind == "single_choice":
            if len(self.options) < 2 or len(set(self.options)) != len(self.options):
                raise ValueError("a single_choice question needs two or more distinct options")
        elif self.options:
            raise ValueError(f"a {self.kind} question has no options")
        return self


class QuestionsUpdate(InputModel):
    questions: list[QuestionIn] = Field(max_length=20)

    @field_validator("questions")
    @classmethod
    def _unique(cls, value: list[QuestionIn]) -> list[QuestionIn]:
        _check_unique([question.id for question in value], "questions")
        return value


class QuestionRead(OutputModel):
    id: str
    kind: str
    prompt: str
    required: bool
    options: list[str]


class Questions(OutputModel):
    job_id: int
    questions: list[QuestionRead]


class ApplicationCreate(InputModel):
    cover_letter: Annotated[str, StringConstraints(min_length=1, max_length=10_000)] | None = None
    answers: dict[Key, Answer] = Field(
        default_factory=dict,
        max_length=20,
        description="Question id -> answer: true/false, a number, one of the options, or text.",
    )
    include_resume: bool = Field(
        default=True, description="Send your current résumé with the application."
    )


class TransitionCreate(InputModel):
    to: Key = Field(description="The stage to move to, by key (see the company's pipeline).")
    message: Message | None = Field(default=None, description="Sent to the candidate.")


class WithdrawCreate(InputModel):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None


class NoteCreate(InputModel):
    body: Message


class StageIn(InputModel):
    key: Key
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]


class PipelineUpdate(InputModel):
    """Every stage in order. `applied` comes first and `hired`, `rejected`, `withdrawn` last;
    those four may be renamed, not removed; others may be added, renamed or removed (when no
    open application is in them)."""

    stages: list[StageIn] = Field(min_length=5, max_length=20)

    @field_validator("stages")
    @classmethod
    def _unique(cls, value: list[StageIn]) -> list[StageIn]:
        _check_unique([stage.key for stage in value], "stages")
        return value


class StageRead(OutputModel):
    key: str
    name: str
    terminal: bool


class PipelineRead(OutputModel):
    company: str
    stages: list[StageRead]


class JobBrief(OutputModel):
    id: int
    title: str
    company: str
    company_name: str
    status: str


class AnswerRead(OutputModel):
    id: str
    prompt: str
    kind: str
    value: bool | int | float | str


class ResumeBrief(OutputModel):
    id: int
    media_type: str
    size_bytes: int
    uploaded_at: datetime
    url: str = Field(description="Where to download it (the candidate and the company).")


EventBy = Literal["candidate", "company", "platform"]


class EventRead(OutputModel):
    kind: str
    from_stage: str | None
    to_stage: str | None
    message: str | None
    by: EventBy
    actor: str | None = Field(description="Who exactly; shown to the company only.")
    occurred_at: datetime


class NoteRead(OutputModel):
    id: int
    author: str
    body: str
    created_at: datetime


class CandidateRead(OutputModel):
    user_id: int | None = Field(description="null once the candidate erased their account")
    name: str | None
    email: str | None
    profile: ProfileRead | None = Field(
        description="Shown unless the candidate keeps the profile private."
    )


class ApplicationRead(OutputModel):
    """An application. `candidate`, `match` and `notes` are the company's view only."""

    id: int
    job: JobBrief
    stage: StageRead
    status: Literal["open", "closed"]
    closed_reason: str | None
    applied_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    cover_letter: str | None
    answers: list[AnswerRead]
    resume: ResumeBrief | None
    events: list[EventRead]
    version: int
    candidate: CandidateRead | None = None
    match: MatchRead | None = None
    notes: list[NoteRead] | None = None


class ApplicantRead(OutputModel):
    """One line of a job's applicant list."""

    id: int
    stage: StageRead
    status: Literal["open", "closed"]
    applied_at: datetime
    updated_at: datetime
    candidate: CandidateRead
    match: MatchRead | None


class MyApplicationRead(OutputModel):
    id: int
    job: JobBrief
    stage: StageRead
    status: Literal["open", "closed"]
    closed_reason: str | None
    applied_at: datetime
    updated_at: datetime


class FoundCandidate(OutputModel):
    """A person whose profile is searchable, as a job's company finds them."""

    user_id: int
    name: str
    profile: ProfileRead
    match: MatchRead


class InvitationCreate(InputModel):
    message: str | None = Field(
        default=None, max_length=2000, description="A few words to the person, sent along."
    )


class InvitationRead(OutputModel):
    job_id: int
    user_id: int
    invited_at: datetime
