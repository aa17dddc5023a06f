"""A service of its own for fault injection: a Redis that tests stop and wipe, workers they kill."""

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, Service, _accepts, free_port, run_service, wait_until

FAULT_ENV = {
    # Language does not matter here; the English-only tiny model keeps each run short.
    "ASR_MODEL": "offline-tiny.en",
    "LEASE_TTL_S": "4",
    "RECONCILE_INTERVAL_S": "1",
    "RETRY_BACKOFF_S": "1",
    "MAX_UPLOAD_MB": "50",
    # The webhook test's receiver listens on 127.0.0.1.
    "WEBHOOK_ALLOW_PRIVATE": "true",
    "WEBHOOK_RETRY_BACKOFF_S": "1",
}


@dataclass
class RestartableRedis:
    """redis-server on a fixed port, without persistence: a restart comes back empty."""

    port: int
    data_dir: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.data_dir),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(lambda: _accepts(self.port), 10, "redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@dataclass
class FaultService:
    service: Service
    redis: RestartableRedis
    workers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def worker(self) -> subprocess.Popen:
        return self.workers[-1]

    def kill_worker(self) -> None:
        self.worker.kill()  # SIGKILL: no shutdown handler runs
        self.worker.wait(10)

    def start_worker(self) -> subprocess.Popen:
        log = self.service.log_dir / f"worker-{len(self.workers)}.log"
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.worker"],
            cwd=REPO,
            env=self.service.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        wait_until(lambda: "worker ready" in log.read_text(errors="replace"), 120, "a new worker")
        return worker


@contextmanager
def run_fault_service(tmp: Path) -> Iterator[FaultService]:
    redis = RestartableRedis(free_port(), tmp / "redis")
    redis.data_dir.mkdir(parents=True)
    redis.start()
    try:
        with run_service(tmp, redis.url, FAULT_ENV) as service:
            faults = FaultService(service, redis, [service.worker])
            try:
                yield faults
            finally:
                for worker in faults.workers[1:]:
                    worker.terminate()
                    try:
                        worker.wait(20)
                    except subprocess.TimeoutExpired:
                        worker.kill()
    finally:
        redis.stop()


@pytest.fixture(scope="module")
def faults(tmp_path_factory) -> Iterator[FaultService]:
    with run_fault_service(tmp_path_factory.mktemp("faults")) as running:
        yield running


@pytest.fixture
def api(faults) -> Iterator[httpx.Client]:
    with faults.service.admin_client() as http:
        yield http


def wait_for(client: httpx.Client, lecture_id: str, condition, timeout: float = 300) -> dict:
    """Poll the lecture until `condition(lecture, segment_count)` holds; returns the lecture."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lecture = client.get(f"/lectures/{lecture_id}").json()
        segments = client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
        if condition(lecture, len(segments)):
            return lecture
        time.sleep(0.2)
    raise TimeoutError(f"lecture {lecture_id} never reached the awaited state: {lecture}")
