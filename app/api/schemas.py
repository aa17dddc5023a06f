"""What goes over the wire: the public shapes of lectures and their results."""

from datetime import datetime
from typing import Annotated, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.lifecycle import LectureStatus, Stage
from app.models import EditKind
from app.search import SearchKind

MAX_SEGMENT_TEXT = 5000
MAX_TERM = 200
MAX_DEFINITION = 2000
MAX_QUOTE = 5000
# Far past any recording's length; keeps a timestamp a number every store and browser agrees on.
MAX_SECONDS = 10**7


def _text(max_length: int):
    """A person's text: surrounding spaces dropped, never empty, at most `max_length` characters."""
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)
    ]


SegmentText = _text(MAX_SEGMENT_TEXT)
Term = _text(MAX_TERM)
Definition = _text(MAX_DEFINITION)
Quote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_QUOTE)]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS)]


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


class EditStamp(BaseModel):
    """Who corrected a segment or glossary entry and when; all null for what processing wrote."""

    edited_by: str | None = Field(None, description="The user id of the person who edited it")
    edited_by_name: str | None = Field(None, description="Their display name")
    edited_at: datetime | None = Field(None, description="When, in UTC")


EditStampT = TypeVar("EditStampT", bound=EditStamp)


def named_editor(public: EditStampT, names: dict[str, str | None]) -> EditStampT:
    """The public shape with its editor's display name filled in from `names`."""
    if public.edited_by is not None:
        public.edited_by_name = names.get(public.edited_by)
    return public


class SegmentPublic(FromDomain, EditStamp):
    index: int = Field(description="The segment's number, for corrections")
    start: float
    end: float
    text: str


class TranscriptPublic(BaseModel):
    segments: list[SegmentPublic]


class GlossaryEntryPublic(FromDomain, EditStamp):
    id: str = Field(description="Names the entry for corrections")
    term: str
    definition: str
    quote: str = Field(description="Verbatim transcript text the definition rests on")
    start: float
    end: float


class GlossaryPublic(BaseModel):
    terms: list[GlossaryEntryPublic]


class SegmentCorrection(BaseModel):
    text: SegmentText


class GlossaryEntryCreate(BaseModel):
    term: Term
    definition: Definition
    quote: Quote | None = Field(
        None,
        description="Transcript text the entry rests on; left out, the first segment that "
        "mentions the term is quoted",
    )
    start: Seconds | None = None
    end: Seconds | None = None

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("The end must not come before the start.")
        return self


class GlossaryEntryUpdate(BaseModel):
    """The fields to change; those left out stay as they are."""

    term: Term | None = None
    definition: Definition | None = None
    quote: Quote | None = None
    start: Seconds | None = None
    end: Seconds | None = None


class LectureEditPublic(FromDomain):
    kind: EditKind
    target: str = Field(description="The segment's index, or the glossary entry's id")
    before: dict | None
    after: dict | None
    user_id: str
    user_name: str | None = None
    edited_at: datetime


class LectureEditsPublic(BaseModel):
    edits: list[LectureEditPublic] = Field(description="Oldest first")


class SummaryPublic(FromDomain):
    template: str
    language: str
    markdown: str
    sections: dict


class TemplatesPublic(BaseModel):
    names: list[str]


class Message(BaseModel):
    detail: str


class AsrEnginePublic(FromDomain):
    name: str
    model: str
    device: str = Field(description="Where it runs: `cpu` or `cuda`")
    compute_type: str = Field(description="Precision of the weights, e.g. `int8`, `float16`")


class LanguageModelPublic(FromDomain):
    model: str
    gpu_layers: int = Field(description="Layers offloaded to the GPU: 0 none, -1 all")


class WorkerPublic(FromDomain):
    id: str
    host: str
    pid: int
    started_at: datetime
    asr: AsrEnginePublic
    llm: LanguageModelPublic


class WorkersPublic(BaseModel):
    items: list[WorkerPublic] = Field(description="Workers alive now (their heartbeat is fresh)")


class ReadinessChecks(BaseModel):
    """`ok`, or in a few words why not."""

    redis: str
    database: str
    storage: str
    workers: str


class ReadinessPublic(BaseModel):
    ready: bool
    checks: ReadinessChecks
    workers: list[WorkerPublic]


MAX_QUESTION = 1000

QuestionText = _text(MAX_QUESTION)


class QuestionCreate(BaseModel):
    question: QuestionText


class CitationPublic(FromDomain):
    quote: str = Field(description="Verbatim transcript text")
    start: float
    end: float


class QuestionPublic(FromDomain):
    id: str
    question: str = Field(validation_alias="text", description="Empty until a spoken one is heard")
    status: str = Field(description="`pending`, `answered` or `failed`")
    answer: str | None
    citations: list[CitationPublic]
    asker_id: str
    asker_name: str | None = None
    asked_at: datetime
    answered_at: datetime | None


class QuestionsPublic(BaseModel):
    questions: list[QuestionPublic]


class SnippetPart(FromDomain):
    text: str
    match: bool = Field(description="Whether this part is a word of the query")


class SearchResultPublic(BaseModel):
    lecture_id: str
    lecture_title: str
    kind: SearchKind = Field(
        description="What matched: a transcript segment, glossary entry or summary"
    )
    start: float | None = Field(
        description="Where to seek the recording to, in seconds; null for a summary"
    )
    snippet: list[SnippetPart] = Field(
        description="The matching stretch of text in parts, the query's words marked: plain text, "
        "never HTML"
    )
    score: float = Field(description="Relevance (BM25); higher is better")


class SearchResultsPublic(BaseModel):
    items: list[SearchResultPublic]
    total: int
    limit: int
    offset: int
