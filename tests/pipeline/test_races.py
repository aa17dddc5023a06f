"""The races that made a lecture's state lie, driven step by step: cancel during finish, retry during
cancel. A scripted engine stops at a chosen decoding window until the test lets it go on."""

import asyncio
import threading
from collections.abc import Iterator

import pytest

from app.asr.base import (
    DecodedWindow,
    SpeechWindow,
    TranscribedSegment,
    TranscriptionEngine,
    TranscriptionOptions,
)
from app.asr.speech import SpeechStream
from app.lifecycle import IllegalTransition, LectureStatus, Lifecycle
from app.pipeline.runner import Outcome
from tests.conftest import FIXTURES
from tests.pipeline.conftest import add_lecture, run_lecture, start_run

LECTURE = FIXTURES / "lecture_networks.mp3"
SEGMENTS_PER_WINDOW = 2


@pytest.fixture(scope="module")
def window_starts() -> list[float]:
    """Where the lecture's speech windows start, in the recording."""
    starts = [window.recording_start for window in SpeechStream(LECTURE).windows()]
    assert len(starts) >= 3
    return starts


class ScriptedEngine(TranscriptionEngine):
    """Two segments per speech window, named after where the window starts; `hold(start)` stops
    decoding before the window that starts there."""

    name = "scripted"
    model_name = "scripted-v1"

    def __init__(self) -> None:
        self.held: dict[float, tuple[threading.Event, threading.Event]] = {}

    def hold(self, window_start: float) -> tuple[threading.Event, threading.Event]:
        """(reached, release): set when decoding arrives at the window, and the event it waits on."""
        self.held[window_start] = (threading.Event(), threading.Event())
        return self.held[window_start]

    def transcribe(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        for window in windows:
            if window.recording_start in self.held:
                reached, release = self.held.pop(window.recording_start)
                reached.set()
                release.wait(30)
            segments = tuple(
                TranscribedSegment(
                    start=window.recording_start + part,
                    end=window.recording_start + part + 1,
                    text=scripted_text(window.recording_start, part),
                )
                for part in range(SEGMENTS_PER_WINDOW)
            )
            yield DecodedWindow(window, segments, ())


def scripted_text(window_start: float, part: int) -> str:
    return f"window at {window_start:.2f} part {part}."


def expected_transcript(window_starts: list[float]) -> list[str]:
    return [
        scripted_text(start, part) for start in window_starts for part in range(SEGMENTS_PER_WINDOW)
    ]


@pytest.fixture
def scripted(pipeline) -> ScriptedEngine:
    pipeline.engine = ScriptedEngine()
    return pipeline.engine


class GatedSummaryStore:
    """The real repository; saving the summary waits until the test opens the gate."""

    def __init__(self, repository) -> None:
        self._repository = repository
        self.reached = asyncio.Event()
        self.gate = asyncio.Event()

    def __getattr__(self, name):
        return getattr(self._repository, name)

    async def save_summary(self, lecture_id, run_id, summary):
        self.reached.set()
        await self.gate.wait()
        await self._repository.save_summary(lecture_id, run_id, summary)


async def test_a_cancel_landing_while_the_run_finishes_wins_and_nothing_is_marked_done(
    pipeline, scripted
):
    lecture = await add_lecture(pipeline, "cancel-at-finish", FIXTURES / "jfk.flac")
    store = pipeline.repository = GatedSummaryStore(pipeline.repository)
    run = await start_run(pipeline, lecture.id)
    processing = asyncio.create_task(pipeline.process(run))
    await store.reached.wait()

    cancelled = await Lifecycle(store).cancel(await store.get_lecture(lecture.id))
    store.gate.set()

    assert await processing is Outcome.SUPERSEDED
    assert cancelled.status is LectureStatus.CANCELLED
    final = await store.get_lecture(lecture.id)
    assert final.status is LectureStatus.CANCELLED
    assert await store.get_summary(lecture.id) is None


async def test_a_finished_lecture_cannot_be_cancelled(pipeline, scripted):
    lecture = await add_lecture(pipeline, "finished", FIXTURES / "jfk.flac")
    assert await run_lecture(pipeline, lecture.id) is Outcome.DONE
    done = await pipeline.repository.get_lecture(lecture.id)

    with pytest.raises(
        IllegalTransition,
        match="Only queued or processing lectures can be cancelled; this one is done.",
    ):
        await Lifecycle(pipeline.repository).cancel(done)

    assert (await pipeline.repository.get_lecture(lecture.id)).status is LectureStatus.DONE


async def retry_while_the_cancelled_run_decodes(
    pipeline, scripted, window_starts, *, restart: bool
):
    """The teacher cancels, then at once retries, before the old run has noticed anything; the old
    run then goes on decoding. Returns the old run, its outcome, and the retried lecture."""
    lecture = await add_lecture(pipeline, "retry-during-cancel", LECTURE)
    reached, release = scripted.hold(window_starts[2])
    old_run = await start_run(pipeline, lecture.id)
    old = asyncio.create_task(pipeline.process(old_run))
    await asyncio.to_thread(reached.wait, 30)
    lifecycle = Lifecycle(pipeline.repository)

    cancelled = await lifecycle.cancel(await pipeline.repository.get_lecture(lecture.id))
    retried = await lifecycle.retry(cancelled, restart=restart)
    if restart:
        await pipeline.repository.clear_results(lecture.id)
    release.set()
    return old_run, await old, retried


async def test_a_retry_from_scratch_during_a_cancel_leaves_no_gap_and_no_double(
    pipeline, scripted, window_starts
):
    old_run, old_outcome, retried = await retry_while_the_cancelled_run_decodes(
        pipeline, scripted, window_starts, restart=True
    )
    lecture = retried
    new_outcome = await run_lecture(pipeline, lecture.id)

    assert old_run.run_id != retried.run_id
    assert (old_outcome, new_outcome) == (Outcome.SUPERSEDED, Outcome.DONE)
    segments = await pipeline.repository.get_segments(lecture.id)
    assert [s.text for s in segments] == expected_transcript(window_starts)
    assert [s.index for s in segments] == list(range(len(segments)))
    done = await pipeline.repository.get_lecture(lecture.id)
    assert (done.status, done.run_id, done.attempts) == (LectureStatus.DONE, retried.run_id, 1)


async def test_a_resumed_retry_during_a_cancel_continues_the_same_transcript(
    pipeline, scripted, window_starts
):
    _, old_outcome, lecture = await retry_while_the_cancelled_run_decodes(
        pipeline, scripted, window_starts, restart=False
    )

    assert old_outcome is Outcome.SUPERSEDED
    assert await run_lecture(pipeline, lecture.id) is Outcome.DONE

    segments = await pipeline.repository.get_segments(lecture.id)
    assert [s.text for s in segments] == expected_transcript(window_starts)
