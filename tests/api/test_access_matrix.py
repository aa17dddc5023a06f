"""Who may call what, for every route of the OpenAPI schema: a route added without an entry here
fails the suite.

Anonymous callers get 401 everywhere but the login, on /api/v1 and OpenAI's /v1 alike. A
lecture's routes answer 404 to another teacher and serve its owner and admins; admin routes answer
403 to teachers; a teacher's own profile and tokens serve them, and another teacher's token does
not exist for them. "Served" means
the request got past access control: any answer but 401, 403, 404 and 5xx (a retry of a finished
lecture is a 409 from its lifecycle, for instance).
"""

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from app.core.config import Settings
from app.main import create_app
from tests.conftest import FIXTURES, upload, wait_for_lecture

RECORDING = FIXTURES / "jfk.flac"
PUBLIC = {("POST", "/api/v1/login/access-token")}
_unique = itertools.count()


def schema_operations() -> list[tuple[str, str]]:
    schema = create_app(Settings()).openapi()
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        if path.startswith(("/api/v1/", "/v1/"))
        for method in operations
        if (method.upper(), path) not in PUBLIC
    )


@dataclass
class World:
    """Two teachers and an admin; teacher A owns a finished lecture and an API token."""

    anonymous: httpx.Client
    owner: httpx.Client
    other: httpx.Client
    admin: httpx.Client
    lecture_id: str
    token_id: str
    teacher_id: str
    webhook_id: str

    def fresh_webhook(self) -> str:
        """Another of the owner's webhooks, for a call that deletes one."""
        created = self.owner.post("/webhooks", json={"url": "http://127.0.0.1:9/fresh"})
        assert created.status_code == 201, created.text
        return created.json()["id"]

    def fresh_lecture(self) -> str:
        """Another lecture of the owner's, done at once (a copy of the same recording's results)."""
        response = upload(self.owner, RECORDING)
        assert response.status_code == 202, response.text
        return response.json()["id"]


@pytest.fixture(scope="module")
def world(service) -> Iterator[World]:
    owner = service.new_teacher("owner@matrix.test")
    other = service.new_teacher("other@matrix.test")
    admin = service.admin_client()
    anonymous = httpx.Client(base_url=service.api_url, timeout=60)
    lecture = upload(owner, RECORDING, title="Owned").json()
    assert wait_for_lecture(owner, lecture["id"])["status"] == "done"
    token = owner.post("/users/me/tokens", json={"name": "matrix"}).json()
    teacher_id = owner.get("/users/me").json()["id"]
    webhook = owner.post("/webhooks", json={"url": "http://127.0.0.1:9/matrix"}).json()
    yield World(
        anonymous, owner, other, admin, lecture["id"], token["id"], teacher_id, webhook["id"]
    )
    for client in (owner, other, admin, anonymous):
        client.close()


Request = Callable[[httpx.Client, World], httpx.Response]


def lecture_route(method: str, suffix: str = "", **options) -> Request:
    def call(client: httpx.Client, world: World) -> httpx.Response:
        lecture_id = world.fresh_lecture() if method == "DELETE" else world.lecture_id
        return client.request(method, f"/lectures/{lecture_id}{suffix}", **options)

    return call


def plain(method: str, path: str, **options) -> Request:
    return lambda client, world: client.request(method, path, **options)


def new_user(client: httpx.Client, world: World) -> httpx.Response:
    email = f"made-{next(_unique)}@matrix.test"
    body = {"email": email, "display_name": "Made", "password": "made-password"}
    return client.post("/users", json=body)


def upload_recording(client: httpx.Client, world: World) -> httpx.Response:
    return upload(client, RECORDING)


def transcribe_clip(client: httpx.Client, world: World) -> httpx.Response:
    # OpenAI's base path, beside /api/v1 rather than under it.
    url = str(client.base_url.join("/v1/audio/transcriptions"))
    with RECORDING.open("rb") as audio:
        return client.post(
            url, files={"file": (RECORDING.name, audio)}, data={"model": "whisper-1"}
        )


