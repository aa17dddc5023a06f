"""Write an answer from retrieved passages, and keep only what the passages bear out.

The model (SmolLM2-135M by default) is told to answer from the numbered passages only and to name
the ones it used, in constrained JSON. Nothing it writes is trusted: citations are the stored
segments of the passages it named (never its words), and an answer whose content words are not
mostly the cited passages' gives way to the best passage's most relevant sentence. A question the
lecture does not touch is told so, in the lecture's language.
"""

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.ask.retrieval import Passage
from app.models import Citation
from app.notes.centrality import ContentWords
from app.notes.llm import LanguageModel
from app.notes.sentences import Sentence, split_sentences

logger = logging.getLogger(__name__)

NOT_COVERED = {
    "en": "This is not covered in this lecture.",
    "ru": "В этой лекции об этом не говорится.",
    "de": "Darüber spricht diese Vorlesung nicht.",
}
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "de": "German"}
# Share of the answer's content words that must occur in the passages it cites.
MIN_GROUNDED_SHARE = 0.6
MAX_ANSWER_TOKENS = 160

ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "maxLength": 400},
        "passage_ids": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
    },
    "required": ["answer", "passage_ids"],
}
SYSTEM = (
    "You answer a student's question about a lecture using only the numbered passages from its "
    "transcript. Answer in one or two sentences in {language}, in the lecture's own words. List "
    "the numbers of the passages you used in passage_ids."
)
EXAMPLE = (
    "Passages:\n[1] A protocol is a set of rules that two computers follow to exchange messages.\n"
    "[2] Bandwidth is the amount of data a link carries per second.\n\n"
    "Question: What is a protocol?",
    json.dumps(
        {
            "answer": "A protocol is a set of rules that two computers follow to exchange messages.",
            "passage_ids": [1],
        }
    ),
)


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    # How the answer was made: "model", "extract" (the model's was not grounded) or "not covered".
    source: str


def not_covered(language: str | None) -> Answer:
    return Answer(NOT_COVERED.get(language or "en", NOT_COVERED["en"]), (), "not covered")


def cite(passage: Passage) -> Citation:
    return Citation(quote=passage.text, start=passage.start, end=passage.end)


def grounded_share(answer: str, passages: Sequence[Passage], words: ContentWords) -> float:
    answer_stems = set(words.stems(answer))
    if not answer_stems:
        return 0.0
    passage_stems = {stem for passage in passages for stem in words.stems(passage.text)}
    return len(answer_stems & passage_stems) / len(answer_stems)


def extract_answer(question: str, passages: Sequence[Passage], words: ContentWords) -> Answer:
    """The sentence of the passages that shares most content words with the question."""
    asked = set(words.stems(question))
    best: tuple[tuple[int, int], Sentence] | None = None
    for passage in passages:
        for sentence in split_sentences(passage.segments):
            stems = set(words.stems(sentence.text))
            # Among sentences sharing as much with the question, the one that says most: "A
            # router is a device that forwards …" over "Packets travel through routers". Further
            # ties go to the better-ranked passage, then to the earlier sentence.
            rank = (len(asked & stems), len(stems))
            if best is None or rank > best[0]:
                best = (rank, sentence)
    if best is None or best[0][0] == 0:
        return not_covered(words.language)
    sentence = best[1]
    citation = Citation(quote=sentence.text, start=sentence.start, end=sentence.end)
    return Answer(sentence.text, (citation,), "extract")


class AnswerStream:
    """Follows the model's JSON as it is generated and hands on the characters of its "answer"."""

    OPENING = '"answer"'

    def __init__(self, on_text: Callable[[str], None]) -> None:
        self.on_text = on_text
        self.buffer = ""
        self.state = "before"  # before the answer's opening quote, inside the string, after it
        self.escaped = False

    def feed(self, piece: str) -> None:
        out = []
        for char in piece:
            if self.state == "before":
                self.buffer += char
                at = self.buffer.find(self.OPENING)
                if at >= 0 and self.buffer[at + len(self.OPENING) :].lstrip(" :").startswith('"'):
                    self.state = "inside"
            elif self.state == "inside":
                if self.escaped:
                    out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(char, char))
                    self.escaped = False
                elif char == "\\":
                    self.escaped = True
                elif char == '"':
                    self.state = "after"
                else:
                    out.append(char)
        if out:
            self.on_text("".join(out))


def compose_answer(
    question: str,
    language: str | None,
    passages: Sequence[Passage],
    llm: LanguageModel | None,
    on_text: Callable[[str], None] = lambda _: None,
) -> Answer:
    """The answer to `question` from `passages` (best first); `on_text` receives the model's answer
    as it is written, which the returned one replaces when it was not grounded."""
    words = ContentWords(language)
    asked = set(words.stems(question))
    relevant = [p for p in passages if asked & set(words.stems(p.text))]
    if not relevant:
        return not_covered(language)
    if llm is None:
        return extract_answer(question, relevant, words)
    listing = "\n".join(f"[{p.id}] {p.text}" for p in relevant)
    system = SYSTEM.format(language=LANGUAGE_NAMES.get(language or "en", "the lecture's language"))
    stream = AnswerStream(on_text)
    pieces = []
    for piece in llm.stream_json(
        system,
        f"Passages:\n{listing}\n\nQuestion: {question}",
        ANSWER_SCHEMA,
        examples=[EXAMPLE],
        max_tokens=MAX_ANSWER_TOKENS,
    ):
        pieces.append(piece)
        stream.feed(piece)
    try:
        drafted = json.loads("".join(pieces))
    except json.JSONDecodeError:
        drafted = None  # cut off at MAX_ANSWER_TOKENS
    if not isinstance(drafted, dict):
        return extract_answer(question, relevant, words)
    by_id = {p.id: p for p in relevant}
    cited = [by_id[i] for i in dict.fromkeys(drafted.get("passage_ids") or []) if i in by_id]
    text = str(drafted.get("answer") or "").strip()
    # A model that names no passage is judged against all of them, and cites the one it shares most with.
    judged = cited or relevant
    share = grounded_share(text, judged, words)
    if share < MIN_GROUNDED_SHARE:
        logger.info("answer not grounded (%.2f of its words in the passages): extracting", share)
        return extract_answer(question, relevant, words)
    if not cited:
        cited = [max(relevant, key=lambda p: grounded_share(text, [p], words))]
    return Answer(text, tuple(cite(p) for p in cited), "model")
