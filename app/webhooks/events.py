"""Recording a lecture's event: one delivery per receiver, each stored once and then queued.

The event id is derived from the lecture, its run and the event type, and each delivery's id from the
event and its receiver; the repository stores a delivery only if its id is new. A worker killed after
the lecture finished and re-running its job, or two announcements of one outcome, therefore record
one event and send it once to each receiver (arq's job id is the delivery id).
"""

import hashlib
import json
import logging
import secrets
from base64 import b64encode
from datetime import UTC, datetime

from arq import ArqRedis

from app.core.config import Settings
from app.lifecycle import LectureStatus
from app.models import Lecture
from app.queue import enqueue_delivery
from app.repository import LectureRepository
from app.webhooks.models import DeliveryStatus, EventType, WebhookDelivery

logger = logging.getLogger(__name__)

EVENT_FOR_STATUS = {
    LectureStatus.DONE: EventType.LECTURE_DONE,
    LectureStatus.FAILED: EventType.LECTURE_FAILED,
}
# The receiver name of the deployer's WEBHOOK_URL in a delivery id.
DEPLOYER = "deployer"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + b64encode(secrets.token_bytes(24)).decode()


def _digest(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:32]


def event_id(lecture_id: str, run_id: str, event_type: EventType) -> str:
    return "evt_" + _digest(lecture_id, run_id, event_type.value)


def delivery_id(event: str, endpoint_id: str | None) -> str:
    return "msg_" + _digest(event, endpoint_id or DEPLOYER)


def lecture_payload(lecture: Lecture, event_type: EventType, at: datetime) -> str:
    """The body, in Standard Webhooks' shape: `type`, `timestamp`, `data`."""
    described = {
        "id": lecture.id,
        "title": lecture.title,
        "status": lecture.status.value,
        "language": lecture.language,
        "duration": lecture.duration,
    }
    if lecture.error is not None:
        described["error"] = lecture.error
    body = {"type": event_type.value, "timestamp": at.isoformat(), "data": {"lecture": described}}
    return json.dumps(body, ensure_ascii=False)


async def record_event(
    repository: LectureRepository, settings: Settings, lecture: Lecture, event_type: EventType
) -> list[WebhookDelivery]:
    """Store the event's deliveries (the owner's endpoints, the deployer's URL) unless stored; every
    one as it is stored now."""
    at = datetime.now(UTC)
    event = event_id(lecture.id, lecture.run_id, event_type)
    payload = lecture_payload(lecture, event_type, at)
    receivers: list[tuple[str | None, str]] = []
    if lecture.owner_id is not None:
        endpoints = await repository.list_webhook_endpoints(lecture.owner_id)
        receivers += [(endpoint.id, endpoint.url) for endpoint in endpoints]
    if settings.webhook_url:
        receivers.append((None, settings.webhook_url))
    if not receivers:
        return []
    deliveries = [
        WebhookDelivery(
            id=delivery_id(event, endpoint_id),
            event_id=event,
            event_type=event_type,
            lecture_id=lecture.id,
            endpoint_id=endpoint_id,
            url=url,
            payload=payload,
            created_at=at,
            next_attempt_at=at,
        )
        for endpoint_id, url in receivers
    ]
    return await repository.add_webhook_deliveries(deliveries)


async def announce(
    repository: LectureRepository, redis: ArqRedis, settings: Settings, lecture: Lecture
) -> None:
    """Record the finished or failed lecture's event and queue its deliveries.

    Never raises: a webhook that cannot be recorded is logged, and the lecture's own outcome stands.
    """
    event_type = EVENT_FOR_STATUS.get(lecture.status)
    if event_type is None:
        return
    try:
        deliveries = await record_event(repository, settings, lecture, event_type)
        for delivery in deliveries:
            if delivery.status is DeliveryStatus.PENDING:
                await enqueue_delivery(redis, delivery.id)
    except Exception:
        logger.exception("lecture %s: its %s webhook could not be queued", lecture.id, event_type)
