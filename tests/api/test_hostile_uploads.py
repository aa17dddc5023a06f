"""Hostile uploads beyond the plain rejections: each gets the right answer, nothing partial stays."""

import io
import socket
import time
from urllib.parse import urlsplit

import av
import numpy as np
import pytest

from tests.api.conftest import post_file
from tests.conftest import FIXTURES, wait_for_lecture


def video_without_audio() -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def tone(seconds: float) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=16000, layout="mono")
        samples = (np.sin(np.arange(int(16000 * seconds)) / 10) * 8000).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="s16", layout="mono")
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return buffer.getvalue()


@pytest.mark.usefixtures("nothing_left_behind")
class TestRefused:
    def test_video_without_audio_is_unsupported_media(self, client):
        response = post_file(client, "slides.mp4", video_without_audio())
        assert response.status_code == 415
        assert response.json()["detail"] == (
            "The file has no audio track, so there is nothing to transcribe."
        )

    def test_random_bytes_with_an_audio_header_are_unsupported_media(self, client):
        rng = np.random.default_rng(5)
        response = post_file(client, "noise.flac", b"fLaC" + rng.bytes(50_000))
        assert response.status_code == 415
        assert "could not be" in response.json()["detail"]

    def test_huge_part_headers_are_refused(self, client):
        boundary = "konspektboundary"
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{"a" * 20_000}.flac"\r\n'
                "Content-Type: audio/flac\r\n\r\n"
            ).encode()
            + b"x" * 100
            + f"\r\n--{boundary}--\r\n".encode()
        )
        response = client.post(
            "/lectures",
            content=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert response.status_code in {400, 431}
        assert "header" in response.json()["detail"].lower()

    def test_bad_reprocess_flag_is_unprocessable(self, client):
        response = post_file(
            client, "jfk.flac", (FIXTURES / "jfk.flac").read_bytes(), reprocess="maybe"
        )
        assert response.status_code == 422
        assert response.json()["detail"] == "The field 'reprocess' must be true or false."

    def test_client_disconnecting_mid_upload_leaves_nothing(self, service):
        url = urlsplit(service.api_url)
        boundary = "konspektboundary"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.flac"\r\n'
            "Content-Type: audio/flac\r\n\r\n"
        ).encode()
        audio = (FIXTURES / "jfk.flac").read_bytes()
        with socket.create_connection((url.hostname, url.port)) as connection:
            connection.sendall(
                (
                    f"POST {url.path}/lectures HTTP/1.1\r\nHost: {url.hostname}\r\n"
                    f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                    f"Content-Length: {len(head) + len(audio) + 100}\r\n\r\n"
                ).encode()
                + head
                + audio[: len(audio) // 2]
            )
            time.sleep(0.5)  # the API is now streaming the part to a temporary file
        # nothing_left_behind checks the temporary file went away with the connection
        deadline = time.monotonic() + 10
        while service.incoming_files() and time.monotonic() < deadline:
            time.sleep(0.2)


def test_real_audio_with_a_wrong_extension_is_accepted_and_processed(client):
    response = post_file(
        client, "lecture.mp3", (FIXTURES / "jfk.flac").read_bytes(), reprocess="true"
    )
    assert response.status_code == 202, response.text
    finished = wait_for_lecture(client, response.json()["id"])
    assert finished["status"] == "done", finished["error"]
    assert (
        "country"
        in client.get(f"/lectures/{finished['id']}/transcript", params={"format": "txt"}).text
    )


def test_recording_shorter_than_a_second_ends_in_a_clear_state(client, service):
    response = post_file(client, "blip.wav", tone(0.4))
    assert response.status_code == 202, response.text
    finished = wait_for_lecture(client, response.json()["id"])
    assert finished["duration"] == pytest.approx(0.4, abs=0.05)
    if finished["status"] == "failed":
        assert finished["error"].startswith("No speech was found in the recording")
    else:
        assert finished["status"] == "done"
    assert service.worker.poll() is None  # the worker is still running
