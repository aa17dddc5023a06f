"""One contract, every repository backend: SQLite always, Gel (EdgeDB) when GEL_DSN or EDGEDB_DSN is set.

Against Gel the suite makes an empty branch of its own, migrates it and drops it afterwards, so it never
touches the data of the branch the DSN names. The DSN's user must be allowed to create branches.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.accounts.models import ApiToken, Role, User
from app.core.config import Settings
from app.corrections import DuplicateTerm
from app.lifecycle import AttemptCount, LectureStatus, RunSuperseded, Stage, StatusChange
from app.models import (
    Citation,
    EditKind,
    GlossaryEntry,
    Lecture,
    LectureEdit,
    LectureQuestion,
    QuestionStatus,
    Segment,
    Summary,
    TranscriptionCheckpoint,
)
from app.repository import LectureRepository
from app.repository.base import DuplicateEmail, LectureNotCorrectable
from app.repository.edgedb import DBSCHEMA_DIR, EdgeDBLectureRepository, Queries
from app.repository.migrate_edgedb import apply_migrations, load_migrations
from app.repository.sqlite import SqliteLectureRepository
from app.search import SearchQuery
from app.webhooks.models import (
    DeliveryAttempt,
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
)

GEL_DSN = Settings(_env_file=None).gel_dsn

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def gel_branch_dsn() -> AsyncIterator[str]:
    import gel

    branch = f"konspekt_test_{uuid.uuid4().hex[:12]}"
    admin = gel.create_async_client(GEL_DSN)
    await admin.execute(f"create empty branch {branch};")
    try:
        dsn = urlsplit(GEL_DSN)._replace(path=f"/{branch}").geturl()
        # The release step's job: the repository only verifies the schema.
        migrator = gel.create_async_client(dsn)
        await apply_migrations(migrator, load_migrations(), report=lambda _: None)
        await migrator.aclose()
        yield dsn
    finally:
        await admin.execute(f"drop branch {branch} force;")
        await admin.aclose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "edgedb",
            marks=pytest.mark.skipif(
                GEL_DSN is None,
                reason="no Gel server: set GEL_DSN (or EDGEDB_DSN) to run the suite against one",
            ),
        ),
    ]
)
async def repository(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[LectureRepository]:
    if request.param == "sqlite":
        backend: LectureRepository = SqliteLectureRepository(tmp_path / "konspekt.sqlite3")
    else:
        backend = EdgeDBLectureRepository(request.getfixturevalue("gel_branch_dsn"))
    await backend.connect()
    try:
        yield backend
    finally:
        await backend.close()


def make_lecture(number: int, **changes) -> Lecture:
    fields = dict(
        id=f"lecture-{number:03d}",
        title=f"Лекция {number}: термодинамика",
        filename=f"lecture-{number}.mp3",
        storage_key=f"lectures/lecture-{number:03d}/original.mp3",
        size_bytes=1_000_000 + number,
        content_sha256=f"{number:064x}",
        requested_language="auto",
        template="lecture",
        created_at=T0 + timedelta(minutes=number),
        run_id=f"run-{number:03d}",
    )
    fields.update(changes)
    return Lecture(**fields)


async def test_add_then_get_round_trips_every_field(repository: LectureRepository) -> None:
    lecture = make_lecture(
        1, language="ru", duration=3600.5, container="mp3", progress=0.25, owner_id="user-001"
    )

    await repository.add_lecture(lecture)
    stored = await repository.get_lecture(lecture.id)

    assert stored is not None
    assert stored.id == lecture.id
    assert stored.title == lecture.title
    assert stored.filename == lecture.filename
    assert stored.storage_key == lecture.storage_key
    assert stored.size_bytes == lecture.size_bytes
    assert stored.content_sha256 == lecture.content_sha256
    assert stored.requested_language == "auto"
    assert stored.template == "lecture"
    assert (stored.run_id, stored.attempts) == ("run-001", 0)
    assert stored.status is LectureStatus.QUEUED
    assert stored.stage is Stage.QUEUED
    assert stored.progress == 0.25
    assert stored.language == "ru"
    assert stored.duration == 3600.5
    assert stored.container == "mp3"
    assert stored.error is None
    assert stored.created_at == lecture.created_at
    assert stored.updated_at == lecture.created_at
    assert stored.owner_id == "user-001"


async def test_get_missing_lecture_is_none(repository: LectureRepository) -> None:
    assert await repository.get_lecture("no-such-lecture") is None


async def test_list_pages_newest_first_with_total(repository: LectureRepository) -> None:
    for number in (3, 1, 5, 2, 4):
        await repository.add_lecture(make_lecture(number))

    first, total = await repository.list_lectures(owner_id=None, limit=2, offset=0)
    second, _ = await repository.list_lectures(owner_id=None, limit=2, offset=2)
    last, _ = await repository.list_lectures(owner_id=None, limit=2, offset=4)
    beyond, total_beyond = await repository.list_lectures(owner_id=None, limit=2, offset=10)

    assert total == 5
    assert [lecture.id for lecture in first] == ["lecture-005", "lecture-004"]
    assert [lecture.id for lecture in second] == ["lecture-003", "lecture-002"]
    assert [lecture.id for lecture in last] == ["lecture-001"]
    assert beyond == [] and total_beyond == 5


def change(sources, status, *, run=None, **fields) -> StatusChange:
    return StatusChange(frozenset(sources), run, status, **fields)


async def set_status(repository: LectureRepository, number: int, status: LectureStatus) -> None:
    lecture = await repository.get_lecture(f"lecture-{number:03d}")
    assert await repository.transition(lecture.id, change({lecture.status}, status)) is not None


async def test_transition_applies_a_change_and_touches_updated_at(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))

    processing = await repository.transition(
        "lecture-001",
        change(
            {LectureStatus.QUEUED},
            LectureStatus.PROCESSING,
            run="run-001",
            stage=Stage.TRANSCRIBING,
            progress=0.4,
            attempts=AttemptCount.COUNT,
        ),
    )
    failed = await repository.transition(
        "lecture-001",
        change(
            {LectureStatus.PROCESSING},
            LectureStatus.FAILED,
            run="run-001",
            error="language model ran out of memory",
        ),
    )

    assert processing.status is LectureStatus.PROCESSING
    assert (processing.stage, processing.progress, processing.attempts) == (
        Stage.TRANSCRIBING,
        0.4,
        1,
    )
    assert processing.error is None
    assert processing.updated_at > T0 + timedelta(minutes=1)
    assert failed.status is LectureStatus.FAILED
    assert (failed.stage, failed.progress, failed.attempts) == (Stage.TRANSCRIBING, 0.4, 1)
    assert failed.error == "language model ran out of memory"
    assert await repository.get_lecture("lecture-001") == failed


async def test_transition_is_a_compare_and_set_on_status_and_run(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))

    wrong_status = await repository.transition(
        "lecture-001", change({LectureStatus.PROCESSING}, LectureStatus.DONE)
    )
    wrong_run = await repository.transition(
        "lecture-001", change({LectureStatus.QUEUED}, LectureStatus.PROCESSING, run="run-other")
    )
    missing = await repository.transition(
        "no-such-lecture", change({LectureStatus.QUEUED}, LectureStatus.CANCELLED)
    )

    assert wrong_status is None and wrong_run is None and missing is None
    stored = await repository.get_lecture("lecture-001")
    assert (stored.status, stored.run_id) == (LectureStatus.QUEUED, "run-001")


async def test_transition_sets_a_new_run_and_counts_attempts(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1, status=LectureStatus.FAILED, attempts=3))

    refunded = await repository.transition(
        "lecture-001",
        change({LectureStatus.FAILED}, LectureStatus.FAILED, attempts=AttemptCount.REFUND),
    )
    retried = await repository.transition(
        "lecture-001",
        change(
            {LectureStatus.FAILED},
            LectureStatus.QUEUED,
            run_id="run-002",
            stage=Stage.QUEUED,
            progress=0.0,
            error=None,
            attempts=AttemptCount.RESET,
        ),
    )

    assert refunded.attempts == 2
    assert (retried.status, retried.run_id, retried.attempts) == (
        LectureStatus.QUEUED,
        "run-002",
        0,
    )


async def test_unfinished_lectures_are_queued_or_processing_oldest_first(
    repository: LectureRepository,
) -> None:
    for number in (1, 2, 3, 4, 5):
        await repository.add_lecture(make_lecture(number))
    await set_status(repository, 3, LectureStatus.PROCESSING)
    await set_status(repository, 4, LectureStatus.FAILED)
    await set_status(repository, 5, LectureStatus.CANCELLED)
    await set_status(repository, 2, LectureStatus.DONE)

    unfinished = await repository.list_unfinished_lectures()

    assert [(lecture.id, lecture.run_id) for lecture in unfinished] == [
        ("lecture-001", "run-001"),
        ("lecture-003", "run-003"),
    ]


async def test_find_done_lecture_by_content_hash(repository: LectureRepository) -> None:
    same = "ab" * 32
    for number in (1, 2, 3):
        await repository.add_lecture(make_lecture(number, content_sha256=same))
    await repository.add_lecture(make_lecture(4))
    for number in (2, 3, 4):
        await set_status(repository, number, LectureStatus.DONE)

    found = await repository.find_done_lecture(same, None)

    assert found is not None and found.id == "lecture-002"
    assert found.status is LectureStatus.DONE
    assert await repository.find_done_lecture("cd" * 32, None) is None


async def test_set_media_info(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))

    await repository.set_media_info("lecture-001", "run-001", language="ru", duration=5400.25)

    stored = await repository.get_lecture("lecture-001")
    assert (stored.language, stored.duration) == ("ru", 5400.25)


async def test_save_segments_is_idempotent_by_index(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    first_pass = [Segment(i, i * 5.0, i * 5.0 + 4.5, f"фраза {i}") for i in range(4)]

    await repository.save_segments("lecture-001", "run-001", first_pass[:3])
    # The worker crashed after segment 2 was stored and re-decodes from segment 2 on.
    await repository.save_segments(
        "lecture-001", "run-001", [Segment(2, 10.0, 14.0, "фраза 2, заново"), first_pass[3]]
    )
    await repository.save_segments("lecture-001", "run-001", [])

    assert await repository.get_segments("lecture-001") == [
        first_pass[0],
        first_pass[1],
        Segment(2, 10.0, 14.0, "фраза 2, заново"),
        first_pass[3],
    ]


async def test_segments_and_checkpoint_are_stored_together(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    checkpoint = TranscriptionCheckpoint("faster-whisper", "large-v3", 2, 3000, (50364, 1029, 7))

    await repository.save_segments(
        "lecture-001", "run-001", [Segment(0, 0.0, 1.0, "а"), Segment(1, 1.0, 2.0, "б")], checkpoint
    )

    assert await repository.get_checkpoint("lecture-001") == checkpoint
    assert len(await repository.get_segments("lecture-001")) == 2
    assert await repository.get_checkpoint("lecture-002") is None


async def test_restart_transcript_drops_what_lies_past_the_resume_point(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    checkpoint = TranscriptionCheckpoint("faster-whisper", "base", 2, 1500, ())
    segments = [Segment(i, float(i), i + 1.0, f"s{i}") for i in range(5)]
    await repository.save_segments("lecture-001", "run-001", segments, checkpoint)
    await repository.replace_glossary(
        "lecture-001", "run-001", [GlossaryEntry("t", "d", "q", 0.0, 1.0)]
    )

    await repository.restart_transcript("lecture-001", "run-001", from_index=2)
    after_resume = await repository.get_segments("lecture-001")
    checkpoint_kept = await repository.get_checkpoint("lecture-001")
    await repository.restart_transcript("lecture-001", "run-001", from_index=0)

    assert after_resume == segments[:2]
    assert checkpoint_kept == checkpoint
    assert await repository.get_glossary("lecture-001") == []
    assert await repository.get_segments("lecture-001") == []
    assert await repository.get_checkpoint("lecture-001") is None


async def test_results_of_a_superseded_run_are_refused(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    entry = GlossaryEntry("t", "d", "q", 0.0, 1.0)
    writes = [
        repository.save_segments("lecture-001", "run-old", [Segment(0, 0.0, 1.0, "stale")]),
        repository.replace_glossary("lecture-001", "run-old", [entry]),
        repository.save_summary("lecture-001", "run-old", Summary("lecture", "en", "# S", {})),
        repository.set_media_info("lecture-001", "run-old", language="en", duration=1.0),
        repository.restart_transcript("lecture-001", "run-old", from_index=0),
        repository.save_segments("no-such-lecture", "run-001", [Segment(0, 0.0, 1.0, "x")]),
    ]

    for write in writes:
        with pytest.raises(RunSuperseded):
            await write

    assert await repository.get_segments("lecture-001") == []
    assert await repository.get_glossary("lecture-001") == []
    assert await repository.get_summary("lecture-001") is None
    assert (await repository.get_lecture("lecture-001")).language is None


async def test_segments_belong_to_their_lecture(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.add_lecture(make_lecture(2))

    await repository.save_segments("lecture-001", "run-001", [Segment(0, 0.0, 1.0, "first")])
    await repository.save_segments("lecture-002", "run-002", [Segment(0, 0.0, 2.0, "second")])

    assert [s.text for s in await repository.get_segments("lecture-001")] == ["first"]
    assert [s.text for s in await repository.get_segments("lecture-002")] == ["second"]


async def test_replace_glossary_replaces_in_order(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    old = [GlossaryEntry("энтропия", "мера беспорядка", "энтропия растёт", 10.0, 12.0)]
    new = [
        GlossaryEntry("адиабата", "процесс без теплообмена", "адиабатный процесс", 30.0, 33.0),
        GlossaryEntry("изотерма", "процесс при T = const", "изотермически", 40.0, 41.5),
    ]

    await repository.replace_glossary("lecture-001", "run-001", old)
    await repository.replace_glossary("lecture-001", "run-001", new)

    assert await repository.get_glossary("lecture-001") == new
    await repository.replace_glossary("lecture-001", "run-001", [])
    assert await repository.get_glossary("lecture-001") == []


async def test_summary_save_replace_and_get(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    assert await repository.get_summary("lecture-001") is None

    await repository.save_summary(
        "lecture-001", "run-001", Summary("lecture", "ru", "# Черновик", {})
    )
    final = Summary(
        "lecture", "ru", "# Итоги\n\n- первое начало", {"key_points": ["первое начало"]}
    )
    await repository.save_summary("lecture-001", "run-001", final)

    assert await repository.get_summary("lecture-001") == final


async def fill_results(repository: LectureRepository, lecture_id: str, run_id: str) -> None:
    checkpoint = TranscriptionCheckpoint("faster-whisper", "base", 1, 100, ())
    await repository.save_segments(lecture_id, run_id, [Segment(0, 0.0, 1.0, "text")], checkpoint)
    await repository.replace_glossary(lecture_id, run_id, [GlossaryEntry("t", "d", "q", 0.0, 1.0)])
    await repository.save_summary(lecture_id, run_id, Summary("lecture", "en", "# S", {}))


async def test_clear_results_keeps_the_lecture(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    await fill_results(repository, "lecture-001", "run-001")

    await repository.clear_results("lecture-001")

    assert await repository.get_lecture("lecture-001") is not None
    assert await repository.get_segments("lecture-001") == []
    assert await repository.get_checkpoint("lecture-001") is None
    assert await repository.get_glossary("lecture-001") == []
    assert await repository.get_summary("lecture-001") is None


async def test_delete_cascades_to_everything_the_lecture_owns(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.add_lecture(make_lecture(2))
    for number in (1, 2):
        await fill_results(repository, f"lecture-{number:03d}", f"run-{number:03d}")

    await repository.delete_lecture("lecture-001")

    assert await repository.get_lecture("lecture-001") is None
    assert await repository.get_segments("lecture-001") == []
    assert await repository.get_checkpoint("lecture-001") is None
    assert await repository.get_glossary("lecture-001") == []
    assert await repository.get_summary("lecture-001") is None
    assert len(await repository.get_segments("lecture-002")) == 1
    assert (await repository.list_lectures(owner_id=None, limit=10, offset=0))[1] == 1


async def finished_lecture(repository: LectureRepository) -> None:
    """lecture-001, done, with three segments and a generated glossary of three terms."""
    await repository.add_lecture(make_lecture(1))
    await repository.save_segments(
        "lecture-001",
        "run-001",
        [Segment(i, i * 10.0, i * 10.0 + 9.0, f"сегмент {i}") for i in range(3)],
    )
    await repository.replace_glossary(
        "lecture-001",
        "run-001",
        [
            GlossaryEntry("энтропия", "мера беспорядка", "сегмент 0", 0.0, 9.0),
            GlossaryEntry("адиабата", "без теплообмена", "сегмент 1", 10.0, 19.0),
            GlossaryEntry("изотерма", "при T = const", "сегмент 2", 20.0, 29.0),
        ],
    )
    await set_status(repository, 1, LectureStatus.DONE)


async def start_new_run(repository: LectureRepository, run_id: str) -> None:
    """What regenerating the notes does to the lecture: queued again under a new run."""
    queued = await repository.transition(
        "lecture-001",
        change({LectureStatus.DONE}, LectureStatus.QUEUED, stage=Stage.GLOSSARY, run_id=run_id),
    )
    assert queued is not None


async def test_a_corrected_segment_is_stamped_and_logged(repository: LectureRepository) -> None:
    await finished_lecture(repository)
    at = T0 + timedelta(days=1)

    corrected = await repository.correct_segment(
        "lecture-001", 1, "сегмент один, исправлен", user_id="user-001", at=at
    )
    missing = await repository.correct_segment("lecture-001", 7, "x", user_id="user-001", at=at)

    expected = Segment(1, 10.0, 19.0, "сегмент один, исправлен", "user-001", at)
    assert corrected == expected and missing is None
    segments = await repository.get_segments("lecture-001")
    assert segments[1] == expected
    assert (segments[0].edited_by, segments[0].edited_at) == (None, None)
    assert await repository.list_edits("lecture-001") == [
        LectureEdit(
            EditKind.SEGMENT_TEXT,
            "1",
            {"text": "сегмент 1"},
            {"text": "сегмент один, исправлен"},
            "user-001",
            at,
        )
    ]


async def test_copied_results_keep_their_corrections(repository: LectureRepository) -> None:
    await finished_lecture(repository)
    at = T0 + timedelta(days=1)
    await repository.correct_segment("lecture-001", 0, "исправлено", user_id="user-001", at=at)
    await repository.add_glossary_entry(
        "lecture-001",
        GlossaryEntry("изобара", "при p = const", "", 5.0, 6.0),
        user_id="user-001",
        at=at,
    )
    await repository.add_lecture(make_lecture(2))

    await repository.save_segments(
        "lecture-002", "run-002", await repository.get_segments("lecture-001")
    )
    await repository.replace_glossary(
        "lecture-002", "run-002", await repository.get_glossary("lecture-001")
    )

    assert await repository.get_segments("lecture-002") == await repository.get_segments(
        "lecture-001"
    )
    copied = await repository.get_glossary("lecture-002")
    assert copied == await repository.get_glossary("lecture-001")
    assert [(e.term, e.edited_by, e.edited_at) for e in copied if e.edited_by] == [
        ("изобара", "user-001", at)
    ]


async def test_corrections_are_refused_while_a_run_is_at_work(
    repository: LectureRepository,
) -> None:
    await finished_lecture(repository)
    entry_id = (await repository.get_glossary("lecture-001"))[0].id
    await start_new_run(repository, "run-notes")
    stamp = {"user_id": "user-001", "at": T0}
    corrections = [
        repository.correct_segment("lecture-001", 0, "x", **stamp),
        repository.add_glossary_entry("lecture-001", GlossaryEntry("t", "d", "", 0, 0), **stamp),
        repository.update_glossary_entry(
            "lecture-001", GlossaryEntry("t", "d", "", 0, 0, id=entry_id), **stamp
        ),
        repository.delete_glossary_entry("lecture-001", entry_id, **stamp),
        repository.correct_segment("no-such-lecture", 0, "x", **stamp),
    ]

    for correction in corrections:
        with pytest.raises(LectureNotCorrectable):
            await correction

    assert [s.text for s in await repository.get_segments("lecture-001")][0] == "сегмент 0"
    assert len(await repository.get_glossary("lecture-001")) == 3
    assert await repository.list_edits("lecture-001") == []


async def test_glossary_entries_are_added_edited_and_deleted_with_a_log(
    repository: LectureRepository,
) -> None:
    await finished_lecture(repository)
    entropy, adiabat, _ = await repository.get_glossary("lecture-001")
    at = T0 + timedelta(days=1)
    stamp = {"user_id": "user-001", "at": at}

    added = await repository.add_glossary_entry(
        "lecture-001", GlossaryEntry("Изобара", "при p = const", "", 25.0, 26.0), **stamp
    )
    edited = await repository.update_glossary_entry(
        "lecture-001",
        GlossaryEntry("энтропия", "мера рассеяния энергии", entropy.quote, 0.0, 9.0, id=entropy.id),
        **stamp,
    )
    deleted = await repository.delete_glossary_entry("lecture-001", adiabat.id, **stamp)
    with pytest.raises(DuplicateTerm):
        await repository.add_glossary_entry(
            "lecture-001", GlossaryEntry("ИЗОБАРА", "дубль", "", 0.0, 0.0), **stamp
        )
    missing = await repository.update_glossary_entry(
        "lecture-001", GlossaryEntry("t", "d", "", 0.0, 0.0, id="no-such-entry"), **stamp
    )

    assert (added.edited_by, added.edited_at) == ("user-001", at)
    assert edited == GlossaryEntry(
        "энтропия", "мера рассеяния энергии", "сегмент 0", 0.0, 9.0, "user-001", at
    )
    assert deleted and missing is None
    assert not await repository.delete_glossary_entry("lecture-001", adiabat.id, **stamp)
    glossary = await repository.get_glossary("lecture-001")
    assert [(e.id, e.term) for e in glossary] == [
        (entropy.id, "энтропия"),
        (glossary[1].id, "изотерма"),
        (added.id, "Изобара"),
    ]
    assert glossary[0] == edited and glossary[1].edited_by is None
    edits = await repository.list_edits("lecture-001")
    assert [(e.kind, e.target) for e in edits] == [
        (EditKind.GLOSSARY_ADD, added.id),
        (EditKind.GLOSSARY_EDIT, entropy.id),
        (EditKind.GLOSSARY_DELETE, adiabat.id),
    ]
    assert edits[0].before is None and edits[0].after["term"] == "Изобара"
    assert edits[1].before["definition"] == "мера беспорядка"
    assert edits[1].after["definition"] == "мера рассеяния энергии"
    assert edits[2].before["term"] == "адиабата" and edits[2].after is None
    assert {(e.user_id, e.edited_at) for e in edits} == {("user-001", at)}


async def test_a_new_glossary_keeps_the_teachers_entries_and_leaves_retired_terms_out(
    repository: LectureRepository,
) -> None:
    await finished_lecture(repository)
    entropy, adiabat, isotherm = await repository.get_glossary("lecture-001")
    stamp = {"user_id": "user-001", "at": T0 + timedelta(days=1)}
    edited = await repository.update_glossary_entry(
        "lecture-001",
        GlossaryEntry("энтропия", "мера рассеяния", "сегмент 0", 0.0, 9.0, id=entropy.id),
        **stamp,
    )
    await repository.delete_glossary_entry("lecture-001", adiabat.id, **stamp)
    renamed = await repository.update_glossary_entry(
        "lecture-001",
        GlossaryEntry(
            "изотермический процесс", isotherm.definition, "", 20.0, 29.0, id=isotherm.id
        ),
        **stamp,
    )
    added = await repository.add_glossary_entry(
        "lecture-001", GlossaryEntry("изобара", "при p = const", "", 15.0, 16.0), **stamp
    )
    await start_new_run(repository, "run-notes")

    await repository.replace_glossary(
        "lecture-001",
        "run-notes",
        [
            GlossaryEntry("Энтропия", "сгенерировано снова", "сегмент 0", 0.0, 9.0),
            GlossaryEntry("адиабата", "сгенерировано снова", "сегмент 1", 10.0, 19.0),
            GlossaryEntry("Изобара", "сгенерировано", "сегмент 1", 12.0, 13.0),
            GlossaryEntry("изотерма", "сгенерировано снова", "сегмент 2", 20.0, 29.0),
            GlossaryEntry("теплоёмкость", "сгенерировано", "сегмент 2", 22.0, 23.0),
        ],
    )

    glossary = await repository.get_glossary("lecture-001")
    assert [(e.term, e.definition) for e in glossary] == [
        ("энтропия", "мера рассеяния"),
        ("изобара", "при p = const"),
        ("изотермический процесс", isotherm.definition),
        ("теплоёмкость", "сгенерировано"),
    ]
    assert [e.id for e in glossary[:3]] == [edited.id, added.id, renamed.id]
    assert glossary[:3] == [edited, added, renamed]


async def test_clear_results_forgets_retired_terms_but_keeps_the_edit_log(
    repository: LectureRepository,
) -> None:
    await finished_lecture(repository)
    adiabat = (await repository.get_glossary("lecture-001"))[1]
    await repository.delete_glossary_entry("lecture-001", adiabat.id, user_id="user-001", at=T0)
    await repository.clear_results("lecture-001")
    await start_new_run(repository, "run-again")

    await repository.replace_glossary(
        "lecture-001", "run-again", [GlossaryEntry("адиабата", "снова", "q", 1.0, 2.0)]
    )

    assert [e.term for e in await repository.get_glossary("lecture-001")] == ["адиабата"]
    assert len(await repository.list_edits("lecture-001")) == 1


async def add_owned_lectures(repository: LectureRepository, owners: dict[int, str | None]) -> None:
    for number, owner_id in owners.items():
        await repository.add_lecture(make_lecture(number, owner_id=owner_id))


async def test_lectures_are_listed_per_owner_or_all(repository: LectureRepository) -> None:
    await add_owned_lectures(
        repository, {1: "user-001", 2: "user-002", 3: "user-001", 4: None, 5: "user-001"}
    )

    first, total = await repository.list_lectures(owner_id="user-001", limit=2, offset=0)
    rest, _ = await repository.list_lectures(owner_id="user-001", limit=2, offset=2)
    others, others_total = await repository.list_lectures(owner_id="user-002", limit=10, offset=0)
    everyone, everyone_total = await repository.list_lectures(owner_id=None, limit=10, offset=0)
    nobody, nobody_total = await repository.list_lectures(owner_id="user-009", limit=10, offset=0)

    assert total == 3
    assert [lecture.id for lecture in first + rest] == ["lecture-005", "lecture-003", "lecture-001"]
    assert [(lecture.id, lecture.owner_id) for lecture in others] == [("lecture-002", "user-002")]
    assert others_total == 1
    assert [lecture.id for lecture in everyone][-2:] == ["lecture-002", "lecture-001"]
    assert everyone_total == 5 and everyone[1].owner_id is None
    assert (nobody, nobody_total) == ([], 0)


async def test_find_done_lecture_looks_only_among_the_owners_lectures(
    repository: LectureRepository,
) -> None:
    same = "ab" * 32
    owners = {1: "user-002", 2: None, 3: "user-001", 4: "user-001"}
    for number, owner_id in owners.items():
        await repository.add_lecture(make_lecture(number, content_sha256=same, owner_id=owner_id))
        await set_status(repository, number, LectureStatus.DONE)

    assert (await repository.find_done_lecture(same, "user-001")).id == "lecture-003"
    assert (await repository.find_done_lecture(same, "user-002")).id == "lecture-001"
    assert (await repository.find_done_lecture(same, None)).id == "lecture-002"
    assert await repository.find_done_lecture(same, "user-003") is None


async def test_owner_storage_bytes_adds_up_the_owners_recordings(
    repository: LectureRepository,
) -> None:
    await add_owned_lectures(repository, {1: "user-001", 2: "user-002", 3: "user-001", 4: None})

    assert await repository.owner_storage_bytes("user-001") == 2_000_004
    assert await repository.owner_storage_bytes("user-002") == 1_000_002
    assert await repository.owner_storage_bytes("user-003") == 0


async def test_adopt_unowned_lectures_gives_only_those_without_an_owner(
    repository: LectureRepository,
) -> None:
    await add_owned_lectures(repository, {1: None, 2: "user-002", 3: None})

    adopted = await repository.adopt_unowned_lectures("user-001")
    again = await repository.adopt_unowned_lectures("user-003")

    assert (adopted, again) == (2, 0)
    mine, _ = await repository.list_lectures(owner_id="user-001", limit=10, offset=0)
    assert [lecture.id for lecture in mine] == ["lecture-003", "lecture-001"]
    assert (await repository.get_lecture("lecture-002")).owner_id == "user-002"


def make_user(number: int, **changes) -> User:
    fields = dict(
        id=f"user-{number:03d}",
        email=f"teacher{number}@school.example",
        display_name=f"Преподаватель {number}",
        password_hash=f"$argon2id$v=19$m=65536,t=3,p=4$c2FsdA${number:08d}",
        role=Role.TEACHER,
        created_at=T0 + timedelta(hours=number),
    )
    fields.update(changes)
    return User(**fields)


async def test_add_then_get_user_round_trips_every_field_with_the_email_in_lower_case(
    repository: LectureRepository,
) -> None:
    admin = make_user(1, email="Anna.Petrova@School.Example", role=Role.ADMIN, token_version=4)
    proxy_only = make_user(2, password_hash="", is_active=False)

    await repository.add_user(admin)
    await repository.add_user(proxy_only)

    stored = await repository.get_user("user-001")
    assert stored == User(
        id="user-001",
        email="anna.petrova@school.example",
        display_name="Преподаватель 1",
        password_hash=admin.password_hash,
        role=Role.ADMIN,
        created_at=admin.created_at,
        is_active=True,
        token_version=4,
    )
    assert isinstance(stored.role, Role)
    assert await repository.get_user("user-002") == proxy_only
    assert await repository.get_user("user-003") is None


async def test_get_user_by_email_ignores_case(repository: LectureRepository) -> None:
    await repository.add_user(make_user(1, email="Anna.Petrova@School.Example"))
    await repository.add_user(make_user(2))

    found = await repository.get_user_by_email("ANNA.petrova@school.example")

    assert found is not None and found.id == "user-001"
    assert (await repository.get_user_by_email("teacher2@school.example")).id == "user-002"
    assert await repository.get_user_by_email("anna.petrova@school.example.org") is None


async def test_an_email_taken_in_any_case_is_refused(repository: LectureRepository) -> None:
    await repository.add_user(make_user(1, email="anna@school.example"))

    with pytest.raises(DuplicateEmail):
        await repository.add_user(make_user(2, email="Anna@School.EXAMPLE"))

    assert [user.id for user in await repository.list_users()] == ["user-001"]


async def test_update_user_writes_every_field_but_id_and_creation_time(
    repository: LectureRepository,
) -> None:
    original = make_user(1)
    await repository.add_user(original)
    changed = make_user(
        1,
        email="New.Address@School.Example",
        display_name="Анна Петрова",
        password_hash="",
        role=Role.ADMIN,
        is_active=False,
        token_version=1,
        created_at=T0 + timedelta(days=30),
    )

    await repository.update_user(changed)

    assert await repository.get_user("user-001") == make_user(
        1,
        email="new.address@school.example",
        display_name="Анна Петрова",
        password_hash="",
        role=Role.ADMIN,
        is_active=False,
        token_version=1,
    )
    assert await repository.get_user_by_email(original.email) is None


async def test_update_to_another_accounts_email_is_refused(repository: LectureRepository) -> None:
    await repository.add_user(make_user(1))
    await repository.add_user(make_user(2))

    await repository.update_user(make_user(1, display_name="kept its own email"))
    with pytest.raises(DuplicateEmail):
        await repository.update_user(make_user(2, email="TEACHER1@school.example"))

    assert (await repository.get_user("user-001")).display_name == "kept its own email"
    assert await repository.get_user("user-002") == make_user(2)


async def test_users_are_listed_oldest_first(repository: LectureRepository) -> None:
    for number in (3, 1, 2):
        await repository.add_user(make_user(number))

    assert [user.id for user in await repository.list_users()] == [
        "user-001",
        "user-002",
        "user-003",
    ]


async def test_count_admins_counts_only_active_administrators(
    repository: LectureRepository,
) -> None:
    assert await repository.count_admins() == 0
    await repository.add_user(make_user(1, role=Role.ADMIN))
    await repository.add_user(make_user(2, role=Role.ADMIN, is_active=False))
    await repository.add_user(make_user(3))
    await repository.add_user(make_user(4, role=Role.ADMIN))

    assert await repository.count_admins() == 2
    await repository.update_user(make_user(4, role=Role.ADMIN, is_active=False))
    assert await repository.count_admins() == 1


def make_token(number: int, user_id: str, **changes) -> ApiToken:
    fields = dict(
        id=f"token-{number:03d}",
        user_id=user_id,
        name=f"grading script {number}",
        token_hash=f"{number:064x}",
        created_at=T0 + timedelta(days=number),
    )
    fields.update(changes)
    return ApiToken(**fields)


async def test_api_tokens_are_found_by_hash(repository: LectureRepository) -> None:
    await repository.add_user(make_user(1))
    token = make_token(1, "user-001")
    used = make_token(2, "user-001", last_used_at=T0 + timedelta(days=3))

    await repository.add_api_token(token)
    await repository.add_api_token(used)

    assert await repository.find_api_token(token.token_hash) == token
    assert await repository.find_api_token(used.token_hash) == used
    assert await repository.find_api_token("ff" * 32) is None


async def test_api_tokens_are_listed_per_user_newest_first(repository: LectureRepository) -> None:
    for number in (1, 2):
        await repository.add_user(make_user(number))
    for number, user_id in ((1, "user-001"), (2, "user-002"), (3, "user-001")):
        await repository.add_api_token(make_token(number, user_id))

    assert [t.id for t in await repository.list_api_tokens("user-001")] == [
        "token-003",
        "token-001",
    ]
    assert await repository.list_api_tokens("user-002") == [make_token(2, "user-002")]
    assert await repository.list_api_tokens("user-003") == []


async def test_a_token_is_deleted_only_by_its_owner(repository: LectureRepository) -> None:
    for number in (1, 2):
        await repository.add_user(make_user(number))
    token = make_token(1, "user-001")
    await repository.add_api_token(token)

    by_another = await repository.delete_api_token("user-002", token.id)
    still_there = await repository.find_api_token(token.token_hash)
    by_owner = await repository.delete_api_token("user-001", token.id)
    twice = await repository.delete_api_token("user-001", token.id)

    assert (by_another, by_owner, twice) == (False, True, False)
    assert still_there == token
    assert await repository.find_api_token(token.token_hash) is None


async def test_touch_api_token_records_the_last_use(repository: LectureRepository) -> None:
    await repository.add_user(make_user(1))
    await repository.add_api_token(make_token(1, "user-001"))
    await repository.add_api_token(make_token(2, "user-001"))
    when = T0 + timedelta(days=40, seconds=1.5)

    await repository.touch_api_token("token-001", when)

    assert (await repository.find_api_token(f"{1:064x}")).last_used_at == when
    assert (await repository.find_api_token(f"{2:064x}")).last_used_at is None


async def search(repository: LectureRepository, words: str, **scope) -> list[tuple]:
    """(lecture id, kind, start) of every hit, best first."""
    scope = {"owner_id": None, "limit": 50, "offset": 0, **scope}
    hits, total = await repository.search(SearchQuery.parse(words), **scope)
    assert total == len(hits)
    return [(hit.lecture_id, hit.kind.value, hit.start) for hit in hits]


async def lecture_with_results(
    repository: LectureRepository, number: int, language: str, texts: list[str], **changes
) -> str:
    lecture = make_lecture(number, requested_language=language, **changes)
    await repository.add_lecture(lecture)
    await repository.save_segments(
        lecture.id,
        lecture.run_id,
        [Segment(i, i * 10.0, i * 10.0 + 9.0, text) for i, text in enumerate(texts)],
    )
    return lecture.id


async def test_search_finds_words_across_the_owners_lectures(repository: LectureRepository) -> None:
    first = await lecture_with_results(
        repository, 1, "en", ["We open with routers.", "Packets cross the network."], owner_id="a"
    )
    second = await lecture_with_results(
        repository, 2, "en", ["Cells divide.", "A network of neurons."], owner_id="a"
    )
    others = await lecture_with_results(
        repository, 3, "en", ["Another network entirely."], owner_id="b"
    )
    gone = await lecture_with_results(repository, 4, "en", ["A deleted network."], owner_id="a")
    await repository.delete_lecture(gone)

    found = await search(repository, "networks", owner_id="a")

    assert sorted(found) == [(first, "segment", 10.0), (second, "segment", 10.0)]
    assert {hit[0] for hit in await search(repository, "network")} == {first, second, others}
    assert await search(repository, "network", owner_id="a", lecture_id=second) == [
        (second, "segment", 10.0)
    ]
    assert await search(repository, "network packets", owner_id="a") == [(first, "segment", 10.0)]


async def test_search_pages_best_first(repository: LectureRepository) -> None:
    lecture = await lecture_with_results(
        repository,
        1,
        "en",
        ["entropy once, among many other words of the lecture", "entropy entropy"],
    )

    everything = await search(repository, "entropy")
    page, total = await repository.search(
        SearchQuery.parse("entropy"), owner_id=None, limit=1, offset=1
    )

    assert everything == [(lecture, "segment", 10.0), (lecture, "segment", 0.0)]
    assert total == 2 and [(hit.start, hit.text) for hit in page] == [
        (0.0, "entropy once, among many other words of the lecture")
    ]


async def test_search_stems_russian_and_german(repository: LectureRepository) -> None:
    russian = await lecture_with_results(
        repository, 1, "ru", ["Сегодня мы займёмся инфляцией и ставками."]
    )
    german = await lecture_with_results(
        repository, 2, "de", ["Der Algorithmus sortiert die Liste."]
    )

    assert await search(repository, "инфляция") == [(russian, "segment", 0.0)]
    assert await search(repository, "Algorithmen") == [(german, "segment", 0.0)]


async def test_search_follows_the_detected_language(repository: LectureRepository) -> None:
    lecture = await lecture_with_results(repository, 1, "auto", ["Мы изучаем инфляцией."])
    assert await search(repository, "инфляция") == []

    await repository.set_media_info(lecture, "run-001", language="ru", duration=60.0)

    assert await search(repository, "инфляция") == [(lecture, "segment", 0.0)]


async def test_search_covers_glossary_and_summary_and_follows_every_write(
    repository: LectureRepository,
) -> None:
    await finished_lecture(repository)
    await repository.transition(
        "lecture-001", change({LectureStatus.DONE}, LectureStatus.QUEUED, run_id="run-002")
    )
    await repository.set_media_info("lecture-001", "run-002", language="ru", duration=30.0)
    await repository.save_summary(
        "lecture-001", "run-002", Summary("lecture", "ru", "# Итоги\n\nЭнтропия растёт.", {})
    )
    await repository.transition("lecture-001", change({LectureStatus.QUEUED}, LectureStatus.DONE))
    at = T0 + timedelta(days=1)

    assert sorted(await search(repository, "энтропии")) == [
        ("lecture-001", "glossary", 0.0),
        ("lecture-001", "summary", None),
    ]
    await repository.correct_segment("lecture-001", 2, "изотермы и энтропия", user_id="u", at=at)
    added = await repository.add_glossary_entry(
        "lecture-001",
        GlossaryEntry("цикл Карно", "идеальный цикл", "", 5.0, 6.0),
        user_id="u",
        at=at,
    )
    assert ("lecture-001", "segment", 20.0) in await search(repository, "энтропия")
    assert await search(repository, "Карно") == [("lecture-001", "glossary", 5.0)]

    await repository.update_glossary_entry(
        "lecture-001",
        GlossaryEntry("цикл Стирлинга", "другой цикл", "", 7.0, 8.0, id=added.id),
        user_id="u",
        at=at,
    )
    assert await search(repository, "Карно") == []
    assert await search(repository, "Стирлинга") == [("lecture-001", "glossary", 7.0)]
    await repository.delete_glossary_entry("lecture-001", added.id, user_id="u", at=at)
    assert await search(repository, "Стирлинга") == []

    await repository.clear_results("lecture-001")
    assert await search(repository, "энтропия") == []


async def test_search_reads_operators_as_plain_words(repository: LectureRepository) -> None:
    lecture = await lecture_with_results(repository, 1, "en", ['He said "NEAR" - x* AND OR NOT'])

    for words in ['"', "*", "NEAR(", "-x", "x*", "AND OR", 'said "near', "NOT x", "a:b", "(("]:
        try:
            query = SearchQuery.parse(words)
        except ValueError:
            continue
        await repository.search(query, owner_id=None, limit=5, offset=0)
    assert await search(repository, "NEAR(") == [(lecture, "segment", 0.0)]


async def test_connect_is_repeatable(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.close()

    await repository.connect()
    await repository.ping()

    assert await repository.get_lecture("lecture-001") is not None


def test_every_edgeql_file_is_a_named_query_and_the_reverse() -> None:
    files = {path.stem for path in (DBSCHEMA_DIR / "queries").glob("*.edgeql")}

    queries = Queries.load(DBSCHEMA_DIR / "queries")

    assert files == set(Queries.__dataclass_fields__)
    assert all(getattr(queries, name).strip() for name in files)


def make_endpoint(number: int, owner_id: str = "user-001") -> WebhookEndpoint:
    return WebhookEndpoint(
        id=f"endpoint-{number:03d}",
        owner_id=owner_id,
        url=f"https://hooks.example/{number}",
        secret=f"whsec_c2VjcmV0LXtudW1iZXJ9LTAwMDAwMDAw{number:03d}",
        created_at=T0 + timedelta(minutes=number),
    )


def make_delivery(number: int, endpoint_id: str | None = "endpoint-001", **changes):
    fields = dict(
        id=f"msg_{number:03d}",
        event_id=f"evt_{number:03d}",
        event_type=EventType.LECTURE_DONE,
        lecture_id="lecture-001",
        endpoint_id=endpoint_id,
        url="https://hooks.example/1",
        payload='{"type": "lecture.done", "data": {"lecture": {"title": "Лекция"}}}',
        created_at=T0 + timedelta(minutes=number),
        next_attempt_at=T0 + timedelta(minutes=number),
    )
    fields.update(changes)
    return WebhookDelivery(**fields)


async def test_webhook_endpoints_are_listed_per_owner_and_deleted_only_by_it(
    repository: LectureRepository,
) -> None:
    for number in (1, 2):
        await repository.add_user(make_user(number))
    await repository.add_webhook_endpoint(make_endpoint(2))
    await repository.add_webhook_endpoint(make_endpoint(1))
    await repository.add_webhook_endpoint(make_endpoint(3, owner_id="user-002"))

    assert await repository.list_webhook_endpoints("user-001") == [
        make_endpoint(1),
        make_endpoint(2),
    ]
    assert await repository.get_webhook_endpoint("endpoint-003") == make_endpoint(3, "user-002")
    assert not await repository.delete_webhook_endpoint("user-002", "endpoint-001")
    assert await repository.delete_webhook_endpoint("user-001", "endpoint-001")
    assert await repository.get_webhook_endpoint("endpoint-001") is None
    assert [e.id for e in await repository.list_webhook_endpoints("user-001")] == ["endpoint-002"]


async def test_a_delivery_is_stored_once_per_id(repository: LectureRepository) -> None:
    await repository.add_user(make_user(1))
    await repository.add_webhook_endpoint(make_endpoint(1))
    first = make_delivery(1)
    deployers = make_delivery(2, endpoint_id=None, url="https://deployer.example/hook")

    stored = await repository.add_webhook_deliveries([first, deployers])
    again = await repository.add_webhook_deliveries(
        [replace(first, payload="{}", created_at=T0 + timedelta(days=1))]
    )

    assert stored == [first, deployers]
    assert again == [first]
    assert await repository.get_webhook_delivery("msg_002") == deployers
    assert await repository.get_webhook_delivery("msg_404") is None


async def test_a_delivery_for_a_deleted_endpoint_is_not_stored(
    repository: LectureRepository,
) -> None:
    assert await repository.add_webhook_deliveries([make_delivery(1, "endpoint-404")]) == []
    assert await repository.get_webhook_delivery("msg_001") is None


async def test_attempts_are_appended_and_the_status_moves_on(
    repository: LectureRepository,
) -> None:
    await repository.add_user(make_user(1))
    await repository.add_webhook_endpoint(make_endpoint(1))
    await repository.add_webhook_deliveries([make_delivery(1)])
    failed = DeliveryAttempt(T0 + timedelta(minutes=2), 500, "HTTP 500: Ошибка")
    refused = DeliveryAttempt(T0 + timedelta(minutes=3), None, "ConnectError")
    retry_at = T0 + timedelta(minutes=5)

    await repository.record_delivery_attempt(
        "msg_001", failed, status=DeliveryStatus.PENDING, next_attempt_at=retry_at
    )
    last = await repository.record_delivery_attempt(
        "msg_001", refused, status=DeliveryStatus.DELIVERED, next_attempt_at=None
    )

    expected = replace(
        make_delivery(1),
        status=DeliveryStatus.DELIVERED,
        next_attempt_at=None,
        attempts=(failed, refused),
    )
    assert last == expected
    assert await repository.get_webhook_delivery("msg_001") == expected
    assert (
        await repository.record_delivery_attempt(
            "msg_404", failed, status=DeliveryStatus.FAILED, next_attempt_at=None
        )
        is None
    )


async def test_deliveries_are_listed_per_endpoint_newest_first_and_due_ones_found(
    repository: LectureRepository,
) -> None:
    await repository.add_user(make_user(1))
    for number in (1, 2):
        await repository.add_webhook_endpoint(make_endpoint(number))
    await repository.add_webhook_deliveries(
        [make_delivery(1), make_delivery(2), make_delivery(3, "endpoint-002"), make_delivery(4)]
    )
    await repository.record_delivery_attempt(
        "msg_004",
        DeliveryAttempt(T0, 200, None),
        status=DeliveryStatus.DELIVERED,
        next_attempt_at=None,
    )

    listed = await repository.list_webhook_deliveries("endpoint-001", limit=2)
    due = await repository.list_due_webhook_deliveries(T0 + timedelta(minutes=2, seconds=30))

    assert [d.id for d in listed] == ["msg_004", "msg_002"]
    assert [d.id for d in due] == ["msg_001", "msg_002"]
    await repository.delete_webhook_endpoint("user-001", "endpoint-001")
    assert await repository.get_webhook_delivery("msg_001") is None
    assert await repository.get_webhook_delivery("msg_003") is not None


NETWORK_SEGMENTS = [
    Segment(0, 0.0, 5.0, "Good morning everyone."),
    Segment(1, 5.0, 11.0, "Packets travel through routers."),
    Segment(2, 11.0, 18.0, "A router is a device that forwards packets between networks."),
    Segment(3, 18.0, 24.0, "A firewall filters incoming and outgoing traffic."),
]


async def test_search_ranks_a_lectures_segments_by_bm25_on_word_prefixes(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.add_lecture(make_lecture(2))
    await repository.save_segments("lecture-001", "run-001", NETWORK_SEGMENTS)
    await repository.save_segments("lecture-002", "run-002", NETWORK_SEGMENTS)

    hits = await repository.search_segments("lecture-001", ["router", "forward"], limit=10)

    assert [hit.index for hit in hits] == [2, 1]
    assert hits[0].score > hits[1].score > 0
    assert await repository.search_segments("lecture-001", ["volcano"], limit=10) == []
    assert await repository.search_segments("lecture-001", [], limit=10) == []
    assert await repository.search_segments("lecture-003", ["router"], limit=10) == []


async def test_search_follows_rewritten_and_corrected_segments(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.save_segments("lecture-001", "run-001", NETWORK_SEGMENTS)
    await repository.save_segments(
        "lecture-001", "run-001", [Segment(3, 18.0, 24.0, "A switch joins computers.")]
    )
    assert await repository.search_segments("lecture-001", ["firewall"], limit=10) == []
    assert [
        h.index for h in await repository.search_segments("lecture-001", ["switch"], limit=5)
    ] == [3]

    await repository.restart_transcript("lecture-001", "run-001", from_index=3)
    assert await repository.search_segments("lecture-001", ["switch"], limit=10) == []

    await set_status(repository, 1, LectureStatus.DONE)
    await repository.correct_segment(
        "lecture-001", 0, "Good morning, a gateway joins networks.", user_id="user-001", at=T0
    )
    found = await repository.search_segments("lecture-001", ["gateway"], limit=10)
    assert [hit.index for hit in found] == [0]
    assert await repository.search_segments("lecture-001", ["morn"], limit=10) != []


async def test_search_reads_russian_and_german_words_by_their_stems(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    segments = [
        Segment(0, 0.0, 5.0, "Маршрутизатор пересылает пакеты между сетями."),
        Segment(1, 5.0, 9.0, "Über die Brücke fährt der Zug."),
    ]
    await repository.save_segments("lecture-001", "run-001", segments)

    assert [h.index for h in await repository.search_segments("lecture-001", ["сет"], limit=5)] == [
        0
    ]
    assert [
        h.index for h in await repository.search_segments("lecture-001", ["brück"], limit=5)
    ] == [1]


def make_question(number: int, **changes) -> LectureQuestion:
    fields = dict(
        id=f"question-{number:03d}",
        lecture_id="lecture-001",
        asker_id="user-001",
        text=f"Что такое вопрос {number}?",
        asked_at=T0 + timedelta(minutes=number),
    )
    fields.update(changes)
    return LectureQuestion(**fields)


async def test_a_conversation_is_kept_in_order_with_its_answers(
    repository: LectureRepository,
) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.add_lecture(make_lecture(2))
    await repository.add_question(make_question(2))
    await repository.add_question(make_question(1))
    await repository.add_question(make_question(3, lecture_id="lecture-002"))
    citations = [Citation("Маршрутизатор пересылает пакеты.", 11.0, 18.5)]

    await repository.answer_question(
        "lecture-001",
        "question-001",
        status=QuestionStatus.ANSWERED,
        answer="Пересылает пакеты.",
        citations=citations,
        at=T0 + timedelta(hours=1),
    )
    await repository.set_question_text("lecture-001", "question-002", "Что делает шлюз?")

    conversation = await repository.list_questions("lecture-001")
    assert [q.id for q in conversation] == ["question-001", "question-002"]
    answered, pending = conversation
    assert answered.status is QuestionStatus.ANSWERED
    assert answered.answer == "Пересылает пакеты."
    assert answered.citations == tuple(citations)
    assert answered.answered_at == T0 + timedelta(hours=1)
    assert answered.asker_id == "user-001"
    assert answered.asked_at == T0 + timedelta(minutes=1)
    assert pending == make_question(2, text="Что делает шлюз?")
    assert await repository.get_question("lecture-001", "question-001") == answered
    assert await repository.get_question("lecture-002", "question-001") is None
    assert await repository.get_question("lecture-001", "no-such-question") is None


async def test_a_conversation_goes_with_its_lecture(repository: LectureRepository) -> None:
    await repository.add_lecture(make_lecture(1))
    await repository.save_segments("lecture-001", "run-001", NETWORK_SEGMENTS)
    await repository.add_question(make_question(1))

    await repository.delete_lecture("lecture-001")

    assert await repository.list_questions("lecture-001") == []
    assert await repository.search_segments("lecture-001", ["router"], limit=5) == []
