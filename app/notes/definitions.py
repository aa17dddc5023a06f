"""Definitional sentences, found by the way lecturers say them (app.notes.phrasings).

These rules are what makes the glossary work with a tiny model: they find a term and the words
that define it directly in the transcript, so every entry is grounded by construction. A match is
kept only when its term can be a term (not a pronoun, a phrase with an article inside, or the
lecture's own business such as "the topic") and its definition says something (a few words of
content, once filler is removed).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.notes.fillers import capitalise_first, is_only_filler, strip_leading_filler
from app.notes.phrasings import MAX_TERM_CHARS, LanguageRules, rules_for
from app.notes.sentences import Sentence, words

MAX_TERM_WORDS = 5
MIN_DEFINITION_WORDS = 3
MIN_DEFINITION_CONTENT_WORDS = 2
# Words Whisper's sentence breaks can leave before a definition: "Спрос. Спрос. Это …".
MAX_LOOKAHEAD_SENTENCES = 3

__all__ = [
    "Definition",
    "clean_definition",
    "clean_term",
    "find_definitions",
    "rules_for",
    "says_more_than_a_class",
]


@dataclass(frozen=True, slots=True)
class Definition:
    term: str  # as spoken: app.notes.glossary puts it in dictionary form
    definition: str
    quote: str  # one or more whole sentences, verbatim
    start: float
    end: float
    aliases: tuple[str, ...] = ()

    @classmethod
    def in_sentences(
        cls,
        sentences: Sequence[Sentence],
        term: str,
        definition: str,
        aliases: tuple[str, ...] = (),
    ) -> "Definition":
        """A definition quoting the consecutive sentences it was read from."""
        return cls(
            term,
            definition,
            " ".join(s.text for s in sentences),
            sentences[0].start,
            sentences[-1].end,
            aliases,
        )


def clean_term(raw: str, rules: LanguageRules) -> str | None:
    """The term as a glossary shows it, or None when the words cannot be a term."""
    tokens = raw.strip(" ,.;:!?\"'«»“”„").split()
    # "the term adiabatic process" names "adiabatic process".
    while tokens and (
        tokens[0].casefold() in rules.articles or tokens[0].casefold() in rules.term_labels
    ):
        tokens = tokens[1:]
    if not tokens or len(tokens) > MAX_TERM_WORDS:
        return None
    folded = [token.casefold() for token in tokens]
    if folded[0] in rules.non_terms or folded[0] in rules.stopwords:
        return None
    if any(token in rules.never_in_term for token in folded):
        return None
    if all(token in rules.stopwords for token in folded):
        return None
    # "the engine in a car": an article inside makes a phrase about something, not a term.
    if any(token in rules.articles for token in folded[1:]):
        return None
    if folded[-1] in rules.meta_nouns or folded[0] in rules.meta_nouns:
        return None
    term = " ".join(tokens)
    if len(term) < 2 or len(term) > MAX_TERM_CHARS:
        return None
    # Keep acronyms and proper names as spoken; lower-case an ordinary capitalised first word.
    ordinary_capital = tokens[0][0].isupper() and tokens[0][1:].islower()
    if ordinary_capital and not rules.nouns_capitalised:
        term = term[0].lower() + term[1:]
    return term


def clean_definition(raw: str, rules: LanguageRules) -> str | None:
    """The definition from its first word of content, or None when it says too little."""
    text = strip_leading_filler(raw.strip(" ,;:—–-"), rules.language).strip(" ,;:—–-")
    if text.endswith("?"):
        return None
    definition_words = words(text)
    content = [w for w in definition_words if w not in rules.stopwords and len(w) > 1]
    if len(definition_words) < MIN_DEFINITION_WORDS or len(content) < MIN_DEFINITION_CONTENT_WORDS:
        return None
    text = capitalise_first(text)
    return text if text.endswith((".", "!", "…")) else text.rstrip(".") + "."


def says_more_than_a_class(definition: str, rules: LanguageRules) -> bool:
    """ "A device that forwards packets", "a measure of heat", "ein Programm, das …" define;
    "a good conductor", "the classic example" only classify. A definition says more when its
    first clause is long, has a complement, or the next clause is a relative one."""
    first, _, rest = definition.partition(",")
    first_words = [w for w in words(first) if w not in rules.articles]
    if _names_the_lectures_business(first_words, rules):
        return False
    if len(first_words) >= 5 or any(w in rules.complements for w in first_words):
        return True
    return bool(rules.relatives.match(rest.strip()))


def _names_the_lectures_business(definition_words: list[str], rules: LanguageRules) -> bool:
    """ "The first example …", "one of the things you will draw": about the course, not the term."""
    content = [w for w in definition_words if w not in rules.stopwords and w not in rules.articles]
    return any(w in rules.meta_nouns or w.rstrip("s") in rules.meta_nouns for w in content[:2])


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """The sentence, then what follows each comma, colon or semicolon ("…, latency is …"), each
    with the offset it starts at."""
    parts = [(0, sentence)]
    for match in re.finditer(r"[,;:]\s+", sentence):
        parts.append((match.end(), sentence[match.end() :]))
    return parts


def _group(match: re.Match[str], name: str) -> str | None:
    """A group that a pattern may spell `name` or `name2` (alternatives cannot share a name)."""
    groups = match.groupdict()
    return groups.get(name) or groups.get(f"{name}2")


def _head_word(term: str) -> str:
    term_words = words(term)
    return term_words[-1] if term_words else ""


def _genus_repeats_head(match: re.Match[str], term: str) -> bool:
    """For the misheard-copula phrasing: "an isothermal process in a process in which …" is a
    definition because its genus repeats the term's head noun; "a router in a box" is not."""
    genus = (_group(match, "genus") or "").casefold()
    head = _head_word(term)
    return bool(genus) and (genus.rstrip("s") == head.rstrip("s") or bool(match["relative"]))


