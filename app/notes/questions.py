"""Review questions about what the lecture itself says: what a law states, what a term means, and
how two terms differ where the lecturer contrasted them, phrased grammatically in each language.

English needs an article the glossary does not know ("What is a router?", "What is bandwidth?").
It is read off how the lecturer says the term: "a router" makes a count noun; only bare uses make
a mass noun or a name; only "the" uses make "the cell membrane". Where the lecture leaves it
open (never said, said both bare and with "the", a plural such as "bacteria are") the question
quotes the term instead: "What is meant by “latency”?". Russian asks with the term in the
nominative, which the glossary keeps; German quotes it after a phrase whose case does not
depend on the term's gender.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.models import GlossaryEntry
from app.notes.centrality import RankedLecture

MAX_TERM_QUESTIONS = 6
MAX_CONTRAST_QUESTIONS = 2
MIN_QUESTIONS = 3
MAX_EXPLAINED_IDEAS = 3


@dataclass(frozen=True, slots=True)
class QuestionForms:
    # "X states that …": the entry is a law or principle.
    states: re.Pattern[str]
    # A sentence that sets two things against each other.
    contrast: re.Pattern[str]
    law: str
    definition: str
    differ: str
    explain: str


def _cue(*phrases: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(phrases)})(?!\w)", re.IGNORECASE)


FORMS = {
    "en": QuestionForms(
        states=_cue(r"states\s+that", r"says\s+that", r"tells\s+us\s+that", r"asserts\s+that"),
        contrast=_cue(
            "unlike",
            "whereas",
            "while",
            r"in\s+contrast",
            r"by\s+contrast",
            r"as\s+opposed\s+to",
            r"rather\s+than",
            r"differences?\s+between",
            r"differs?\s+from",
            r"different\s+from",
            r"confused\s+with",
            r"not\s+the\s+same\s+as",
            r"compared\s+(?:to|with)",
        ),
        law="What does {term} state?",
        definition="What is {term}?",
        differ="How does {a} differ from {b}?",
        explain="Explain in your own words: {idea}",
    ),
    "ru": QuestionForms(
        states=_cue("гласит", "утверждает", r"говорит\s+о\s+том"),
        contrast=_cue(
            r"в\s+отличие\s+от",
            r"тогда\s+как",
            r"в\s+то\s+время\s+как",
            r"а\s+не",
            r"(?:разница|различие|отличие)\s+между",
            r"отлича\w+",
            r"пута\w+\s+с",
            r"по\s+сравнению\s+с",
            r"не\s+то\s+же\s+самое",
        ),
        law="Что гласит {term}?",
        definition="Что такое {term}?",
        differ="Чем отличаются {a} и {b}?",
        explain="Объясните своими словами: {idea}",
    ),
    "de": QuestionForms(
        states=_cue("besagt", r"sagt\s+aus", "lautet"),
        contrast=_cue(
            r"im\s+gegensatz\s+zu",
            r"anders\s+als",
            "während",
            "wohingegen",
            r"unterschied\s+zwischen",
            r"unterscheide[nt]\s+sich",
            r"verwechselt",
            r"im\s+vergleich\s+zu",
            r"nicht\s+(?:dasselbe|das\s+gleiche)\s+wie",
        ),
        law="Was besagt „{term}“?",
        definition="Was versteht man unter dem Begriff „{term}“?",
        differ="Worin unterscheiden sich „{a}“ und „{b}“?",
        explain="Erklären Sie mit eigenen Worten: {idea}",
    ),
}
# The English forms when the term's article is not known.
QUOTED_DEFINITION = "What is meant by “{term}”?"
QUOTED_TERM = "“{term}”"

DETERMINERS = frozenset(
    "this that these those its their our your his her my each every any some no another such "
    "one".split()
)


def forms_for(language: str | None) -> QuestionForms:
    return FORMS.get((language or "en").lower(), FORMS["en"])


def english_noun_phrase(term: str, text: str) -> str | None:
    """The term with the article the lecturer uses with it, or None when the lecture leaves it open."""
    indefinite: Counter[str] = Counter()
    definite = bare = plural = 0
    for match in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE):
        before = re.search(r"([^\W\d_]+)\s+$", text[max(match.start() - 30, 0) : match.start()])
        previous = before.group(1).casefold() if before else ""
        plural += bool(re.match(r",?\s+(?:are|were)\b", text[match.end() :], re.IGNORECASE))
        if previous in ("a", "an"):
            indefinite[previous] += 1
        elif previous == "the":
            definite += 1
        elif previous not in DETERMINERS:
            bare += 1
    if indefinite:
        return f"{indefinite.most_common(1)[0][0]} {term}"
    if plural or _looks_plural(term):
        return None
    # A noun the lecture also says in the plural is countable: "organelles" → "an organelle".
    if re.search(rf"(?<![\w-]){re.escape(term)}s(?![\w-])", text, re.IGNORECASE):
        return f"{indefinite_article(term)} {term}"
    if bare and not definite:
        return term
    if definite and not bare:
        return f"the {term}"
    return None


def indefinite_article(term: str) -> str:
    """ "an" before a vowel sound, by spelling: "an organelle", "a unit", "an hour"."""
    word = term.casefold()
    if word.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if word.startswith(("hour", "honest", "honour", "heir")):
        return "an"
    return "an" if word[:1] in "aeiou" else "a"


def _looks_plural(term: str) -> bool:
    """The head noun ends in a plural -s: the last word, or the one before "of"."""
    head = re.split(r"\s+of\s+", term, maxsplit=1)[0].split()[-1]
    return head.islower() and head.endswith("s") and not head.endswith(("ss", "us", "is"))


def review_questions(
    lecture: RankedLecture,
    glossary: Sequence[GlossaryEntry],
    key_ideas: Sequence[str],
    language: str | None,
) -> list[str]:
    """A question for each of the most central glossary terms (what its law states, or what it
    means) in the lecture's order, then a question for each contrast the lecturer drew between two
    of them; key ideas to explain when that makes fewer than three."""
    forms = forms_for(language)
    english = forms is FORMS["en"]
    text = " ".join(sentence.text for sentence in lecture.sentences)
    phrases: dict[str, str | None] = {}

    def phrase(term: str) -> str | None:
        if term not in phrases:
            phrases[term] = (
                english_noun_phrase(term, _without_longer(term, glossary, text))
                if english
                else term
            )
        return phrases[term]

    central = sorted(glossary, key=lambda e: lecture.term_score(e.term), reverse=True)
    asked = sorted(central[:MAX_TERM_QUESTIONS], key=lambda e: e.start)
    questions = []
    for entry in asked:
        if _states_a_law(entry, forms):
            term = phrase(entry.term) or QUOTED_TERM.format(term=entry.term)
            questions.append(forms.law.format(term=term))
        elif (term := phrase(entry.term)) is not None:
            questions.append(forms.definition.format(term=term))
        else:
            questions.append(QUOTED_DEFINITION.format(term=entry.term))
    for a, b in contrasted_pairs(lecture, glossary, forms)[:MAX_CONTRAST_QUESTIONS]:
        questions.append(
            forms.differ.format(
                a=phrase(a.term) or QUOTED_TERM.format(term=a.term),
                b=phrase(b.term) or QUOTED_TERM.format(term=b.term),
            )
        )
    if len(questions) < MIN_QUESTIONS:
        questions += [
            forms.explain.format(idea=idea.rstrip(".")) for idea in key_ideas[:MAX_EXPLAINED_IDEAS]
        ]
    return questions


def _without_longer(term: str, glossary: Sequence[GlossaryEntry], text: str) -> str:
    """The text without the longer glossary terms that contain `term`: "a heat engine" says
    nothing of the article "heat" takes."""
    for entry in glossary:
        longer = entry.term
        if longer.casefold() != term.casefold() and re.search(
            rf"(?<![\w-]){re.escape(term)}(?![\w-])", longer, re.IGNORECASE
        ):
            text = re.sub(rf"(?<![\w-]){re.escape(longer)}s?(?![\w-])", "…", text, flags=re.I)
    return text


def _states_a_law(entry: GlossaryEntry, forms: QuestionForms) -> bool:
    """The quote has the term before "states that" (or its like): the lecturer stated a law."""
    said = re.search(re.escape(entry.term), entry.quote, re.IGNORECASE)
    return bool(said and forms.states.search(entry.quote, said.end()))


def contrasted_pairs(
    lecture: RankedLecture, glossary: Sequence[GlossaryEntry], forms: QuestionForms
) -> list[tuple[GlossaryEntry, GlossaryEntry]]:
    """Pairs of glossary terms that one sentence names together with a contrast cue, in the
    lecture's order; each pair once."""
    mentioned_in = {entry.term: set(lecture.mentions(entry.term)) for entry in glossary}
    pairs: list[tuple[int, GlossaryEntry, GlossaryEntry]] = []
    for i, a in enumerate(glossary):
        for b in glossary[i + 1 :]:
            a_stems, b_stems = (
                set(lecture.content.stems(a.term)),
                set(lecture.content.stems(b.term)),
            )
            # "cell" is said wherever "cell membrane" is: no sentence sets one against the other.
            if a_stems <= b_stems or b_stems <= a_stems:
                continue
            together = sorted(mentioned_in[a.term] & mentioned_in[b.term])
            drawn = [p for p in together if forms.contrast.search(lecture.sentences[p].text)]
            if drawn:
                pairs.append((drawn[0], a, b))
    return [(a, b) for _, a, b in sorted(pairs, key=lambda pair: pair[0])]
