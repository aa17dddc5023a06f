"""Batched openai-whisper on a GPU: realtime factor, sequential against ASR_BATCH_SIZE 16, 64, 128.

Synthetic recordings of 30 minutes and 3 hours repeat the speech windows of a fixture lecture (its
VAD regions joined into windows of at most 30 s), so every window is real speech. Models: the
converted base weights (`offline-base`), and randomly initialised weights in the shapes of
`large-v3` and `large-v3-turbo`: no download needed, and the throughput a production model
reaches. Random weights rarely emit end-of-text, so each of their windows decodes to the engine's
limit of 224 tokens, about twice what real speech yields; and they fail every quality check real
weights pass, so for them the temperature fallback and the re-decoding of unfinished window tails
are off: one greedy pass of 224 tokens per window, an upper bound of a real model's usual work.
The target: a 3-hour lecture's transcript in at most 60 s on one H100 with a large-v3-class model.

Needs only torch, openai-whisper and this repository (faster-whisper for the VAD of the fixture):

    python -m benchmarks.gpu_whisper                    # on a CUDA machine: the full table
    python -m benchmarks.gpu_whisper --cpu-smoke        # tiny sizes on a CPU, to check it runs
"""

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from unittest import mock

import torch
from whisper.model import ModelDimensions, Whisper

from app.asr import openai_whisper_engine
from app.asr.base import SAMPLE_RATE, SpeechSpan, SpeechWindow, TranscriptionOptions
from app.asr.model_source import OFFLINE_BASE, resolve_openai_whisper_model
from app.asr.openai_whisper_engine import OpenAIWhisperEngine
from app.asr.speech import SpeechStream

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO.parent / "shared" / "fixtures" / "lecture_networks.mp3"
MODEL_CACHE = REPO / ".venv" / "model-cache"
TARGET_S = 60.0

# openai-whisper's published shapes (its checkpoints' `dims`).
LARGE_V3 = ModelDimensions(128, 1500, 1280, 20, 32, 51866, 448, 1280, 20, 32)
LARGE_V3_TURBO = ModelDimensions(128, 1500, 1280, 20, 32, 51866, 448, 1280, 20, 4)
# For --cpu-smoke: the same layouts at the size of `tiny`.
SMALL_V3 = ModelDimensions(128, 1500, 384, 6, 4, 51866, 448, 384, 6, 4)
SMALL_V3_TURBO = ModelDimensions(128, 1500, 384, 6, 4, 51866, 448, 384, 6, 1)


@dataclass(frozen=True)
class Plan:
    recordings_s: tuple[float, ...]
    batch_sizes: tuple[int, ...]
    random_models: dict[str, ModelDimensions]
    device: str


def plan(cpu_smoke: bool) -> Plan:
    if cpu_smoke:
        return Plan(
            (30.0, 60.0),
            (1, 4),
            {"large-v3 (tiny size)": SMALL_V3, "large-v3-turbo (tiny size)": SMALL_V3_TURBO},
            "cpu",
        )
    return Plan(
        (30 * 60.0, 3 * 3600.0),
        (1, 16, 64, 128),
        {"large-v3 (random)": LARGE_V3, "large-v3-turbo (random)": LARGE_V3_TURBO},
        "cuda",
    )


def synthetic_recording(source: list[SpeechWindow], seconds: float) -> list[SpeechWindow]:
    """The source windows repeated, laid end to end, until `seconds` of speech."""
    windows: list[SpeechWindow] = []
    start = 0.0
    while start < seconds:
        model = source[len(windows) % len(source)]
        duration = len(model.audio) / SAMPLE_RATE
        windows.append(SpeechWindow(len(windows), model.audio, (SpeechSpan(0.0, start, duration),)))
        start += duration
    return windows


def random_checkpoint(dims: ModelDimensions, directory: Path) -> str:
    """A checkpoint with small random weights (so that float16 activations stay finite)."""
    model = Whisper(dims)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("ln.weight") or name.endswith("ln_post.weight"):
                parameter.fill_(1.0)
            elif parameter.ndim == 1:
                parameter.zero_()
            else:
                parameter.normal_(0.0, 0.02)
    path = directory / f"random-{dims.n_audio_state}-{dims.n_text_layer}.pt"
    state = {name: tensor.half() for name, tensor in model.state_dict().items()}
    torch.save({"dims": asdict(dims), "model_state_dict": state}, path)
    return str(path)


