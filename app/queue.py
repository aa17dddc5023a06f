"""The job queue between API and worker (arq on Redis)."""

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

PROCESS_LECTURE = "process_lecture"


def redis_settings(redis_url: str) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url)


def lecture_job_id(lecture_id: str) -> str:
    # One job id per lecture: arq refuses a second job with the same id while one is queued or running.
    return f"lecture:{lecture_id}"


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
        job = await self.pool.enqueue_job(
            PROCESS_LECTURE, lecture_id, _job_id=lecture_job_id(lecture_id)
        )
        return job is not None

    async def ping(self) -> None:
        await self.pool.ping()
