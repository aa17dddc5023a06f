"""The production repository on Gel (EdgeDB).

The schema is dbschema/default.esdl; every query is a file in dbschema/queries/. Results a worker
writes go through one transaction that first checks the run is still the lecture's (the fence);
accounts are written in one that first checks no other account has the email.
"""

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import gel

from app.accounts.models import ApiToken, Role, User, normalise_email
from app.core.errors import StoreUnavailable
from app.corrections import entry_record, merge_glossary, refuse_duplicate_term, term_key
from app.lifecycle import CORRECTABLE, Keep, LectureStatus, RunSuperseded, Stage, StatusChange
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
from app.repository.base import DuplicateEmail, LectureNotCorrectable, SearchUnavailable
from app.repository.bm25 import rank_segments
from app.repository.migrate_edgedb import DBSCHEMA_DIR, verify_schema
from app.search import SearchHit, SearchQuery
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


@dataclass(frozen=True, slots=True)
class Queries:
    """The EdgeQL text of every query, one `<name>.edgeql` file each."""

    insert_lecture: str
    get_lecture: str
    list_lectures: str
    list_unfinished_lectures: str
    find_done_lecture: str
    owner_storage_bytes: str
    adopt_unowned_lectures: str
    transition: str
    run_is_current: str
    set_media_info: str
    restart_transcript: str
    upsert_segments: str
    upsert_checkpoint: str
    get_segments: str
    get_segment: str
    correct_segment: str
    get_checkpoint: str
    delete_glossary: str
    insert_glossary: str
    get_glossary: str
    lecture_is_correctable: str
    get_retired_terms: str
    retire_term: str
    unretire_terms: str
    insert_edit: str
    list_edits: str
    upsert_summary: str
    get_summary: str
    clear_results: str
    delete_lecture: str
    email_taken: str
    insert_user: str
    get_user: str
    get_user_by_email: str
    list_users: str
    update_user: str
    count_admins: str
    insert_api_token: str
    list_api_tokens: str
    find_api_token: str
    delete_api_token: str
    touch_api_token: str
    insert_webhook_endpoint: str
    list_webhook_endpoints: str
    get_webhook_endpoint: str
    delete_webhook_endpoint: str
    insert_webhook_delivery: str
    get_webhook_delivery: str
    update_webhook_delivery: str
    list_webhook_deliveries: str
    list_due_webhook_deliveries: str
    insert_question: str
    set_question_text: str
    answer_question: str
    get_question: str
    list_questions: str

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
        run_id=row.run_id,
        attempts=row.attempts,
        status=LectureStatus(str(row.status)),
        stage=Stage(str(row.stage)),
        progress=row.progress,
        language=row.language,
        duration=row.duration,
        container=row.container,
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
        owner_id=row.owner_id,
    )


def _webhook_endpoint_from_object(row) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row.public_id,
        owner_id=row.owner_id,
        url=row.url,
        secret=row.secret,
        created_at=row.created_at,
    )


def _webhook_delivery_from_object(row) -> WebhookDelivery:
    return WebhookDelivery(
        id=row.public_id,
        event_id=row.event_id,
        event_type=EventType(row.event_type),
        lecture_id=row.lecture_id,
        endpoint_id=row.endpoint_id,
        url=row.url,
        payload=row.payload,
        created_at=row.created_at,
        status=DeliveryStatus(row.status),
        next_attempt_at=row.next_attempt_at,
        attempts=attempts_from_json(row.attempts),
    )


def _segment_from_object(row) -> Segment:
    return Segment(
        index=row.position,
        start=row.start_seconds,
        end=row.end_seconds,
        text=row.text,
        edited_by=row.edited_by,
        edited_at=row.edited_at,
    )


def _glossary_entry_from_object(row) -> GlossaryEntry:
    return GlossaryEntry(
        id=row.entry_id,
        term=row.term,
        definition=row.definition,
        quote=row.quote,
        start=row.start_seconds,
        end=row.end_seconds,
        edited_by=row.edited_by,
        edited_at=row.edited_at,
    )


def _edit_from_object(row) -> LectureEdit:
    return LectureEdit(
        kind=EditKind(row.kind),
        target=row.target,
        before=json.loads(row.before) if row.before is not None else None,
        after=json.loads(row.after) if row.after is not None else None,
        user_id=row.user_id,
        edited_at=row.edited_at,
    )


