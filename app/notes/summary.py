"""The summary (конспект): topic, key ideas, a timed outline, the glossary and review questions,
rendered through a Markdown template in the lecture's language.

Key ideas come from the language model, window by window, and then from its own ideas again when
there are too many (hierarchical summarisation for long lectures). Every idea must share most of
its words with the text it summarises; ideas that do not are dropped and the most central
sentences of the transcript stand in, so a small model can shorten the summary but not invent it.
"""

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.exports import format_clock
from app.models import GlossaryEntry, Summary
from app.notes.definitions import rules_for
from app.notes.labels import labels_for
from app.notes.llm import LanguageModel
from app.notes.sentences import Sentence, words
from app.notes.templates import TemplateLibrary
from app.notes.windows import sentence_windows

MAX_KEY_IDEAS = 7
MAX_IDEA_CHARS = 220
# Share of an idea's content words that must occur in its source text.
MIN_GROUNDING = 0.7
SECONDS_PER_OUTLINE_SECTION = 420
MIN_OUTLINE_SECTIONS = 3
MAX_OUTLINE_SECTIONS = 30
MAX_OUTLINE_TITLE_WORDS = 14

TOPIC_CUES = re.compile(
    r"\b(today we|in this lecture|this lecture|our topic|сегодня мы|тема|heute|in dieser vorlesung)",
    re.IGNORECASE,
)

IDEAS_SCHEMA = {
    "type": "object",
    "properties": {
        "ideas": {
            "type": "array",
            "items": {"type": "string", "minLength": 10, "maxLength": MAX_IDEA_CHARS},
            "minItems": 1,
            "maxItems": 5,
        }
    },
    "required": ["ideas"],
}
SYSTEM_PROMPT = "You write the key ideas of a lecture as short sentences. Answer with JSON."
EXAMPLE = (
    "Text:\nToday we talk about cooking. An oven is a box that heats food, so we can bake "
    "bread in it. Boiling means cooking food in hot water. Please read chapter one.",
    '{"ideas": ["An oven is a box that heats food.", "Boiling means cooking food in hot water."]}',
)


@dataclass(frozen=True, slots=True)
class OutlineItem:
    start: float
    clock: str
    title: str


def write_summary(
    *,
    title: str,
    sentences: Sequence[Sentence],
    glossary: Sequence[GlossaryEntry],
    language: str,
    llm: LanguageModel | None,
    templates: TemplateLibrary,
    template_name: str,
    on_progress: Callable[[float], None] = lambda fraction: None,
) -> Summary:
    """`on_progress` hears the fraction done after each window the language model reads."""
    labels = labels_for(language)
    stopwords = rules_for(language).stopwords
    key_ideas = _key_ideas(sentences, llm, stopwords, on_progress)
    sections = {
        "topic": _topic(sentences, title),
        "key_ideas": key_ideas,
        "outline": [vars_of(item) for item in _outline(sentences, glossary, stopwords)],
        "glossary": [
            {
                "term": e.term,
                "definition": e.definition,
                "start": e.start,
                "clock": format_clock(e.start),
            }
            for e in glossary
        ],
        "review_questions": _review_questions(glossary, key_ideas, labels),
    }
    markdown = templates.get(template_name).render(title=title, labels=labels, **sections)
    return Summary(template=template_name, language=language, markdown=markdown, sections=sections)


def vars_of(item: OutlineItem) -> dict:
    return {"start": item.start, "clock": item.clock, "title": item.title}


def _topic(sentences: Sequence[Sentence], title: str) -> str:
    for sentence in sentences[:12]:
        if TOPIC_CUES.search(sentence.text):
            return sentence.text
    return sentences[0].text if sentences else title


def content_words(text: str, stopwords: frozenset[str]) -> list[str]:
    return [w for w in words(text) if w not in stopwords and len(w) > 2]


def grounding(idea: str, source_vocabulary: set[str], stopwords: frozenset[str]) -> float:
    idea_words = content_words(idea, stopwords)
    if not idea_words:
        return 0.0
    return sum(w in source_vocabulary for w in idea_words) / len(idea_words)


def _central_sentences(
    sentences: Sequence[Sentence], stopwords: frozenset[str], count: int
) -> list[Sentence]:
    """The sentences whose words the whole lecture repeats most: an extractive summary."""
    frequency = Counter(w for s in sentences for w in content_words(s.text, stopwords))

    def score(sentence: Sentence) -> float:
        sentence_words = content_words(sentence.text, stopwords)
        if len(sentence_words) < 4:
            return 0.0
        return sum(frequency[w] for w in set(sentence_words)) / math.sqrt(len(sentence_words))

    best = sorted(sentences, key=score, reverse=True)[:count]
    return sorted(best, key=lambda s: s.start)


