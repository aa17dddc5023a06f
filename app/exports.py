"""Text exports: the transcript as plain text, SubRip and WebVTT; the glossary as flashcards."""

import csv
import io
from collections.abc import Sequence

from app.models import GlossaryEntry, Segment

# Anki's file headers (docs.ankiweb.net, "Importing > Text Files > File Headers"). Without them
# Anki guesses the separator as the first of tab, pipe, semicolon, colon and comma it finds, so a
# definition with a colon would split cards at its colon; and it guesses HTML from the text.
FLASHCARD_HEADERS = "#separator:comma\r\n#html:false\r\n"


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


def to_flashcards_csv(glossary: Sequence[GlossaryEntry]) -> str:
    """Two columns, term and definition, as Anki's Basic note expects; a third column would become
    Anki's tags. Every field is quoted (RFC 4180), so that commas,
    quotes and line breaks stay inside it and a term starting with `#` is not read as a comment.
    No byte order mark: it would hide Anki's first header line."""
    rows = io.StringIO()
    writer = csv.writer(rows, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerows((entry.term, entry.definition) for entry in glossary)
    return FLASHCARD_HEADERS + rows.getvalue()


def to_flashcards_tsv(glossary: Sequence[GlossaryEntry]) -> str:
    """Term, a tab, the definition, one card per line: what Quizlet's import reads with its default
    separators (it takes pasted text and knows no quoting, so the CSV's quotes would stay on the
    cards). Tabs and line breaks inside a field become spaces, the only way to keep a card on its
    line."""

    def field(text: str) -> str:
        return " ".join(text.split())

    return "".join(f"{field(e.term)}\t{field(e.definition)}\n" for e in glossary)
