"""Sentences of a transcript, each located in time and quotable verbatim.

The transcript's text is its segments joined by single spaces; every sentence is a substring of it,
so a quote taken from a sentence can always be found again in the transcript. A "sentence" too
long for the language model (Whisper's unpunctuated runs) is cut into pieces that keep both.
"""

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.models import Segment

# Scripts written without letter case: a sentence after a space cannot announce itself with a
# capital letter. Han, kana (full- and half-width) and Hangul.
CASELESS = (
    "\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
# Chinese and Japanese full stops, exclamation and question marks, full- and half-width forms.
CJK_TERMINATORS = "。！？｡．"
# Closing quotes and brackets that belong to the sentence they follow: 「……です。」
CLOSERS = "」』）〕】〉》”’\"')"

SENTENCE_END = re.compile(
    # Latin, Cyrillic, Korean: . ! ? or … followed by whitespace and an upper-case letter, a digit,
    # a quote or a letter of a caseless script.
    rf"[.!?…](?=\s+[\"'«„“(「『]?[A-ZА-ЯЁÄÖÜ0-9{CASELESS}])"
    # Chinese, Japanese: a terminator (or a half-width one straight after a caseless letter) with
    # its closing quotes ends the sentence wherever more text follows, space or none.
    rf"|(?:[{CJK_TERMINATORS}]|(?<=[{CASELESS}])[.!?])[{CJK_TERMINATORS}.!?…]*[{CLOSERS}]*"
    rf"(?=\s*[^\s{CLOSERS}{CJK_TERMINATORS}.!?…])"
)

# A sentence longer than this is cut into pieces (see `token_bound`): about 90 English words or
# 170 Han characters, past which a "sentence" is Whisper's missing punctuation rather than speech.
# Half the window of the default 2048-token context, so a piece always fits one with others.
MAX_SENTENCE_TOKENS = 512
# Where a too-long sentence is best cut, best first: after clause punctuation, then at a space;
# failing both it is cut hard, which text without spaces or commas can require.
CLAUSE_BREAK = re.compile(r"[,;:，、；：]")
WORD_BREAK = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: float
    end: float


def transcript_text(segments: Sequence[Segment]) -> str:
    return " ".join(segment.text for segment in segments)


def token_bound(text: str) -> int:
    """At least as many tokens as any byte-level tokenizer makes of `text`, without the model.

    Sentences are split before the language model is loaded (and when none is configured), so
    the cap cannot use its tokenizer. Byte-level BPE (SmolLM2, Llama 3, Qwen, GPT-2) starts
    from one token per UTF-8 byte and only merges, so the byte count bounds the tokens for every
    script alike (SentencePiece with byte fallback may add one for the space it prefixes). The
    bound is near the truth where a small English-trained vocabulary knows a script poorly
    (SmolLM2 spends two tokens on a Han character, nearly three on a Hangul syllable) and four
    to five times the truth for English, where it only makes the cap generous. A characters- or
    words-per-token ratio would be an estimate, and an estimate can be exceeded.
    """
    return len(text.encode("utf-8"))


def split_sentences(segments: Sequence[Segment]) -> list[Sentence]:
    text = transcript_text(segments)
    segment_starts: list[int] = []
    offset = 0
    for segment in segments:
        segment_starts.append(offset)
        offset += len(segment.text) + 1

    def segment_at(char: int) -> Segment:
        return segments[max(bisect.bisect_right(segment_starts, char) - 1, 0)]

    sentences: list[Sentence] = []
    position = 0
    for match in [*SENTENCE_END.finditer(text), None]:
        stop = match.end() if match else len(text)
        for first, last in piece_spans(text[position:stop], MAX_SENTENCE_TOKENS, token_bound):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=text[position + first : position + last],
                    start=segment_at(position + first).start,
                    end=segment_at(position + last - 1).end,
                )
            )
        position = stop
    return sentences


def piece_spans(
    text: str, max_tokens: int, count_tokens: Callable[[str], int]
) -> list[tuple[int, int]]:
    """`text` stripped and cut into pieces of at most `max_tokens`, as (start, end) offsets.

    Each piece is the longest prefix of what is left that fits, shortened to its last clause
    punctuation or else its last space when one lies in the prefix's second half (so a cut
    never leaves a sliver), and cut hard where neither does.
    """
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    while start < len(text):
        end = len(text.rstrip())
        if count_tokens(text[start:end]) > max_tokens:
            fits = _longest_fitting_end(text, start, end, max_tokens, count_tokens)
            end = _break_before(text, start, fits)
        spans.append((start, end))
        start = _skip_space(text, end)
    return spans


def _skip_space(text: str, position: int) -> int:
    return len(text) - len(text[position:].lstrip())


def _longest_fitting_end(
    text: str, start: int, end: int, max_tokens: int, count_tokens: Callable[[str], int]
) -> int:
    """The largest end whose prefix fits, by bisection; at least one character, to progress."""
    low, high = start + 1, end
    while low < high:
        middle = (low + high + 1) // 2
        if count_tokens(text[start:middle]) <= max_tokens:
            low = middle
        else:
            high = middle - 1
    return low


def _break_before(text: str, start: int, fits: int) -> int:
    halfway = start + (fits - start) // 2
    clauses = list(CLAUSE_BREAK.finditer(text, halfway, fits))
    if clauses:
        return clauses[-1].end()
    spaces = list(WORD_BREAK.finditer(text, halfway + 1, fits + 1))
    if spaces:
        return spaces[-1].start()
    return fits


def cap_sentence(
    sentence: Sentence, max_tokens: int, count_tokens: Callable[[str], int]
) -> list[Sentence]:
    """The sentence, or its pieces of at most `max_tokens` by the model's own count.

    Pieces keep the whole sentence's times: a sentence no longer knows its segments.
    """
    return [
        Sentence(sentence.index, sentence.text[first:last], sentence.start, sentence.end)
        for first, last in piece_spans(sentence.text, max_tokens, count_tokens)
    ]


WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]
