"""Notes quality per lecture: WER, glossary recall and precision, grounding, topic, review questions.

Lectures are the shared fixtures (`../shared/fixtures/lecture_*`) and the held-out scoring
lectures in `benchmarks/lectures/` (text and gold glossary only; their audio is spoken here by
espeak-ng with the voice the gold file names). Each is transcribed with the embedded default
speech model (Whisper base, faster-whisper int8, as the worker runs it), then the glossary and
the summary are written twice: by the rules alone and with the embedded language model
(SmolLM2). The reference text goes through the same notes code as a third row, which separates
what the notes lose from what the transcript lost.

An entry is grounded when its quote is verbatim transcript text and its term is said in the
quote: verbatim, or in dictionary form (the quote's words lemmatised as the term was).

    .venv/bin/python -m benchmarks.notes_quality [--only NAME ...] [--no-llm] [--show]
"""

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.asr.base import TranscriptionOptions
from app.asr.faster_whisper_engine import FasterWhisperEngine
from app.asr.model_source import OFFLINE_BASE, resolve_whisper_model
from app.asr.speech import SpeechStream
from app.models import GlossaryEntry, Segment
from app.notes.glossary import extract_glossary
from app.notes.lemmas import dictionary_form
from app.notes.llm import OFFLINE_SMOLLM2, LanguageModel
from app.notes.sentences import split_sentences, transcript_text, words
from app.notes.summary import write_summary
from app.notes.templates import TemplateLibrary
from tests.text_metrics import glossary_scores, load_reference_terms, word_error_rate

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures"
HELD_OUT = REPO / "benchmarks" / "lectures"
MODEL_CACHE = REPO / ".venv" / "model-cache"
VOICES = {"en": ("en-us", 150), "ru": ("ru", 140), "de": ("de", 145)}


@dataclass(frozen=True)
class Lecture:
    name: str
    language: str
    reference: str
    gold: Path
    audio: Path | None  # None: spoken by espeak-ng at run time


def lectures() -> list[Lecture]:
    found = []
    for gold in sorted(FIXTURES.glob("lecture_*.glossary.json")):
        stem = gold.name.removesuffix(".glossary.json")
        audio = next(FIXTURES.glob(f"{stem}.*[!tn]"), None)  # .mp3 / .ogg, not .txt / .json
        found.append(_lecture(stem, gold, audio))
    for gold in sorted(HELD_OUT.glob("*.glossary.json")):
        found.append(_lecture(gold.name.removesuffix(".glossary.json"), gold, None))
    return found


def _lecture(name: str, gold: Path, audio: Path | None) -> Lecture:
    language = json.loads(gold.read_text())["language"]
    reference = gold.with_name(f"{name}.txt").read_text()
    return Lecture(name, language, reference, gold, audio)


def speak(lecture: Lecture, directory: Path) -> Path:
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is needed for the held-out lectures: apt-get install espeak-ng")
    voice, speed = VOICES[lecture.language]
    text = directory / f"{lecture.name}.txt"
    text.write_text(lecture.reference)
    wav = directory / f"{lecture.name}.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-f", str(text), "-w", str(wav)], check=True
    )
    return wav


def transcribe(engine: FasterWhisperEngine, audio: Path, language: str) -> list[Segment]:
    windows = SpeechStream(audio).windows()
    segments: list[Segment] = []
    for window in engine.transcribe(windows, TranscriptionOptions(language=language)):
        for piece in window.segments:
            segments.append(Segment(len(segments), piece.start, piece.end, piece.text))
    return segments


def reference_segments(text: str) -> list[Segment]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [Segment(i, i * 10.0, i * 10.0 + 10.0, line) for i, line in enumerate(lines)]


def grounded(entry: GlossaryEntry, transcript: str, language: str) -> bool:
    """The quote is verbatim transcript text and says the term, as the term is entered or in the
    form the glossary would enter it (`dictionary_form` with the whole lecture's words)."""
    if entry.quote not in transcript:
        return False
    quote_words = words(entry.quote)
    term_words = words(entry.term)
    spans = [
        " ".join(quote_words[i : i + len(term_words)])
        for i in range(len(quote_words) - len(term_words) + 1)
    ]
    spoken = frozenset(words(transcript))
    return any(
        words(span) == term_words or words(dictionary_form(span, language, spoken)) == term_words
        for span in spans
    )


