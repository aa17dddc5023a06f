"""The arq task: thin on purpose, the work lives in app.pipeline.

Around the pipeline it holds the lecture's lease, turns temporary failures into arq retries with
back-off, and on cancellation tells an abort (status `cancelled`) from a worker shutting down (the job
goes back to the queue).
"""

import asyncio
import logging
from typing import Any

from arq import Retry

from app.core.config import Settings
from app.core.logging import bind_lecture
from app.models import LectureStatus, Stage
from app.pipeline.runner import LecturePipeline, TransientFailure
from app.queue import cancel_key
from app.worker.lease import LeaseHeld, hold_lease

logger = logging.getLogger(__name__)


async def process_lecture(ctx: dict[str, Any], lecture_id: str) -> None:
    with bind_lecture(lecture_id):
        await _process(ctx, lecture_id)


async def _process(ctx: dict[str, Any], lecture_id: str) -> None:
    pipeline: LecturePipeline = ctx["pipeline"]
    settings: Settings = ctx["settings"]
    redis = ctx["redis"]
    attempt: int = ctx.get("job_try", 1)
    if attempt > settings.job_max_tries:
        # arq counts every start, so this is reached by a lecture whose worker kept dying under it.
        await pipeline.repository.set_progress(
            lecture_id,
            status=LectureStatus.FAILED,
            stage=Stage.QUEUED,
            progress=0.0,
            error=(
                f"Processing stopped unexpectedly {settings.job_max_tries} times in a row; "
                "the recording may be too large for this worker. Retry it to try once more."
            ),
        )
        return
    try:
        async with hold_lease(redis, lecture_id, settings.lease_ttl_s) as lease:
            try:
                await pipeline.run(lecture_id, attempt=attempt, max_attempts=settings.job_max_tries)
            except asyncio.CancelledError:
                if not lease.lost:
                    await asyncio.shield(_after_cancellation(pipeline, redis, lecture_id))
                raise
    except LeaseHeld:
        logger.warning("lecture %s is already being processed by another worker", lecture_id)
    except TransientFailure:
        delay = settings.retry_backoff_s * 2 ** (attempt - 1)
        raise Retry(defer=delay) from None


async def _after_cancellation(pipeline: LecturePipeline, redis, lecture_id: str) -> None:
    if await redis.exists(cancel_key(lecture_id)):
        await pipeline.mark_cancelled(lecture_id)
    else:
        await pipeline.hand_back(lecture_id)
