"""The production repository on Gel (EdgeDB).

The schema is dbschema/default.esdl; every query is a file in dbschema/queries/.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import gel

from app.models import GlossaryEntry, Lecture, LectureStatus, Segment, Stage, Summary
from app.repository.migrate_edgedb import DBSCHEMA_DIR, apply_schema


@dataclass(frozen=True, slots=True)
class Queries:
    """The EdgeQL text of every query, one `<name>.edgeql` file each."""

    insert_lecture: str
    get_lecture: str
    list_lectures: str
    list_unfinished_lecture_ids: str
    find_done_lecture: str
    set_progress: str
    set_media_info: str
    upsert_segments: str
    get_segments: str
    delete_glossary: str
    insert_glossary: str
    get_glossary: str
    upsert_summary: str
    get_summary: str
    clear_results: str
    delete_lecture: str

    @classmethod
    def load(cls, directory: Path) -> "Queries":
        return cls(**{f.name: (directory / f"{f.name}.edgeql").read_text() for f in fields(cls)})


def _lecture_from_object(row) -> Lecture:
    return Lecture(
        id=row.public_id,
        title=row.title,
        filename=row.filename,
        storage_key=row.storage_key,
        size_bytes=row.size_bytes,
        content_sha256=row.content_sha256,
        requested_language=row.requested_language,
        template=row.template,
        status=LectureStatus(str(row.status)),
        stage=Stage(str(row.stage)),
        progress=row.progress,
        language=row.language,
        duration=row.duration,
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class EdgeDBLectureRepository:
    def __init__(self, dsn: str | None) -> None:
        self.dsn = dsn
        self.queries = Queries.load(DBSCHEMA_DIR / "queries")
        self._client: gel.AsyncIOClient | None = None

    @property
    def client(self) -> gel.AsyncIOClient:
        if self._client is None:
            raise RuntimeError("repository is not connected")
        return self._client

    async def connect(self) -> None:
        self._client = gel.create_async_client(self.dsn)
        await self._client.ensure_connected()
        await apply_schema(self._client)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def ping(self) -> None:
        await self.client.query_required_single("select 1")

    async def add_lecture(self, lecture: Lecture) -> None:
        await self.client.execute(
            self.queries.insert_lecture,
            public_id=lecture.id,
            title=lecture.title,
            filename=lecture.filename,
            storage_key=lecture.storage_key,
            size_bytes=lecture.size_bytes,
            content_sha256=lecture.content_sha256,
            requested_language=lecture.requested_language,
            template=lecture.template,
            status=lecture.status.value,
            stage=lecture.stage.value,
            progress=lecture.progress,
            language=lecture.language,
            duration=lecture.duration,
            error=lecture.error,
            created_at=lecture.created_at,
            updated_at=lecture.updated_at or lecture.created_at,
        )

    async def get_lecture(self, lecture_id: str) -> Lecture | None:
        row = await self.client.query_single(self.queries.get_lecture, public_id=lecture_id)
        return _lecture_from_object(row) if row else None

    async def list_lectures(self, *, limit: int, offset: int) -> tuple[list[Lecture], int]:
        page = await self.client.query_required_single(
            self.queries.list_lectures, limit=limit, offset=offset
        )
        return [_lecture_from_object(row) for row in page.lectures], page.total

    async def list_unfinished_lecture_ids(self) -> list[str]:
        return list(await self.client.query(self.queries.list_unfinished_lecture_ids))

    async def find_done_lecture(self, content_sha256: str) -> Lecture | None:
        row = await self.client.query_single(
            self.queries.find_done_lecture, content_sha256=content_sha256
        )
        return _lecture_from_object(row) if row else None

    async def set_progress(
        self,
        lecture_id: str,
        *,
        status: LectureStatus,
        stage: Stage,
        progress: float,
        error: str | None = None,
    ) -> None:
        await self.client.execute(
            self.queries.set_progress,
            public_id=lecture_id,
            status=status.value,
            stage=stage.value,
            progress=progress,
            error=error,
        )

    async def set_media_info(
        self, lecture_id: str, *, language: str | None, duration: float | None
    ) -> None:
        await self.client.execute(
            self.queries.set_media_info,
            public_id=lecture_id,
            language=language,
            duration=duration,
        )

    async def add_segments(self, lecture_id: str, segments: Sequence[Segment]) -> None:
        if not segments:
            return
        payload = [
            {"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in segments
        ]
        await self.client.execute(
            self.queries.upsert_segments,
            public_id=lecture_id,
            segments=json.dumps(payload, ensure_ascii=False),
        )

    async def get_segments(self, lecture_id: str) -> list[Segment]:
        rows = await self.client.query(self.queries.get_segments, public_id=lecture_id)
        return [
            Segment(index=r.position, start=r.start_seconds, end=r.end_seconds, text=r.text)
            for r in rows
        ]

    async def replace_glossary(self, lecture_id: str, entries: Sequence[GlossaryEntry]) -> None:
        payload = [
            {
                "term": e.term,
                "definition": e.definition,
                "quote": e.quote,
                "start": e.start,
                "end": e.end,
            }
            for e in entries
        ]
        # Two statements in one transaction: inserting rows that reuse the positions of rows
        # deleted by the same statement would trip the (lecture, position) exclusive constraint.
        async for transaction in self.client.transaction():
            async with transaction:
                await transaction.execute(self.queries.delete_glossary, public_id=lecture_id)
                if payload:
                    await transaction.execute(
                        self.queries.insert_glossary,
                        public_id=lecture_id,
                        entries=json.dumps(payload, ensure_ascii=False),
                    )

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]:
        rows = await self.client.query(self.queries.get_glossary, public_id=lecture_id)
        return [
            GlossaryEntry(
                term=r.term,
                definition=r.definition,
                quote=r.quote,
                start=r.start_seconds,
                end=r.end_seconds,
            )
            for r in rows
        ]

    async def save_summary(self, lecture_id: str, summary: Summary) -> None:
        await self.client.execute(
            self.queries.upsert_summary,
            public_id=lecture_id,
            template=summary.template,
            language=summary.language,
            markdown=summary.markdown,
            sections=json.dumps(summary.sections, ensure_ascii=False),
        )

    async def get_summary(self, lecture_id: str) -> Summary | None:
        row = await self.client.query_single(self.queries.get_summary, public_id=lecture_id)
        if row is None:
            return None
        return Summary(
            template=row.template,
            language=row.language,
            markdown=row.markdown,
            sections=json.loads(row.sections),
        )

    async def clear_results(self, lecture_id: str) -> None:
        await self.client.query_required_single(self.queries.clear_results, public_id=lecture_id)

    async def delete_lecture(self, lecture_id: str) -> None:
        await self.client.execute(self.queries.delete_lecture, public_id=lecture_id)
