"""Shared by the HTTP tests: posting a file, and proof that a refused upload left nothing."""

import io

import pytest


def post_file(client, name: str, content: bytes, **fields: str):
    return client.post("/lectures", files={"file": (name, io.BytesIO(content))}, data=fields)


@pytest.fixture
def nothing_left_behind(client, service):
    lectures_before = client.get("/lectures", params={"limit": 100}).json()["total"]
    objects_before = service.stored_objects()
    yield
    assert service.stored_objects() == objects_before
    assert service.incoming_files() == []
    assert client.get("/lectures", params={"limit": 100}).json()["total"] == lectures_before
