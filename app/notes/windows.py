"""Split a transcript into windows of whole sentences that fit the language model's context
(cutting only a sentence too long for any window)."""

from collections.abc import Callable, Sequence

from app.notes.sentences import Sentence, cap_sentence

# Each sentence costs one token more than its text: the space that joins it to the next.
SEPARATOR_TOKENS = 1


def sentence_windows(
    sentences: Sequence[Sentence], max_tokens: int, count_tokens: Callable[[str], int]
) -> list[list[Sentence]]:
    """Consecutive sentences, at most `max_tokens` per window by the model's own count.

    `split_sentences` already caps a sentence below any window the default context gives; a
    sentence that still does not fit (a smaller context, or a tokenizer it cannot bound) is cut
    here, so that no single sentence can push a prompt past the context.
    """
    windows: list[list[Sentence]] = []
    current: list[Sentence] = []
    used = 0
    for sentence in sentences:
        for piece in cap_sentence(sentence, max_tokens - SEPARATOR_TOKENS, count_tokens):
            cost = count_tokens(piece.text) + SEPARATOR_TOKENS
            if current and used + cost > max_tokens:
                windows.append(current)
                current, used = [], 0
            current.append(piece)
            used += cost
    if current:
        windows.append(current)
    return windows
