"""What goes over the wire: the public shapes of lectures and their results."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.lifecycle import LectureStatus, Stage


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
