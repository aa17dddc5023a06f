"""The job queue between API and worker (arq on Redis)."""

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.constants import (
    abort_jobs_ss,
    default_queue_name,
    in_progress_key_prefix,
    job_key_prefix,
)
from arq.utils import timestamp_ms

PROCESS_LECTURE = "process_lecture"
# Set when a lecture is cancelled, so that a worker tells an abort from its own shutdown.
CANCEL_KEY_PREFIX = "konspekt:cancel:"
CANCEL_FLAG_TTL_S = 24 * 3600


def redis_settings(redis_url: str) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url)


def lecture_job_id(lecture_id: str) -> str:
    # One job id per lecture: arq refuses a second job with the same id while one is queued or running.
    return f"lecture:{lecture_id}"


def cancel_key(lecture_id: str) -> str:
    return CANCEL_KEY_PREFIX + lecture_id


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

    async def enqueue_processing(self, lecture_id: str) -> bool:
        """Queue the lecture; False when a job for it is already queued or running."""
        # A cancellation of an earlier run must not stop this one.
        await self.pool.delete(cancel_key(lecture_id))
        await self.pool.zrem(abort_jobs_ss, lecture_job_id(lecture_id))
        job = await self.pool.enqueue_job(
            PROCESS_LECTURE, lecture_id, _job_id=lecture_job_id(lecture_id)
        )
        return job is not None

    async def cancel_processing(self, lecture_id: str) -> None:
        """Drop the lecture's job if it is waiting; abort it if a worker is running it."""
        job_id = lecture_job_id(lecture_id)
        await self.pool.set(cancel_key(lecture_id), b"1", ex=CANCEL_FLAG_TTL_S)
        # Marked for abort whatever its state: a worker that starts it in this very moment drops it.
        await self.pool.zadd(abort_jobs_ss, {job_id: timestamp_ms()})
        if await self.pool.exists(in_progress_key_prefix + job_id):
            return
        async with self.pool.pipeline(transaction=True) as pipe:
            pipe.zrem(default_queue_name, job_id)
            pipe.delete(job_key_prefix + job_id)
            await pipe.execute()

    async def ping(self) -> None:
        await self.pool.ping()
