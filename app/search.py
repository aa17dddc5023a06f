"""Search across lectures: the words a document is indexed by, the query made of a person's words, and
the snippet that shows why a passage matched.

Neither SQLite's FTS5 (English `porter` only) nor a per-language index covers every language a
lecture may be in, so both backends index a shadow text of Snowball stems made here, in the
lecture's language, and match it with a query stemmed the same way. A query does not know the
language of the lectures it will meet, so each of its words is looked for in every stemmed form
(all Snowball languages, and the word as written): "инфляция" becomes "инфляц", which is what
"инфляцией" was indexed as. Words are plain words: FTS operators, quotes and wildcards in the
input are never passed through, so nothing a person types is query syntax.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import snowballstemmer

from app.languages import AUTO
from app.notes.centrality import SNOWBALL_LANGUAGES

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
# Enough words around a match to read it in a result list.
SNIPPET_WORDS = 30
WORD = re.compile(r"\w+")
# Latin and Greek loan words keep their ending in the singular and drop it in the plural
# (Algorithmus/Algorithmen, Organismus/Organismen, Museum/Museen), which Snowball's German stemmer
# leaves apart; short words (Haus, Bus) are German and keep theirs.
GERMAN_LOAN_ENDING = re.compile(r"(?<=\w{5})(us|um)$")
MARKDOWN_MARKS = re.compile(r"[#*_`>|]+")


class SearchKind(StrEnum):
    SEGMENT = "segment"
    GLOSSARY = "glossary"
    SUMMARY = "summary"


@dataclass(slots=True, frozen=True)
class SearchHit:
    """One matching passage as the repository found it, best first: the whole text it matched in
    (a segment's text, a glossary entry's term and definition, a summary's markdown)."""

    lecture_id: str
    lecture_title: str
    kind: SearchKind
    start: float | None  # where to seek: a segment's or glossary entry's start; None for a summary
    text: str
    language: str | None  # the language the passage was indexed in
    score: float  # higher is better


@dataclass(slots=True, frozen=True)
class SearchQuery:
    """A person's words, each with every stemmed form it may have been indexed under."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "SearchQuery":
        """Raises ValueError, with a message for the person, for a query that has no words or too
        many characters."""
        if len(text) > MAX_QUERY_CHARS:
            raise ValueError(f"The query is too long: at most {MAX_QUERY_CHARS} characters.")
        found = list(dict.fromkeys(word.lower() for word in WORD.findall(text)))
        if not found:
            raise ValueError("The query has no words to search for.")
        return cls(tuple(found[:MAX_QUERY_WORDS]))

    def forms(self, word: str) -> list[str]:
        return sorted({word, *(stem(word, language) for language in SNOWBALL_LANGUAGES)})

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every word must occur, in any of its forms. Each form is a
        quoted string, so no input can be read as an operator."""
        return " AND ".join(
            "(" + " OR ".join(_quoted(form) for form in self.forms(word)) + ")"
            for word in self.words
        )

    def all_forms(self) -> list[str]:
        return sorted({form for word in self.words for form in self.forms(word)})

    def stems_in(self, language: str | None) -> frozenset[str]:
        """What the words look like in a text indexed in `language`."""
        return frozenset(stem(word, language) for word in self.words)


def _quoted(form: str) -> str:
    return '"' + form.replace('"', '""') + '"'


def search_language(language: str | None, requested_language: str | None = None) -> str | None:
    """The language a lecture's text is indexed in: the detected one, else the one asked for."""
    chosen = language or requested_language
    return None if chosen in (None, AUTO) else chosen


@cache
def _stemmer(language: str):
    name = SNOWBALL_LANGUAGES.get(language)
    return snowballstemmer.stemmer(name) if name else None


@cache
def stem(word: str, language: str | None) -> str:
    """The word, in lower case, reduced to its Snowball stem in `language` when there is one."""
    word = word.lower()
    stemmer = _stemmer(language) if language else None
    if stemmer is None:
        return word
    stemmed = stemmer.stemWord(word)
    if language == "de":
        stemmed = GERMAN_LOAN_ENDING.sub("", stemmed)
    return stemmed


def index_text(text: str | None, language: str | None) -> str:
    """The shadow text a document is indexed by: its words as stems, in order."""
    return " ".join(stem(word, language) for word in WORD.findall(text or ""))


@dataclass(slots=True, frozen=True)
class SnippetPart:
    text: str
    match: bool


def snippet(
    text: str, kind: SearchKind, language: str | None, query: SearchQuery
) -> list[SnippetPart]:
    """The stretch of `text` with the most matching words, cut to SNIPPET_WORDS words, as parts
    marked matching or not: the dashboard marks them up itself, so the text is never HTML."""
    if kind is SearchKind.SUMMARY:
        text = " ".join(MARKDOWN_MARKS.sub(" ", text).split())
    words = list(WORD.finditer(text))
    if not words:
        return [SnippetPart(text, False)]
    wanted = query.stems_in(language)
    matching = [stem(word.group(), language) in wanted for word in words]
    first = _densest_window(matching, SNIPPET_WORDS)
    last = min(first + SNIPPET_WORDS, len(words))
    begin = 0 if first == 0 else words[first].start()
    end = len(text) if last == len(words) else words[last - 1].end()
    parts: list[SnippetPart] = []
    if begin > 0:
        parts.append(SnippetPart("… ", False))
    cursor = begin
    for word, match in zip(words[first:last], matching[first:last], strict=True):
        if match:
            _append(parts, text[cursor : word.start()], False)
            _append(parts, word.group(), True)
            cursor = word.end()
    _append(parts, text[cursor:end], False)
    if end < len(text):
        _append(parts, " …", False)
    return parts


def _densest_window(matching: list[bool], size: int) -> int:
    """Where a window of `size` words holding the most matches starts, a few words before the
    first of them so that it reads as a sentence."""
    if len(matching) <= size:
        return 0
    counts = [sum(matching[i : i + size]) for i in range(len(matching) - size + 1)]
    best = counts.index(max(counts))
    first_match = next((i for i in range(best, best + size) if matching[i]), best)
    return max(0, min(first_match - 3, len(matching) - size))


def _append(parts: list[SnippetPart], text: str, match: bool) -> None:
    if not text:
        return
    if parts and parts[-1].match == match:
        parts[-1] = SnippetPart(parts[-1].text + text, match)
    else:
        parts.append(SnippetPart(text, match))
