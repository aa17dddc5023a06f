"""The lecture domain: what a lecture is and what processing produces from it."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class LectureStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Stage(StrEnum):
    """Processing stages, in the order the worker runs them."""

    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    GLOSSARY = "glossary"
    SUMMARY = "summary"
    DONE = "done"


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
    status: LectureStatus = LectureStatus.QUEUED
    stage: Stage = Stage.QUEUED
    progress: float = 0.0
    language: str | None = None
    duration: float | None = None
    error: str | None = None
    updated_at: datetime | None = None


@dataclass(slots=True, frozen=True)
class Segment:
    """One transcribed stretch of speech; `index` orders segments and makes writes idempotent."""

    index: int
    start: float
    end: float
    text: str


@dataclass(slots=True, frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    quote: str  # verbatim transcript text the definition rests on
    start: float
    end: float


@dataclass(slots=True)
class Summary:
    template: str
    language: str
    markdown: str
    sections: dict = field(default_factory=dict)
