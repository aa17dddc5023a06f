"""The speech-recognition contract: an engine turns audio into timed segments, one at a time."""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True, slots=True)
class TranscriptionOptions:
    language: str | None  # ISO code, or None to detect it
    beam_size: int = 5
    vad: bool = True


@dataclass(frozen=True, slots=True)
class TranscribedSegment:
    start: float
    end: float
    text: str


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
