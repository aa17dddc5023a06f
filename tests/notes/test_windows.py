from app.notes.sentences import Sentence
from app.notes.windows import sentence_windows


def count_characters(text: str) -> int:
    return len(text)


def test_windows_hold_whole_sentences_while_they_fit():
    sentences = [Sentence(i, text, float(i), i + 1.0) for i, text in enumerate(["ab", "cde", "f"])]
    windows = sentence_windows(sentences, 6, count_characters)
    assert [[s.text for s in window] for window in windows] == [["ab"], ["cde", "f"]]


def test_a_sentence_longer_than_a_window_is_cut_to_fit():
    long = Sentence(
        1, "协议是一组规则，它规定了设备之间如何交换数据，以及出错时怎样处理。", 3.0, 9.5
    )
    sentences = [Sentence(0, "今天讲网络。", 0.0, 3.0), long, Sentence(2, "下课。", 9.5, 10.0)]
    windows = sentence_windows(sentences, 12, count_characters)
    assert all(sum(len(s.text) + 1 for s in window) <= 12 for window in windows)
    pieces = [s for window in windows for s in window if s.index == 1]
    assert len(pieces) > 1
    assert "".join(piece.text for piece in pieces) == long.text
    assert {(piece.start, piece.end) for piece in pieces} == {(3.0, 9.5)}
