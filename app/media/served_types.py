"""The type a stored recording is served as, decided from the format the upload probe found.

Never from the uploaded file's name or the type its client declared: those are the uploader's to
choose, and a recording named `x.html` must not come back as a page on the dashboard's origin.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServedType:
    media_type: str
    extension: str


OPAQUE = ServedType("application/octet-stream", ".bin")

# FFmpeg's demuxer names (MediaInfo.container) of the formats browsers play in an <audio> element.
SERVED_TYPES = {
    "wav": ServedType("audio/wav", ".wav"),
    "mp3": ServedType("audio/mpeg", ".mp3"),
    "ogg": ServedType("audio/ogg", ".ogg"),
    "flac": ServedType("audio/flac", ".flac"),
    "aac": ServedType("audio/aac", ".aac"),
    "mov,mp4,m4a,3gp,3g2,mj2": ServedType("audio/mp4", ".m4a"),
    "matroska,webm": ServedType("audio/webm", ".webm"),
}


def served_type(container: str | None) -> ServedType:
    """Any other format, or none recorded, is served as opaque bytes."""
    return SERVED_TYPES.get(container or "", OPAQUE)
