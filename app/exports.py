"""Transcript exports: plain text and the SubRip and WebVTT subtitle formats."""

from collections.abc import Sequence

from app.models import Segment


def format_clock(seconds: float) -> str:
    """`H:MM:SS` or `M:SS`, for outlines and people."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _timestamp(seconds: float, decimal_mark: str) -> str:
    millis = round(max(seconds, 0.0) * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal_mark}{millis:03d}"


def to_txt(segments: Sequence[Segment]) -> str:
    return "".join(f"[{format_clock(s.start)}] {s.text}\n" for s in segments)


def to_srt(segments: Sequence[Segment]) -> str:
    blocks = [
        f"{number}\n{_timestamp(s.start, ',')} --> {_timestamp(s.end, ',')}\n{s.text}\n"
        for number, s in enumerate(segments, start=1)
    ]
    return "\n".join(blocks)


def to_vtt(segments: Sequence[Segment]) -> str:
    blocks = [
        f"{_timestamp(s.start, '.')} --> {_timestamp(s.end, '.')}\n{s.text}\n" for s in segments
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)