def new_term() -> dict:
    return {"term": f"term {next(_unique)}", "definition": "made for the matrix"}


def glossary_entry_route(method: str, **options) -> Request:
    """A call on a glossary entry the owner has just added to their lecture."""

    def call(client: httpx.Client, world: World) -> httpx.Response:
        added = world.owner.post(f"/lectures/{world.lecture_id}/glossary", json=new_term())
        assert added.status_code == 201, added.text
        path = f"/lectures/{world.lecture_id}/glossary/{added.json()['id']}"
        return client.request(method, path, **options)

    return call


def regenerate_notes(client: httpx.Client, world: World) -> httpx.Response:
    # On a lecture of its own: the one the other routes use stays done, and so open to corrections.
    return client.post(f"/lectures/{world.fresh_lecture()}/regenerate")


def asked_question_events(client: httpx.Client, world: World) -> httpx.Response:
    """The events of a question the owner has just asked about their lecture."""
    asked = world.owner.post(
        f"/lectures/{world.lecture_id}/questions", json={"question": "Who is speaking?"}
    )
    assert asked.status_code == 201, asked.text
    return client.get(f"/lectures/{world.lecture_id}/questions/{asked.json()['id']}/events")


# (kind, request) per route. Kinds: "lecture" (owner and admin served, another teacher 404),
# "admin" (admins only, teachers 403), "own" (every signed-in person), "token" (the token's or
# webhook's owner: anyone else, admins too, gets 404).
MATRIX: dict[tuple[str, str], tuple[str, Request]] = {
    ("GET", "/api/v1/lectures"): ("own", plain("GET", "/lectures")),
    ("POST", "/api/v1/lectures"): ("own", upload_recording),
    ("GET", "/api/v1/lectures/{lecture_id}"): ("lecture", lecture_route("GET")),
    ("DELETE", "/api/v1/lectures/{lecture_id}"): ("lecture", lecture_route("DELETE")),
    ("GET", "/api/v1/lectures/{lecture_id}/transcript"): (
        "lecture",
        lecture_route("GET", "/transcript"),
    ),
    ("GET", "/api/v1/lectures/{lecture_id}/glossary"): (
        "lecture",
        lecture_route("GET", "/glossary"),
    ),
    ("GET", "/api/v1/lectures/{lecture_id}/summary"): ("lecture", lecture_route("GET", "/summary")),
    ("GET", "/api/v1/lectures/{lecture_id}/audio"): ("lecture", lecture_route("GET", "/audio")),
    ("POST", "/api/v1/lectures/{lecture_id}/retry"): ("lecture", lecture_route("POST", "/retry")),
    ("POST", "/api/v1/lectures/{lecture_id}/cancel"): ("lecture", lecture_route("POST", "/cancel")),
    ("POST", "/api/v1/lectures/{lecture_id}/regenerate"): ("lecture", regenerate_notes),
    ("PATCH", "/api/v1/lectures/{lecture_id}/transcript/segments/{index}"): (
        "lecture",
        lecture_route("PATCH", "/transcript/segments/0", json={"text": "Corrected."}),
    ),
    ("POST", "/api/v1/lectures/{lecture_id}/glossary"): (
        "lecture",
        lambda client, world: client.post(
            f"/lectures/{world.lecture_id}/glossary", json=new_term()
        ),
    ),
    ("PATCH", "/api/v1/lectures/{lecture_id}/glossary/{entry_id}"): (
        "lecture",
        glossary_entry_route("PATCH", json={"definition": "changed"}),
    ),
    ("DELETE", "/api/v1/lectures/{lecture_id}/glossary/{entry_id}"): (
        "lecture",
        glossary_entry_route("DELETE"),
    ),
    ("GET", "/api/v1/lectures/{lecture_id}/edits"): ("lecture", lecture_route("GET", "/edits")),
    ("POST", "/api/v1/lectures/{lecture_id}/questions"): (
        "lecture",
        lecture_route("POST", "/questions", json={"question": "What is a question?"}),
    ),
    ("GET", "/api/v1/lectures/{lecture_id}/questions"): (
        "lecture",
        lecture_route("GET", "/questions"),
    ),
    ("GET", "/api/v1/lectures/{lecture_id}/questions/{question_id}/events"): (
        "lecture",
        asked_question_events,
    ),
    ("GET", "/api/v1/search"): ("own", plain("GET", "/search", params={"q": "country"})),
    ("GET", "/api/v1/templates"): ("own", plain("GET", "/templates")),
    ("POST", "/v1/audio/transcriptions"): ("own", transcribe_clip),
    ("GET", "/api/v1/workers"): ("own", plain("GET", "/workers")),
    ("POST", "/api/v1/logout"): ("own", plain("POST", "/logout")),
    ("GET", "/api/v1/users/me"): ("own", plain("GET", "/users/me")),
    ("PATCH", "/api/v1/users/me"): ("own", plain("PATCH", "/users/me", json={"display_name": "N"})),
    ("POST", "/api/v1/users/me/password"): (
        "own",
        plain(
            "POST",
            "/users/me/password",
            json={"current_password": "not-the-password", "new_password": "long-enough-1"},
        ),
    ),
    ("GET", "/api/v1/users/me/tokens"): ("own", plain("GET", "/users/me/tokens")),
    ("POST", "/api/v1/users/me/tokens"): (
        "own",
        plain("POST", "/users/me/tokens", json={"name": "script"}),
    ),
    ("DELETE", "/api/v1/users/me/tokens/{token_id}"): (
        "token",
        lambda client, world: client.delete(f"/users/me/tokens/{world.token_id}"),
    ),
    ("GET", "/api/v1/webhooks"): ("own", plain("GET", "/webhooks")),
    ("POST", "/api/v1/webhooks"): (
        "own",
        plain("POST", "/webhooks", json={"url": "http://127.0.0.1:9/made"}),
    ),
    ("DELETE", "/api/v1/webhooks/{webhook_id}"): (
        "token",
        lambda client, world: client.delete(f"/webhooks/{world.fresh_webhook()}"),
    ),
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"): (
        "token",
        lambda client, world: client.get(f"/webhooks/{world.webhook_id}/deliveries"),
    ),
    ("GET", "/api/v1/users"): ("admin", plain("GET", "/users")),
    ("POST", "/api/v1/users"): ("admin", new_user),
    ("PATCH", "/api/v1/users/{user_id}"): (
        "admin",
        lambda client, world: client.patch(
            f"/users/{world.teacher_id}", json={"display_name": "Owner"}
        ),
    ),
    ("POST", "/api/v1/users/{user_id}/password"): (
        "admin",
        lambda client, world: client.post(
            f"/users/{new_user(world.admin, world).json()['id']}/password",
            json={"new_password": "reset-password"},
        ),
    ),
}


def served(response: httpx.Response) -> bool:
    return response.status_code not in (401, 403, 404) and response.status_code < 500


@pytest.mark.parametrize("operation", schema_operations(), ids=" ".join)
def test_route_answers_each_caller_as_its_kind_says(operation, world):
    assert operation in MATRIX, f"{operation} is not in the access matrix: add it"
    kind, request = MATRIX[operation]

    anonymous = request(world.anonymous, world)
    assert anonymous.status_code == 401, anonymous.text

    match kind:
        case "lecture" | "token":
            stranger = request(world.other, world)
            assert stranger.status_code == 404, stranger.text
            assert served(request(world.owner, world))
        case "admin":
            teacher = request(world.owner, world)
            assert teacher.status_code == 403, teacher.text
        case "own":
            assert served(response := request(world.owner, world)), response.text
    if kind != "token":
        assert served(response := request(world.admin, world)), response.text


def test_the_matrix_names_no_route_the_schema_lacks():
    assert set(MATRIX) == set(schema_operations())
