"""The persistence contract: routes and the worker talk to the database only through this.

Results (segments, checkpoint, glossary, summary, media info) are written for a run: the write
happens only while `run_id` is still the lecture's run and the lecture is queued or processing, in
the same transaction, and raises RunSuperseded otherwise, so a cancelled or retried run cannot leave
anything behind. Temporary trouble reaching the database raises StoreUnavailable.

A person's corrections (a segment's text, glossary entries added, edited or deleted) are written
only while the lecture is not being processed (app.lifecycle.CORRECTABLE), checked in the write's
transaction, which raises LectureNotCorrectable otherwise; each is stamped with who made it and when,
and logged in the lecture's append-only edit log in the same transaction. `replace_glossary` keeps
the person's entries and leaves out the terms they deleted (app.corrections.merge_glossary), so a run
writing the glossary cannot undo a correction, whenever it was made.

Webhook deliveries are stored once per id (`add_webhook_deliveries` is an insert-if-absent), which
is what keeps a lecture's event to one delivery per receiver however often it is announced.

Segments are searchable (`search_segments`, BM25 over the lecture's own segments), and the index
follows every segment write and correction. A lecture's conversation (questions asked about it and
the worker's answers) is kept with it and goes when it goes.

Every lecture belongs to the account that uploaded it (`owner_id`); only lectures from before
accounts have none, until `adopt_unowned_lectures` gives them to the first administrator.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from app.accounts.models import ApiToken, User
from app.lifecycle import StatusChange
from app.models import (
    Citation,
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
from app.search import SearchHit, SearchQuery
from app.webhooks.models import (
    DeliveryAttempt,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)


class SearchUnavailable(Exception):
    """This backend cannot search across lectures yet; the message is for a person (HTTP 501)."""


class DuplicateEmail(Exception):
    """Another account already has this email (compared case-insensitively)."""


class LectureNotCorrectable(Exception):
    """The lecture is being processed (or is gone): a correction waits until its run has ended."""


class LectureRepository(Protocol):
    async def connect(self) -> None:
        """Open connections and check the schema."""

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise if the database cannot be reached."""

    async def add_lecture(self, lecture: Lecture) -> None: ...

    async def get_lecture(self, lecture_id: str) -> Lecture | None: ...

    async def list_lectures(
        self, *, owner_id: str | None, limit: int, offset: int
    ) -> tuple[list[Lecture], int]:
        """Newest first; returns one page and the total count. The owner's lectures, or with
        `owner_id=None` every lecture."""

    async def list_unfinished_lectures(self) -> list[Lecture]:
        """Lectures `queued` or `processing`, oldest first."""

    async def find_done_lecture(self, content_sha256: str, owner_id: str | None) -> Lecture | None:
        """The owner's earliest `done` lecture whose recording has this content hash, if any
        (`owner_id=None`: among lectures with no owner). Another owner's results are never reused."""

    async def owner_storage_bytes(self, owner_id: str) -> int:
        """The total size of the owner's recordings."""

    async def adopt_unowned_lectures(self, owner_id: str) -> int:
        """Give every lecture with no owner to this account; returns how many."""

    async def transition(self, lecture_id: str, change: StatusChange) -> Lecture | None:
        """Apply the change as one compare-and-set; the updated lecture, or None if it did not match
        (or the lecture does not exist). Only app.lifecycle calls this."""

    async def set_media_info(
        self, lecture_id: str, run_id: str, *, language: str | None, duration: float | None
    ) -> None: ...

    async def restart_transcript(self, lecture_id: str, run_id: str, *, from_index: int) -> None:
        """Drop segments from `from_index` on, and the glossary and summary built on them; from 0,
        the checkpoint too."""

    async def save_segments(
        self,
        lecture_id: str,
        run_id: str,
        segments: Sequence[Segment],
        checkpoint: TranscriptionCheckpoint | None = None,
    ) -> None:
        """Store segments (one at an index already stored replaces it) and then the checkpoint that
        follows them, in one transaction."""

    async def get_segments(self, lecture_id: str) -> list[Segment]: ...

    async def get_checkpoint(self, lecture_id: str) -> TranscriptionCheckpoint | None: ...

    async def replace_glossary(
        self, lecture_id: str, run_id: str, entries: Sequence[GlossaryEntry]
    ) -> None:
        """Store the run's glossary merged with the person's corrections (merge_glossary)."""

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]: ...

    async def correct_segment(
        self, lecture_id: str, index: int, text: str, *, user_id: str, at: datetime
    ) -> Segment | None:
        """Set the segment's text as the person corrected it; None when there is no segment at
        `index`. Raises LectureNotCorrectable."""

    async def add_glossary_entry(
        self, lecture_id: str, entry: GlossaryEntry, *, user_id: str, at: datetime
    ) -> GlossaryEntry:
        """Add the person's entry after the others, stamped as theirs; its term is no longer
        retired. Returns it as stored. Raises app.corrections.DuplicateTerm,
        LectureNotCorrectable."""

    async def update_glossary_entry(
        self, lecture_id: str, entry: GlossaryEntry, *, user_id: str, at: datetime
    ) -> GlossaryEntry | None:
        """Replace the entry with this `entry.id` by the person's version, in its place; a term
        renamed away is retired. None when there is no such entry. Raises
        app.corrections.DuplicateTerm, LectureNotCorrectable."""

    async def delete_glossary_entry(
        self, lecture_id: str, entry_id: str, *, user_id: str, at: datetime
    ) -> bool:
        """Delete the entry and retire its term; whether there was one. Raises
        LectureNotCorrectable."""

    async def list_edits(self, lecture_id: str) -> list[LectureEdit]:
        """The lecture's edit log, oldest first."""

    async def save_summary(self, lecture_id: str, run_id: str, summary: Summary) -> None: ...

    async def get_summary(self, lecture_id: str) -> Summary | None: ...

    async def clear_results(self, lecture_id: str) -> None:
        """Drop segments, checkpoint, glossary (retired terms too) and summary, ahead of processing
        the lecture anew; the edit log stays."""

    async def delete_lecture(self, lecture_id: str) -> None:
        """Remove the lecture and everything it owns."""

    async def search_segments(
        self, lecture_id: str, stems: Sequence[str], *, limit: int
    ) -> list[SegmentHit]:
        """The lecture's segments holding a word that starts with any of `stems`, best BM25 score
        first, at most `limit`; none for no stems."""

    async def add_question(self, question: LectureQuestion) -> None: ...

    async def set_question_text(self, lecture_id: str, question_id: str, text: str) -> None:
        """The words of a spoken question, once the worker has transcribed them."""

    async def answer_question(
        self,
        lecture_id: str,
        question_id: str,
        *,
        status: QuestionStatus,
        answer: str,
        citations: Sequence[Citation],
        at: datetime,
    ) -> None: ...

    async def get_question(self, lecture_id: str, question_id: str) -> LectureQuestion | None: ...

    async def list_questions(self, lecture_id: str) -> list[LectureQuestion]:
        """The lecture's conversation, oldest first."""

    async def search(
        self,
        query: SearchQuery,
        *,
        owner_id: str | None,
        lecture_id: str | None = None,
        limit: int,
        offset: int,
    ) -> tuple[list[SearchHit], int]:
        """Segments, glossary entries and summaries holding every word of the query (app.search),
        best first (BM25), one page and the total count: among the owner's lectures, or with
        `owner_id=None` every lecture; only in `lecture_id`'s when given. The index follows every
        write of their text in the write's transaction, and a deleted lecture's passages go with
        it."""

    async def add_user(self, user: User) -> None:
        """Store the account with its email in lower case; raises DuplicateEmail."""

    async def get_user(self, user_id: str) -> User | None: ...

    async def get_user_by_email(self, email: str) -> User | None:
        """The account with this email, compared case-insensitively."""

    async def list_users(self) -> list[User]:
        """Oldest first."""

    async def update_user(self, user: User) -> None:
        """Write everything but the id and creation time; raises DuplicateEmail."""

    async def count_admins(self) -> int:
        """Active administrators: the last one must stay active."""

    async def add_api_token(self, token: ApiToken) -> None: ...

    async def list_api_tokens(self, user_id: str) -> list[ApiToken]:
        """The account's tokens, newest first."""

    async def find_api_token(self, token_hash: str) -> ApiToken | None: ...

    async def delete_api_token(self, user_id: str, token_id: str) -> bool:
        """Delete the token only if it is this account's; whether one was deleted."""

    async def touch_api_token(self, token_id: str, when: datetime) -> None:
        """Record when the token was last used."""

    async def add_webhook_endpoint(self, endpoint: WebhookEndpoint) -> None: ...

    async def list_webhook_endpoints(self, owner_id: str) -> list[WebhookEndpoint]:
        """The account's endpoints, oldest first."""

    async def get_webhook_endpoint(self, endpoint_id: str) -> WebhookEndpoint | None: ...

    async def delete_webhook_endpoint(self, owner_id: str, endpoint_id: str) -> bool:
        """Delete the endpoint, and its deliveries, only if it is this account's; whether one was."""

    async def add_webhook_deliveries(
        self, deliveries: Sequence[WebhookDelivery]
    ) -> list[WebhookDelivery]:
        """Store each delivery whose id is not stored yet (one whose endpoint is gone is left out);
        returns every one of these ids as stored now, in the order given."""

    async def get_webhook_delivery(self, delivery_id: str) -> WebhookDelivery | None: ...

    async def record_delivery_attempt(
        self,
        delivery_id: str,
        attempt: DeliveryAttempt,
        *,
        status: DeliveryStatus,
        next_attempt_at: datetime | None,
    ) -> WebhookDelivery | None:
        """Append the attempt and set the delivery's status and next attempt, in one transaction;
        the delivery as stored, or None when it is gone."""

    async def list_webhook_deliveries(
        self, endpoint_id: str, *, limit: int
    ) -> list[WebhookDelivery]:
        """The endpoint's latest deliveries, newest first."""

    async def list_due_webhook_deliveries(self, due_by: datetime) -> list[WebhookDelivery]:
        """Pending deliveries whose next attempt is due by then, oldest first."""
