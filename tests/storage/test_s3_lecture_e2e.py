"""A lecture end to end with its recording in S3: API and worker processes against moto over HTTP."""

import uuid
from collections.abc import Iterator

import boto3
import pytest

from tests.conftest import FIXTURES, Service, run_redis, run_service, upload, wait_for_lecture

ACCESS_KEY = "konspekt-e2e"
SECRET_KEY = "konspekt-e2e-secret"


@pytest.fixture(scope="module")
def bucket() -> str:
    return f"konspekt-e2e-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def s3_service(tmp_path_factory, s3_endpoint_url: str, bucket: str) -> Iterator[Service]:
    env = {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": s3_endpoint_url,
        "S3_ACCESS_KEY": ACCESS_KEY,
        "S3_SECRET_KEY": SECRET_KEY,
        "S3_BUCKET": bucket,
        "S3_REGION": "us-east-1",
    }
    tmp = tmp_path_factory.mktemp("s3-service")
    # A Redis of its own: on a shared queue the other service's worker, whose database does not
    # know this lecture, could take its job.
    with run_redis(tmp / "redis") as redis, run_service(tmp, redis.url, env) as running:
        yield running


@pytest.fixture(scope="module")
def s3_client(s3_endpoint_url: str):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint_url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
    )


def test_lecture_with_s3_storage(s3_service: Service, s3_client, bucket: str) -> None:
    recording = FIXTURES / "jfk.flac"
    with s3_service.admin_client() as client:
        response = upload(client, recording, title="Inaugural address", language="en")
        assert response.status_code == 202, response.text
        lecture_id = response.json()["id"]

        finished = wait_for_lecture(client, lecture_id)
        assert finished["status"] == "done", finished["error"]

        # The recording lives in the bucket, not on the API's disk, and the worker read it from there.
        stored = s3_client.list_objects_v2(Bucket=bucket)["Contents"]
        assert [item["Size"] for item in stored] == [recording.stat().st_size]
        assert s3_service.stored_objects() == []
        transcript = " ".join(
            s["text"] for s in client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]
        )
        assert "ask not what your country can do for you" in transcript.lower()

        # The player's ranged reads are served from the bucket.
        content = recording.read_bytes()
        partial = client.get(f"/lectures/{lecture_id}/audio", headers={"Range": "bytes=1000-1999"})
        assert partial.status_code == 206
        assert partial.content == content[1000:2000]
        tail = client.get(f"/lectures/{lecture_id}/audio", headers={"Range": "bytes=-10"})
        assert tail.content == content[-10:]
        assert client.get(f"/lectures/{lecture_id}/audio").content == content

        assert client.delete(f"/lectures/{lecture_id}").status_code == 204
        assert s3_client.list_objects_v2(Bucket=bucket).get("Contents", []) == []
