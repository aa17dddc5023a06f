"""The summary (конспект): topic, key ideas, a timed outline, the glossary and review questions,
rendered through a Markdown template in the lecture's language.

Everything in it is read from the transcript by rules and ranked by centrality
(app.notes.centrality), so nothing in it can say what the lecturer did not. Key ideas are the
lecture's most central sentences, whichever minute they were said in, without the filler they open
with and without greetings, questions and the class's logistics. The language model is not asked
for them: on the reference lectures SmolLM2-135M's ideas were copies of sentences at best and, at
worst, plausible sentences that the lecture contradicts ("Cellular respiration is a process that
uses energy to build and repair cells"), which no word-overlap check can catch.
"""

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.exports import format_clock
from app.models import GlossaryEntry, Summary
from app.notes.centrality import RankedLecture, overlap
from app.notes.fillers import capitalise_first, strip_leading_filler
from app.notes.labels import labels_for
from app.notes.lemmas import known_share
from app.notes.organisational import is_organisational
from app.notes.questions import review_questions
from app.notes.sentences import WORD, Sentence, piece_spans, words
from app.notes.templates import TemplateLibrary
from app.notes.topic import join_terms, topic_line

MAX_KEY_IDEAS = 10
MIN_KEY_IDEAS = 3
MAX_IDEA_CHARS = 220
# A key idea says something: at least this many words, this many of them content words.
MIN_IDEA_WORDS = 6
MIN_IDEA_CONTENT_WORDS = 3
# An idea sharing more than this share of its content words with a better one repeats it.
MAX_IDEA_OVERLAP = 0.6
SECONDS_PER_OUTLINE_SECTION = 420
MIN_OUTLINE_SECTIONS = 3
MAX_OUTLINE_SECTIONS = 30
MAX_OUTLINE_TITLE_WORDS = 6
MIN_KNOWN_IDEA_SHARE = 0.8
MAX_TITLE_TERMS = 3
MAX_TITLE_PHRASE_WORDS = 3


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
    templates: TemplateLibrary,
    template_name: str,
    on_progress: Callable[[float], None] = lambda fraction: None,
) -> Summary:
    """`on_progress` hears the fraction done after each part."""
    labels = labels_for(language)
    lecture = RankedLecture.rank(sentences, language)
    on_progress(0.5)
    key_ideas = central_ideas(lecture, language)
    outline = [vars_of(item) for item in _outline(lecture, glossary, language)]
    on_progress(0.8)
    sections = {
        "topic": topic_line(title, lecture, glossary, language),
        "key_ideas": key_ideas,
        "outline": outline,
        "glossary": [
            {
                "term": e.term,
                "definition": e.definition,
                "start": e.start,
                "clock": format_clock(e.start),
            }
            for e in glossary
        ],
        "review_questions": review_questions(lecture, glossary, key_ideas, language),
    }
    markdown = templates.get(template_name).render(title=title, labels=labels, **sections)
    on_progress(1.0)
    return Summary(template=template_name, language=language, markdown=markdown, sections=sections)


def vars_of(item: OutlineItem) -> dict:
    return {"start": item.start, "clock": item.clock, "title": item.title}


def key_idea_count(sentences: int) -> int:
    """About the square root of the sentence count: 5 for a short talk, 10 for three hours."""
    return min(max(round(math.sqrt(sentences)), MIN_KEY_IDEAS), MAX_KEY_IDEAS)


def central_ideas(lecture: RankedLecture, language: str | None) -> list[str]:
    """The most central sentences that state something about the subject, in the lecture's order."""
    count = key_idea_count(len(lecture.sentences))
    chosen: list[tuple[float, str, frozenset[str]]] = []
    ranked = sorted(range(len(lecture.sentences)), key=lambda i: lecture.scores[i], reverse=True)
    # Fewer ideas rather than peripheral ones: an idea is more central than most sentences.
    for position in ranked[: math.ceil(len(ranked) / 2)]:
        sentence = lecture.sentences[position]
        idea = _as_idea(sentence.text, language)
        if idea is None:
            continue
        stems = frozenset(lecture.content.stems(idea))
        if len(stems) < MIN_IDEA_CONTENT_WORDS:
            continue
        if any(overlap(stems, other) > MAX_IDEA_OVERLAP for _, _, other in chosen):
            continue
        chosen.append((sentence.start, idea, stems))
        if len(chosen) == count:
            break
    return [idea for _, idea, _ in sorted(chosen, key=lambda c: c[0])]


