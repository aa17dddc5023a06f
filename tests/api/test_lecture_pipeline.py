"""End to end over HTTP: upload real recordings, poll until done, read every result."""

import pysrt
import pytest
import webvtt

from tests.conftest import FIXTURES, upload, wait_for_lecture
from tests.text_metrics import glossary_scores, load_reference_terms, word_error_rate

DEFAULT_TEMPLATE_SECTIONS = [
    "## Topic",
    "## Key ideas",
    "## Outline",
    "## Glossary",
    "## Review questions",
]


@pytest.fixture(scope="module")
def networks_lecture(service):
    with service.admin_client() as http:
        response = upload(http, FIXTURES / "lecture_networks.mp3", title="Computer networks")
        assert response.status_code == 202, response.text
        lecture = response.json()
        assert response.headers["location"].endswith(f"/api/v1/lectures/{lecture['id']}")
        assert lecture["status"] == "queued"
        finished = wait_for_lecture(http, lecture["id"])
        return finished


def test_networks_lecture_finishes(networks_lecture):
    assert networks_lecture["status"] == "done", networks_lecture["error"]
    assert networks_lecture["stage"] == "done"
    assert networks_lecture["progress"] == 1.0
    assert networks_lecture["language"] == "en"
    assert networks_lecture["duration"] == pytest.approx(119.3, abs=0.5)
    assert networks_lecture["error"] is None


def test_transcript_is_accurate_and_timed(client, networks_lecture):
    segments = client.get(f"/lectures/{networks_lecture['id']}/transcript").json()["segments"]
    assert len(segments) > 10
    assert all(0 <= s["start"] < s["end"] <= 120 for s in segments)
    assert [s["start"] for s in segments] == sorted(s["start"] for s in segments)
    reference = (FIXTURES / "lecture_networks.txt").read_text()
    assert word_error_rate(reference, " ".join(s["text"] for s in segments)) <= 0.15


def test_glossary_finds_defined_terms_with_grounded_quotes(client, networks_lecture):
    lecture_id = networks_lecture["id"]
    segments = client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
    transcript = " ".join(s["text"] for s in segments)
    terms = client.get(f"/lectures/{lecture_id}/glossary").json()["terms"]
    reference = load_reference_terms(FIXTURES / "lecture_networks.glossary.json")
    matched, _, _ = glossary_scores(reference, [t["term"] for t in terms])
    assert matched >= 6, [t["term"] for t in terms]
    for entry in terms:
        assert entry["quote"] in transcript
        assert entry["term"].casefold() in transcript.casefold()
        assert entry["definition"]
        # The timestamps locate the quote: a segment overlapping them contains its first words.
        first_words = entry["quote"].split()[0]
        assert any(
            s["start"] <= entry["start"] < s["end"] and first_words in s["text"] for s in segments
        )


def test_summary_follows_the_template_in_english(client, networks_lecture):
    lecture_id = networks_lecture["id"]
    markdown = client.get(f"/lectures/{lecture_id}/summary", params={"format": "md"})
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    positions = [markdown.text.find(heading) for heading in DEFAULT_TEMPLATE_SECTIONS]
    assert -1 not in positions and positions == sorted(positions), positions
    summary = client.get(f"/lectures/{lecture_id}/summary").json()
    assert summary["language"] == "en"
    assert summary["template"] == "default"
    assert summary["sections"]["key_ideas"]
    assert all(item["clock"] for item in summary["sections"]["outline"])
    assert "protocol" in markdown.text.lower()


def test_subtitles_parse_with_real_parsers(client, networks_lecture, tmp_path):
    lecture_id = networks_lecture["id"]
    segments = client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]

    srt = client.get(f"/lectures/{lecture_id}/transcript", params={"format": "srt"})
    assert srt.status_code == 200
    subtitles = pysrt.from_string(srt.text)
    assert len(subtitles) == len(segments)
    assert subtitles[0].text == segments[0]["text"]
    assert subtitles[-1].end.ordinal == round(segments[-1]["end"] * 1000)

    vtt = client.get(f"/lectures/{lecture_id}/transcript", params={"format": "vtt"})
    assert vtt.headers["content-type"].startswith("text/vtt")
    path = tmp_path / "lecture.vtt"
    path.write_text(vtt.text)
    captions = webvtt.read(str(path))
    assert len(captions) == len(segments)
    assert captions[1].text == segments[1]["text"]
    assert captions[1].start_in_seconds == int(segments[1]["start"])

    txt = client.get(f"/lectures/{lecture_id}/transcript", params={"format": "txt"})
    assert txt.text.count("\n") == len(segments)


def test_audio_is_served_with_ranges(client, networks_lecture):
    original = (FIXTURES / "lecture_networks.mp3").read_bytes()
    url = f"/lectures/{networks_lecture['id']}/audio"
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-type"] == "audio/mpeg"
    assert whole.content == original
    part = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(original)}"
    assert part.content == original[1000:2000]
    tail = client.get(url, headers={"Range": "bytes=-100"})
    assert tail.content == original[-100:]
    outside = client.get(url, headers={"Range": f"bytes={len(original)}-"})
    assert outside.status_code == 416


def test_list_is_newest_first_and_paginated(client, networks_lecture):
    second = upload(client, FIXTURES / "jfk.flac", title="JFK").json()
    page = client.get("/lectures", params={"limit": 1}).json()
    assert page["total"] >= 2
    assert [item["id"] for item in page["items"]] == [second["id"]]
    next_page = client.get("/lectures", params={"limit": 1, "offset": 1}).json()
    assert next_page["items"][0]["id"] != second["id"]
    assert wait_for_lecture(client, second["id"])["status"] == "done"


def test_russian_lecture_is_detected_as_russian(client):
    response = upload(client, FIXTURES / "lecture_ru_biology.ogg", title="Клетка")
    assert response.status_code == 202
    lecture = wait_for_lecture(client, response.json()["id"])
    assert lecture["status"] == "done", lecture["error"]
    assert lecture["language"] == "ru"
    summary = client.get(f"/lectures/{lecture['id']}/summary").json()
    assert summary["language"] == "ru"
    assert "## Глоссарий" in summary["markdown"]


def test_delete_removes_records_and_file(client, service):
    created = upload(client, FIXTURES / "jfk.flac", language="en").json()
    wait_for_lecture(client, created["id"])
    stored_before = service.stored_objects()
    assert any(created["id"] in str(path) for path in stored_before)
    assert client.delete(f"/lectures/{created['id']}").status_code == 204
    assert client.get(f"/lectures/{created['id']}").status_code == 404
    assert client.get(f"/lectures/{created['id']}/transcript").status_code == 404
    assert not any(created["id"] in str(path) for path in service.stored_objects())


def test_retry_is_refused_for_a_finished_lecture(client, networks_lecture):
    response = client.post(f"/lectures/{networks_lecture['id']}/retry")
    assert response.status_code == 409
    assert "only failed or cancelled" in response.json()["detail"].lower()
