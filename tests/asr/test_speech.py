"""Slice-by-slice decoding and speech windows: exact samples, windows within 30 s, resumable, and
memory that does not grow with the recording."""

import tracemalloc
from pathlib import Path

import av
import numpy as np
import pytest

from app.asr import speech
from app.asr.audio import decode_slice
from app.asr.base import SAMPLE_RATE, WINDOW_SECONDS
from app.asr.speech import SpeechRegion, SpeechStream, merge_into_windows, resume_sample
from tests.conftest import FIXTURES

RECORDINGS = [FIXTURES / "lecture_networks.mp3", FIXTURES / "lecture_de_informatik.ogg"]
# Small slices, so that a fixture of one or two minutes spans several.
SLICE_SECONDS = 20


def whole_recording(path: Path) -> np.ndarray:
    return decode_slice(path, 0, slice_seconds=10_000).audio


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda path: path.suffix)
def test_slices_decoded_on_their_own_join_into_the_continuous_decode(path):
    slices = []
    while len(piece := decode_slice(path, len(slices), SLICE_SECONDS).audio):
        slices.append(piece)

    joined, whole = np.concatenate(slices), whole_recording(path)

    assert len(slices) > 3
    assert all(len(piece) == SLICE_SECONDS * SAMPLE_RATE for piece in slices[:-1])
    assert len(joined) == len(whole)
    np.testing.assert_allclose(joined, whole, atol=1e-5)


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda path: path.suffix)
def test_windows_hold_at_most_30_s_of_the_recordings_own_speech(path):
    whole = whole_recording(path)
    windows = list(SpeechStream(path, slice_seconds=SLICE_SECONDS).windows())

    assert [window.index for window in windows] == list(range(len(windows)))
    assert len(windows) >= 3
    for window in windows:
        assert len(window.audio) <= WINDOW_SECONDS * SAMPLE_RATE
        assert window.recording_end - window.recording_start <= WINDOW_SECONDS
        for span in window.spans:
            first = round(span.recording_start * SAMPLE_RATE)
            inside = round(span.window_start * SAMPLE_RATE)
            length = round(span.duration * SAMPLE_RATE)
            # Opus decodes a slice and the whole file within float rounding of each other.
            np.testing.assert_allclose(
                window.audio[inside : inside + length], whole[first : first + length], atol=1e-5
            )
            middle = span.window_start + span.duration / 2
            assert window.to_recording_time(middle) == pytest.approx(
                span.recording_start + span.duration / 2
            )
    ends = [window.recording_end for window in windows]
    starts = [window.recording_start for window in windows]
    assert all(end <= start for end, start in zip(ends, starts[1:], strict=False))


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda path: path.suffix)
def test_windows_from_a_resume_point_are_the_tail_of_the_windows_from_the_start(path):
    windows = list(SpeechStream(path, slice_seconds=SLICE_SECONDS).windows())

    for resumed_at in (1, len(windows) // 2, len(windows) - 1):
        start = resume_sample(windows[resumed_at - 1])
        resumed = list(SpeechStream(path, start, slice_seconds=SLICE_SECONDS).windows())

        assert [w.spans for w in resumed] == [w.spans for w in windows[resumed_at:]]
        for again, first_time in zip(resumed, windows[resumed_at:], strict=True):
            np.testing.assert_array_equal(again.audio, first_time.audio)


def region(start_s: float, seconds: float) -> SpeechRegion:
    start = round(start_s * SAMPLE_RATE)
    samples = round(seconds * SAMPLE_RATE)
    return SpeechRegion(start, np.arange(start, start + samples, dtype=np.float32))


def test_regions_merge_greedily_and_a_region_longer_than_a_window_is_cut():
    regions = [region(0, 10), region(12, 10), region(29, 1), region(31, 5), region(40, 70)]

    windows = list(merge_into_windows(regions))

    spans = [[(s.recording_start, s.duration) for s in w.spans] for w in windows]
    assert spans == [
        [(0, 10), (12, 10), (29, 1)],
        [(31, 5)],
        [(40, 30)],
        [(70, 30)],
        [(100, 10)],
    ]
    # The audio of every window is the regions' samples, joined without the silence between.
    joined = np.concatenate([w.audio for w in windows])
    np.testing.assert_array_equal(joined, np.concatenate([r.audio for r in regions]))
    assert windows[0].to_recording_time(10.5) == pytest.approx(12.5)
    assert windows[0].to_recording_time(20.5) == pytest.approx(29.5)


def write_long_recording(path: Path, minutes: int, speech_at: list[float]) -> None:
    """`minutes` of silence, FLAC at 16 kHz, with JFK's 11 s speech at each of `speech_at` (s);
    written minute by minute, so that the test itself never holds the whole recording."""
    speech = (whole_recording(FIXTURES / "jfk.flac") * 32767).astype(np.int16)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("flac", rate=SAMPLE_RATE, layout="mono")
        for minute in range(minutes):
            samples = np.zeros(60 * SAMPLE_RATE, np.int16)
            for second in speech_at:
                offset = round((second - minute * 60) * SAMPLE_RATE)
                if 0 <= offset < len(samples):
                    piece = speech[: len(samples) - offset]
                    samples[offset : offset + len(piece)] = piece
            frame = av.AudioFrame.from_ndarray(samples[None, :], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = minute * 60 * SAMPLE_RATE
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def test_a_long_recording_streams_in_memory_bounded_by_a_slice_not_by_its_length(tmp_path):
    minutes = 40
    recording = tmp_path / "long.flac"
    write_long_recording(recording, minutes, speech_at=[100.0, 1500.0, 2350.0])
    whole_as_float32 = minutes * 60 * SAMPLE_RATE * 4

    tracemalloc.start()
    try:
        windows = [
            (window.recording_start, window.recording_end)
            for window in SpeechStream(recording).windows()
        ]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # The speech is found where it was put, and nothing else is.
    assert [round(start) for start, _ in windows] == pytest.approx([100, 1500, 2350], abs=1)
    assert all(10 < end - start < 13 for start, end in windows)
    # Decoding the recording whole would need 154 MB for the float32 samples alone.
    assert peak < whole_as_float32 / 2


def test_silero_is_asked_only_about_slices_with_audible_sound(tmp_path, monkeypatch):
    recording = tmp_path / "mostly-silent.flac"
    write_long_recording(recording, minutes=16, speech_at=[700.0])  # in the third 300 s slice
    asked = []
    real_vad = speech.get_speech_timestamps

    def counting_vad(audio, options):
        asked.append(len(audio))
        return real_vad(audio, options)

    monkeypatch.setattr(speech, "get_speech_timestamps", counting_vad)

    windows = list(SpeechStream(recording).windows())

    assert [round(window.recording_start) for window in windows] == [700]
    assert asked == [300 * SAMPLE_RATE]  # four slices, three of them digital silence
