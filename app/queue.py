"""The job queue between API and worker (arq on Redis): one job per run of a lecture, and one per
webhook delivery."""

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.constants import abort_jobs_ss, default_queue_name, in_progress_key_prefix, job_key_prefix
from arq.utils import timestamp_ms

PROCESS_LECTURE = "process_lecture"
DELIVER_WEBHOOK = "deliver_webhook"


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
