"""Scoring helpers shared by the end-to-end tests and the benchmarks."""

import json
import re
from pathlib import Path

import jiwer


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def word_error_rate(reference: str, hypothesis: str) -> float:
    return jiwer.wer(normalise(reference), normalise(hypothesis))


def load_reference_terms(glossary_json: Path) -> list[set[str]]:
    """Each defined term with its aliases, case-folded: an entry matches any of them."""
    data = json.loads(glossary_json.read_text())
    return [{t["term"].casefold(), *(a.casefold() for a in t["aliases"])} for t in data["terms"]]


def glossary_scores(reference: list[set[str]], found_terms: list[str]) -> tuple[int, float, float]:
    """(terms matched, recall, precision) of a glossary against the reference terms."""
    found = [term.casefold() for term in found_terms]
    matched = sum(any(name in found for name in names) for names in reference)
    correct = sum(any(term in names for names in reference) for term in found)
    recall = matched / len(reference) if reference else 0.0
    precision = correct / len(found) if found else 0.0
    return matched, recall, precision
