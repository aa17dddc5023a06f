import math

import pytest

from app.models import Segment
from app.notes.centrality import DAMPING, ContentWords, RankedLecture, sentence_centrality
from app.notes.sentences import split_sentences


def pairwise_textrank(bags: list[frozenset[str]], iterations: int = 200) -> list[float]:
    """TextRank as written in the paper, over every pair, with the same edge weights."""
    n = len(bags)

    def weight(i: int, j: int) -> float:
        shared = len(bags[i] & bags[j])
        if i == j or not shared:
            return 0.0
        return shared / math.sqrt(math.log1p(len(bags[i])) * math.log1p(len(bags[j])))

    w = [[weight(i, j) for j in range(n)] for i in range(n)]
    out = [sum(row) for row in w]
    scores = [1.0] * n
    for _ in range(iterations):
        scores = [
            (1 - DAMPING)
            + DAMPING * sum(w[j][i] / out[j] * scores[j] for j in range(n) if out[j] > 0)
            for i in range(n)
        ]
    return scores


def test_the_linear_time_ranking_equals_the_pairwise_one():
    bags = [
        frozenset(b.split())
        for b in [
            "enzym substrat activ site",
            "enzym reaction rate",
            "substrat bind",
            "cat radiator",
            "radiator winter",
            "reaction temperatur rate enzym",
            "lone",
        ]
    ]
    assert sentence_centrality(bags) == pytest.approx(pairwise_textrank(bags), rel=1e-4)


def test_a_sentence_sharing_no_word_keeps_the_base_score():
    scores = sentence_centrality([frozenset({"a", "b"}), frozenset({"b", "c"}), frozenset({"z"})])
    assert scores[2] == pytest.approx(1 - DAMPING)


def test_words_are_compared_by_stem_without_stop_words():
    assert ContentWords("en").stems("The cells and a cell") == ["cell", "cell"]
    assert set(ContentWords("ru").stems("клетки клетка клеткой")) == {"клетк"}
    assert ContentWords("de").stems("Die Grundbegriffe und der Grundbegriff") == [
        "grundbegriff",
        "grundbegriff",
    ]


def test_a_term_is_found_in_any_form():
    sentences = split_sentences(
        [
            Segment(0, 0.0, 1.0, "Routers forward packets."),
            Segment(1, 1.0, 2.0, "A router has a routing table."),
            Segment(2, 2.0, 3.0, "Switches do not."),
        ]
    )
    lecture = RankedLecture.rank(sentences, "en")
    assert lecture.mentions("router") == [0, 1]
    assert lecture.term_score("router") == pytest.approx(lecture.scores[0] + lecture.scores[1])
    assert lecture.term_score("router", within=range(1, 3)) == pytest.approx(lecture.scores[1])
