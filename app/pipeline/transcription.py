"""The transcription stage: decode, run the engine, persist each decoding window as it completes.

After every window the stage stores the window's segments together with a checkpoint that names the
engine and model. A lecture whose transcription was interrupted resumes at its last checkpoint and
produces exactly the segments an uninterrupted run would have, under the same indexes; a checkpoint
written by another engine or model is not resumed from (its tokens would mean nothing).
"""

import asyncio
import itertools
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.asr.audio import media_duration
from app.asr.base import (
    SAMPLE_RATE,
    DecodedWindow,
    SpeechWindow,
    TranscriptionEngine,
    TranscriptionOptions,
)
from app.asr.speech import SpeechStream, resume_sample
from app.lifecycle import LectureRun, Stage
from app.models import Lecture, Segment, TranscriptionCheckpoint
from app.repository import LectureRepository

logger = logging.getLogger(__name__)

# Windows of speech the language is detected from, when the upload said `auto`.
LANGUAGE_DETECTION_WINDOWS = 2


class NoSpeechFound(ValueError):
    def __init__(self) -> None:
        super().__init__(
            "No speech was found in the recording, so there is nothing to transcribe; "
            "check that the right file was uploaded and that its sound is audible."
        )


@dataclass
class TranscriptionStage:
    engine: TranscriptionEngine
    repository: LectureRepository
    beam_size: int
    # Held by whichever thread is decoding: a cancelled job's last decoding call finishes in its
    # thread, and the next job waits for it instead of sharing the engine.
    engine_lock: threading.Lock

    async def run(self, run: LectureRun, audio_path: Path) -> str:
        """Transcribe (or finish transcribing) the run's lecture; returns the language."""
        lecture = run.lecture
        checkpoint = await self._usable_checkpoint(lecture.id)
        next_index = checkpoint.next_index if checkpoint else 0
        # Segments past the checkpoint were stored by a run that died before its next checkpoint.
        await self.repository.restart_transcript(lecture.id, run.run_id, from_index=next_index)

        duration = await asyncio.to_thread(media_duration, audio_path)
        speech = SpeechStream(audio_path, start=checkpoint.window_start if checkpoint else 0)
        windows = speech.windows()
        language, windows = await self._language(lecture, checkpoint, windows)
        await self.repository.set_media_info(
            lecture.id, run.run_id, language=language, duration=duration
        )
        if language is None:
            raise NoSpeechFound

        options = TranscriptionOptions(
            language=language,
            beam_size=self.beam_size,
            context=checkpoint.context if checkpoint else (),
        )
        decoded_windows = await asyncio.to_thread(
            self._locked, self.engine.transcribe, windows, options
        )
        while (decoded := await asyncio.to_thread(self._next, decoded_windows)) is not None:
            segments = [
                Segment(
                    index=next_index + offset,
                    start=round(produced.start, 3),
                    end=round(produced.end, 3),
                    text=produced.text,
                )
                for offset, produced in enumerate(decoded.segments)
            ]
            next_index += len(segments)
            # Stored with the point the next window starts from: a crash loses this window at most.
            await self.repository.save_segments(
                lecture.id, run.run_id, segments, self._checkpoint(next_index, decoded)
            )
            if duration:
                await run.report(Stage.TRANSCRIBING, decoded.window.recording_end / duration)
        if next_index == 0:
            raise NoSpeechFound
        if duration is None:
            await self.repository.set_media_info(
                lecture.id,
                run.run_id,
                language=language,
                duration=speech.decoded_until / SAMPLE_RATE,
            )
        await run.report(Stage.TRANSCRIBING, 1.0)
        return language

    async def _language(
        self,
        lecture: Lecture,
        checkpoint: TranscriptionCheckpoint | None,
        windows: Iterator[SpeechWindow],
    ) -> tuple[str | None, Iterator[SpeechWindow]]:
        """The lecture's language (None: no speech to tell it from), and the windows, whole again
        after the first ones were looked at."""
        if lecture.requested_language != "auto":
            return lecture.requested_language, windows
        if checkpoint is not None and lecture.language:
            return lecture.language, windows  # resume in the language already detected
        first = await asyncio.to_thread(
            self._locked, lambda: list(itertools.islice(windows, LANGUAGE_DETECTION_WINDOWS))
        )
        if not first:
            return None, windows
        language, probability = await asyncio.to_thread(
            self._locked, self.engine.detect_language, first
        )
        logger.info("lecture %s: detected language %s (p=%.2f)", lecture.id, language, probability)
        return language, itertools.chain(first, windows)

    async def _usable_checkpoint(self, lecture_id: str) -> TranscriptionCheckpoint | None:
        checkpoint = await self.repository.get_checkpoint(lecture_id)
        if checkpoint is None:
            return None
        if (checkpoint.engine, checkpoint.model) != (self.engine.name, self.engine.model_name):
            logger.warning(
                "lecture %s: its checkpoint was written by %s %s, this worker runs %s %s; "
                "transcribing from the start",
                lecture_id,
                checkpoint.engine,
                checkpoint.model,
                self.engine.name,
                self.engine.model_name,
            )
            return None
        return checkpoint

    def _checkpoint(self, next_index: int, decoded: DecodedWindow) -> TranscriptionCheckpoint:
        return TranscriptionCheckpoint(
            engine=self.engine.name,
            model=self.engine.model_name,
            next_index=next_index,
            window_start=resume_sample(decoded.window),
            context=decoded.context,
        )

    def _next(self, decoded_windows: Iterator[DecodedWindow]) -> DecodedWindow | None:
        return self._locked(next, decoded_windows, None)

    def _locked(self, function, *args):
        with self.engine_lock:
            return function(*args)
