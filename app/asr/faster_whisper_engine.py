"""Whisper through CTranslate2 (faster-whisper): int8 on CPU, float16 on GPU.

Each speech window is decoded by its own call, with the previous windows' text as the prompt, so a
resumed run that passes the checkpoint's context decodes every later window exactly as an
uninterrupted run. With ASR_BATCH_SIZE > 1 windows go through faster-whisper's batched pipeline
instead: faster on a GPU, and without a text context (batched decoding has none).
"""

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

import ctranslate2
import numpy as np
from faster_whisper import BatchedInferencePipeline, WhisperModel
from faster_whisper.transcribe import Segment as FwSegment

from app.asr.base import (
    SAMPLE_RATE,
    WINDOW_SECONDS,
    DecodedWindow,
    DeviceUnavailable,
    SpeechWindow,
    TranscribedSegment,
    TranscriptionEngine,
    TranscriptionOptions,
)
from app.asr.subtitles import TimedWord, split_at_sentences


def pick_device(requested: str) -> str:
    usable_gpus = ctranslate2.get_cuda_device_count()
    if requested == "auto":
        return "cuda" if usable_gpus > 0 else "cpu"
    if requested.startswith("cuda") and usable_gpus == 0:
        raise DeviceUnavailable(
            f"ASR_DEVICE={requested}, but CTranslate2 sees no usable CUDA device (no GPU, no "
            "driver, or CUDA 12/cuDNN 9 libraries missing). Set ASR_DEVICE=cpu or auto to run on "
            "the CPU."
        )
    return requested


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
        model_name: str | None = None,
        device: str = "auto",
        compute_type: str = "default",
        cpu_threads: int = 0,
        download_root: str | None = None,
        batch_size: int = 1,
    ) -> None:
        self.model_name = model_name or model
        self.device = pick_device(device)
        self.compute_type = pick_compute_type(compute_type, self.device)
        self.model = WhisperModel(
            model,
            device=self.device,
            compute_type=self.compute_type,
            cpu_threads=cpu_threads,
            download_root=download_root,
        )
        self.batch_size = batch_size
        self.batched = BatchedInferencePipeline(self.model)

    def detect_language(self, windows: Sequence[SpeechWindow]) -> tuple[str, float]:
        if not self.model.model.is_multilingual:
            return "en", 1.0
        audio = np.concatenate([window.audio for window in windows])
        language, probability, _ = self.model.detect_language(
            audio, language_detection_segments=len(windows)
        )
        return language, probability

    def transcribe(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        if self.batch_size > 1:
            return self._transcribe_batched(windows, options)
        return self._transcribe_sequentially(windows, options)

    def _transcribe_sequentially(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        context = options.context
        for window in windows:
            segments, _ = self.model.transcribe(
                window.audio,
                language=options.language,
                beam_size=options.beam_size,
                vad_filter=False,
                initial_prompt=list(context) if context else None,
                word_timestamps=True,
            )
            decoded = list(segments)
            context = context_after(context, decoded)
            yield DecodedWindow(window, _recording_segments(window, decoded, 0.0), context)

    def _transcribe_batched(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        while batch := list(islice(windows, self.batch_size)):
            # Window i of the batch starts at i·30 s of one buffer: each window is one clip, and a
            # segment's `seek` (its clip's offset in 10 ms frames) says which window it is from.
            audio = np.zeros(len(batch) * WINDOW_SAMPLES, np.float32)
            clips = []
            for position, window in enumerate(batch):
                start = position * WINDOW_SAMPLES
                audio[start : start + len(window.audio)] = window.audio
                clips.append(
                    {
                        "start": position * WINDOW_SECONDS,
                        "end": position * WINDOW_SECONDS + len(window.audio) / SAMPLE_RATE,
                    }
                )
            segments, _ = self.batched.transcribe(
                audio,
                language=options.language,
                beam_size=options.beam_size,
                batch_size=len(batch),
                clip_timestamps=clips,
                word_timestamps=True,
            )
            by_window: list[list[FwSegment]] = [[] for _ in batch]
            for segment in segments:
                by_window[segment.seek // (WINDOW_SECONDS * FRAMES_PER_SECOND)].append(segment)
            for position, (window, decoded) in enumerate(zip(batch, by_window, strict=True)):
                offset = float(position * WINDOW_SECONDS)
                yield DecodedWindow(window, _recording_segments(window, decoded, offset), ())


WINDOW_SAMPLES = WINDOW_SECONDS * SAMPLE_RATE
# faster-whisper counts positions ("seek") in mel frames of 10 ms.
FRAMES_PER_SECOND = 100
# faster-whisper keeps at most this many previous tokens as the prompt (half of Whisper's 448, less one).
PROMPT_TOKENS = 223
# faster-whisper's default: a 30 s window decoded above this temperature stops feeding the prompt.
PROMPT_RESET_ON_TEMPERATURE = 0.5


def context_after(context: tuple[int, ...], segments: Iterable[FwSegment]) -> tuple[int, ...]:
    """The prompt after a window, kept the way faster-whisper keeps it within one call: every
    segment's tokens, forgotten up to the end of a 30 s window decoded above the reset temperature."""
    tokens = list(context)
    kept_since = 0
    window: int | None = None
    window_temperature = 0.0
    for segment in segments:
        if segment.seek != window:
            if window is not None and window_temperature > PROMPT_RESET_ON_TEMPERATURE:
                kept_since = len(tokens)
            window = segment.seek
        tokens.extend(segment.tokens)
        window_temperature = segment.temperature or 0.0
    if window_temperature > PROMPT_RESET_ON_TEMPERATURE:
        kept_since = len(tokens)
    return tuple(tokens[kept_since:][-PROMPT_TOKENS:])


def _recording_segments(
    window: SpeechWindow, segments: Iterable[FwSegment], offset: float
) -> tuple[TranscribedSegment, ...]:
    """Sentence-sized segments on the recording's timeline; `offset` is where the window starts in
    the audio the model was given."""
    return tuple(
        TranscribedSegment(
            start=window.to_recording_time(start - offset),
            end=window.to_recording_time(end - offset),
            text=text,
        )
        for segment in segments
        for start, end, text in split_at_sentences(
            [TimedWord(w.start, w.end, w.word) for w in segment.words or ()]
        )
        if text
    )
