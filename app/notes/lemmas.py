"""Terms in dictionary form: "инфляцией" is entered as "инфляция", "Algorithmen" as "Algorithmus".

Russian goes through pymorphy3, which inflects as well as it analyses: a term's leading adjectives
are put in the case, number and gender of its head noun ("клеточной мембраны" → "клеточная
мембрана"), and the words after the head (a genitive complement: "закон сохранения энергии") are
left as spoken. Other languages go through simplemma's dictionaries; there only the head noun (the
last word) is lemmatised, since English and German terms inflect at their end, and a word the
dictionary does not know is kept as spoken.

English inflects a noun only for number, and its plural-only nouns ("surroundings", "statistics")
look like plurals to a lemmatiser: an English plural is entered in the singular only when the
lecture says the singular too.
"""

from collections.abc import Set
from functools import cache

import simplemma

from app.notes.sentences import words

# Languages whose lemmatiser simplemma ships: anything else is left as spoken.
SIMPLEMMA_LANGUAGES = frozenset(
    simplemma.strategies.dictionaries.dictionary_factory.SUPPORTED_LANGUAGES
)


@cache
def _russian_analyzer():  # noqa: ANN202 - pymorphy3 is imported only where Russian is needed
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def dictionary_form(term: str, language: str | None, spoken: Set[str] = frozenset()) -> str:
    """The term as a dictionary lists it; acronyms ("ДНК", "TCP") and unknown words as spoken.

    `spoken` is the lecture's words, case-folded: it decides whether an English plural has a
    singular in this lecture.
    """
    language = (language or "en").lower()
    tokens = term.split()
    if not tokens:
        return term
    if language == "ru":
        return " ".join(_russian_dictionary_form(tokens))
    head = tokens[-1]
    if language in SIMPLEMMA_LANGUAGES and not _is_acronym(head):
        lemma = _simplemma_noun(head, language)
        if language != "en" or lemma.casefold() in spoken:
            tokens[-1] = lemma
    return " ".join(tokens)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _simplemma_noun(word: str, language: str) -> str:
    lemma = simplemma.lemmatize(word, lang=language)
    # simplemma folds case for some words; a German noun keeps its capital, an English word the
    # case it was spoken in.
    if word[:1].isupper() and lemma[:1].islower():
        lemma = lemma[:1].upper() + lemma[1:]
    return lemma


def _russian_dictionary_form(tokens: list[str]) -> list[str]:
    """Leading adjectives and the head noun in the nominative; a word already in the nominative is
    kept as spoken ("валовой", not the dictionary's "валовый"), and so is a plural-only noun."""
    morph = _russian_analyzer()
    analyses = [[] if _is_acronym(token) else morph.parse(token) for token in tokens]
    head = next(
        (i for i, parses in enumerate(analyses) if parses and parses[0].tag.POS == "NOUN"), None
    )
    if head is None:
        return tokens
    nouns = [p for p in analyses[head] if p.tag.POS == "NOUN"]
    singular = nouns[0].inflect({"nomn", "sing"})
    # A noun whose singular is missing or only colloquial or archaic ("деньга") is entered in the
    # plural, as dictionaries enter plural-only nouns ("деньги", "ножницы").
    plural_only = any("Pltm" in p.tag for p in nouns) or (
        singular is None or bool({"Infr", "Arch", "Slng"} & set(singular.tag.grammemes))
    )
    number = "plur" if plural_only else "sing"
    result = list(tokens)
    already = [p for p in nouns if {"nomn", number} <= set(p.tag.grammemes)]
    nominative = already[0] if already else nouns[0].inflect({"nomn", number})
    if nominative is None:
        return tokens
    if not already:
        result[head] = _same_case(tokens[head], nominative.word)
    gender = nominative.tag.gender if number == "sing" else None
    wanted = {"nomn", number} | ({gender} if gender else set())
    for i in range(head):
        adjectives = [p for p in analyses[i] if p.tag.POS in {"ADJF", "PRTF"}]
        if not adjectives or any(wanted <= set(p.tag.grammemes) for p in adjectives):
            continue
        agreed = adjectives[0].inflect(wanted)
        if agreed is not None:
            result[i] = _same_case(tokens[i], agreed.word)
    return result


def _same_case(spoken: str, lemma: str) -> str:
    """pymorphy3 answers in lower case: keep a capital the speaker's transcript had."""
    return lemma[:1].upper() + lemma[1:] if spoken[:1].isupper() else lemma


def is_known_word(word: str, language: str | None) -> bool:
    """Whether the language's dictionary knows the word; always true where konspekt has no such
    dictionary (pymorphy3 is the only one here with a vocabulary large enough to judge by)."""
    if (language or "en").lower() != "ru" or _is_acronym(word) or not word[:1].isalpha():
        return True
    return _russian_analyzer().word_is_known(word.casefold())


def known_share(text: str, language: str | None) -> float:
    """The share of the text's words the language's dictionary knows (1.0 where none judges)."""
    text_words = words(text)
    return sum(is_known_word(w, language) for w in text_words) / max(len(text_words), 1)


def as_noun(word: str, language: str | None) -> str | None:
    """The word in dictionary form if it can name a topic: for Russian, a noun the dictionary
    knows ("цене" → "цена"; a verb or a misheard non-word gives None); elsewhere, as spoken."""
    if (language or "en").lower() != "ru" or _is_acronym(word):
        return word
    if not is_known_word(word, language):
        return None
    parse = _russian_analyzer().parse(word)[0]
    if parse.tag.POS != "NOUN":
        return None
    return dictionary_form(word, language)
