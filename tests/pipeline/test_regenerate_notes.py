"""Regenerating the notes after a teacher's corrections: a run that starts at the glossary stage,
reads the corrected transcript, never calls the speech engine, and keeps every correction."""

from collections.abc import Iterator

import pytest

from app.asr.base import (
    DecodedWindow,
    SpeechWindow,
    TranscribedSegment,
    TranscriptionEngine,
    TranscriptionOptions,
)
from app.lifecycle import IllegalTransition, LectureStatus, Lifecycle, Stage
from app.pipeline.runner import Outcome
from app.services import corrections
from app.services.corrections import GlossaryChanges, GlossaryDraft
from tests.conftest import FIXTURES
from tests.pipeline.conftest import add_lecture, run_lecture

SPOKEN = [
    "Today we talk about networks.",
    "A protocol is a set of rules for exchanging messages between computers.",
    "A router is a device that forwards packets between networks.",
    "That is all for today.",
]
TEACHER = "teacher-1"


class CountingEngine(TranscriptionEngine):
    """Says SPOKEN in the first speech window, and counts how often it is asked to transcribe."""

    name = "counting"
    model_name = "counting-v1"
    device = "cpu"
    compute_type = "int8"

    def __init__(self) -> None:
        self.calls = 0

    def transcribe(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        self.calls += 1
        for number, window in enumerate(windows):
            start = window.recording_start
            segments = tuple(
                TranscribedSegment(start + i, start + i + 1, text)
                for i, text in enumerate(SPOKEN if number == 0 else [])
            )
            yield DecodedWindow(window, segments, ())


@pytest.fixture
async def corrected(pipeline):
    """A finished lecture the teacher corrected: the router sentence now speaks of a switch, the
    protocol entry is deleted and a bandwidth entry added."""
    engine = pipeline.engine = CountingEngine()
    lecture = await add_lecture(pipeline, "corrected", FIXTURES / "jfk.flac")
    assert await run_lecture(pipeline, lecture.id) is Outcome.DONE
    repository = pipeline.repository
    terms = {e.term: e for e in await repository.get_glossary(lecture.id)}
    assert {"protocol", "router"} <= set(terms), terms
    done = await repository.get_lecture(lecture.id)

    await corrections.correct_segment(
        done, 2, "A switch is a device that joins computers into one network.", TEACHER, repository
    )
    await corrections.delete_glossary_entry(done, terms["protocol"].id, TEACHER, repository)
    await corrections.add_glossary_entry(
        done,
        GlossaryDraft("bandwidth", "how much data a link carries per second"),
        TEACHER,
        repository,
    )
    engine.calls = 0
    return await repository.get_lecture(lecture.id)


async def regenerate(pipeline, lecture) -> Outcome:
    queued = await Lifecycle(pipeline.repository).regenerate_notes(lecture)
    assert (queued.status, queued.stage, queued.attempts) == (
        LectureStatus.QUEUED,
        Stage.GLOSSARY,
        0,
    )
    assert queued.run_id != lecture.run_id
    return await run_lecture(pipeline, lecture.id)


async def test_new_notes_come_from_the_corrected_transcript_without_transcribing(
    pipeline, corrected
):
    repository = pipeline.repository
    segments_before = await repository.get_segments(corrected.id)
    checkpoint_before = await repository.get_checkpoint(corrected.id)

    assert await regenerate(pipeline, corrected) is Outcome.DONE

    assert pipeline.engine.calls == 0
    assert await repository.get_segments(corrected.id) == segments_before
    assert await repository.get_checkpoint(corrected.id) == checkpoint_before
    edited = (await repository.get_segments(corrected.id))[2]
    assert edited.text.startswith("A switch is") and edited.edited_by == TEACHER
    glossary = {e.term: e for e in await repository.get_glossary(corrected.id)}
    assert "switch" in glossary and glossary["switch"].edited_by is None
    assert "router" not in glossary  # no longer said in the corrected transcript
    assert "protocol" not in glossary  # the teacher deleted it
    assert glossary["bandwidth"].definition == "how much data a link carries per second"
    assert glossary["bandwidth"].edited_by == TEACHER
    summary = await repository.get_summary(corrected.id)
    assert "switch" in summary.markdown and "bandwidth" in summary.markdown
    assert "router" not in summary.markdown.lower()
    final = await repository.get_lecture(corrected.id)
    assert (final.status, final.stage, final.progress) == (LectureStatus.DONE, Stage.DONE, 1.0)


class EditingDuringTheGlossaryWrite:
    """The real repository; just before the run stores its glossary, the teacher tries an edit."""

    def __init__(self, repository, entry_id: str) -> None:
        self._repository = repository
        self.entry_id = entry_id
        self.refusal: IllegalTransition | None = None

    def __getattr__(self, name):
        return getattr(self._repository, name)

    async def replace_glossary(self, lecture_id, run_id, entries):
        lecture = await self._repository.get_lecture(lecture_id)
        try:
            await corrections.edit_glossary_entry(
                lecture, self.entry_id, GlossaryChanges(definition="too late"), TEACHER, self
            )
        except IllegalTransition as refusal:
            self.refusal = refusal
        await self._repository.replace_glossary(lecture_id, run_id, entries)


async def test_a_teachers_edit_during_regeneration_is_refused_and_earlier_ones_survive(
    pipeline, corrected
):
    repository = pipeline.repository
    router = next(e for e in await repository.get_glossary(corrected.id) if e.term == "router")
    kept = await corrections.edit_glossary_entry(
        corrected, router.id, GlossaryChanges(definition="forwards packets"), TEACHER, repository
    )
    racing = pipeline.repository = EditingDuringTheGlossaryWrite(repository, router.id)

    assert await regenerate(pipeline, corrected) is Outcome.DONE

    assert str(racing.refusal) == (
        "The lecture is processing right now; corrections and new notes wait until it has finished."
    )
    glossary = {e.term: e for e in await repository.get_glossary(corrected.id)}
    assert glossary["router"] == kept  # the teacher's entry, as the teacher left it
    assert [e.kind.value for e in await repository.list_edits(corrected.id)] == [
        "segment_text",
        "glossary_delete",
        "glossary_add",
        "glossary_edit",
    ]


async def test_nothing_is_corrected_or_regenerated_while_a_run_waits(pipeline, corrected):
    queued = await Lifecycle(pipeline.repository).regenerate_notes(corrected)

    with pytest.raises(IllegalTransition, match="The lecture is queued right now"):
        await Lifecycle(pipeline.repository).regenerate_notes(queued)
    with pytest.raises(IllegalTransition, match="The lecture is queued right now"):
        await corrections.correct_segment(queued, 0, "text", TEACHER, pipeline.repository)


async def test_a_lecture_that_failed_while_transcribing_is_neither_corrected_nor_regenerated(
    pipeline,
):
    lecture = await add_lecture(pipeline, "missing", None)
    assert await run_lecture(pipeline, lecture.id) is Outcome.FAILED
    failed = await pipeline.repository.get_lecture(lecture.id)
    incomplete = "The lecture's transcript is not complete \\(it stopped while transcribing\\)"

    with pytest.raises(IllegalTransition, match=incomplete):
        await Lifecycle(pipeline.repository).regenerate_notes(failed)
    with pytest.raises(IllegalTransition, match=incomplete):
        await corrections.add_glossary_entry(
            failed, GlossaryDraft("term", "definition"), TEACHER, pipeline.repository
        )
