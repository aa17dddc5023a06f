"""Search latency over a library of long lectures: p50/p95 per query through the SQLite repository,
snippets included, as an admin (every lecture) and as one teacher (a tenth of them).

Transcripts are synthetic: 1–3 hours each at 1500 segments an hour, every segment 8–16 words drawn
by frequency from the fixtures' reference texts in the lecture's language (English, Russian, German),
so the index holds realistic vocabularies and term frequencies, not real sentences.

    .venv/bin/python -m benchmarks.search_latency [--lectures 200] [--repeats 30]
"""

import argparse
import asyncio
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.models import GlossaryEntry, Lecture, Segment, Summary
from app.repository.sqlite import SqliteLectureRepository
from app.search import SearchQuery, snippet

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
VOCABULARIES = {
    "en": ["lecture_networks.txt", "lecture_cells.txt"],
    "ru": ["lecture_ru_biology.txt"],
    "de": ["lecture_de_informatik.txt"],
}
SEGMENTS_PER_HOUR = 1500
BATCH = 500
QUERIES = ["network", "packets routers", "cells", "mitochondria membrane", "клетка", "клеток деление",
           "Algorithmen", "Daten", "zebra", 'NEAR( "x*']  # fmt: skip
TEACHERS = 10


def vocabulary(language: str) -> tuple[list[str], list[int]]:
    counts = Counter(
        word
        for name in VOCABULARIES[language]
        for word in re.findall(r"\w+", (FIXTURES / name).read_text())
    )
    return list(counts), list(counts.values())


def synthetic_segments(rng: random.Random, words, weights, hours: float) -> list[Segment]:
    count = int(hours * SEGMENTS_PER_HOUR)
    step = 3600 / SEGMENTS_PER_HOUR
    return [
        Segment(
            i,
            i * step,
            (i + 1) * step,
            " ".join(rng.choices(words, weights, k=rng.randint(8, 16))).capitalize() + ".",
        )
        for i in range(count)
    ]


async def build_library(repository: SqliteLectureRepository, lectures: int) -> tuple[int, float]:
    rng = random.Random(13)
    languages = list(VOCABULARIES)
    vocabularies = {language: vocabulary(language) for language in languages}
    total = 0
    started = time.perf_counter()
    for number in range(lectures):
        language = languages[number % len(languages)]
        lecture = Lecture(
            id=f"lecture-{number:04d}",
            title=f"Lecture {number}",
            filename="lecture.mp3",
            storage_key=f"lectures/{number}",
            size_bytes=1,
            content_sha256=f"{number:064x}",
            requested_language=language,
            template="lecture",
            created_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=number),
            owner_id=f"teacher-{number % TEACHERS}",
        )
        await repository.add_lecture(lecture)
        words, weights = vocabularies[language]
        segments = synthetic_segments(rng, words, weights, rng.uniform(1, 3))
        for first in range(0, len(segments), BATCH):
            await repository.save_segments(
                lecture.id, lecture.run_id, segments[first : first + BATCH]
            )
        glossary = [
            GlossaryEntry(term, f"{term} " + " ".join(rng.choices(words, weights, k=20)), "", 0, 1)
            for term in rng.sample(words, 25)
        ]
        await repository.replace_glossary(lecture.id, lecture.run_id, glossary)
        markdown = "\n".join(f"- {s.text}" for s in rng.sample(segments, 60))
        await repository.save_summary(
            lecture.id, lecture.run_id, Summary("lecture", language, markdown, {})
        )
        total += len(segments)
    return total, time.perf_counter() - started


async def latency(
    repository, q: str, owner_id: str | None, repeats: int
) -> tuple[float, float, int]:
    query = SearchQuery.parse(q)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        hits, total = await repository.search(query, owner_id=owner_id, limit=20, offset=0)
        for hit in hits:
            snippet(hit.text, hit.kind, hit.language, query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], total


async def main(lectures: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        repository = SqliteLectureRepository(Path(directory) / "konspekt.sqlite3")
        await repository.connect()
        segments, seconds = await build_library(repository, lectures)
        size = (Path(directory) / "konspekt.sqlite3").stat().st_size / 2**20
        print(f"{lectures} lectures, {segments} segments written (index kept by triggers) in "
              f"{seconds:.0f} s ({segments / seconds:.0f} segments/s); file {size:.0f} MiB")  # fmt: skip
        print(f"\n{'query':<24} {'scope':<8} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
        for q in QUERIES:
            for scope, owner_id in (("admin", None), ("teacher", "teacher-3")):
                p50, p95, total = await latency(repository, q, owner_id, repeats)
                print(f"{q:<24} {scope:<8} {total:>8} {p50:>8.1f} {p95:>8.1f}")
        await repository.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lectures", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=30)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.lectures, arguments.repeats))
