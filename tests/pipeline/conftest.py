"""The pipeline on real parts without Redis or HTTP: SQLite, local storage, tiny.en Whisper (or,
where a test asks for it, the openai-whisper engine with the converted base weights)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.asr.base import TranscriptionEngine
from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import (
    OFFLINE_BASE,
    OFFLINE_TINY_EN,
    resolve_openai_whisper_model,
    resolve_whisper_model,
)
from app.lifecycle import LectureRun
from app.models import Lecture
from app.notes.templates import TemplateLibrary
from app.pipeline.runner import LecturePipeline, Outcome, RunLimits
from app.repository.sqlite import SqliteLectureRepository
from app.storage.local import LocalStorage
from tests.conftest import MODEL_CACHE


@pytest.fixture(scope="module")
def engine(request: pytest.FixtureRequest) -> TranscriptionEngine:
    """faster-whisper tiny.en; `openai-whisper` by indirect parametrisation: the base weights,
    batched two windows at a time, so that a 2-minute lecture takes several batches."""
    if getattr(request, "param", "faster-whisper") == "openai-whisper":
        from app.asr.openai_whisper_engine import OpenAIWhisperEngine

        checkpoint = resolve_openai_whisper_model(OFFLINE_BASE, MODEL_CACHE)
        return OpenAIWhisperEngine(checkpoint, model_name=OFFLINE_BASE, device="cpu", batch_size=2)
    return FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_TINY_EN, Path("/nonexistent")), model_name=OFFLINE_TINY_EN
    )


@pytest.fixture
async def pipeline(tmp_path, engine):
    repository = SqliteLectureRepository(tmp_path / "db.sqlite3")
    await repository.connect()
    storage = LocalStorage(tmp_path / "objects")
    await storage.ensure_ready()
    yield LecturePipeline(
        repository=repository,
        storage=storage,
        engine=engine,
        llm=None,
        templates=TemplateLibrary(),
        beam_size=1,
        limits=RunLimits(max_attempts=3, timeout_s=600),
    )
    await repository.close()


async def add_lecture(
    pipeline: LecturePipeline, lecture_id: str, source: Path | None, *, language: str = "en"
) -> Lecture:
    """A queued lecture whose recording is `source` (None: nothing stored)."""
    lecture = Lecture(
        id=lecture_id,
        title="Test",
        filename=source.name if source else "missing.flac",
        storage_key=f"lectures/{lecture_id}/original",
        size_bytes=1,
        content_sha256="-",
        requested_language=language,
        template="default",
        created_at=datetime.now(UTC),
    )
    if source is not None:
        await pipeline.storage.put_file(lecture.storage_key, source, "audio/mpeg")
    await pipeline.repository.add_lecture(lecture)
    return lecture


async def start_run(pipeline: LecturePipeline, lecture_id: str) -> LectureRun | None:
    """What the worker does when it takes the lecture's current job."""
    lecture = await pipeline.repository.get_lecture(lecture_id)
    return await pipeline.start(lecture_id, lecture.run_id)


async def run_lecture(pipeline: LecturePipeline, lecture_id: str) -> Outcome | None:
    run = await start_run(pipeline, lecture_id)
    return None if run is None else await pipeline.process(run)
