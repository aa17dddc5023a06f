"""The quick job that transcribes a short clip with the worker's engine, beside the lecture it runs.

The clip takes the same streaming path as a lecture (speech windows, then the engine) and the same
engine lock, one window at a time: a lecture being transcribed lets it in between two of its
windows, and it lets the lecture in between two of its own.
"""

import asyncio
import itertools
import threading
from collections.abc import Iterator
from typing import Any

from app.asr.audio import media_duration
from app.asr.base import SAMPLE_RATE, DecodedWindow, SpeechWindow, TranscriptionOptions
from app.asr.speech import SpeechStream
from app.models import ClipTranscript, Segment
from app.pipeline.runner import LecturePipeline
from app.pipeline.transcription import LANGUAGE_DETECTION_WINDOWS


async def transcribe_clip(
    ctx: dict[str, Any], storage_key: str, language: str | None
) -> ClipTranscript:
    """The clip stored under `storage_key`, in `language` (None: detected from its first windows)."""
    pipeline: LecturePipeline = ctx["pipeline"]
    lock = pipeline.engine_lock
    async with pipeline.storage.local_copy(storage_key) as path:
        speech = SpeechStream(path)
        windows = speech.windows()
        if language is None:
            first = await asyncio.to_thread(
                _locked, lock, lambda: list(itertools.islice(windows, LANGUAGE_DETECTION_WINDOWS))
            )
            if first:
                language, _ = await asyncio.to_thread(
                    _locked, lock, pipeline.engine.detect_language, first
                )
            windows = itertools.chain(first, windows)
        segments: list[Segment] = []
        if language is not None:
            options = TranscriptionOptions(language=language, beam_size=pipeline.beam_size)
            segments = await _decode(pipeline, windows, options)
        duration = await asyncio.to_thread(media_duration, path)
    return ClipTranscript(
        language=language,
        duration=duration if duration is not None else speech.decoded_until / SAMPLE_RATE,
        segments=tuple(segments),
    )


async def _decode(
    pipeline: LecturePipeline, windows: Iterator[SpeechWindow], options: TranscriptionOptions
) -> list[Segment]:
    lock = pipeline.engine_lock
    decoded_windows = await asyncio.to_thread(
        _locked, lock, pipeline.engine.transcribe, windows, options
    )
    segments: list[Segment] = []
    # One window per thread call: a job cancelled (out of time) stops after the window at hand.
    while (decoded := await asyncio.to_thread(_next, lock, decoded_windows)) is not None:
        segments += [
            Segment(
                index=len(segments) + offset,
                start=round(produced.start, 3),
                end=round(produced.end, 3),
                text=produced.text,
            )
            for offset, produced in enumerate(decoded.segments)
        ]
    return segments


def _next(lock: threading.Lock, decoded_windows: Iterator[DecodedWindow]) -> DecodedWindow | None:
    return _locked(lock, next, decoded_windows, None)


def _locked(lock: threading.Lock, function, *args):
    with lock:
        return function(*args)
