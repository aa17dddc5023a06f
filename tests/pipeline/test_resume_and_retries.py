"""Checkpointed resume, retry judgement and silence, on the pipeline alone (no Redis, no HTTP)."""

from datetime import UTC, datetime
from pathlib import Path

import av
import numpy as np
import pytest

from app.models import Lecture, LectureStatus, Stage
from app.pipeline.checkpoints import load_checkpoint
from app.pipeline.runner import LecturePipeline, TransientFailure
from tests.conftest import FIXTURES


async def add_lecture(pipeline: LecturePipeline, lecture_id: str, source: Path) -> Lecture:
    lecture = Lecture(
        id=lecture_id,
        title="Test",
        filename=source.name,
        storage_key=f"lectures/{lecture_id}/original",
        size_bytes=1,
        content_sha256="-",
        requested_language="en",
        template="default",
        created_at=datetime.now(UTC),
    )
    await pipeline.storage.put_file(lecture.storage_key, source, "audio/mpeg")
    await pipeline.repository.add_lecture(lecture)
    return lecture


class Crash(BaseException):
    """Stands in for the process dying: nothing in the pipeline handles it."""


async def test_resume_from_a_checkpoint_reproduces_the_uninterrupted_transcript(pipeline):
    lecture = FIXTURES / "lecture_networks.mp3"
    await add_lecture(pipeline, "whole", lecture)
    await pipeline.run("whole")
    reference = await pipeline.repository.get_segments("whole")

    await add_lecture(pipeline, "interrupted", lecture)
    original_report = pipeline._report

    async def crash_after_two_windows(target, stage, fraction):
        if await load_checkpoint(pipeline.storage, target.id) is not None and fraction > 0.3:
            raise Crash
        await original_report(target, stage, fraction)

    pipeline._report = crash_after_two_windows
    with pytest.raises(Crash):
        await pipeline.run("interrupted")
    pipeline._report = original_report
    stored = await pipeline.repository.get_segments("interrupted")
    checkpoint = await load_checkpoint(pipeline.storage, "interrupted")

    await pipeline.run("interrupted")

    assert 0 < checkpoint.next_index <= len(stored) < len(reference)
    assert await pipeline.repository.get_segments("interrupted") == reference
    done = await pipeline.repository.get_lecture("interrupted")
    assert done.status is LectureStatus.DONE


class FlakySummaryStore:
    """The real repository, except that saving a summary fails `failures` times as if unreachable."""

    def __init__(self, repository, failures: int) -> None:
        self._repository = repository
        self.failures = failures

    def __getattr__(self, name):
        return getattr(self._repository, name)

    async def save_summary(self, lecture_id, summary):
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database unreachable")
        await self._repository.save_summary(lecture_id, summary)


async def test_transient_failure_is_retried_and_resumes_at_the_failed_stage(pipeline):
    await add_lecture(pipeline, "flaky", FIXTURES / "jfk.flac")
    pipeline.repository = FlakySummaryStore(pipeline.repository, failures=1)

    with pytest.raises(TransientFailure):
        await pipeline.run("flaky", attempt=1, max_attempts=3)
    between = await pipeline.repository.get_lecture("flaky")
    await pipeline.run("flaky", attempt=2, max_attempts=3)

    assert (between.status, between.stage) == (LectureStatus.PROCESSING, Stage.SUMMARY)
    done = await pipeline.repository.get_lecture("flaky")
    assert done.status is LectureStatus.DONE


async def test_transient_failure_on_the_last_attempt_fails_with_a_message(pipeline):
    await add_lecture(pipeline, "flaky", FIXTURES / "jfk.flac")
    pipeline.repository = FlakySummaryStore(pipeline.repository, failures=1)

    await pipeline.run("flaky", attempt=3, max_attempts=3)

    failed = await pipeline.repository.get_lecture("flaky")
    assert failed.status is LectureStatus.FAILED
    assert failed.stage is Stage.SUMMARY
    assert "after repeated temporary problems: database unreachable" in failed.error


async def test_a_silent_recording_fails_saying_no_speech_was_found(pipeline, tmp_path):
    silent = tmp_path / "silent.wav"
    with av.open(str(silent), "w") as container:
        stream = container.add_stream("pcm_s16le", rate=16000, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 16000 * 20), np.int16), format="s16", layout="mono"
        )
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    await add_lecture(pipeline, "silent", silent)

    await pipeline.run("silent")

    failed = await pipeline.repository.get_lecture("silent")
    assert failed.status is LectureStatus.FAILED
    assert failed.error.startswith("No speech was found in the recording")
    assert await pipeline.repository.get_segments("silent") == []