def _key_ideas(
    sentences: Sequence[Sentence],
    llm: LanguageModel | None,
    stopwords: frozenset[str],
    on_progress: Callable[[float], None],
) -> list[str]:
    ideas: list[str] = []
    if llm is not None:
        budget = max(llm.context_tokens // 2, 256)
        texts = [
            " ".join(s.text for s in window)
            for window in sentence_windows(sentences, budget, llm.count_tokens)
        ]
        # Every pass over the ideas has a fraction of the windows of the one before: the first
        # pass is most of the work, and the passes after it share what is left of the bar.
        done_before, share = 0.0, 0.9
        while True:
            ideas = []
            for done, text in enumerate(texts, start=1):
                ideas += _ideas_from(text, llm, stopwords)
                on_progress(done_before + share * done / len(texts))
            done_before, share = done_before + share, (1 - done_before - share) / 2
            if len(ideas) <= MAX_KEY_IDEAS or len(texts) == 1:
                break
            # Too many for one summary: summarise the ideas themselves, window by window.
            idea_sentences = [Sentence(i, idea, 0.0, 0.0) for i, idea in enumerate(ideas)]
            texts = [
                " ".join(s.text for s in window)
                for window in sentence_windows(idea_sentences, budget, llm.count_tokens)
            ]
    unique: list[str] = []
    seen: set[str] = set()
    for idea in ideas:
        key = " ".join(content_words(idea, stopwords))
        if key and key not in seen:
            seen.add(key)
            unique.append(idea)
    if len(unique) < 3:
        unique += [
            s.text for s in _central_sentences(sentences, stopwords, 5) if s.text not in unique
        ]
    return unique[:MAX_KEY_IDEAS]


def _ideas_from(text: str, llm: LanguageModel, stopwords: frozenset[str]) -> list[str]:
    answer = llm.complete_json(
        SYSTEM_PROMPT, f"Text:\n{text}", IDEAS_SCHEMA, examples=[EXAMPLE], max_tokens=400
    )
    vocabulary = set(words(text))
    ideas = []
    for idea in (answer or {}).get("ideas", []):
        idea = " ".join(idea.split())
        if (
            grounding(idea, vocabulary, stopwords) >= MIN_GROUNDING
            and len(content_words(idea, stopwords)) >= 3
        ):
            ideas.append(idea)
    return ideas


def _outline(
    sentences: Sequence[Sentence], glossary: Sequence[GlossaryEntry], stopwords: frozenset[str]
) -> list[OutlineItem]:
    if not sentences:
        return []
    duration = sentences[-1].end - sentences[0].start
    count = round(duration / SECONDS_PER_OUTLINE_SECTION)
    count = min(max(count, MIN_OUTLINE_SECTIONS), MAX_OUTLINE_SECTIONS, len(sentences))
    size = math.ceil(len(sentences) / count)
    sections = [sentences[first : first + size] for first in range(0, len(sentences), size)]
    items = []
    for position, section in enumerate(sections):
        until = sections[position + 1][0].start if position + 1 < len(sections) else math.inf
        items.append(
            OutlineItem(
                start=section[0].start,
                clock=format_clock(section[0].start),
                title=_section_title(section, until, glossary, stopwords),
            )
        )
    return items


def _section_title(
    section: Sequence[Sentence],
    until: float,
    glossary: Sequence[GlossaryEntry],
    stopwords: frozenset[str],
) -> str:
    """The terms the section defines, or else its most central sentence, shortened."""
    terms = [e.term for e in glossary if section[0].start <= e.start < until]
    if terms:
        return ", ".join(terms[:4])
    sentence = _central_sentences(section, stopwords, 1)[0] if section else None
    text = sentence.text if sentence else ""
    title_words = text.split()
    if len(title_words) > MAX_OUTLINE_TITLE_WORDS:
        return " ".join(title_words[:MAX_OUTLINE_TITLE_WORDS]) + " …"
    return text


def _review_questions(
    glossary: Sequence[GlossaryEntry], key_ideas: Sequence[str], labels: dict[str, str]
) -> list[str]:
    questions = [labels["what_is"].format(term=e.term) for e in glossary[:6]]
    if len(glossary) >= 2:
        questions.append(labels["differ"].format(a=glossary[0].term, b=glossary[1].term))
    if len(questions) < 3:
        questions += [labels["explain"].format(idea=idea.rstrip(".")) for idea in key_ideas[:3]]
    return questions
