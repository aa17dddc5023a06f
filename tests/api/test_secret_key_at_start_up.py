"""In production the API and the worker refuse, at start-up, a secret key that would not protect."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.secret_key import PLACEHOLDER
from tests.conftest import REPO, free_port

API = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
WORKER = [sys.executable, "-m", "app.worker"]
GENERATE_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


def start(command: list[str], data_dir: Path, **settings: str) -> subprocess.CompletedProcess:
    """Run the process until it exits on its own (a refused one does so at once)."""
    env = {
        **{key: value for key, value in os.environ.items() if key != "SECRET_KEY"},
        "DATA_DIR": str(data_dir),
        **settings,
    }
    return subprocess.run(
        [*command, *(["--port", str(free_port())] if command is API else [])],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("key_setting", "problem"),
    [
        ({}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "x" * 31}, "SECRET_KEY is shorter than 32 characters"),
        ({"SECRET_KEY": PLACEHOLDER}, "SECRET_KEY is still the placeholder from .env.example"),
    ],
)
@pytest.mark.parametrize("command", [API, WORKER], ids=["api", "worker"])
def test_production_refuses_to_start_with_a_weak_key(
    tmp_path: Path, command: list[str], key_setting: dict[str, str], problem: str
) -> None:
    refused = start(command, tmp_path / "data", ENVIRONMENT="production", **key_setting)

    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert problem in output
    assert GENERATE_COMMAND in output.replace('\\"', '"')  # the worker logs JSON
