"""The built dashboard served by the API process, without shadowing the API."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.web import mount_frontend


def build(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>konspekt</title>")
    (dist / "assets" / "app-1234.js").write_text("console.log('hi')")
    (dist / "favicon.svg").write_text("<svg/>")
    return dist


def app_with(dist) -> TestClient:
    app = FastAPI()

    @app.get("/api/v1/ping")
    def ping() -> dict[str, str]:
        return {"pong": "yes"}

    mount_frontend(app, dist)
    return TestClient(app)


def test_index_assets_and_spa_fallback(tmp_path):
    client = app_with(build(tmp_path))
    assert "konspekt" in client.get("/").text
    assert client.get("/").headers["cache-control"] == "no-cache"
    assert client.get("/assets/app-1234.js").text == "console.log('hi')"
    assert client.get("/favicon.svg").text == "<svg/>"
    deep_link = client.get("/lectures/abc")
    assert deep_link.status_code == 200 and "konspekt" in deep_link.text


def test_api_paths_are_never_answered_with_the_page(tmp_path):
    client = app_with(build(tmp_path))
    assert client.get("/api/v1/ping").json() == {"pong": "yes"}
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/json"


def test_files_outside_the_build_are_not_served(tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    client = app_with(build(tmp_path))
    response = client.get("/..%2Fsecret.txt")
    assert "secret" not in response.text


def test_without_a_build_the_api_runs_alone(tmp_path):
    client = app_with(tmp_path / "no-build")
    assert client.get("/").status_code == 404
    assert client.get("/api/v1/ping").status_code == 200
