"""The CTranslate2 → openai-whisper conversion: every tensor lands under its openai-whisper name and
shape, quantized weights come back dequantized, and the converted base model transcribes."""

import struct
from pathlib import Path

import numpy as np
import pytest
import torch
import whisper
from whisper.model import ModelDimensions, Whisper

from app.asr.base import SAMPLE_RATE, SpeechSpan, SpeechWindow, TranscriptionOptions
from app.asr.ct2_to_openai import (
    DTYPES,
    SUPPORTED_BINARY_VERSION,
    ConversionError,
    read_ct2_variables,
    whisper_state_dict,
)
from app.asr.model_source import OFFLINE_BASE, resolve_openai_whisper_model, resolve_whisper_model
from app.asr.openai_whisper_engine import OpenAIWhisperEngine
from tests.conftest import FIXTURES, MODEL_CACHE
from tests.text_metrics import word_error_rate

JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)


@pytest.fixture(scope="module")
def ct2_base() -> Path:
    return Path(resolve_whisper_model(OFFLINE_BASE, MODEL_CACHE))


@pytest.fixture(scope="module")
def converted(ct2_base) -> tuple[ModelDimensions, dict[str, torch.Tensor]]:
    return whisper_state_dict(read_ct2_variables(ct2_base / "model.bin"))


def test_every_openai_whisper_tensor_is_converted_with_its_shape(converted):
    dims, state = converted
    expected = Whisper(dims).state_dict()
    assert set(state) == set(expected)
    mismatched = {
        name: (tuple(state[name].shape), tuple(tensor.shape))
        for name, tensor in expected.items()
        if state[name].shape != tensor.shape
    }
    assert mismatched == {}


def test_dimensions_are_those_of_whisper_base(converted):
    dims, _ = converted
    assert (dims.n_mels, dims.n_vocab, dims.n_audio_layer, dims.n_text_layer) == (80, 51865, 6, 6)
    assert (dims.n_audio_state, dims.n_audio_head, dims.n_audio_ctx, dims.n_text_ctx) == (
        512,
        8,
        1500,
        448,
    )


def test_encoder_positions_are_whisper_sinusoids(converted):
    dims, state = converted
    sinusoids = whisper.model.sinusoids(dims.n_audio_ctx, dims.n_audio_state)
    torch.testing.assert_close(
        state["encoder.positional_embedding"].float(), sinusoids, atol=1e-3, rtol=0
    )


def test_ctranslate2_alignment_heads_are_openai_whispers_for_base(ct2_base):
    import base64
    import gzip
    import json

    dump = gzip.decompress(base64.b85decode(whisper._ALIGNMENT_HEADS["base"]))
    mask = np.frombuffer(dump, dtype=bool).reshape(6, 8)
    openai_heads = {tuple(int(i) for i in pair) for pair in np.argwhere(mask)}
    config = json.loads((ct2_base / "config.json").read_text())
    assert {tuple(pair) for pair in config["alignment_heads"]} == openai_heads


def _write_ct2(path: Path, variables: dict[str, np.ndarray], aliases: dict[str, str]) -> None:
    """A model.bin in CTranslate2's layout, written independently of the reader under test."""

    def string(text: str) -> bytes:
        return struct.pack("<H", len(text) + 1) + text.encode() + b"\0"

    out = struct.pack("<I", SUPPORTED_BINARY_VERSION) + string("WhisperSpec") + struct.pack("<I", 3)
    out += struct.pack("<I", len(variables))
    for name, value in variables.items():
        out += string(name) + struct.pack("<B", value.ndim)
        out += b"".join(struct.pack("<I", dim) for dim in value.shape)
        raw = value.tobytes()
        out += struct.pack("<B", DTYPES.index(str(value.dtype))) + struct.pack("<I", len(raw)) + raw
    out += struct.pack("<I", len(aliases))
    for alias, target in aliases.items():
        out += string(alias) + string(target)
    path.write_bytes(out)


def test_int8_weights_are_dequantized_by_their_row_scales_and_aliases_resolved(tmp_path):
    weight = np.array([[0.5, -1.0], [2.0, 0.25]], dtype=np.float32)
    scale = 127.0 / np.abs(weight).max(axis=1)
    quantized = np.rint(weight * scale[:, None]).astype(np.int8)
    _write_ct2(
        tmp_path / "model.bin",
        {
            "decoder/embeddings/weight": quantized,
            "decoder/embeddings/weight_scale": scale.astype(np.float32),
            "decoder/layer_norm/gamma": np.ones(2, dtype=np.float16),
        },
        {"decoder/projection/weight": "decoder/embeddings/weight"},
    )
    variables = read_ct2_variables(tmp_path / "model.bin")
    assert set(variables) == {
        "decoder/embeddings/weight",
        "decoder/layer_norm/gamma",
        "decoder/projection/weight",
    }
    np.testing.assert_allclose(variables["decoder/embeddings/weight"], weight, atol=1 / 127)
    assert variables["decoder/layer_norm/gamma"].dtype == np.float32
    np.testing.assert_array_equal(
        variables["decoder/projection/weight"], variables["decoder/embeddings/weight"]
    )


def test_a_model_that_is_not_whisper_is_refused(tmp_path):
    (tmp_path / "model.bin").write_bytes(
        struct.pack("<I", SUPPORTED_BINARY_VERSION) + struct.pack("<H", 16) + b"TransformerSpec\0"
    )
    with pytest.raises(ConversionError, match="TransformerSpec, not a Whisper model"):
        read_ct2_variables(tmp_path / "model.bin")


def test_the_converted_base_model_transcribes_jfk():
    checkpoint = resolve_openai_whisper_model(OFFLINE_BASE, MODEL_CACHE)
    assert whisper.load_model(checkpoint, device="cpu").dims.n_vocab == 51865
    engine = OpenAIWhisperEngine(checkpoint, model_name=OFFLINE_BASE, device="cpu")
    audio = whisper.load_audio(str(FIXTURES / "jfk.flac"))
    window = SpeechWindow(0, audio, (SpeechSpan(0.0, 0.0, len(audio) / SAMPLE_RATE),))
    assert engine.detect_language([window])[0] == "en"
    (decoded,) = engine.transcribe(iter([window]), TranscriptionOptions(language="en"))
    text = " ".join(segment.text for segment in decoded.segments)
    assert word_error_rate(JFK, text) <= 0.05, text
