"""The pipeline without Redis or HTTP: real SQLite, real local storage, real tiny.en Whisper."""

import pytest

from app.lifecycle import LectureStatus, Stage
from app.pipeline.runner import Outcome
from tests.conftest import FIXTURES
from tests.pipeline.conftest import add_lecture, run_lecture


async def test_runs_every_stage_to_done(pipeline):
    lecture = await add_lecture(pipeline, "jfk", FIXTURES / "jfk.flac")
    assert await run_lecture(pipeline, lecture.id) is Outcome.DONE
    done = await pipeline.repository.get_lecture(lecture.id)
    assert (done.status, done.stage, done.progress) == (LectureStatus.DONE, Stage.DONE, 1.0)
    assert (done.attempts, done.error) == (1, None)
    assert done.duration == pytest.approx(11.0, abs=0.1)
    text = " ".join(s.text for s in await pipeline.repository.get_segments(lecture.id))
    assert "ask not what your country can do for you" in text.lower()
    summary = await pipeline.repository.get_summary(lecture.id)
    assert summary.markdown.startswith("# Test\n")


async def test_a_missing_recording_fails_with_a_message_instead_of_hanging(pipeline):
    lecture = await add_lecture(pipeline, "missing", None)
    assert await run_lecture(pipeline, lecture.id) is Outcome.FAILED
    failed = await pipeline.repository.get_lecture(lecture.id)
    assert failed.status is LectureStatus.FAILED
    assert failed.stage is Stage.TRANSCRIBING
    assert failed.error == "The uploaded recording is missing from storage; upload it again."


async def test_an_undecodable_recording_fails_at_once_with_the_decoder_reason(pipeline, tmp_path):
    broken = tmp_path / "broken.flac"
    broken.write_bytes(b"fLaC" + b"\x00" * 64)
    lecture = await add_lecture(pipeline, "broken", broken)
    assert await run_lecture(pipeline, lecture.id) is Outcome.FAILED
    failed = await pipeline.repository.get_lecture(lecture.id)
    assert failed.status is LectureStatus.FAILED
    assert failed.attempts == 1  # deterministic: not retried
    assert failed.error.startswith("The recording could not be decoded")
