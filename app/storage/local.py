"""Object storage in a local directory: the embedded default, shared by API and worker."""

import asyncio
import errno
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from app.core.errors import StoreUnavailable
from app.storage.base import ObjectNotFound

CHUNK_BYTES = 1024 * 1024
# A full disk, a failing one, or a network mount that went away: trouble that may pass.
TEMPORARY_ERRNOS = {errno.ENOSPC, errno.EIO, errno.ESTALE, errno.ETIMEDOUT, errno.ENOTCONN}


@contextmanager
def _disk_trouble_as_unavailable() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if exc.errno in TEMPORARY_ERRNOS:
            raise StoreUnavailable(f"the storage directory is unavailable: {exc}") from exc
        raise


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key escapes the storage root: {key!r}")
        return path

    async def ensure_ready(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    async def put_file(self, key: str, source: Path, content_type: str) -> None:
        with _disk_trouble_as_unavailable():
            await asyncio.to_thread(self._copy_atomically, source, self._path(key))

    @staticmethod
    def _copy_atomically(source: Path, target: Path) -> None:
        # Copy under a temporary name, then rename: a reader never sees half a file.
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.partial")
        try:
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

    async def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise ObjectNotFound(key) from None

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        try:
            handle = await asyncio.to_thread(open, self._path(key), "rb")
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        try:
            handle.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                with _disk_trouble_as_unavailable():
                    chunk = await asyncio.to_thread(handle.read, min(CHUNK_BYTES, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            handle.close()

    @asynccontextmanager
    async def local_copy(self, key: str) -> AsyncIterator[Path]:
        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFound(key)
        yield path

    async def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    async def ping(self) -> None:
        if not self.root.is_dir():
            raise OSError(f"storage directory {self.root} does not exist")
