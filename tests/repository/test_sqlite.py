"""What only the SQLite backend has to get right: its transactions and its own schema upgrades."""

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from app.accounts.models import ApiToken, Role, User
from app.models import Lecture, Segment
from app.repository.sqlite import MIGRATIONS, SqliteLectureRepository
from app.search import SearchQuery

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def admin() -> User:
    return User("admin", "admin@school.example", "Admin", "", Role.ADMIN, T0)


def lecture(number: int) -> Lecture:
    return Lecture(
        id=f"lecture-{number}",
        title="t",
        filename="f.mp3",
        storage_key="k",
        size_bytes=1,
        content_sha256="-",
        requested_language="en",
        template="default",
        created_at=datetime.now(UTC),
        run_id="run",
    )


@pytest.fixture
async def two_processes(tmp_path) -> AsyncIterator[tuple[SqliteLectureRepository, ...]]:
    """An API's and a worker's repository on one file, closed whatever the test did: an open
    aiosqlite connection keeps its thread, and with it the test run, alive."""
    path = tmp_path / "db.sqlite3"
    api, worker = SqliteLectureRepository(path), SqliteLectureRepository(path)
    yield api, worker
    await api.close()
    await worker.close()


async def test_a_write_cancelled_mid_transaction_does_not_keep_the_lock(two_processes) -> None:
    api, worker = two_processes
    path = api.path
    await api.connect()
    await worker.connect()
    await worker.add_lecture(lecture(1))
    inside, release = asyncio.Event(), asyncio.Event()

    async def slow_write(db) -> None:
        await db.execute("UPDATE lectures SET title = 'changed' WHERE id = 'lecture-1'")
        inside.set()
        await release.wait()  # the task is cancelled here, between execute and commit

    write = asyncio.create_task(worker._write(slow_write))
    await inside.wait()
    write.cancel()
    release.set()
    await asyncio.sleep(0.05)

    # The other connection writes at once, with no busy wait to hide a lock held forever.
    other = sqlite3.connect(path, timeout=0.5)
    other.execute("UPDATE lectures SET size_bytes = 2 WHERE id = 'lecture-1'")
    other.commit()
    other.close()
    stored = await api.get_lecture("lecture-1")
    assert (stored.title, stored.size_bytes) == ("changed", 2)


async def test_a_database_of_the_first_schema_is_upgraded_in_place(two_processes) -> None:
    first, second = two_processes
    path = first.path
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute(
        "INSERT INTO lectures (id, title, filename, storage_key, size_bytes, content_sha256, "
        "requested_language, template, status, stage, created_at, updated_at) VALUES "
        "('old', 't', 'f', 'k', 1, '-', 'en', 'default', 'processing', 'transcribing', "
        "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')"
    )
    old.commit()
    old.close()

    await asyncio.gather(first.connect(), second.connect())  # an API and a worker starting together

    upgraded = await first.get_lecture("old")
    assert upgraded.attempts == 0 and len(upgraded.run_id) == 32
    assert upgraded.owner_id is None
    assert upgraded.container is None  # not known for a lecture from before it was kept
    await first.save_segments("old", upgraded.run_id, [Segment(0, 0.0, 1.0, "kept")])
    assert [s.text for s in await second.get_segments("old")] == ["kept"]
    await second.add_user(admin())
    assert await first.adopt_unowned_lectures("admin") == 1
    assert (await second.get_lecture("old")).owner_id == "admin"


async def test_the_search_index_is_built_for_lectures_stored_before_it(tmp_path) -> None:
    path = tmp_path / "db.sqlite3"
    old = sqlite3.connect(path)
    for migration in MIGRATIONS[:5]:
        old.executescript(migration)
    old.execute(
        "INSERT INTO lectures (id, title, filename, storage_key, size_bytes, content_sha256, "
        "requested_language, template, status, stage, created_at, updated_at, language) VALUES "
        "('old', 't', 'f', 'k', 1, '-', 'auto', 'default', 'done', 'done', "
        "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 'ru')"
    )
    old.execute("INSERT INTO segments VALUES ('old', 0, 4.0, 5.0, 'Об инфляцией', NULL, NULL)")
    old.execute(
        "INSERT INTO glossary_entries VALUES "
        "('old', 0, 'инфляция', 'рост цен', 'q', 1.0, 2.0, 'e1', NULL, NULL)"
    )
    old.execute("INSERT INTO summaries VALUES ('old', 'default', 'ru', '## Инфляции', '{}')")
    old.execute("PRAGMA user_version = 5")
    old.commit()
    old.close()
    repository = SqliteLectureRepository(path)
    await repository.connect()

    hits, total = await repository.search(
        SearchQuery.parse("инфляция"), owner_id=None, limit=10, offset=0
    )

    assert total == 3
    assert sorted((hit.kind.value, hit.start) for hit in hits) == [
        ("glossary", 1.0), ("segment", 4.0), ("summary", None)
    ]  # fmt: skip
    await repository.close()


async def test_the_schema_itself_keeps_emails_unique_and_tokens_with_their_user(tmp_path) -> None:
    """The last word after the repository's own checks, for anything that writes the file."""
    repository = SqliteLectureRepository(tmp_path / "db.sqlite3")
    await repository.connect()
    await repository.add_user(admin())
    await repository.add_api_token(ApiToken("token", "admin", "cron", "ab" * 32, T0))
    await repository.close()

    db = sqlite3.connect(repository.path)
    db.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError, match="users_email"):
        db.execute(
            "INSERT INTO users VALUES ('other', 'ADMIN@school.example', 'x', '', 'teacher', 1, 0, "
            "'2025-01-01T00:00:00+00:00')"
        )
    db.execute("DELETE FROM users WHERE id = 'admin'")
    assert db.execute("SELECT count(*) FROM api_tokens").fetchone() == (0,)
    db.close()
