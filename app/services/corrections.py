"""A teacher's corrections to a lecture's transcript and glossary (regenerating the notes from them is
app.services.lectures.regenerate_notes).

Whether a lecture may be corrected is app.lifecycle's rule (`ensure_correctable`); every write
checks it again in its transaction, so a correction racing the start of a run is refused, never lost.
"""

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from app.corrections import term_key
from app.lifecycle import IllegalTransition, ensure_correctable
from app.models import GlossaryEntry, Lecture, Segment
from app.repository import LectureRepository
from app.repository.base import LectureNotCorrectable

T = TypeVar("T")


class NothingToCorrect(LookupError):
    """The segment or glossary entry named is not the lecture's; the message is for a person."""


@dataclass(frozen=True, slots=True)
class GlossaryDraft:
    """A glossary entry as a person writes it. Without a quote, the entry points at the first
    segment that mentions the term (or at the start of the lecture)."""

    term: str
    definition: str
    quote: str | None = None
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class GlossaryChanges:
    """What a person changes in an entry; None leaves that field as it is."""

    term: str | None = None
    definition: str | None = None
    quote: str | None = None
    start: float | None = None
    end: float | None = None


async def correct_segment(
    lecture: Lecture, index: int, text: str, user_id: str, repository: LectureRepository
) -> Segment:
    ensure_correctable(lecture)
    async with _refused_while_processing(lecture, repository):
        segment = await repository.correct_segment(
            lecture.id, index, text, user_id=user_id, at=_now()
        )
    if segment is None:
        raise NothingToCorrect(f"The transcript has no segment number {index}.")
    return segment


async def add_glossary_entry(
    lecture: Lecture, draft: GlossaryDraft, user_id: str, repository: LectureRepository
) -> GlossaryEntry:
    ensure_correctable(lecture)
    entry = await _entry_from(draft, lecture, repository)
    async with _refused_while_processing(lecture, repository):
        return await repository.add_glossary_entry(lecture.id, entry, user_id=user_id, at=_now())


async def edit_glossary_entry(
    lecture: Lecture,
    entry_id: str,
    changes: GlossaryChanges,
    user_id: str,
    repository: LectureRepository,
) -> GlossaryEntry:
    ensure_correctable(lecture)
    current = next((e for e in await repository.get_glossary(lecture.id) if e.id == entry_id), None)
    if current is None:
        raise _no_entry(entry_id)
    entry = GlossaryEntry(
        id=entry_id,
        term=_changed(current.term, changes.term),
        definition=_changed(current.definition, changes.definition),
        quote=_changed(current.quote, changes.quote),
        start=_changed(current.start, changes.start),
        end=_changed(current.end, changes.end),
    )
    async with _refused_while_processing(lecture, repository):
        updated = await repository.update_glossary_entry(
            lecture.id, entry, user_id=user_id, at=_now()
        )
    if updated is None:
        raise _no_entry(entry_id)
    return updated


async def delete_glossary_entry(
    lecture: Lecture, entry_id: str, user_id: str, repository: LectureRepository
) -> None:
    ensure_correctable(lecture)
    async with _refused_while_processing(lecture, repository):
        deleted = await repository.delete_glossary_entry(
            lecture.id, entry_id, user_id=user_id, at=_now()
        )
    if not deleted:
        raise _no_entry(entry_id)


async def editor_names(
    repository: LectureRepository, user_ids: Iterable[str | None]
) -> dict[str, str | None]:
    """The display name of each person who made one of the edits, by user id."""
    names: dict[str, str | None] = {}
    for user_id in set(filter(None, user_ids)):
        user = await repository.get_user(user_id)
        names[user_id] = user.display_name if user is not None else None
    return names


def _changed(current: T, change: T | None) -> T:
    return current if change is None else change


def _now() -> datetime:
    return datetime.now(UTC)


def _no_entry(entry_id: str) -> NothingToCorrect:
    return NothingToCorrect(f"The glossary has no entry with id {entry_id!r}.")


async def _entry_from(
    draft: GlossaryDraft, lecture: Lecture, repository: LectureRepository
) -> GlossaryEntry:
    start = draft.start or 0.0
    end = start if draft.end is None else draft.end
    if draft.quote is not None:
        return GlossaryEntry(draft.term, draft.definition, draft.quote, start, end)
    term = f" {term_key(draft.term)} "
    for segment in await repository.get_segments(lecture.id):
        if term in f" {term_key(segment.text)} ":
            return GlossaryEntry(
                draft.term, draft.definition, segment.text, segment.start, segment.end
            )
    return GlossaryEntry(draft.term, draft.definition, "", start, end)


@asynccontextmanager
async def _refused_while_processing(
    lecture: Lecture, repository: LectureRepository
) -> AsyncIterator[None]:
    """The repository's refusal of a correction, told as the lifecycle's reason for it (HTTP 409):
    a run began since the lecture was read."""
    try:
        yield
    except LectureNotCorrectable:
        current = await repository.get_lecture(lecture.id)
        if current is None:
            raise NothingToCorrect(f"There is no lecture with id {lecture.id!r}.") from None
        ensure_correctable(current)
        raise IllegalTransition(
            "The lecture was being processed a moment ago; try the correction again."
        ) from None
