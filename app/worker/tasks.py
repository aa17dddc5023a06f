"""The arq task: thin on purpose, the work and its judgement live in app.pipeline.

Around the pipeline it holds the run's lease, turns "retry later" into an arq retry with back-off,
and hands the lecture back to the queue when the worker stops mid-run (a cancelled or superseded
run is left alone: its status already says what happened).
"""

import asyncio
import logging
from typing import Any

from arq import Retry

from app.core.config import Settings
from app.core.logging import bind_lecture
from app.pipeline.runner import LecturePipeline, Outcome
from app.worker.lease import LeaseHeld, hold_lease

logger = logging.getLogger(__name__)


async def process_lecture(ctx: dict[str, Any], lecture_id: str, run_id: str) -> None:
    with bind_lecture(lecture_id):
        await _process(ctx, lecture_id, run_id)


async def _process(ctx: dict[str, Any], lecture_id: str, run_id: str) -> None:
    pipeline: LecturePipeline = ctx["pipeline"]
    settings: Settings = ctx["settings"]
    try:
        async with hold_lease(ctx["redis"], lecture_id, run_id, settings.lease_ttl_s) as lease:
            run = await pipeline.start(lecture_id, run_id)
            if run is None:
                return
            logger.info(
                "lecture %s: run %s started (attempt %d)", lecture_id, run_id, run.lecture.attempts
            )
            try:
                outcome = await pipeline.process(run)
            except asyncio.CancelledError:
                if not lease.lost:
                    await asyncio.shield(run.hand_back())
                raise
    except LeaseHeld:
        logger.warning(
            "lecture %s: run %s is already being processed by another worker", lecture_id, run_id
        )
        return
    if outcome is Outcome.RETRY_LATER:
        raise Retry(defer=settings.retry_backoff_s * 2 ** (run.lecture.attempts - 1))
