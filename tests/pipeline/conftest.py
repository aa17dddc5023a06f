"""The pipeline on real parts without Redis or HTTP: SQLite, local storage, tiny.en Whisper."""

from pathlib import Path

import pytest

from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import OFFLINE_TINY_EN, resolve_whisper_model
from app.notes.templates import TemplateLibrary
from app.pipeline.runner import LecturePipeline
from app.repository.sqlite import SqliteLectureRepository
from app.storage.local import LocalStorage


@pytest.fixture(scope="module")
def engine() -> FasterWhisperEngine:
    return FasterWhisperEngine(resolve_whisper_model(OFFLINE_TINY_EN, Path("/nonexistent")))


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
    )
    await repository.close()