def _stamped(payload: dict, edited_by: str | None, edited_at: datetime | None) -> dict:
    """A JSON payload with the person's stamp, when there is one (absent keys store nothing)."""
    if edited_by is not None:
        payload["edited_by"] = edited_by
    if edited_at is not None:
        payload["edited_at"] = edited_at.isoformat()
    return payload


def _citations_json(citations: Sequence[Citation]) -> str:
    return json.dumps(
        [{"quote": c.quote, "start": c.start, "end": c.end} for c in citations],
        ensure_ascii=False,
    )


def _question_from_object(row, lecture_id: str) -> LectureQuestion:
    return LectureQuestion(
        id=row.question_id,
        lecture_id=lecture_id,
        asker_id=row.asker_id,
        text=row.text,
        asked_at=row.asked_at,
        status=QuestionStatus(row.status),
        answer=row.answer,
        citations=tuple(Citation(**c) for c in json.loads(row.citations)),
        answered_at=row.answered_at,
    )


def _user_from_object(row) -> User:
    return User(
        id=row.public_id,
        email=row.email,
        display_name=row.display_name,
        password_hash=row.password_hash,
        role=Role(str(row.role)),
        is_active=row.is_active,
        token_version=row.token_version,
        created_at=row.created_at,
    )


def _api_token_from_object(row) -> ApiToken:
    return ApiToken(
        id=row.public_id,
        user_id=row.user_id,
        name=row.name,
        token_hash=row.token_hash,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )


