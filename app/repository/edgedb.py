"""The production repository on Gel (EdgeDB).

The schema is dbschema/default.esdl; every query is a file in dbschema/queries/. Results a worker
writes go through one transaction that first checks the run is still the lecture's (the fence);
accounts are written in one that first checks no other account has the email.
"""

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

import gel

from app.accounts.models import ApiToken, Role, User, normalise_email
from app.core.errors import StoreUnavailable
from app.lifecycle import Keep, LectureStatus, RunSuperseded, Stage, StatusChange
from app.models import GlossaryEntry, Lecture, Segment, Summary, TranscriptionCheckpoint
from app.repository.base import DuplicateEmail
from app.repository.migrate_edgedb import DBSCHEMA_DIR, verify_schema


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
    get_checkpoint: str
    delete_glossary: str
    insert_glossary: str
    get_glossary: str
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
        async with _unreachable_as_unavailable():
            async for transaction in self.client.transaction():
                async with transaction:
                    current = await transaction.query_required_single(
                        self.queries.run_is_current, public_id=lecture_id, run_id=run_id
                    )
                    if not current:
                        raise RunSuperseded(lecture_id)
                    for query, arguments in statements:
                        await transaction.execute(query, public_id=lecture_id, **arguments)

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
                {"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in segments
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
        return [
            Segment(index=r.position, start=r.start_seconds, end=r.end_seconds, text=r.text)
            for r in rows
        ]

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
        statements: list[tuple[str, dict]] = [(self.queries.delete_glossary, {})]
        if payload:
            statements.append(
                (self.queries.insert_glossary, {"entries": json.dumps(payload, ensure_ascii=False)})
            )
        await self._write_for_run(lecture_id, run_id, statements)

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]:
        rows = await self._query(self.queries.get_glossary, public_id=lecture_id)
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
