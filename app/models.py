"""The lecture domain: what a lecture is and what processing produces from it."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.lifecycle import LectureStatus, Stage, new_run_id


@dataclass(slots=True)
class Lecture:
    id: str
    title: str
    filename: str
    storage_key: str
    size_bytes: int
    content_sha256: str
    requested_language: str  # ISO code, or "auto"
    template: str
    created_at: datetime
    # Drawn anew at every enqueue; the worker's writes are fenced by it (app.lifecycle).
    run_id: str = field(default_factory=new_run_id)
    attempts: int = 0
    status: LectureStatus = LectureStatus.QUEUED
    stage: Stage = Stage.QUEUED
    progress: float = 0.0
    language: str | None = None
    duration: float | None = None
    # FFmpeg's name for the recording's format, as the upload probe found it: it decides the type
    # the recording is served as (app.media.served_types). None for lectures from before it was kept.
    container: str | None = None
    error: str | None = None
    updated_at: datetime | None = None
    owner_id: str | None = None  # None only for lectures from before accounts


@dataclass(slots=True, frozen=True)
class Segment:
    """One transcribed stretch of speech; `index` orders segments and makes writes idempotent."""

    index: int
    start: float
    end: float
    text: str
    # Set when a person corrected the text: their user id, and when (UTC).
    edited_by: str | None = None
    edited_at: datetime | None = None


def new_entry_id() -> str:
    return uuid.uuid4().hex


@dataclass(slots=True, frozen=True)
class ClipTranscript:
    """A short recording transcribed while its sender waits: no lecture, nothing stored."""

    language: str | None  # None: no speech was found to tell it from
    duration: float
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return " ".join(segment.text.strip() for segment in self.segments).strip()


@dataclass(slots=True, frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    quote: str  # verbatim transcript text the definition rests on
    start: float
    end: float
    # Set when a person added or edited the entry: regenerating the glossary keeps it as they left it.
    edited_by: str | None = None
    edited_at: datetime | None = None
    # Names the entry for edits; not part of what the entry says.
    id: str = field(default_factory=new_entry_id, compare=False)


@dataclass(slots=True)
class Summary:
    template: str
    language: str
    markdown: str
    sections: dict = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class TranscriptionCheckpoint:
    """Where a transcription resumes: the segments before `next_index` are final, and the engine
    restarts at `window_start` with `context` as its text prompt. Only the engine and model that wrote
    it can resume from it: another model's tokens mean nothing to it."""

    engine: str
    model: str
    next_index: int
    window_start: int
    context: tuple[int, ...] = ()


class EditKind(StrEnum):
    SEGMENT_TEXT = "segment_text"
    GLOSSARY_ADD = "glossary_add"
    GLOSSARY_EDIT = "glossary_edit"
    GLOSSARY_DELETE = "glossary_delete"


@dataclass(slots=True, frozen=True)
class LectureEdit:
    """One correction a person made, as the append-only audit log keeps it: what it changed (a
    segment's index or a glossary entry's id), from what to what, by whom and when (UTC)."""

    kind: EditKind
    target: str
    before: dict | None
    after: dict | None
    user_id: str
    edited_at: datetime


@dataclass(slots=True, frozen=True)
class Citation:
    """Where an answer rests in the lecture: verbatim transcript text and the time it was said."""

    quote: str
    start: float
    end: float


class QuestionStatus(StrEnum):
    PENDING = "pending"  # the worker has not answered yet
    ANSWERED = "answered"
    FAILED = "failed"


@dataclass(slots=True)
class LectureQuestion:
    """One turn of a lecture's conversation: a person's question and the answer the worker wrote.

    A spoken question has empty `text` until the worker has transcribed it."""

    id: str
    lecture_id: str
    asker_id: str
    text: str
    asked_at: datetime
    status: QuestionStatus = QuestionStatus.PENDING
    answer: str | None = None
    citations: tuple[Citation, ...] = ()
    answered_at: datetime | None = None


@dataclass(slots=True, frozen=True)
class SegmentHit:
    """A segment that matched a search, with its BM25 score (higher is better)."""

    index: int
    score: float
