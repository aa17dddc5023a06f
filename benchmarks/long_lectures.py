"""Worker peak RSS and wall time by stage for long lectures, and a 10-hour silent recording.

Builds synthetic lectures (espeak-ng reading the English fixture lectures, looped with ffmpeg to
10, 60 and 180 minutes, MP3 64 kbit/s mono 22.05 kHz) and 10 hours of MP3 silence, cached in
/tmp/konspekt-long-lectures. Each recording runs through the worker's pipeline (SQLite, local
storage) in a fresh process that first loads the worker's models, Whisper tiny.en (int8, fast
enough on 2 cores) and SmolLM2; its peak RSS (VmHWM) covers models and processing. The glossary
and summary stages run rules-only (no LLM calls) unless --llm-stages is given: their cost does not
depend on how the audio is decoded.

    .venv/bin/python -m benchmarks.long_lectures [--minutes 10 60 180] [--silent-hours 10]
        [--batch-size N] [--beam-size N]

Run the same file from a checkout of the code before streaming for the "before" figures.
"""

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures"
CACHE = Path(tempfile.gettempdir()) / "konspekt-long-lectures"
TEXTS = ("lecture_networks.txt", "lecture_cells.txt")
STAGES = ("transcribing", "glossary", "summary")


def build_lecture(minutes: int) -> Path:
    """espeak-ng reading the fixture texts once, looped to `minutes`, as MP3."""
    target = CACHE / f"lecture_{minutes}min.mp3"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    spoken = CACHE / "spoken.wav"
    if not spoken.exists():
        text = "\n\n".join((FIXTURES / name).read_text() for name in TEXTS)
        subprocess.run(
            ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(spoken), text], check=True
        )
    _ffmpeg("-stream_loop", "-1", "-i", str(spoken), "-t", str(minutes * 60), *_MP3, target)
    return target


def build_silence(hours: int) -> Path:
    target = CACHE / f"silence_{hours}h.mp3"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        source = ("-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono")
        _ffmpeg(*source, "-t", str(hours * 3600), *_MP3, target)
    return target


_MP3 = ("-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", "-b:a", "64k")


def _ffmpeg(*arguments: str | Path) -> None:
    partial = Path(str(arguments[-1]) + ".partial.mp3")
    command = ["ffmpeg", "-v", "error", "-y", *map(str, arguments[:-1]), str(partial)]
    subprocess.run(command, check=True)
    partial.rename(arguments[-1])


def memory_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


