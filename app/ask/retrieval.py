"""Find the passages of a lecture a question is about: BM25 over its segments, widened to neighbours.

The question is reduced to its content words' Snowball stems, which the index matches as word
prefixes, so "routers" finds "router" and "сетями" finds "сеть" whatever the index's own tokenizer
knows of the language.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from app.models import Segment, SegmentHit
from app.notes.centrality import ContentWords
from app.notes.sentences import transcript_text
from app.repository import LectureRepository

# Segments the index is asked for, and how many passages the model reads (SmolLM2's context is short).
SEARCH_LIMIT = 8
MAX_PASSAGES = 3
# A passage is a hit with this many segments on each side: a definition often spans a segment break.
NEIGHBOURS = 1


@dataclass(frozen=True, slots=True)
class Passage:
    """Consecutive segments around one or more hits; `id` is how the model names it (1, 2, …)."""

    id: int
    segments: tuple[Segment, ...]
    score: float

    @property
    def start(self) -> float:
        return self.segments[0].start

    @property
    def end(self) -> float:
        return self.segments[-1].end

    @property
    def text(self) -> str:
        """Verbatim transcript text: the segments joined as the transcript joins them."""
        return transcript_text(self.segments)


def question_stems(question: str, language: str | None) -> list[str]:
    """The question's content words as stems, each once, in the order asked."""
    return list(dict.fromkeys(ContentWords(language).stems(question)))


def build_passages(
    segments: Sequence[Segment],
    hits: Sequence[SegmentHit],
    *,
    neighbours: int = NEIGHBOURS,
    limit: int = MAX_PASSAGES,
) -> list[Passage]:
    """Passages around the hits, best first; hits whose neighbourhoods touch share one passage."""
    position = {segment.index: i for i, segment in enumerate(segments)}
    spans: list[tuple[int, int, float]] = []
    for hit in hits:
        if hit.index not in position:
            continue
        first = max(position[hit.index] - neighbours, 0)
        last = min(position[hit.index] + neighbours, len(segments) - 1)
        for n, (other_first, other_last, score) in enumerate(spans):
            if first <= other_last + 1 and other_first <= last + 1:
                spans[n] = (min(first, other_first), max(last, other_last), score + hit.score)
                break
        else:
            if len(spans) < limit:
                spans.append((first, last, hit.score))
    spans.sort(key=lambda span: -span[2])
    return [
        Passage(id=n, segments=tuple(segments[first : last + 1]), score=score)
        for n, (first, last, score) in enumerate(spans, start=1)
    ]


async def find_passages(
    repository: LectureRepository, lecture_id: str, question: str, language: str | None
) -> list[Passage]:
    stems = question_stems(question, language)
    hits = await repository.search_segments(lecture_id, stems, limit=SEARCH_LIMIT)
    if not hits:
        return []
    return build_passages(await repository.get_segments(lecture_id), hits)
