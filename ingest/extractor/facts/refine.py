"""Document-level refinements of candidate facts, after every table has been read.

Unlabelled rows take the concept of the labelled line whose figures they repeat; extension
concepts that different tables print with different values are told apart by table subject;
segment names are collected from the text so revenue tables can be read by segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

from ledger.domain.taxonomy import concept_info

from .candidates import Candidate
from .concepts import extension


def segment_names(lines: Sequence[str]) -> frozenset[str]:
    """Names the document gives its segments: "our Generative AI segment", "Technology
    Solutions segment"."""
    found = set()
    for line in lines:
        for m in re.finditer(r"\b((?:[A-Z][A-Za-z]+ ){0,3}[A-Z][A-Za-z]+) segment\b", line):
            name = m[1]
            name = re.sub(r"^(?:Our|The|This|Each|Business|Reportable) ", "", name)
            if name and name[0].isupper():
                found.add(name)
    return frozenset(found)


def match_orphans(cands: Sequence[Candidate]) -> list[Candidate]:
    """Give unlabelled rows the concept whose figures they repeat.

    A row printed without its label (a five-year summary whose labels were lost) takes the
    concept of a labelled undimensioned line when at least two of its figures equal that line's
    figures for the same periods, all overlapping periods agree, and exactly one concept fits.
    """
    labelled: dict[tuple[str, str], dict[str, set[Decimal]]] = {}
    for c in cands:
        if c.concept and c.known and not c.dimensions:
            slot = labelled.setdefault((c.concept, c.unit), {})
            slot.setdefault(c.period.label, set()).add(c.value.scaleb(c.scale))
    rows: dict[int, list[Candidate]] = {}
    for c in cands:
        if not c.concept:
            rows.setdefault(c.line, []).append(c)
    out: list[Candidate] = []
    for group in rows.values():
        fits = []
        for (concept, unit), periods in labelled.items():
            overlap = [o for o in group if o.unit == unit and o.period.label in periods]
            if len(overlap) >= 2 and all(
                o.value.scaleb(o.scale) in periods[o.period.label] for o in overlap
            ):
                fits.append(concept)
        if fits:
            # Equal lines by definition (total assets, total equity and liabilities): the
            # first in presentation order.
            best = min(fits, key=lambda c: (getattr(concept_info(c), "order", 10**6), c))
            out.extend(attrs.evolve(o, concept=best, known=True) for o in group)
    return out


def scope_extensions(cands: Sequence[Candidate]) -> list[Candidate]:
    """Qualify extension concepts that different tables print with different values.

    "Additions" in the equipment roll-forward and "Additions" in the investments roll-forward
    are different lines: when one extension name carries different figures from tables with
    different subjects, each is renamed after its table's subject.
    """
    groups: dict[tuple[object, ...], list[Candidate]] = {}
    for c in cands:
        if c.concept.startswith("ext:") and not c.known:
            groups.setdefault(c.key, []).append(c)
    clash: set[int] = set()
    for group in groups.values():
        values = {c.value.scaleb(c.scale) for c in group}
        if len(values) > 1 and len({c.subject for c in group}) > 1:
            clash.update(id(c) for c in group)
    return [
        attrs.evolve(c, concept=extension(f"{c.subject} {c.label}"))
        if id(c) in clash and c.subject
        else c
        for c in cands
    ]
