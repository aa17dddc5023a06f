"""Drive one lecture through every stage; whatever happens, it never stays `processing`.

Each stage starts where the stored state says the previous run stopped: transcription at its last
checkpoint, the glossary only when it is not stored yet, the summary last.
"""

import asyncio
import logging
import sqlite3
import threading
from dataclasses import dataclass, field

import botocore.exceptions
import gel

from app.asr.base import TranscriptionEngine
from app.metrics import count_job, time_stage
from app.models import GlossaryEntry, Lecture, LectureStatus, Stage
from app.notes.glossary import extract_glossary
from app.notes.llm import LanguageModel
from app.notes.sentences import split_sentences
from app.notes.summary import write_summary
from app.notes.templates import TemplateLibrary, TemplateNotFound
from app.pipeline.progress import overall_progress
from app.pipeline.transcription import (
    NoSpeechFound,
    UndecodableMedia,
    transcribe_lecture,
)
from app.repository import LectureRepository
from app.storage import ObjectNotFound, Storage

logger = logging.getLogger(__name__)

FINISHED = {LectureStatus.DONE, LectureStatus.CANCELLED, LectureStatus.FAILED}
# Stages after which the transcript is complete, and after which the glossary is stored.
TRANSCRIPT_COMPLETE = {Stage.GLOSSARY, Stage.SUMMARY}
GLOSSARY_STORED = {Stage.SUMMARY}


class TransientFailure(Exception):
    """A failure worth another attempt later (a store unreachable, the GPU out of memory)."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


@dataclass
class LecturePipeline:
    repository: LectureRepository
    storage: Storage
    engine: TranscriptionEngine
    llm: LanguageModel | None
    templates: TemplateLibrary
    beam_size: int = 5
    # Held by the thread using a model: a cancelled job's last call into a model finishes in its
    # thread while the next job waits, so a model never serves two calls at once.
    engine_lock: threading.Lock = field(default_factory=threading.Lock)
    llm_lock: threading.Lock = field(default_factory=threading.Lock)

    async def run(self, lecture_id: str, *, attempt: int = 1, max_attempts: int = 1) -> None:
        """Raises TransientFailure when the failure is worth retrying and attempts remain."""
        lecture = await self.repository.get_lecture(lecture_id)
        if lecture is None or lecture.status in FINISHED:
            logger.info("nothing to do for lecture %s", lecture_id)
            return
        stage = lecture.stage if lecture.stage in TRANSCRIPT_COMPLETE else Stage.TRANSCRIBING
        try:
            if stage is Stage.TRANSCRIBING:
                await self._report(lecture, stage, 0.0)
                with time_stage(stage):
                    async with self.storage.local_copy(lecture.storage_key) as audio_path:
                        language = await transcribe_lecture(
                            lecture,
                            audio_path,
                            self.engine,
                            self.repository,
                            self.storage,
                            self.beam_size,
                            lambda fraction: self._report(lecture, Stage.TRANSCRIBING, fraction),
                            self.engine_lock,
                        )
                stage = Stage.GLOSSARY
            else:
                language = lecture.language or "en"
            segments = await self.repository.get_segments(lecture.id)
            sentences = split_sentences(segments)

            if stage is Stage.GLOSSARY:
                await self._report(lecture, stage, 0.0)
                with time_stage(stage):
                    glossary = await asyncio.to_thread(
                        self._with_llm, extract_glossary, sentences, language, self.llm
                    )
                await self.repository.replace_glossary(lecture.id, glossary)
                stage = Stage.SUMMARY
            else:
                glossary = await self.repository.get_glossary(lecture.id)

            await self._report(lecture, stage, 0.0)
            with time_stage(Stage.SUMMARY):
                summary = await asyncio.to_thread(
                    self._with_llm,
                    self._write_summary,
                    lecture,
                    sentences,
                    glossary,
                    language,
                )
            await self.repository.save_summary(lecture.id, summary)
            await self.repository.set_progress(
                lecture.id, status=LectureStatus.DONE, stage=Stage.DONE, progress=1.0
            )
            count_job(LectureStatus.DONE)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_transient(exc) and attempt < max_attempts:
                logger.warning(
                    "lecture %s: temporary failure during %s (attempt %d of %d): %s",
                    lecture.id,
                    stage.value,
                    attempt,
                    max_attempts,
                    exc,
                )
                raise TransientFailure(exc) from exc
            logger.exception("lecture %s failed during %s", lecture.id, stage.value)
            await self.repository.set_progress(
                lecture.id,
                status=LectureStatus.FAILED,
                stage=stage,
                progress=lecture.progress,
                error=describe_failure(exc, stage),
            )
            count_job(LectureStatus.FAILED)

    async def mark_cancelled(self, lecture_id: str) -> None:
        """Record a cancellation that landed while the job ran (its last progress report may have
        overwritten the status the API set)."""
        lecture = await self.repository.get_lecture(lecture_id)
        if lecture is not None and lecture.status is not LectureStatus.DONE:
            await self.repository.set_progress(
                lecture_id,
                status=LectureStatus.CANCELLED,
                stage=lecture.stage,
                progress=lecture.progress,
                error=None,
            )

    async def hand_back(self, lecture_id: str) -> None:
        """The worker is stopping mid-job: show the lecture as queued again, keeping its stage."""
        lecture = await self.repository.get_lecture(lecture_id)
        if lecture is not None and lecture.status is LectureStatus.PROCESSING:
            await self.repository.set_progress(
                lecture_id,
                status=LectureStatus.QUEUED,
                stage=lecture.stage,
                progress=lecture.progress,
            )

    def _with_llm(self, function, *args):
        with self.llm_lock:
            return function(*args)

    def _write_summary(
        self, lecture: Lecture, sentences, glossary: list[GlossaryEntry], language: str
    ):
        return write_summary(
            title=lecture.title,
            sentences=sentences,
            glossary=glossary,
            language=language,
            llm=self.llm,
            templates=self.templates,
            template_name=lecture.template,
        )

    async def _report(self, lecture: Lecture, stage: Stage, fraction: float) -> None:
        lecture.progress = overall_progress(stage, fraction)
        await self.repository.set_progress(
            lecture.id, status=LectureStatus.PROCESSING, stage=stage, progress=lecture.progress
        )


def is_transient(exc: BaseException) -> bool:
    """Failures that say nothing about the lecture itself and may well pass: retry those."""
    match exc:
        case ConnectionError() | TimeoutError():
            return True
        case sqlite3.OperationalError() if "locked" in str(exc) or "busy" in str(exc):
            return True
        case botocore.exceptions.ConnectionError() | botocore.exceptions.HTTPClientError():
            return True
        case gel.errors.ClientConnectionError() | gel.errors.AvailabilityError():
            return True
        case RuntimeError() | MemoryError() if "out of memory" in str(exc).lower():
            return True  # CUDA (CTranslate2, llama.cpp) out of memory
    return False


def describe_failure(exc: Exception, stage: Stage) -> str:
    """A message for the teacher: what went wrong, in words, not a traceback."""
    match exc:
        case UndecodableMedia() | TemplateNotFound() | NoSpeechFound():
            return str(exc)
        case ObjectNotFound():
            return "The uploaded recording is missing from storage; upload it again."
        case _ if is_transient(exc):
            return (
                f"Processing failed while {stage.value.replace('_', ' ')} after repeated "
                f"temporary problems: {exc}. Retry the lecture to continue where it stopped."
            )
        case _:
            return f"Processing failed while {stage.value.replace('_', ' ')}: {exc}"
