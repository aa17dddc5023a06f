"""Whisper through CTranslate2 (faster-whisper): int8 on CPU, float16 on GPU, Silero VAD on.

Voice activity detection runs here rather than inside faster-whisper so that a resumed run decodes the
very same speech-only audio, window by window, with the same text context: its segments are then
identical to those of a run that was never interrupted.
"""

from collections.abc import Iterable, Iterator

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.transcribe import Segment as FwSegment
from faster_whisper.transcribe import restore_speech_timestamps
from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

from app.asr.base import (
    SAMPLE_RATE,
    ResumePoint,
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
        duration = len(audio) / SAMPLE_RATE
        speech_chunks = (
            get_speech_timestamps(audio, VadOptions())
            if options.vad
            else [{"start": 0, "end": len(audio)}]
        )
        if not speech_chunks or len(audio) == 0:
            return Transcription(
                language=options.language or "en",
                language_probability=0.0,
                duration=duration,
                segments=iter(()),
            )
        speech_audio = np.concatenate(collect_chunks(audio, speech_chunks)[0], axis=0)
        resume = options.resume_from
        segments, info = self.model.transcribe(
            speech_audio,
            language=options.language,
            beam_size=options.beam_size,
            vad_filter=False,
            clip_timestamps=[resume.window_start / FRAMES_PER_SECOND] if resume else "0",
            initial_prompt=list(resume.context) if resume and resume.context else None,
        )
        return Transcription(
            language=info.language,
            language_probability=info.language_probability,
            duration=duration,
            segments=_as_segments(
                restore_speech_timestamps(segments, speech_chunks, SAMPLE_RATE),
                resume.context if resume else (),
            ),
        )


# faster-whisper counts window positions ("seek") in mel frames of 10 ms.
FRAMES_PER_SECOND = 100
# faster-whisper keeps at most this many previous tokens as the prompt (half of Whisper's 448, less one).
PROMPT_TOKENS = 223
# faster-whisper's default: a window decoded above this temperature stops feeding the prompt.
PROMPT_RESET_ON_TEMPERATURE = 0.5


def _as_segments(
    segments: Iterable[FwSegment], context: tuple[int, ...]
) -> Iterator[TranscribedSegment]:
    """Mirror faster-whisper's prompt bookkeeping so that each window start is a resume point."""
    tokens = list(context)
    prompt_since = 0
    window: int | None = None
    window_temperature = 0.0
    for segment in segments:
        resume_point = None
        if segment.seek != window:
            if window is not None and window_temperature > PROMPT_RESET_ON_TEMPERATURE:
                prompt_since = len(tokens)
            window = segment.seek
            resume_point = ResumePoint(
                window_start=segment.seek, context=tuple(tokens[prompt_since:][-PROMPT_TOKENS:])
            )
        tokens.extend(segment.tokens)
        window_temperature = segment.temperature or 0.0
        text = segment.text.strip()
        if text:
            yield TranscribedSegment(
                start=segment.start, end=segment.end, text=text, resume_point=resume_point
            )