def _match_sentence(
    sentence: Sentence, before: Sentence | None, rules: LanguageRules
) -> Definition | None:
    return _match_spoken([sentence], sentence.text, before, rules)


def _match_spoken(
    quoted: list[Sentence], text: str, before: Sentence | None, rules: LanguageRules
) -> Definition | None:
    """A definition in `text`, the words of the `quoted` sentences as one sentence."""
    for offset, clause in _clauses(text):
        clause = strip_leading_filler(clause, rules.language)
        for phrasing in rules.phrasings:
            match = phrasing.pattern.match(clause)
            if not match:
                continue
            term = clean_term(_group(match, "term") or "", rules)
            if not term:
                continue
            if "genus" in match.groupdict() and not _genus_repeats_head(match, term):
                continue
            said = (_group(match, "definition") or "").strip(" ,")
            sources = quoted
            if rules.refers_back.match(said):
                # "…, and we call this share X" refers to the clauses before it; "We call these X."
                # to the sentence before.
                if offset:
                    said = re.sub(r"[,;:]?\s*(?:and|but|so)?\s*$", "", text[:offset].rstrip())
                elif before is not None:
                    said, sources = before.text, [before, *quoted]
                else:
                    continue
            definition = clean_definition(said, rules)
            if not definition:
                continue
            if phrasing.classifies and not says_more_than_a_class(definition, rules):
                continue
            alias_text = _group(match, "alias")
            alias = clean_term(alias_text, rules) if alias_text else None
            return Definition.in_sentences(sources, term, definition, (alias,) if alias else ())
    return None


def _verb_continued(
    sentences: Sequence[Sentence], position: int, rules: LanguageRules
) -> Definition | None:
    """A sentence that starts with its verb, read with the sentence Whisper cut it from (filler-only
    sentences between them, "Okay. Okay.", are skipped but quoted)."""
    sentence = sentences[position]
    if not rules.verb_first.match(strip_leading_filler(sentence.text, rules.language)):
        return None
    first = position - 1
    while first >= 0 and position - first <= MAX_LOOKAHEAD_SENTENCES:
        if not is_only_filler(sentences[first].text, rules.language):
            break
        first -= 1
    if first < 0 or is_only_filler(sentences[first].text, rules.language):
        return None
    subject = sentences[first].text.rstrip(".!…")
    predicate = strip_leading_filler(sentence.text, rules.language)
    text = f"{subject} {predicate[:1].lower()}{predicate[1:]}"
    before = sentences[first - 1] if first > 0 else None
    return _match_spoken(list(sentences[first : position + 1]), text, before, rules)


def _announced_definition(
    sentence: Sentence, after: Sequence[Sentence], rules: LanguageRules
) -> Definition | None:
    """A term named first and defined by the sentence after it: "What is a router? It is …",
    "Клетка. Это …", "The next term is bandwidth. It tells …". A sentence that only repeats the
    term (Whisper hears a repetition as a sentence of its own) is skipped."""
    for announcement in rules.announcements:
        match = announcement.pattern.match(strip_leading_filler(sentence.text, rules.language))
        if match:
            break
    else:
        return None
    term = clean_term(match["term"], rules)
    if not term:
        return None
    quoted = [sentence]
    following = list(after)
    while following and words(following[0].text) == words(term):
        quoted.append(following.pop(0))
    if not following:
        return None
    definer = following[0]
    text = strip_leading_filler(definer.text, rules.language)
    if _match_sentence(definer, sentence, rules):
        return None  # the next sentence defines a term of its own; it is found there
    if continuation := rules.continuation.match(text):
        said = _group(continuation, "definition") or ""
    elif announcement.next_sentence_defines or text.casefold().startswith(term.casefold()):
        said = text
    else:
        return None
    quoted.append(definer)
    if (
        len(following) > 1
        and rules.language == "ru"
        and RELATIVE_CONTINUATION.match(following[1].text)
    ):
        clause = following[1].text
        said = f"{said.rstrip('.')}, {clause[0].lower()}{clause[1:]}"
        quoted.append(following[1])
    definition = clean_definition(said, rules)
    if not definition:
        return None
    return Definition.in_sentences(quoted, term, definition)


# Russian relative clauses that carry a definition on past a sentence break: "Это процесс. При котором …"
RELATIVE_CONTINUATION = re.compile(r"^(?:в|при|с|на|из|для)?\s*котор\w+\b", re.IGNORECASE)


def find_definitions(sentences: Sequence[Sentence], language: str | None) -> list[Definition]:
    """Every definition the rules find, in the order the lecture says them."""
    rules = rules_for(language)
    found: list[Definition] = []
    for position, sentence in enumerate(sentences):
        before = sentences[position - 1] if position > 0 else None
        after = sentences[position + 1 : position + 1 + MAX_LOOKAHEAD_SENTENCES]
        definition = (
            _match_sentence(sentence, before, rules)
            or _verb_continued(sentences, position, rules)
            or _announced_definition(sentence, after, rules)
        )
        # "Митоз. Это способ …" is read from the term's sentence and again from "Это …".
        if definition and not any(
            earlier.term == definition.term and earlier.end >= definition.start
            for earlier in found[-1:]
        ):
            found.append(definition)
    return found
