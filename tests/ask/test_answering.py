"""Answers from retrieved passages: grounded in them, cited verbatim, or told "not covered"."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ask.answering import NOT_COVERED, AnswerStream, compose_answer
from app.ask.retrieval import Passage, build_passages, question_stems
from app.models import Segment, SegmentHit
from app.notes.llm import OFFLINE_SMOLLM2, LanguageModel
from app.repository.bm25 import rank_segments
from tests.conftest import FIXTURES


def reference_segments() -> list[Segment]:
    """The networks lecture's reference text, a sentence a segment, 4 s each."""
    sentences = re.split(r"(?<=[.?!])\s+", (FIXTURES / "lecture_networks.txt").read_text().strip())
    return [Segment(i, i * 4.0, i * 4.0 + 4.0, s) for i, s in enumerate(sentences)]


def passages_for(question: str, segments: list[Segment], language: str = "en") -> list[Passage]:
    hits = rank_segments(segments, question_stems(question, language), limit=8)
    return build_passages(segments, hits)


class ScriptedModel:
    """Answers with the JSON it was given, a few characters at a time."""

    def __init__(self, reply: dict) -> None:
        self.reply = json.dumps(reply)
        self.prompts: list[str] = []

    def stream_json(self, system: str, user: str, schema: dict, **options) -> Iterator[str]:
        self.prompts.append(user)
        for at in range(0, len(self.reply), 5):
            yield self.reply[at : at + 5]


def test_question_stems_drop_function_words_and_stem_the_rest():
    assert question_stems("What does a router do?", "en") == ["router"]
    assert question_stems("Маршрутизаторы и сетями?", "ru") == ["маршрутизатор", "сет"]


def test_passages_widen_hits_to_their_neighbours_and_merge_touching_ones():
    segments = [Segment(i, i, i + 1, f"s{i}") for i in range(10)]

    passages = build_passages(
        segments, [SegmentHit(5, 2.0), SegmentHit(6, 1.0), SegmentHit(0, 0.5)]
    )

    assert [[s.index for s in p.segments] for p in passages] == [[4, 5, 6, 7], [0, 1]]
    assert [p.id for p in passages] == [1, 2]
    assert passages[0].text == "s4 s5 s6 s7"
    assert (passages[0].start, passages[0].end) == (4, 8)


def test_a_grounded_model_answer_is_kept_and_cites_the_passages_it_names():
    segments = reference_segments()
    passages = passages_for("What does a router do?", segments)
    router = next(p for p in passages if "A router is a device" in p.text)
    model = ScriptedModel(
        {
            "answer": "A router forwards packets between different networks.",
            "passage_ids": [router.id],
        }
    )
    streamed: list[str] = []

    answer = compose_answer("What does a router do?", "en", passages, model, streamed.append)

    assert answer.source == "model"
    assert answer.text == "A router forwards packets between different networks."
    assert "".join(streamed) == answer.text
    assert [c.quote for c in answer.citations] == [router.text]
    assert router.text in " ".join(s.text for s in segments)
    assert (answer.citations[0].start, answer.citations[0].end) == (router.start, router.end)


def test_an_answer_the_passages_do_not_bear_out_gives_way_to_the_lectures_own_sentence():
    segments = reference_segments()
    passages = passages_for("What does a router do?", segments)
    model = ScriptedModel(
        {"answer": "Routers are made of cheese from Switzerland.", "passage_ids": [1]}
    )

    answer = compose_answer("What does a router do?", "en", passages, model)

    assert answer.source == "extract"
    assert answer.text.startswith("A router is a device that forwards packets")
    (citation,) = answer.citations
    assert citation.quote == answer.text
    defining = next(s for s in segments if s.text.startswith("A router is"))
    assert defining.start <= citation.start < citation.end <= defining.end


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What is the capital of France?", "en"),
        ("How do volcanoes erupt?", "en"),
        ("Как извергаются вулканы?", "ru"),
        ("Wie brechen Vulkane aus?", "de"),
    ],
)
def test_a_question_the_lecture_does_not_touch_is_told_so_in_its_language(question, language):
    model = ScriptedModel({"answer": "Paris.", "passage_ids": [1]})

    answer = compose_answer(question, language, passages_for(question, reference_segments()), model)

    assert answer.text == NOT_COVERED[language]
    assert answer.citations == ()
    assert model.prompts == []


def test_the_answer_streams_out_of_the_json_as_it_is_written():
    received: list[str] = []
    stream = AnswerStream(received.append)
    for piece in ['{"ans', 'wer": "A \\"rou', 'ter\\" for', 'wards.", "passage_ids": [1]}']:
        stream.feed(piece)

    assert "".join(received) == 'A "router" forwards.'


@pytest.fixture(scope="module")
def smollm2() -> LanguageModel:
    return LanguageModel.load(
        OFFLINE_SMOLLM2, context_tokens=2048, gpu_layers=0, threads=2, cache_dir=Path("/tmp")
    )


def test_smollm2_answers_the_router_question_from_the_lecture(smollm2):
    segments = reference_segments()
    passages = passages_for("What does a router do?", segments)

    answer = compose_answer("What does a router do?", "en", passages, smollm2)

    assert "router" in answer.text.lower()
    assert any("A router is a device that forwards packets" in c.quote for c in answer.citations)
    transcript = " ".join(s.text for s in segments)
    assert all(c.quote in transcript for c in answer.citations)
