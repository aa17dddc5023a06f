"""Webhook endpoints, the events sent to them and each delivery's attempts."""

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EventType(StrEnum):
    LECTURE_DONE = "lecture.done"
    LECTURE_FAILED = "lecture.failed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its first attempt or for a retry
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # attempts used up, the URL refused, or the receiver answered 410 Gone


@dataclass(frozen=True, slots=True)
class WebhookEndpoint:
    id: str
    owner_id: str
    url: str
    # `whsec_` and the base64 key: kept, unlike an API token's, because every delivery is signed with it.
    secret: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    attempted_at: datetime
    status_code: int | None  # None: no answer (refused URL, connection error, timeout)
    error: str | None


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One event on its way to one URL: an endpoint's, or the deployer's WEBHOOK_URL (no endpoint)."""

    id: str
    event_id: str
    event_type: EventType
    lecture_id: str
    endpoint_id: str | None
    url: str
    # The JSON body, fixed when the event is recorded: every attempt sends the same bytes.
    payload: str
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    next_attempt_at: datetime | None = None
    attempts: tuple[DeliveryAttempt, ...] = ()


def attempts_to_json(attempts: tuple[DeliveryAttempt, ...]) -> str:
    return json.dumps(
        [
            {"at": a.attempted_at.isoformat(), "status_code": a.status_code, "error": a.error}
            for a in attempts
        ]
    )


def attempts_from_json(text: str) -> tuple[DeliveryAttempt, ...]:
    return tuple(
        DeliveryAttempt(datetime.fromisoformat(a["at"]), a["status_code"], a["error"])
        for a in json.loads(text)
    )
