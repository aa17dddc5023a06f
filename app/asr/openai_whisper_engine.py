"""Whisper through PyTorch (openai-whisper): speech windows decoded in batches, fp16 on a GPU.

Batched as WhisperX and WhisperS2T do it: the log-mels of up to `batch_size` windows go through one
greedy `whisper.decode` (its batched beam search is broken in 20250625). A window whose text fails
Whisper's own checks (too repetitive, too improbable) is decoded again alone with temperature
fallback, so a window's text never depends on the windows batched with it. With ASR_BATCH_SIZE=1
windows go one at a time, as whisper.transcribe decodes them: beam search, each window prompted
with the text before it (the prompt is the DecodedWindow's context, so a resumed run continues it).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import islice

import torch
import whisper
from whisper.decoding import DecodingOptions, DecodingResult
from whisper.tokenizer import Tokenizer, get_tokenizer

from app.asr.base import (
    SAMPLE_RATE,
    DecodedWindow,
    DeviceUnavailable,
    SpeechWindow,
    TranscribedSegment,
    TranscriptionEngine,
    TranscriptionOptions,
)
from app.asr.model_source import OFFLINE_BASE

# whisper.transcribe's defaults: a decoding whose gzip ratio is above the first is repetitive, one
# whose mean token log-probability is below the second is unreliable, and one that is unreliable
# while the no-speech probability is above the third is silence.
COMPRESSION_RATIO_THRESHOLD = 2.4
LOGPROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6
FALLBACK_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)
FALLBACK_BEST_OF = 5
# whisper.transcribe's prompt: at most half the text context, and reset above this temperature.
PROMPT_TOKENS = 223
PROMPT_RESET_ON_TEMPERATURE = 0.5
# Seconds per timestamp token, and timestamp positions in one 30 s input.
TIME_PRECISION = 0.02
FRAMES_PER_WINDOW = 1501


@dataclass(frozen=True, slots=True)
class _Piece:
    """What is left to decode of one window of a batch: its audio from `offset` s on."""

    position: int
    offset: float


def pick_torch_device(requested: str) -> str:
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise DeviceUnavailable(
            f"ASR_DEVICE={requested}, but PyTorch sees no usable CUDA device (no GPU, no driver, or "
            f"a CPU-only torch {torch.__version__}). Set ASR_DEVICE=cpu or auto to run on the CPU."
        )
    return requested


class OpenAIWhisperEngine(TranscriptionEngine):
    name = "openai-whisper"

    def __init__(
        self,
        model: str,
        *,
        model_name: str | None = None,
        device: str = "auto",
        batch_size: int = 1,
        download_root: str | None = None,
    ) -> None:
        self.model_name = model_name or model
        self.device = pick_torch_device(device)
        self.fp16 = self.device.startswith("cuda")
        self.compute_type = "float16" if self.fp16 else "float32"
        self.batch_size = batch_size
        self.model = whisper.load_model(model, device=self.device, download_root=download_root)
        if self.model_name == OFFLINE_BASE:
            # What whisper.load_model("base") sets: the converted weights are OpenAI's base model.
            self.model.set_alignment_heads(whisper._ALIGNMENT_HEADS["base"])

    def detect_language(self, windows: Sequence[SpeechWindow]) -> tuple[str, float]:
        if not self.model.is_multilingual:
            return "en", 1.0
        _, per_window = whisper.detect_language(self.model, self._log_mels(windows))
        languages = per_window[0].keys()
        mean = {
            code: sum(probs[code] for probs in per_window) / len(per_window) for code in languages
        }
        language = max(mean, key=mean.__getitem__)
        return language, mean[language]

    def transcribe(
        self, windows: Iterator[SpeechWindow], options: TranscriptionOptions
    ) -> Iterator[DecodedWindow]:
        tokenizer = get_tokenizer(
            self.model.is_multilingual,
            num_languages=self.model.num_languages,
            language=options.language,
            task="transcribe",
        )
        # Batches decode greedily: batched beam search is broken in openai-whisper 20250625.
        beam_size = options.beam_size if self.batch_size == 1 and options.beam_size > 1 else None
        decoding = DecodingOptions(
            language=options.language,
            task="transcribe",
            temperature=0.0,
            beam_size=beam_size,
            fp16=self.fp16,
        )
        # One window at a time, each is prompted with the text before it, as whisper.transcribe does;
        # batches have no such context (their windows are decoded side by side).
        context = list(options.context) if self.batch_size == 1 else []
        while batch := list(islice(windows, self.batch_size)):
            segments: list[list[TranscribedSegment]] = [[] for _ in batch]
            # Whisper leaves a sentence that runs into the end of its 30 s input for the next input
            # (whisper.transcribe seeks to its last timestamp): the rest of such a window is decoded
            # again, with the rest of the others, until every window is done.
            pieces = [_Piece(position, 0.0) for position in range(len(batch))]
            while pieces:
                windows_now = [batch[piece.position] for piece in pieces]
                mels = self._log_mels(windows_now, [piece.offset for piece in pieces])
                prompted = replace(decoding, prompt=context[-PROMPT_TOKENS:] or None)
                with torch.inference_mode():
                    results = self.model.decode(mels, prompted)
                next_pieces = []
                for piece, window, mel, result in zip(
                    pieces, windows_now, mels, results, strict=True
                ):
                    if _failed(result):
                        result = self._decode_with_fallback(window, piece.offset, mel, prompted)
                    if _is_silence(result):
                        continue
                    if self.batch_size == 1:
                        context = _context_after(context, result)
                    found, resume_at = _segments(window, piece.offset, result, tokenizer)
                    segments[piece.position].extend(found)
                    if resume_at is not None:
                        next_pieces.append(_Piece(piece.position, resume_at))
                pieces = next_pieces
            for window, found in zip(batch, segments, strict=True):
                yield DecodedWindow(
                    window=window, segments=tuple(found), context=tuple(context[-PROMPT_TOKENS:])
                )

    def _log_mels(
        self, windows: Sequence[SpeechWindow], offsets: Sequence[float] | None = None
    ) -> torch.Tensor:
        """Log-mels of the windows' audio from `offsets` seconds on, padded to 30 s and stacked."""
        return torch.stack(
            [
                whisper.pad_or_trim(
                    whisper.log_mel_spectrogram(
                        torch.from_numpy(window.audio[round(offset * SAMPLE_RATE) :]),
                        n_mels=self.model.dims.n_mels,
                        device=self.device,
                    ),
                    whisper.audio.N_FRAMES,
                )
                for window, offset in zip(windows, offsets or [0.0] * len(windows), strict=True)
            ]
        )

    def _decode_with_fallback(
        self, window: SpeechWindow, offset: float, mel: torch.Tensor, greedy: DecodingOptions
    ) -> DecodingResult:
        """Sample at rising temperatures until a result passes, as whisper.transcribe does; seeded
        by the window and offset so that a window decodes the same in any batch and on a resumed run."""
        result = None
        with torch.random.fork_rng(devices=[self.model.device] if self.fp16 else []):
            torch.manual_seed(window.index * FRAMES_PER_WINDOW + round(offset / TIME_PRECISION))
            for temperature in FALLBACK_TEMPERATURES:
                options = DecodingOptions(
                    language=greedy.language,
                    task=greedy.task,
                    temperature=temperature,
                    best_of=FALLBACK_BEST_OF,
                    prompt=greedy.prompt,
                    fp16=greedy.fp16,
                )
                with torch.inference_mode():
                    result = self.model.decode(mel, options)
                if not _failed(result):
                    break
        return result


