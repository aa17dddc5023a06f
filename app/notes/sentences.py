"""Sentences of a transcript, each located in time and quotable verbatim.

The transcript's text is its segments joined by single spaces; every sentence is a substring of it,
so a quote taken from a sentence can always be found again in the transcript.
"""

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.models import Segment

# A sentence ends at . ! ? or … followed by whitespace and an upper-case letter, a digit or a quote.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'«„“(]?[A-ZА-ЯЁÄÖÜ0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: float
    end: float


def transcript_text(segments: Sequence[Segment]) -> str:
    return " ".join(segment.text for segment in segments)


def split_sentences(segments: Sequence[Segment]) -> list[Sentence]:
    text = transcript_text(segments)
    segment_starts: list[int] = []
    offset = 0
    for segment in segments:
        segment_starts.append(offset)
        offset += len(segment.text) + 1

    def segment_at(char: int) -> Segment:
        return segments[max(bisect.bisect_right(segment_starts, char) - 1, 0)]

    sentences: list[Sentence] = []
    position = 0
    for match in [*SENTENCE_END.finditer(text), None]:
        stop = match.start() if match else len(text)
        chunk = text[position:stop]
        stripped = chunk.strip()
        if stripped:
            first = position + chunk.index(stripped)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=stripped,
                    start=segment_at(first).start,
                    end=segment_at(first + len(stripped) - 1).end,
                )
            )
        if match:
            position = match.end()
    return sentences


WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]
