"""ASR throughput of konspekt's transcription stage against plain faster-whisper, same process.

Both sides share one WhisperModel (tiny.en, int8 on CPU) and the same options; the stage adds
decoding into memory, segment persistence to SQLite and progress reports. Runs alternate so that
machine noise hits both; the figure is the ratio of median wall times (1.0 = no overhead).

    .venv/bin/python -m benchmarks.asr_throughput [audio file] [--runs N]
"""

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import OFFLINE_TINY_EN, resolve_whisper_model
from app.models import Lecture
from app.pipeline.transcription import transcribe_lecture
from app.repository.sqlite import SqliteLectureRepository
from app.storage.local import LocalStorage

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
        storage = LocalStorage(Path(tmp) / "objects")  # where the stage keeps its checkpoints
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

            async def ignore_progress(_: float) -> None:
                return None

            await transcribe_lecture(
                lecture,
                audio_path,
                engine,
                repository,
                storage,
                BEAM_SIZE,
                ignore_progress,
                threading.Lock(),
            )
            return len(await repository.get_segments(lecture.id))
        finally:
            await repository.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("audio", nargs="?", type=Path, default=FIXTURE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    engine = FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_TINY_EN, Path(tempfile.gettempdir())),
        device="cpu",
        compute_type="int8",
    )
    plain_transcribe(engine, args.audio)  # warm-up: first call pays one-off initialisation
    plain_times, stage_times = [], []
    for run in range(args.runs):
        started = time.perf_counter()
        plain_segments = plain_transcribe(engine, args.audio)
        plain_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        stage_segments = asyncio.run(pipeline_transcribe(engine, args.audio, run))
        stage_times.append(time.perf_counter() - started)
        print(
            f"run {run + 1}: plain {plain_times[-1]:.2f}s ({plain_segments} segments), "
            f"pipeline stage {stage_times[-1]:.2f}s ({stage_segments} segments)"
        )
    plain, stage = statistics.median(plain_times), statistics.median(stage_times)
    print(f"file: {args.audio.name}; model tiny.en int8 on CPU, beam {BEAM_SIZE}, VAD on")
    print(f"median plain faster-whisper: {plain:.2f}s; median pipeline stage: {stage:.2f}s")
    print(f"pipeline throughput relative to plain: {plain / stage:.3f}x")


if __name__ == "__main__":
    main()