async def process_one(path: Path, batch_size: int, beam_size: int, llm_stages: bool) -> dict:
    """In this process: load the models, run the lecture through the pipeline, measure."""
    from app.asr.faster_whisper_engine import FasterWhisperEngine
    from app.asr.model_source import OFFLINE_TINY_EN, resolve_whisper_model
    from app.models import Lecture
    from app.notes.llm import LanguageModel
    from app.notes.templates import TemplateLibrary
    from app.pipeline.runner import LecturePipeline, RunLimits
    from app.repository.sqlite import SqliteLectureRepository
    from app.storage.local import LocalStorage

    tmp = Path(tempfile.mkdtemp(prefix="konspekt-bench-"))
    options = {"batch_size": batch_size} if batch_size > 1 else {}
    engine = FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_TINY_EN, tmp), model_name=OFFLINE_TINY_EN, **options
    )
    llm = LanguageModel.load(
        "offline-smollm2", context_tokens=2048, gpu_layers=0, threads=0, cache_dir=tmp
    )
    models_loaded_kib = memory_kib("VmRSS")
    repository = SqliteLectureRepository(tmp / "db.sqlite3")
    await repository.connect()
    storage = LocalStorage(tmp / "objects")
    await storage.ensure_ready()
    pipeline = LecturePipeline(
        repository=repository,
        storage=storage,
        engine=engine,
        llm=llm if llm_stages else None,
        templates=TemplateLibrary(),
        beam_size=beam_size,
        limits=RunLimits(max_attempts=1, timeout_s=24 * 3600),
    )
    lecture = Lecture(
        id="bench",
        title="bench",
        filename=path.name,
        storage_key="lectures/bench/original",
        size_bytes=path.stat().st_size,
        content_sha256="-",
        requested_language="en",
        template="default",
        created_at=datetime.now(UTC),
    )
    await storage.put_file(lecture.storage_key, path, "audio/mpeg")
    await repository.add_lecture(lecture)

    stage_started: dict[str, float] = {}
    stage_peak_kib: dict[str, int] = {}
    current = ["queued"]
    sampling = True

    def sample() -> None:
        while sampling:
            rss = memory_kib("VmRSS")
            stage_peak_kib[current[0]] = max(stage_peak_kib.get(current[0], 0), rss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    run = await pipeline.start(lecture.id, lecture.run_id)
    report = run.report

    async def timed_report(stage, fraction):
        stage_started.setdefault(stage.value, time.perf_counter() - started)
        current[0] = stage.value
        await report(stage, fraction)

    run.report = timed_report
    outcome = await pipeline.process(run)
    finished = time.perf_counter() - started
    sampling = False
    sampler.join()
    done = await repository.get_lecture(lecture.id)
    segments = await repository.get_segments(lecture.id)
    await repository.close()
    shutil.rmtree(tmp)
    marks = [stage_started.get(stage) for stage in STAGES] + [finished]
    stage_s = {
        stage: (marks[i + 1] - marks[i]) if marks[i] is not None and marks[i + 1] else None
        for i, stage in enumerate(STAGES)
    }
    return {
        "file": path.name,
        "outcome": str(outcome),
        "error": done.error,
        "duration_s": done.duration,
        "segments": len(segments),
        "wall_s": finished,
        "stage_s": stage_s,
        "stage_peak_mib": {k: v / 1024 for k, v in stage_peak_kib.items()},
        "models_loaded_mib": models_loaded_kib / 1024,
        "peak_mib": memory_kib("VmHWM") / 1024,
    }


def measure(path: Path, args: argparse.Namespace) -> dict:
    """One recording in a fresh process, so that its peak RSS is its own."""
    command = [sys.executable, "-m", "benchmarks.long_lectures", "--one", str(path)]
    command += ["--batch-size", str(args.batch_size), "--beam-size", str(args.beam_size)]
    command += ["--llm-stages"] if args.llm_stages else []
    result = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_table(results: list[dict]) -> None:
    header = (
        f"{'recording':<22} {'outcome':<8} {'segments':>8} {'transcribe s':>12} "
        f"{'glossary s':>10} {'summary s':>9} {'total s':>8} {'models MiB':>10} "
        f"{'peak transcr MiB':>16} {'peak RSS MiB':>12}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        s = r["stage_s"]
        cell = [f"{s[k]:.1f}" if s.get(k) is not None else "-" for k in STAGES]
        transcribing_peak = r["stage_peak_mib"].get("transcribing", 0)
        print(
            f"{r['file']:<22} {r['outcome']:<8} {r['segments']:>8} {cell[0]:>12} {cell[1]:>10} "
            f"{cell[2]:>9} {r['wall_s']:>8.1f} {r['models_loaded_mib']:>10.0f} "
            f"{transcribing_peak:>16.0f} {r['peak_mib']:>12.0f}"
        )
        if r["error"]:
            print(f"  {r['error'][:100]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, nargs="*", default=[10, 60, 180])
    parser.add_argument("--silent-hours", type=int, default=10, help="0: skip")
    parser.add_argument("--batch-size", type=int, default=1)
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--llm-stages", action="store_true")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        outcome = asyncio.run(
            process_one(args.one, args.batch_size, args.beam_size, args.llm_stages)
        )
        print(json.dumps(outcome))
        return
    recordings = [build_lecture(minutes) for minutes in args.minutes]
    if args.silent_hours:
        recordings.append(build_silence(args.silent_hours))
    print(
        f"Whisper tiny.en int8 on CPU, beam {args.beam_size}, ASR_BATCH_SIZE={args.batch_size}, "
        f"LLM stages {'on' if args.llm_stages else 'off (rules only)'}; code in {REPO}"
    )
    results = []
    for recording in recordings:
        results.append(measure(recording, args))
        print(json.dumps(results[-1]), flush=True)
    print()
    print_table(results)


if __name__ == "__main__":
    main()
