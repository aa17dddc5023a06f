"""The embedded repository: one SQLite file under DATA_DIR, shared by the API and workers (WAL mode).

Every write is one explicit transaction (BEGIN IMMEDIATE … COMMIT) run to its end even when the task
that asked for it is cancelled: a transaction abandoned between its statements and its commit would
keep the database's write lock, and every other process would then see "database is locked".
"""

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import aiosqlite
from tenacity import AsyncRetrying, retry_if_exception, stop_after_delay, wait_random

from app.accounts.models import ApiToken, Role, User, normalise_email
from app.core.errors import StoreUnavailable
from app.lifecycle import (
    ACTIVE,
    AttemptCount,
    Keep,
    LectureStatus,
    RunSuperseded,
    Stage,
    StatusChange,
)
from app.models import GlossaryEntry, Lecture, Segment, Summary, TranscriptionCheckpoint
from app.repository.base import DuplicateEmail

T = TypeVar("T")

# Each entry brings the schema from the previous version (PRAGMA user_version) to the next.
MIGRATIONS = (
    """
    CREATE TABLE IF NOT EXISTS lectures (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        filename TEXT NOT NULL,
        storage_key TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        requested_language TEXT NOT NULL,
        template TEXT NOT NULL,
        status TEXT NOT NULL,
        stage TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        language TEXT,
        duration REAL,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS lectures_created_at ON lectures (created_at DESC);
    CREATE INDEX IF NOT EXISTS lectures_status ON lectures (status);
    CREATE INDEX IF NOT EXISTS lectures_content_sha256 ON lectures (content_sha256);
    CREATE TABLE IF NOT EXISTS segments (
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (lecture_id, idx)
    );
    CREATE TABLE IF NOT EXISTS glossary_entries (
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        term TEXT NOT NULL,
        definition TEXT NOT NULL,
        quote TEXT NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        PRIMARY KEY (lecture_id, position)
    );
    CREATE TABLE IF NOT EXISTS summaries (
        lecture_id TEXT PRIMARY KEY REFERENCES lectures (id) ON DELETE CASCADE,
        template TEXT NOT NULL,
        language TEXT NOT NULL,
        markdown TEXT NOT NULL,
        sections TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE lectures ADD COLUMN run_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE lectures ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    UPDATE lectures SET run_id = lower(hex(randomblob(16))) WHERE run_id = '';
    CREATE TABLE transcription_checkpoints (
        lecture_id TEXT PRIMARY KEY REFERENCES lectures (id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        model TEXT NOT NULL,
        next_index INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        context TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE lectures ADD COLUMN container TEXT;
    """,
    """
    CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        is_active INTEGER NOT NULL,
        token_version INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX users_email ON users (lower(email));
    CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
    );
    CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
    ALTER TABLE lectures ADD COLUMN owner_id TEXT;
    CREATE INDEX lectures_owner_id ON lectures (owner_id);
    """,
)

