"""Decode a recording slice by slice: 16 kHz mono float32, never the whole recording at once.

Slices lie on a fixed grid (slice k covers [k·S, (k+1)·S) of the recording) and each is decoded on
its own: the file is opened, sought to a little before the slice, decoded and resampled afresh, and
trimmed to the slice's exact samples. A slice's samples are then the same whether a run started at
the beginning or resumed in the middle, which is what makes a resumed transcript identical.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import av
import numpy as np

from app.asr.base import SAMPLE_RATE

SLICE_SECONDS = 300
# Decoded before a slice and thrown away: decoders that carry state between frames (MP3's bit
# reservoir, Opus' pre-skip, the resampler's filter) have settled by the slice's first sample.
PREROLL_SECONDS = 1.0
# Decoded frames are resampled in runs of this length.
RUN_SECONDS = 10


class UndecodableMedia(ValueError):
    pass


def media_duration(path: Path) -> float | None:
    """The recording's length as its container states it (None when it does not)."""
    with _open(path) as container:
        if container.duration is not None:
            return container.duration / av.time_base
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
    return None


@dataclass(frozen=True, slots=True)
class AudioSlice:
    index: int
    start: int  # first sample, in the recording
    audio: np.ndarray  # shorter than the slice length only at the end of the recording

    @property
    def end(self) -> int:
        return self.start + len(self.audio)


def decode_slice(path: Path, index: int, slice_seconds: int = SLICE_SECONDS) -> AudioSlice:
    """Slice `index` of the recording; empty past its end."""
    first = index * slice_seconds * SAMPLE_RATE
    last = first + slice_seconds * SAMPLE_RATE
    with _open(path) as container:
        stream = container.streams.audio[0]
        # Recording time 0 is the stream's first sample (MP3 streams start after the encoder delay).
        origin = _to_samples(stream.start_time or 0, stream.time_base)
        pieces = None
        try:
            if index > 0:
                target = max(first - int(PREROLL_SECONDS * SAMPLE_RATE), 0)
                container.seek(
                    (stream.start_time or 0) + int(target / SAMPLE_RATE / stream.time_base),
                    stream=stream,
                )
            pieces = _decode_range(container, stream, origin, first, last)
        except av.FFmpegError:
            pass  # a stream that cannot seek: decoded from the start below
    if pieces is None:
        # No seeking, or no timestamps to find the slice by: count samples from the start.
        with _open(path) as container:
            pieces = _decode_range(
                container, container.streams.audio[0], 0, first, last, counted=True
            )
    audio = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    return AudioSlice(index=index, start=first, audio=audio)


def _decode_range(
    container: av.container.InputContainer,
    stream: av.audio.stream.AudioStream,
    origin: int,
    first: int,
    last: int,
    *,
    counted: bool = False,
) -> list[np.ndarray] | None:
    """The samples in [first, last) of the recording, from where the container stands; None when
    timestamps cannot place them (a first frame without one, or a seek that landed past `first`),
    unless `counted`: then samples are counted from where the container stands."""
    try:
        frames = container.decode(stream)
        position = 0
        if not counted:
            opening = next(frames, None)
            if opening is None:
                return []
            if opening.pts is None:
                return None
            position = _to_samples(opening.pts, opening.time_base) - origin
            if position > first:
                return None
            frames = chain([opening], frames)
        # Channels are averaged here rather than by FFmpeg's downmix, which for float output sums
        # them at -3 dB each: a stereo recording would go past full scale, which Whisper never heard.
        resampler = av.AudioResampler(format="fltp", rate=SAMPLE_RATE)
        pieces: list[np.ndarray] = []
        for run in _runs_then_flush(frames):
            for resampled in resampler.resample(run):
                samples = resampled.to_ndarray().mean(axis=0, dtype=np.float32)
                start, end = max(first - position, 0), min(last - position, len(samples))
                if start < end:
                    pieces.append(samples[start:end].copy())
                position += len(samples)
            if position >= last:
                break
    except av.FFmpegError as exc:
        raise UndecodableMedia(f"The recording could not be decoded: {exc}") from exc
    return pieces


def _runs_then_flush(frames: Iterator[av.AudioFrame]) -> Iterator[av.AudioFrame | None]:
    """The frames joined into runs of about RUN_SECONDS, then None: the resampler's signal to give
    back what it holds. Resampling frame by frame costs more than decoding (an MP3 at 22.05 kHz
    has 576 samples a frame). The first frame's timestamp has placed the audio; from there samples
    are counted, so the runs carry none."""
    fifo = av.AudioFifo()
    for frame in frames:
        frame.pts = None
        fifo.write(frame)
        if fifo.samples >= RUN_SECONDS * frame.sample_rate:
            yield fifo.read()
    if fifo.samples:
        yield fifo.read()
    yield None


def _to_samples(timestamp: int, time_base) -> int:
    return round(timestamp * time_base * SAMPLE_RATE) if time_base is not None else 0


def _open(path: Path) -> av.container.InputContainer:
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise UndecodableMedia(f"The recording could not be decoded: {exc}") from exc
    if not container.streams.audio:
        container.close()
        raise UndecodableMedia("The recording could not be decoded: it has no audio stream.")
    return container
