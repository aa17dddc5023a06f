"""Glossary and summary over long transcripts: wall time and peak memory by transcript length, and
the time the summary's ranking of sentences (key ideas) takes on its own.

A transcript of N minutes is the English fixture's reference text repeated with advancing times (a
real lecture's words vary more; the language model's work per window does not). Each length runs in
a fresh process, so its peak RSS is its own; the language model is loaded in every one of them.

    .venv/bin/python -m benchmarks.notes_scaling [--minutes 20 60 180]
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from app.models import Segment
from app.notes.centrality import RankedLecture
from app.notes.glossary import extract_glossary
from app.notes.llm import LanguageModel
from app.notes.sentences import split_sentences
from app.notes.summary import central_ideas, write_summary
from app.notes.templates import TemplateLibrary

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FIXTURE_SECONDS = 119.0


def synthetic_transcript(minutes: float) -> list[Segment]:
    sentences = (FIXTURES / "lecture_networks.txt").read_text().split(". ")
    step = FIXTURE_SECONDS / len(sentences)
    segments: list[Segment] = []
    while (start := len(segments) * step) < minutes * 60:
        text = sentences[len(segments) % len(sentences)].strip().rstrip(".") + "."
        segments.append(Segment(len(segments), round(start, 3), round(start + step, 3), text))
    return segments


def measure(minutes: float) -> dict:
    llm = LanguageModel.load(
        "offline-smollm2", context_tokens=2048, gpu_layers=0, threads=0, cache_dir=Path("/tmp")
    )
    sentences = split_sentences(synthetic_transcript(minutes))
    started = time.perf_counter()
    central_ideas(RankedLecture.rank(sentences, "en"), "en")
    key_ideas_s = time.perf_counter() - started
    started = time.perf_counter()
    glossary = extract_glossary(sentences, "en", llm)
    glossary_s = time.perf_counter() - started
    started = time.perf_counter()
    write_summary(
        title="Networks",
        sentences=sentences,
        glossary=glossary,
        language="en",
        templates=TemplateLibrary(),
        template_name="default",
    )
    summary_s = time.perf_counter() - started
    return {
        "minutes": minutes,
        "sentences": len(sentences),
        "key_ideas_s": key_ideas_s,
        "glossary_s": glossary_s,
        "summary_s": summary_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, nargs="+", default=[20, 60, 180])
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)  # the child process's length
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return
    rows = []
    for minutes in args.minutes:
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.notes_scaling", "--one", str(minutes)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(
        "| transcript | sentences | key ideas | glossary | summary | s per transcript minute "
        "| peak RSS |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        per_minute = (row["glossary_s"] + row["summary_s"]) / row["minutes"]
        print(
            f"| {row['minutes']:g} min | {row['sentences']} | {row['key_ideas_s']:.2f} s | "
            f"{row['glossary_s']:.1f} s | "
            f"{row['summary_s']:.1f} s | {per_minute:.2f} | {row['peak_rss_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