def _context_after(context: list[int], result: DecodingResult) -> list[int]:
    """The prompt for what follows: every token so far, forgotten after a decoding so uncertain that
    it needed a high temperature (whisper.transcribe's prompt_reset_on_temperature)."""
    if result.temperature > PROMPT_RESET_ON_TEMPERATURE:
        return []
    return [*context, *result.tokens][-PROMPT_TOKENS:]


def _failed(result: DecodingResult) -> bool:
    unreliable = (
        result.compression_ratio > COMPRESSION_RATIO_THRESHOLD
        or result.avg_logprob < LOGPROB_THRESHOLD
    )
    return unreliable and not _is_silence(result)


def _is_silence(result: DecodingResult) -> bool:
    return result.no_speech_prob > NO_SPEECH_THRESHOLD and result.avg_logprob < LOGPROB_THRESHOLD


def _segments(
    window: SpeechWindow, offset: float, result: DecodingResult, tokenizer: Tokenizer
) -> tuple[list[TranscribedSegment], float | None]:
    """The segments of a decoding that started `offset` s into the window, in the recording's
    timeline, and where to decode again when it left its last sentence unfinished (as
    whisper.transcribe reads Whisper's timestamp tokens: `<|t0|> text <|t1|><|t1|> text <|t2|>`)."""
    window_seconds = len(window.audio) / SAMPLE_RATE
    tokens = result.tokens
    is_time = [token >= tokenizer.timestamp_begin for token in tokens]

    def seconds(token: int) -> float:
        return min(offset + (token - tokenizer.timestamp_begin) * TIME_PRECISION, window_seconds)

    def segment(start: float, end: float, text_tokens: list[int]) -> list[TranscribedSegment]:
        text = tokenizer.decode(text_tokens).strip()
        if not text:
            return []
        return [
            TranscribedSegment(
                start=window.to_recording_time(min(start, end)),
                end=window.to_recording_time(end),
                text=text,
            )
        ]

    # A pair of timestamps closes one segment and opens the next.
    boundaries = [i + 1 for i in range(len(tokens) - 1) if is_time[i] and is_time[i + 1]]
    if not boundaries:
        stamps = [token for token, timed in zip(tokens, is_time, strict=True) if timed]
        end = seconds(stamps[-1]) if stamps and stamps[-1] != tokenizer.timestamp_begin else None
        return segment(offset, end if end is not None else window_seconds, tokens), None

    # One timestamp at the very end: the speech ended there, nothing is left over.
    finished = is_time[-2:] == [False, True]
    if finished:
        boundaries.append(len(tokens))
    found, begin = [], 0
    for boundary in boundaries:
        piece = tokens[begin:boundary]
        found += segment(seconds(piece[0]), seconds(piece[-1]), piece)
        begin = boundary
    resume_at = None if finished else seconds(tokens[begin - 1])
    if resume_at is not None and (resume_at <= offset or resume_at >= window_seconds):
        resume_at = None
    return found, resume_at
