"""/readyz and /api/v1/workers follow the workers' heartbeats in Redis, as workers come and go."""

import json
import subprocess
import sys
import time

import httpx
import redis

from app.worker_registry import WORKER_KEY_PREFIX
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    REPO,
    access_token,
    api_is_ready,
    run_redis,
    wait_until,
)
from tests.worker.conftest import run_api_alone, service_env, start_worker

HEARTBEAT_TTL_S = 3


def readiness(base_url: str) -> httpx.Response:
    return httpx.get(f"{base_url}/readyz", timeout=10)


def listed_workers(base_url: str) -> list[dict]:
    token = access_token(f"{base_url}/api/v1", ADMIN_EMAIL, ADMIN_PASSWORD)
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{base_url}/api/v1/workers", headers=headers).json()["items"]


def heartbeat_keys(redis_url: str) -> list[bytes]:
    with redis.Redis.from_url(redis_url) as client:
        return client.keys(WORKER_KEY_PREFIX + "*")


def test_readiness_follows_the_workers(tmp_path, own_redis, workers_started):
    env = service_env(
        tmp_path, own_redis.url, WORKER_HEARTBEAT_TTL_S=str(HEARTBEAT_TTL_S), ASR_DEVICE="cpu"
    )
    with run_api_alone(env, tmp_path / "api.log") as base_url:
        # No worker yet: the stores answer, but an upload would wait with nobody to process it.
        alone = readiness(base_url)
        assert alone.status_code == 503
        assert alone.json()["ready"] is False
        assert alone.json()["checks"]["redis"] == "ok"
        assert alone.json()["checks"]["workers"].startswith("no worker is alive")
        assert alone.json()["workers"] == []
        assert listed_workers(base_url) == []

        worker = start_worker(env, tmp_path / "worker-1.log")
        workers_started.append(worker)
        worker.wait_ready()
        wait_until(lambda: api_is_ready(base_url), 10, "readiness with a live worker")
        ready = readiness(base_url).json()
        assert ready["ready"] is True
        assert set(ready["checks"].values()) == {"ok"}
        [announced] = ready["workers"]
        assert announced["pid"] == worker.process.pid
        assert announced["asr"] == {
            "name": "faster-whisper",
            "model": "offline-tiny.en",
            "device": "cpu",
            "compute_type": "int8",
        }
        assert announced["llm"] == {"model": "offline-smollm2", "gpu_layers": 0}
        assert listed_workers(base_url) == ready["workers"]

        # Still there after two TTLs: the heartbeat is refreshed, not written once.
        time.sleep(HEARTBEAT_TTL_S * 2)
        assert api_is_ready(base_url)

        # A clean stop takes the worker off the list at once.
        worker.process.terminate()
        assert worker.process.wait(60) == 0
        assert heartbeat_keys(own_redis.url) == []
        assert readiness(base_url).status_code == 503

        # A worker killed outright drops out when its heartbeat expires.
        killed = start_worker(env, tmp_path / "worker-2.log")
        workers_started.append(killed)
        killed.wait_ready()
        wait_until(lambda: api_is_ready(base_url), 10, "readiness with the second worker")
        killed.process.kill()
        killed.process.wait(10)
        wait_until(
            lambda: readiness(base_url).status_code == 503,
            HEARTBEAT_TTL_S + 5,
            "the killed worker's heartbeat to expire",
        )
        assert heartbeat_keys(own_redis.url) == []


def test_readiness_says_redis_is_down_without_echoing_the_error(tmp_path):
    with run_redis(tmp_path / "redis") as own_redis:
        env = service_env(tmp_path, own_redis.url)
        with run_api_alone(env, tmp_path / "api.log") as base_url:
            own_redis.process.terminate()
            own_redis.process.wait(10)
            answer = readiness(base_url)
    assert answer.status_code == 503
    assert answer.json()["checks"] == {
        "redis": "Redis is unavailable",
        "database": "ok",
        "storage": "ok",
        "workers": "the worker registry in Redis is unavailable",
    }
    # The reason is for a person; the exception went to the API's log.
    assert "Error 111" not in answer.text and "Connect" not in answer.text
    assert "readiness: Redis is unavailable" in (tmp_path / "api.log").read_text()


def test_the_api_side_of_liveness_needs_no_model_runtime():
    """The API image has the base dependencies only: what it imports to see workers must not need more."""
    probe = (
        "import json, sys\n"
        "import app.worker_registry, app.api.routes.health, app.api.routes.workers\n"
        "worker_only = {'numpy', 'faster_whisper', 'llama_cpp', 'ctranslate2'}\n"
        "print(json.dumps(sorted(worker_only & set(sys.modules))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(run.stdout) == []
