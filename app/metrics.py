"""Prometheus metrics: jobs by status, stage durations, queue depth, upload bytes, worker models.

The API and the worker are separate processes and, on CapRover, separate apps on separate hosts with no
shared disk, so prometheus-client's multiprocess mode (one directory both write to) is not an option.
Each process serves its own default registry instead: the API at `/metrics`, every worker on
WORKER_METRICS_PORT. Prometheus scrapes all of them and sums the counters across targets.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from arq import ArqRedis
from prometheus_client import (
    Counter,
    Gauge,
    Histogram,
    Info,
    generate_latest,
    start_http_server,
)

from app.lifecycle import LectureStatus, Stage
from app.worker_registry import AsrEngineInfo, LanguageModelInfo

logger = logging.getLogger(__name__)

JOBS = Counter(
    "konspekt_jobs",
    "Lecture processing jobs by status: `queued` counted by the API, outcomes by the worker.",
    ["status"],
)
STAGE_SECONDS = Histogram(
    "konspekt_stage_duration_seconds",
    "Time one lecture spent in one processing stage.",
    ["stage"],
    # From a short clip's glossary to a three-hour recording transcribed on a CPU.
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 21600),
)
QUEUE_DEPTH = Gauge(
    "konspekt_queue_depth", "Lecture jobs waiting in the queue, read at scrape time."
)
UPLOAD_BYTES = Counter("konspekt_upload_bytes", "Bytes of lecture recordings accepted by the API.")
WORKER_MODELS = Info(
    "konspekt_worker_models",
    "The speech engine and language model a worker loaded, with the device and precision of each.",
)


def count_job(status: LectureStatus) -> None:
    JOBS.labels(status=status.value).inc()


def count_upload(size_bytes: int) -> None:
    UPLOAD_BYTES.inc(size_bytes)


def report_worker_models(asr: AsrEngineInfo, llm: LanguageModelInfo) -> None:
    WORKER_MODELS.info(
        {
            "asr_engine": asr.name,
            "asr_model": asr.model,
            "asr_device": asr.device,
            "asr_compute_type": asr.compute_type,
            "llm_model": llm.model,
            "llm_gpu_layers": str(llm.gpu_layers),
        }
    )


@contextmanager
def time_stage(stage: Stage) -> Iterator[None]:
    """Observe how long the block takes as the duration of `stage`, whether it succeeds or fails."""
    started = time.perf_counter()
    try:
        yield
    finally:
        STAGE_SECONDS.labels(stage=stage.value).observe(time.perf_counter() - started)


async def render_api_metrics(redis: ArqRedis) -> bytes:
    QUEUE_DEPTH.set(await redis.zcard(redis.default_queue_name))
    return generate_latest()


def serve_worker_metrics(port: int) -> None:
    """Serve this worker's metrics on `port` from a daemon thread, for Prometheus to scrape.

    A port already taken (a second worker on the same host) costs the metrics, not the worker.
    """
    try:
        start_http_server(port)
    except OSError as exc:
        logger.error("cannot serve worker metrics on port %d: %s", port, exc)
