"""Hiring rules, as the routers, pages, GraphQL and tasks call them: a company's pipeline
(``pipeline``), screening questions (``screening``), applying (``applying``), who reads and
acts on an application (``access``), moving it through the stages (``transitions``), the
applicant lists (``ranking``) and the person's data in them (``privacy``).

    applied --> (open stages in the company's order) --> hired
       \\                 \\--> rejected (from any open stage)
        \\--> withdrawn (the candidate, from any open stage)
"""

from __future__ import annotations

from jobboard.applications.access import (
    CANDIDATE_ACTOR as CANDIDATE_ACTOR,
)
from jobboard.applications.access import (
    SYSTEM_ACTOR as SYSTEM_ACTOR,
)
from jobboard.applications.access import (
    authorize_action as authorize_action,
)
from jobboard.applications.access import (
    company_of as company_of,
)
from jobboard.applications.access import (
    event_by as event_by,
)
from jobboard.applications.access import (
    final_answer as final_answer,
)
from jobboard.applications.access import (
    get_own as get_own,
)
from jobboard.applications.access import (
    get_readable as get_readable,
)
from jobboard.applications.access import (
    history as history,
)
from jobboard.applications.access import (
    is_candidate as is_candidate,
)
from jobboard.applications.access import (
    notes as notes,
)
from jobboard.applications.access import (
    visible_profile as visible_profile,
)
from jobboard.applications.applying import (
    AlreadyApplied as AlreadyApplied,
)
from jobboard.applications.applying import (
    ExternalApplication as ExternalApplication,
)
from jobboard.applications.applying import (
    JobNotOpen as JobNotOpen,
)
from jobboard.applications.applying import (
    apply as apply,
)
from jobboard.applications.applying import (
    takes_applications_here as takes_applications_here,
)
from jobboard.applications.pipeline import (
    DEFAULT_PIPELINE as DEFAULT_PIPELINE,
)
from jobboard.applications.pipeline import (
    FIRST_STAGE as FIRST_STAGE,
)
from jobboard.applications.pipeline import (
    Stage as Stage,
)
from jobboard.applications.pipeline import (
    StageInUse as StageInUse,
)
from jobboard.applications.pipeline import (
    pipeline as pipeline,
)
from jobboard.applications.pipeline import (
    require_reader as require_reader,
)
from jobboard.applications.pipeline import (
    set_pipeline as set_pipeline,
)
from jobboard.applications.pipeline import (
    stage_named as stage_named,
)
from jobboard.applications.privacy import (
    erase_part as erase_part,
)
from jobboard.applications.privacy import (
    export_part as export_part,
)
from jobboard.applications.ranking import (
    Applicant as Applicant,
)
from jobboard.applications.ranking import (
    applicants as applicants,
)
from jobboard.applications.ranking import (
    jobs_and_companies as jobs_and_companies,
)
from jobboard.applications.ranking import (
    my_applications as my_applications,
)
from jobboard.applications.ranking import (
    score as score,
)
from jobboard.applications.screening import (
    checked_answers as checked_answers,
)
from jobboard.applications.screening import (
    questions as questions,
)
from jobboard.applications.screening import (
    set_questions as set_questions,
)
from jobboard.applications.transitions import (
    add_note as add_note,
)
from jobboard.applications.transitions import (
    check_move as check_move,
)
from jobboard.applications.transitions import (
    close_by_platform as close_by_platform,
)
from jobboard.applications.transitions import (
    transition as transition,
)
from jobboard.applications.transitions import (
    withdraw as withdraw,
)
