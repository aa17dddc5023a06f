"""Whisper through CTranslate2 (faster-whisper): int8 on CPU, float16 on GPU, Silero VAD on."""

from collections.abc import Iterator, Iterable

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.transcribe import Segment as FwSegment

from app.asr.base import (
    TranscribedSegment,
    Transcription,
    TranscriptionEngine,
    TranscriptionOptions,
)


def pick_device(requested: str) -> str:
    if requested != "auto":
        return requested
    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def pick_compute_type(requested: str, device: str) -> str:
    if requested != "default":
        return requested
    return "float16" if device == "cuda" else "int8"


class FasterWhisperEngine(TranscriptionEngine):
    name = "faster-whisper"

    def __init__(
        self,
        model: str,
        *,
        device: str = "auto",
        compute_type: str = "default",
        cpu_threads: int = 0,
        download_root: str | None = None,
    ) -> None:
        self.device = pick_device(device)
        self.compute_type = pick_compute_type(compute_type, self.device)
        self.model = WhisperModel(
            model,
            device=self.device,
            compute_type=self.compute_type,
            cpu_threads=cpu_threads,
            download_root=download_root,
        )

    def transcribe(self, audio: np.ndarray, options: TranscriptionOptions) -> Transcription:
        segments, info = self.model.transcribe(
            audio,
            language=options.language,
            beam_size=options.beam_size,
            vad_filter=options.vad,
        )
        return Transcription(
            language=info.language,
            language_probability=info.language_probability,
            duration=info.duration,
            segments=_as_segments(segments),
        )


def _as_segments(segments: Iterable[FwSegment]) -> Iterator[TranscribedSegment]:
    for segment in segments:
        text = segment.text.strip()
        if text:
            yield TranscribedSegment(start=segment.start, end=segment.end, text=text)
