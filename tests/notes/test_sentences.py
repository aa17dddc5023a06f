from app.models import Segment
from app.notes.sentences import split_sentences, transcript_text


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
