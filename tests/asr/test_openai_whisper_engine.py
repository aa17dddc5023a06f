"""The openai-whisper engine on the CPU: batched decoding gives what greedy decoding of each window
alone gives, its word error rate stays within 0.02 of the faster-whisper engine's on the same speech
windows, segment times are in the recording's timeline, and it recognises a recording's language."""

from itertools import islice
from pathlib import Path

import pytest
import torch

from app.asr.base import DecodedWindow, DeviceUnavailable, SpeechWindow, TranscriptionOptions
from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import OFFLINE_BASE, resolve_openai_whisper_model, resolve_whisper_model
from app.asr.openai_whisper_engine import OpenAIWhisperEngine, pick_torch_device
from app.asr.speech import SpeechStream
from tests.conftest import FIXTURES, MODEL_CACHE
from tests.text_metrics import word_error_rate

LECTURE = FIXTURES / "lecture_networks.mp3"
BATCH_SIZE = 4


@pytest.fixture(scope="module")
def checkpoint() -> str:
    return resolve_openai_whisper_model(OFFLINE_BASE, MODEL_CACHE)


@pytest.fixture(scope="module")
def engine(checkpoint) -> OpenAIWhisperEngine:
    return OpenAIWhisperEngine(
        checkpoint, model_name=OFFLINE_BASE, device="cpu", batch_size=BATCH_SIZE
    )


@pytest.fixture(scope="module")
def windows() -> list[SpeechWindow]:
    return list(SpeechStream(LECTURE).windows())


@pytest.fixture(scope="module")
def batched(engine, windows) -> list[DecodedWindow]:
    return list(engine.transcribe(iter(windows), TranscriptionOptions(language="en")))


def text_of(decoded: list[DecodedWindow]) -> str:
    return " ".join(segment.text for window in decoded for segment in window.segments)


def test_the_fixture_makes_more_windows_than_one_batch(windows):
    assert len(windows) > BATCH_SIZE


def test_one_decoded_window_per_window_in_order(batched, windows):
    assert [decoded.window.index for decoded in batched] == [window.index for window in windows]
    assert all(decoded.context == () for decoded in batched)


def test_a_batch_decodes_as_its_windows_do_one_at_a_time(checkpoint, batched, windows):
    alone = OpenAIWhisperEngine(checkpoint, model_name=OFFLINE_BASE, device="cpu", batch_size=1)
    # Two windows of the first batch of four, to keep the suite quick on a CPU; greedy, as batches are.
    some = windows[:2]
    greedy = TranscriptionOptions(language="en", beam_size=1)
    # Each window in a call of its own: no text before it, as in a batch.
    one_by_one = [
        decoded for window in some for decoded in alone.transcribe(iter([window]), greedy)
    ]
    assert [d.segments for d in one_by_one] == [d.segments for d in batched[: len(some)]]


def test_segments_lie_in_their_window_in_the_recordings_timeline(batched):
    starts = []
    for decoded in batched:
        window = decoded.window
        assert decoded.segments, f"window {window.index} decoded to nothing"
        for segment in decoded.segments:
            assert window.recording_start <= segment.start <= segment.end <= window.recording_end
            starts.append(segment.start)
    assert starts == sorted(starts)
    assert batched[-1].segments[-1].end > 100  # the 119 s lecture's last words


def test_word_error_rate_is_within_002_of_the_faster_whisper_engine(checkpoint, windows):
    """Both engines as a CPU worker runs them by default: one window at a time, beam 5."""
    reference = (FIXTURES / "lecture_networks.txt").read_text()
    options = TranscriptionOptions(language="en", beam_size=5)
    openai_whisper = OpenAIWhisperEngine(checkpoint, model_name=OFFLINE_BASE, device="cpu")
    faster_whisper = FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_BASE, MODEL_CACHE), model_name=OFFLINE_BASE, device="cpu"
    )

    ours = word_error_rate(
        reference, text_of(list(openai_whisper.transcribe(iter(windows), options)))
    )
    theirs = word_error_rate(
        reference, text_of(list(faster_whisper.transcribe(iter(windows), options)))
    )

    assert ours <= theirs + 0.02, (ours, theirs)


@pytest.mark.parametrize(
    ("recording", "language"),
    [("lecture_ru_biology.ogg", "ru"), ("lecture_networks.mp3", "en")],
)
def test_language_is_detected_on_the_first_windows(engine, recording: str, language: str):
    detected, probability = engine.detect_language(
        list(islice(SpeechStream(FIXTURES / recording).windows(), 2))
    )
    assert detected == language
    assert 0 < probability <= 1


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a CUDA device")
def test_cuda_without_a_usable_gpu_is_a_clear_error_not_a_cpu_fallback(checkpoint: Path):
    with pytest.raises(DeviceUnavailable, match="ASR_DEVICE=cuda, but PyTorch sees no usable CUDA"):
        OpenAIWhisperEngine(checkpoint, device="cuda")


def test_auto_picks_the_gpu_only_when_torch_has_one():
    assert pick_torch_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    assert pick_torch_device("cpu") == "cpu"
