"""Ask a lecture over real HTTP: the networks lecture answers what a router does with its own words,
says so when asked about something it does not cover, hears a spoken question, and streams."""

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURES, upload, wait_for_lecture

ROUTER_DEFINITION = re.compile(r"router is a device that forwards packets", re.IGNORECASE)
NOT_COVERED = "This is not covered in this lecture."


@pytest.fixture(scope="module")
def networks(service) -> Iterator[tuple[httpx.Client, str]]:
    teacher = service.new_teacher("asker@questions.test")
    teacher.timeout = httpx.Timeout(300)
    lecture = upload(teacher, FIXTURES / "lecture_networks.mp3", title="Networks").json()
    assert wait_for_lecture(teacher, lecture["id"])["status"] == "done"
    yield teacher, lecture["id"]
    teacher.close()


def definition_span(client: httpx.Client, lecture_id: str) -> tuple[float, float]:
    """Where the lecture defines a router: the segments its defining sentence spans."""
    segments = client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
    text = ""
    for first, segment in enumerate(segments):
        if "router is" in segment["text"].lower():
            last = first
            text = segment["text"]
            while "packets" not in text and last + 1 < len(segments):
                last += 1
                text += " " + segments[last]["text"]
            return segment["start"], segments[last]["end"]
    raise AssertionError("the transcript lost the router's definition")


def assert_cites_the_router_definition(answer: dict, span: tuple[float, float]) -> None:
    cited = [c for c in answer["citations"] if ROUTER_DEFINITION.search(c["quote"])]
    assert cited, answer
    citation = cited[0]
    assert citation["start"] < span[1] and span[0] < citation["end"], (citation, span)


def test_what_a_router_does_is_answered_from_the_lectures_definition(networks):
    client, lecture_id = networks

    response = client.post(
        f"/lectures/{lecture_id}/questions", json={"question": "What does a router do?"}
    )

    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["status"] == "answered"
    assert answer["question"] == "What does a router do?"
    assert "rout" in answer["answer"].lower() or "packet" in answer["answer"].lower()
    assert_cites_the_router_definition(answer, definition_span(client, lecture_id))
    segments = client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
    transcript = " ".join(segment["text"] for segment in segments)
    assert all(c["quote"] in transcript for c in answer["citations"])


@pytest.mark.parametrize("question", ["What is the capital of France?", "How do volcanoes erupt?"])
def test_a_question_the_lecture_does_not_cover_is_told_so(networks, question):
    client, lecture_id = networks

    answer = client.post(f"/lectures/{lecture_id}/questions", json={"question": question}).json()

    assert answer["answer"] == NOT_COVERED
    assert answer["citations"] == []


def test_a_spoken_question_is_heard_and_answered(networks, tmp_path: Path):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (scripts/bootstrap installs it)")
    client, lecture_id = networks
    spoken = tmp_path / "q.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-w", str(spoken), "What does a router do?"], check=True
    )

    with spoken.open("rb") as audio:
        response = client.post(
            f"/lectures/{lecture_id}/questions", files={"audio": ("q.wav", audio, "audio/wav")}
        )

    assert response.status_code == 201, response.text
    answer = response.json()
    assert "router" in answer["question"].lower(), answer
    assert_cites_the_router_definition(answer, definition_span(client, lecture_id))


def read_events(response: httpx.Response) -> list[tuple[str, dict]]:
    events, kind = [], None
    for line in response.iter_lines():
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: "):
            events.append((kind, json.loads(line.removeprefix("data: "))))
    return events


def test_the_answer_streams_as_text_then_the_verified_answer(networks):
    client, lecture_id = networks

    with client.stream(
        "POST",
        f"/lectures/{lecture_id}/questions",
        json={"question": "What is a router?"},
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = read_events(response)

    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) == {"text"} and len(kinds) > 2, kinds
    final = events[-1][1]
    assert ROUTER_DEFINITION.search(" ".join(c["quote"] for c in final["citations"]))

    with client.stream("GET", f"/lectures/{lecture_id}/questions/{final['id']}/events") as again:
        assert read_events(again) == [("answer", final)]


def test_the_conversation_lists_every_question_with_its_asker(networks, service):
    client, lecture_id = networks
    client.post(f"/lectures/{lecture_id}/questions", json={"question": "What is latency?"})

    conversation = client.get(f"/lectures/{lecture_id}/questions").json()["questions"]

    last = conversation[-1]
    assert last["question"] == "What is latency?"
    assert last["asker_name"] and last["asked_at"] and last["answered_at"]
    assert [q["asked_at"] for q in conversation] == sorted(q["asked_at"] for q in conversation)
    stranger = service.new_teacher("stranger@questions.test")
    assert stranger.get(f"/lectures/{lecture_id}/questions").status_code == 404
    missing = client.get(f"/lectures/{lecture_id}/questions/nope/events")
    assert missing.status_code == 404
