"""The persistence contract: routes and the worker talk to the database only through this.

Results (segments, checkpoint, glossary, summary, media info) are written for a run: the write
happens only while `run_id` is still the lecture's run and the lecture is queued or processing, in
the same transaction, and raises RunSuperseded otherwise, so a cancelled or retried run cannot leave
anything behind. Temporary trouble reaching the database raises StoreUnavailable.
"""

from collections.abc import Sequence
from typing import Protocol

from app.lifecycle import StatusChange
from app.models import GlossaryEntry, Lecture, Segment, Summary, TranscriptionCheckpoint


class LectureRepository(Protocol):
    async def connect(self) -> None:
        """Open connections and check the schema."""

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise if the database cannot be reached."""

    async def add_lecture(self, lecture: Lecture) -> None: ...

    async def get_lecture(self, lecture_id: str) -> Lecture | None: ...

    async def list_lectures(self, *, limit: int, offset: int) -> tuple[list[Lecture], int]:
        """Newest first; returns one page and the total count."""

    async def list_unfinished_lectures(self) -> list[Lecture]:
        """Lectures `queued` or `processing`, oldest first."""

    async def find_done_lecture(self, content_sha256: str) -> Lecture | None:
        """The earliest `done` lecture whose recording has this content hash, if any."""

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
    ) -> None: ...

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]: ...

    async def save_summary(self, lecture_id: str, run_id: str, summary: Summary) -> None: ...

    async def get_summary(self, lecture_id: str) -> Summary | None: ...

    async def clear_results(self, lecture_id: str) -> None:
        """Drop segments, checkpoint, glossary and summary, ahead of processing the lecture anew."""

    async def delete_lecture(self, lecture_id: str) -> None:
        """Remove the lecture and everything it owns."""
