"""The object-storage contract: where lecture originals live."""

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Protocol


class ObjectNotFound(LookupError):
    pass


class Storage(Protocol):
    """Stores lecture files by key. Every method streams: no file is ever held in memory whole."""

    async def ensure_ready(self) -> None:
        """Create what the backend needs (a directory, a bucket); called once at start-up."""

    async def put_file(self, key: str, source: Path, content_type: str) -> None:
        """Store the file at `source` under `key`; `source` itself is left in place."""

    async def size(self, key: str) -> int:
        """Size in bytes; raises ObjectNotFound."""

    def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Yield bytes `start`..`end` inclusive, in chunks; raises ObjectNotFound."""

    def local_copy(self, key: str) -> AbstractAsyncContextManager[Path]:
        """A path on local disk holding the object, valid inside the context (for decoders)."""

    async def delete(self, key: str) -> None:
        """Remove the object; a missing key is not an error."""

    async def exists(self, key: str) -> bool: ...

    async def ping(self) -> None:
        """Raise if the backend cannot be reached."""