LECTURE_COLUMNS = (
    "id, title, filename, storage_key, size_bytes, content_sha256, requested_language, template, "
    "run_id, attempts, status, stage, progress, language, duration, container, error, created_at, "
    "updated_at, owner_id"
)
USER_COLUMNS = "id, email, display_name, password_hash, role, is_active, token_version, created_at"
API_TOKEN_COLUMNS = "id, user_id, name, token_hash, created_at, last_used_at"
RESULT_TABLES = ("segments", "glossary_entries", "summaries", "transcription_checkpoints")
# Long enough to ride out another process's write or migration, short enough to report trouble.
BUSY_TIMEOUT_S = 10.0
# sqlite3 reports a busy database and an unreadable file as OperationalError, like a bad query;
# only these messages mean trouble that may pass.
TEMPORARY_ERRORS = ("locked", "busy", "unable to open", "disk i/o")


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _lecture_from_row(row: aiosqlite.Row) -> Lecture:
    return Lecture(
        id=row["id"],
        title=row["title"],
        filename=row["filename"],
        storage_key=row["storage_key"],
        size_bytes=row["size_bytes"],
        content_sha256=row["content_sha256"],
        requested_language=row["requested_language"],
        template=row["template"],
        run_id=row["run_id"],
        attempts=row["attempts"],
        status=LectureStatus(row["status"]),
        stage=Stage(row["stage"]),
        progress=row["progress"],
        language=row["language"],
        duration=row["duration"],
        container=row["container"],
        error=row["error"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        owner_id=row["owner_id"],
    )


def _user_from_row(row: aiosqlite.Row) -> User:
    return User(
        id=row["id"],
        email=row["email"],
        display_name=row["display_name"],
        password_hash=row["password_hash"],
        role=Role(row["role"]),
        is_active=bool(row["is_active"]),
        token_version=row["token_version"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _api_token_from_row(row: aiosqlite.Row) -> ApiToken:
    last_used_at = row["last_used_at"]
    return ApiToken(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        token_hash=row["token_hash"],
        created_at=datetime.fromisoformat(row["created_at"]),
        last_used_at=datetime.fromisoformat(last_used_at) if last_used_at else None,
    )


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


@asynccontextmanager
async def _temporary_trouble_as_unavailable() -> AsyncIterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        if any(marker in str(exc).lower() for marker in TEMPORARY_ERRORS):
            raise StoreUnavailable(f"the database is unavailable: {exc}") from exc
        raise


class SqliteLectureRepository:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("repository is not connected")
        return self._db

    async def connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are the explicit BEGIN … COMMIT of _write, nothing implicit.
        # The busy timeout is set as the connection opens, so that it already covers the switch to
        # WAL, which needs the file to itself while another process starts up beside this one.
        self._db = await aiosqlite.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        self._db.row_factory = aiosqlite.Row
        try:
            await self._use_wal()
            await self._db.execute("PRAGMA foreign_keys=ON")
            await self._migrate()
        except BaseException:
            await self.close()
            raise

    async def _use_wal(self) -> None:
        """Switch the file to WAL, which lets the API read while a worker writes.

        Two processes switching a new file at once can be refused at once instead of waiting
        (SQLite's deadlock avoidance skips the busy handler), so the switch is tried again."""
        retrying = AsyncRetrying(
            retry=retry_if_exception(_is_locked),
            stop=stop_after_delay(BUSY_TIMEOUT_S),
            wait=wait_random(0.01, 0.1),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                await self.db.execute("PRAGMA journal_mode=WAL")

    async def _migrate(self) -> None:
        """Apply the migrations this file lacks, each in a transaction that first reads the version:
        an API and a worker starting together apply each one once."""

        async def next_migration(db: aiosqlite.Connection) -> bool:
            async with db.execute("PRAGMA user_version") as cursor:
                (version,) = await cursor.fetchone()
            if version >= len(MIGRATIONS):
                return False
            for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {version + 1}")
            return True

        while await self._write(next_migration):
            pass

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def ping(self) -> None:
        async with _temporary_trouble_as_unavailable():
            await self.db.execute("SELECT 1")

    async def _write(self, work: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        """Run `work` in one transaction, to its commit or rollback whatever happens to the caller."""

        async def transaction() -> T:
            async with self._write_lock, _temporary_trouble_as_unavailable():
                await self.db.execute("BEGIN IMMEDIATE")
                try:
                    result = await work(self.db)
                except BaseException:
                    await self.db.execute("ROLLBACK")
                    raise
                await self.db.execute("COMMIT")
                return result

        return await asyncio.shield(asyncio.ensure_future(transaction()))

    async def _fetchone(self, query: str, parameters: Sequence = ()) -> aiosqlite.Row | None:
        async with _temporary_trouble_as_unavailable():
            async with self.db.execute(query, parameters) as cursor:
                return await cursor.fetchone()

    async def _fetchall(self, query: str, parameters: Sequence = ()) -> list[aiosqlite.Row]:
        async with _temporary_trouble_as_unavailable():
            async with self.db.execute(query, parameters) as cursor:
                return list(await cursor.fetchall())

    @staticmethod
    async def _fence(db: aiosqlite.Connection, lecture_id: str, run_id: str) -> None:
        """Results are written only by the lecture's current run, and only while it is active."""
        async with db.execute(
            "SELECT run_id, status FROM lectures WHERE id = ?", (lecture_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or row[0] != run_id or LectureStatus(row[1]) not in ACTIVE:
            raise RunSuperseded(lecture_id)

    async def add_lecture(self, lecture: Lecture) -> None:
        values = (
            lecture.id,
            lecture.title,
            lecture.filename,
            lecture.storage_key,
            lecture.size_bytes,
            lecture.content_sha256,
            lecture.requested_language,
            lecture.template,
            lecture.run_id,
            lecture.attempts,
            lecture.status.value,
            lecture.stage.value,
            lecture.progress,
            lecture.language,
            lecture.duration,
            lecture.container,
            lecture.error,
            lecture.created_at.isoformat(),
            (lecture.updated_at or lecture.created_at).isoformat(),
            lecture.owner_id,
        )

        async def insert(db: aiosqlite.Connection) -> None:
            placeholders = ", ".join("?" * len(values))
            await db.execute(
                f"INSERT INTO lectures ({LECTURE_COLUMNS}) VALUES ({placeholders})", values
            )

        await self._write(insert)

    async def get_lecture(self, lecture_id: str) -> Lecture | None:
        row = await self._fetchone(
            f"SELECT {LECTURE_COLUMNS} FROM lectures WHERE id = ?", (lecture_id,)
        )
        return _lecture_from_row(row) if row else None

    async def list_lectures(
        self, *, owner_id: str | None, limit: int, offset: int
    ) -> tuple[list[Lecture], int]:
        visible, parameters = ("TRUE", ()) if owner_id is None else ("owner_id = ?", (owner_id,))
        rows = await self._fetchall(
            f"SELECT {LECTURE_COLUMNS} FROM lectures WHERE {visible} "
            "ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
            (*parameters, limit, offset),
        )
        (total,) = await self._fetchone(
            f"SELECT count(*) FROM lectures WHERE {visible}", parameters
        )
        return [_lecture_from_row(row) for row in rows], total

    async def list_unfinished_lectures(self) -> list[Lecture]:
        rows = await self._fetchall(
            f"SELECT {LECTURE_COLUMNS} FROM lectures WHERE status IN (?, ?) ORDER BY created_at, id",
            sorted(status.value for status in ACTIVE),
        )
        return [_lecture_from_row(row) for row in rows]

    async def find_done_lecture(self, content_sha256: str, owner_id: str | None) -> Lecture | None:
        row = await self._fetchone(
            f"SELECT {LECTURE_COLUMNS} FROM lectures "
            "WHERE content_sha256 = ? AND owner_id IS ? AND status = ? "
            "ORDER BY created_at, id LIMIT 1",
            (content_sha256, owner_id, LectureStatus.DONE.value),
        )
        return _lecture_from_row(row) if row else None

    async def owner_storage_bytes(self, owner_id: str) -> int:
        (total,) = await self._fetchone(
            "SELECT coalesce(sum(size_bytes), 0) FROM lectures WHERE owner_id = ?", (owner_id,)
        )
        return total

    async def adopt_unowned_lectures(self, owner_id: str) -> int:
        async def adopt(db: aiosqlite.Connection) -> int:
            cursor = await db.execute(
                "UPDATE lectures SET owner_id = ? WHERE owner_id IS NULL", (owner_id,)
            )
            return cursor.rowcount

        return await self._write(adopt)

    async def transition(self, lecture_id: str, change: StatusChange) -> Lecture | None:
        assignments = ["status = ?", "updated_at = ?"]
        values: list = [change.status.value, _now()]
        for column, value in (
            ("stage", change.stage),
            ("progress", change.progress),
            ("error", change.error),
            ("run_id", change.run_id),
        ):
            if not isinstance(value, Keep):
                assignments.append(f"{column} = ?")
                values.append(value.value if isinstance(value, Stage) else value)
        match change.attempts:
            case AttemptCount.COUNT:
                assignments.append("attempts = attempts + 1")
            case AttemptCount.REFUND:
                assignments.append("attempts = max(attempts - 1, 0)")
            case AttemptCount.RESET:
                assignments.append("attempts = 0")
        sources = sorted(status.value for status in change.sources)
        condition = f"id = ? AND status IN ({', '.join('?' * len(sources))})"
        values += [lecture_id, *sources]
        if change.expected_run is not None:
            condition += " AND run_id = ?"
            values.append(change.expected_run)
        query = (
            f"UPDATE lectures SET {', '.join(assignments)} WHERE {condition} "
            f"RETURNING {LECTURE_COLUMNS}"
        )

        async def update(db: aiosqlite.Connection) -> Lecture | None:
            async with db.execute(query, values) as cursor:
                row = await cursor.fetchone()
            return _lecture_from_row(row) if row else None

        return await self._write(update)

    async def set_media_info(
        self, lecture_id: str, run_id: str, *, language: str | None, duration: float | None
    ) -> None:
        async def update(db: aiosqlite.Connection) -> None:
            await self._fence(db, lecture_id, run_id)
            await db.execute(
                "UPDATE lectures SET language = ?, duration = ?, updated_at = ? WHERE id = ?",
                (language, duration, _now(), lecture_id),
            )

        await self._write(update)

    async def restart_transcript(self, lecture_id: str, run_id: str, *, from_index: int) -> None:
        async def truncate(db: aiosqlite.Connection) -> None:
            await self._fence(db, lecture_id, run_id)
            await db.execute(
                "DELETE FROM segments WHERE lecture_id = ? AND idx >= ?", (lecture_id, from_index)
            )
            tables = ["glossary_entries", "summaries"]
            if from_index == 0:
                tables.append("transcription_checkpoints")
            for table in tables:
                await db.execute(f"DELETE FROM {table} WHERE lecture_id = ?", (lecture_id,))

        await self._write(truncate)

    async def save_segments(
        self,
        lecture_id: str,
        run_id: str,
        segments: Sequence[Segment],
        checkpoint: TranscriptionCheckpoint | None = None,
    ) -> None:
        async def store(db: aiosqlite.Connection) -> None:
            await self._fence(db, lecture_id, run_id)
            await db.executemany(
                'INSERT OR REPLACE INTO segments (lecture_id, idx, start, "end", text) '
                "VALUES (?, ?, ?, ?, ?)",
                [(lecture_id, s.index, s.start, s.end, s.text) for s in segments],
            )
            if checkpoint is not None:
                await db.execute(
                    "INSERT OR REPLACE INTO transcription_checkpoints "
                    "(lecture_id, engine, model, next_index, window_start, context) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        lecture_id,
                        checkpoint.engine,
                        checkpoint.model,
                        checkpoint.next_index,
                        checkpoint.window_start,
                        json.dumps(list(checkpoint.context)),
                    ),
                )

        await self._write(store)

    async def get_segments(self, lecture_id: str) -> list[Segment]:
        rows = await self._fetchall(
            'SELECT idx, start, "end", text FROM segments WHERE lecture_id = ? ORDER BY idx',
            (lecture_id,),
        )
        return [Segment(index=r[0], start=r[1], end=r[2], text=r[3]) for r in rows]

    async def get_checkpoint(self, lecture_id: str) -> TranscriptionCheckpoint | None:
        row = await self._fetchone(
            "SELECT engine, model, next_index, window_start, context "
            "FROM transcription_checkpoints WHERE lecture_id = ?",
            (lecture_id,),
        )
        if row is None:
            return None
        return TranscriptionCheckpoint(
            engine=row[0],
            model=row[1],
            next_index=row[2],
            window_start=row[3],
            context=tuple(json.loads(row[4])),
        )

    async def replace_glossary(
        self, lecture_id: str, run_id: str, entries: Sequence[GlossaryEntry]
    ) -> None:
        async def replace(db: aiosqlite.Connection) -> None:
            await self._fence(db, lecture_id, run_id)
            await db.execute("DELETE FROM glossary_entries WHERE lecture_id = ?", (lecture_id,))
            await db.executemany(
                "INSERT INTO glossary_entries "
                '(lecture_id, position, term, definition, quote, start, "end") '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (lecture_id, position, e.term, e.definition, e.quote, e.start, e.end)
                    for position, e in enumerate(entries)
                ],
            )

        await self._write(replace)

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]:
        rows = await self._fetchall(
            'SELECT term, definition, quote, start, "end" FROM glossary_entries '
            "WHERE lecture_id = ? ORDER BY position",
            (lecture_id,),
        )
        return [
            GlossaryEntry(term=r[0], definition=r[1], quote=r[2], start=r[3], end=r[4])
            for r in rows
        ]

    async def save_summary(self, lecture_id: str, run_id: str, summary: Summary) -> None:
        async def store(db: aiosqlite.Connection) -> None:
            await self._fence(db, lecture_id, run_id)
            await db.execute(
                "INSERT OR REPLACE INTO summaries "
                "(lecture_id, template, language, markdown, sections) VALUES (?, ?, ?, ?, ?)",
                (
                    lecture_id,
                    summary.template,
                    summary.language,
                    summary.markdown,
                    json.dumps(summary.sections, ensure_ascii=False),
                ),
            )

        await self._write(store)

    async def get_summary(self, lecture_id: str) -> Summary | None:
        row = await self._fetchone(
            "SELECT template, language, markdown, sections FROM summaries WHERE lecture_id = ?",
            (lecture_id,),
        )
        if row is None:
            return None
        return Summary(
            template=row[0], language=row[1], markdown=row[2], sections=json.loads(row[3])
        )

    async def clear_results(self, lecture_id: str) -> None:
        async def clear(db: aiosqlite.Connection) -> None:
            for table in RESULT_TABLES:
                await db.execute(f"DELETE FROM {table} WHERE lecture_id = ?", (lecture_id,))

        await self._write(clear)

    async def delete_lecture(self, lecture_id: str) -> None:
        async def delete(db: aiosqlite.Connection) -> None:
            await db.execute("DELETE FROM lectures WHERE id = ?", (lecture_id,))

        await self._write(delete)

    async def _write_user(self, statement: str, user: User) -> None:
        """Run the INSERT or UPDATE unless another account has the email. BEGIN IMMEDIATE keeps the
        check and the write together; the unique index on lower(email) stays the last word."""
        values = {
            "id": user.id,
            "email": normalise_email(user.email),
            "display_name": user.display_name,
            "password_hash": user.password_hash,
            "role": user.role.value,
            "is_active": user.is_active,
            "token_version": user.token_version,
            "created_at": user.created_at.isoformat(),
        }

        async def write(db: aiosqlite.Connection) -> None:
            async with db.execute(
                "SELECT 1 FROM users WHERE lower(email) = :email AND id != :id", values
            ) as cursor:
                if await cursor.fetchone() is not None:
                    raise DuplicateEmail(values["email"])
            await db.execute(statement, values)

        await self._write(write)

    async def add_user(self, user: User) -> None:
        await self._write_user(
            f"INSERT INTO users ({USER_COLUMNS}) VALUES (:id, :email, :display_name, "
            ":password_hash, :role, :is_active, :token_version, :created_at)",
            user,
        )

    async def get_user(self, user_id: str) -> User | None:
        row = await self._fetchone(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", (user_id,))
        return _user_from_row(row) if row else None

    async def get_user_by_email(self, email: str) -> User | None:
        row = await self._fetchone(
            f"SELECT {USER_COLUMNS} FROM users WHERE lower(email) = ?", (normalise_email(email),)
        )
        return _user_from_row(row) if row else None

    async def list_users(self) -> list[User]:
        rows = await self._fetchall(f"SELECT {USER_COLUMNS} FROM users ORDER BY created_at, id")
        return [_user_from_row(row) for row in rows]

    async def update_user(self, user: User) -> None:
        await self._write_user(
            "UPDATE users SET email = :email, display_name = :display_name, "
            "password_hash = :password_hash, role = :role, is_active = :is_active, "
            "token_version = :token_version WHERE id = :id",
            user,
        )

    async def count_admins(self) -> int:
        (count,) = await self._fetchone(
            "SELECT count(*) FROM users WHERE role = ? AND is_active", (Role.ADMIN.value,)
        )
        return count

    async def add_api_token(self, token: ApiToken) -> None:
        values = (
            token.id,
            token.user_id,
            token.name,
            token.token_hash,
            token.created_at.isoformat(),
            token.last_used_at.isoformat() if token.last_used_at else None,
        )

        async def insert(db: aiosqlite.Connection) -> None:
            await db.execute(
                f"INSERT INTO api_tokens ({API_TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", values
            )

        await self._write(insert)

    async def list_api_tokens(self, user_id: str) -> list[ApiToken]:
        rows = await self._fetchall(
            f"SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? "
            "ORDER BY created_at DESC, id",
            (user_id,),
        )
        return [_api_token_from_row(row) for row in rows]

    async def find_api_token(self, token_hash: str) -> ApiToken | None:
        row = await self._fetchone(
            f"SELECT {API_TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?", (token_hash,)
        )
        return _api_token_from_row(row) if row else None

    async def delete_api_token(self, user_id: str, token_id: str) -> bool:
        async def delete(db: aiosqlite.Connection) -> bool:
            cursor = await db.execute(
                "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", (token_id, user_id)
            )
            return cursor.rowcount > 0

        return await self._write(delete)

    async def touch_api_token(self, token_id: str, when: datetime) -> None:
        async def touch(db: aiosqlite.Connection) -> None:
            await db.execute(
                "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (when.isoformat(), token_id)
            )

        await self._write(touch)
