"""A worker that cannot start says what failed and exits non-zero at once, instead of hanging."""

import shutil
import subprocess
from pathlib import Path

import redis

from app.asr.model_source import resolve_whisper_model
from tests.conftest import REPO, free_port
from tests.worker.conftest import service_env, start_worker

# Loading the other model, which still works, is part of a failed start; a hang is not.
EXIT_WITHIN_S = 60


def broken_whisper_model(directory: Path) -> Path:
    """A real model's configuration and vocabulary beside a `model.bin` of garbage."""
    real = Path(resolve_whisper_model("offline-tiny.en", REPO / ".venv" / "model-cache"))
    directory.mkdir()
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(real / name, directory / name)
    (directory / "model.bin").write_bytes(b"not a CTranslate2 model " * 4096)
    return directory


def exit_status(env: dict[str, str], log: Path) -> tuple[int, str]:
    worker = start_worker(env, log)
    try:
        status = worker.process.wait(EXIT_WITHIN_S)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        raise AssertionError(
            f"the worker was still running after {EXIT_WITHIN_S} s:\n{worker.output()}"
        ) from None
    return status, worker.output()


def no_worker_registered(redis_url: str) -> bool:
    with redis.Redis.from_url(redis_url) as client:
        return not client.keys("konspekt:worker:*")


def test_broken_speech_model_stops_the_worker(tmp_path, own_redis):
    model = broken_whisper_model(tmp_path / "whisper")
    env = service_env(tmp_path, own_redis.url, ASR_MODEL=str(model))

    status, output = exit_status(env, tmp_path / "worker.log")

    assert status == 1, output
    assert "the worker could not start" in output
    assert f"the speech model ASR_MODEL='{model}' could not be loaded" in output
    assert "worker ready" not in output
    assert no_worker_registered(own_redis.url)


def test_broken_language_model_stops_the_worker(tmp_path, own_redis):
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF" + b"\x00garbage" * 1000)
    env = service_env(tmp_path, own_redis.url, LLM_MODEL=str(gguf))

    status, output = exit_status(env, tmp_path / "worker.log")

    assert status == 1, output
    assert f"the language model LLM_MODEL='{gguf}' could not be loaded" in output
    assert no_worker_registered(own_redis.url)


def test_unreachable_redis_stops_the_worker(tmp_path):
    port = free_port()  # nothing listens there
    env = service_env(tmp_path, f"redis://127.0.0.1:{port}/0")

    status, output = exit_status(env, tmp_path / "worker.log")

    assert status == 1, output
    assert f"the worker could not start: Redis at 127.0.0.1:{port} is unreachable" in output


def test_unusable_database_stops_the_worker(tmp_path, own_redis):
    data_dir = tmp_path / "data"
    data_dir.write_text("a file where the data directory should be")
    env = service_env(tmp_path, own_redis.url)

    status, output = exit_status(env, tmp_path / "worker.log")

    assert status == 1, output
    assert "the worker could not start: the sqlite database is unavailable" in output
