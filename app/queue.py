"""The job queues between API and worker (arq on Redis).

The lecture queue holds one job per run of a lecture, and one per webhook delivery. The quick
queue holds short jobs a request waits for (a clip to transcribe, a question): every worker serves
it beside its lecture, so that they never wait behind a three-hour recording.
"""

from datetime import timedelta
from typing import Any

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.constants import abort_jobs_ss, default_queue_name, in_progress_key_prefix, job_key_prefix
from arq.jobs import ResultNotFound
from arq.utils import timestamp_ms

from app.worker_registry import live_workers

PROCESS_LECTURE = "process_lecture"
DELIVER_WEBHOOK = "deliver_webhook"
QUICK_QUEUE = "konspekt:quick"
# Functions of the quick queue.
TRANSCRIBE_CLIP = "transcribe_clip"
ANSWER_QUESTION = "answer_question"
# How often a request waiting for a quick job looks for its result.
QUICK_RESULT_POLL_S = 0.1


class QuickJobError(RuntimeError):
    """A quick job gave no answer; the message is meant for the person who asked."""


class NoWorker(QuickJobError):
    def __init__(self) -> None:
        super().__init__("No worker is running, so nothing can take the job; try again later.")


class QuickJobTimeout(QuickJobError):
    def __init__(self, timeout_s: float) -> None:
        super().__init__(f"The job did not finish within {timeout_s:g} s; try again later.")
        self.timeout_s = timeout_s


def redis_settings(redis_url: str) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url)


def lecture_job_id(lecture_id: str, run_id: str) -> str:
    # One job id per run: arq refuses a second job with the same id while one is queued or running,
    # and a retry (a new run) is queued at once even while the old run's job winds down.
    return f"lecture:{lecture_id}:{run_id}"


async def enqueue_run(redis: ArqRedis, lecture_id: str, run_id: str) -> bool:
    """Queue the run; False when its job is already queued or running."""
    job = await redis.enqueue_job(
        PROCESS_LECTURE, lecture_id, run_id, _job_id=lecture_job_id(lecture_id, run_id)
    )
    return job is not None


async def enqueue_delivery(redis: ArqRedis, delivery_id: str) -> bool:
    """Queue the delivery's job, its id the delivery's: False when it is already queued or running
    (waiting for a retry included)."""
    job = await redis.enqueue_job(DELIVER_WEBHOOK, delivery_id, _job_id=f"webhook:{delivery_id}")
    return job is not None


async def run_quick_job(pool: ArqRedis, function: str, *args: Any, timeout_s: float) -> Any:
    """Run `function(*args)` on a worker's quick queue and wait for its result.

    Raises NoWorker when no worker is alive to take it, QuickJobTimeout when it has not finished
    within `timeout_s`, and whatever the job itself raised.
    """
    if not await live_workers(pool):
        raise NoWorker
    # Expiring with the wait: a job nobody waits for any more is not started.
    job = await pool.enqueue_job(
        function, *args, _queue_name=QUICK_QUEUE, _expires=timedelta(seconds=timeout_s)
    )
    if job is None:  # only a duplicate _job_id is refused, and none is given
        raise QuickJobError(f"The job {function!r} could not be queued.")
    try:
        return await job.result(timeout=timeout_s, poll_delay=QUICK_RESULT_POLL_S)
    except (TimeoutError, ResultNotFound) as exc:
        raise QuickJobTimeout(timeout_s) from exc


class LectureQueue:
    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self._pool: ArqRedis | None = None

    async def connect(self) -> None:
        self._pool = await create_pool(redis_settings(self.redis_url))

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None

    @property
    def pool(self) -> ArqRedis:
        if self._pool is None:
            raise RuntimeError("queue is not connected")
        return self._pool

    async def enqueue_processing(self, lecture_id: str, run_id: str) -> bool:
        return await enqueue_run(self.pool, lecture_id, run_id)

    async def cancel_processing(self, lecture_id: str, run_id: str) -> None:
        """Drop the run's job if it is waiting; abort it if a worker is running it.

        The lecture's status has already left queued/processing, so even a worker that starts the
        job in this very moment finds nothing to do.
        """
        job_id = lecture_job_id(lecture_id, run_id)
        await self.pool.zadd(abort_jobs_ss, {job_id: timestamp_ms()})
        if await self.pool.exists(in_progress_key_prefix + job_id):
            return
        async with self.pool.pipeline(transaction=True) as pipe:
            pipe.zrem(default_queue_name, job_id)
            pipe.delete(job_key_prefix + job_id)
            await pipe.execute()

    async def ping(self) -> None:
        await self.pool.ping()
