"""The pipeline without Redis or HTTP: real SQLite, real local storage, real tiny.en Whisper."""

from datetime import UTC, datetime

import pytest

from app.models import Lecture, LectureStatus, Stage
from app.pipeline.runner import LecturePipeline
from tests.conftest import FIXTURES


async def add_lecture(pipeline: LecturePipeline, fixture: str, *, store: bool = True) -> Lecture:
    lecture = Lecture(
        id=fixture.replace(".", "-"),
        title="Test",
        filename=fixture,
        storage_key=f"lectures/{fixture}",
        size_bytes=1,
        content_sha256="-",
        requested_language="en",
        template="default",
        created_at=datetime.now(UTC),
    )
    if store:
        await pipeline.storage.put_file(lecture.storage_key, FIXTURES / fixture, "audio/flac")
    await pipeline.repository.add_lecture(lecture)
    return lecture


async def test_runs_every_stage_to_done(pipeline):
    lecture = await add_lecture(pipeline, "jfk.flac")
    await pipeline.run(lecture.id)
    done = await pipeline.repository.get_lecture(lecture.id)
    assert (done.status, done.stage, done.progress) == (LectureStatus.DONE, Stage.DONE, 1.0)
    assert done.duration == pytest.approx(11.0, abs=0.1)
    text = " ".join(s.text for s in await pipeline.repository.get_segments(lecture.id))
    assert "ask not what your country can do for you" in text.lower()
    summary = await pipeline.repository.get_summary(lecture.id)
    assert summary.markdown.startswith("# Test\n")


async def test_a_missing_recording_fails_with_a_message_instead_of_hanging(pipeline):
    lecture = await add_lecture(pipeline, "jfk.flac", store=False)
    await pipeline.run(lecture.id)
    failed = await pipeline.repository.get_lecture(lecture.id)
    assert failed.status is LectureStatus.FAILED
    assert failed.stage is Stage.TRANSCRIBING
    assert failed.error == "The uploaded recording is missing from storage; upload it again."


async def test_an_undecodable_recording_fails_with_the_decoder_reason(pipeline, tmp_path):
    lecture = await add_lecture(pipeline, "jfk.flac", store=False)
    broken = tmp_path / "broken.flac"
    broken.write_bytes(b"fLaC" + b"\x00" * 64)
    await pipeline.storage.put_file(lecture.storage_key, broken, "audio/flac")
    await pipeline.run(lecture.id)
    failed = await pipeline.repository.get_lecture(lecture.id)
    assert failed.status is LectureStatus.FAILED
    assert failed.error.startswith("The recording could not be decoded")
