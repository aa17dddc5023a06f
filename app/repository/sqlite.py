"""The embedded repository: one SQLite file under DATA_DIR, shared by the API and workers (WAL mode).

Every write is one explicit transaction (BEGIN IMMEDIATE … COMMIT) run to its end even when the task
that asked for it is cancelled: a transaction abandoned between its statements and its commit would
keep the database's write lock, and every other process would then see "database is locked".
"""

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import aiosqlite
from tenacity import AsyncRetrying, retry_if_exception, stop_after_delay, wait_random

from app.accounts.models import ApiToken, Role, User, normalise_email
from app.core.errors import StoreUnavailable
from app.corrections import entry_record, merge_glossary, refuse_duplicate_term, term_key
from app.lifecycle import (
    ACTIVE,
    CORRECTABLE,
    AttemptCount,
    Keep,
    LectureStatus,
    RunSuperseded,
    Stage,
    StatusChange,
)
from app.models import (
    Citation,
    EditKind,
    GlossaryEntry,
    Lecture,
    LectureEdit,
    LectureQuestion,
    QuestionStatus,
    Segment,
    SegmentHit,
    Summary,
    TranscriptionCheckpoint,
)
from app.repository.base import DuplicateEmail, LectureNotCorrectable
from app.search import SearchHit, SearchKind, SearchQuery, index_text, search_language
from app.webhooks.models import (
    DeliveryAttempt,
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    attempts_from_json,
    attempts_to_json,
)

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
    """
    ALTER TABLE segments ADD COLUMN edited_by TEXT;
    ALTER TABLE segments ADD COLUMN edited_at TEXT;
    ALTER TABLE glossary_entries ADD COLUMN entry_id TEXT NOT NULL DEFAULT '';
    UPDATE glossary_entries SET entry_id = lower(hex(randomblob(16)));
    CREATE UNIQUE INDEX glossary_entries_entry_id ON glossary_entries (lecture_id, entry_id);
    ALTER TABLE glossary_entries ADD COLUMN edited_by TEXT;
    ALTER TABLE glossary_entries ADD COLUMN edited_at TEXT;
    CREATE TABLE retired_terms (
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        retired_by TEXT NOT NULL,
        retired_at TEXT NOT NULL,
        PRIMARY KEY (lecture_id, term)
    );
    CREATE TABLE lecture_edits (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT,
        user_id TEXT NOT NULL,
        edited_at TEXT NOT NULL
    );
    CREATE INDEX lecture_edits_lecture_id ON lecture_edits (lecture_id, seq);
    """,
    """
    CREATE TABLE webhook_endpoints (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX webhook_endpoints_owner_id ON webhook_endpoints (owner_id, created_at);
    CREATE TABLE webhook_deliveries (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        lecture_id TEXT NOT NULL,
        endpoint_id TEXT REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL,
        next_attempt_at TEXT,
        attempts TEXT NOT NULL
    );
    CREATE INDEX webhook_deliveries_endpoint_id ON webhook_deliveries (endpoint_id, created_at);
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
    """,
    # Segments get a persistent rowid (an implicit one may change at VACUUM), which the full-text
    # index is keyed by; the triggers keep the index in step with every segment write and correction.
    """
    CREATE TABLE segments_keyed (
        id INTEGER PRIMARY KEY,
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        "end" REAL NOT NULL,
        text TEXT NOT NULL,
        edited_by TEXT,
        edited_at TEXT,
        UNIQUE (lecture_id, idx)
    );
    INSERT INTO segments_keyed (lecture_id, idx, start, "end", text, edited_by, edited_at)
        SELECT lecture_id, idx, start, "end", text, edited_by, edited_at FROM segments
        ORDER BY lecture_id, idx;
    DROP TABLE segments;
    ALTER TABLE segments_keyed RENAME TO segments;
    CREATE VIRTUAL TABLE segments_fts USING fts5 (
        text, content='segments', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');
    CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
        INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
        INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER segments_fts_update AFTER UPDATE OF text ON segments BEGIN
        INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TABLE lecture_questions (
        id TEXT PRIMARY KEY,
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        asker_id TEXT NOT NULL,
        text TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        status TEXT NOT NULL,
        answer TEXT,
        citations TEXT NOT NULL DEFAULT '[]',
        answered_at TEXT
    );
    CREATE INDEX lecture_questions_lecture_id ON lecture_questions (lecture_id, asked_at);
    """,
    # Search (app.search): a document per segment, glossary entry and summary, and an FTS5 index of
    # its stems under the same rowid. Triggers keep both in step with every write of the text, in
    # the write's transaction; `ref` has no type so that a segment's index stays an integer.
    """
    CREATE TABLE search_documents (
        id INTEGER PRIMARY KEY,
        lecture_id TEXT NOT NULL REFERENCES lectures (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        ref NOT NULL,
        start REAL,
        UNIQUE (lecture_id, kind, ref)
    );
    CREATE VIRTUAL TABLE search_index USING fts5 (
        stems, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER search_documents_deleted AFTER DELETE ON search_documents BEGIN
        DELETE FROM search_index WHERE rowid = OLD.id;
    END;
    CREATE TRIGGER segments_indexed AFTER INSERT ON segments BEGIN
        DELETE FROM search_documents
        WHERE lecture_id = NEW.lecture_id AND kind = 'segment' AND ref = NEW.idx;
        INSERT INTO search_documents (lecture_id, kind, ref, start)
        VALUES (NEW.lecture_id, 'segment', NEW.idx, NEW.start);
        INSERT INTO search_index (rowid, stems)
        SELECT last_insert_rowid(), search_stems(NEW.text, search_language(language, requested_language))
        FROM lectures WHERE id = NEW.lecture_id;
    END;
    CREATE TRIGGER segments_reindexed AFTER UPDATE OF text ON segments BEGIN
        UPDATE search_index
        SET stems = (
            SELECT search_stems(NEW.text, search_language(language, requested_language))
            FROM lectures WHERE id = NEW.lecture_id
        )
        WHERE rowid = (
            SELECT id FROM search_documents
            WHERE lecture_id = NEW.lecture_id AND kind = 'segment' AND ref = NEW.idx
        );
    END;
    CREATE TRIGGER segments_unindexed AFTER DELETE ON segments BEGIN
        DELETE FROM search_documents
        WHERE lecture_id = OLD.lecture_id AND kind = 'segment' AND ref = OLD.idx;
    END;
    CREATE TRIGGER glossary_entries_indexed AFTER INSERT ON glossary_entries BEGIN
        DELETE FROM search_documents
        WHERE lecture_id = NEW.lecture_id AND kind = 'glossary' AND ref = NEW.entry_id;
        INSERT INTO search_documents (lecture_id, kind, ref, start)
        VALUES (NEW.lecture_id, 'glossary', NEW.entry_id, NEW.start);
        INSERT INTO search_index (rowid, stems)
        SELECT last_insert_rowid(),
            search_stems(NEW.term || ' ' || NEW.definition, search_language(language, requested_language))
        FROM lectures WHERE id = NEW.lecture_id;
    END;
    CREATE TRIGGER glossary_entries_unindexed AFTER DELETE ON glossary_entries BEGIN
        DELETE FROM search_documents
        WHERE lecture_id = OLD.lecture_id AND kind = 'glossary' AND ref = OLD.entry_id;
    END;
    CREATE TRIGGER summaries_indexed AFTER INSERT ON summaries BEGIN
        DELETE FROM search_documents
        WHERE lecture_id = NEW.lecture_id AND kind = 'summary' AND ref = '';
        INSERT INTO search_documents (lecture_id, kind, ref, start)
        VALUES (NEW.lecture_id, 'summary', '', NULL);
        INSERT INTO search_index (rowid, stems)
        SELECT last_insert_rowid(), search_stems(NEW.markdown, search_language(language, requested_language))
        FROM lectures WHERE id = NEW.lecture_id;
    END;
    CREATE TRIGGER summaries_unindexed AFTER DELETE ON summaries BEGIN
        DELETE FROM search_documents
        WHERE lecture_id = OLD.lecture_id AND kind = 'summary' AND ref = '';
    END;
    CREATE TRIGGER lectures_language_changed AFTER UPDATE OF language ON lectures
    WHEN OLD.language IS NOT NEW.language BEGIN
        UPDATE search_index
        SET stems = (
            SELECT search_stems(
                CASE d.kind
                    WHEN 'segment' THEN (
                        SELECT text FROM segments WHERE lecture_id = d.lecture_id AND idx = d.ref
                    )
                    WHEN 'glossary' THEN (
                        SELECT term || ' ' || definition FROM glossary_entries
                        WHERE lecture_id = d.lecture_id AND entry_id = d.ref
                    )
                    ELSE (SELECT markdown FROM summaries WHERE lecture_id = d.lecture_id)
                END,
                search_language(NEW.language, NEW.requested_language)
            )
            FROM search_documents AS d WHERE d.id = search_index.rowid
        )
        WHERE rowid IN (SELECT id FROM search_documents WHERE lecture_id = NEW.id);
    END;
    INSERT INTO search_documents (lecture_id, kind, ref, start)
    SELECT lecture_id, 'segment', idx, start FROM segments;
    INSERT INTO search_documents (lecture_id, kind, ref, start)
    SELECT lecture_id, 'glossary', entry_id, start FROM glossary_entries;
    INSERT INTO search_documents (lecture_id, kind, ref, start)
    SELECT lecture_id, 'summary', '', NULL FROM summaries;
    INSERT INTO search_index (rowid, stems)
    SELECT d.id, search_stems(
        coalesce(s.text, g.term || ' ' || g.definition, m.markdown),
        search_language(l.language, l.requested_language)
    )
    FROM search_documents AS d
    JOIN lectures AS l ON l.id = d.lecture_id
    LEFT JOIN segments AS s ON d.kind = 'segment' AND s.lecture_id = d.lecture_id AND s.idx = d.ref
    LEFT JOIN glossary_entries AS g
        ON d.kind = 'glossary' AND g.lecture_id = d.lecture_id AND g.entry_id = d.ref
    LEFT JOIN summaries AS m ON d.kind = 'summary' AND m.lecture_id = d.lecture_id
    """,
)

