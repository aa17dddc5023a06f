"""Wire shapes of the OpenAI-compatible routes (/v1), as OpenAI's API reference documents them."""

from enum import StrEnum

from pydantic import BaseModel


class ResponseFormat(StrEnum):
    JSON = "json"
    TEXT = "text"
    SRT = "srt"
    VTT = "vtt"
    VERBOSE_JSON = "verbose_json"


class TranscriptionPublic(BaseModel):
    text: str


class TranscriptionSegmentPublic(BaseModel):
    id: int
    seek: int
    start: float
    end: float
    text: str
    tokens: list[int]
    temperature: float
    avg_logprob: float
    compression_ratio: float
    no_speech_prob: float


class VerboseTranscriptionPublic(BaseModel):
    task: str = "transcribe"
    language: str
    duration: float
    text: str
    segments: list[TranscriptionSegmentPublic]


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIError(BaseModel):
    error: OpenAIErrorDetail
