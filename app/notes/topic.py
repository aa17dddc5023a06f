"""The summary's topic line: what the lecture is about, never how it opens.

"Subject: term, term and term". The subject is, first found: the lecture's title when a person
gave it one (not a file name such as `lecture_03.mp3` or `Recording 2026-11-20`); the object of
the lecturer's own announcement in the first minutes ("Today we talk about computer networks" →
"Computer networks"); the lecture's most central term. The terms after it are the most central
glossary terms (its most central words too when it defines fewer than that, at half weight).
Greetings and the class's logistics are never read for it (app.notes.organisational).
"""

import re
from collections import Counter
from collections.abc import Sequence

from app.models import GlossaryEntry
from app.notes.centrality import RankedLecture
from app.notes.fillers import capitalise_first, strip_leading_filler
from app.notes.lemmas import as_noun
from app.notes.organisational import is_organisational
from app.notes.sentences import WORD, words

TOPIC_TERMS = 3
# A term the lecturer defines weighs this many times its centrality alone.
GLOSSARY_WEIGHT = 2.0
# The announcement of the subject is looked for in the lecture's first minutes.
ANNOUNCEMENT_WINDOW_S = 300.0
MAX_SUBJECT_WORDS = 8
# A word of the lecture's own stands for its topic only when it comes back in other sentences.
MIN_WORD_MENTIONS = 2

# A title a recorder or an upload gave, not a person: a file name, a date, a bare "Lecture 3".
GENERIC_TITLE = re.compile(
    r"^(?:(?:audio|recording|record|voice|memo|new|untitled|lecture|lesson|class|session|"
    r"vorlesung|aufnahme|sprachmemo|лекция|запись|занятие|урок|аудио|track|video|file)\b"
    r"[\W_]*)+[\W\d_]*$",
    re.IGNORECASE,
)
FILE_NAME = re.compile(r"\.[A-Za-z0-9]{2,4}$|_|^[\W\d_]*$")

# "Today we start our course on computer networks, and …" → "computer networks". Only forms whose
# object reads as a title in the case it is spoken in: English has no case; Russian and German keep
# the preposition that governs it ("Об основах клеточной биологии", "Über die Rekursion").
ANNOUNCEMENTS = {
    "en": re.compile(
        r"\b(?:today|in\s+this\s+(?:lecture|class|session)|this\s+(?:lecture|class))?,?\s*"
        r"we(?:'re|'ll|\s+are|\s+will)?(?:\s+going\s+to)?\s+"
        r"(?:start|begin|continue|talk|speak|look|discuss|cover|learn|study|focus|turn|move)\w*\s+"
        r"(?:(?:our|the|a|this)\s+)?(?:new\s+)?"
        r"(?:(?:course|unit|chapter|topic|module|series|part|section|introduction|lecture)s?\s+)?"
        r"(?:on|about|at|with|to|of|into)\s+(?P<object>.+)"
        r"|\b(?:today|in\s+this\s+(?:lecture|class|session))?,?\s*we(?:\s+will|'ll)?\s+"
        r"(?:start|begin|cover|introduce|discuss|study)\s+(?!(?:on|about|at|with|to|of|into|by|"
        r"today|now|again|here|this|that|it|our|the\s+(?:lecture|class|session))\b)"
        r"(?P<object4>[^\W\d_][\w'’\- ]+)"
        r"|\b(?:today'?s|our|the)\s+(?:main\s+)?topic(?:\s+(?:for|of)\s+today)?\s+is\s+(?P<object2>.+)"
        r"|\bthis\s+(?:lecture|class|session)\s+is\s+(?:all\s+)?about\s+(?P<object3>.+)",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"\b(?:сегодня|в\s+этой\s+лекции)\s+(?:мы\s+)?(?:поговорим|будем\s+говорить|говорим|"
        r"расскажу|поговорим\s+с\s+вами)\s+(?P<object>(?:о|об|обо|про)\s+.+)"
        r"|\bтема\s+(?:сегодняшней\s+|нашей\s+)?(?:лекции|занятия)\s*(?:[—–:-]|это)?\s*(?P<object2>.+)",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\bheute\s+(?:sprechen|reden)\s+wir\s+(?P<object>über\s+.+)"
        r"|\bthema\s+(?:der\s+heutigen\s+vorlesung|von\s+heute|heute)\s+ist\s+(?P<object2>.+)",
        re.IGNORECASE,
    ),
}
# Where the announced object ends: a clause break, or a conjunction that starts a new clause.
OBJECT_END = re.compile(
    r"\s*(?:[,;:.!?(—–]|\s-\s|\s(?:and\s+(?:I|we|then|you)|which|that|so|because|where|but|"
    r"и\s+(?:разбер|рассмотр|обсуд|узна|начн|познаком|посмотр|изуч|поговор)\w*|который|которая|которые|чтобы|но|"
    r"und\s+(?:wir|dann)|die\s+wir|das\s+wir|der\s+wir|weil|aber)\b)",
    re.IGNORECASE,
)
LEADING_DETERMINER = re.compile(r"^(?:the|a|an|our|some|these|this)\s+", re.IGNORECASE)
CONJUNCTION = {"en": "and", "ru": "и", "de": "und"}


