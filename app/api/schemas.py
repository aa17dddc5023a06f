"""What goes over the wire: the public shapes of lectures and their results."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.models import GlossaryEntry, Lecture, LectureStatus, Segment, Stage, Summary


class LecturePublic(BaseModel):
    id: str
    title: str
    filename: str
    status: LectureStatus
    stage: Stage
    progress: float = Field(ge=0, le=1)
    language: str | None = Field(description="Detected (or requested) ISO language code")
    requested_language: str = Field(description="ISO code given at upload, or `auto`")
    duration: float | None = Field(description="Length of the recording in seconds")
    error: str | None
    template: str
    size_bytes: int
    created_at: datetime
    updated_at: datetime | None

    @classmethod
    def from_lecture(cls, lecture: Lecture) -> "LecturePublic":
        return cls(
            id=lecture.id,
            title=lecture.title,
            filename=lecture.filename,
            status=lecture.status,
            stage=lecture.stage,
            progress=lecture.progress,
            language=lecture.language,
            requested_language=lecture.requested_language,
            duration=lecture.duration,
            error=lecture.error,
            template=lecture.template,
            size_bytes=lecture.size_bytes,
            created_at=lecture.created_at,
            updated_at=lecture.updated_at,
        )


class LecturesPublic(BaseModel):
    items: list[LecturePublic]
    total: int
    limit: int
    offset: int


class SegmentPublic(BaseModel):
    start: float
    end: float
    text: str

    @classmethod
    def from_segment(cls, segment: Segment) -> "SegmentPublic":
        return cls(start=segment.start, end=segment.end, text=segment.text)


class TranscriptPublic(BaseModel):
    segments: list[SegmentPublic]


class GlossaryEntryPublic(BaseModel):
    term: str
    definition: str
    quote: str = Field(description="Verbatim transcript text the definition rests on")
    start: float
    end: float

    @classmethod
    def from_entry(cls, entry: GlossaryEntry) -> "GlossaryEntryPublic":
        return cls(
            term=entry.term,
            definition=entry.definition,
            quote=entry.quote,
            start=entry.start,
            end=entry.end,
        )


class GlossaryPublic(BaseModel):
    terms: list[GlossaryEntryPublic]


class SummaryPublic(BaseModel):
    template: str
    language: str
    markdown: str
    sections: dict

    @classmethod
    def from_summary(cls, summary: Summary) -> "SummaryPublic":
        return cls(
            template=summary.template,
            language=summary.language,
            markdown=summary.markdown,
            sections=summary.sections,
        )


class TemplatesPublic(BaseModel):
    names: list[str]


class Message(BaseModel):
    detail: str
