"""Check that an uploaded file holds decodable audio before konspekt accepts it."""

from dataclasses import dataclass
from pathlib import Path

import av

# Decoding this much audio proves the stream is really readable, not just a plausible header.
PROBE_DECODE_SECONDS = 2.0


class MediaRejected(ValueError):
    """The file cannot be processed as a lecture; the message is meant for the uploader."""


@dataclass(frozen=True, slots=True)
class MediaInfo:
    duration: float | None
    container: str
    audio_codec: str


def probe_media(path: Path) -> MediaInfo:
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        raise MediaRejected(
            "The file could not be read as audio or video "
            f"(the decoder says: {_reason(exc)}). Upload a recording such as MP3, WAV, OGG, M4A, "
            "WEBM or MP4."
        ) from None
    with container:
        if not container.streams.audio:
            raise MediaRejected("The file has no audio track, so there is nothing to transcribe.")
        stream = container.streams.audio[0]
        decoded = 0.0
        try:
            for frame in container.decode(stream):
                decoded += frame.samples / (frame.sample_rate or 1)
                if decoded >= PROBE_DECODE_SECONDS:
                    break
        except av.FFmpegError as exc:
            raise MediaRejected(
                f"The audio track could not be decoded (the decoder says: {_reason(exc)}). "
                "The file may be truncated or corrupted."
            ) from None
        if decoded == 0.0:
            raise MediaRejected("The audio track holds no decodable sound.")
        duration = container.duration / av.time_base if container.duration else None
        return MediaInfo(
            duration=duration,
            container=container.format.name,
            audio_codec=stream.codec_context.name,
        )


def _reason(exc: av.FFmpegError) -> str:
    return (exc.strerror or str(exc)).rstrip(".")
