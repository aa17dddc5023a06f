"""The API serves with its base dependencies alone, as its image installs them, without a Docker engine.

The rest of the suite runs with every extra installed, so an import of a worker-only package (numpy,
faster-whisper, llama.cpp) on the API's path goes unseen there and kills the API container at start.
Here a fresh virtual environment gets what docker/api.Dockerfile installs, the way it installs it
(`docker/requirements.py api`, then `pip install -r`), and the image's files (app/, dbschema/,
scripts/api) are served from a directory of their own against a real redis-server. A second
environment gets `pip install .` with no extras.
"""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
# What docker/api.Dockerfile copies into its runtime image, besides the virtual environment.
IMAGE_FILES = ("app", "dbschema", "scripts/api")
START_TIMEOUT_S = 60
PIP_TIMEOUT_S = 900


@dataclass(frozen=True)
class Environment:
    """A virtual environment built apart from the development one."""

    root: Path

    @property
    def bin(self) -> Path:
        return self.root / "bin"


def run(command: list[str | Path], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command,
        cwd=cwd,
        env=pip_environment(),
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT_S,
        **kwargs,
    )
    assert result.returncode == 0, (
        f"{command} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    return result


def pip_environment() -> dict[str, str]:
    """The developer's pip settings, without anything that would put the repository on sys.path."""
    return {
        key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}
    }


def create_environment(root: Path) -> Environment:
    run([sys.executable, "-m", "venv", "--clear", root], cwd=root.parent)
    return Environment(root)


def copy_tree(names: tuple[str, ...], destination: Path) -> None:
    for name in names:
        source, target = REPO / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)


@pytest.fixture(scope="session")
def api_image(tmp_path_factory) -> Path:
    """The API image's /opt/venv and /app, built as docker/api.Dockerfile builds them."""
    root = tmp_path_factory.mktemp("api-image")
    build = root / "build"
    build.mkdir()
    shutil.copy2(REPO / "pyproject.toml", build)
    shutil.copy2(REPO / "docker" / "requirements.py", build)
    environment = create_environment(root / "venv")
    requirements = run([sys.executable, "requirements.py", "api"], cwd=build).stdout
    (build / "requirements.txt").write_text(requirements)
    run([environment.bin / "pip", "install", "-r", "requirements.txt"], cwd=build)
    app_dir = root / "app"
    copy_tree(IMAGE_FILES, app_dir)
    return app_dir


@pytest.fixture(scope="session")
def installed_without_extras(tmp_path_factory) -> Environment:
    """`pip install .` of a copy of the repository, no extras."""
    root = tmp_path_factory.mktemp("no-extras")
    source = root / "source"
    copy_tree(("pyproject.toml", "app", "dbschema"), source)
    environment = create_environment(root / "venv")
    run([environment.bin / "pip", "install", source], cwd=root)
    return environment


def serve_healthz(
    command: list[str | Path], cwd: Path, path: Path, port: int, redis_url: str
) -> httpx.Response:
    """Start the API like its image does and return its /healthz answer; fail with its log if it dies."""
    data_dir = cwd.parent / f"data-{port}"
    environment = {
        "PATH": f"{path}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(cwd.parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATA_DIR": str(data_dir),
        "REDIS_URL": redis_url,
    }
    log_path = cwd.parent / f"api-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(
                    f"the API exited with {process.returncode} at start:\n"
                    + log_path.read_text(errors="replace")[-4000:]
                )
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail(
            f"the API did not answer in {START_TIMEOUT_S}s:\n{log_path.read_text()[-4000:]}"
        )
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def test_api_image_serves_with_its_base_dependencies(api_image: Path, redis_server) -> None:
    venv_bin = api_image.parent / "venv" / "bin"
    command = [api_image / "scripts" / "api"]

    response = serve_healthz(command, api_image, venv_bin, free_port(), redis_server.url)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_api_image_lacks_the_worker_runtimes(api_image: Path) -> None:
    """The check above means something only if the worker's packages are really absent."""
    python = api_image.parent / "venv" / "bin" / "python"
    worker_only = ("numpy", "faster_whisper", "llama_cpp", "ctranslate2")
    probe = f"import importlib.util as u; print([m for m in {worker_only} if u.find_spec(m)])"

    result = subprocess.run([python, "-c", probe], capture_output=True, text=True, env={})

    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_package_installed_without_extras_serves(
    installed_without_extras: Environment, redis_server, tmp_path: Path
) -> None:
    # Run outside the source tree, so that `app` can only come from the installed package.
    workdir = tmp_path / "run"
    workdir.mkdir()
    port = free_port()
    command = [
        installed_without_extras.bin / "python",
        "-m",
        "uvicorn",
        "app.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]

    response = serve_healthz(command, workdir, installed_without_extras.bin, port, redis_server.url)

    assert response.status_code == 200
