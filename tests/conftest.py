"""Real parts for the tests: a redis-server, the API and a worker as separate processes."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures"
# Where the offline models are unpacked or converted once, shared by every test run.
MODEL_CACHE = REPO / ".venv" / "model-cache"
READY_TIMEOUT_S = 120
# The admin every test service starts with (FIRST_ADMIN_EMAIL / FIRST_ADMIN_PASSWORD).
ADMIN_EMAIL = "admin@konspekt.test"
ADMIN_PASSWORD = "admin-password-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise TimeoutError(f"timed out waiting for {what}")


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@contextmanager
def run_redis(data_dir: Path) -> Iterator[RedisServer]:
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data_dir),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _accepts(port), 10, "redis-server")
        yield RedisServer(port, process)
    finally:
        process.terminate()
        process.wait(10)


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Service:
    base_url: str
    data_dir: Path
    env: dict[str, str]
    api: subprocess.Popen
    worker: subprocess.Popen
    log_dir: Path

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    def stored_objects(self) -> list[Path]:
        root = self.data_dir / "objects"
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    def incoming_files(self) -> list[Path]:
        root = self.data_dir / "incoming"
        return sorted(p for p in root.iterdir()) if root.exists() else []

    def worker_log(self) -> str:
        return (self.log_dir / "worker.log").read_text(errors="replace")

    def client_as(self, email: str, password: str) -> httpx.Client:
        """A client of /api/v1 signed in with a bearer access token; the caller closes it."""
        return httpx.Client(
            base_url=self.api_url,
            timeout=60,
            headers={"Authorization": f"Bearer {access_token(self.api_url, email, password)}"},
        )

    def admin_client(self) -> httpx.Client:
        return self.client_as(ADMIN_EMAIL, ADMIN_PASSWORD)

    def new_teacher(self, email: str, password: str = "teacher-password") -> httpx.Client:
        """An account made by the admin, signed in."""
        with self.admin_client() as admin:
            created = admin.post(
                "/users", json={"email": email, "display_name": email, "password": password}
            )
            assert created.status_code == 201, created.text
        return self.client_as(email, password)


def access_token(api_url: str, email: str, password: str) -> str:
    response = httpx.post(
        f"{api_url}/login/access-token", data={"username": email, "password": password}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@contextmanager
def run_service(
    tmp: Path, redis_url: str, extra_env: dict[str, str] | None = None
) -> Iterator[Service]:
    """API and worker as the scripts start them, on a fresh DATA_DIR."""
    port = free_port()
    data_dir = tmp / "data"
    log_dir = tmp / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PORT": str(port),
        "DATA_DIR": str(data_dir),
        "REDIS_URL": redis_url,
        "MODEL_CACHE_DIR": str(MODEL_CACHE),
        "WORKER_METRICS_PORT": str(free_port()),
        "FIRST_ADMIN_EMAIL": ADMIN_EMAIL,
        "FIRST_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **(extra_env or {}),
    }
    python = sys.executable
    worker = subprocess.Popen(
        [python, "-m", "app.worker"],
        cwd=REPO,
        env=env,
        stdout=(log_dir / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    api = subprocess.Popen(
        [python, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=(log_dir / "api.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    service = Service(f"http://127.0.0.1:{port}", data_dir, env, api, worker, log_dir)
    try:
        wait_until(lambda: api_is_ready(service.base_url), READY_TIMEOUT_S, "the API")
        wait_until(lambda: "worker ready" in service.worker_log(), READY_TIMEOUT_S, "the worker")
        yield service
    finally:
        for process in (api, worker):
            process.terminate()
        for process in (api, worker):
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def api_is_ready(base_url: str) -> bool:
    """Its stores answer and a worker is alive: the whole service can take a lecture."""
    try:
        return httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def stores_are_ready(base_url: str) -> bool:
    """Redis, the database and storage answer, worker or not: for an API run alone."""
    try:
        checks = httpx.get(f"{base_url}/readyz", timeout=5).json()["checks"]
    except (httpx.HTTPError, ValueError, KeyError):
        return False
    return all(checks[name] == "ok" for name in ("redis", "database", "storage"))


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed: run scripts/bootstrap")
    with run_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="session")
def service(tmp_path_factory, redis_server) -> Iterator[Service]:
    with run_service(
        tmp_path_factory.mktemp("service"),
        redis_server.url,
        # The fuzzer signs in thousands of times with made-up passwords from one address. Clips up
        # to 60 s are transcribed while the caller waits: jfk.flac is, lecture_networks.mp3 is not.
        {
            "MAX_UPLOAD_MB": "5",
            "LOGIN_LIMIT_PER_ADDRESS": "100000/minute",
            "SYNC_TRANSCRIPTION_MAX_S": "60",
            # The webhook tests' receivers listen on 127.0.0.1; retries come within seconds.
            "WEBHOOK_ALLOW_PRIVATE": "true",
            "WEBHOOK_TIMEOUT_S": "2",
            "WEBHOOK_MAX_ATTEMPTS": "4",
            "WEBHOOK_RETRY_BACKOFF_S": "1",
        },
    ) as running:
        yield running


@pytest.fixture
def client(service) -> Iterator[httpx.Client]:
    """Signed in as the admin, who sees every lecture."""
    with service.admin_client() as http:
        yield http


def wait_for_lecture(client: httpx.Client, lecture_id: str, timeout: float = 600) -> dict:
    """Poll like the dashboard does until the lecture leaves queued/processing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lecture = client.get(f"/lectures/{lecture_id}").json()
        if lecture["status"] not in {"queued", "processing"}:
            return lecture
        time.sleep(1)
    raise TimeoutError(f"lecture {lecture_id} still {lecture['status']} after {timeout}s")


def upload(client: httpx.Client, path: Path, **fields: str) -> httpx.Response:
    with path.open("rb") as handle:
        return client.post("/lectures", files={"file": (path.name, handle)}, data=fields)
