"""One attempt at a delivery: check the destination, sign, POST, and judge the answer.

Signed per Standard Webhooks by the `standardwebhooks` package: `webhook-id` is the event id (the
same for every attempt and receiver, so a receiver can drop a repeat), `webhook-timestamp` the
attempt's time, `webhook-signature` the HMAC of `id.timestamp.body`. 2xx is delivered; 410 Gone
stops the retries; anything else (another status, no answer, a timeout) is tried again with
exponential back-off until WEBHOOK_MAX_ATTEMPTS.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from standardwebhooks import Webhook

from app.core.config import Settings
from app.webhooks.models import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from app.webhooks.urls import Destination, UrlRefused, check_destination

USER_AGENT = "konspekt-webhooks/1"
# Enough of a receiver's error page to say what went wrong.
ERROR_EXCERPT_CHARS = 300


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    attempt: DeliveryAttempt
    status: DeliveryStatus
    next_attempt_at: datetime | None


def signed_headers(secret: str, message_id: str, at: datetime, payload: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, payload),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def back_off_s(settings: Settings, attempts_made: int) -> float:
    delay = settings.webhook_retry_backoff_s * 2 ** (attempts_made - 1)
    return min(delay, settings.webhook_retry_backoff_max_s)


async def post(destination: Destination, headers: dict[str, str], payload: str, timeout_s: float):
    """POST to the checked address itself, naming the host in `Host` and TLS's SNI (and checking
    its certificate), so the name is not resolved a second time."""
    url, extensions = destination.url, {}
    if destination.address is not None:
        headers = {**headers, "host": url.netloc.decode()}
        extensions = {"sni_hostname": url.host}
        url = url.copy_with(host=str(destination.address))
    async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False) as client:
        return await client.post(
            url, content=payload.encode(), headers=headers, extensions=extensions
        )


async def attempt_delivery(
    delivery: WebhookDelivery, secret: str, settings: Settings
) -> AttemptOutcome:
    at = datetime.now(UTC)
    status_code: int | None = None
    error: str | None = None
    final = False
    try:
        destination = await check_destination(
            delivery.url, allow_private=settings.webhook_allow_private
        )
        headers = signed_headers(secret, delivery.event_id, at, delivery.payload)
        response = await post(destination, headers, delivery.payload, settings.webhook_timeout_s)
    except UrlRefused as exc:
        error, final = str(exc), True
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    else:
        status_code = response.status_code
        if response.is_success:
            attempt = DeliveryAttempt(at, status_code, None)
            return AttemptOutcome(attempt, DeliveryStatus.DELIVERED, None)
        error = f"HTTP {status_code}: {response.text[:ERROR_EXCERPT_CHARS]}".rstrip(": ")
        final = status_code == httpx.codes.GONE
    attempt = DeliveryAttempt(at, status_code, error)
    attempts_made = len(delivery.attempts) + 1
    if final or attempts_made >= settings.webhook_max_attempts:
        return AttemptOutcome(attempt, DeliveryStatus.FAILED, None)
    next_at = at + timedelta(seconds=back_off_s(settings, attempts_made))
    return AttemptOutcome(attempt, DeliveryStatus.PENDING, next_at)