@dataclass
class Row:
    lecture: str
    source: str
    wer: float | None
    recall: float
    precision: float
    matched: str
    grounded: float
    seconds: float
    topic: str
    questions: list[str]
    wrong: list[str]
    missed: list[str]


def score(lecture: Lecture, source: str, segments: list[Segment], llm: LanguageModel | None) -> Row:
    started = time.perf_counter()
    sentences = split_sentences(segments)
    glossary = extract_glossary(sentences, lecture.language, llm)
    summary = write_summary(
        title=lecture.name,
        sentences=sentences,
        glossary=glossary,
        language=lecture.language,
        templates=TemplateLibrary(),
        template_name="default",
    )
    seconds = time.perf_counter() - started
    transcript = transcript_text(segments)
    reference_terms = load_reference_terms(lecture.gold)
    matched, recall, precision = glossary_scores(reference_terms, [e.term for e in glossary])
    names = set().union(*reference_terms)
    found = {e.term.casefold() for e in glossary}
    return Row(
        lecture=lecture.name,
        source=source,
        wer=None if source == "reference" else word_error_rate(lecture.reference, transcript),
        recall=recall,
        precision=precision,
        matched=f"{matched}/{len(reference_terms)}",
        grounded=sum(grounded(e, transcript, lecture.language) for e in glossary)
        / max(len(glossary), 1),
        seconds=seconds,
        topic=summary.sections["topic"],
        questions=summary.sections["review_questions"],
        wrong=[e.term for e in glossary if e.term.casefold() not in names],
        missed=[sorted(n)[0] for n in reference_terms if not n & found],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="lecture names to run")
    parser.add_argument("--no-llm", action="store_true", help="rules only")
    parser.add_argument("--show", action="store_true", help="print topics and questions")
    args = parser.parse_args()

    engine = FasterWhisperEngine(
        resolve_whisper_model(OFFLINE_BASE, MODEL_CACHE),
        model_name=OFFLINE_BASE,
        device="cpu",
        compute_type="int8",
    )
    llm = (
        None
        if args.no_llm
        else LanguageModel.load(
            OFFLINE_SMOLLM2, context_tokens=2048, gpu_layers=0, threads=0, cache_dir=MODEL_CACHE
        )
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        for lecture in lectures():
            if args.only and lecture.name not in args.only:
                continue
            audio = lecture.audio or speak(lecture, Path(scratch))
            segments = transcribe(engine, audio, lecture.language)
            runs = [("Whisper base, rules", segments, None)]
            if llm is not None:
                runs.append(("Whisper base, rules + SmolLM2", segments, llm))
            runs.append(("reference text, rules", reference_segments(lecture.reference), None))
            for source, lecture_segments, model in runs:
                rows.append(score(lecture, source, lecture_segments, model))
                print_row(rows[-1])

    print("\n| lecture | source | WER | recall | precision | grounded | notes s |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        wer = "–" if row.wer is None else f"{row.wer:.2f}"
        print(
            f"| {row.lecture} | {row.source} | {wer} | {row.recall:.2f} ({row.matched}) "
            f"| {row.precision:.2f} | {row.grounded:.0%} | {row.seconds:.1f} |"
        )
    if args.show:
        for row in rows:
            if row.source.startswith("Whisper"):
                print(f"\n## {row.lecture} ({row.source})\nTopic: {row.topic}")
                for question in row.questions:
                    print(f"- {question}")
                print(f"False entries: {row.wrong}\nMissed: {row.missed}")


def print_row(row: Row) -> None:
    wer = "–" if row.wer is None else f"{row.wer:.2f}"
    print(
        f"{row.lecture:28} {row.source:32} WER {wer:>5}  recall {row.recall:.2f}  "
        f"precision {row.precision:.2f}  grounded {row.grounded:.0%}  "
        f"false {row.wrong}  missed {row.missed}",
        flush=True,
    )


if __name__ == "__main__":
    main()
