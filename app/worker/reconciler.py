"""Find lectures the database calls unfinished that no live job will finish, and queue them again.

Run by every worker at start-up and then periodically. It covers a worker killed mid-job (its arq
in-progress marker outlives it by the whole job timeout) and Redis restarted without its data; and
webhook deliveries that are due with no job.
"""

import asyncio
import logging
from datetime import UTC, datetime

from arq import ArqRedis
from arq.constants import (
    default_queue_name,
    in_progress_key_prefix,
    job_key_prefix,
    retry_key_prefix,
)
from redis.exceptions import RedisError

from app.queue import enqueue_delivery, enqueue_run, lecture_job_id
from app.repository import LectureRepository
from app.worker.lease import lease_key

logger = logging.getLogger(__name__)


async def reconcile(
    redis: ArqRedis,
    repository: LectureRepository,
    *,
    in_progress_timeout_s: float,
    grace_s: float,
) -> list[str]:
    """Queue again every unfinished lecture whose current run has no live job; returns the ids it
    queued or freed. The run's attempts are counted in the database, so a lecture whose worker keeps
    dying ends `failed` instead of being queued forever.

    `in_progress_timeout_s` is how long arq keeps its in-progress marker (the job timeout + 10 s); from
    its remaining time we know how long ago a job started, and leave alone one younger than `grace_s`
    whose worker has not taken the lease yet.
    """
    recovered = []
    for lecture in await repository.list_unfinished_lectures():
        lecture_id, run_id = lecture.id, lecture.run_id
        if await redis.exists(lease_key(lecture_id, run_id)):
            continue  # a live worker is on it
        job_id = lecture_job_id(lecture_id, run_id)
        in_progress = in_progress_key_prefix + job_id
        remaining_ms = await redis.pttl(in_progress)
        if remaining_ms > 0:
            started_ago_s = in_progress_timeout_s - remaining_ms / 1000
            if started_ago_s < grace_s:
                continue
            # Its worker died without a word: free the job so a live worker picks it up again.
            await redis.delete(in_progress)
            logger.warning("lecture %s: job orphaned by a dead worker, released", lecture_id)
            recovered.append(lecture_id)
        job_queued = await redis.zscore(default_queue_name, job_id) is not None
        if job_queued and await redis.exists(job_key_prefix + job_id):
            continue
        # No job at all (Redis lost its data) or a half one: queue the lecture afresh.
        async with redis.pipeline(transaction=True) as pipe:
            pipe.zrem(default_queue_name, job_id)
            pipe.delete(job_key_prefix + job_id, retry_key_prefix + job_id, in_progress)
            await pipe.execute()
        if await enqueue_run(redis, lecture_id, run_id):
            logger.warning("lecture %s: unfinished with no job, queued again", lecture_id)
            if lecture_id not in recovered:
                recovered.append(lecture_id)
    await requeue_due_deliveries(redis, repository)
    return recovered


async def requeue_due_deliveries(redis: ArqRedis, repository: LectureRepository) -> None:
    """Queue every pending webhook delivery that is due and has no job: one recorded by a worker
    that died before queueing it, or whose job Redis lost. A job still queued is left as it is."""
    for delivery in await repository.list_due_webhook_deliveries(datetime.now(UTC)):
        if await enqueue_delivery(redis, delivery.id):
            logger.warning("webhook delivery %s was due with no job, queued again", delivery.id)


async def reconcile_forever(
    redis: ArqRedis,
    repository: LectureRepository,
    *,
    interval_s: float,
    in_progress_timeout_s: float,
    grace_s: float,
) -> None:
    while True:
        try:
            await reconcile(
                redis, repository, in_progress_timeout_s=in_progress_timeout_s, grace_s=grace_s
            )
        except (RedisError, OSError) as exc:
            logger.warning("reconciler: Redis unavailable (%s); trying again", exc)
        except Exception:
            logger.exception("reconciler pass failed")
        await asyncio.sleep(interval_s)
