"""A recording comes back as the type its probed format is served as, whatever it was named.

The regression: a WAV named `x.html` whose samples hold a script was served back as text/html on the
dashboard's origin (a stored XSS).
"""

import io
import wave
from collections.abc import Callable, Iterator
from email.message import Message
from email.utils import collapse_rfc2231_value

import av
import numpy as np
import pytest

SCRIPT = b"<script>alert(1)</script>"
SAMPLE_RATE = 16000


def tone() -> np.ndarray:
    """One second of 440 Hz, as 16-bit samples."""
    seconds = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    return (np.sin(2 * np.pi * 440 * seconds) * 8000).astype("<i2")


def wav_with_script() -> bytes:
    pcm = bytearray(tone().tobytes())
    pcm[1000 : 1000 + len(SCRIPT)] = SCRIPT
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(SAMPLE_RATE)
        recording.writeframes(bytes(pcm))
    return buffer.getvalue()


def aiff_tone() -> bytes:
    """A format the probe accepts but the served list does not name."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="aiff") as container:
        stream = container.add_stream("pcm_s16be", rate=SAMPLE_RATE, layout="mono")
        frame = av.AudioFrame.from_ndarray(tone()[np.newaxis, :], format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return buffer.getvalue()


def disposition_names(header: str) -> dict[str, str]:
    """`filename` and `filename*` (RFC 5987), as the standard library's MIME parser reads them."""
    message = Message()
    message["Content-Disposition"] = header
    return {
        "filename*" if isinstance(value, tuple) else "filename": collapse_rfc2231_value(value)
        for name, value in message.get_params(header="content-disposition")[1:]
        if name == "filename"
    }


@pytest.fixture
def uploaded_as_html(client) -> Iterator[Callable[[bytes], str]]:
    """Upload `recording` named x.html and declared text/html; removed again afterwards."""
    uploaded: list[str] = []

    def upload(recording: bytes) -> str:
        response = client.post(
            "/lectures", files={"file": ("x.html", io.BytesIO(recording), "text/html")}
        )
        assert response.status_code == 202, response.text
        uploaded.append(response.json()["id"])
        return f"/lectures/{uploaded[-1]}/audio"

    yield upload
    for lecture_id in uploaded:
        client.delete(f"/lectures/{lecture_id}")


def test_a_wav_named_html_is_served_as_audio_with_its_own_extension(client, uploaded_as_html):
    recording = wav_with_script()
    url = uploaded_as_html(recording)

    whole = client.get(url)

    assert whole.status_code == 200
    assert whole.content == recording and SCRIPT in whole.content
    assert whole.headers["content-type"] == "audio/wav"
    assert whole.headers["x-content-type-options"] == "nosniff"
    assert whole.headers["content-disposition"].startswith("inline;")
    names = disposition_names(whole.headers["content-disposition"])
    assert names["filename*"] == "x.wav"
    assert names["filename"].startswith("lecture-") and names["filename"].endswith(".wav")

    part = client.get(url, headers={"Range": "bytes=1000-1099"})

    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1099/{len(recording)}"
    assert part.content == recording[1000:1100]
    assert part.headers["content-type"] == "audio/wav"
    assert part.headers["x-content-type-options"] == "nosniff"


def test_a_format_off_the_served_list_is_served_as_opaque_bytes(client, uploaded_as_html):
    recording = aiff_tone()
    url = uploaded_as_html(recording)

    whole = client.get(url)

    assert whole.status_code == 200
    assert whole.content == recording
    assert whole.headers["content-type"] == "application/octet-stream"
    assert whole.headers["x-content-type-options"] == "nosniff"
    assert disposition_names(whole.headers["content-disposition"])["filename*"] == "x.bin"
