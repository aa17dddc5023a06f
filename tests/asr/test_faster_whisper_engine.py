"""faster-whisper decodes speech windows one by one (with the text before as prompt) or in batches
(without): either way one DecodedWindow per window, in order, on the recording's timeline."""

from pathlib import Path

import pytest

from app.asr.base import TranscriptionOptions
from app.asr.faster_whisper_engine import PROMPT_TOKENS, FasterWhisperEngine
from app.asr.model_source import OFFLINE_TINY_EN, resolve_whisper_model
from app.asr.speech import SpeechStream
from tests.conftest import FIXTURES

LECTURE = FIXTURES / "lecture_networks.mp3"


@pytest.fixture(scope="module")
def engine() -> FasterWhisperEngine:
    return FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_TINY_EN, Path("/nonexistent")), model_name=OFFLINE_TINY_EN
    )


@pytest.fixture(scope="module")
def windows():
    return list(SpeechStream(LECTURE).windows())


@pytest.mark.parametrize("batch_size", [1, 3])
def test_each_window_is_decoded_in_order_onto_the_recordings_timeline(
    engine, windows, batch_size, monkeypatch
):
    monkeypatch.setattr(engine, "batch_size", batch_size)

    decoded = list(engine.transcribe(iter(windows), TranscriptionOptions("en", beam_size=1)))

    assert [d.window for d in decoded] == windows
    for result in decoded:
        assert result.segments, f"window {result.window.index} decoded to nothing"
        for segment in result.segments:
            assert result.window.recording_start <= segment.start <= segment.end
            assert segment.end <= result.window.recording_end + 0.01
    text = " ".join(s.text for d in decoded for s in d.segments).lower()
    assert "protocol" in text and "bandwidth" in text
    contexts = [d.context for d in decoded]
    if batch_size == 1:
        assert all(0 < len(context) <= PROMPT_TOKENS for context in contexts)
    else:
        assert contexts == [()] * len(decoded)


def test_the_language_of_an_english_only_model_is_english(engine, windows):
    assert engine.detect_language(windows[:2]) == ("en", 1.0)
