"""Workers and an API started one by one, so that tests can watch the service with and without a worker."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    MODEL_CACHE,
    REPO,
    RedisServer,
    free_port,
    run_redis,
    stores_are_ready,
    wait_until,
)

# The English-only tiny model keeps each worker start short.
QUICK_MODELS = {"ASR_MODEL": "offline-tiny.en"}


def service_env(tmp: Path, redis_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATA_DIR": str(tmp / "data"),
        "REDIS_URL": redis_url,
        "MODEL_CACHE_DIR": str(MODEL_CACHE),
        "WORKER_METRICS_PORT": str(free_port()),
        "FIRST_ADMIN_EMAIL": ADMIN_EMAIL,
        "FIRST_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **QUICK_MODELS,
        **extra,
    }


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> None:
        wait_until(lambda: "worker ready" in self.output(), 120, "the worker")


def start_worker(env: dict[str, str], log: Path) -> WorkerProcess:
    process = subprocess.Popen(
        [sys.executable, "-m", "app.worker"],
        cwd=REPO,
        env={**env, "WORKER_METRICS_PORT": str(free_port())},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return WorkerProcess(process, log)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def run_api_alone(env: dict[str, str], log: Path) -> Iterator[str]:
    """The API without any worker; yields its base URL once its own stores answer."""
    port = free_port()
    api = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env={**env, "PORT": str(port)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: stores_are_ready(base_url), 60, "the API")
        yield base_url
    finally:
        stop(api)


@pytest.fixture
def workers_started() -> Iterator[list[WorkerProcess]]:
    """Workers a test starts; every one still running is stopped afterwards."""
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        stop(worker.process)


@pytest.fixture
def own_redis(tmp_path) -> Iterator[RedisServer]:
    """A Redis of the test's own: the suite's shared one holds other services' worker heartbeats."""
    with run_redis(tmp_path / "redis") as server:
        yield server
