"""Split a transcript into windows of whole sentences that fit the language model's context."""

from collections.abc import Callable, Sequence

from app.notes.sentences import Sentence


def sentence_windows(
    sentences: Sequence[Sentence], max_tokens: int, count_tokens: Callable[[str], int]
) -> list[list[Sentence]]:
    windows: list[list[Sentence]] = []
    current: list[Sentence] = []
    used = 0
    for sentence in sentences:
        cost = count_tokens(sentence.text) + 1
        if current and used + cost > max_tokens:
            windows.append(current)
            current, used = [], 0
        current.append(sentence)
        used += cost
    if current:
        windows.append(current)
    return windows
