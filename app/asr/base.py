"""The speech-recognition contract: an engine turns audio into timed segments, one at a time."""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """Where an engine can pick decoding up again and produce exactly what an uninterrupted run would:
    the start of a decoding window (in the engine's own units) and the text context the model had there.
    """

    window_start: int
    context: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TranscriptionOptions:
    language: str | None  # ISO code, or None to detect it
    beam_size: int = 5
    vad: bool = True
    resume_from: ResumePoint | None = None


@dataclass(frozen=True, slots=True)
class TranscribedSegment:
    start: float
    end: float
    text: str
    # Set on the first segment of each decoding window: every segment before this one is final, and
    # decoding can restart here.
    resume_point: ResumePoint | None = None


@dataclass(frozen=True, slots=True)
class Transcription:
    language: str
    language_probability: float
    duration: float
    segments: Iterator[TranscribedSegment]  # lazy: decoding happens as it is consumed


class TranscriptionEngine:
    """Base for engines; `transcribe` takes 16 kHz mono float32 audio."""

    name: str

    def transcribe(self, audio: np.ndarray, options: TranscriptionOptions) -> Transcription:
        raise NotImplementedError
