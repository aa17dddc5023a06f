"""HTTP Range requests (RFC 9110 §14) for the audio endpoint, so a browser player can seek."""

import re

from fastapi import HTTPException, status

SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions, inclusive; None means the whole file."""
    if not header:
        return None
    match = SINGLE_RANGE.match(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        # Several ranges or another unit: answering with the whole file is allowed.
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        length = int(last_text)
        first, last = max(size - length, 0), size - 1
    else:
        first = int(first_text)
        last = min(int(last_text), size - 1) if last_text else size - 1
    if size == 0 or first >= size or first > last:
        raise HTTPException(
            status.HTTP_416_RANGE_NOT_SATISFIABLE,
            f"The requested range is outside the file ({size} bytes).",
            headers={"Content-Range": f"bytes */{size}"},
        )
    return first, last