LECTURE_COLUMNS = (
    "id, title, filename, storage_key, size_bytes, content_sha256, requested_language, template, "
    "run_id, attempts, status, stage, progress, language, duration, container, error, created_at, "
    "updated_at, owner_id"
)
USER_COLUMNS = "id, email, display_name, password_hash, role, is_active, token_version, created_at"
API_TOKEN_COLUMNS = "id, user_id, name, token_hash, created_at, last_used_at"
WEBHOOK_ENDPOINT_COLUMNS = "id, owner_id, url, secret, created_at"
WEBHOOK_DELIVERY_COLUMNS = (
    "id, event_id, event_type, lecture_id, endpoint_id, url, payload, created_at, status, "
    "next_attempt_at, attempts"
)
RESULT_TABLES = (
    "segments",
    "glossary_entries",
    "retired_terms",
    "summaries",
    "transcription_checkpoints",
)
SEGMENT_COLUMNS = 'idx, start, "end", text, edited_by, edited_at'
QUESTION_COLUMNS = (
    "id, lecture_id, asker_id, text, asked_at, status, answer, citations, answered_at"
)
GLOSSARY_COLUMNS = 'entry_id, term, definition, quote, start, "end", edited_by, edited_at'
# The text a search document stands for, from the row it indexes.
_SEARCH_TEXTS = (
    "LEFT JOIN segments AS s "
    "ON d.kind = 'segment' AND s.lecture_id = d.lecture_id AND s.idx = d.ref "
    "LEFT JOIN glossary_entries AS g "
    "ON d.kind = 'glossary' AND g.lecture_id = d.lecture_id AND g.entry_id = d.ref "
    "LEFT JOIN summaries AS m ON d.kind = 'summary' AND m.lecture_id = d.lecture_id"
)
# Long enough to ride out another process's write or migration, short enough to report trouble.
BUSY_TIMEOUT_S = 10.0
# sqlite3 reports a busy database and an unreadable file as OperationalError, like a bad query;
# only these messages mean trouble that may pass.
TEMPORARY_ERRORS = ("locked", "busy", "unable to open", "disk i/o")


