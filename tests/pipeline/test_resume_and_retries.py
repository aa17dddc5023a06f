"""Checkpointed resume, retry judgement, attempts and silence, on the pipeline alone (no Redis)."""

import av
import numpy as np
import pytest

from app.core.errors import StoreUnavailable
from app.lifecycle import LectureStatus, Stage
from app.models import Segment, TranscriptionCheckpoint
from app.pipeline.runner import Outcome, RunLimits
from tests.conftest import FIXTURES
from tests.pipeline.conftest import add_lecture, run_lecture, start_run

LECTURE = FIXTURES / "lecture_networks.mp3"


class Crash(BaseException):
    """Stands in for the process dying: nothing in the pipeline handles it."""


async def crash_after_two_windows(pipeline, lecture_id: str) -> None:
    run = await start_run(pipeline, lecture_id)
    report = run.report

    async def crashing_report(stage, fraction):
        if await pipeline.repository.get_checkpoint(lecture_id) is not None and fraction > 0.3:
            raise Crash
        await report(stage, fraction)

    run.report = crashing_report
    with pytest.raises(Crash):
        await pipeline.process(run)


async def uninterrupted_transcript(pipeline) -> list[Segment]:
    await add_lecture(pipeline, "whole", LECTURE)
    await run_lecture(pipeline, "whole")
    return await pipeline.repository.get_segments("whole")


@pytest.mark.parametrize("engine", ["faster-whisper", "openai-whisper"], indirect=True)
async def test_resume_from_a_checkpoint_reproduces_the_uninterrupted_transcript(pipeline, engine):
    reference = await uninterrupted_transcript(pipeline)
    interrupted = await add_lecture(pipeline, "interrupted", LECTURE)
    await crash_after_two_windows(pipeline, "interrupted")
    checkpoint = await pipeline.repository.get_checkpoint("interrupted")
    stored = await pipeline.repository.get_segments("interrupted")
    # A segment past the checkpoint, as a run that died before its next checkpoint leaves behind.
    stale = Segment(len(reference) + 5, 999.0, 1000.0, "stale text past the checkpoint")
    await pipeline.repository.save_segments("interrupted", interrupted.run_id, [stale])

    assert await run_lecture(pipeline, "interrupted") is Outcome.DONE

    assert 0 < checkpoint.next_index <= len(stored) < len(reference)
    assert (checkpoint.engine, checkpoint.model) == (engine.name, engine.model_name)
    assert await pipeline.repository.get_segments("interrupted") == reference
    done = await pipeline.repository.get_lecture("interrupted")
    assert (done.status, done.attempts) == (LectureStatus.DONE, 2)


async def test_a_checkpoint_of_another_model_is_not_resumed_from(pipeline):
    reference = await uninterrupted_transcript(pipeline)
    lecture = await add_lecture(pipeline, "other-model", LECTURE)
    await crash_after_two_windows(pipeline, "other-model")
    checkpoint = await pipeline.repository.get_checkpoint("other-model")
    # Written by a worker running another model, whose first segment this worker cannot vouch for.
    await pipeline.repository.save_segments(
        "other-model",
        lecture.run_id,
        [Segment(0, 0.0, 1.0, "another model's tokens")],
        TranscriptionCheckpoint(
            "faster-whisper", "large-v3", checkpoint.next_index, checkpoint.window_start, (1, 2)
        ),
    )

    assert await run_lecture(pipeline, "other-model") is Outcome.DONE

    assert await pipeline.repository.get_segments("other-model") == reference


class FlakySummaryStore:
    """The real repository, except that saving a summary fails `failures` times as if unreachable."""

    def __init__(self, repository, failures: int) -> None:
        self._repository = repository
        self.failures = failures

    def __getattr__(self, name):
        return getattr(self._repository, name)

    async def save_summary(self, lecture_id, run_id, summary):
        if self.failures:
            self.failures -= 1
            raise StoreUnavailable("the database is unavailable: connection refused")
        await self._repository.save_summary(lecture_id, run_id, summary)


