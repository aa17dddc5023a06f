"""Accounts over real HTTP: sign-in, expiry, revocation, deactivation, password changes, ownership,
the limits on sign-ins and uploads, and the session cookie's same-origin rule."""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.auth.access_tokens import issue_access_token
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, FIXTURES, upload, wait_for_lecture
from tests.worker.conftest import run_api_alone, service_env

RECORDING = FIXTURES / "jfk.flac"


def login(api_url: str, email: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{api_url}/login/access-token", data={"username": email, "password": password}
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def me(api_url: str, token: str) -> httpx.Response:
    return httpx.get(f"{api_url}/users/me", headers=bearer(token))


def test_the_login_answers_a_bearer_token_and_a_strict_http_only_cookie(service):
    response = login(service.api_url, ADMIN_EMAIL, ADMIN_PASSWORD)

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    cookie = response.headers["set-cookie"].lower()
    assert "konspekt_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert me(service.api_url, response.json()["access_token"]).json()["email"] == ADMIN_EMAIL


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(service):
    wrong = login(service.api_url, ADMIN_EMAIL, "not-the-password")
    unknown = login(service.api_url, "nobody@konspekt.test", "not-the-password")

    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json() == {"detail": "Wrong email or password."}


def test_an_expired_token_is_refused(service):
    secret = (service.data_dir / "secret_key").read_text().strip()
    admin_id = me(
        service.api_url, login(service.api_url, ADMIN_EMAIL, ADMIN_PASSWORD).json()["access_token"]
    ).json()["id"]
    issued = datetime.now(UTC) - timedelta(hours=2)
    expired = issue_access_token(admin_id, 0, secret, timedelta(hours=1), now=issued)
    fresh = issue_access_token(admin_id, 0, secret, timedelta(hours=1))

    assert me(service.api_url, expired).status_code == 401
    assert me(service.api_url, fresh).status_code == 200
    assert me(service.api_url, fresh[:-2] + "xx").status_code == 401  # signature broken


def test_a_revoked_api_token_stops_working(service):
    with service.new_teacher("scripts@accounts.test") as teacher:
        created = teacher.post("/users/me/tokens", json={"name": "nightly export"}).json()
        secret = created["token"]
        assert secret.startswith("kpt_")
        assert me(service.api_url, secret).json()["email"] == "scripts@accounts.test"
        listed = teacher.get("/users/me/tokens").json()
        assert [t["name"] for t in listed] == ["nightly export"]
        assert "token" not in listed[0] and listed[0]["last_used_at"] is not None

        assert teacher.delete(f"/users/me/tokens/{created['id']}").status_code == 204

        assert me(service.api_url, secret).status_code == 401
        assert teacher.get("/users/me/tokens").json() == []


def test_a_deactivated_teacher_is_signed_out_everywhere_and_cannot_sign_in(service):
    with service.new_teacher("leaving@accounts.test") as teacher, service.admin_client() as admin:
        teacher_id = teacher.get("/users/me").json()["id"]
        api_token = teacher.post("/users/me/tokens", json={"name": "t"}).json()["token"]

        assert admin.patch(f"/users/{teacher_id}", json={"is_active": False}).status_code == 200

        assert teacher.get("/users/me").status_code == 401
        assert me(service.api_url, api_token).status_code == 401
        assert (
            login(service.api_url, "leaving@accounts.test", "teacher-password").status_code == 400
        )

        assert admin.patch(f"/users/{teacher_id}", json={"is_active": True}).status_code == 200
        assert (
            login(service.api_url, "leaving@accounts.test", "teacher-password").status_code == 200
        )


def test_the_last_admin_cannot_be_deactivated(service):
    with service.admin_client() as admin:
        admin_id = admin.get("/users/me").json()["id"]
        response = admin.patch(f"/users/{admin_id}", json={"is_active": False})

        assert response.status_code == 409
        assert "last active admin" in response.json()["detail"]
        assert admin.get("/users/me").status_code == 200


def test_a_password_change_ends_the_old_sessions(service):
    with service.new_teacher("changes@accounts.test") as teacher:
        old_token = teacher.headers["Authorization"].removeprefix("Bearer ")
        wrong = teacher.post(
            "/users/me/password",
            json={"current_password": "not-it", "new_password": "a-new-password"},
        )
        assert wrong.status_code == 400

        changed = teacher.post(
            "/users/me/password",
            json={"current_password": "teacher-password", "new_password": "a-new-password"},
        )

        assert changed.status_code == 200
        assert me(service.api_url, old_token).status_code == 401
        assert me(service.api_url, changed.json()["access_token"]).status_code == 200
        assert (
            login(service.api_url, "changes@accounts.test", "teacher-password").status_code == 400
        )
        assert login(service.api_url, "changes@accounts.test", "a-new-password").status_code == 200


def test_a_teacher_sees_only_their_own_lectures_and_an_admin_sees_all(service):
    with (
        service.new_teacher("first@owners.test") as first,
        service.new_teacher("second@owners.test") as second,
        service.admin_client() as admin,
    ):
        lecture = upload(first, RECORDING, title="Mine").json()
        assert wait_for_lecture(first, lecture["id"])["status"] == "done"

        own_ids = [item["id"] for item in first.get("/lectures").json()["items"]]
        assert lecture["id"] in own_ids
        assert second.get("/lectures").json() == {"items": [], "total": 0, "limit": 20, "offset": 0}
        assert lecture["id"] in [
            item["id"] for item in admin.get("/lectures", params={"limit": 100}).json()["items"]
        ]
        # The same recording from the second teacher is processed for them, not copied from the
        # first teacher's results (which would tell them someone uploaded it).
        theirs = upload(second, RECORDING, title="Also mine")
        assert theirs.status_code == 202 and theirs.json()["status"] == "queued"
        # While the first teacher's own second upload is served from their earlier results.
        again = upload(first, RECORDING, title="Mine again")
        assert again.json()["status"] == "done"


def test_a_session_cookie_write_must_come_from_the_dashboards_origin(service):
    with httpx.Client(base_url=service.api_url) as browser:
        signed_in = browser.post(
            "/login/access-token", data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        assert signed_in.status_code == 200
        assert browser.get("/users/me").status_code == 200  # a read needs no Origin

        elsewhere = browser.patch(
            "/users/me", json={"display_name": "x"}, headers={"Origin": "https://evil.example"}
        )
        own_origin = browser.patch(
            "/users/me",
            json={"display_name": "Administrator"},
            headers={"Origin": service.base_url},
        )

        assert elsewhere.status_code == 403
        assert own_origin.status_code == 200
        assert browser.post("/logout", headers={"Origin": service.base_url}).status_code == 204
        assert browser.get("/users/me").status_code == 401


@pytest.fixture(scope="module")
def limited_api(tmp_path_factory, redis_server) -> Iterator[str]:
    """An API alone with tight limits: 3 failed sign-ins per account, 6 per address, 2 MB of
    storage and one upload at a time per teacher."""
    tmp = tmp_path_factory.mktemp("limited")
    env = service_env(
        tmp,
        redis_server.url.replace("/0", "/5"),
        LOGIN_LIMIT_PER_ACCOUNT="3/minute",
        LOGIN_LIMIT_PER_ADDRESS="6/minute",
        USER_QUOTA_MB="2",
        MAX_CONCURRENT_UPLOADS="1",
    )
    with run_api_alone(env, tmp / "api.log") as base_url:
        yield f"{base_url}/api/v1"


def admin_token(api_url: str) -> str:
    return login(api_url, ADMIN_EMAIL, ADMIN_PASSWORD).json()["access_token"]


def test_failed_sign_ins_are_limited_per_account_then_per_address(limited_api):
    for _ in range(3):
        assert login(limited_api, "guessed@limits.test", "wrong").status_code == 400

    refused = login(limited_api, "guessed@limits.test", "wrong")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in refused.json()["detail"]

    for _ in range(3):
        assert login(limited_api, "other@limits.test", "wrong").status_code == 400
    # Six failures from this address: even the right password waits now.
    assert login(limited_api, ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 429


def test_the_storage_quota_and_the_concurrent_upload_cap(limited_api, redis_server):
    # The address's sign-in limit of the previous test is spent: reset it the way time would.
    import redis

    with redis.Redis.from_url(redis_server.url.replace("/0", "/5")) as client:
        for key in client.scan_iter("konspekt:login*"):
            client.delete(key)
    headers = bearer(admin_token(limited_api))
    with httpx.Client(base_url=limited_api, headers=headers, timeout=60) as admin:
        big = bytes(600 * 1024)
        first = admin.post("/lectures", files={"file": ("a.flac", RECORDING.read_bytes())})
        assert first.status_code == 202, first.text

        slow_started = threading.Event()

        def slow_body() -> Iterator[bytes]:
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.flac"\r\n\r\n'
            slow_started.set()
            time.sleep(3)
            yield b"data\r\n--b--\r\n"

        holder = threading.Thread(
            target=lambda: admin.post(
                "/lectures",
                content=slow_body(),
                headers={"Content-Type": "multipart/form-data; boundary=b"},
            )
        )
        holder.start()
        slow_started.wait(10)
        time.sleep(0.5)
        second = admin.post("/lectures", files={"file": ("b.flac", RECORDING.read_bytes())})
        holder.join()

        assert second.status_code == 429
        assert "already uploading" in second.json()["detail"]

        over = admin.post("/lectures", files={"file": ("c.flac", big + RECORDING.read_bytes())})
        assert over.status_code == 413
        assert "storage quota of 2 MB" in over.json()["detail"]


@pytest.mark.parametrize(
    ("trusted", "signed_in"), [("127.0.0.1/32", True), ("10.0.0.0/8", False)], ids=["ours", "not"]
)
def test_a_proxys_email_header_is_believed_only_from_trusted_proxies(
    tmp_path, redis_server, trusted, signed_in
):
    env = service_env(
        tmp_path,
        redis_server.url,
        AUTH_PROXY_HEADER="X-Forwarded-Email",
        TRUSTED_PROXIES=f"192.0.2.7, {trusted}",
    )
    with run_api_alone(env, tmp_path / "api.log") as base_url:
        answer = httpx.get(
            f"{base_url}/api/v1/users/me", headers={"X-Forwarded-Email": "Proxied@School.lan"}
        )

    if signed_in:
        assert answer.status_code == 200
        assert (answer.json()["email"], answer.json()["role"]) == ("proxied@school.lan", "teacher")
    else:
        assert answer.status_code == 401