def join_terms(terms: Sequence[str], language: str | None) -> str:
    """ "a, b and c" in the language."""
    if len(terms) <= 1:
        return "".join(terms)
    conjunction = CONJUNCTION.get((language or "en").lower(), ",")
    separator = ", " if conjunction == "," else f" {conjunction} "
    return f"{', '.join(terms[:-1])}{separator}{terms[-1]}"


def is_real_title(title: str) -> bool:
    title = title.strip()
    return bool(re.search(r"[^\W\d_]{3}", title)) and not (
        GENERIC_TITLE.match(title) or FILE_NAME.search(title)
    )


def announced_subject(lecture: RankedLecture, language: str | None) -> str | None:
    """The object of the lecturer's "Today we talk about X" in the first minutes, if said."""
    pattern = ANNOUNCEMENTS.get((language or "en").lower())
    if pattern is None or not lecture.sentences:
        return None
    opening = lecture.sentences[0].start
    for sentence in lecture.sentences:
        if sentence.start - opening > ANNOUNCEMENT_WINDOW_S:
            break
        match = pattern.search(sentence.text)
        if not match:
            continue
        spoken = next(group for group in match.groups() if group)
        subject = LEADING_DETERMINER.sub("", OBJECT_END.split(spoken, maxsplit=1)[0].strip())
        if 0 < len(words(subject)) <= MAX_SUBJECT_WORDS and lecture.content.stems(subject):
            return capitalise_first(subject)
    return None


def central_terms(
    lecture: RankedLecture, glossary: Sequence[GlossaryEntry], count: int
) -> list[str]:
    """The `count` most central terms: glossary terms as defined, other words as most often said.

    A term whose words another, more central one already has ("address" after "IP address") is
    left out.
    """
    candidates = {
        entry.term: GLOSSARY_WEIGHT * lecture.term_score(entry.term) for entry in glossary
    }
    if len(candidates) < count:
        # Too few defined terms: the most central words stand in, as the lecture spells them.
        for stem, spelled in _most_said_forms(lecture).items():
            said_in = lecture.postings.get(stem, [])
            # German capitalises its nouns: a word it writes in lower case is no term.
            noun = spelled[:1].isupper() or not lecture.content.nouns_capitalised
            named = as_noun(spelled, lecture.content.language) if noun else None
            if len(said_in) >= MIN_WORD_MENTIONS and named:
                candidates.setdefault(named, sum(lecture.scores[i] for i in said_in))
    chosen: list[str] = []
    covered: set[str] = set()
    for term, _ in sorted(candidates.items(), key=lambda item: item[1], reverse=True):
        stems = set(lecture.content.stems(term))
        if not stems or stems <= covered:
            continue
        chosen.append(term)
        covered |= stems
        if len(chosen) == count:
            break
    return chosen


def _most_said_forms(lecture: RankedLecture) -> dict[str, str]:
    """Each content stem's most frequent spelling in the lecture."""
    forms: dict[str, Counter[str]] = {}
    for sentence in lecture.sentences:
        for match in WORD.finditer(sentence.text):
            folded = match.group().casefold()
            if lecture.content.is_content(folded):
                spelled = lecture.content.spelling(match.group())
                forms.setdefault(lecture.content.stem(folded), Counter())[spelled] += 1
    return {stem: spelled.most_common(1)[0][0] for stem, spelled in forms.items()}


def topic_line(
    title: str,
    lecture: RankedLecture,
    glossary: Sequence[GlossaryEntry],
    language: str | None,
) -> str:
    subject = (
        title.strip() if is_real_title(title) else announced_subject(lecture, language)
    ) or None
    terms = central_terms(lecture, glossary, TOPIC_TERMS + 1)
    if subject:
        subject_stems = set(lecture.content.stems(subject))
        terms = [t for t in terms if not set(lecture.content.stems(t)) <= subject_stems]
    elif terms:
        subject, terms = capitalise_first(terms[0]), terms[1:]
    else:
        subject = _first_content_sentence(lecture, language) or title.strip()
    terms = terms[:TOPIC_TERMS]
    return f"{subject}: {join_terms(terms, language)}" if terms else subject


def _first_content_sentence(lecture: RankedLecture, language: str | None) -> str | None:
    for sentence in lecture.sentences:
        if not is_organisational(sentence.text, language):
            return capitalise_first(strip_leading_filler(sentence.text, language))
    return None