async def test_a_temporary_failure_queues_the_lecture_again_at_the_failed_stage(pipeline):
    await add_lecture(pipeline, "flaky", FIXTURES / "jfk.flac")
    pipeline.repository = FlakySummaryStore(pipeline.repository, failures=1)

    first = await run_lecture(pipeline, "flaky")
    between = await pipeline.repository.get_lecture("flaky")
    second = await run_lecture(pipeline, "flaky")

    assert (first, second) == (Outcome.RETRY_LATER, Outcome.DONE)
    assert (between.status, between.stage, between.attempts) == (
        LectureStatus.QUEUED,
        Stage.SUMMARY,
        1,
    )
    assert "connection refused" in between.error
    done = await pipeline.repository.get_lecture("flaky")
    assert (done.status, done.attempts, done.error) == (LectureStatus.DONE, 2, None)


async def test_a_temporary_failure_on_the_last_attempt_fails_with_a_message(pipeline):
    await add_lecture(pipeline, "flaky", FIXTURES / "jfk.flac")
    pipeline.repository = FlakySummaryStore(pipeline.repository, failures=3)

    outcomes = [await run_lecture(pipeline, "flaky") for _ in range(3)]

    assert outcomes == [Outcome.RETRY_LATER, Outcome.RETRY_LATER, Outcome.FAILED]
    failed = await pipeline.repository.get_lecture("flaky")
    assert (failed.status, failed.stage) == (LectureStatus.FAILED, Stage.SUMMARY)
    assert failed.error.startswith("Processing failed while writing the summary after 3 attempts")
    assert "connection refused" in failed.error


async def test_a_worker_dying_again_and_again_ends_failed_after_the_allowed_attempts(pipeline):
    await add_lecture(pipeline, "crash-loop", FIXTURES / "jfk.flac")

    starts = [await start_run(pipeline, "crash-loop") for _ in range(4)]

    assert all(run is not None for run in starts[:3]) and starts[3] is None
    failed = await pipeline.repository.get_lecture("crash-loop")
    assert failed.status is LectureStatus.FAILED
    assert failed.error.startswith("Processing stopped 3 times without finishing")
    assert "the worker stopped unexpectedly" in failed.error


class SlowEngine:
    """Decodes nothing, slowly: a run that outlasts its time limit."""

    name = "slow"
    model_name = "slow"

    def transcribe(self, windows, options):
        import time

        time.sleep(0.5)
        raise AssertionError("unreachable: the run times out first")


async def test_a_run_out_of_time_is_retried_then_fails_instead_of_looping(pipeline):
    await add_lecture(pipeline, "slow", FIXTURES / "jfk.flac")
    pipeline.engine = SlowEngine()
    pipeline.limits = RunLimits(max_attempts=2, timeout_s=0.2)

    outcomes = [await run_lecture(pipeline, "slow") for _ in range(2)]
    await run_lecture(pipeline, "slow")  # nothing left: the lecture is failed

    assert outcomes == [Outcome.RETRY_LATER, Outcome.FAILED]
    failed = await pipeline.repository.get_lecture("slow")
    assert (failed.status, failed.attempts) == (LectureStatus.FAILED, 2)
    assert "processing took longer than 0.2 s" in failed.error


class OutOfMemoryEngine:
    name = "oom"
    model_name = "oom"

    def transcribe(self, windows, options):
        raise RuntimeError("CUDA failed with error out of memory")


async def test_out_of_memory_fails_at_once_since_the_same_input_would_fail_again(pipeline):
    await add_lecture(pipeline, "oom", FIXTURES / "jfk.flac")
    pipeline.engine = OutOfMemoryEngine()

    assert await run_lecture(pipeline, "oom") is Outcome.FAILED

    failed = await pipeline.repository.get_lecture("oom")
    assert (failed.status, failed.attempts) == (LectureStatus.FAILED, 1)
    assert failed.error.startswith("The worker ran out of memory while transcribing")


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

    assert await run_lecture(pipeline, "silent") is Outcome.FAILED

    failed = await pipeline.repository.get_lecture("silent")
    assert failed.status is LectureStatus.FAILED
    assert failed.error.startswith("No speech was found in the recording")
    assert await pipeline.repository.get_segments("silent") == []
