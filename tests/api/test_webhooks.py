"""Webhooks end to end: a teacher's receiver on 127.0.0.1 gets signed `lecture.done` and
`lecture.failed`, once each, retried after an error; the deliveries show every attempt."""

import io
import os
import subprocess
import sys
import time
import wave
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import (
    FIXTURES,
    REPO,
    free_port,
    stores_are_ready,
    upload,
    wait_for_lecture,
    wait_until,
)
from tests.webhook_receiver import Receiver, run_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with run_receiver() as running:
        yield running


@pytest.fixture(scope="module")
def teacher(service) -> Iterator[httpx.Client]:
    with service.new_teacher("hooks@webhooks.test") as client:
        yield client


def register(client: httpx.Client, url: str) -> dict:
    created = client.post("/webhooks", json={"url": url})
    assert created.status_code == 201, created.text
    return created.json()


def deliveries_when(client: httpx.Client, webhook_id: str, condition, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        deliveries = client.get(f"/webhooks/{webhook_id}/deliveries").json()
        if condition(deliveries):
            return deliveries
        time.sleep(0.3)
    raise TimeoutError(f"deliveries never reached the awaited state: {deliveries}")


def silence_wav(seconds: float = 3.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * int(16000 * seconds))
    return buffer.getvalue()


def test_a_finished_lecture_is_announced_once_signed(teacher, receiver):
    webhook = register(teacher, receiver.url)
    try:
        lecture = upload(teacher, FIXTURES / "jfk.flac", reprocess="true", title="JFK").json()
        assert wait_for_lecture(teacher, lecture["id"])["status"] == "done"

        event = Receiver.verified(
            receiver.wait_for("lecture.done", lecture["id"]), webhook["secret"]
        )
        deliveries = deliveries_when(
            teacher, webhook["id"], lambda ds: ds and ds[0]["status"] == "delivered"
        )
        time.sleep(2)  # a second delivery would have come meanwhile

        assert len(receiver.events("lecture.done", lecture["id"])) == 1
        assert event["data"]["lecture"] | {"duration": None} == {
            "id": lecture["id"],
            "title": "JFK",
            "status": "done",
            "language": "en",
            "duration": None,
        }
        assert event["data"]["lecture"]["duration"] > 0
        headers = receiver.events("lecture.done", lecture["id"])[0].headers
        assert headers["webhook-id"] == deliveries[0]["event_id"]
        assert [a["status_code"] for a in deliveries[0]["attempts"]] == [200]
        assert "secret" not in teacher.get("/webhooks").json()[0]
    finally:
        teacher.delete(f"/webhooks/{webhook['id']}")


def test_a_receiver_error_is_retried_and_each_attempt_shown(teacher, receiver):
    receiver.answers = [500]
    webhook = register(teacher, receiver.url)
    try:
        lecture = upload(teacher, FIXTURES / "jfk.flac", reprocess="true").json()
        assert wait_for_lecture(teacher, lecture["id"])["status"] == "done"

        first = deliveries_when(teacher, webhook["id"], lambda ds: ds and ds[0]["attempts"])
        receiver.wait_for("lecture.done", lecture["id"])
        last = deliveries_when(
            teacher, webhook["id"], lambda ds: ds and ds[0]["status"] == "delivered"
        )

        assert first[0]["attempts"][0]["status_code"] == 500
        assert first[0]["attempts"][0]["error"].startswith("HTTP 500")
        assert [a["status_code"] for a in last[0]["attempts"]] == [500, 200]
        assert last[0]["next_attempt_at"] is None
        assert len(receiver.events("lecture.done", lecture["id"])) == 1
    finally:
        teacher.delete(f"/webhooks/{webhook['id']}")


def test_a_failed_lecture_is_announced_with_its_error(teacher, receiver):
    webhook = register(teacher, receiver.url)
    try:
        response = teacher.post(
            "/lectures", files={"file": ("silence.wav", io.BytesIO(silence_wav()))}
        )
        assert response.status_code == 202, response.text
        lecture_id = response.json()["id"]
        assert wait_for_lecture(teacher, lecture_id)["status"] == "failed"

        received = receiver.wait_for("lecture.failed", lecture_id)
        event = Receiver.verified(received, webhook["secret"])

        assert event["data"]["lecture"]["status"] == "failed"
        assert "speech" in event["data"]["lecture"]["error"].lower()
        assert receiver.events("lecture.done", lecture_id) == []
    finally:
        teacher.delete(f"/webhooks/{webhook['id']}")


def test_webhooks_are_each_persons_own(service, teacher):
    webhook = register(teacher, "http://127.0.0.1:9/hook")
    with service.new_teacher("other@webhooks.test") as other:
        assert other.get("/webhooks").json() == []
        assert other.get(f"/webhooks/{webhook['id']}/deliveries").status_code == 404
        assert other.delete(f"/webhooks/{webhook['id']}").status_code == 404
    assert teacher.delete(f"/webhooks/{webhook['id']}").status_code == 204
    assert teacher.delete(f"/webhooks/{webhook['id']}").status_code == 404


def test_a_private_url_is_refused_unless_the_deployer_allows_it(tmp_path, redis_server):
    """An API of its own, without WEBHOOK_ALLOW_PRIVATE."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WEBHOOK_")},
        "PORT": str(port),
        "DATA_DIR": str(tmp_path / "data"),
        "REDIS_URL": redis_server.url,
        "FIRST_ADMIN_EMAIL": "admin@private.test",
        "FIRST_ADMIN_PASSWORD": "admin-password-for-tests",
    }
    api = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: stores_are_ready(base), 60, "the API")
        token = httpx.post(
            f"{base}/api/v1/login/access-token",
            data={"username": "admin@private.test", "password": "admin-password-for-tests"},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        for url in ("http://127.0.0.1:8000/hook", "http://localhost/hook", "http://10.0.0.7/"):
            refused = httpx.post(f"{base}/api/v1/webhooks", json={"url": url}, headers=headers)
            assert refused.status_code == 422, refused.text
            assert "WEBHOOK_ALLOW_PRIVATE" in refused.json()["detail"]
    finally:
        api.terminate()
        api.wait(20)
