import pysrt
import webvtt

from app.exports import format_clock, to_srt, to_txt, to_vtt
from app.models import Segment

SEGMENTS = [
    Segment(0, 0.0, 1.5, "Good morning."),
    Segment(1, 3661.25, 3662.0, "An hour later, a protocol."),
]


def test_srt_round_trips_through_pysrt():
    items = pysrt.from_string(to_srt(SEGMENTS))
    assert [i.text for i in items] == [s.text for s in SEGMENTS]
    assert items[1].start.ordinal == 3_661_250
    assert str(items[1].start) == "01:01:01,250"


def test_vtt_round_trips_through_webvtt():
    captions = webvtt.from_string(to_vtt(SEGMENTS))
    assert [c.text for c in captions] == [s.text for s in SEGMENTS]
    assert captions[1].start == "01:01:01.250"


def test_txt_has_a_clock_per_line():
    assert to_txt(SEGMENTS) == "[0:00] Good morning.\n[1:01:01] An hour later, a protocol.\n"
    assert format_clock(59.9) == "0:59"
