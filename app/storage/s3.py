"""Object storage in an S3-compatible bucket (MinIO in production), through boto3 in worker threads."""

import asyncio
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path, PurePosixPath

import boto3
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

from app.core.errors import StoreUnavailable
from app.storage.base import ObjectNotFound

CHUNK_BYTES = 1024 * 1024

# Files move in 8 MiB parts, four at a time. Downloads queue at most 32 blocks of 256 KiB for the
# disk (s3transfer's default lets 100 pile up when the disk is slower than the network).
TRANSFER = TransferConfig(
    multipart_threshold=8 * 1024 * 1024,
    multipart_chunksize=8 * 1024 * 1024,
    max_concurrency=4,
    max_io_queue=32,
    io_chunksize=256 * 1024,
    use_threads=True,
)

MISSING_CODES = {"404", "NoSuchKey", "NotFound"}
# Answers that say "not now" rather than "never": throttling and the server's own trouble.
TEMPORARY_CODES = {
    "SlowDown",
    "ServiceUnavailable",
    "RequestTimeout",
    "InternalError",
    "503",
    "500",
}


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def _unreachable_as_unavailable() -> Iterator[None]:
    """botocore's errors for an endpoint that cannot be reached, or is overloaded, become the one
    StoreUnavailable that callers know; boto3 already retried them a few times (see `retries`)."""
    try:
        yield
    except (BotocoreConnectionError, HTTPClientError, S3UploadFailedError) as exc:
        raise StoreUnavailable(f"the object storage is unavailable: {exc}") from exc
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if _error_code(exc) in TEMPORARY_CODES or status >= 500:
            raise StoreUnavailable(f"the object storage is unavailable: {exc}") from exc
        raise


class S3Storage:
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None,
        access_key: str | None,
        secret_key: str | None,
        region: str,
        download_dir: Path,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self.download_dir = download_dir
        # Path-style addressing: MinIO behind a plain host name has no per-bucket DNS names.
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=region,
            config=Config(
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                retries={"max_attempts": 5, "mode": "standard"},
            ),
        )

    async def _call(self, function, *args, **kwargs):
        """A blocking boto3 call, in a worker thread, with its temporary failures translated."""
        with _unreachable_as_unavailable():
            return await asyncio.to_thread(function, *args, **kwargs)

    async def ensure_ready(self) -> None:
        self.download_dir.mkdir(parents=True, exist_ok=True)
        try:
            await self._call(self.client.head_bucket, Bucket=self.bucket)
            return
        except ClientError as error:
            if _error_code(error) not in MISSING_CODES | {"NoSuchBucket"}:
                raise
        create_args: dict = {"Bucket": self.bucket}
        if self.region != "us-east-1":
            create_args["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        try:
            await self._call(self.client.create_bucket, **create_args)
        except ClientError as error:
            # The API and a worker starting together may both try; the loser finds it made.
            if _error_code(error) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise

    async def put_file(self, key: str, source: Path, content_type: str) -> None:
        await self._call(
            self.client.upload_file,
            str(source),
            self.bucket,
            key,
            ExtraArgs={"ContentType": content_type},
            Config=TRANSFER,
        )

    async def _head(self, key: str) -> dict:
        try:
            return await self._call(self.client.head_object, Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _error_code(error) in MISSING_CODES:
                raise ObjectNotFound(key) from None
            raise

    async def size(self, key: str) -> int:
        return (await self._head(key))["ContentLength"]

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        try:
            response = await self._call(
                self.client.get_object, Bucket=self.bucket, Key=key, Range=f"bytes={start}-{end}"
            )
        except ClientError as error:
            code = _error_code(error)
            if code in MISSING_CODES:
                raise ObjectNotFound(key) from None
            if code == "InvalidRange":
                # A range starting past the end holds no bytes, as with the local backend.
                return
            raise
        body = response["Body"]
        try:
            while chunk := await self._call(body.read, CHUNK_BYTES):
                yield chunk
        finally:
            body.close()

    @asynccontextmanager
    async def local_copy(self, key: str) -> AsyncIterator[Path]:
        await self._head(key)
        # Keep the key's suffix: decoders guess the container format from it.
        suffix = PurePosixPath(key).suffix
        with tempfile.TemporaryDirectory(dir=self.download_dir) as directory:
            path = Path(directory) / f"original{suffix}"
            await self._call(
                self.client.download_file, self.bucket, key, str(path), Config=TRANSFER
            )
            yield path

    async def delete(self, key: str) -> None:
        await self._call(self.client.delete_object, Bucket=self.bucket, Key=key)

    async def exists(self, key: str) -> bool:
        try:
            await self._head(key)
        except ObjectNotFound:
            return False
        return True

    async def ping(self) -> None:
        await self._call(self.client.head_bucket, Bucket=self.bucket)
