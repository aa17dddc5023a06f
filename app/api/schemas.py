"""What goes over the wire: the public shapes of lectures and their results."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.models import LectureStatus, Stage


class FromDomain(BaseModel):
    """A public shape read straight from a domain object: `Shape.model_validate(lecture)`."""

    model_config = ConfigDict(from_attributes=True)


class LecturePublic(FromDomain):
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


class LecturesPublic(BaseModel):
    items: list[LecturePublic]
    total: int
    limit: int
    offset: int


class SegmentPublic(FromDomain):
    start: float
    end: float
    text: str


class TranscriptPublic(BaseModel):
    segments: list[SegmentPublic]


class GlossaryEntryPublic(FromDomain):
    term: str
    definition: str
    quote: str = Field(description="Verbatim transcript text the definition rests on")
    start: float
    end: float


class GlossaryPublic(BaseModel):
    terms: list[GlossaryEntryPublic]


class SummaryPublic(FromDomain):
    template: str
    language: str
    markdown: str
    sections: dict


class TemplatesPublic(BaseModel):
    names: list[str]


class Message(BaseModel):
    detail: str
