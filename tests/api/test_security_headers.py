"""Security headers on every response, and the Host check, over HTTP against a real API process.

The process serves a dashboard build of its own, so that `/` is the page and not a 404.
"""

import os
from collections.abc import Iterator

import httpx
import pytest

from tests.worker.conftest import run_api_alone

# Left at their defaults, whatever the environment running the tests says.
CONFIGURED_HERE = {"ALLOWED_HOSTS", "ENVIRONMENT", "SECRET_KEY"}
EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, redis_server) -> Iterator[str]:
    root = tmp_path_factory.mktemp("headers")
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>konspekt</title>")
    (dist / "assets" / "index-1234.js").write_text("console.log('hi')")
    env = {
        **{key: value for key, value in os.environ.items() if key not in CONFIGURED_HERE},
        "DATA_DIR": str(root / "data"),
        "REDIS_URL": redis_server.url,
        "FRONTEND_DIST_DIR": str(dist),
    }
    with run_api_alone(env, root / "api.log") as url:
        yield url


def csp_directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))
    }


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/lectures/some-id", 200),  # the dashboard's own route, answered with the page
        ("/assets/index-1234.js", 200),
        ("/healthz", 200),
        ("/api/v1/lectures", 401),  # signed out
        ("/api/v1/lectures/no-such-lecture", 401),
        ("/api/v1/no-such-route", 404),
    ],
)
def test_every_response_carries_the_security_headers(base_url: str, path: str, status: int):
    response = httpx.get(base_url + path)

    assert response.status_code == status
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["media-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_page_gets_one_copy_of_each_header(base_url: str):
    response = httpx.get(base_url + "/")

    assert "konspekt" in response.text
    for name in ("content-security-policy", *EXPECTED_HEADERS):
        assert len(response.headers.get_list(name)) == 1, name


def test_the_api_docs_may_load_swagger_ui_from_its_cdn_and_nothing_else_changes(base_url: str):
    response = httpx.get(base_url + "/docs")

    assert response.status_code == 200
    assert "https://cdn.jsdelivr.net/" in response.text
    directives = csp_directives(response)
    assert "https://cdn.jsdelivr.net" in directives["script-src"].split()
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io", "localhost.evil.example"])
def test_an_unknown_host_is_refused(base_url: str, host: str):
    response = httpx.get(base_url + "/api/v1/lectures", headers={"Host": host})

    assert response.status_code == 400
    assert response.text == "Invalid host header"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_default_hosts_are_served_with_or_without_a_port(base_url: str, host: str):
    port = httpx.URL(base_url).port
    for host_header in (host, f"{host}:{port}"):
        response = httpx.get(base_url + "/healthz", headers={"Host": host_header})

        assert response.status_code == 200, host_header
