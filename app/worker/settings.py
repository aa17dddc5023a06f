"""The arq worker: models and connections set up once at start-up, shared by every job."""

import asyncio
import logging
from typing import Any

from arq import func
from arq.worker import Worker
from redis.exceptions import RedisError

from app.core.config import Settings, get_settings
from app.metrics import serve_worker_metrics
from app.notes.templates import TemplateLibrary
from app.pipeline.runner import LecturePipeline
from app.queue import PROCESS_LECTURE, redis_settings
from app.repository import create_repository
from app.storage import create_storage
from app.worker.models import load_language_model, load_transcription_engine
from app.worker.reconciler import reconcile_forever
from app.worker.tasks import process_lecture

logger = logging.getLogger(__name__)


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    repository = create_repository(settings)
    await repository.connect()
    storage = create_storage(settings)
    await storage.ensure_ready()
    engine, llm = await asyncio.gather(
        asyncio.to_thread(load_transcription_engine, settings),
        asyncio.to_thread(load_language_model, settings),
    )
    ctx["repository"] = repository
    ctx["pipeline"] = LecturePipeline(
        repository=repository,
        storage=storage,
        engine=engine,
        llm=llm,
        templates=TemplateLibrary(settings.templates_dir),
        beam_size=settings.asr_beam_size,
    )
    ctx["reconciler"] = asyncio.create_task(
        reconcile_forever(
            ctx["redis"],
            repository,
            interval_s=settings.reconcile_interval_s,
            in_progress_timeout_s=in_progress_timeout_s(settings),
            grace_s=settings.lease_ttl_s,
        )
    )
    serve_worker_metrics(settings.worker_metrics_port)
    logger.info("worker ready")


async def shutdown(ctx: dict[str, Any]) -> None:
    if "reconciler" in ctx:
        ctx["reconciler"].cancel()
    if "repository" in ctx:
        await ctx["repository"].close()


def in_progress_timeout_s(settings: Settings) -> float:
    """How long arq keeps a job's in-progress marker: the longest job timeout plus 10 s."""
    return settings.job_timeout_s + 10


class LectureWorker(Worker):
    """arq's worker, riding out a Redis outage instead of exiting on the first failed poll."""

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except (RedisError, OSError) as exc:
            logger.warning("Redis unavailable (%s); polling again", exc)


def create_worker(settings: Settings | None = None) -> Worker:
    settings = settings or get_settings()
    return LectureWorker(
        functions=[
            func(
                process_lecture,
                name=PROCESS_LECTURE,
                timeout=settings.job_timeout_s,
                # One start more than the attempts a lecture gets, so that the task itself can fail
                # a lecture whose worker kept dying (arq would drop the job without a word).
                max_tries=settings.job_max_tries + 1,
            )
        ],
        redis_settings=redis_settings(settings.redis_url),
        on_startup=startup,
        on_shutdown=shutdown,
        ctx={"settings": settings},
        # One lecture at a time: transcription already uses every core (or the whole GPU).
        max_jobs=1,
        keep_result=0,
        job_timeout=settings.job_timeout_s,
        allow_abort_jobs=True,
        # On SIGTERM a lecture may finish within this time; after it, it is handed back.
        job_completion_wait=settings.worker_shutdown_wait_s,
    )
