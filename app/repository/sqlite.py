"""The embedded repository: one SQLite file under DATA_DIR, shared by the API and workers (WAL mode)."""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from app.models import GlossaryEntry, Lecture, LectureStatus, Segment, Stage, Summary

SCHEMA = """
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
"""

LECTURE_COLUMNS = (
    "id, title, filename, storage_key, size_bytes, content_sha256, requested_language, template, "
    "status, stage, progress, language, duration, error, created_at, updated_at"
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
        status=LectureStatus(row["status"]),
        stage=Stage(row["stage"]),
        progress=row["progress"],
        language=row["language"],
        duration=row["duration"],
        error=row["error"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class SqliteLectureRepository:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: aiosqlite.Connection | None = None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("repository is not connected")
        return self._db

    async def connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = await aiosqlite.connect(self.path)
        self._db.row_factory = aiosqlite.Row
        # WAL lets the API read while a worker writes; the timeout rides out brief write locks.
        await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA busy_timeout=10000")
        await self._db.execute("PRAGMA foreign_keys=ON")
        await self._db.executescript(SCHEMA)
        await self._db.commit()

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def ping(self) -> None:
        await self.db.execute("SELECT 1")

    async def add_lecture(self, lecture: Lecture) -> None:
        await self.db.execute(
            f"INSERT INTO lectures ({LECTURE_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                lecture.id,
                lecture.title,
                lecture.filename,
                lecture.storage_key,
                lecture.size_bytes,
                lecture.content_sha256,
                lecture.requested_language,
                lecture.template,
                lecture.status.value,
                lecture.stage.value,
                lecture.progress,
                lecture.language,
                lecture.duration,
                lecture.error,
                lecture.created_at.isoformat(),
                (lecture.updated_at or lecture.created_at).isoformat(),
            ),
        )
        await self.db.commit()

    async def get_lecture(self, lecture_id: str) -> Lecture | None:
        async with self.db.execute(
            f"SELECT {LECTURE_COLUMNS} FROM lectures WHERE id = ?", (lecture_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return _lecture_from_row(row) if row else None

    async def list_lectures(self, *, limit: int, offset: int) -> tuple[list[Lecture], int]:
        async with self.db.execute(
            f"SELECT {LECTURE_COLUMNS} FROM lectures ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
            (limit, offset),
        ) as cursor:
            rows = await cursor.fetchall()
        async with self.db.execute("SELECT count(*) FROM lectures") as cursor:
            (total,) = await cursor.fetchone()
        return [_lecture_from_row(row) for row in rows], total

    async def list_unfinished_lecture_ids(self) -> list[str]:
        async with self.db.execute(
            "SELECT id FROM lectures WHERE status IN (?, ?) ORDER BY created_at, id",
            (LectureStatus.QUEUED.value, LectureStatus.PROCESSING.value),
        ) as cursor:
            rows = await cursor.fetchall()
        return [row[0] for row in rows]

    async def find_done_lecture(self, content_sha256: str) -> Lecture | None:
        async with self.db.execute(
            f"SELECT {LECTURE_COLUMNS} FROM lectures WHERE content_sha256 = ? AND status = ? "
            "ORDER BY created_at, id LIMIT 1",
            (content_sha256, LectureStatus.DONE.value),
        ) as cursor:
            row = await cursor.fetchone()
        return _lecture_from_row(row) if row else None

    async def set_progress(
        self,
        lecture_id: str,
        *,
        status: LectureStatus,
        stage: Stage,
        progress: float,
        error: str | None = None,
    ) -> None:
        await self.db.execute(
            "UPDATE lectures SET status = ?, stage = ?, progress = ?, error = ?, updated_at = ? "
            "WHERE id = ?",
            (status.value, stage.value, progress, error, _now(), lecture_id),
        )
        await self.db.commit()

    async def set_media_info(
        self, lecture_id: str, *, language: str | None, duration: float | None
    ) -> None:
        await self.db.execute(
            "UPDATE lectures SET language = ?, duration = ?, updated_at = ? WHERE id = ?",
            (language, duration, _now(), lecture_id),
        )
        await self.db.commit()

    async def add_segments(self, lecture_id: str, segments: Sequence[Segment]) -> None:
        await self.db.executemany(
            'INSERT OR REPLACE INTO segments (lecture_id, idx, start, "end", text) '
            "VALUES (?, ?, ?, ?, ?)",
            [(lecture_id, s.index, s.start, s.end, s.text) for s in segments],
        )
        await self.db.commit()

    async def get_segments(self, lecture_id: str) -> list[Segment]:
        async with self.db.execute(
            'SELECT idx, start, "end", text FROM segments WHERE lecture_id = ? ORDER BY idx',
            (lecture_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [Segment(index=r[0], start=r[1], end=r[2], text=r[3]) for r in rows]

    async def replace_glossary(self, lecture_id: str, entries: Sequence[GlossaryEntry]) -> None:
        await self.db.execute("DELETE FROM glossary_entries WHERE lecture_id = ?", (lecture_id,))
        await self.db.executemany(
            "INSERT INTO glossary_entries "
            '(lecture_id, position, term, definition, quote, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (lecture_id, position, e.term, e.definition, e.quote, e.start, e.end)
                for position, e in enumerate(entries)
            ],
        )
        await self.db.commit()

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]:
        async with self.db.execute(
            'SELECT term, definition, quote, start, "end" FROM glossary_entries '
            "WHERE lecture_id = ? ORDER BY position",
            (lecture_id,),
        ) as cursor:
            rows = await cursor.fetchall()
        return [
            GlossaryEntry(term=r[0], definition=r[1], quote=r[2], start=r[3], end=r[4])
            for r in rows
        ]

    async def save_summary(self, lecture_id: str, summary: Summary) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO summaries (lecture_id, template, language, markdown, sections) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                lecture_id,
                summary.template,
                summary.language,
                summary.markdown,
                json.dumps(summary.sections, ensure_ascii=False),
            ),
        )
        await self.db.commit()

    async def get_summary(self, lecture_id: str) -> Summary | None:
        async with self.db.execute(
            "SELECT template, language, markdown, sections FROM summaries WHERE lecture_id = ?",
            (lecture_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return Summary(
            template=row[0], language=row[1], markdown=row[2], sections=json.loads(row[3])
        )

    async def clear_results(self, lecture_id: str) -> None:
        for table in ("segments", "glossary_entries", "summaries"):
            await self.db.execute(f"DELETE FROM {table} WHERE lecture_id = ?", (lecture_id,))
        await self.db.commit()

    async def delete_lecture(self, lecture_id: str) -> None:
        await self.db.execute("DELETE FROM lectures WHERE id = ?", (lecture_id,))
        await self.db.commit()
