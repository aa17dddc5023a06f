import csv
import io

import pysrt
import webvtt

from app.exports import format_clock, to_flashcards_csv, to_flashcards_tsv, to_srt, to_txt, to_vtt
from app.models import GlossaryEntry, Segment

SEGMENTS = [
    Segment(0, 0.0, 1.5, "Good morning."),
    Segment(1, 3661.25, 3662.0, "An hour later, a protocol."),
]


def test_srt_round_trips_through_pysrt():
    items = pysrt.from_string(to_srt(SEGMENTS))
    assert [i.text for i in items] == [s.text for s in SEGMENTS]
    assert items[1].start.ordinal == 3_661_250
    assert str(items[1].start) == "01:01:01,250"


def test_vtt_round_trips_through_webvtt():
    captions = webvtt.from_string(to_vtt(SEGMENTS))
    assert [c.text for c in captions] == [s.text for s in SEGMENTS]
    assert captions[1].start == "01:01:01.250"


def test_txt_has_a_clock_per_line():
    assert to_txt(SEGMENTS) == "[0:00] Good morning.\n[1:01:01] An hour later, a protocol.\n"
    assert format_clock(59.9) == "0:59"


GLOSSARY = [
    GlossaryEntry("Router", "Forwards packets between networks.", "a router forwards", 42.0, 48.0),
    GlossaryEntry(
        'TCP, or "Transmission Control Protocol"',
        'Delivers a byte stream in order: "reliably",\nacross two lines; with a semicolon.',
        "TCP is",
        61.0,
        66.0,
    ),
    GlossaryEntry("Митохондрия", "Органоид, который вырабатывает энергию клетки.", "это", 5.0, 9.0),
    GlossaryEntry("#include", "Pulls a header <stdio.h> in.", "include", 70.0, 72.0),
]


def test_flashcards_csv_starts_with_ankis_headers_and_has_no_byte_order_mark():
    text = to_flashcards_csv(GLOSSARY)
    assert text.startswith("#separator:comma\r\n#html:false\r\n")


def test_flashcards_csv_round_trips_awkward_text():
    text = to_flashcards_csv(GLOSSARY)
    body = text.split("\r\n", 2)[2]
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows == [[e.term, e.definition] for e in GLOSSARY]


def test_flashcards_csv_quotes_every_field_so_no_card_reads_as_a_comment():
    lines = to_flashcards_csv(GLOSSARY).split("\r\n")
    assert lines[-2] == '"#include","Pulls a header <stdio.h> in."'
    assert lines[-1] == ""
    assert to_flashcards_csv([]) == "#separator:comma\r\n#html:false\r\n"


def test_flashcards_tsv_keeps_each_card_on_one_line_for_quizlet():
    lines = to_flashcards_tsv(GLOSSARY).split("\n")
    assert lines[-1] == ""
    cards = [line.split("\t") for line in lines[:-1]]
    assert cards == [[" ".join(e.term.split()), " ".join(e.definition.split())] for e in GLOSSARY]
    assert to_flashcards_tsv([]) == ""