def _as_idea(text: str, language: str | None) -> str | None:
    """The sentence as a key idea: filler stripped, a run-on cut after a clause; None for
    a question, a greeting, logistics or a sentence too short to state anything."""
    text = text.strip()
    if text.endswith("?") or is_organisational(text, language):
        return None
    text = strip_leading_filler(text, language)
    if len(text) > MAX_IDEA_CHARS:
        first, last = piece_spans(text, MAX_IDEA_CHARS, len)[0]
        text = text[first:last].rstrip(" ,;:")
    if len(words(text)) < MIN_IDEA_WORDS:
        return None
    # Whisper's mishearings of a language it knows poorly are mostly non-words (judged for Russian).
    if known_share(text, language) < MIN_KNOWN_IDEA_SHARE:
        return None
    return capitalise_first(text)


def _outline(
    lecture: RankedLecture, glossary: Sequence[GlossaryEntry], language: str | None
) -> list[OutlineItem]:
    sentences = lecture.sentences
    if not sentences:
        return []
    duration = sentences[-1].end - sentences[0].start
    count = round(duration / SECONDS_PER_OUTLINE_SECTION)
    count = min(max(count, MIN_OUTLINE_SECTIONS), MAX_OUTLINE_SECTIONS, len(sentences))
    size = math.ceil(len(sentences) / count)
    spans = [
        range(first, min(first + size, len(sentences))) for first in range(0, len(sentences), size)
    ]
    items = []
    for position, span in enumerate(spans):
        start = sentences[span[0]].start
        until = sentences[spans[position + 1][0]].start if position + 1 < len(spans) else math.inf
        defined = [e for e in glossary if start <= e.start < until]
        items.append(
            OutlineItem(
                start=start,
                clock=format_clock(start),
                title=section_title(lecture, span, spans, defined, language),
            )
        )
    return items


def section_title(
    lecture: RankedLecture,
    span: range,
    spans: Sequence[range],
    defined: Sequence[GlossaryEntry],
    language: str | None,
) -> str:
    """A short title: the section's most central defined terms ("Bandwidth and latency"), or else
    the phrase that sets it apart from the other sections."""
    if defined:
        best = sorted(defined, key=lambda e: lecture.term_score(e.term, span), reverse=True)
        terms: list[GlossaryEntry] = []
        for entry in best[:MAX_TITLE_TERMS]:
            spoken = sum(len(words(e.term)) for e in [*terms, entry])
            if terms and spoken > MAX_OUTLINE_TITLE_WORDS - 1:
                break
            terms.append(entry)
        in_order = [e.term for e in sorted(terms, key=lambda e: e.start)]
        return capitalise_first(join_terms(in_order, language))
    return capitalise_first(_distinctive_phrase(lecture, span, spans) or "…")


def _distinctive_phrase(lecture: RankedLecture, span: range, spans: Sequence[range]) -> str | None:
    """The word frequent in this section and rare in the others (tf-idf over sections), or the
    longest phrase of content words around it that the section says more than once."""
    in_sections = Counter(stem for s in spans for stem in {st for i in s for st in lecture.bags[i]})
    here = Counter(stem for i in span for stem in lecture.bags[i])
    if not here:
        return None
    top = max(here, key=lambda stem: here[stem] * math.log(1 + len(spans) / in_sections[stem]))
    said: Counter[tuple[str, ...]] = Counter()
    spelled: dict[tuple[str, ...], Counter[str]] = {}
    for i in span:
        for run in _content_runs(lecture, lecture.sentences[i].text):
            for size in range(1, MAX_TITLE_PHRASE_WORDS + 1):
                for first in range(len(run) - size + 1):
                    gram = run[first : first + size]
                    key = tuple(stem for stem, _ in gram)
                    if top in key:
                        said[key] += 1
                        spelled.setdefault(key, Counter())[" ".join(w for _, w in gram)] += 1
    repeated = [key for key, n in said.items() if len(key) > 1 and n > 1]
    best = max(repeated, key=lambda key: (said[key], len(key)), default=(top,))
    return spelled[best].most_common(1)[0][0] if best in spelled else None


def _content_runs(lecture: RankedLecture, text: str) -> list[list[tuple[str, str]]]:
    """Runs of adjacent content words as (stem, spelling), split at stop words and punctuation."""
    runs: list[list[tuple[str, str]]] = [[]]
    position = 0
    for match in WORD.finditer(text):
        between, position = text[position : match.start()], match.end()
        folded = match.group().casefold()
        content = lecture.content.is_content(folded)
        if not content or any(mark in between for mark in ",.;:!?()—–"):
            runs.append([])
        if content:
            runs[-1].append((lecture.content.stem(folded), lecture.content.spelling(match.group())))
    return [run for run in runs if run]
