"""A lecture's lifecycle: its statuses, its stages, and every move between them.

Only this module changes a lecture's status. Each move is one compare-and-set in the database against
the statuses it starts from and, for the worker's moves, the run they belong to (a new run id is drawn
at every enqueue). So a cancel and a finish that race cannot both win, and a run that was cancelled,
retried or deleted writes nothing more: its next move raises RunSuperseded and it stops.
"""

import uuid
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.models import Lecture
    from app.repository import LectureRepository


class LectureStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Stage(StrEnum):
    """Processing stages, in the order the worker runs them."""

    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    GLOSSARY = "glossary"
    SUMMARY = "summary"
    DONE = "done"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

# Each stage owns a slice of the overall 0..1 progress.
STAGE_SPANS: dict[Stage, tuple[float, float]] = {
    Stage.QUEUED: (0.0, 0.0),
    Stage.TRANSCRIBING: (0.0, 0.85),
    Stage.GLOSSARY: (0.85, 0.93),
    Stage.SUMMARY: (0.93, 1.0),
    Stage.DONE: (1.0, 1.0),
}

ACTIVE = frozenset({LectureStatus.QUEUED, LectureStatus.PROCESSING})
RETRYABLE = frozenset({LectureStatus.FAILED, LectureStatus.CANCELLED})
CANCELLABLE = ACTIVE
# A person may correct the transcript and glossary, and have the notes written again, only while no
# run is at work on the lecture, and only once its transcript is complete (see ensure_correctable).
CORRECTABLE = frozenset({LectureStatus.DONE, LectureStatus.FAILED, LectureStatus.CANCELLED})


def overall_progress(stage: Stage, stage_fraction: float) -> float:
    low, high = STAGE_SPANS[stage]
    return round(low + (high - low) * min(max(stage_fraction, 0.0), 1.0), 4)


def stage_is_over(current: Stage, stage: Stage) -> bool:
    """Whether a lecture at `current` has got past `stage`, so that stage's output is complete."""
    return STAGE_ORDER.index(current) > STAGE_ORDER.index(stage)


def new_run_id() -> str:
    return uuid.uuid4().hex


class IllegalTransition(Exception):
    """The lecture is not in a status this move starts from; the message is for a person (HTTP 409)."""


class RunSuperseded(Exception):
    """A worker's run is no longer the lecture's run: it was cancelled, retried or deleted."""


class Keep(Enum):
    """A field a move leaves as it is."""

    FIELD = "keep"


KEEP = Keep.FIELD


class AttemptCount(StrEnum):
    KEEP = "keep"
    COUNT = "count"  # a worker starts the run
    REFUND = "refund"  # the worker gave the run back through no fault of the lecture
    RESET = "reset"  # a person asked for a new run


@dataclass(frozen=True, slots=True)
class Move:
    done_as: str  # "Only … lectures can be <done_as>"
    sources: frozenset[LectureStatus]
    target: LectureStatus


PROCESSING_ONLY = frozenset({LectureStatus.PROCESSING})
START = Move("started", ACTIVE, LectureStatus.PROCESSING)
REPORT = Move("reported on", PROCESSING_ONLY, LectureStatus.PROCESSING)
FINISH = Move("finished", PROCESSING_ONLY, LectureStatus.DONE)
FAIL = Move("failed", ACTIVE, LectureStatus.FAILED)
REQUEUE = Move("queued again", PROCESSING_ONLY, LectureStatus.QUEUED)
ADOPT_RESULTS = Move("given copied results", frozenset({LectureStatus.QUEUED}), LectureStatus.DONE)
CANCEL = Move("cancelled", CANCELLABLE, LectureStatus.CANCELLED)
RETRY = Move("retried", RETRYABLE, LectureStatus.QUEUED)
REGENERATE_NOTES = Move("given new notes", CORRECTABLE, LectureStatus.QUEUED)


