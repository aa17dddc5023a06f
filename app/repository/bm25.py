"""BM25 over one lecture's segments in Python, for a backend without a usable full-text index.

Gel's `fts::index` stems with one fixed language per index and matches whole words only, while a
lecture may be in any language and the question's stems are matched as word prefixes (as SQLite's
FTS5 query `"stem"*` does); so the Gel backend ranks the lecture's segments here, with the same
words and the same prefix rule as the SQLite index.
"""

import math
import re
import unicodedata
from collections.abc import Sequence

from app.models import Segment, SegmentHit

K1 = 1.2
B = 0.75
WORD = re.compile(r"\w+")


def _folded_words(text: str) -> list[str]:
    """Lower case without diacritics, as FTS5's `unicode61 remove_diacritics 2` tokenizer folds."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return WORD.findall(unicodedata.normalize("NFC", bare))


def rank_segments(
    segments: Sequence[Segment], stems: Sequence[str], *, limit: int
) -> list[SegmentHit]:
    prefixes = {w for stem in stems for w in _folded_words(stem)}
    if not prefixes or not segments:
        return []
    documents = [_folded_words(segment.text) for segment in segments]
    average_length = sum(map(len, documents)) / len(documents) or 1.0
    matches = [{p: sum(w.startswith(p) for w in words) for p in prefixes} for words in documents]
    holding = {p: sum(1 for m in matches if m[p]) for p in prefixes}
    hits = []
    for segment, words, counts in zip(segments, documents, matches, strict=True):
        score = 0.0
        for prefix, frequency in counts.items():
            if not frequency:
                continue
            idf = math.log(1 + (len(documents) - holding[prefix] + 0.5) / (holding[prefix] + 0.5))
            norm = frequency + K1 * (1 - B + B * len(words) / average_length)
            score += idf * frequency * (K1 + 1) / norm
        if score > 0:
            hits.append(SegmentHit(index=segment.index, score=score))
    hits.sort(key=lambda hit: (-hit.score, hit.index))
    return hits[:limit]
