"""The arq tasks: thin on purpose, the work and its judgement live in app.pipeline and app.webhooks.

Around the pipeline it holds the run's lease, turns "retry later" into an arq retry with back-off,
and hands the lecture back to the queue when the worker stops mid-run (a cancelled or superseded
run is left alone: its status already says what happened). A run that ends done or failed records
its webhook event and queues the deliveries, each its own job, retried with back-off.
"""

import asyncio
import logging
from typing import Any

from arq import Retry

from app.core.config import Settings
from app.core.errors import StoreUnavailable
from app.core.logging import bind_lecture
from app.lifecycle import LectureStatus
from app.pipeline.runner import LecturePipeline, Outcome
from app.repository import LectureRepository
from app.webhooks.delivery import attempt_delivery
from app.webhooks.events import announce
from app.webhooks.models import DeliveryStatus
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
                await _announce_if_failed_now(ctx, lecture_id, run_id)
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
    if outcome in (Outcome.DONE, Outcome.FAILED):
        await announce(ctx["repository"], ctx["redis"], settings, run.lecture)
    if outcome is Outcome.RETRY_LATER:
        raise Retry(defer=settings.retry_backoff_s * 2 ** (run.lecture.attempts - 1))


async def _announce_if_failed_now(ctx: dict[str, Any], lecture_id: str, run_id: str) -> None:
    """A run refused for want of attempts has just failed its lecture: that is its event too."""
    repository: LectureRepository = ctx["repository"]
    lecture = await repository.get_lecture(lecture_id)
    if lecture is not None and lecture.run_id == run_id and lecture.status is LectureStatus.FAILED:
        await announce(repository, ctx["redis"], ctx["settings"], lecture)


async def deliver_webhook(ctx: dict[str, Any], delivery_id: str) -> None:
    """One attempt at the delivery; an arq retry at its back-off while it stays pending."""
    repository: LectureRepository = ctx["repository"]
    settings: Settings = ctx["settings"]
    try:
        delivery = await repository.get_webhook_delivery(delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.PENDING:
            return
        if delivery.endpoint_id is None:
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
        else:
            endpoint = await repository.get_webhook_endpoint(delivery.endpoint_id)
            if endpoint is None:
                return
            secret = endpoint.secret
        outcome = await attempt_delivery(delivery, secret, settings)
        await repository.record_delivery_attempt(
            delivery_id,
            outcome.attempt,
            status=outcome.status,
            next_attempt_at=outcome.next_attempt_at,
        )
    except StoreUnavailable as exc:
        logger.warning("webhook delivery %s: %s; trying again", delivery_id, exc)
        raise Retry(defer=settings.webhook_retry_backoff_s) from exc
    logger.info(
        "webhook delivery %s to %s: %s (%s)",
        delivery_id,
        delivery.url,
        outcome.status.value,
        outcome.attempt.status_code or outcome.attempt.error,
    )
    if outcome.next_attempt_at is not None:
        defer = outcome.next_attempt_at - outcome.attempt.attempted_at
        raise Retry(defer=defer.total_seconds())
