"""POST /v1/audio/transcriptions through OpenAI's own Python client, against the running service.

The test service transcribes clips up to SYNC_TRANSCRIPTION_MAX_S=60 while the caller waits: jfk.flac
(11 s) is served, lecture_networks.mp3 (2 minutes) is refused.
"""

import time
from collections.abc import Iterator

import httpx
import openai
import pysrt
import pytest
import webvtt

from tests.conftest import FIXTURES, upload
from tests.text_metrics import word_error_rate

JFK = FIXTURES / "jfk.flac"
LONG = FIXTURES / "lecture_networks.mp3"
JFK_TEXT = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
MAX_WER = 0.15


@pytest.fixture(scope="module")
def api_token(service) -> str:
    with service.admin_client() as admin:
        created = admin.post("/users/me/tokens", json={"name": "openai client"})
        assert created.status_code == 201, created.text
        return created.json()["token"]


@pytest.fixture(scope="module")
def openai_client(service, api_token) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(api_key=api_token, base_url=f"{service.base_url}/v1", max_retries=0)
    yield client
    client.close()


def transcribe(client: openai.OpenAI, response_format: str, path=JFK):
    with path.open("rb") as audio:
        return client.audio.transcriptions.create(
            model="whisper-1", file=audio, response_format=response_format
        )


def test_json_answers_the_text(openai_client):
    answer = transcribe(openai_client, "json")
    assert word_error_rate(JFK_TEXT, answer.text) <= MAX_WER, answer.text


def test_text_answers_plain_text(openai_client):
    answer = transcribe(openai_client, "text")
    assert isinstance(answer, str)
    assert word_error_rate(JFK_TEXT, answer) <= MAX_WER, answer


def test_srt_answers_subrip(openai_client):
    answer = transcribe(openai_client, "srt")
    subtitles = pysrt.from_string(answer)
    assert len(subtitles) >= 1
    assert word_error_rate(JFK_TEXT, " ".join(item.text for item in subtitles)) <= MAX_WER


def test_vtt_answers_webvtt(openai_client):
    answer = transcribe(openai_client, "vtt")
    assert answer.startswith("WEBVTT")
    captions = webvtt.from_string(answer)
    assert word_error_rate(JFK_TEXT, " ".join(c.text for c in captions)) <= MAX_WER


def test_verbose_json_has_segments_as_openai_documents(openai_client):
    answer = transcribe(openai_client, "verbose_json")
    assert answer.language == "en"
    assert answer.duration == pytest.approx(11.0, abs=0.5)
    assert word_error_rate(JFK_TEXT, answer.text) <= MAX_WER
    assert answer.segments
    for number, segment in enumerate(answer.segments):
        assert segment.id == number
        assert 0 <= segment.start < segment.end <= answer.duration + 0.5
        assert segment.tokens == []
        assert segment.no_speech_prob == 0.0


def test_a_recording_longer_than_the_limit_is_sent_to_the_lecture_api(openai_client, service):
    with pytest.raises(openai.APIStatusError) as raised:
        transcribe(openai_client, "json", path=LONG)
    assert raised.value.status_code == 413
    error = raised.value.body
    assert error["param"] == "file"
    assert error["type"] == "invalid_request_error"
    assert "/api/v1/lectures" in error["message"]
    assert service.stored_objects() == [] or all(
        "clips" not in path.parts for path in service.stored_objects()
    )


def test_without_a_token_the_answer_is_401_in_openai_shape(service):
    with JFK.open("rb") as audio:
        response = httpx.post(
            f"{service.base_url}/v1/audio/transcriptions",
            files={"file": ("jfk.flac", audio)},
            data={"model": "whisper-1"},
            timeout=60,
        )
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_an_unknown_response_format_is_400_in_openai_shape(service, api_token):
    with JFK.open("rb") as audio:
        response = httpx.post(
            f"{service.base_url}/v1/audio/transcriptions",
            headers={"Authorization": f"Bearer {api_token}"},
            files={"file": ("jfk.flac", audio)},
            data={"model": "whisper-1", "response_format": "mp3"},
            timeout=60,
        )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "response_format"


def test_a_clip_is_answered_while_a_lecture_is_being_transcribed(service, openai_client):
    with service.admin_client() as admin:
        lecture = upload(admin, LONG, reprocess="true", language="en").json()
        deadline = time.monotonic() + 120
        while admin.get(f"/lectures/{lecture['id']}").json()["stage"] != "transcribing":
            assert time.monotonic() < deadline, "the lecture never started transcribing"
            time.sleep(0.2)

        answer = transcribe(openai_client, "json")

        assert word_error_rate(JFK_TEXT, answer.text) <= MAX_WER
        assert admin.get(f"/lectures/{lecture['id']}").json()["status"] == "processing"
        admin.post(f"/lectures/{lecture['id']}/cancel")
