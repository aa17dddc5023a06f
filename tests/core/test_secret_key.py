"""SECRET_KEY: refused when weak in production, generated once and kept in development."""

import re
import secrets
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.core.config import Environment, Settings
from app.core.secret_key import PLACEHOLDER, SecretKeyRejected, resolve_secret_key

REPO = Path(__file__).resolve().parents[2]
GENERATE_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
STRONG_KEY = secrets.token_urlsafe(48)


def settings(tmp_path: Path, **values) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", **values)


def test_the_placeholder_is_the_one_env_example_ships() -> None:
    env_example = (REPO / ".env.example").read_text()

    assert re.findall(r"^SECRET_KEY=(.*)$", env_example, flags=re.MULTILINE) == [PLACEHOLDER]


@pytest.mark.parametrize(
    ("secret_key", "problem"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        ("x" * 31, "SECRET_KEY is shorter than 32 characters"),
        (PLACEHOLDER, "SECRET_KEY is still the placeholder from .env.example"),
    ],
)
def test_production_refuses_a_weak_key(
    tmp_path: Path, secret_key: str | None, problem: str
) -> None:
    production = settings(tmp_path, environment="production", secret_key=secret_key)

    with pytest.raises(SecretKeyRejected) as refused:
        resolve_secret_key(production)

    assert problem in str(refused.value)
    assert GENERATE_COMMAND in str(refused.value)
    assert not (tmp_path / "data" / "secret_key").exists()


def test_production_takes_a_strong_key_as_given(tmp_path: Path) -> None:
    production = settings(tmp_path, environment=Environment.PRODUCTION, secret_key=STRONG_KEY)

    assert resolve_secret_key(production) == STRONG_KEY
    assert not (tmp_path / "data" / "secret_key").exists()


def test_development_keeps_one_generated_key_under_data_dir(tmp_path: Path) -> None:
    development = settings(tmp_path)
    key_file = tmp_path / "data" / "secret_key"

    first = resolve_secret_key(development)

    assert len(first) >= 32
    assert key_file.read_text() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert resolve_secret_key(settings(tmp_path)) == first  # another process, or after a restart
    assert list(key_file.parent.iterdir()) == [key_file]


def test_development_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: resolve_secret_key(settings(tmp_path)), range(32)))

    assert keys == {(tmp_path / "data" / "secret_key").read_text()}


def test_development_takes_the_placeholder_for_no_key(tmp_path: Path) -> None:
    kept = resolve_secret_key(settings(tmp_path, secret_key=PLACEHOLDER))

    assert kept != PLACEHOLDER
    assert kept == (tmp_path / "data" / "secret_key").read_text()


def test_development_uses_a_configured_key_and_writes_none(tmp_path: Path) -> None:
    assert resolve_secret_key(settings(tmp_path, secret_key="dev-key")) == "dev-key"
    assert not (tmp_path / "data" / "secret_key").exists()
