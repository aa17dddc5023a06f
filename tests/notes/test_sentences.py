from itertools import accumulate

from app.models import Segment
from app.notes.sentences import (
    MAX_SENTENCE_TOKENS,
    split_sentences,
    token_bound,
    transcript_text,
)


def timed(*texts: str, seconds: float = 3.0) -> list[Segment]:
    return [Segment(i, i * seconds, (i + 1) * seconds, t) for i, t in enumerate(texts)]


def test_sentences_span_segments_and_stay_verbatim():
    segments = [
        Segment(0, 0.0, 2.0, "Good morning."),
        Segment(1, 2.0, 5.0, "A protocol is a set"),
        Segment(2, 5.0, 7.5, "of rules. Bandwidth is the rate."),
    ]
    sentences = split_sentences(segments)
    assert [(s.text, s.start, s.end) for s in sentences] == [
        ("Good morning.", 0.0, 2.0),
        ("A protocol is a set of rules.", 2.0, 7.5),
        ("Bandwidth is the rate.", 5.0, 7.5),
    ]
    text = transcript_text(segments)
    assert all(s.text in text for s in sentences)


def test_abbreviations_in_lower_case_do_not_split():
    sentences = split_sentences([Segment(0, 0, 1, "We use e.g. routers. Then switches.")])
    assert [s.text for s in sentences] == ["We use e.g. routers.", "Then switches."]


def test_latin_and_cyrillic_keep_their_rules():
    segments = timed(
        'He said "stop." then left. Dr. Smith agrees, i.e. we wait. 3 hosts reply.',
        "Клетка. Это единица жизни, т. е. живой организм. «Ядро» хранит ДНК.",
    )
    assert [(s.text, s.start) for s in split_sentences(segments)] == [
        ('He said "stop." then left.', 0.0),
        ("Dr.", 0.0),
        ("Smith agrees, i.e. we wait.", 0.0),
        ("3 hosts reply.", 0.0),
        ("Клетка.", 3.0),
        ("Это единица жизни, т. е. живой организм.", 3.0),
        ("«Ядро» хранит ДНК.", 3.0),
    ]


def test_chinese_sentences_end_at_terminators_without_spaces():
    segments = timed(
        "今天我们讨论计算机网络。协议是一组规则，",
        "它规定了设备之间如何交换数据。为什么需要协议？",
        "因为设备来自不同的厂家！下面讲带宽",
        "带宽是指链路每秒能传输的数据量。",
    )
    sentences = split_sentences(segments)
    assert [(s.text, s.start, s.end) for s in sentences] == [
        ("今天我们讨论计算机网络。", 0.0, 3.0),
        ("协议是一组规则， 它规定了设备之间如何交换数据。", 0.0, 6.0),
        ("为什么需要协议？", 3.0, 6.0),
        ("因为设备来自不同的厂家！", 6.0, 9.0),
        # No terminator where the segments meet: one sentence, as Whisper wrote it.
        ("下面讲带宽 带宽是指链路每秒能传输的数据量。", 6.0, 12.0),
    ]
    text = transcript_text(segments)
    assert all(s.text in text for s in sentences)


def test_japanese_closing_quotes_stay_with_their_sentence():
    segments = timed(
        "先生は言いました。「プロトコルは規則です。」",
        "次はルーターです｡本当に?はい、そうです!!では『帯域幅』とは何でしょうか？",
        "Next we switch to English. 次は日本語です。",
    )
    sentences = split_sentences(segments)
    assert [(s.text, s.start, s.end) for s in sentences] == [
        ("先生は言いました。", 0.0, 3.0),
        ("「プロトコルは規則です。」", 0.0, 3.0),
        ("次はルーターです｡", 3.0, 6.0),
        ("本当に?", 3.0, 6.0),
        ("はい、そうです!!", 3.0, 6.0),
        ("では『帯域幅』とは何でしょうか？", 3.0, 6.0),
        ("Next we switch to English.", 6.0, 9.0),
        ("次は日本語です。", 6.0, 9.0),
    ]


def assert_capped(segments: list[Segment]) -> list[str]:
    """The pieces: each within the bound, verbatim, timed by the segments it spans, in order."""
    text = transcript_text(segments)
    sentences = split_sentences(segments)
    assert len(sentences) > 1
    offsets = list(accumulate((len(s.text) + 1 for s in segments), initial=0))[:-1]
    position = 0
    for sentence in sentences:
        assert token_bound(sentence.text) <= MAX_SENTENCE_TOKENS
        first = text.index(sentence.text, position)
        position = first + len(sentence.text)
        starts = [s for s, offset in zip(segments, offsets, strict=True) if offset <= first]
        ends = [s for s, offset in zip(segments, offsets, strict=True) if offset < position]
        assert (sentence.start, sentence.end) == (starts[-1].start, ends[-1].end)
    assert "".join(text.split()) == "".join(s.text.replace(" ", "") for s in sentences)
    return [s.text for s in sentences]


def test_unpunctuated_chinese_is_cut_after_clause_punctuation():
    clauses = [
        "协议规定了设备之间如何交换数据，",
        "带宽是链路每秒传输的数据量、",
        "延迟是消息到达的时间；",
    ]
    pieces = assert_capped(timed(*(clauses[i % 3] for i in range(60))))
    assert all(piece.endswith(("，", "、", "；")) for piece in pieces)


def test_chinese_without_spaces_or_commas_is_cut_hard_at_the_bound():
    pieces = assert_capped(timed("数据包在网络之间转发" * 100))
    # Three UTF-8 bytes a character: every piece but the last holds as many as the bound allows.
    assert {len(piece) for piece in pieces[:-1]} == {MAX_SENTENCE_TOKENS // 3}


def test_a_3000_word_sentence_without_a_period_is_cut_between_words():
    vocabulary = "the router forwards each packet toward its destination network and then".split()
    segment_texts = [
        " ".join(vocabulary[(i + j) % len(vocabulary)] for j in range(15)) for i in range(200)
    ]
    pieces = assert_capped(timed(*segment_texts, seconds=5.0))
    assert all(word in vocabulary for piece in pieces for word in piece.split())
    assert sum(len(piece.split()) for piece in pieces) == 3000


def test_cyrillic_run_on_is_cut_at_commas():
    pieces = assert_capped(timed(*["клетка делится, ядро хранит наследственную информацию"] * 80))
    assert all(piece.endswith(",") for piece in pieces[:-1])
