"""A decoder's segment cut into sentence-sized pieces by its word times."""

from app.asr.subtitles import MAX_SEGMENT_SECONDS, TimedWord, split_at_sentences


def timed(text: str, seconds_per_word: float = 0.5) -> list[TimedWord]:
    return [
        TimedWord(i * seconds_per_word, (i + 1) * seconds_per_word, f" {word}")
        for i, word in enumerate(text.split())
    ]


def test_a_segment_is_cut_after_each_sentence_with_its_words_times():
    words = timed("A router forwards packets. A switch connects hosts! Why does it matter?")

    pieces = split_at_sentences(words)

    assert [text for _, _, text in pieces] == [
        "A router forwards packets.",
        "A switch connects hosts!",
        "Why does it matter?",
    ]
    assert [(start, end) for start, end, _ in pieces] == [(0.0, 2.0), (2.0, 4.0), (4.0, 6.0)]


def test_a_long_sentence_is_cut_after_a_clause_within_the_limit_and_loses_no_word():
    text = "so the idea here, which we will come back to later, is that every host " * 3
    words = timed(text.strip(), seconds_per_word=0.6)

    pieces = split_at_sentences(words)

    assert " ".join(piece for _, _, piece in pieces) == " ".join(text.split())
    assert all(end - start <= MAX_SEGMENT_SECONDS for start, end, _ in pieces)
    assert pieces[0][2].endswith(",")


def test_cjk_sentences_end_at_full_width_stops():
    words = [TimedWord(0, 1, "路由器转发数据包。"), TimedWord(1, 2, "交换机连接主机。")]

    assert [text for _, _, text in split_at_sentences(words)] == [
        "路由器转发数据包。",
        "交换机连接主机。",
    ]


def test_no_words_no_segments():
    assert split_at_sentences([]) == []
