"""Ask latency on this CPU: time to the first streamed character and to the whole answer.

Ten questions about the networks lecture (its reference text, a sentence a segment, so that the
figure is the answer's and not the speech model's), answered as the worker answers them: passages
by BM25, SmolLM2 (llama.cpp, the embedded GGUF) writing from them, the answer verified. Questions
the lecture does not cover are answered without the model; they are in the list as users ask them.

    .venv/bin/python -m benchmarks.ask_latency [--threads N]
"""

import argparse
import re
import statistics
import time
from pathlib import Path

from app.ask.answering import compose_answer
from app.ask.retrieval import build_passages, question_stems
from app.models import Segment
from app.notes.llm import OFFLINE_SMOLLM2, LanguageModel
from app.repository.bm25 import rank_segments

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
QUESTIONS = [
    "What does a router do?",
    "What is a protocol?",
    "What is bandwidth?",
    "How is bandwidth measured?",
    "What is latency?",
    "What is an IP address?",
    "What does DNS do?",
    "What is a packet?",
    "What is a firewall?",
    "How do volcanoes erupt?",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads (0: its default)")
    threads = parser.parse_args().threads
    text = (FIXTURES / "lecture_networks.txt").read_text().strip()
    sentences = re.split(r"(?<=[.?!])\s+", text)
    segments = [Segment(i, i * 4.0, i * 4.0 + 4.0, s) for i, s in enumerate(sentences)]
    started = time.perf_counter()
    llm = LanguageModel.load(
        OFFLINE_SMOLLM2, context_tokens=2048, gpu_layers=0, threads=threads, cache_dir=Path("/tmp")
    )
    print(f"SmolLM2 loaded in {time.perf_counter() - started:.2f} s")
    first_times, full_times = [], []
    print(f"{'question':32} {'first':>7} {'full':>7}  source   answer")
    for question in QUESTIONS:
        started = time.perf_counter()
        first: list[float] = []

        def on_text(_: str, first: list[float] = first, started: float = started) -> None:
            if not first:
                first.append(time.perf_counter() - started)

        hits = rank_segments(segments, question_stems(question, "en"), limit=8)
        answer = compose_answer(question, "en", build_passages(segments, hits), llm, on_text)
        full = time.perf_counter() - started
        # An answer without the model (not covered) arrives whole: its first character is its last.
        first_times.append(first[0] if first else full)
        full_times.append(full)
        print(
            f"{question:32} {first_times[-1]:7.2f} {full:7.2f}  {answer.source:8} {answer.text[:60]}"
        )
    for name, values in (("first character", first_times), ("full answer", full_times)):
        p50 = statistics.median(values)
        print(f"{name:16} p50 {p50:.2f} s  p95 {percentile(values, 0.95):.2f} s")


if __name__ == "__main__":
    main()
