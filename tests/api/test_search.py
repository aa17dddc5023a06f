"""Search over real HTTP: what each person finds among processed lectures, and queries that must
never break it."""

import pytest

from tests.conftest import FIXTURES, upload, wait_for_lecture

RECORDING = FIXTURES / "jfk.flac"  # "… ask not what your country can do for you …"


def finished_lecture(client, title: str) -> str:
    response = upload(client, RECORDING, title=title)
    assert response.status_code == 202, response.text
    lecture_id = response.json()["id"]
    assert wait_for_lecture(client, lecture_id)["status"] == "done"
    return lecture_id


def found(client, q: str) -> dict[str, list[dict]]:
    response = client.get("/search", params={"q": q, "limit": 100})
    assert response.status_code == 200, response.text
    assert response.json()["total"] <= 100, "more hits than one page: the test would miss some"
    by_lecture: dict[str, list[dict]] = {}
    for item in response.json()["items"]:
        by_lecture.setdefault(item["lecture_id"], []).append(item)
    return by_lecture


def test_search_finds_what_each_person_may_see(service):
    owner = service.new_teacher("owner@search.test")
    other = service.new_teacher("other@search.test")
    admin = service.admin_client()
    first = finished_lecture(owner, "Inaugural, first")
    second = finished_lecture(owner, "Inaugural, second")
    deleted = finished_lecture(owner, "Inaugural, deleted")
    strangers = finished_lecture(other, "Someone else's")
    assert owner.delete(f"/lectures/{deleted}").status_code == 204

    mine = found(owner, "countries")

    assert set(mine) == {first, second}
    hit = next(item for item in mine[first] if item["kind"] == "segment")
    assert hit["lecture_title"] == "Inaugural, first" and hit["start"] >= 0
    marked = {part["text"].lower() for part in hit["snippet"] if part["match"]}
    assert marked == {"country"}  # "ask not what your country can do for you …"
    assert set(found(other, "country")) == {strangers}
    # The service is shared: an admin also sees other tests' recordings of the same speech.
    everyone = set(found(admin, "country"))
    assert {first, second, strangers} <= everyone and deleted not in everyone
    for client in (owner, other, admin):
        client.close()


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(", "-x", "country*", '"country', "a AND OR NOT", "x" * 200, "{a}:b"]
)
def test_hostile_queries_never_break_the_search(service, q):
    with service.admin_client() as admin:
        response = admin.get("/search", params={"q": q})
    assert response.status_code in (200, 422), response.text


@pytest.mark.parametrize(
    ("q", "message"), [("", "no words"), ("  *  ", "no words"), ("x" * 10_000, "too long")]
)
def test_empty_or_overlong_queries_are_refused_with_a_reason(service, q, message):
    with service.admin_client() as admin:
        response = admin.get("/search", params={"q": q})
    assert response.status_code == 422
    assert message in response.json()["detail"]
