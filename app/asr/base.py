"""The speech-recognition contract: an engine turns speech windows into timed segments.

The transcription stage streams the recording in slices and cuts its speech (VAD) into windows of at
most 30 s; an engine decodes the windows it is given, in order, one at a time or in batches, and
yields one DecodedWindow per window. Engines never see the whole recording.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000
WINDOW_SECONDS = 30


@dataclass(frozen=True, slots=True)
class SpeechSpan:
    """A stretch of speech inside a window: it starts `window_start` s into the window's audio and
    `recording_start` s into the recording, and lasts `duration` s."""

    window_start: float
    recording_start: float
    duration: float


@dataclass(frozen=True, slots=True)
class SpeechWindow:
    """At most WINDOW_SECONDS of speech: VAD regions of the recording, joined without the silence
    between them. `index` counts the windows of one stream: from the start of the recording, or
    from the checkpoint a resumed run starts at (a checkpoint does not know how many came before)."""

    index: int
    audio: np.ndarray  # 16 kHz mono float32
    spans: tuple[SpeechSpan, ...]

    @property
    def recording_start(self) -> float:
        return self.spans[0].recording_start

    @property
    def recording_end(self) -> float:
        last = self.spans[-1]
        return last.recording_start + last.duration

    def to_recording_time(self, seconds: float) -> float:
        """Map a time in the window's audio to the recording's timeline."""
        span = self.spans[0]
        for candidate in self.spans:
            if candidate.window_start <= seconds:
                span = candidate
        return span.recording_start + min(max(seconds - span.window_start, 0.0), span.duration)


@dataclass(frozen=True, slots=True)
class TranscriptionOptions:
    language: str  # ISO code: detected beforehand (detect_language) when the upload said `auto`
    beam_size: int = 5
    # Text tokens the model had before the first window (a resumed run passes the checkpoint's).
    context: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TranscribedSegment:
    start: float  # in the recording's timeline
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class DecodedWindow:
    """One window's segments, and the text context a decoder continuing after it starts from: with
    it, decoding can restart at the next window and produce what an uninterrupted run would."""

    window: SpeechWindow
    segments: tuple[TranscribedSegment, ...]
    context: tuple[int, ...]


class DeviceUnavailable(RuntimeError):
    """The device the worker was told to use cannot be used: a start-up error, never a fallback."""


class TranscriptionEngine:
    """Base for engines.

    `name` and `model_name` say who wrote a transcription checkpoint: only the same engine running the
    same model resumes from it. `device` and `compute_type` say where it runs, resolved from the
    settings' `auto`/`default` (`cuda`, `float16`): announced in the worker's heartbeat.
    """

    name: str
    model_name: str
    device: str
    compute_type: str

    def detect_language(self, windows: Sequence[SpeechWindow]) -> tuple[str, float]:
        """The language spoken in the first windows of a recording, and the model's confidence."""
        raise NotImplementedError

    def transcribe(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        """Decode the windows in order, lazily: one DecodedWindow per window, as each completes."""
        raise NotImplementedError
