"""The worker process: models and connections set up once at start-up, shared by every job.

Two arq workers run in it, on one event loop and one set of models: the lecture worker, one lecture
at a time, and the quick worker, a few short jobs at a time from the quick queue. Both take the
pipeline's model locks per model call, so a quick job waits for one call of the lecture at most.
"""

import asyncio
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from arq import func
from arq.worker import Worker
from redis.exceptions import RedisError

from app.asr.base import TranscriptionEngine
from app.core.config import Environment, Settings, get_settings
from app.core.secret_key import resolve_secret_key
from app.metrics import report_worker_models, serve_worker_metrics
from app.notes.llm import LanguageModel
from app.notes.templates import TemplateLibrary
from app.pipeline.runner import LecturePipeline, RunLimits
from app.queue import (
    ANSWER_QUESTION,
    DELIVER_WEBHOOK,
    PROCESS_LECTURE,
    QUICK_QUEUE,
    TRANSCRIBE_CLIP,
    redis_settings,
)
from app.repository import create_repository
from app.storage import create_storage
from app.worker.clips import transcribe_clip
from app.worker.heartbeat import beat_forever, deregister, describe_worker, register
from app.worker.models import load_language_model, load_transcription_engine
from app.worker.questions import answer_question
from app.worker.reconciler import reconcile_forever
from app.worker.tasks import deliver_webhook, process_lecture
from app.worker_registry import AsrEngineInfo, LanguageModelInfo

logger = logging.getLogger(__name__)


class StartupFailed(RuntimeError):
    """The worker cannot take lectures; the message says what failed, for the person starting it."""


@contextmanager
def failing_as(what: str) -> Iterator[None]:
    """Name the start-up step in the error: the person needs "the speech model" more than a traceback."""
    try:
        yield
    except Exception as exc:
        raise StartupFailed(f"{what}: {exc}") from exc


