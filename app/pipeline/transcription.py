"""The transcription stage: decode, run the engine, persist each segment as it is produced.

A lecture whose transcription was interrupted resumes after its last stored segment: the audio is
cut there and the new segments are shifted back into the lecture's time.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import numpy as np
from faster_whisper.audio import decode_audio

from app.asr.base import SAMPLE_RATE, TranscriptionEngine, TranscriptionOptions
from app.models import Lecture, Segment
from app.repository import LectureRepository

FLUSH_EVERY_SECONDS = 1.0
# Shorter than this left after the last stored segment: nothing worth transcribing.
MIN_REMAINING_SECONDS = 0.5

ProgressCallback = Callable[[float], Awaitable[None]]


class UndecodableMedia(ValueError):
    pass


def load_audio(path: Path) -> np.ndarray:
    try:
        return decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises many types; all mean the same to a teacher.
        raise UndecodableMedia(f"The recording could not be decoded: {exc}") from exc


async def transcribe_lecture(
    lecture: Lecture,
    audio_path: Path,
    engine: TranscriptionEngine,
    repository: LectureRepository,
    beam_size: int,
    on_progress: ProgressCallback,
) -> str:
    """Transcribe (or finish transcribing) the lecture; returns the language."""
    audio = await asyncio.to_thread(load_audio, audio_path)
    duration = len(audio) / SAMPLE_RATE
    stored = await repository.get_segments(lecture.id)
    offset = stored[-1].end if stored else 0.0
    next_index = stored[-1].index + 1 if stored else 0
    language = None if lecture.requested_language == "auto" else lecture.requested_language
    if stored and lecture.language:
        language = lecture.language  # resume in the language already detected
    if duration - offset < MIN_REMAINING_SECONDS:
        await repository.set_media_info(lecture.id, language=language or lecture.language, duration=duration)
        return language or lecture.language or "en"

    remaining = audio[int(offset * SAMPLE_RATE) :]
    transcription = await asyncio.to_thread(
        engine.transcribe, remaining, TranscriptionOptions(language=language, beam_size=beam_size)
    )
    await repository.set_media_info(lecture.id, language=transcription.language, duration=duration)

    pending: list[Segment] = []
    last_flush = time.monotonic()
    segments = iter(transcription.segments)
    while (produced := await asyncio.to_thread(next, segments, None)) is not None:
        pending.append(
            Segment(
                index=next_index,
                start=round(produced.start + offset, 3),
                end=round(produced.end + offset, 3),
                text=produced.text,
            )
        )
        next_index += 1
        if time.monotonic() - last_flush >= FLUSH_EVERY_SECONDS:
            await repository.add_segments(lecture.id, pending)
            await on_progress(pending[-1].end / duration)
            pending, last_flush = [], time.monotonic()
    if pending:
        await repository.add_segments(lecture.id, pending)
    await on_progress(1.0)
    return transcription.language
