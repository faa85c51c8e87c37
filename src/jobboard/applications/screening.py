"""Screening questions a job asks, and checking a candidate's answers against them."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobboard.applications.schemas import (
    QuestionsUpdate,
)
from jobboard.errors import (
    InvalidTransition,
    ValidationFailed,
)
from jobboard.jobs import service as job_service
from jobboard.kit.clock import utcnow
from jobboard.models import (
    Job,
    ScreeningQuestion,
)


async def questions(session: AsyncSession, *, job_id: int) -> list[ScreeningQuestion]:
    return list(
        await session.scalars(
            select(ScreeningQuestion)
            .where(ScreeningQuestion.job_id == job_id)
            .order_by(ScreeningQuestion.position)
        )
    )


async def set_questions(
    session: AsyncSession, *, job: Job, data: QuestionsUpdate
) -> list[ScreeningQuestion]:
    """Replace a job's questions; applications keep the questions they answered."""
    if job_service.effective_status(job, utcnow()) == "closed":
        raise InvalidTransition("A closed job takes no applications; its questions are final.")
    await session.execute(delete(ScreeningQuestion).where(ScreeningQuestion.job_id == job.id))
    rows = [
        ScreeningQuestion(
            job_id=job.id,
            position=index,
            key=question.id,
            kind=question.kind,
            prompt=question.prompt,
            required=question.required,
            options=list(question.options),
        )
        for index, question in enumerate(data.questions)
    ]
    session.add_all(rows)
    await session.flush()
    return rows


def _check_answer(question: ScreeningQuestion, value: Any) -> str | None:
    """What is wrong with an answer, or None."""
    if question.kind == "yes_no":
        return None if isinstance(value, bool) else "answer true or false"
    if question.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "answer with a number"
        return None if math.isfinite(value) and abs(value) <= 1e9 else "the number is too large"
    if question.kind == "single_choice":
        if value not in question.options:
            return "answer with one of: " + ", ".join(repr(option) for option in question.options)
        return None
    if not isinstance(value, str) or not value:
        return "answer with text"
    return None if len(value) <= 500 else "answer in at most 500 characters"


def checked_answers(
    asked: list[ScreeningQuestion], answers: dict[str, Any]
) -> list[dict[str, Any]]:
    """The answers with their questions, or one 422 naming every bad or missing answer."""
    by_key = {question.key: question for question in asked}
    problems = [
        {"field": f"body.answers.{key}", "message": "this job asks no such question"}
        for key in answers
        if key not in by_key
    ]
    kept = []
    for question in asked:
        field = f"body.answers.{question.key}"
        if question.key not in answers:
            if question.required:
                problems.append({"field": field, "message": "this question needs an answer"})
            continue
        trouble = _check_answer(question, answers[question.key])
        if trouble is not None:
            problems.append({"field": field, "message": trouble})
            continue
        kept.append(
            {
                "id": question.key,
                "prompt": question.prompt,
                "kind": question.kind,
                "value": answers[question.key],
            }
        )
    if problems:
        raise ValidationFailed(
            "Check these answers: " + ", ".join(item["field"] for item in problems) + ".",
            errors=problems,
        )
    return kept