async def _load_models(settings: Settings) -> tuple[TranscriptionEngine, LanguageModel]:
    """Both models, loaded side by side; a failure is raised only once both loads have ended.

    Not sooner: llama.cpp points the process's stdout and stderr at /dev/null while it loads, so a
    failure reported meanwhile would vanish; and a person with two broken models learns of both.
    """
    loads = {
        f"the speech model ASR_MODEL={settings.asr_model!r} could not be loaded": asyncio.to_thread(
            load_transcription_engine, settings
        ),
        f"the language model LLM_MODEL={settings.llm_model!r} could not be loaded": asyncio.to_thread(
            load_language_model, settings
        ),
    }
    engine, llm = await asyncio.gather(*loads.values(), return_exceptions=True)
    failures = [
        (what, outcome)
        for what, outcome in zip(loads, (engine, llm), strict=True)
        if isinstance(outcome, BaseException)
    ]
    if failures:
        message = "; ".join(f"{what}: {exc}" for what, exc in failures)
        raise StartupFailed(message) from failures[0][1]
    return engine, llm


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    repository = create_repository(settings)
    with failing_as(f"the {settings.database_backend} database is unavailable"):
        await repository.connect()
    # Registered at once, so that shutdown closes it whichever later step fails.
    ctx["repository"] = repository
    storage = create_storage(settings)
    with failing_as(f"the {settings.storage_backend} storage is unavailable"):
        await storage.ensure_ready()
    engine, llm = await _load_models(settings)
    ctx["pipeline"] = LecturePipeline(
        repository=repository,
        storage=storage,
        engine=engine,
        llm=llm,
        templates=TemplateLibrary(settings.templates_dir),
        beam_size=settings.asr_beam_size,
        limits=RunLimits(max_attempts=settings.job_max_tries, timeout_s=settings.job_timeout_s),
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
    worker = describe_worker(
        AsrEngineInfo(engine.name, settings.asr_model, engine.device, engine.compute_type),
        LanguageModelInfo(settings.llm_model, llm.gpu_layers),
    )
    report_worker_models(worker.asr, worker.llm)
    # Announced last: a worker counts as alive only once it can take a lecture.
    await register(ctx["redis"], worker, settings.worker_heartbeat_ttl_s)
    ctx["worker"] = worker
    ctx["heartbeat"] = asyncio.create_task(
        beat_forever(ctx["redis"], worker, settings.worker_heartbeat_ttl_s)
    )
    logger.info("worker ready", extra={"worker_id": worker.id})


async def shutdown(ctx: dict[str, Any]) -> None:
    for task in ("heartbeat", "reconciler"):
        if task in ctx:
            ctx[task].cancel()
    if "worker" in ctx:
        with suppress(RedisError, OSError):
            await deregister(ctx["redis"], ctx["worker"])
    if "repository" in ctx:
        await ctx["repository"].close()


# The pipeline enforces JOB_TIMEOUT_S itself, so that a run out of time is recorded as such; arq's own
# timeout is a backstop that leaves it room to do so.
ARQ_TIMEOUT_MARGIN_S = 60
# Attempts are counted in the database (app.lifecycle); arq's own count only has to stay out of the way.
ARQ_MAX_TRIES = 1000
# A delivery job's resolve, request and database writes around its HTTP time limit.
WEBHOOK_JOB_MARGIN_S = 30


def arq_job_timeout_s(settings: Settings) -> int:
    return settings.job_timeout_s + ARQ_TIMEOUT_MARGIN_S


def in_progress_timeout_s(settings: Settings) -> float:
    """How long arq keeps a job's in-progress marker: the job timeout plus 10 s."""
    return arq_job_timeout_s(settings) + 10


# A quick job's answer is fetched by the request waiting for it, within moments of being written.
QUICK_RESULT_TTL_S = 300
# Keys of the lecture worker's ctx the quick worker shares: never `redis`, each has its own pool.
SHARED_CTX_KEYS = ("settings", "pipeline", "worker")


class KonspektWorker(Worker):
    """arq's worker, riding out a Redis outage instead of exiting on the first failed poll.

    Before it has started, though, an unreachable Redis is a start-up failure like any other.
    """

    async def main(self) -> None:
        try:
            await super().main()
        except (RedisError, OSError) as exc:
            if "worker" in self.ctx:  # started: not ours to rename
                raise
            where = f"{self.redis_settings.host}:{self.redis_settings.port}"
            raise StartupFailed(f"Redis at {where} is unreachable: {exc}") from exc

    async def close(self) -> None:
        # arq's close() talks to Redis first; when Redis is why the worker stops, that must not
        # replace the reason with a second connection error.
        try:
            await super().close()
        except (RedisError, OSError) as exc:
            logger.warning("Redis unavailable while stopping the worker: %s", exc)

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except (RedisError, OSError) as exc:
            logger.warning("Redis unavailable (%s); polling again", exc)


class WorkerProcess:
    """The lecture worker and the quick worker, run together until SIGINT/SIGTERM.

    The quick worker starts once the lecture worker's start-up has loaded the models, and shares
    them. A signal stops both from taking jobs at once; each then lets its running jobs finish
    within its own wait (a lecture is handed back after WORKER_SHUTDOWN_WAIT_S).
    """

    def __init__(self, lectures: KonspektWorker, quick: KonspektWorker) -> None:
        self.lectures = lectures
        self.quick = quick
        self.loop = lectures.loop
        self._stopping = False

    def run(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self.loop.add_signal_handler(signum, self.stop, signum)
        main = self.loop.create_task(self.main())
        try:
            self.loop.run_until_complete(main)
        finally:
            self.loop.run_until_complete(self.close())

    def stop(self, signum: signal.Signals) -> None:
        self._stopping = True
        for worker in (self.lectures, self.quick):
            worker.handle_sig_wait_for_completion(signum)

    async def main(self) -> None:
        lectures = asyncio.ensure_future(self.lectures.async_run())
        started = asyncio.ensure_future(self._lectures_started())
        await asyncio.wait({lectures, started}, return_when=asyncio.FIRST_COMPLETED)
        if not started.done():  # start-up failed, or a signal came first
            started.cancel()
            await _outcome(lectures)
            return
        self.quick.ctx.update({key: self.lectures.ctx[key] for key in SHARED_CTX_KEYS})
        quick = asyncio.ensure_future(self.quick.async_run())
        done, _ = await asyncio.wait({lectures, quick}, return_when=asyncio.FIRST_COMPLETED)
        if not self._stopping:
            # One of them ended on its own (a crash): the process stops, handing its lecture back.
            self.stop(signal.SIGTERM)
        await asyncio.wait({lectures, quick})
        for task in (lectures, quick):
            await _outcome(task)

    async def _lectures_started(self) -> None:
        while "worker" not in self.lectures.ctx:
            await asyncio.sleep(0.1)

    async def close(self) -> None:
        # The quick worker first: the lecture worker's close runs the shutdown that closes the
        # stores the quick jobs use.
        await self.quick.close()
        await self.lectures.close()


async def _outcome(task: asyncio.Future) -> None:
    """Raise what the task raised, unless it was cancelled (the way arq's workers stop)."""
    try:
        await task
    except asyncio.CancelledError:
        pass


def create_worker(settings: Settings | None = None) -> WorkerProcess:
    settings = settings or get_settings()
    if settings.environment is Environment.PRODUCTION:
        # The worker signs nothing, but a deployment with a forgeable key must not half start; in
        # development the API keeps the key and the worker need not touch DATA_DIR for it.
        with failing_as("the secret key is unusable"):
            resolve_secret_key(settings)
    lectures = KonspektWorker(
        functions=[
            func(
                process_lecture,
                name=PROCESS_LECTURE,
                timeout=arq_job_timeout_s(settings),
                max_tries=ARQ_MAX_TRIES,
            ),
            # Attempts are counted in the delivery's record (WEBHOOK_MAX_ATTEMPTS).
            func(
                deliver_webhook,
                name=DELIVER_WEBHOOK,
                timeout=settings.webhook_timeout_s + WEBHOOK_JOB_MARGIN_S,
                max_tries=ARQ_MAX_TRIES,
            ),
        ],
        redis_settings=redis_settings(settings.redis_url),
        on_startup=startup,
        on_shutdown=shutdown,
        ctx={"settings": settings},
        handle_signals=False,
        # One lecture at a time: transcription already uses every core (or the whole GPU).
        max_jobs=1,
        keep_result=0,
        job_timeout=arq_job_timeout_s(settings),
        allow_abort_jobs=True,
        # On SIGTERM a lecture may finish within this time; after it, it is handed back.
        job_completion_wait=settings.worker_shutdown_wait_s,
    )
    quick = KonspektWorker(
        functions=[
            func(transcribe_clip, name=TRANSCRIBE_CLIP),
            func(answer_question, name=ANSWER_QUESTION),
        ],
        queue_name=QUICK_QUEUE,
        redis_settings=redis_settings(settings.redis_url),
        handle_signals=False,
        max_jobs=settings.quick_max_jobs,
        job_timeout=settings.quick_job_timeout_s,
        keep_result=QUICK_RESULT_TTL_S,
        # The request waiting for a job gives up within the job's timeout; finishing it past
        # that helps nobody, and a lecture's hand-back must not wait for it.
        job_completion_wait=min(settings.quick_job_timeout_s, settings.worker_shutdown_wait_s),
    )
    return WorkerProcess(lectures, quick)