@asynccontextmanager
async def _unreachable_as_unavailable() -> AsyncIterator[None]:
    try:
        yield
    except (gel.errors.ClientConnectionError, gel.errors.AvailabilityError) as exc:
        raise StoreUnavailable(f"the database is unavailable: {exc}") from exc


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
        """Connect, and refuse a database whose schema is not this release's.

        Migrating is the release step's job (`python -m app.repository.migrate_edgedb`), never a
        start-up's: an older image restarting would otherwise undo a newer schema.
        """
        client = gel.create_async_client(self.dsn)
        try:
            await client.ensure_connected()
            await verify_schema(client)
        except BaseException:
            await client.aclose()
            raise
        self._client = client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def ping(self) -> None:
        async with _unreachable_as_unavailable():
            await self.client.query_required_single("select 1")

    async def _execute(self, query: str, **arguments) -> None:
        async with _unreachable_as_unavailable():
            await self.client.execute(query, **arguments)

    async def _query(self, query: str, **arguments) -> list:
        async with _unreachable_as_unavailable():
            return list(await self.client.query(query, **arguments))

    async def _query_single(self, query: str, **arguments):
        async with _unreachable_as_unavailable():
            return await self.client.query_single(query, **arguments)

    async def _query_required_single(self, query: str, **arguments):
        async with _unreachable_as_unavailable():
            return await self.client.query_required_single(query, **arguments)

    async def _write_for_run(
        self, lecture_id: str, run_id: str, statements: Sequence[tuple[str, dict]]
    ) -> None:
        """Run the statements in one transaction, only while `run_id` is the lecture's run."""

        async def write(transaction: Any) -> None:
            for query, arguments in statements:
                await transaction.execute(query, public_id=lecture_id, **arguments)

        await self._in_run(lecture_id, run_id, write)

    async def _in_run(self, lecture_id: str, run_id: str, work: Callable[[Any], Awaitable[T]]) -> T:
        """`work` in one transaction, only while `run_id` is the lecture's run."""
        async with _unreachable_as_unavailable():
            async for transaction in self.client.transaction():
                async with transaction:
                    current = await transaction.query_required_single(
                        self.queries.run_is_current, public_id=lecture_id, run_id=run_id
                    )
                    if not current:
                        raise RunSuperseded(lecture_id)
                    result = await work(transaction)
        return result

    async def _correct(self, lecture_id: str, work: Callable[[Any], Awaitable[T]]) -> T:
        """`work` in one transaction, only while no run is at work on the lecture."""
        async with _unreachable_as_unavailable():
            async for transaction in self.client.transaction():
                async with transaction:
                    correctable = await transaction.query_required_single(
                        self.queries.lecture_is_correctable,
                        public_id=lecture_id,
                        statuses=sorted(status.value for status in CORRECTABLE),
                    )
                    if not correctable:
                        raise LectureNotCorrectable(lecture_id)
                    result = await work(transaction)
        return result

    async def _log_edit(self, transaction: Any, lecture_id: str, edit: LectureEdit) -> None:
        await transaction.execute(
            self.queries.insert_edit,
            public_id=lecture_id,
            kind=edit.kind.value,
            target=edit.target,
            before=json.dumps(edit.before, ensure_ascii=False) if edit.before is not None else None,
            after=json.dumps(edit.after, ensure_ascii=False) if edit.after is not None else None,
            user_id=edit.user_id,
            edited_at=edit.edited_at,
        )

    async def _glossary_of(self, transaction: Any, lecture_id: str) -> list[GlossaryEntry]:
        rows = await transaction.query(self.queries.get_glossary, public_id=lecture_id)
        return [_glossary_entry_from_object(row) for row in rows]

    async def _store_glossary(
        self, transaction: Any, lecture_id: str, entries: Sequence[GlossaryEntry]
    ) -> None:
        # Two statements: inserting rows that reuse the positions of rows deleted by the same
        # statement would trip the (lecture, position) exclusive constraint.
        await transaction.execute(self.queries.delete_glossary, public_id=lecture_id)
        if not entries:
            return
        payload = [
            _stamped(
                {
                    "entry_id": e.id,
                    "term": e.term,
                    "definition": e.definition,
                    "quote": e.quote,
                    "start": e.start,
                    "end": e.end,
                },
                e.edited_by,
                e.edited_at,
            )
            for e in entries
        ]
        await transaction.execute(
            self.queries.insert_glossary,
            public_id=lecture_id,
            entries=json.dumps(payload, ensure_ascii=False),
        )

    async def _retire(
        self, transaction: Any, lecture_id: str, term: str, user_id: str, at: datetime
    ) -> None:
        await transaction.execute(
            self.queries.retire_term,
            public_id=lecture_id,
            term=term,
            retired_by=user_id,
            retired_at=at,
        )

    async def _unretire(self, transaction: Any, lecture_id: str, term: str) -> None:
        key = term_key(term)
        retired = await transaction.query(self.queries.get_retired_terms, public_id=lecture_id)
        matching = [t for t in retired if term_key(t) == key]
        if matching:
            await transaction.execute(
                self.queries.unretire_terms, public_id=lecture_id, terms=matching
            )

    async def add_lecture(self, lecture: Lecture) -> None:
        await self._execute(
            self.queries.insert_lecture,
            public_id=lecture.id,
            title=lecture.title,
            filename=lecture.filename,
            storage_key=lecture.storage_key,
            size_bytes=lecture.size_bytes,
            content_sha256=lecture.content_sha256,
            requested_language=lecture.requested_language,
            template=lecture.template,
            run_id=lecture.run_id,
            attempts=lecture.attempts,
            status=lecture.status.value,
            stage=lecture.stage.value,
            progress=lecture.progress,
            language=lecture.language,
            duration=lecture.duration,
            container=lecture.container,
            error=lecture.error,
            created_at=lecture.created_at,
            updated_at=lecture.updated_at or lecture.created_at,
            owner_id=lecture.owner_id,
        )

    async def get_lecture(self, lecture_id: str) -> Lecture | None:
        row = await self._query_single(self.queries.get_lecture, public_id=lecture_id)
        return _lecture_from_object(row) if row else None

    async def list_lectures(
        self, *, owner_id: str | None, limit: int, offset: int
    ) -> tuple[list[Lecture], int]:
        page = await self._query_single(
            self.queries.list_lectures, owner_id=owner_id, limit=limit, offset=offset
        )
        return [_lecture_from_object(row) for row in page.lectures], page.total

    async def list_unfinished_lectures(self) -> list[Lecture]:
        rows = await self._query(self.queries.list_unfinished_lectures)
        return [_lecture_from_object(row) for row in rows]

    async def find_done_lecture(self, content_sha256: str, owner_id: str | None) -> Lecture | None:
        row = await self._query_single(
            self.queries.find_done_lecture, content_sha256=content_sha256, owner_id=owner_id
        )
        return _lecture_from_object(row) if row else None

    async def owner_storage_bytes(self, owner_id: str) -> int:
        return await self._query_required_single(
            self.queries.owner_storage_bytes, owner_id=owner_id
        )

    async def adopt_unowned_lectures(self, owner_id: str) -> int:
        return await self._query_required_single(
            self.queries.adopt_unowned_lectures, owner_id=owner_id
        )

    async def transition(self, lecture_id: str, change: StatusChange) -> Lecture | None:
        def kept(value):
            return None if isinstance(value, Keep) else value

        stage = kept(change.stage)
        row = await self._query_single(
            self.queries.transition,
            public_id=lecture_id,
            sources=sorted(status.value for status in change.sources),
            expected_run=change.expected_run,
            status=change.status.value,
            stage=stage.value if stage is not None else None,
            progress=kept(change.progress),
            set_error=not isinstance(change.error, Keep),
            error=kept(change.error),
            run_id=kept(change.run_id),
            attempts=change.attempts.value,
        )
        return _lecture_from_object(row) if row else None

    async def set_media_info(
        self, lecture_id: str, run_id: str, *, language: str | None, duration: float | None
    ) -> None:
        await self._write_for_run(
            lecture_id,
            run_id,
            [(self.queries.set_media_info, {"language": language, "duration": duration})],
        )

    async def restart_transcript(self, lecture_id: str, run_id: str, *, from_index: int) -> None:
        await self._write_for_run(
            lecture_id, run_id, [(self.queries.restart_transcript, {"from_index": from_index})]
        )

    async def save_segments(
        self,
        lecture_id: str,
        run_id: str,
        segments: Sequence[Segment],
        checkpoint: TranscriptionCheckpoint | None = None,
    ) -> None:
        statements: list[tuple[str, dict]] = []
        if segments:
            payload = [
                _stamped(
                    {"index": s.index, "start": s.start, "end": s.end, "text": s.text},
                    s.edited_by,
                    s.edited_at,
                )
                for s in segments
            ]
            statements.append(
                (
                    self.queries.upsert_segments,
                    {"segments": json.dumps(payload, ensure_ascii=False)},
                )
            )
        if checkpoint is not None:
            statements.append(
                (
                    self.queries.upsert_checkpoint,
                    {
                        "engine": checkpoint.engine,
                        "model": checkpoint.model,
                        "next_index": checkpoint.next_index,
                        "window_start": checkpoint.window_start,
                        "context": list(checkpoint.context),
                    },
                )
            )
        await self._write_for_run(lecture_id, run_id, statements)

    async def get_segments(self, lecture_id: str) -> list[Segment]:
        rows = await self._query(self.queries.get_segments, public_id=lecture_id)
        return [_segment_from_object(row) for row in rows]

    async def get_checkpoint(self, lecture_id: str) -> TranscriptionCheckpoint | None:
        row = await self._query_single(self.queries.get_checkpoint, public_id=lecture_id)
        if row is None:
            return None
        return TranscriptionCheckpoint(
            engine=row.engine,
            model=row.model,
            next_index=row.next_index,
            window_start=row.window_start,
            context=tuple(row.context),
        )

    async def replace_glossary(
        self, lecture_id: str, run_id: str, entries: Sequence[GlossaryEntry]
    ) -> None:
        async def replace_merged(transaction: Any) -> None:
            retired = await transaction.query(self.queries.get_retired_terms, public_id=lecture_id)
            merged = merge_glossary(
                entries, await self._glossary_of(transaction, lecture_id), retired
            )
            await self._store_glossary(transaction, lecture_id, merged)

        await self._in_run(lecture_id, run_id, replace_merged)

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]:
        rows = await self._query(self.queries.get_glossary, public_id=lecture_id)
        return [_glossary_entry_from_object(row) for row in rows]

    async def correct_segment(
        self, lecture_id: str, index: int, text: str, *, user_id: str, at: datetime
    ) -> Segment | None:
        async def correct(transaction: Any) -> Segment | None:
            row = await transaction.query_single(
                self.queries.get_segment, public_id=lecture_id, index=index
            )
            if row is None:
                return None
            before = _segment_from_object(row)
            await transaction.execute(
                self.queries.correct_segment,
                public_id=lecture_id,
                index=index,
                text=text,
                edited_by=user_id,
                edited_at=at,
            )
            edit = LectureEdit(
                EditKind.SEGMENT_TEXT,
                str(index),
                {"text": before.text},
                {"text": text},
                user_id,
                at,
            )
            await self._log_edit(transaction, lecture_id, edit)
            return replace(before, text=text, edited_by=user_id, edited_at=at)

        return await self._correct(lecture_id, correct)

    async def add_glossary_entry(
        self, lecture_id: str, entry: GlossaryEntry, *, user_id: str, at: datetime
    ) -> GlossaryEntry:
        entry = replace(entry, edited_by=user_id, edited_at=at)

        async def add(transaction: Any) -> GlossaryEntry:
            entries = await self._glossary_of(transaction, lecture_id)
            refuse_duplicate_term(entries, entry)
            await self._unretire(transaction, lecture_id, entry.term)
            await self._store_glossary(transaction, lecture_id, [*entries, entry])
            edit = LectureEdit(
                EditKind.GLOSSARY_ADD, entry.id, None, entry_record(entry), user_id, at
            )
            await self._log_edit(transaction, lecture_id, edit)
            return entry

        return await self._correct(lecture_id, add)

    async def update_glossary_entry(
        self, lecture_id: str, entry: GlossaryEntry, *, user_id: str, at: datetime
    ) -> GlossaryEntry | None:
        entry = replace(entry, edited_by=user_id, edited_at=at)

        async def update(transaction: Any) -> GlossaryEntry | None:
            entries = await self._glossary_of(transaction, lecture_id)
            before = next((e for e in entries if e.id == entry.id), None)
            if before is None:
                return None
            refuse_duplicate_term(entries, entry)
            if term_key(before.term) != term_key(entry.term):
                await self._retire(transaction, lecture_id, before.term, user_id, at)
                await self._unretire(transaction, lecture_id, entry.term)
            await self._store_glossary(
                transaction, lecture_id, [entry if e.id == entry.id else e for e in entries]
            )
            edit = LectureEdit(
                EditKind.GLOSSARY_EDIT,
                entry.id,
                entry_record(before),
                entry_record(entry),
                user_id,
                at,
            )
            await self._log_edit(transaction, lecture_id, edit)
            return entry

        return await self._correct(lecture_id, update)

    async def delete_glossary_entry(
        self, lecture_id: str, entry_id: str, *, user_id: str, at: datetime
    ) -> bool:
        async def delete(transaction: Any) -> bool:
            entries = await self._glossary_of(transaction, lecture_id)
            gone = next((e for e in entries if e.id == entry_id), None)
            if gone is None:
                return False
            await self._retire(transaction, lecture_id, gone.term, user_id, at)
            await self._store_glossary(
                transaction, lecture_id, [e for e in entries if e.id != entry_id]
            )
            edit = LectureEdit(
                EditKind.GLOSSARY_DELETE, entry_id, entry_record(gone), None, user_id, at
            )
            await self._log_edit(transaction, lecture_id, edit)
            return True

        return await self._correct(lecture_id, delete)

    async def list_edits(self, lecture_id: str) -> list[LectureEdit]:
        rows = await self._query(self.queries.list_edits, public_id=lecture_id)
        return [_edit_from_object(row) for row in rows]

    async def save_summary(self, lecture_id: str, run_id: str, summary: Summary) -> None:
        await self._write_for_run(
            lecture_id,
            run_id,
            [
                (
                    self.queries.upsert_summary,
                    {
                        "template": summary.template,
                        "language": summary.language,
                        "markdown": summary.markdown,
                        "sections": json.dumps(summary.sections, ensure_ascii=False),
                    },
                )
            ],
        )

    async def get_summary(self, lecture_id: str) -> Summary | None:
        row = await self._query_single(self.queries.get_summary, public_id=lecture_id)
        if row is None:
            return None
        return Summary(
            template=row.template,
            language=row.language,
            markdown=row.markdown,
            sections=json.loads(row.sections),
        )

    async def clear_results(self, lecture_id: str) -> None:
        await self._query_required_single(self.queries.clear_results, public_id=lecture_id)

    async def delete_lecture(self, lecture_id: str) -> None:
        await self._execute(self.queries.delete_lecture, public_id=lecture_id)

    async def search(
        self,
        query: SearchQuery,
        *,
        owner_id: str | None,
        lecture_id: str | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[SearchHit], int]:
        raise SearchUnavailable(
            "Search across lectures is not available with the Gel database yet; it works with the "
            "default SQLite database."
        )

    async def search_segments(
        self, lecture_id: str, stems: Sequence[str], *, limit: int
    ) -> list[SegmentHit]:
        if not stems:
            return []
        return rank_segments(await self.get_segments(lecture_id), stems, limit=limit)

    async def add_question(self, question: LectureQuestion) -> None:
        await self._execute(
            self.queries.insert_question,
            public_id=question.lecture_id,
            question_id=question.id,
            asker_id=question.asker_id,
            text=question.text,
            asked_at=question.asked_at,
            status=question.status.value,
            answer=question.answer,
            citations=_citations_json(question.citations),
            answered_at=question.answered_at,
        )

    async def set_question_text(self, lecture_id: str, question_id: str, text: str) -> None:
        await self._execute(
            self.queries.set_question_text,
            public_id=lecture_id,
            question_id=question_id,
            text=text,
        )

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
        await self._execute(
            self.queries.answer_question,
            public_id=lecture_id,
            question_id=question_id,
            status=status.value,
            answer=answer,
            citations=_citations_json(citations),
            answered_at=at,
        )

    async def get_question(self, lecture_id: str, question_id: str) -> LectureQuestion | None:
        row = await self._query_single(
            self.queries.get_question, public_id=lecture_id, question_id=question_id
        )
        return _question_from_object(row, lecture_id) if row is not None else None

    async def list_questions(self, lecture_id: str) -> list[LectureQuestion]:
        rows = await self._query(self.queries.list_questions, public_id=lecture_id)
        return [_question_from_object(row, lecture_id) for row in rows]

    async def _write_user(self, query: str, user: User, **arguments) -> None:
        """Run the insert or update unless another account has the email, in one transaction."""
        email = normalise_email(user.email)
        async with _unreachable_as_unavailable():
            async for transaction in self.client.transaction():
                async with transaction:
                    taken = await transaction.query_required_single(
                        self.queries.email_taken, email=email, public_id=user.id
                    )
                    if taken:
                        raise DuplicateEmail(email)
                    await transaction.execute(
                        query,
                        public_id=user.id,
                        email=email,
                        display_name=user.display_name,
                        password_hash=user.password_hash,
                        role=user.role.value,
                        is_active=user.is_active,
                        token_version=user.token_version,
                        **arguments,
                    )

    async def add_user(self, user: User) -> None:
        await self._write_user(self.queries.insert_user, user, created_at=user.created_at)

    async def get_user(self, user_id: str) -> User | None:
        row = await self._query_single(self.queries.get_user, public_id=user_id)
        return _user_from_object(row) if row else None

    async def get_user_by_email(self, email: str) -> User | None:
        row = await self._query_single(self.queries.get_user_by_email, email=normalise_email(email))
        return _user_from_object(row) if row else None

    async def list_users(self) -> list[User]:
        return [_user_from_object(row) for row in await self._query(self.queries.list_users)]

    async def update_user(self, user: User) -> None:
        await self._write_user(self.queries.update_user, user)

    async def count_admins(self) -> int:
        return await self._query_required_single(self.queries.count_admins)

    async def add_api_token(self, token: ApiToken) -> None:
        await self._execute(
            self.queries.insert_api_token,
            public_id=token.id,
            user_id=token.user_id,
            name=token.name,
            token_hash=token.token_hash,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
        )

    async def list_api_tokens(self, user_id: str) -> list[ApiToken]:
        rows = await self._query(self.queries.list_api_tokens, user_id=user_id)
        return [_api_token_from_object(row) for row in rows]

    async def find_api_token(self, token_hash: str) -> ApiToken | None:
        row = await self._query_single(self.queries.find_api_token, token_hash=token_hash)
        return _api_token_from_object(row) if row else None

    async def delete_api_token(self, user_id: str, token_id: str) -> bool:
        deleted = await self._query_required_single(
            self.queries.delete_api_token, public_id=token_id, user_id=user_id
        )
        return deleted > 0

    async def touch_api_token(self, token_id: str, when: datetime) -> None:
        await self._execute(self.queries.touch_api_token, public_id=token_id, last_used_at=when)

    async def add_webhook_endpoint(self, endpoint: WebhookEndpoint) -> None:
        await self._execute(
            self.queries.insert_webhook_endpoint,
            public_id=endpoint.id,
            owner_id=endpoint.owner_id,
            url=endpoint.url,
            secret=endpoint.secret,
            created_at=endpoint.created_at,
        )

    async def list_webhook_endpoints(self, owner_id: str) -> list[WebhookEndpoint]:
        rows = await self._query(self.queries.list_webhook_endpoints, owner_id=owner_id)
        return [_webhook_endpoint_from_object(row) for row in rows]

    async def get_webhook_endpoint(self, endpoint_id: str) -> WebhookEndpoint | None:
        row = await self._query_single(self.queries.get_webhook_endpoint, public_id=endpoint_id)
        return _webhook_endpoint_from_object(row) if row else None

    async def delete_webhook_endpoint(self, owner_id: str, endpoint_id: str) -> bool:
        deleted = await self._query_required_single(
            self.queries.delete_webhook_endpoint, public_id=endpoint_id, owner_id=owner_id
        )
        return deleted > 0

    async def add_webhook_deliveries(
        self, deliveries: Sequence[WebhookDelivery]
    ) -> list[WebhookDelivery]:
        async with _unreachable_as_unavailable():
            async for transaction in self.client.transaction():
                async with transaction:
                    stored = []
                    for d in deliveries:
                        await transaction.query(
                            self.queries.insert_webhook_delivery,
                            public_id=d.id,
                            event_id=d.event_id,
                            event_type=d.event_type.value,
                            lecture_id=d.lecture_id,
                            endpoint_id=d.endpoint_id,
                            url=d.url,
                            payload=d.payload,
                            created_at=d.created_at,
                            status=d.status.value,
                            next_attempt_at=d.next_attempt_at,
                            attempts=attempts_to_json(d.attempts),
                        )
                        row = await transaction.query_single(
                            self.queries.get_webhook_delivery, public_id=d.id
                        )
                        if row is not None:
                            stored.append(_webhook_delivery_from_object(row))
        return stored

    async def get_webhook_delivery(self, delivery_id: str) -> WebhookDelivery | None:
        row = await self._query_single(self.queries.get_webhook_delivery, public_id=delivery_id)
        return _webhook_delivery_from_object(row) if row else None

    async def record_delivery_attempt(
        self,
        delivery_id: str,
        attempt: DeliveryAttempt,
        *,
        status: DeliveryStatus,
        next_attempt_at: datetime | None,
    ) -> WebhookDelivery | None:
        async with _unreachable_as_unavailable():
            async for transaction in self.client.transaction():
                async with transaction:
                    row = await transaction.query_single(
                        self.queries.get_webhook_delivery, public_id=delivery_id
                    )
                    delivery = None
                    if row is not None:
                        before = _webhook_delivery_from_object(row)
                        delivery = replace(
                            before,
                            status=status,
                            next_attempt_at=next_attempt_at,
                            attempts=(*before.attempts, attempt),
                        )
                        await transaction.execute(
                            self.queries.update_webhook_delivery,
                            public_id=delivery_id,
                            status=status.value,
                            next_attempt_at=next_attempt_at,
                            attempts=attempts_to_json(delivery.attempts),
                        )
        return delivery

    async def list_webhook_deliveries(
        self, endpoint_id: str, *, limit: int
    ) -> list[WebhookDelivery]:
        rows = await self._query(
            self.queries.list_webhook_deliveries, endpoint_id=endpoint_id, limit=limit
        )
        return [_webhook_delivery_from_object(row) for row in rows]

    async def list_due_webhook_deliveries(self, due_by: datetime) -> list[WebhookDelivery]:
        rows = await self._query(
            self.queries.list_due_webhook_deliveries,
            status=DeliveryStatus.PENDING.value,
            due_by=due_by,
        )
        return [_webhook_delivery_from_object(row) for row in rows]
