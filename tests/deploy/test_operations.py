"""Operations: JSON logs that name the lecture, and the Prometheus metrics of API and worker."""

import asyncio
import io
import json
import logging
import uuid
from collections.abc import Iterator

import httpx
import pytest
from arq import create_pool
from arq.connections import RedisSettings
from prometheus_client.parser import text_string_to_metric_families

from app.core.logging import bind_lecture, configure_logging
from app.metrics import (
    count_job,
    count_upload,
    render_api_metrics,
    serve_worker_metrics,
    time_stage,
)
from app.models import LectureStatus, Stage
from tests.conftest import free_port


def samples(exposition: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def json_log_lines(level: str = "INFO") -> io.StringIO:
    """Configure logging as the processes do, writing into a buffer instead of stdout."""
    configure_logging(level)
    (handler,) = logging.getLogger().handlers
    buffer = io.StringIO()
    handler.setStream(buffer)
    return buffer


async def test_every_log_line_is_json_naming_its_lecture(restore_logging) -> None:
    output = json_log_lines()
    log = logging.getLogger("app.pipeline.runner")

    with bind_lecture("lecture-42"):
        log.info("transcribed %d segments", 12, extra={"stage": "transcribing"})
        await asyncio.to_thread(log.warning, "decoder fell back to CPU")
    log.info("worker ready")
    try:
        raise RuntimeError("model file is corrupt")
    except RuntimeError:
        with bind_lecture("lecture-43"):
            log.exception("lecture failed")

    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    assert [(line["lecture_id"], line["message"]) for line in lines] == [
        ("lecture-42", "transcribed 12 segments"),
        ("lecture-42", "decoder fell back to CPU"),
        (None, "worker ready"),
        ("lecture-43", "lecture failed"),
    ]
    assert lines[0]["stage"] == "transcribing"
    assert lines[0]["level"] == "INFO" and lines[0]["logger"] == "app.pipeline.runner"
    assert "RuntimeError: model file is corrupt" in lines[3]["exception"]


def test_library_loggers_go_through_the_json_handler(restore_logging) -> None:
    uvicorn_logger = logging.getLogger("uvicorn.error")
    uvicorn_logger.addHandler(logging.StreamHandler(io.StringIO()))
    uvicorn_logger.propagate = False
    output = json_log_lines()

    uvicorn_logger.info("Application startup complete.")

    (line,) = output.getvalue().splitlines()
    assert json.loads(line)["message"] == "Application startup complete."
    assert uvicorn_logger.handlers == []


async def test_api_metrics_read_queue_depth_from_redis(redis_server) -> None:
    queue_name = f"arq:test-queue:{uuid.uuid4().hex}"
    redis = await create_pool(
        RedisSettings.from_dsn(redis_server.url), default_queue_name=queue_name
    )
    try:
        for number in range(3):
            await redis.enqueue_job("process_lecture", f"lecture-{number}")
        before = samples((await render_api_metrics(redis)).decode())
        count_upload(5_000_000)
        count_job(LectureStatus.QUEUED)
        after = samples((await render_api_metrics(redis)).decode())
    finally:
        await redis.delete(queue_name)
        await redis.aclose()

    assert after[("konspekt_queue_depth", ())] == 3
    assert (
        after[("konspekt_upload_bytes_total", ())]
        - before.get(("konspekt_upload_bytes_total", ()), 0)
        == 5_000_000
    )
    queued = ("konspekt_jobs_total", (("status", "queued"),))
    assert after[queued] - before.get(queued, 0) == 1


def test_worker_serves_stage_durations_on_its_own_port() -> None:
    port = free_port()
    with pytest.raises(RuntimeError), time_stage(Stage.GLOSSARY):
        raise RuntimeError("a failed stage is timed too")
    with time_stage(Stage.SUMMARY):
        pass
    count_job(LectureStatus.FAILED)

    serve_worker_metrics(port)
    exposition = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text

    scraped = samples(exposition)
    assert scraped[("konspekt_stage_duration_seconds_count", (("stage", "glossary"),))] >= 1
    assert scraped[("konspekt_stage_duration_seconds_count", (("stage", "summary"),))] >= 1
    assert scraped[("konspekt_jobs_total", (("status", "failed"),))] >= 1


def test_api_process_serves_metrics(service) -> None:
    response = httpx.get(f"{service.base_url}/metrics", timeout=10)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert ("konspekt_queue_depth", ()) in samples(response.text)
