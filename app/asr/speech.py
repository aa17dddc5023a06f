"""A recording's speech as a stream of windows of at most 30 s, in memory bounded by one slice.

Silero VAD runs on each decoded slice; its speech regions, in recording time, are merged greedily
into windows: a window takes consecutive regions while the stretch from its first region's start to
its last region's end stays within WINDOW_SECONDS, and a longer region is cut. Since the merge from
a window's start depends only on the regions from there on, a stream started at a window's start
(a resume) yields exactly the windows an uninterrupted stream yields from there.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from app.asr.audio import SLICE_SECONDS, decode_slice
from app.asr.base import SAMPLE_RATE, WINDOW_SECONDS, SpeechSpan, SpeechWindow

# Silero's own cut for long speech (at a pause of 100 ms or more where there is one) comes before
# the merge's hard cut at WINDOW_SECONDS.
VAD_OPTIONS = VadOptions(max_speech_duration_s=WINDOW_SECONDS)
# A slice whose loudest sample stays below -60 dBFS holds nothing audible: Silero, which costs
# about as much on silence as on speech, is not asked about it (a long silent upload, dead air).
SILENT_PEAK = 10 ** (-60 / 20)
WINDOW_SAMPLES = WINDOW_SECONDS * SAMPLE_RATE


@dataclass(frozen=True, slots=True)
class SpeechRegion:
    start: int  # first sample, in the recording
    audio: np.ndarray

    @property
    def end(self) -> int:
        return self.start + len(self.audio)


class SpeechStream:
    """The speech windows of a recording from sample `start` on (0, or a checkpoint's)."""

    def __init__(self, path: Path, start: int = 0, slice_seconds: int = SLICE_SECONDS) -> None:
        self.path = path
        self.start = start
        self.slice_seconds = slice_seconds
        # How far decoding has got, in samples: the recording's length once the stream is spent.
        self.decoded_until = start

    def windows(self) -> Iterator[SpeechWindow]:
        return merge_into_windows(self.regions())

    def regions(self) -> Iterator[SpeechRegion]:
        """VAD regions from `start` on; one that straddles `start` begins at it (the rest of a
        region a window cut)."""
        index = self.start // (self.slice_seconds * SAMPLE_RATE)
        while True:
            audio_slice = decode_slice(self.path, index, self.slice_seconds)
            self.decoded_until = max(self.decoded_until, audio_slice.end)
            if len(audio_slice.audio) == 0:
                return
            for found in _speech_in(audio_slice.audio):
                first = max(audio_slice.start + found["start"], self.start)
                last = audio_slice.start + found["end"]
                if first < last:
                    offset = first - audio_slice.start
                    # A copy, so that the slice is freed once its regions are merged.
                    audio = audio_slice.audio[offset : last - audio_slice.start].copy()
                    yield SpeechRegion(first, audio)
            if len(audio_slice.audio) < self.slice_seconds * SAMPLE_RATE:
                return
            index += 1


def _speech_in(audio: np.ndarray) -> list[dict[str, int]]:
    if np.max(np.abs(audio)) < SILENT_PEAK:
        return []
    return get_speech_timestamps(audio, VAD_OPTIONS)


def merge_into_windows(regions: Iterable[SpeechRegion]) -> Iterator[SpeechWindow]:
    """Greedy merge of regions into windows; holds no more than one unfinished window's audio."""
    pending: list[SpeechRegion] = []
    index = 0
    for region in regions:
        if pending and region.end - pending[0].start > WINDOW_SAMPLES:
            yield _window(index, pending)
            index, pending = index + 1, []
        while len(region.audio) > WINDOW_SAMPLES:
            head = SpeechRegion(region.start, region.audio[:WINDOW_SAMPLES])
            yield _window(index, [head])
            index += 1
            region = SpeechRegion(region.start + WINDOW_SAMPLES, region.audio[WINDOW_SAMPLES:])
        pending.append(region)
    if pending:
        yield _window(index, pending)


def resume_sample(window: SpeechWindow) -> int:
    """Where a stream resumes after `window`: the sample its last region ends at."""
    return round(window.recording_end * SAMPLE_RATE)


def _window(index: int, regions: list[SpeechRegion]) -> SpeechWindow:
    spans = []
    offset = 0
    for region in regions:
        spans.append(
            SpeechSpan(
                window_start=offset / SAMPLE_RATE,
                recording_start=region.start / SAMPLE_RATE,
                duration=len(region.audio) / SAMPLE_RATE,
            )
        )
        offset += len(region.audio)
    audio = np.concatenate([region.audio for region in regions])
    return SpeechWindow(index=index, audio=audio, spans=tuple(spans))
