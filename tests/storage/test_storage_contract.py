"""One contract, every storage backend: what the API and the worker rely on, checked on each."""

import hashlib
import os
import tracemalloc
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.storage import ObjectNotFound, Storage
from app.storage.local import LocalStorage
from app.storage.s3 import S3Storage

LARGE_FILE_BYTES = 40 * 1024 * 1024
# Bounded memory: no step of streaming a 40 MiB file may hold half of it (S3 parts are 8 MiB).
LARGE_FILE_PEAK_BYTES = LARGE_FILE_BYTES // 2


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "local":
        backend: Storage = LocalStorage(tmp_path / "objects")
    else:
        backend = S3Storage(
            bucket=f"konspekt-test-{uuid.uuid4().hex[:12]}",
            endpoint_url=request.getfixturevalue("s3_endpoint_url"),
            access_key="test-access-key",
            secret_key="test-secret-key",
            region="us-east-1",
            download_dir=tmp_path / "downloads",
        )
    await backend.ensure_ready()
    yield backend


@pytest.fixture
def recording(tmp_path: Path) -> Path:
    path = tmp_path / "lecture.mp3"
    path.write_bytes(bytes(range(256)) * 40 + b"tail")
    return path


async def _read(storage: Storage, key: str, start: int, end: int) -> bytes:
    return b"".join([chunk async for chunk in storage.read_range(key, start, end)])


async def test_put_then_size_and_exists(storage: Storage, recording: Path) -> None:
    await storage.put_file("lectures/a/original.mp3", recording, "audio/mpeg")

    assert await storage.size("lectures/a/original.mp3") == recording.stat().st_size
    assert await storage.exists("lectures/a/original.mp3")
    assert recording.exists(), "put_file must leave the source in place"


async def test_put_replaces_an_existing_object(storage: Storage, tmp_path: Path) -> None:
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    first.write_bytes(b"first version")
    second.write_bytes(b"second")
    await storage.put_file("lectures/b/original.wav", first, "audio/wav")
    await storage.put_file("lectures/b/original.wav", second, "audio/wav")

    assert await _read(storage, "lectures/b/original.wav", 0, 100) == b"second"


async def test_read_range_returns_inclusive_ranges(storage: Storage, recording: Path) -> None:
    await storage.put_file("lectures/c/original.mp3", recording, "audio/mpeg")
    content = recording.read_bytes()
    last = len(content) - 1

    assert await _read(storage, "lectures/c/original.mp3", 0, last) == content
    assert await _read(storage, "lectures/c/original.mp3", 0, 0) == content[:1]
    assert await _read(storage, "lectures/c/original.mp3", last, last) == b"l"
    assert await _read(storage, "lectures/c/original.mp3", 300, 4199) == content[300:4200]
    assert await _read(storage, "lectures/c/original.mp3", last - 3, last) == b"tail"


async def test_read_range_clips_at_the_end_of_the_object(storage: Storage, recording: Path) -> None:
    await storage.put_file("lectures/d/original.mp3", recording, "audio/mpeg")
    content = recording.read_bytes()

    assert await _read(storage, "lectures/d/original.mp3", len(content) - 4, len(content) + 99) == (
        b"tail"
    )
    assert await _read(storage, "lectures/d/original.mp3", len(content), len(content) + 10) == b""


async def test_local_copy_holds_the_object(storage: Storage, recording: Path) -> None:
    await storage.put_file("lectures/e/original.mp3", recording, "audio/mpeg")

    async with storage.local_copy("lectures/e/original.mp3") as path:
        assert path.read_bytes() == recording.read_bytes()
        assert path.suffix == ".mp3"


async def test_delete_removes_and_tolerates_missing(storage: Storage, recording: Path) -> None:
    await storage.put_file("lectures/f/original.mp3", recording, "audio/mpeg")

    await storage.delete("lectures/f/original.mp3")
    await storage.delete("lectures/f/original.mp3")

    assert not await storage.exists("lectures/f/original.mp3")


async def test_missing_key_raises_object_not_found(storage: Storage) -> None:
    assert not await storage.exists("lectures/none/original.mp3")
    with pytest.raises(ObjectNotFound):
        await storage.size("lectures/none/original.mp3")
    with pytest.raises(ObjectNotFound):
        await _read(storage, "lectures/none/original.mp3", 0, 10)
    with pytest.raises(ObjectNotFound):
        async with storage.local_copy("lectures/none/original.mp3"):
            pass


async def test_ping_and_ensure_ready_are_repeatable(storage: Storage) -> None:
    await storage.ensure_ready()
    await storage.ping()


async def test_large_file_streams_with_bounded_memory(storage: Storage, tmp_path: Path) -> None:
    source = tmp_path / "long-lecture.wav"
    expected = hashlib.sha256()
    with source.open("wb") as handle:
        for _ in range(LARGE_FILE_BYTES // (1024 * 1024)):
            block = os.urandom(1024 * 1024)
            expected.update(block)
            handle.write(block)

    peaks: dict[str, int] = {}
    tracemalloc.start()
    try:
        await storage.put_file("lectures/large/original.wav", source, "audio/wav")
        peaks["put_file"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()

        streamed = hashlib.sha256()
        async for chunk in storage.read_range("lectures/large/original.wav", 0, LARGE_FILE_BYTES):
            streamed.update(chunk)
        peaks["read_range"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()

        async with storage.local_copy("lectures/large/original.wav") as copy:
            peaks["local_copy"] = tracemalloc.get_traced_memory()[1]
            copied = hashlib.sha256()
            with copy.open("rb") as handle:
                while block := handle.read(1024 * 1024):
                    copied.update(block)
    finally:
        tracemalloc.stop()

    assert await storage.size("lectures/large/original.wav") == LARGE_FILE_BYTES
    assert streamed.hexdigest() == expected.hexdigest()
    assert copied.hexdigest() == expected.hexdigest()
    assert max(peaks.values()) < LARGE_FILE_PEAK_BYTES, f"peak traced memory: {peaks}"


async def test_s3_large_upload_is_multipart(s3_endpoint_url: str, tmp_path: Path) -> None:
    storage = S3Storage(
        bucket=f"konspekt-test-{uuid.uuid4().hex[:12]}",
        endpoint_url=s3_endpoint_url,
        access_key="test-access-key",
        secret_key="test-secret-key",
        region="eu-central-1",
        download_dir=tmp_path / "downloads",
    )
    await storage.ensure_ready()
    source = tmp_path / "lecture.wav"
    source.write_bytes(os.urandom(20 * 1024 * 1024))

    await storage.put_file("lectures/multipart/original.wav", source, "audio/wav")

    head = storage.client.head_object(Bucket=storage.bucket, Key="lectures/multipart/original.wav")
    # A multipart object's ETag ends in "-<number of parts>".
    assert head["ETag"].strip('"').endswith("-3")
    assert head["ContentType"] == "audio/wav"
