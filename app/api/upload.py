"""Receive a multipart lecture upload straight to a temporary file, never holding it in memory.

Starlette's form parser reads the whole body before a route sees it; streaming it here lets the
size limit stop a too-large upload early, and a rejected or broken upload leaves nothing behind.
"""

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from fastapi import Request, status
from python_multipart.multipart import (
    MultipartParseError,
    MultipartParser,
    parse_options_header,
)

from app.services.lectures import IncomingRecording

MAX_TEXT_FIELD_BYTES = 4096
MAX_FIELDS = 16
MAX_PART_HEADER_BYTES = 8192
FILENAME_MAX_CHARS = 200
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """The most bytes the file may have, and the sentence that tells a person it has more."""

    max_bytes: int
    too_large: str

    @classmethod
    def of_uploads(cls, max_bytes: int) -> "SizeLimit":
        return cls(max_bytes, f"The file is larger than the limit of {max_bytes // MIB} MB.")


class UploadRejected(Exception):
    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail


@dataclass
class ReceivedUpload:
    recording: IncomingRecording
    fields: dict[str, str] = field(default_factory=dict)


def clean_filename(raw: str) -> str:
    """Keep only the last path component, without control characters."""
    name = PurePosixPath(raw.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    name = re.sub(r"\s+", " ", name)[:FILENAME_MAX_CHARS]
    return name if name not in {"", ".", ".."} else "upload"


class _PartCollector:
    """Callbacks for python-multipart: the `file` part goes to disk, small text fields to memory."""

    def __init__(self, file_field: str, target: IO[bytes], limit: SizeLimit) -> None:
        self.file_field = file_field
        self.target = target
        self.limit = limit
        self.fields: dict[str, str] = {}
        self.filename: str | None = None
        self.file_size = 0
        self.digest = hashlib.sha256()
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._header_bytes = 0
        self._part_name: str | None = None
        self._part_is_file = False
        self._text = bytearray()

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self._headers = {}
        self._header_bytes = 0
        self._text = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header_bytes(end - start)
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header_bytes(end - start)
        self._header_value += data[start:end]

    def _count_header_bytes(self, n: int) -> None:
        self._header_bytes += n
        if self._header_bytes > MAX_PART_HEADER_BYTES:
            raise UploadRejected(
                status.HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE,
                "A part of the upload has headers larger than 8 KB.",
            )

    def on_header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        disposition, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or b"name" not in options:
            raise UploadRejected(400, "Each part of the upload needs a form-data name.")
        self._part_name = options[b"name"].decode("utf-8", "replace")
        self._part_is_file = self._part_name == self.file_field
        if self._part_is_file:
            if self.filename is not None:
                raise UploadRejected(400, "Upload one file per request.")
            raw_name = options.get(b"filename", b"").decode("utf-8", "replace")
            self.filename = clean_filename(raw_name)
        elif len(self.fields) >= MAX_FIELDS:
            raise UploadRejected(400, "The upload has too many form fields.")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._part_is_file:
            self.file_size += len(chunk)
            if self.file_size > self.limit.max_bytes:
                raise UploadRejected(status.HTTP_413_CONTENT_TOO_LARGE, self.limit.too_large)
            self.digest.update(chunk)
            self.target.write(chunk)
        else:
            self._text += chunk
            if len(self._text) > MAX_TEXT_FIELD_BYTES:
                raise UploadRejected(400, f"The form field {self._part_name!r} is too long.")

    def on_part_end(self) -> None:
        if not self._part_is_file and self._part_name is not None:
            self.fields[self._part_name] = self._text.decode("utf-8", "replace")


async def receive_upload(
    request: Request, tmp_dir: Path, *, limit: SizeLimit, file_field: str = "file"
) -> ReceivedUpload:
    """Stream the request's multipart body; the caller owns (and must remove) `path` on success."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UploadRejected(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "Send the lecture as multipart/form-data with the recording in a field named 'file'.",
        )
    declared_length = request.headers.get("content-length")
    # The multipart envelope adds a little to the file itself; allow for it before refusing early.
    if declared_length and declared_length.isdigit():
        if int(declared_length) > limit.max_bytes + 64 * 1024:
            raise UploadRejected(status.HTTP_413_CONTENT_TOO_LARGE, limit.too_large)

    tmp_dir.mkdir(parents=True, exist_ok=True)
    path = tmp_dir / f"{uuid.uuid4().hex}.upload"
    try:
        with path.open("wb") as target:
            collector = _PartCollector(file_field, target, limit)
            parser = MultipartParser(
                boundary, collector.callbacks(), max_header_size=MAX_PART_HEADER_BYTES
            )
            async for chunk in request.stream():
                parser.write(chunk)
            parser.finalize()
    except MultipartParseError as exc:
        path.unlink(missing_ok=True)
        raise UploadRejected(400, f"The upload is not valid multipart data: {exc}.") from exc
    except BaseException:  # rejected, client gone, cancelled: leave nothing behind
        path.unlink(missing_ok=True)
        raise

    if collector.filename is None:
        path.unlink(missing_ok=True)
        raise UploadRejected(422, "The upload has no file: send it in a form field named 'file'.")
    if collector.file_size == 0:
        path.unlink(missing_ok=True)
        raise UploadRejected(400, "The uploaded file is empty.")
    recording = IncomingRecording(
        path=path,
        filename=collector.filename,
        size=collector.file_size,
        sha256=collector.digest.hexdigest(),
    )
    return ReceivedUpload(recording, collector.fields)
