"""Which URLs may receive webhooks, and the signature a receiver checks, without a service."""

from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from app.core.config import Settings
from app.webhooks.delivery import back_off_s, signed_headers
from app.webhooks.events import event_id, new_secret
from app.webhooks.models import EventType
from app.webhooks.urls import UrlRefused, check_destination


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[fd00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
async def test_loopback_and_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(UrlRefused, match="WEBHOOK_ALLOW_PRIVATE"):
        await check_destination(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/hook", "example.org/hook", "http://user:secret@8.8.8.8/", "http://"]
)
async def test_urls_that_are_not_http_are_refused(url: str) -> None:
    with pytest.raises(UrlRefused):
        await check_destination(url, allow_private=True)


async def test_a_public_address_is_kept_as_the_one_to_connect_to() -> None:
    destination = await check_destination("https://8.8.8.8/hook", allow_private=False)

    assert str(destination.address) == "8.8.8.8"


async def test_the_deployer_may_allow_private_addresses() -> None:
    destination = await check_destination("http://127.0.0.1:9/hook", allow_private=True)

    assert destination.address is None


def test_a_receiver_verifies_the_signature_with_the_secret_shown_at_creation() -> None:
    secret = new_secret()
    body = '{"type": "lecture.done", "data": {"lecture": {"title": "Лекция"}}}'
    headers = signed_headers(secret, "evt_1", datetime.now(UTC), body)

    assert secret.startswith("whsec_")
    assert Webhook(secret).verify(body, headers)["type"] == "lecture.done"
    with pytest.raises(Exception, match="signature"):
        Webhook(new_secret()).verify(body, headers)


def test_one_event_id_per_lecture_run_and_type() -> None:
    done = event_id("lecture", "run-1", EventType.LECTURE_DONE)

    assert done == event_id("lecture", "run-1", EventType.LECTURE_DONE)
    assert done != event_id("lecture", "run-2", EventType.LECTURE_DONE)
    assert done != event_id("lecture", "run-1", EventType.LECTURE_FAILED)


def test_back_off_doubles_up_to_its_cap() -> None:
    settings = Settings(_env_file=None, webhook_retry_backoff_s=10, webhook_retry_backoff_max_s=60)

    assert [back_off_s(settings, n) for n in range(1, 6)] == [10, 20, 40, 60, 60]
