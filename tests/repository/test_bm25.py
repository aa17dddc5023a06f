"""The Gel backend's ranking agrees with SQLite's FTS5 on what matches and in which order."""

from app.models import Segment
from app.repository.bm25 import rank_segments
from tests.repository.test_repository_contract import NETWORK_SEGMENTS


def test_ranks_segments_holding_a_word_with_a_stem_as_prefix():
    hits = rank_segments(NETWORK_SEGMENTS, ["router", "forward"], limit=10)

    assert [hit.index for hit in hits] == [2, 1]
    assert hits[0].score > hits[1].score > 0
    assert rank_segments(NETWORK_SEGMENTS, ["volcano"], limit=10) == []


def test_folds_case_and_diacritics_as_fts5_does():
    segments = [Segment(0, 0, 1, "Über die Brücke."), Segment(1, 1, 2, "Маршрутизатор и сети.")]

    assert [h.index for h in rank_segments(segments, ["brück"], limit=5)] == [0]
    assert [h.index for h in rank_segments(segments, ["СЕТ"], limit=5)] == [1]
