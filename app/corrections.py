"""A teacher's corrections and the generated glossary: which entry wins when the glossary is built again.

An entry a person added or edited is kept as they left it, and a term they deleted (or renamed away)
is retired: regenerating never brings it back. Terms are compared by `term_key`.
"""

import re
from collections.abc import Iterable, Sequence

from app.models import GlossaryEntry

WORD = re.compile(r"\w+")


class DuplicateTerm(Exception):
    """Another entry of the lecture's glossary has this term (compared by `term_key`)."""


def term_key(term: str) -> str:
    """The same term whatever its case, spacing and punctuation: "TCP/IP" and "tcp ip" are one."""
    return " ".join(WORD.findall(term.casefold()))


def merge_glossary(
    generated: Sequence[GlossaryEntry],
    stored: Sequence[GlossaryEntry],
    retired_terms: Iterable[str],
) -> list[GlossaryEntry]:
    """The glossary to store when a run produced `generated` and `stored` is what is there now.

    The person's entries in `stored` stay as they are; a generated entry for one of their terms or
    for a retired term is dropped. Generated entries keep their order, and the person's entries go
    in by where they were said.
    """
    kept = sorted((e for e in stored if e.edited_by is not None), key=lambda e: e.start)
    taken = {term_key(e.term) for e in kept} | {term_key(term) for term in retired_terms}
    merged: list[GlossaryEntry] = []
    for entry in generated:
        key = term_key(entry.term)
        if key in taken:
            continue
        taken.add(key)
        while kept and kept[0].start < entry.start:
            merged.append(kept.pop(0))
        merged.append(entry)
    return merged + kept


def refuse_duplicate_term(entries: Sequence[GlossaryEntry], entry: GlossaryEntry) -> None:
    """Raise DuplicateTerm when another of `entries` has the entry's term."""
    key = term_key(entry.term)
    for other in entries:
        if other.id != entry.id and term_key(other.term) == key:
            raise DuplicateTerm(other.term)


def entry_record(entry: GlossaryEntry) -> dict:
    """What the edit log keeps of a glossary entry."""
    return {
        "term": entry.term,
        "definition": entry.definition,
        "quote": entry.quote,
        "start": entry.start,
        "end": entry.end,
    }
