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
)
from app.notes.llm import LanguageModel
from app.notes.sentences import WORD, Sentence, words
from app.notes.windows import sentence_windows

MAX_TERMS_PER_WINDOW = 8
# A model-named term must stand this close to the start of the sentence that introduces it.
MAX_SUBJECT_OFFSET_WORDS = 3
MIN_INTRODUCING_SENTENCE_WORDS = 8

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
    definitions = find_definitions(list(sentences), language)
    if llm is not None:
        definitions += _model_named_definitions(sentences, language, llm, definitions, on_progress)
    full_text = " ".join(sentence.text for sentence in sentences)
    return _merge(definitions, full_text)


def _merge(definitions: list[Definition], full_text: str) -> list[GlossaryEntry]:
    """First definition of each term wins; aliases fold into the entry they name."""
    entries: dict[str, GlossaryEntry] = {}
    alias_of: dict[str, str] = {}
    for definition in sorted(definitions, key=lambda d: d.start):
        key = term_key(definition.term)
        key = alias_of.get(key, key)
        if key in entries or not occurs_in(definition.term, full_text):
            continue
        entries[key] = GlossaryEntry(
            term=definition.term,
            definition=definition.definition,
            quote=definition.quote,
            start=definition.start,
            end=definition.end,
        )
        for alias in definition.aliases:
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
            definition = _introducing_sentence(term, window)
            if definition:
                found.append(definition)
                known_keys.add(term_key(term))
        on_progress(done / len(windows))
    return found


def _introducing_sentence(term: str, window: Sequence[Sentence]) -> Definition | None:
    """The sentence that opens with the term and goes on to say something about it."""
    term_words = words(term)
    for sentence in window:
        sentence_words = words(sentence.text)
        if len(sentence_words) < MIN_INTRODUCING_SENTENCE_WORDS:
            continue
        for offset in range(min(MAX_SUBJECT_OFFSET_WORDS, len(sentence_words)) + 1):
            if sentence_words[offset : offset + len(term_words)] == term_words:
                rest = _text_after_words(sentence.text, offset + len(term_words))
                definition = clean_definition(rest)
                if definition:
                    return Definition.in_sentence(sentence, term, definition)
    return None


def _text_after_words(text: str, count: int) -> str:
    matches = list(WORD.finditer(text))
    return text[matches[count - 1].end() :] if 0 < count <= len(matches) else text