def _statements(script: str) -> Iterator[str]:
    """The script's statements, whole: a trigger's body holds semicolons of its own."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""
    if statement.strip():
        yield statement


def _match_any_prefix(stems: Sequence[str]) -> str:
    """An FTS5 query for rows holding a word that starts with any of the stems."""
    return " OR ".join('"{}"*'.format(stem.replace('"', '""')) for stem in stems)


def _question_from_row(row: aiosqlite.Row) -> LectureQuestion:
    return LectureQuestion(
        id=row["id"],
        lecture_id=row["lecture_id"],
        asker_id=row["asker_id"],
        text=row["text"],
        asked_at=datetime.fromisoformat(row["asked_at"]),
        status=QuestionStatus(row["status"]),
        answer=row["answer"],
        citations=tuple(Citation(**c) for c in json.loads(row["citations"])),
        answered_at=_unstamp(row["answered_at"]),
    )


def _citations_json(citations: Sequence[Citation]) -> str:
    return json.dumps(
        [{"quote": c.quote, "start": c.start, "end": c.end} for c in citations],
        ensure_ascii=False,
    )


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


def _webhook_endpoint_from_row(row: aiosqlite.Row) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row["id"],
        owner_id=row["owner_id"],
        url=row["url"],
        secret=row["secret"],
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _webhook_delivery_from_row(row: aiosqlite.Row) -> WebhookDelivery:
    return WebhookDelivery(
        id=row["id"],
        event_id=row["event_id"],
        event_type=EventType(row["event_type"]),
        lecture_id=row["lecture_id"],
        endpoint_id=row["endpoint_id"],
        url=row["url"],
        payload=row["payload"],
        created_at=datetime.fromisoformat(row["created_at"]),
        status=DeliveryStatus(row["status"]),
        next_attempt_at=_unstamp(row["next_attempt_at"]),
        attempts=attempts_from_json(row["attempts"]),
    )


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _unstamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _segment_from_row(row: aiosqlite.Row) -> Segment:
    return Segment(
        index=row["idx"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        edited_by=row["edited_by"],
        edited_at=_unstamp(row["edited_at"]),
    )


def _glossary_entry_from_row(row: aiosqlite.Row) -> GlossaryEntry:
    return GlossaryEntry(
        id=row["entry_id"],
        term=row["term"],
        definition=row["definition"],
        quote=row["quote"],
        start=row["start"],
        end=row["end"],
        edited_by=row["edited_by"],
        edited_at=_unstamp(row["edited_at"]),
    )


def _edit_from_row(row: aiosqlite.Row) -> LectureEdit:
    return LectureEdit(
        kind=EditKind(row["kind"]),
        target=row["target"],
        before=json.loads(row["before"]) if row["before"] is not None else None,
        after=json.loads(row["after"]) if row["after"] is not None else None,
        user_id=row["user_id"],
        edited_at=datetime.fromisoformat(row["edited_at"]),
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
            # The search index's triggers stem text as it is written (app.search).
            await self._db.create_function("search_stems", 2, index_text, deterministic=True)
            await self._db.create_function(
                "search_language", 2, search_language, deterministic=True
            )
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
            for statement in _statements(MIGRATIONS[version]):
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

    @staticmethod
    async def _correctable(db: aiosqlite.Connection, lecture_id: str) -> None:
        """A person's corrections are written only while no run is at work on the lecture."""
        async with db.execute("SELECT status FROM lectures WHERE id = ?", (lecture_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None or LectureStatus(row[0]) not in CORRECTABLE:
            raise LectureNotCorrectable(lecture_id)

    @staticmethod
    async def _log_edit(db: aiosqlite.Connection, lecture_id: str, edit: LectureEdit) -> None:
        await db.execute(
            "INSERT INTO lecture_edits "
            "(lecture_id, kind, target, before, after, user_id, edited_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                lecture_id,
                edit.kind.value,
                edit.target,
                json.dumps(edit.before, ensure_ascii=False) if edit.before is not None else None,
                json.dumps(edit.after, ensure_ascii=False) if edit.after is not None else None,
                edit.user_id,
                edit.edited_at.isoformat(),
            ),
        )

    @staticmethod
    async def _glossary_of(db: aiosqlite.Connection, lecture_id: str) -> list[GlossaryEntry]:
        async with db.execute(
            f"SELECT {GLOSSARY_COLUMNS} FROM glossary_entries WHERE lecture_id = ? "
            "ORDER BY position",
            (lecture_id,),
        ) as cursor:
            return [_glossary_entry_from_row(row) for row in await cursor.fetchall()]

    @staticmethod
    async def _store_glossary(
        db: aiosqlite.Connection, lecture_id: str, entries: Sequence[GlossaryEntry]
    ) -> None:
        await db.execute("DELETE FROM glossary_entries WHERE lecture_id = ?", (lecture_id,))
        await db.executemany(
            "INSERT INTO glossary_entries (lecture_id, position, entry_id, term, definition, "
            'quote, start, "end", edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    lecture_id,
                    position,
                    e.id,
                    e.term,
                    e.definition,
                    e.quote,
                    e.start,
                    e.end,
                    e.edited_by,
                    _stamp(e.edited_at),
                )
                for position, e in enumerate(entries)
            ],
        )

    @staticmethod
    async def _retired_terms(db: aiosqlite.Connection, lecture_id: str) -> list[str]:
        async with db.execute(
            "SELECT term FROM retired_terms WHERE lecture_id = ?", (lecture_id,)
        ) as cursor:
            return [row[0] for row in await cursor.fetchall()]

    async def _retire(
        self, db: aiosqlite.Connection, lecture_id: str, term: str, user_id: str, at: datetime
    ) -> None:
        await db.execute(
            "INSERT OR REPLACE INTO retired_terms (lecture_id, term, retired_by, retired_at) "
            "VALUES (?, ?, ?, ?)",
            (lecture_id, term, user_id, at.isoformat()),
        )

    async def _unretire(self, db: aiosqlite.Connection, lecture_id: str, term: str) -> None:
        key = term_key(term)
        for retired in await self._retired_terms(db, lecture_id):
            if term_key(retired) == key:
                await db.execute(
                    "DELETE FROM retired_terms WHERE lecture_id = ? AND term = ?",
                    (lecture_id, retired),
                )

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
            # An upsert, not INSERT OR REPLACE: a replaced row would fire no delete trigger, and
            # the full-text index would keep the old text.
            await db.executemany(
                f"INSERT INTO segments (lecture_id, {SEGMENT_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lecture_id, idx) DO UPDATE SET "
                'start = excluded.start, "end" = excluded."end", text = excluded.text, '
                "edited_by = excluded.edited_by, edited_at = excluded.edited_at",
                [
                    (lecture_id, s.index, s.start, s.end, s.text, s.edited_by, _stamp(s.edited_at))
                    for s in segments
                ],
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
            f"SELECT {SEGMENT_COLUMNS} FROM segments WHERE lecture_id = ? ORDER BY idx",
            (lecture_id,),
        )
        return [_segment_from_row(row) for row in rows]

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
            merged = merge_glossary(
                entries,
                await self._glossary_of(db, lecture_id),
                await self._retired_terms(db, lecture_id),
            )
            await self._store_glossary(db, lecture_id, merged)

        await self._write(replace)

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]:
        rows = await self._fetchall(
            f"SELECT {GLOSSARY_COLUMNS} FROM glossary_entries WHERE lecture_id = ? "
            "ORDER BY position",
            (lecture_id,),
        )
        return [_glossary_entry_from_row(row) for row in rows]

    async def correct_segment(
        self, lecture_id: str, index: int, text: str, *, user_id: str, at: datetime
    ) -> Segment | None:
        async def correct(db: aiosqlite.Connection) -> Segment | None:
            await self._correctable(db, lecture_id)
            async with db.execute(
                f"SELECT {SEGMENT_COLUMNS} FROM segments WHERE lecture_id = ? AND idx = ?",
                (lecture_id, index),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            before = _segment_from_row(row)
            await db.execute(
                "UPDATE segments SET text = ?, edited_by = ?, edited_at = ? "
                "WHERE lecture_id = ? AND idx = ?",
                (text, user_id, at.isoformat(), lecture_id, index),
            )
            edit = LectureEdit(
                EditKind.SEGMENT_TEXT,
                str(index),
                {"text": before.text},
                {"text": text},
                user_id,
                at,
            )
            await self._log_edit(db, lecture_id, edit)
            return Segment(index, before.start, before.end, text, user_id, at)

        return await self._write(correct)

    async def add_glossary_entry(
        self, lecture_id: str, entry: GlossaryEntry, *, user_id: str, at: datetime
    ) -> GlossaryEntry:
        entry = replace(entry, edited_by=user_id, edited_at=at)

        async def add(db: aiosqlite.Connection) -> GlossaryEntry:
            await self._correctable(db, lecture_id)
            entries = await self._glossary_of(db, lecture_id)
            refuse_duplicate_term(entries, entry)
            await self._unretire(db, lecture_id, entry.term)
            await self._store_glossary(db, lecture_id, [*entries, entry])
            await self._log_edit(
                db,
                lecture_id,
                LectureEdit(
                    EditKind.GLOSSARY_ADD, entry.id, None, entry_record(entry), user_id, at
                ),
            )
            return entry

        return await self._write(add)

    async def update_glossary_entry(
        self, lecture_id: str, entry: GlossaryEntry, *, user_id: str, at: datetime
    ) -> GlossaryEntry | None:
        entry = replace(entry, edited_by=user_id, edited_at=at)

        async def update(db: aiosqlite.Connection) -> GlossaryEntry | None:
            await self._correctable(db, lecture_id)
            entries = await self._glossary_of(db, lecture_id)
            before = next((e for e in entries if e.id == entry.id), None)
            if before is None:
                return None
            refuse_duplicate_term(entries, entry)
            if term_key(before.term) != term_key(entry.term):
                await self._retire(db, lecture_id, before.term, user_id, at)
                await self._unretire(db, lecture_id, entry.term)
            await self._store_glossary(
                db, lecture_id, [entry if e.id == entry.id else e for e in entries]
            )
            await self._log_edit(
                db,
                lecture_id,
                LectureEdit(
                    EditKind.GLOSSARY_EDIT,
                    entry.id,
                    entry_record(before),
                    entry_record(entry),
                    user_id,
                    at,
                ),
            )
            return entry

        return await self._write(update)

    async def delete_glossary_entry(
        self, lecture_id: str, entry_id: str, *, user_id: str, at: datetime
    ) -> bool:
        async def delete(db: aiosqlite.Connection) -> bool:
            await self._correctable(db, lecture_id)
            entries = await self._glossary_of(db, lecture_id)
            gone = next((e for e in entries if e.id == entry_id), None)
            if gone is None:
                return False
            await self._retire(db, lecture_id, gone.term, user_id, at)
            await self._store_glossary(db, lecture_id, [e for e in entries if e.id != entry_id])
            edit = LectureEdit(
                EditKind.GLOSSARY_DELETE, entry_id, entry_record(gone), None, user_id, at
            )
            await self._log_edit(db, lecture_id, edit)
            return True

        return await self._write(delete)

    async def list_edits(self, lecture_id: str) -> list[LectureEdit]:
        rows = await self._fetchall(
            "SELECT kind, target, before, after, user_id, edited_at FROM lecture_edits "
            "WHERE lecture_id = ? ORDER BY seq",
            (lecture_id,),
        )
        return [_edit_from_row(row) for row in rows]

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

    async def search_segments(
        self, lecture_id: str, stems: Sequence[str], *, limit: int
    ) -> list[SegmentHit]:
        if not stems:
            return []
        rows = await self._fetchall(
            "SELECT segments.idx, bm25(segments_fts) FROM segments_fts "
            "JOIN segments ON segments.id = segments_fts.rowid "
            "WHERE segments_fts MATCH ? AND segments.lecture_id = ? "
            "ORDER BY bm25(segments_fts) LIMIT ?",
            (_match_any_prefix(stems), lecture_id, limit),
        )
        # FTS5's bm25() is negated so that ascending order is best first.
        return [SegmentHit(index=row[0], score=-row[1]) for row in rows]

    async def add_question(self, question: LectureQuestion) -> None:
        async def insert(db: aiosqlite.Connection) -> None:
            await db.execute(
                f"INSERT INTO lecture_questions ({QUESTION_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question.id,
                    question.lecture_id,
                    question.asker_id,
                    question.text,
                    question.asked_at.isoformat(),
                    question.status.value,
                    question.answer,
                    _citations_json(question.citations),
                    _stamp(question.answered_at),
                ),
            )

        await self._write(insert)

    async def set_question_text(self, lecture_id: str, question_id: str, text: str) -> None:
        async def update(db: aiosqlite.Connection) -> None:
            await db.execute(
                "UPDATE lecture_questions SET text = ? WHERE lecture_id = ? AND id = ?",
                (text, lecture_id, question_id),
            )

        await self._write(update)

    async def answer_question(
        self,
        lecture_id: str,
        question_id: str,
        *,
        status: QuestionStatus,
        answer: str,
        citations: Sequence[Citation],
        at: datetime,
    ) -> None:
        async def update(db: aiosqlite.Connection) -> None:
            await db.execute(
                "UPDATE lecture_questions SET status = ?, answer = ?, citations = ?, "
                "answered_at = ? WHERE lecture_id = ? AND id = ?",
                (
                    status.value,
                    answer,
                    _citations_json(citations),
                    at.isoformat(),
                    lecture_id,
                    question_id,
                ),
            )

        await self._write(update)

    async def get_question(self, lecture_id: str, question_id: str) -> LectureQuestion | None:
        row = await self._fetchone(
            f"SELECT {QUESTION_COLUMNS} FROM lecture_questions WHERE lecture_id = ? AND id = ?",
            (lecture_id, question_id),
        )
        return _question_from_row(row) if row is not None else None

    async def list_questions(self, lecture_id: str) -> list[LectureQuestion]:
        rows = await self._fetchall(
            f"SELECT {QUESTION_COLUMNS} FROM lecture_questions WHERE lecture_id = ? "
            "ORDER BY asked_at, rowid",
            (lecture_id,),
        )
        return [_question_from_row(row) for row in rows]

    async def search(
        self,
        query: SearchQuery,
        *,
        owner_id: str | None,
        lecture_id: str | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[SearchHit], int]:
        conditions = ["search_index MATCH :match"]
        parameters: dict = {"match": query.fts5(), "limit": limit, "offset": offset}
        if owner_id is not None:
            conditions.append("l.owner_id = :owner_id")
            parameters["owner_id"] = owner_id
        if lecture_id is not None:
            conditions.append("d.lecture_id = :lecture_id")
            parameters["lecture_id"] = lecture_id
        matches = (
            "FROM search_index JOIN search_documents AS d ON d.id = search_index.rowid "
            "JOIN lectures AS l ON l.id = d.lecture_id WHERE " + " AND ".join(conditions)
        )
        rows = await self._fetchall(
            "SELECT d.lecture_id, l.title, d.kind, d.start, "
            "search_language(l.language, l.requested_language) AS language, "
            "coalesce(s.text, g.term || ' — ' || g.definition, m.markdown) AS text, "
            f"search_index.rank AS rank {matches.replace('WHERE', _SEARCH_TEXTS + ' WHERE', 1)} "
            "ORDER BY search_index.rank, d.id LIMIT :limit OFFSET :offset",
            parameters,
        )
        (total,) = await self._fetchone(f"SELECT count(*) {matches}", parameters)
        hits = [
            SearchHit(
                lecture_id=row["lecture_id"],
                lecture_title=row["title"],
                kind=SearchKind(row["kind"]),
                start=row["start"],
                text=row["text"],
                language=row["language"],
                score=-row["rank"],
            )
            for row in rows
        ]
        return hits, total

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

    async def add_webhook_endpoint(self, endpoint: WebhookEndpoint) -> None:
        values = (
            endpoint.id,
            endpoint.owner_id,
            endpoint.url,
            endpoint.secret,
            endpoint.created_at.isoformat(),
        )

        async def insert(db: aiosqlite.Connection) -> None:
            await db.execute(
                f"INSERT INTO webhook_endpoints ({WEBHOOK_ENDPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                values,
            )

        await self._write(insert)

    async def list_webhook_endpoints(self, owner_id: str) -> list[WebhookEndpoint]:
        rows = await self._fetchall(
            f"SELECT {WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE owner_id = ? "
            "ORDER BY created_at, id",
            (owner_id,),
        )
        return [_webhook_endpoint_from_row(row) for row in rows]

    async def get_webhook_endpoint(self, endpoint_id: str) -> WebhookEndpoint | None:
        row = await self._fetchone(
            f"SELECT {WEBHOOK_ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?", (endpoint_id,)
        )
        return _webhook_endpoint_from_row(row) if row else None

    async def delete_webhook_endpoint(self, owner_id: str, endpoint_id: str) -> bool:
        async def delete(db: aiosqlite.Connection) -> bool:
            cursor = await db.execute(
                "DELETE FROM webhook_endpoints WHERE id = ? AND owner_id = ?",
                (endpoint_id, owner_id),
            )
            return cursor.rowcount > 0

        return await self._write(delete)

    async def add_webhook_deliveries(
        self, deliveries: Sequence[WebhookDelivery]
    ) -> list[WebhookDelivery]:
        async def insert(db: aiosqlite.Connection) -> list[WebhookDelivery]:
            stored = []
            for d in deliveries:
                # INSERT … SELECT: nothing when the endpoint was deleted meanwhile.
                await db.execute(
                    f"INSERT OR IGNORE INTO webhook_deliveries ({WEBHOOK_DELIVERY_COLUMNS}) "
                    "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                    "WHERE ? IS NULL OR EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ?)",
                    (
                        d.id,
                        d.event_id,
                        d.event_type.value,
                        d.lecture_id,
                        d.endpoint_id,
                        d.url,
                        d.payload,
                        d.created_at.isoformat(),
                        d.status.value,
                        _stamp(d.next_attempt_at),
                        attempts_to_json(d.attempts),
                        d.endpoint_id,
                        d.endpoint_id,
                    ),
                )
                async with db.execute(
                    f"SELECT {WEBHOOK_DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?",
                    (d.id,),
                ) as cursor:
                    row = await cursor.fetchone()
                if row is not None:
                    stored.append(_webhook_delivery_from_row(row))
            return stored

        return await self._write(insert)

    async def get_webhook_delivery(self, delivery_id: str) -> WebhookDelivery | None:
        row = await self._fetchone(
            f"SELECT {WEBHOOK_DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?",
            (delivery_id,),
        )
        return _webhook_delivery_from_row(row) if row else None

    async def record_delivery_attempt(
        self,
        delivery_id: str,
        attempt: DeliveryAttempt,
        *,
        status: DeliveryStatus,
        next_attempt_at: datetime | None,
    ) -> WebhookDelivery | None:
        async def record(db: aiosqlite.Connection) -> WebhookDelivery | None:
            async with db.execute(
                f"SELECT {WEBHOOK_DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?",
                (delivery_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            delivery = replace(
                _webhook_delivery_from_row(row),
                status=status,
                next_attempt_at=next_attempt_at,
                attempts=(*attempts_from_json(row["attempts"]), attempt),
            )
            await db.execute(
                "UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, attempts = ? "
                "WHERE id = ?",
                (
                    status.value,
                    _stamp(next_attempt_at),
                    attempts_to_json(delivery.attempts),
                    delivery_id,
                ),
            )
            return delivery

        return await self._write(record)

    async def list_webhook_deliveries(
        self, endpoint_id: str, *, limit: int
    ) -> list[WebhookDelivery]:
        rows = await self._fetchall(
            f"SELECT {WEBHOOK_DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = ? "
            "ORDER BY created_at DESC, id LIMIT ?",
            (endpoint_id, limit),
        )
        return [_webhook_delivery_from_row(row) for row in rows]

    async def list_due_webhook_deliveries(self, due_by: datetime) -> list[WebhookDelivery]:
        rows = await self._fetchall(
            f"SELECT {WEBHOOK_DELIVERY_COLUMNS} FROM webhook_deliveries "
            "WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id",
            (DeliveryStatus.PENDING.value, due_by.isoformat()),
        )
        return [_webhook_delivery_from_row(row) for row in rows]
