"""Upload-to-done wall time per stage, and glossary recall/precision, on the real service.

Starts redis-server, the API and a worker (embedded defaults: Whisper base, SmolLM2), uploads
each fixture over HTTP and polls the status every 0.1 s, as the dashboard would.

    .venv/bin/python -m benchmarks.end_to_end
"""

import tempfile
import time
from pathlib import Path

import httpx

from tests.conftest import FIXTURES, run_redis, run_service, upload
from tests.text_metrics import glossary_scores, load_reference_terms, word_error_rate

LECTURES = [
    ("lecture_networks.mp3", "lecture_networks"),
    ("lecture_ru_biology.ogg", "lecture_ru_biology"),
]
POLL_S = 0.1


def time_stages(client: httpx.Client, lecture_id: str, uploaded_at: float) -> dict[str, float]:
    """Seconds from upload until each stage was first seen, and until the end."""
    first_seen: dict[str, float] = {}
    while True:
        lecture = client.get(f"/lectures/{lecture_id}").json()
        first_seen.setdefault(lecture["stage"], time.perf_counter() - uploaded_at)
        if lecture["status"] not in {"queued", "processing"}:
            first_seen["end"] = time.perf_counter() - uploaded_at
            first_seen["status"] = lecture["status"]
            return first_seen
        time.sleep(POLL_S)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, run_redis(Path(tmp) / "redis") as redis:
        with (
            run_service(Path(tmp), redis.url) as service,
            httpx.Client(base_url=service.api_url, timeout=60) as client,
        ):
            for filename, stem in LECTURES:
                started = time.perf_counter()
                response = upload(client, FIXTURES / filename)
                upload_s = time.perf_counter() - started
                lecture_id = response.json()["id"]
                seen = time_stages(client, lecture_id, started)
                order = ["queued", "transcribing", "glossary", "summary", "done"]
                marks = [seen.get(stage) for stage in order]
                print(
                    f"\n{filename}: {seen['status']}, upload-to-done {seen['end']:.1f}s "
                    f"(upload request {upload_s:.2f}s)"
                )
                for stage, begin, finish in zip(order[:-1], marks[:-1], marks[1:], strict=True):
                    if begin is not None and finish is not None:
                        print(f"  {stage:<13} {finish - begin:6.1f}s")

                segments = client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
                hypothesis = " ".join(s["text"] for s in segments)
                reference_text = (FIXTURES / f"{stem}.txt").read_text()
                terms = client.get(f"/lectures/{lecture_id}/glossary").json()["terms"]
                reference = load_reference_terms(FIXTURES / f"{stem}.glossary.json")
                matched, recall, precision = glossary_scores(reference, [t["term"] for t in terms])
                print(
                    f"  WER {word_error_rate(reference_text, hypothesis):.3f}; glossary: "
                    f"{len(terms)} entries, {matched}/{len(reference)} reference terms, "
                    f"recall {recall:.2f}, precision {precision:.2f}"
                )
                print(f"  terms: {', '.join(t['term'] for t in terms)}")


if __name__ == "__main__":
    main()
