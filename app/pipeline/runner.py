"""Drive one run of a lecture through every stage, and decide what a failure means.

Each stage starts where the stored state says the previous run stopped: transcription at its last
checkpoint, the glossary only when it is not stored yet, the summary last. A run that regenerates the
notes (app.lifecycle.Lifecycle.regenerate_notes) starts at the glossary stage and so never touches
the transcript or its checkpoint; it reads the transcript as the teacher corrected it.

Temporary trouble (a store unavailable, the run's time limit) sends the lecture back to the queue
while attempts remain; any other failure is deterministic, since the same input would fail the same
way, and fails the lecture at once with a message for the teacher.
"""

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from app.asr.base import TranscriptionEngine
from app.core.errors import StoreUnavailable
from app.lifecycle import (
    AttemptsExhausted,
    LectureRun,
    LectureStatus,
    Lifecycle,
    RunSuperseded,
    Stage,
    stage_is_over,
)
from app.metrics import count_job, time_stage
from app.models import GlossaryEntry, Lecture, Summary
from app.notes.glossary import extract_glossary
from app.notes.llm import LanguageModel
from app.notes.sentences import Sentence, split_sentences
from app.notes.summary import write_summary
from app.notes.templates import TemplateLibrary
from app.pipeline.failures import describe_failure, describe_temporary_problem
from app.pipeline.transcription import TranscriptionStage
from app.repository import LectureRepository
from app.storage import Storage

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    DONE = "done"
    FAILED = "failed"
    RETRY_LATER = "retry later"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class RunLimits:
    max_attempts: int = 5
    timeout_s: float = 6 * 3600


@dataclass
class LecturePipeline:
    repository: LectureRepository
    storage: Storage
    engine: TranscriptionEngine
    llm: LanguageModel | None
    templates: TemplateLibrary
    beam_size: int = 5
    limits: RunLimits = RunLimits()
    # Held by the thread using a model: a cancelled job's last call into a model finishes in its
    # thread while the next job waits, so a model never serves two calls at once.
    engine_lock: threading.Lock = field(default_factory=threading.Lock)
    llm_lock: threading.Lock = field(default_factory=threading.Lock)

    async def start(self, lecture_id: str, run_id: str) -> LectureRun | None:
        """The run, taken for processing; None when there is nothing to do."""
        try:
            return await Lifecycle(self.repository).start(
                lecture_id, run_id, max_attempts=self.limits.max_attempts
            )
        except RunSuperseded:
            logger.info(
                "run %s of lecture %s is no longer current; nothing to do", run_id, lecture_id
            )
        except AttemptsExhausted:
            logger.warning("lecture %s failed: out of attempts", lecture_id)
            count_job(LectureStatus.FAILED)
        return None

    async def process(self, run: LectureRun) -> Outcome:
        try:
            async with asyncio.timeout(self.limits.timeout_s) as deadline:
                await self._run_stages(run)
        except RunSuperseded:
            logger.info(
                "lecture %s: run %s was cancelled or replaced; stopping", run.lecture.id, run.run_id
            )
            return Outcome.SUPERSEDED
        except TimeoutError as exc:
            if not deadline.expired():
                return await self._fail(run, exc)
            return await self._after_temporary_problem(
                run, f"processing took longer than {self.limits.timeout_s:g} s"
            )
        except StoreUnavailable as exc:
            return await self._after_temporary_problem(run, str(exc))
        except Exception as exc:
            return await self._fail(run, exc)
        count_job(LectureStatus.DONE)
        return Outcome.DONE

    async def _run_stages(self, run: LectureRun) -> None:
        lecture = run.lecture
        if stage_is_over(lecture.stage, Stage.TRANSCRIBING):
            language = lecture.language or "en"
        else:
            await run.report(Stage.TRANSCRIBING, 0.0)
            with time_stage(Stage.TRANSCRIBING):
                async with self.storage.local_copy(lecture.storage_key) as audio_path:
                    language = await TranscriptionStage(
                        self.engine, self.repository, self.beam_size, self.engine_lock
                    ).run(run, audio_path)
        sentences = split_sentences(await self.repository.get_segments(lecture.id))

        if stage_is_over(run.lecture.stage, Stage.GLOSSARY):
            glossary = await self.repository.get_glossary(lecture.id)
        else:
            await run.report(Stage.GLOSSARY, 0.0)
            with time_stage(Stage.GLOSSARY):
                glossary = await asyncio.to_thread(
                    self._with_llm,
                    extract_glossary,
                    sentences,
                    language,
                    self.llm,
                    _progress_from_thread(run, Stage.GLOSSARY),
                )
            await self.repository.replace_glossary(lecture.id, run.run_id, glossary)
            # As stored: the teacher's corrections merged in, and what the summary lists.
            glossary = await self.repository.get_glossary(lecture.id)

        await run.report(Stage.SUMMARY, 0.0)
        with time_stage(Stage.SUMMARY):
            summary = await asyncio.to_thread(
                self._write_summary,
                lecture,
                sentences,
                glossary,
                language,
                _progress_from_thread(run, Stage.SUMMARY),
            )
        await self.repository.save_summary(lecture.id, run.run_id, summary)
        await run.finish()

    async def _after_temporary_problem(self, run: LectureRun, problem: str) -> Outcome:
        lecture = run.lecture
        if lecture.attempts >= self.limits.max_attempts:
            logger.warning("lecture %s: %s, and no attempts are left", lecture.id, problem)
            return await self._record_failure(
                run, describe_temporary_problem(problem, lecture.stage, lecture.attempts)
            )
        logger.warning(
            "lecture %s: temporary problem during %s (attempt %d of %d): %s",
            lecture.id,
            lecture.stage.value,
            lecture.attempts,
            self.limits.max_attempts,
            problem,
        )
        try:
            await run.queue_again(problem)
        except RunSuperseded:
            return Outcome.SUPERSEDED
        return Outcome.RETRY_LATER

    async def _fail(self, run: LectureRun, exc: Exception) -> Outcome:
        logger.error(
            "lecture %s failed during %s", run.lecture.id, run.lecture.stage.value, exc_info=exc
        )
        return await self._record_failure(run, describe_failure(exc, run.lecture.stage))

    async def _record_failure(self, run: LectureRun, message: str) -> Outcome:
        try:
            await run.fail(message)
        except RunSuperseded:
            return Outcome.SUPERSEDED
        count_job(LectureStatus.FAILED)
        return Outcome.FAILED

    def _with_llm(self, function, *args):
        with self.llm_lock:
            return function(*args)

    def _write_summary(
        self,
        lecture: Lecture,
        sentences: list[Sentence],
        glossary: list[GlossaryEntry],
        language: str,
        on_progress: Callable[[float], None],
    ) -> Summary:
        return write_summary(
            title=lecture.title,
            sentences=sentences,
            glossary=glossary,
            language=language,
            templates=self.templates,
            template_name=lecture.template,
            on_progress=on_progress,
        )


def _progress_from_thread(run: LectureRun, stage: Stage) -> Callable[[float], None]:
    """A progress callback for a model working in a thread. The report runs on the event loop and
    the thread waits for it, so a run superseded meanwhile stops its model at the next report."""
    loop = asyncio.get_running_loop()

    def report(fraction: float) -> None:
        asyncio.run_coroutine_threadsafe(run.report(stage, fraction), loop).result()

    return report
