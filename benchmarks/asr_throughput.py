"""ASR throughput of konspekt's transcription stage against plain faster-whisper, same process.

All sides share one WhisperModel (tiny.en, int8 on CPU) and the same options; the stage adds
slice-by-slice decoding with VAD per slice, one model call per speech window, segment and
checkpoint persistence to SQLite and progress reports. The stage runs twice: windows one by one
(ASR_BATCH_SIZE=1) and batched (--batch-size, faster-whisper's BatchedInferencePipeline). Runs
alternate so that machine noise hits all; the figures are ratios of median wall times (1.0 = as
fast as plain faster-whisper).

    .venv/bin/python -m benchmarks.asr_throughput [audio file] [--runs N] [--batch-size N]
"""

import argparse
import asyncio
import copy
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import OFFLINE_TINY_EN, resolve_whisper_model
from app.lifecycle import Lifecycle
from app.models import Lecture
from app.pipeline.transcription import TranscriptionStage
from app.repository.sqlite import SqliteLectureRepository

FIXTURE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "lecture_networks.mp3"
BEAM_SIZE = 5


def plain_transcribe(engine: FasterWhisperEngine, audio_path: Path) -> int:
    segments, _ = engine.model.transcribe(
        str(audio_path), language="en", beam_size=BEAM_SIZE, vad_filter=True
    )
    return sum(1 for _ in segments)


async def pipeline_transcribe(engine: FasterWhisperEngine, audio_path: Path, run: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repository = SqliteLectureRepository(Path(tmp) / "bench.sqlite3")
        await repository.connect()
        try:
            lecture = Lecture(
                id=f"bench-{run}",
                title="bench",
                filename=audio_path.name,
                storage_key="-",
                size_bytes=audio_path.stat().st_size,
                content_sha256="-",
                requested_language="en",
                template="default",
                created_at=datetime.now(UTC),
            )
            await repository.add_lecture(lecture)
            run_of_lecture = await Lifecycle(repository).start(
                lecture.id, lecture.run_id, max_attempts=1
            )
            stage = TranscriptionStage(engine, repository, BEAM_SIZE, threading.Lock())
            await stage.run(run_of_lecture, audio_path)
            return len(await repository.get_segments(lecture.id))
        finally:
            await repository.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("audio", nargs="?", type=Path, default=FIXTURE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()

    sequential = FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_TINY_EN, Path(tempfile.gettempdir())),
        device="cpu",
        compute_type="int8",
    )
    batched = copy.copy(sequential)  # the same loaded model, decoding windows in batches
    batched.batch_size = args.batch_size
    plain_transcribe(sequential, args.audio)  # warm-up: first call pays one-off initialisation
    times: dict[str, list[float]] = {"plain": [], "sequential": [], "batched": []}
    for run in range(args.runs):
        started = time.perf_counter()
        plain_segments = plain_transcribe(sequential, args.audio)
        times["plain"].append(time.perf_counter() - started)
        started = time.perf_counter()
        sequential_segments = asyncio.run(pipeline_transcribe(sequential, args.audio, run))
        times["sequential"].append(time.perf_counter() - started)
        started = time.perf_counter()
        batched_segments = asyncio.run(pipeline_transcribe(batched, args.audio, run))
        times["batched"].append(time.perf_counter() - started)
        print(
            f"run {run + 1}: plain {times['plain'][-1]:.2f}s ({plain_segments} segments), "
            f"stage sequential {times['sequential'][-1]:.2f}s ({sequential_segments} segments), "
            f"stage batched {times['batched'][-1]:.2f}s ({batched_segments} segments)"
        )
    median = {side: statistics.median(values) for side, values in times.items()}
    print(f"file: {args.audio.name}; model tiny.en int8 on CPU, beam {BEAM_SIZE}, VAD on")
    print(
        f"median plain faster-whisper: {median['plain']:.2f}s; stage sequential: "
        f"{median['sequential']:.2f}s; stage batched ({args.batch_size}): {median['batched']:.2f}s"
    )
    print(
        f"throughput relative to plain: sequential {median['plain'] / median['sequential']:.3f}x, "
        f"batched {median['plain'] / median['batched']:.3f}x"
    )


if __name__ == "__main__":
    main()
