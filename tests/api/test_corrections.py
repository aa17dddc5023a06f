"""A teacher's corrections over HTTP, on a real lecture processed by the real worker: who made each
and when, the refusals (409 while a run is at work, 404 for another teacher, 422 for bad text), and
notes regenerated from the corrected transcript that keep every correction."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.conftest import FIXTURES, upload, wait_for_lecture

DEFINING = (
    "A lighthouse is a tower that guides ships at night. "
    "A harbour is a sheltered place where ships stay."
)


@pytest.fixture(scope="module")
def teacher(service):
    with service.new_teacher("corrector@corrections.test") as client:
        yield client


@pytest.fixture(scope="module")
def lecture_id(teacher) -> str:
    response = upload(teacher, FIXTURES / "jfk.flac", title="Corrections", reprocess="true")
    assert response.status_code == 202, response.text
    finished = wait_for_lecture(teacher, response.json()["id"])
    assert finished["status"] == "done", finished["error"]
    return finished["id"]


def regenerate_and_wait(client: httpx.Client, lecture_id: str) -> dict:
    response = client.post(f"/lectures/{lecture_id}/regenerate")
    assert response.status_code == 202, response.text
    assert (response.json()["status"], response.json()["stage"]) == ("queued", "glossary")
    finished = wait_for_lecture(client, lecture_id)
    assert finished["status"] == "done", finished["error"]
    return finished


def terms(client: httpx.Client, lecture_id: str) -> dict[str, dict]:
    glossary = client.get(f"/lectures/{lecture_id}/glossary").json()["terms"]
    return {entry["term"].lower(): entry for entry in glossary}


def test_a_corrected_segment_says_who_corrected_it_and_when(teacher, lecture_id):
    me = teacher.get("/users/me").json()

    response = teacher.patch(
        f"/lectures/{lecture_id}/transcript/segments/0", json={"text": f"  {DEFINING}  "}
    )

    assert response.status_code == 200, response.text
    segment = response.json()
    assert segment["index"] == 0 and segment["text"] == DEFINING
    assert (segment["edited_by"], segment["edited_by_name"]) == (me["id"], me["display_name"])
    edited_at = datetime.fromisoformat(segment["edited_at"])
    assert edited_at.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - edited_at) < timedelta(minutes=1)
    transcript = teacher.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
    assert transcript[0] == segment
    assert all(s["edited_by"] is None for s in transcript[1:])
    edits = teacher.get(f"/lectures/{lecture_id}/edits").json()["edits"]
    assert edits[-1]["kind"] == "segment_text" and edits[-1]["target"] == "0"
    assert edits[-1]["after"] == {"text": DEFINING}
    assert (edits[-1]["user_id"], edits[-1]["user_name"]) == (me["id"], me["display_name"])


@pytest.mark.parametrize(
    ("index", "body", "status", "detail"),
    [
        (0, {"text": "   "}, 422, "at least 1 character"),
        (0, {"text": "x" * 5001}, 422, "at most 5000 characters"),
        (0, {}, 422, "Field required"),
        (9999, {"text": "Words."}, 404, "The transcript has no segment number 9999."),
    ],
)
def test_a_correction_that_cannot_be_applied_says_why(
    teacher, lecture_id, index, body, status, detail
):
    response = teacher.patch(f"/lectures/{lecture_id}/transcript/segments/{index}", json=body)

    assert response.status_code == status, response.text
    assert detail in str(response.json()["detail"])


def test_another_teachers_lecture_cannot_be_corrected(service, lecture_id):
    with service.new_teacher("stranger@corrections.test") as stranger:
        patched = stranger.patch(
            f"/lectures/{lecture_id}/transcript/segments/0", json={"text": "Mine now."}
        )
        added = stranger.post(
            f"/lectures/{lecture_id}/glossary", json={"term": "t", "definition": "d"}
        )
        regenerated = stranger.post(f"/lectures/{lecture_id}/regenerate")

    for response in (patched, added, regenerated):
        assert response.status_code == 404, response.text
        assert response.json()["detail"] == f"There is no lecture with id {lecture_id!r}."


def test_glossary_entries_are_added_edited_and_deleted(teacher, lecture_id):
    base = f"/lectures/{lecture_id}/glossary"

    added = teacher.post(base, json={"term": "Freedom", "definition": "being free"})
    duplicate = teacher.post(base, json={"term": "freedom", "definition": "again"})
    assert added.status_code == 201, added.text
    entry = added.json()
    edited = teacher.patch(f"{base}/{entry['id']}", json={"definition": "the power to act"})
    bad_times = teacher.post(
        base, json={"term": "Liberty", "definition": "d", "start": 5, "end": 1}
    )
    deleted = teacher.delete(f"{base}/{entry['id']}")
    deleted_again = teacher.delete(f"{base}/{entry['id']}")

    assert entry["edited_by"] and entry["edited_at"]
    assert entry["quote"] == "" or "freedom" in entry["quote"].lower()
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == (
        "The glossary already has the term 'Freedom'; edit that entry instead."
    )
    assert edited.status_code == 200
    assert (edited.json()["term"], edited.json()["definition"]) == ("Freedom", "the power to act")
    assert bad_times.status_code == 422
    assert deleted.status_code == 204
    assert deleted_again.status_code == 404
    assert deleted_again.json()["detail"] == f"The glossary has no entry with id {entry['id']!r}."
    assert "freedom" not in terms(teacher, lecture_id)
    kinds = [e["kind"] for e in teacher.get(f"/lectures/{lecture_id}/edits").json()["edits"]]
    assert kinds[-3:] == ["glossary_add", "glossary_edit", "glossary_delete"]


def test_regenerated_notes_keep_every_correction(teacher, lecture_id):
    teacher.patch(f"/lectures/{lecture_id}/transcript/segments/0", json={"text": DEFINING})
    segments_before = teacher.get(f"/lectures/{lecture_id}/transcript").json()["segments"]

    regenerate_and_wait(teacher, lecture_id)
    generated = terms(teacher, lecture_id)
    assert {"lighthouse", "harbour"} <= set(generated), generated
    summary = teacher.get(f"/lectures/{lecture_id}/summary", params={"format": "md"}).text
    assert "lighthouse" in summary.lower()

    harbour = generated["harbour"]
    assert teacher.delete(f"/lectures/{lecture_id}/glossary/{harbour['id']}").status_code == 204
    beacon = teacher.post(
        f"/lectures/{lecture_id}/glossary",
        json={"term": "Beacon", "definition": "a light that warns or guides", "start": 1.5},
    ).json()
    lighthouse = teacher.patch(
        f"/lectures/{lecture_id}/glossary/{generated['lighthouse']['id']}",
        json={"definition": "a tower with a bright light"},
    ).json()

    regenerate_and_wait(teacher, lecture_id)

    after = terms(teacher, lecture_id)
    assert "harbour" not in after
    assert after["beacon"] == beacon
    assert after["lighthouse"] == lighthouse
    assert teacher.get(f"/lectures/{lecture_id}/transcript").json()["segments"] == segments_before
    summary = teacher.get(f"/lectures/{lecture_id}/summary", params={"format": "md"}).text
    assert "a tower with a bright light" in summary and "Beacon" in summary


def test_corrections_wait_while_the_notes_are_regenerated(teacher, lecture_id):
    assert teacher.post(f"/lectures/{lecture_id}/regenerate").status_code == 202

    refused = teacher.patch(
        f"/lectures/{lecture_id}/transcript/segments/0", json={"text": "Too soon."}
    )
    again = teacher.post(f"/lectures/{lecture_id}/regenerate")

    assert refused.status_code == 409
    assert refused.json()["detail"].endswith(
        "right now; corrections and new notes wait until it has finished."
    )
    assert again.status_code == 409
    assert wait_for_lecture(teacher, lecture_id)["status"] == "done"
    reopened = teacher.patch(
        f"/lectures/{lecture_id}/transcript/segments/0", json={"text": DEFINING}
    )
    assert reopened.status_code == 200, reopened.text
