"""Fault injection and upload load against real Redis, API and worker processes; prints two tables.

    .venv/bin/python -m benchmarks.nothing_lost [--runs N] [--uploads N]

Fault scenarios upload lecture_networks.mp3 (with reprocess=true, so nothing is served from an earlier
result), inject the fault, and count what ends `done`. Duplicates are segments beyond the reference
transcript's count or differing from it; lost is accepted minus completed.
"""

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.conftest import FIXTURES, upload, wait_for_lecture
from tests.faults.conftest import run_fault_service, wait_for

LECTURE = FIXTURES / "lecture_networks.mp3"


def transcript(client, lecture_id):
    return client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]


def accept(client) -> str:
    response = upload(client, LECTURE, reprocess="true")
    response.raise_for_status()
    return response.json()["id"]


def kill_during(stage: str):
    def scenario(faults, client) -> list[str]:
        lecture_id = accept(client)
        wait_for(client, lecture_id, lambda lecture, n: lecture["stage"] == stage and n > 0)
        faults.kill_worker()
        faults.start_worker()
        return [lecture_id]

    return scenario


def redis_wiped(faults, client) -> list[str]:
    ids = [accept(client) for _ in range(3)]
    wait_for(client, ids[0], lambda lecture, n: lecture["status"] == "processing" and n > 0)
    faults.redis.stop()
    time.sleep(2)
    faults.redis.start()
    return ids


def graceful_restart(faults, client) -> list[str]:
    lecture_id = accept(client)
    wait_for(client, lecture_id, lambda lecture, n: lecture["stage"] == "transcribing" and n > 0)
    faults.worker.terminate()  # SIGTERM: the job goes back to the queue
    faults.worker.wait(60)
    faults.start_worker()
    return [lecture_id]


SCENARIOS = {
    "SIGKILL worker during transcription": kill_during("transcribing"),
    "SIGKILL worker during glossary": kill_during("glossary"),
    "SIGTERM worker during transcription": graceful_restart,
    "Redis stopped and wiped (1 running, 2 queued)": redis_wiped,
}


def fault_table(faults, client, runs: int) -> None:
    reference_id = accept(client)
    wait_for_lecture(client, reference_id)
    reference = transcript(client, reference_id)
    rows = []
    for name, scenario in SCENARIOS.items():
        accepted = completed = duplicates = 0
        for _ in range(runs):
            ids = scenario(faults, client)
            accepted += len(ids)
            for lecture_id in ids:
                finished = wait_for_lecture(client, lecture_id)
                segments = transcript(client, lecture_id)
                completed += finished["status"] == "done" and segments == reference
                duplicates += max(0, len(segments) - len(reference))
        rows.append((name, runs, accepted, completed, duplicates, accepted - completed))
    header = ("scenario", "runs", "accepted", "completed", "duplicates", "lost")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def load_table(faults, base_url: str, uploads: int) -> None:
    audio = (FIXTURES / "jfk.flac").read_bytes()
    latencies: list[float] = []
    stop = threading.Event()

    def upload_one(_):
        with httpx.Client(base_url=base_url, timeout=120) as client:
            response = client.post(
                "/lectures", files={"file": ("jfk.flac", audio)}, data={"reprocess": "true"}
            )
            return response.status_code, response.json().get("id")

    started = time.monotonic()
    with ThreadPoolExecutor(uploads) as pool:
        results = list(pool.map(upload_one, range(uploads)))
    upload_s = time.monotonic() - started
    ids = [lecture_id for status, lecture_id in results if status == 202]

    def poll_status():
        with httpx.Client(base_url=base_url, timeout=30) as client:
            while not stop.is_set():
                t0 = time.perf_counter()
                client.get(f"/lectures/{ids[-1]}").raise_for_status()
                latencies.append((time.perf_counter() - t0) * 1000)
                time.sleep(0.05)

    poller = threading.Thread(target=poll_status)
    poller.start()
    with httpx.Client(base_url=base_url, timeout=30) as client:
        finished = [wait_for_lecture(client, lecture_id, timeout=3600) for lecture_id in ids]
    processing_s = time.monotonic() - started
    stop.set()
    poller.join()
    done = sum(lecture["status"] == "done" for lecture in finished)
    quantiles = statistics.quantiles(latencies, n=100)
    print(
        "| uploads | accepted (202) | processed (done) | lost | upload wall s | all done after s "
        "| GET /lectures/{id} samples | p50 ms | p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {uploads} | {len(ids)} | {done} | {uploads - done} | {upload_s:.1f} | {processing_s:.0f} "
        f"| {len(latencies)} | {quantiles[49]:.1f} | {quantiles[98]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--skip-faults", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, run_fault_service(Path(tmp)) as faults:
        with httpx.Client(base_url=faults.service.api_url, timeout=60) as client:
            if not args.skip_faults:
                fault_table(faults, client, args.runs)
            print()
            load_table(faults, faults.service.api_url, args.uploads)


if __name__ == "__main__":
    main()
