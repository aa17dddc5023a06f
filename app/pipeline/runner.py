"""Drive one lecture through every stage; whatever happens, it never stays `processing`."""

import asyncio
import logging
from dataclasses import dataclass

from app.asr.base import TranscriptionEngine
from app.models import Lecture, LectureStatus, Stage
from app.notes.glossary import extract_glossary
from app.notes.llm import LanguageModel
from app.notes.sentences import split_sentences
from app.notes.summary import write_summary
from app.notes.templates import TemplateLibrary, TemplateNotFound
from app.pipeline.progress import overall_progress
from app.pipeline.transcription import UndecodableMedia, transcribe_lecture
from app.repository import LectureRepository
from app.storage import ObjectNotFound, Storage

logger = logging.getLogger(__name__)

FINISHED = {LectureStatus.DONE, LectureStatus.CANCELLED}


@dataclass
class LecturePipeline:
    repository: LectureRepository
    storage: Storage
    engine: TranscriptionEngine
    llm: LanguageModel | None
    templates: TemplateLibrary
    beam_size: int = 5

    async def run(self, lecture_id: str) -> None:
        lecture = await self.repository.get_lecture(lecture_id)
        if lecture is None or lecture.status in FINISHED:
            logger.info("nothing to do for lecture %s", lecture_id)
            return
        stage = Stage.TRANSCRIBING
        try:
            await self._report(lecture, stage, 0.0)
            async with self.storage.local_copy(lecture.storage_key) as audio_path:
                language = await transcribe_lecture(
                    lecture,
                    audio_path,
                    self.engine,
                    self.repository,
                    self.beam_size,
                    lambda fraction: self._report(lecture, Stage.TRANSCRIBING, fraction),
                )
            segments = await self.repository.get_segments(lecture.id)
            sentences = split_sentences(segments)

            stage = Stage.GLOSSARY
            await self._report(lecture, stage, 0.0)
            glossary = await asyncio.to_thread(extract_glossary, sentences, language, self.llm)
            await self.repository.replace_glossary(lecture.id, glossary)

            stage = Stage.SUMMARY
            await self._report(lecture, stage, 0.0)
            summary = await asyncio.to_thread(
                lambda: write_summary(
                    title=lecture.title,
                    sentences=sentences,
                    glossary=glossary,
                    language=language,
                    llm=self.llm,
                    templates=self.templates,
                    template_name=lecture.template,
                )
            )
            await self.repository.save_summary(lecture.id, summary)
            await self.repository.set_progress(
                lecture.id, status=LectureStatus.DONE, stage=Stage.DONE, progress=1.0
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.exception("lecture %s failed during %s", lecture.id, stage.value)
            await self.repository.set_progress(
                lecture.id,
                status=LectureStatus.FAILED,
                stage=stage,
                progress=lecture.progress,
                error=describe_failure(exc, stage),
            )

    async def _report(self, lecture: Lecture, stage: Stage, fraction: float) -> None:
        lecture.progress = overall_progress(stage, fraction)
        await self.repository.set_progress(
            lecture.id, status=LectureStatus.PROCESSING, stage=stage, progress=lecture.progress
        )


def describe_failure(exc: Exception, stage: Stage) -> str:
    """A message for the teacher: what went wrong, in words, not a traceback."""
    match exc:
        case UndecodableMedia() | TemplateNotFound():
            return str(exc)
        case ObjectNotFound():
            return "The uploaded recording is missing from storage; upload it again."
        case _:
            return f"Processing failed while {stage.value.replace('_', ' ')}: {exc}"
