"""A primary statement's layout: where each line goes and which lines sum which.

The taxonomy's lines (the projection's ``concepts``) have their place; a line only a document
prints goes where the document printed it, just above the taxonomy line below it. ``foots``
checks a total against the sum of what it sums on that statement.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

#: Section of the lines the layout cannot place: printed with the statement but with no taxonomy
#: line below them, or known only from a note or a summary.
OTHER_SECTION = ("other", "Other lines")
#: Heading of a statement none of whose lines the taxonomy knows (an SEC filer's us-gaap
#: statement): laid out as its filings present it.
AS_PRESENTED = "As presented by the filings"
_LAST = 1 << 30


@attrs.frozen
class Place:
    """Where a line goes on the statement, and the line it adds into (None: none, or the
    taxonomy's)."""

    sort: tuple[int, int, int, int, int]
    level: int
    total: bool
    section: str
    section_label: str
    parent: str | None = None


class Layout:
    """A statement's taxonomy lines: where document lines go and which lines sum which."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.lines = {row["concept"]: row for row in rows}
        self.printed = False
        self.parent_of: dict[str, str] = {}
        for row in rows:
            for component in row["components"]:
                self.parent_of.setdefault(component, row["concept"])

    def get(self, concept: str | None) -> dict[str, Any] | None:
        return self.lines.get(concept or "")

    def _ancestors(self, concept: str) -> set[str]:
        out: set[str] = set()
        while concept in self.parent_of and concept not in out:
            concept = self.parent_of[concept]
            out.add(concept)
        return out

    def _group(self, line: dict[str, Any]) -> int:
        # A component sits just above the total it adds into when the taxonomy prints that
        # total below it ("Revenue" above "Gross profit"), else at its own place.
        parent = self.get(self.parent_of.get(line["concept"]))
        if parent is not None and parent["presentation_order"] > line["presentation_order"]:
            return int(parent["presentation_order"])
        return int(line["presentation_order"])

    def place(self, row: dict[str, Any]) -> Place:
        """Where ``row`` goes: a taxonomy line at its place, or under the total its document
        prints below it; a document-only line just above the taxonomy line below it."""
        own = self.get(row["concept"])
        if own is not None and self.printed and row["face_statement"] is None:
            sort = (_LAST, 0, own["presentation_order"], 0, 0)
            return Place(sort, 1, False, *OTHER_SECTION)
        if own is not None:
            heading = (own["section"], own["section_label"])
            parent = self.parent_of.get(own["concept"])
            if own["components"] or own["is_total"] or parent is None:
                order = own["presentation_order"]
                return Place((order, 1, 0, 0, 0), own["level"], own["is_total"], *heading)
            total = self.get(row["next_total"])
            if (
                total is not None
                and total["concept"] != parent
                and (
                    total["concept"] in self._ancestors(parent)
                    or parent in self._ancestors(total["concept"])
                )
            ):
                # The document adds this line into another total of the same chain (share of
                # associates above the operating loss): follow the document.
                sort = (total["presentation_order"], 0, own["presentation_order"], 1, 0)
                return Place(sort, total["level"] + 1, False, *heading, parent=total["concept"])
            sort = (self._group(own), 0, own["presentation_order"], 1, 0)
            return Place(sort, own["level"], False, *heading)
        anchor = self.get(row["next_concept"])
        if anchor is None:
            # The filing's presentation linkbase orders the line where it is recorded; else
            # the line the document printed it on (FSDS pre.txt: the line in its report).
            presented = row.get("presented_position") or 0
            return Place((_LAST, 0, 0, presented, row["line"]), 1, False, *OTHER_SECTION)
        heading = (anchor["section"], anchor["section_label"])
        if anchor["components"] or anchor["is_total"]:
            # Printed above a total: one of its components.
            sort = (anchor["presentation_order"], 0, _LAST, 0, row["line"])
            level = anchor["level"] + 1
            return Place(sort, level, False, *heading, parent=anchor["concept"])
        # Printed above a plain line: beside it, adding into the same total.
        sort = (self._group(anchor), 0, anchor["presentation_order"], 0, row["line"])
        parent = self.parent_of.get(anchor["concept"])
        return Place(sort, anchor["level"], False, *heading, parent=parent)

    def children(self, places: dict[str, Place]) -> dict[str, list[str]]:
        """What each line sums on this statement: the taxonomy's components, less the lines
        the documents add into another total, plus the document-only lines placed under it."""
        out = {concept: list(line["components"]) for concept, line in self.lines.items()}
        for concept, place in places.items():
            if place.parent is None:
                continue
            previous = self.parent_of.get(concept)
            if previous is not None and concept in out.get(previous, ()):
                out[previous].remove(concept)
            out.setdefault(place.parent, []).append(concept)
        return out


def foots(
    total: dict[str, Any],
    vintage: dict[str, dict[str, Any]],
    layout: Layout,
    children: dict[str, list[str]],
) -> bool | None:
    """Whether ``total`` equals the sum of its components in ``vintage`` (None: not checked).

    Only figures printed on the face of a primary statement count (a note's breakdown is not
    the statement's arithmetic); fewer than two known components leave the line unchecked.
    Compared in the unit (a summary in RMB million next to a statement in RMB'000), within
    one unit of the last printed digit per figure.
    """
    concept, unit = total["concept"], total["unit"]
    if not children.get(concept):
        return None
    present = {
        row["concept"]: row
        for row in vintage.values()
        if row["unit"] == unit and row["face_statement"] is not None
    }
    own = present.get(concept)
    if own is None:
        return None

    def term(name: str, depth: int) -> list[dict[str, Any]] | None:
        # The figures that stand for `name`: its own, or else its components' (an absent
        # subtotal is the sum of what it sums).
        row = present.get(name)
        if row is not None:
            return [row]
        if depth > 8:
            return None
        found = terms(name, depth + 1)
        return [r for t in found for r in t] or None

    def terms(name: str, depth: int) -> list[list[dict[str, Any]]]:
        out, seen = [], set()
        for component in children.get(name, ()):
            line = layout.get(component)
            # Spellings of one line (its aliases) share a place: count the first present.
            slot = line["presentation_order"] if line is not None else component
            if slot in seen:
                continue
            found = term(component, depth)
            if found is not None:
                seen.add(slot)
                out.append(found)
        return out

    found = terms(concept, 0)
    if len(found) < 2:
        return None
    figures = [r for t in found for r in t]
    tolerance = sum(Decimal(1).scaleb(-r["decimals"]) for r in (*figures, own))
    return abs(sum(r["value"] for r in figures) - own["value"]) <= tolerance
