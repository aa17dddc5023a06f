"""The glossary: terms the lecturer defines, each grounded in a verbatim quote with its timestamp.

Two sources are merged. Rules (app.notes.definitions) read definitional sentences directly; the
language model, window by window and with JSON-schema-constrained output, names further terms.
A model-named term is kept only when the transcript itself has a sentence that introduces it, so
a small model's mistakes cannot add terms the lecture never defines.
"""

import re
from collections.abc import Callable, Sequence

from app.models import GlossaryEntry
from app.notes.definitions import (
    Definition,
    clean_definition,
    clean_term,
    find_definitions,
    rules_for,
    says_more_than_a_class,
)
from app.notes.lemmas import dictionary_form, is_known_word, known_share
from app.notes.llm import LanguageModel
from app.notes.phrasings import LanguageRules
from app.notes.sentences import WORD, Sentence, words
from app.notes.windows import sentence_windows

MAX_TERMS_PER_WINDOW = 8
# A model-named term must stand this close to the start of the sentence that introduces it.
MAX_SUBJECT_OFFSET_WORDS = 3
MIN_INTRODUCING_SENTENCE_WORDS = 8
# Share of a definition's words the language's dictionary must know (app.notes.lemmas).
MIN_KNOWN_DEFINITION_SHARE = 0.5

TERMS_SCHEMA = {
    "type": "object",
    "properties": {
        "terms": {
            "type": "array",
            "items": {"type": "string", "minLength": 2, "maxLength": 48},
            "minItems": 1,
            "maxItems": MAX_TERMS_PER_WINDOW,
        }
    },
    "required": ["terms"],
}

SYSTEM_PROMPT = "You extract glossary terms from lecture transcripts. Answer with JSON."
EXAMPLE = (
    "Transcript:\nToday we talk about cooking. An oven is a box that heats food. Boiling means "
    "cooking food in hot water. Please read chapter one.",
    '{"terms": ["oven", "boiling"]}',
)


def term_key(term: str) -> str:
    """Terms that differ only in case, articles or a plural -s are the same entry."""
    key = " ".join(words(term))
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def occurs_in(term: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def extract_glossary(
    sentences: Sequence[Sentence],
    language: str | None,
    llm: LanguageModel | None,
    on_progress: Callable[[float], None] = lambda fraction: None,
) -> list[GlossaryEntry]:
    """`on_progress` hears the fraction done after each window the language model reads."""
    definitions = find_definitions(sentences, language)
    if llm is not None:
        definitions += _model_named_definitions(sentences, language, llm, definitions, on_progress)
    full_text = " ".join(sentence.text for sentence in sentences)
    return _merge(_credible(definitions, full_text, language), full_text, language)


def _credible(
    definitions: list[Definition], full_text: str, language: str | None
) -> list[Definition]:
    """Definitions whose term the transcript says, that no other term contains wherever it is said
    ("engine" only ever spoken as part of "heat engine"), and not made of words no dictionary of the
    language knows: neither a term with a word it does not know, nor a definition mostly of such
    words (judged for Russian, where Whisper's mishearings are mostly non-words)."""
    spoken = [d for d in definitions if occurs_in(d.term, full_text)]
    longer_terms = {d.term for d in spoken}
    credible = []
    for definition in spoken:
        if any(
            other != definition.term and _only_inside(definition.term, other, full_text)
            for other in longer_terms
        ):
            continue
        if not all(is_known_word(w, language) for w in words(definition.term)):
            continue
        if known_share(definition.definition, language) < MIN_KNOWN_DEFINITION_SHARE:
            continue
        credible.append(definition)
    return credible


def _only_inside(term: str, longer: str, text: str) -> bool:
    """Whether every time the lecture says `term` it is saying `longer`, which contains it."""
    if not occurs_in(term, longer):
        return False
    pattern = rf"(?<!\w){re.escape(term)}(?!\w)"
    alone = re.sub(rf"(?<!\w){re.escape(longer)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return re.search(pattern, alone, re.IGNORECASE) is None


def _merge(
    definitions: list[Definition], full_text: str, language: str | None
) -> list[GlossaryEntry]:
    """First definition of each term wins, entered in dictionary form; aliases fold into the entry
    they name."""
    spoken_words = frozenset(words(full_text))
    entries: dict[str, GlossaryEntry] = {}
    alias_of: dict[str, str] = {}
    for definition in sorted(definitions, key=lambda d: d.start):
        term = dictionary_form(definition.term, language, spoken_words)
        key = alias_of.get(term_key(term), term_key(term))
        if key in entries:
            continue
        entries[key] = GlossaryEntry(
            term=term,
            definition=definition.definition,
            quote=definition.quote,
            start=definition.start,
            end=definition.end,
        )
        alias_of.setdefault(term_key(definition.term), key)
        for alias in definition.aliases:
            alias_of.setdefault(term_key(dictionary_form(alias, language, spoken_words)), key)
            alias_of.setdefault(term_key(alias), key)
    return list(entries.values())


def _model_named_definitions(
    sentences: Sequence[Sentence],
    language: str | None,
    llm: LanguageModel,
    known: list[Definition],
    on_progress: Callable[[float], None],
) -> list[Definition]:
    rules = rules_for(language)
    known_keys = {term_key(d.term) for d in known} | {term_key(a) for d in known for a in d.aliases}
    # Leave room for the instructions and the answer.
    budget = max(llm.context_tokens // 2, 256)
    found: list[Definition] = []
    windows = sentence_windows(sentences, budget, llm.count_tokens)
    for done, window in enumerate(windows, start=1):
        text = " ".join(sentence.text for sentence in window)
        answer = llm.complete_json(
            SYSTEM_PROMPT,
            f"Transcript:\n{text}",
            TERMS_SCHEMA,
            examples=[EXAMPLE],
            max_tokens=200,
        )
        for raw_term in (answer or {}).get("terms", []):
            term = clean_term(raw_term, rules)
            if not term or term_key(term) in known_keys:
                continue
            definition = _introducing_sentence(term, window, rules)
            if definition:
                found.append(definition)
                known_keys.add(term_key(term))
        on_progress(done / len(windows))
    return found


def _introducing_sentence(
    term: str, window: Sequence[Sentence], rules: LanguageRules
) -> Definition | None:
    """The sentence that opens with the term and goes on with a defining verb ("is", "means",
    "это", "ist"); the definition starts after that verb ("A device that …")."""
    term_words = words(term)
    for sentence in window:
        sentence_words = words(sentence.text)
        if len(sentence_words) < MIN_INTRODUCING_SENTENCE_WORDS:
            continue
        for offset in range(min(MAX_SUBJECT_OFFSET_WORDS, len(sentence_words)) + 1):
            if sentence_words[offset : offset + len(term_words)] == term_words:
                rest = _text_after_words(sentence.text, offset + len(term_words)).strip(" ,")
                if not rules.verb_first.match(rest):
                    continue
                definition = clean_definition(rules.verb_first.sub("", rest, count=1), rules)
                if definition and says_more_than_a_class(definition, rules):
                    return Definition.in_sentences([sentence], term, definition)
    return None


def _text_after_words(text: str, count: int) -> str:
    matches = list(WORD.finditer(text))
    return text[matches[count - 1].end() :] if 0 < count <= len(matches) else text