@contextmanager
def one_greedy_pass_per_window() -> Iterator[None]:
    """For random weights: no fallback, no second pass over a window's unfinished tail."""
    segments = openai_whisper_engine._segments

    def without_resuming(*args):
        return segments(*args)[0], None

    with (
        mock.patch.object(openai_whisper_engine, "_failed", return_value=False),
        mock.patch.object(openai_whisper_engine, "_segments", without_resuming),
    ):
        yield


def transcribe_seconds(engine: OpenAIWhisperEngine, windows: list[SpeechWindow]) -> float:
    if engine.device.startswith("cuda"):
        torch.cuda.synchronize()
    started = time.perf_counter()
    for _ in engine.transcribe(iter(windows), TranscriptionOptions(language="en")):
        pass
    if engine.device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - started


def measure(
    engine: OpenAIWhisperEngine,
    name: str,
    source: list[SpeechWindow],
    setup: Plan,
    sequential_windows: int,
) -> None:
    transcribe_seconds(engine, source[:2])  # warm-up: kernels, allocator
    for seconds in setup.recordings_s:
        windows = synthetic_recording(source, seconds)
        for batch_size in setup.batch_sizes:
            engine.batch_size = batch_size
            # Sequential decoding of 3 hours of a large model outlasts a benchmark run: time a
            # prefix and scale it to the whole recording.
            measured = windows[:sequential_windows] if batch_size == 1 else windows
            wall = transcribe_seconds(engine, measured) * len(windows) / len(measured)
            scaled = "*" if len(measured) < len(windows) else " "
            print(
                f"{name:<28} {seconds / 60:7.1f} m {len(windows):7d} {batch_size:5d} "
                f"{wall:8.1f}{scaled}{seconds / wall:10.1f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-smoke", action="store_true", help="tiny sizes on the CPU")
    parser.add_argument("--audio", type=Path, default=FIXTURE)
    parser.add_argument(
        "--models", nargs="+", choices=("base", "large-v3", "large-v3-turbo"), default=None
    )
    parser.add_argument(
        "--sequential-windows",
        type=int,
        default=64,
        help="batch size 1 decodes this many windows and is scaled to the recording (marked *)",
    )
    args = parser.parse_args()
    setup = plan(args.cpu_smoke)
    if setup.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("no CUDA device: run with --cpu-smoke to check the script on a CPU")

    source = list(SpeechStream(args.audio).windows())
    device_name = torch.cuda.get_device_name() if setup.device == "cuda" else "CPU"
    print(f"device: {device_name}, torch {torch.__version__}")
    print(
        f"{'model':<28} {'recording':>9} {'windows':>7} {'batch':>5} {'wall s':>8} {'x realtime':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        models: dict[str, ModelDimensions | None] = {"base (converted)": None}
        models |= setup.random_models
        for name, dims in models.items():
            if args.models and name.split(" ")[0] not in args.models:
                continue
            checkpoint = (
                resolve_openai_whisper_model(OFFLINE_BASE, MODEL_CACHE)
                if dims is None
                else random_checkpoint(dims, Path(tmp))
            )
            engine = OpenAIWhisperEngine(checkpoint, device=setup.device)
            engine.batch_size = max(setup.batch_sizes)
            passes = nullcontext() if dims is None else one_greedy_pass_per_window()
            with passes:
                measure(engine, name, source, setup, args.sequential_windows)
            del engine
            if setup.device == "cuda":
                torch.cuda.empty_cache()
    print(f"* batch size 1 timed on the first {args.sequential_windows} windows, scaled")
    if not args.cpu_smoke:
        print(f"target: a 3-hour lecture in <= {TARGET_S:.0f} s (>= {3 * 3600 / TARGET_S:.0f}x)")


if __name__ == "__main__":
    main()
