"""Bad uploads get the right status and a readable message, and leave nothing behind."""

import pytest

from tests.api.conftest import post_file
from tests.conftest import FIXTURES


@pytest.mark.usefixtures("nothing_left_behind")
class TestRejectedUploads:
    def test_text_file_named_mp3_is_unsupported_media(self, client):
        response = post_file(client, "notes.mp3", b"These are my notes, not a recording.\n" * 50)
        assert response.status_code == 415
        assert "could not be read as audio or video" in response.json()["detail"]

    def test_empty_file_is_a_bad_request(self, client):
        response = post_file(client, "lecture.mp3", b"")
        assert response.status_code == 400
        assert response.json()["detail"] == "The uploaded file is empty."

    def test_file_over_the_limit_is_too_large(self, client):
        response = post_file(client, "huge.wav", b"\0" * (6 * 1024 * 1024))
        assert response.status_code == 413
        assert "larger than the limit of 5 MB" in response.json()["detail"]

    def test_truncated_recording_is_unsupported_media(self, client):
        head = (FIXTURES / "lecture_ru_biology.ogg").read_bytes()[:300]
        response = post_file(client, "cut.ogg", head)
        assert response.status_code == 415

    def test_missing_file_field_is_unprocessable(self, client):
        response = client.post("/lectures", data={"title": "no file"}, files={"other": ("x", b"1")})
        assert response.status_code == 422
        assert "field named 'file'" in response.json()["detail"]

    def test_json_body_is_unsupported_media(self, client):
        response = client.post("/lectures", json={"file": "lecture.mp3"})
        assert response.status_code == 415
        assert "multipart/form-data" in response.json()["detail"]

    def test_unknown_language_is_unprocessable(self, client):
        audio = (FIXTURES / "jfk.flac").read_bytes()
        response = post_file(client, "jfk.flac", audio, language="klingon")
        assert response.status_code == 422
        assert "Unknown language 'klingon'" in response.json()["detail"]

    def test_unknown_template_is_unprocessable(self, client):
        audio = (FIXTURES / "jfk.flac").read_bytes()
        response = post_file(client, "jfk.flac", audio, template="nope")
        assert response.status_code == 422
        assert "available: brief, default" in response.json()["detail"]


def test_filename_is_reduced_to_a_safe_name(client):
    # Written by hand: HTTP clients would percent-encode the control characters.
    boundary = "konspektboundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="..\\../etc/\x07evil\tname.flac"\r\n'
            "Content-Type: audio/flac\r\n\r\n"
        ).encode()
        + (FIXTURES / "jfk.flac").read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/lectures",
        content=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 202, response.text
    assert response.json()["filename"] == "evilname.flac"


def test_unknown_lecture_is_not_found(client):
    response = client.get("/lectures/does-not-exist")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no lecture with id 'does-not-exist'."


def test_readiness_reports_every_dependency(service):
    import httpx

    readiness = httpx.get(f"{service.base_url}/readyz").json()
    assert readiness["checks"] == {
        "redis": "ok",
        "database": "ok",
        "storage": "ok",
        "workers": "ok",
    }
    assert readiness["ready"] is True
    assert httpx.get(f"{service.base_url}/healthz").json() == {"status": "ok"}
