"""What a lecture keeps coming back to: TextRank over its sentences, by the content words they share.

A sentence is central when it shares content words with many sentences that are central themselves
(Mihalcea & Tarau 2004); a term is central when central sentences mention it. Words are compared
by their Snowball stems, so "cells", "cell" and "клетки", "клетка" count as one word.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import snowballstemmer

from app.notes.phrasings import rules_for
from app.notes.sentences import Sentence, words

SNOWBALL_LANGUAGES = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "pl": "polish",
    "cs": "czech",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "fi": "finnish",
    "tr": "turkish",
}
# Words of speech rather than of the subject, on top of the glossary's stop words: they occur all
# over a lecture and would link every sentence to every other.
SPOKEN_STOPWORDS = {
    "en": frozenset(
        "going know think let want get got thing things way lot bit little really actually say "
        "said called call mean means kind sort well like okay right yes look make made use used "
        "need talk talking start begin course lecture today week semester every each many much "
        "another basically honestly literally definitely probably simply obviously somebody someone "
        "something anything nothing everyone everybody whatever whenever because unless under "
        "over during behind near while until since though although after before again once "
        "always never sometimes usually still even ever yet maybe perhaps quite rather almost "
        "already".split()
    ),
    "ru": frozenset(
        "давайте например очень такой такая такие также просто значит скажем говорим поговорим "
        "сказать нужно надо лекция занятие сегодня начнём начнем который которая которое которые "
        "котором которой которых которым которую каждый весь вся всё".split()
    ),
    "de": frozenset(
        "also ja mal gibt immer sehr dann wenn was wer wo diese dieser dieses heute jetzt nun "
        "können kann muss müssen sagen vorlesung woche beginnen immer".split()
    ),
}
MIN_WORD_CHARS = 3
DAMPING = 0.85
MAX_ITERATIONS = 60
TOLERANCE = 1e-6


class ContentWords:
    """The content words of one language's text as stems: stop words and short words dropped."""

    def __init__(self, language: str | None) -> None:
        code = (language or "en").lower()
        self.language = code
        rules = rules_for(code)
        self.stopwords = rules.stopwords | SPOKEN_STOPWORDS.get(code, frozenset())
        self.nouns_capitalised = rules.nouns_capitalised
        algorithm = SNOWBALL_LANGUAGES.get(code)
        self._stemmer = snowballstemmer.stemmer(algorithm) if algorithm else None
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stemmer.stemWord(word) if self._stemmer else word
            self._stems[word] = stem
        return stem

    def spelling(self, word: str) -> str:
        """How a word is written in a title or a list of terms: lower case, unless it is an
        acronym or the language capitalises its nouns."""
        keep = self.nouns_capitalised or (len(word) > 1 and word.isupper())
        return word if keep else word.casefold()

    def is_content(self, word: str) -> bool:
        return len(word) >= MIN_WORD_CHARS and word not in self.stopwords

    def stems(self, text: str) -> list[str]:
        """Stems of the content words, in the order spoken."""
        return [self.stem(w) for w in words(text) if self.is_content(w)]


def sentence_centrality(bags: Sequence[Collection[str]]) -> list[float]:
    """TextRank score of each bag of stems, on the complete graph of the lecture's sentences.

    Two sentences' edge weighs their shared stems over their log lengths. Mihalcea & Tarau divide
    by the sum log|Si| + log|Sj|; the geometric mean of the two logs instead, which differs from
    half that sum by a few per cent, makes the weight a product of per-sentence factors:
    w_ij = Σ_t a_i·a_j over shared stems t. A step of the iteration is then two passes over the
    stems (sum per stem, then per sentence) instead of a pass over all sentence pairs, so a
    three-hour lecture's ~3000 sentences take linear time, and no edge is left out.
    """
    sets = [frozenset(bag) for bag in bags]
    # log(1 + n): a one-word sentence still has a finite weight.
    factor = [1 / math.sqrt(math.log1p(len(stems))) if stems else 0.0 for stems in sets]
    per_stem: dict[str, float] = defaultdict(float)
    for stems, a in zip(sets, factor, strict=True):
        for stem in stems:
            per_stem[stem] += a
    # A sentence's total edge weight: its stems' sums without its own share.
    out_weight = [
        a * sum(per_stem[stem] - a for stem in stems) for stems, a in zip(sets, factor, strict=True)
    ]
    scores = [1.0] * len(sets)
    for _ in range(MAX_ITERATIONS):
        share = [
            a * score / out if out > 0 else 0.0
            for a, score, out in zip(factor, scores, out_weight, strict=True)
        ]
        incoming: dict[str, float] = defaultdict(float)
        for stems, s in zip(sets, share, strict=True):
            for stem in stems:
                incoming[stem] += s
        updated = [
            (1 - DAMPING) + DAMPING * a * sum(incoming[stem] - s for stem in stems)
            for stems, a, s in zip(sets, factor, share, strict=True)
        ]
        change = max((abs(u - v) for u, v in zip(updated, scores, strict=True)), default=0.0)
        scores = updated
        if change < TOLERANCE:
            break
    return scores


def weighed_by_component(sets: Sequence[frozenset[str]], scores: list[float]) -> list[float]:
    """Scores times the share of the lecture their sentence's connected part holds.

    PageRank gives every connected part of the graph a mean score of 1, however small: two asides
    that share only "somebody" would score 1 each and outrank the subject's less central
    sentences. Scaled by its part's size, a part weighs what it holds of the lecture, and the
    ranking of a lecture whose sentences all connect does not change.
    """
    parent = list(range(len(sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for position, stems in enumerate(sets):
        for stem in stems:
            if stem in first_with:
                parent[root(position)] = root(first_with[stem])
            else:
                first_with[stem] = position
    roots = [root(i) for i in range(len(sets))]
    size = Counter(roots)
    return [score * size[r] / len(sets) for score, r in zip(scores, roots, strict=True)]


def overlap(a: Collection[str], b: Collection[str]) -> float:
    """Shared stems over the smaller set's size: 1.0 when one sentence says nothing new."""
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


@dataclass(frozen=True, slots=True)
class RankedLecture:
    """A lecture's sentences with their content stems and centrality, ranked once and then
    asked about sentences and terms by the topic, the key ideas, the outline and the questions."""

    sentences: Sequence[Sentence]
    bags: list[frozenset[str]]
    scores: list[float]
    content: ContentWords
    # Stem -> positions of the sentences that say it.
    postings: dict[str, list[int]]

    @classmethod
    def rank(cls, sentences: Sequence[Sentence], language: str | None) -> "RankedLecture":
        content = ContentWords(language)
        bags = [frozenset(content.stems(s.text)) for s in sentences]
        postings: dict[str, list[int]] = defaultdict(list)
        for position, bag in enumerate(bags):
            for stem in bag:
                postings[stem].append(position)
        scores = weighed_by_component(bags, sentence_centrality(bags))
        return cls(sentences, bags, scores, content, dict(postings))

    def mentions(self, term: str) -> list[int]:
        """Positions of the sentences that say every content word of `term`, in any form."""
        stems = set(self.content.stems(term))
        if not stems:
            return []
        found = set.intersection(*(set(self.postings.get(stem, ())) for stem in stems))
        return sorted(found)

    def term_score(self, term: str, within: range | None = None) -> float:
        """How central the sentences that mention the term are, added up (within a span of
        sentence positions, if given)."""
        return sum(self.scores[i] for i in self.mentions(term) if within is None or i in within)
