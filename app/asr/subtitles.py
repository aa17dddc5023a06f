"""Segments a person can read along with: a decoder's segment split at sentence ends by word times.

Whisper sometimes returns one segment for a whole 30 s window of continuous speech; a transcript line
(or subtitle) of 30 s is useless for following the audio. With word timings the segment is cut after
each sentence, and a sentence still longer than MAX_SEGMENT_SECONDS after a clause (comma) or, failing
that, at the last word that fits.
"""

from collections.abc import Sequence
from dataclasses import dataclass

MAX_SEGMENT_SECONDS = 12.0
SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")
CLAUSE_ENDS = (",", ";", ":", "，", "、", "；")


@dataclass(frozen=True, slots=True)
class TimedWord:
    start: float
    end: float
    text: str  # as the decoder spelled it, leading space included


def split_at_sentences(words: Sequence[TimedWord]) -> list[tuple[float, float, str]]:
    """(start, end, text) pieces of consecutive words; their texts joined give the words' text."""
    pieces: list[list[TimedWord]] = []
    current: list[TimedWord] = []
    for word in words:
        current.append(word)
        if word.text.strip().endswith(SENTENCE_ENDS):
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [
        (part[0].start, part[-1].end, "".join(w.text for w in part).strip())
        for piece in pieces
        for part in _within_limit(piece)
    ]


def _within_limit(words: list[TimedWord]) -> list[list[TimedWord]]:
    if len(words) < 2 or words[-1].end - words[0].start <= MAX_SEGMENT_SECONDS:
        return [words]
    fitting = [i for i, w in enumerate(words[:-1]) if w.end - words[0].start <= MAX_SEGMENT_SECONDS]
    clauses = [i for i in fitting if words[i].text.strip().endswith(CLAUSE_ENDS)]
    cut = (clauses or fitting or [0])[-1] + 1
    return [words[:cut], *_within_limit(words[cut:])]
