"""Peak RSS of the API process while it receives a large upload (default 1 GiB).

The upload is a valid WAV of silence sent as a streamed multipart body, so the API reads it,
probes it and stores it exactly as it would a real recording; the API runs without a worker
and the lecture is deleted afterwards. RSS is sampled from /proc every 20 ms.

    .venv/bin/python -m benchmarks.upload_memory [--mib 1024]
"""

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.conftest import free_port, run_redis, stores_are_ready, wait_until

REPO = Path(__file__).resolve().parents[1]
CHUNK = 1024 * 1024
BOUNDARY = "konspektbenchmark"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def wav_header(data_bytes: int, rate: int = 16_000) -> bytes:
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


def multipart_body(size_bytes: int) -> Iterator[bytes]:
    data_bytes = size_bytes - 44
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode() + wav_header(data_bytes)
    silence = bytes(CHUNK)
    sent = 0
    while sent < data_bytes:
        piece = min(CHUNK, data_bytes - sent)
        yield silence[:piece]
        sent += piece
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=1024)
    args = parser.parse_args()
    size = args.mib * CHUNK
    with tempfile.TemporaryDirectory() as tmp, run_redis(Path(tmp) / "redis") as redis:
        port = free_port()
        env = {
            **os.environ,
            "PORT": str(port),
            "DATA_DIR": f"{tmp}/data",
            "REDIS_URL": redis.url,
            "MAX_UPLOAD_MB": str(args.mib + 16),
        }
        api = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: stores_are_ready(base), 60, "the API")
            baseline = rss_mib(api.pid)
            peak = baseline
            done = threading.Event()

            def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, rss_mib(api.pid))
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            started = time.perf_counter()
            response = httpx.post(
                f"{base}/api/v1/lectures",
                content=multipart_body(size),
                headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
                timeout=600,
            )
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            print(
                f"upload of {args.mib} MiB: HTTP {response.status_code} in {elapsed:.1f}s "
                f"({args.mib / elapsed:.0f} MiB/s)"
            )
            print(
                f"API RSS: {baseline:.1f} MiB before, {peak:.1f} MiB peak, "
                f"growth {peak - baseline:.1f} MiB"
            )
            if response.status_code == 202:
                httpx.delete(f"{base}/api/v1/lectures/{response.json()['id']}")
        finally:
            api.terminate()
            api.wait(20)


if __name__ == "__main__":
    main()