def ensure_correctable(lecture: "Lecture") -> None:
    """Raise IllegalTransition, with the reason for a person, unless the lecture's transcript and
    glossary may be corrected (and its notes regenerated) now.

    The status is checked again by every correction's write, in its transaction; the stage cannot
    change while the status stays out of ACTIVE, so checking it here is enough.
    """
    if lecture.status not in CORRECTABLE:
        raise IllegalTransition(
            f"The lecture is {lecture.status.value} right now; corrections and new notes wait "
            "until it has finished."
        )
    if not stage_is_over(lecture.stage, Stage.TRANSCRIBING):
        raise IllegalTransition(
            f"The lecture's transcript is not complete (it stopped while {lecture.stage.value}); "
            "retry the lecture before correcting it."
        )


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One compare-and-set: applied only while the lecture's status is one of `sources` and, when
    `expected_run` is set, its run is that one."""

    sources: frozenset[LectureStatus]
    expected_run: str | None
    status: LectureStatus
    stage: Stage | Keep = KEEP
    progress: float | Keep = KEEP
    error: str | None | Keep = KEEP
    run_id: str | Keep = KEEP
    attempts: AttemptCount = AttemptCount.KEEP


class Lifecycle:
    """Every status write, for the API (cancel, retry) and for workers (through LectureRun)."""

    def __init__(self, repository: "LectureRepository") -> None:
        self.repository = repository

    async def cancel(self, lecture: "Lecture") -> "Lecture":
        return await self._apply(lecture, CANCEL, StatusChange(CANCEL.sources, None, CANCEL.target))

    async def retry(self, lecture: "Lecture", *, restart: bool) -> "Lecture":
        """Queue a failed or cancelled lecture under a new run: from its stage, or from scratch."""
        change = StatusChange(
            RETRY.sources,
            None,
            RETRY.target,
            stage=Stage.QUEUED if restart else KEEP,
            progress=0.0 if restart else KEEP,
            error=None,
            run_id=new_run_id(),
            attempts=AttemptCount.RESET,
        )
        return await self._apply(lecture, RETRY, change)

    async def regenerate_notes(self, lecture: "Lecture") -> "Lecture":
        """Queue a new run that writes the glossary and summary again from the stored (and perhaps
        corrected) transcript: it starts at the glossary stage, so nothing is transcribed again."""
        ensure_correctable(lecture)
        change = StatusChange(
            REGENERATE_NOTES.sources,
            None,
            REGENERATE_NOTES.target,
            stage=Stage.GLOSSARY,
            progress=overall_progress(Stage.GLOSSARY, 0.0),
            error=None,
            run_id=new_run_id(),
            attempts=AttemptCount.RESET,
        )
        return await self._apply(lecture, REGENERATE_NOTES, change)

    async def adopt_results(self, lecture: "Lecture") -> "Lecture":
        """A new lecture whose results were copied from an identical recording is done at once."""
        change = StatusChange(
            ADOPT_RESULTS.sources,
            lecture.run_id,
            ADOPT_RESULTS.target,
            stage=Stage.DONE,
            progress=1.0,
        )
        return await self._apply(lecture, ADOPT_RESULTS, change)

    async def start(self, lecture_id: str, run_id: str, *, max_attempts: int) -> "LectureRun":
        """Take the run for processing, counting the attempt.

        Raises RunSuperseded when the run is no longer current, and AttemptsExhausted (after failing
        the lecture) when this would be one attempt more than `max_attempts`: a lecture whose worker
        keeps dying under it, or that keeps timing out, ends `failed` instead of looping.
        """
        change = StatusChange(
            START.sources, run_id, START.target, attempts=AttemptCount.COUNT, error=KEEP
        )
        lecture = await self.repository.transition(lecture_id, change)
        if lecture is None:
            raise RunSuperseded(lecture_id)
        run = LectureRun(self.repository, lecture)
        if lecture.attempts > max_attempts:
            last_problem = lecture.error or (
                "the worker stopped unexpectedly; the recording may be too large for this worker"
            )
            await run.fail(
                f"Processing stopped {max_attempts} times without finishing "
                f"(last: {last_problem}). Retry the lecture to try once more."
            )
            raise AttemptsExhausted(lecture_id)
        return run

    async def _apply(self, lecture: "Lecture", move: Move, change: StatusChange) -> "Lecture":
        updated = await self.repository.transition(lecture.id, change)
        if updated is not None:
            return updated
        current = await self.repository.get_lecture(lecture.id)
        if current is None:
            raise LookupError(lecture.id)
        allowed = " or ".join(status.value for status in LectureStatus if status in move.sources)
        raise IllegalTransition(
            f"Only {allowed} lectures can be {move.done_as}; this one is {current.status.value}."
        )


class AttemptsExhausted(Exception):
    """The run was started once too often and its lecture is now `failed`."""


class LectureRun:
    """One worker's run of one lecture. Every move is fenced by the run id; `lecture` is the latest
    state the database returned."""

    def __init__(self, repository: "LectureRepository", lecture: "Lecture") -> None:
        self.repository = repository
        self.lecture = lecture
        self.run_id = lecture.run_id

    async def report(self, stage: Stage, fraction: float) -> None:
        await self._move(
            StatusChange(
                REPORT.sources,
                self.run_id,
                REPORT.target,
                stage=stage,
                progress=overall_progress(stage, fraction),
            )
        )

    async def finish(self) -> None:
        await self._move(
            StatusChange(
                FINISH.sources,
                self.run_id,
                FINISH.target,
                stage=Stage.DONE,
                progress=1.0,
                error=None,
            )
        )

    async def fail(self, message: str) -> None:
        await self._move(StatusChange(FAIL.sources, self.run_id, FAIL.target, error=message))

    async def queue_again(self, problem: str) -> None:
        """Back to the queue after a temporary problem; the attempt stays counted."""
        await self._move(StatusChange(REQUEUE.sources, self.run_id, REQUEUE.target, error=problem))

    async def hand_back(self) -> None:
        """The worker stops mid-run (shutdown): queued again, and the attempt does not count.

        Quietly does nothing when the run was cancelled or superseded meanwhile.
        """
        change = StatusChange(
            REQUEUE.sources, self.run_id, REQUEUE.target, attempts=AttemptCount.REFUND
        )
        updated = await self.repository.transition(self.lecture.id, change)
        if updated is not None:
            self.lecture = updated

    async def _move(self, change: StatusChange) -> None:
        updated = await self.repository.transition(self.lecture.id, change)
        if updated is None:
            raise RunSuperseded(self.lecture.id)
        self.lecture = updated
