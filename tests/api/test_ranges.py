import pytest
from fastapi import HTTPException

from app.api.ranges import parse_range
from app.api.upload import clean_filename


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-10", (990, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=0-1,5-6", None),
        ("items=0-1", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5-2"])
def test_unsatisfiable_range(header):
    with pytest.raises(HTTPException) as raised:
        parse_range(header, 1000)
    assert raised.value.status_code == 416
    assert raised.value.headers == {"Content-Range": "bytes */1000"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("lecture.mp3", "lecture.mp3"),
        ("C:\\Users\\me\\lecture.mp3", "lecture.mp3"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\x1fc.ogg", "abc.ogg"),
        ("..", "upload"),
        ("", "upload"),
    ],
)
def test_clean_filename(raw, clean):
    assert clean_filename(raw) == clean
