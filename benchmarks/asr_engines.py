"""The openai-whisper engine against faster-whisper on a CPU: same speech windows, same process.

Windows are the transcription stage's own speech windows (app.asr.speech). faster-whisper
decodes each window alone (int8, no previous-text prompt), greedy and with beam 5; openai-whisper
decodes them through the engine (float32, greedy, `--batch-size` at a time). Runs alternate so that
machine noise hits every side; the table gives median wall times, the ratio to faster-whisper's
greedy run, and each side's WER against the fixture's reference text.

    .venv/bin/python -m benchmarks.asr_engines [audio file] [--runs N] [--batch-size N]
"""

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from faster_whisper import WhisperModel

from app.asr.base import SpeechWindow, TranscriptionOptions
from app.asr.model_source import OFFLINE_BASE, resolve_openai_whisper_model, resolve_whisper_model
from app.asr.openai_whisper_engine import OpenAIWhisperEngine
from app.asr.speech import SpeechStream
from tests.text_metrics import word_error_rate

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO.parent / "shared" / "fixtures" / "lecture_networks.mp3"
MODEL_CACHE = REPO / ".venv" / "model-cache"


def faster_whisper_text(model: WhisperModel, windows: list[SpeechWindow], beam_size: int) -> str:
    return " ".join(
        segment.text.strip()
        for window in windows
        for segment in model.transcribe(
            window.audio,
            language="en",
            beam_size=beam_size,
            vad_filter=False,
            condition_on_previous_text=False,
        )[0]
    )


def openai_whisper_text(engine: OpenAIWhisperEngine, windows: list[SpeechWindow]) -> str:
    decoded = engine.transcribe(iter(windows), TranscriptionOptions(language="en"))
    return " ".join(segment.text for window in decoded for segment in window.segments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("audio", type=Path, nargs="?", default=FIXTURE)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=4)
    args = parser.parse_args()

    windows = list(SpeechStream(args.audio).windows())
    speech_s = sum(len(window.audio) for window in windows) / 16_000
    reference_path = args.audio.with_suffix(".txt")
    reference = reference_path.read_text() if reference_path.is_file() else None

    faster = WhisperModel(
        resolve_whisper_model(OFFLINE_BASE, MODEL_CACHE), device="cpu", compute_type="int8"
    )
    engine = OpenAIWhisperEngine(
        resolve_openai_whisper_model(OFFLINE_BASE, MODEL_CACHE),
        model_name=OFFLINE_BASE,
        device="cpu",
        batch_size=args.batch_size,
    )
    sides: dict[str, Callable[[], str]] = {
        "faster-whisper int8, greedy": lambda: faster_whisper_text(faster, windows, 1),
        "faster-whisper int8, beam 5": lambda: faster_whisper_text(faster, windows, 5),
        f"openai-whisper fp32, greedy, batch {args.batch_size}": lambda: openai_whisper_text(
            engine, windows
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    texts: dict[str, str] = {}
    for _ in range(args.runs):
        for name, transcribe in sides.items():
            started = time.perf_counter()
            texts[name] = transcribe()
            times[name].append(time.perf_counter() - started)

    baseline = statistics.median(times["faster-whisper int8, greedy"])
    print(
        f"{args.audio.name}: {len(windows)} windows, {speech_s:.0f} s of speech, {args.runs} run(s)"
    )
    print(f"{'engine':<40} {'wall s':>8} {'x realtime':>10} {'ratio':>6} {'WER':>6}")
    for name, runs in times.items():
        wall = statistics.median(runs)
        wer = f"{word_error_rate(reference, texts[name]):.3f}" if reference else "-"
        print(f"{name:<40} {wall:8.1f} {speech_s / wall:10.2f} {wall / baseline:6.2f} {wer:>6}")


if __name__ == "__main__":
    main()
