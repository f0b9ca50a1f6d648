"""The concept taxonomy: concepts, their statements and the statements' layout.

``taxonomy.toml`` ships with the package: IFRS concepts (and the extensions we name) with
their standard label, the labels documents print for them, the statement they belong to and
their presentation order; ``[[line]]`` and ``[[section]]`` entries lay statements out. The
extractor matches printed labels against it; the projection lays statements out with it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

import attrs

Concept = str


@attrs.frozen
class ConceptInfo:
    """One taxonomy concept: name, standard label, statement, presentation order, period type."""

    name: Concept
    label: str
    statement: str
    order: int
    period: str = "duration"
    unit: str = ""
    labels: tuple[str, ...] = ()
    #: the sign the ledger records the concept's amounts with: "negative" for an expense (a
    #: deduction in arriving at profit), whichever way a page prints it; "" for as printed
    sign: str = ""


@cache
def taxonomy_data() -> dict[str, Any]:
    """``taxonomy.toml``, parsed once: the concepts and the statement layout both read it."""
    return tomllib.loads(resources.files(__package__).joinpath("taxonomy.toml").read_text("utf-8"))


@cache
def taxonomy() -> tuple[ConceptInfo, ...]:
    """The concepts of ``taxonomy.toml`` in presentation order."""
    data = taxonomy_data()
    infos = [
        ConceptInfo(
            name=item["name"],
            label=item["label"],
            statement=item["statement"],
            order=int(item["order"]),
            period=item.get("period", "duration"),
            unit=item.get("unit", ""),
            labels=tuple(item.get("labels", ())),
            sign=item.get("sign", ""),
        )
        for item in data["concept"]
    ]
    return tuple(sorted(infos, key=lambda i: (i.order, i.name)))


@cache
def concept_info(name: Concept) -> ConceptInfo | None:
    """The taxonomy entry of ``name`` (None for extension concepts)."""
    return next((i for i in taxonomy() if i.name == name), None)


@attrs.frozen
class LayoutLine:
    """Where a concept stands on its statement: order, indentation, total or not, section.

    ``components`` are the concepts it is the sum of (empty for a plain line);
    ``section_label`` is the heading of its section ("" for none).
    """

    concept: Concept
    statement: str
    order: int
    label: str
    level: int = 1
    total: bool = False
    section: str = ""
    section_label: str = ""
    components: tuple[Concept, ...] = ()


@cache
def statement_layout() -> tuple[LayoutLine, ...]:
    """Every concept's place on its statement, in presentation order: the taxonomy's concepts
    and the ``[[line]]`` entries (lines placed, never matched on labels)."""
    data = taxonomy_data()
    headings = {(s["statement"], s["name"]): s["label"] for s in data.get("section", ())}
    entries = [(item["name"], item) for item in data["concept"]]
    entries += [(name, item) for item in data.get("line", ()) for name in item["names"]]
    out = []
    for name, item in entries:
        section = item.get("section", "")
        # The statement of comprehensive income is laid out with the income statement.
        statement = item["statement"].replace("comprehensive-income", "income")
        if section and (statement, section) not in headings:
            raise ValueError(f"taxonomy.toml: {name}: no [[section]] {section!r}")
        out.append(
            LayoutLine(
                concept=name,
                statement=item["statement"],
                order=int(item["order"]),
                label=item["label"],
                level=int(item.get("level", 1)),
                total=bool(item.get("total", False)),
                section=section,
                section_label=headings.get((statement, section), ""),
                components=tuple(item.get("sums", ())),
            )
        )
    return tuple(sorted(out, key=lambda i: (i.order, i.concept)))
