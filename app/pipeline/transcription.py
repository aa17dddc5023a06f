"""The transcription stage: decode, run the engine, persist each decoding window as it completes.

After every window the stage stores the window's segments, then a checkpoint (app.pipeline.checkpoints).
A lecture whose transcription was interrupted resumes at its last checkpoint and produces exactly the
segments an uninterrupted run would have, under the same indexes.
"""

import asyncio
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import numpy as np
from faster_whisper.audio import decode_audio

from app.asr.base import SAMPLE_RATE, TranscriptionEngine, TranscriptionOptions
from app.models import Lecture, Segment
from app.pipeline.checkpoints import (
    TranscriptionCheckpoint,
    load_checkpoint,
    save_checkpoint,
)
from app.repository import LectureRepository
from app.storage import Storage

ProgressCallback = Callable[[float], Awaitable[None]]


class UndecodableMedia(ValueError):
    pass


class NoSpeechFound(ValueError):
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
    storage: Storage,
    beam_size: int,
    on_progress: ProgressCallback,
    engine_lock: threading.Lock,
) -> str:
    """Transcribe (or finish transcribing) the lecture; returns the language.

    `engine_lock` is held by whichever thread is decoding: a cancelled job's last decoding call
    finishes in its thread, and the next job waits for it instead of sharing the engine.
    """

    def locked(function, *args):
        with engine_lock:
            return function(*args)

    audio = await asyncio.to_thread(load_audio, audio_path)
    duration = len(audio) / SAMPLE_RATE
    checkpoint = await load_checkpoint(storage, lecture.id)
    if checkpoint is None:
        await repository.clear_results(lecture.id)
    language = None if lecture.requested_language == "auto" else lecture.requested_language
    if checkpoint is not None and lecture.language:
        language = lecture.language  # resume in the language already detected

    transcription = await asyncio.to_thread(
        locked,
        engine.transcribe,
        audio,
        TranscriptionOptions(
            language=language,
            beam_size=beam_size,
            resume_from=checkpoint.resume_point if checkpoint else None,
        ),
    )
    await repository.set_media_info(lecture.id, language=transcription.language, duration=duration)

    next_index = checkpoint.next_index if checkpoint else 0
    pending: list[Segment] = []
    segments = iter(transcription.segments)
    while (produced := await asyncio.to_thread(locked, next, segments, None)) is not None:
        if produced.resume_point is not None and pending:
            # The previous window is complete: store it, then record where to resume.
            await repository.add_segments(lecture.id, pending)
            await save_checkpoint(
                storage, lecture.id, TranscriptionCheckpoint(next_index, produced.resume_point)
            )
            await on_progress(pending[-1].end / duration)
            pending = []
        pending.append(
            Segment(
                index=next_index,
                start=round(produced.start, 3),
                end=round(produced.end, 3),
                text=produced.text,
            )
        )
        next_index += 1
    if pending:
        await repository.add_segments(lecture.id, pending)
    if next_index == 0:
        raise NoSpeechFound(
            "No speech was found in the recording, so there is nothing to transcribe; "
            "check that the right file was uploaded and that its sound is audible."
        )
    await on_progress(1.0)
    return transcription.language
