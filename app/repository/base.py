"""The persistence contract: routes and the worker talk to the database only through this."""

from collections.abc import Sequence
from typing import Protocol

from app.models import GlossaryEntry, Lecture, LectureStatus, Segment, Stage, Summary


class LectureRepository(Protocol):
    async def connect(self) -> None:
        """Open connections and bring the schema up to date."""

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise if the database cannot be reached."""

    async def add_lecture(self, lecture: Lecture) -> None: ...

    async def get_lecture(self, lecture_id: str) -> Lecture | None: ...

    async def list_lectures(self, *, limit: int, offset: int) -> tuple[list[Lecture], int]:
        """Newest first; returns one page and the total count."""

    async def list_unfinished_lecture_ids(self) -> list[str]:
        """Ids of lectures `queued` or `processing`, oldest first."""

    async def find_done_lecture(self, content_sha256: str) -> Lecture | None:
        """The earliest `done` lecture whose recording has this content hash, if any."""

    async def set_progress(
        self,
        lecture_id: str,
        *,
        status: LectureStatus,
        stage: Stage,
        progress: float,
        error: str | None = None,
    ) -> None: ...

    async def set_media_info(
        self, lecture_id: str, *, language: str | None, duration: float | None
    ) -> None: ...

    async def add_segments(self, lecture_id: str, segments: Sequence[Segment]) -> None:
        """Append segments; a segment whose index is already stored is replaced, never doubled."""

    async def get_segments(self, lecture_id: str) -> list[Segment]: ...

    async def replace_glossary(self, lecture_id: str, entries: Sequence[GlossaryEntry]) -> None: ...

    async def get_glossary(self, lecture_id: str) -> list[GlossaryEntry]: ...

    async def save_summary(self, lecture_id: str, summary: Summary) -> None: ...

    async def get_summary(self, lecture_id: str) -> Summary | None: ...

    async def clear_results(self, lecture_id: str) -> None:
        """Drop segments, glossary and summary, ahead of processing the lecture again."""

    async def delete_lecture(self, lecture_id: str) -> None:
        """Remove the lecture and everything it owns."""
