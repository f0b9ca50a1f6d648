"""Read-side queries over the DuckDB projection (opened read-only by the CLI)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import duckdb

from ledger.domain.errors import LedgerError

from .sql import load_named, load_sql


def rows_of(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows of an executed statement as dicts."""
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def facts(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None = None,
    concept: str | None = None,
    period: str | None = None,
    dimensions: str | None = None,
    as_at: date | None = None,
) -> list[dict[str, Any]]:
    """Facts as at ``as_at`` (or as currently reported), in a stable order."""
    params = {
        "issuer": issuer,
        "concept": concept,
        "period": period,
        "dimensions": dimensions,
        "as_at": as_at,
    }
    return rows_of(con.execute(load_sql("facts.sql"), params))


def restatements(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None = None,
    period: str | None = None,
    unexplained: bool = False,
) -> list[dict[str, Any]]:
    """Restatements with their tie-outs (a list of dicts per row)."""
    params = {"issuer": issuer, "period": period, "unexplained": unexplained}
    return rows_of(con.execute(load_named("restatements.sql")["restatements"], params))


def diff(
    con: duckdb.DuckDBPyConnection, *, issuer: str, from_date: date, to_date: date
) -> list[dict[str, Any]]:
    """Series whose as-at value differs between two dates; values in the printed scale."""
    params = {"issuer": issuer, "from_date": from_date, "to_date": to_date}
    rows = rows_of(con.execute(load_named("diff.sql")["diff"], params))
    for row in rows:
        scale = row["scale"]
        before, after = row.pop("from_amount"), row.pop("to_amount")
        row["from_value"] = None if before is None else before.scaleb(-scale)
        row["to_value"] = None if after is None else after.scaleb(-scale)
        row["delta"] = None if before is None or after is None else (after - before).scaleb(-scale)
    return rows


def statement(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str,
    statement: str,
    period: str | None,
    as_at: date | None,
    compare_as_at: date | None = None,
) -> tuple[str | None, list[dict[str, Any]]]:
    """A primary statement as known on ``as_at`` (and ``compare_as_at``), laid out.

    Lines are laid out by the taxonomy (the projection's ``concepts``): presentation order,
    indentation ``level``, ``row_kind`` (``line`` or ``subtotal``) and ``section`` with its
    heading (``section_label``). A line the taxonomy does not know is shown when the document
    printed it on that statement, where the document printed it: just above the first taxonomy
    line below it, one level in when that line is a total (a component of it); lines with no
    taxonomy line below them come last, in section ``other``, in the document's order.

    Every line that is the sum of others carries ``foots``: whether it equals the sum of its
    components as known on that date (None when fewer than two of them are known). An absent
    subtotal counts as the sum of its own components; lines the document prints above a total
    count as its components.

    Returns:
        The period shown and one row per line item.

    Raises:
        LedgerError: the projection file predates statement layouts (run ``ledger replay``).
    """
    [(layout_columns,)] = con.execute(load_named("statement.sql")["layout_columns"]).fetchall()
    if layout_columns < 5:
        raise LedgerError(
            "the projection predates statement layouts; run `ledger replay` to update it"
        )
    layout = _Layout(
        rows_of(
            con.execute(load_named("statement.sql")["statement_layout"], {"statement": statement})
        )
    )

    def fetch(when: date | None) -> dict[str, dict[str, Any]]:
        rows = rows_of(
            con.execute(
                load_named("statement.sql")["statement_facts"],
                {"issuer": issuer, "period": period, "as_at": when},
            )
        )
        keep: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["taxonomy_statement"] is not None:
                row["statement"] = row["taxonomy_statement"]
                row["label"] = row["standard_label"]
            elif row["face_statement"] is not None:
                # Not in the taxonomy: shown on the statement a document printed it on (its
                # latest version may be a note's or a summary's reaffirming it).
                row["statement"] = row["face_statement"]
            else:
                continue
            if row["statement"] == statement:
                keep[str(row["series_id"])] = row
        return keep

    first = fetch(as_at)
    second = fetch(compare_as_at) if compare_as_at is not None else {}
    if period is None:
        candidates = [r for r in (*first.values(), *second.values()) if _is_annual(r, statement)]
        if not candidates:
            return None, []
        latest = max(candidates, key=lambda r: r["period_end"])
        period = latest["period"]
        first = {k: v for k, v in first.items() if v["period"] == period}
        second = {k: v for k, v in second.items() if v["period"] == period}

    # Once a document printed this statement, a taxonomy line known only from a note or a
    # summary is not one of its lines: it is listed after them.
    layout.printed = any(r["face_statement"] for r in (*first.values(), *second.values()))
    places = {key: layout.place(second.get(key) or first[key]) for key in {*first, *second}}

    def order(key: str) -> tuple[Any, ...]:
        # Per-share and per-ADS lines share a concept and an order: unit and series id break
        # the tie, so the layout never depends on set iteration order.
        row = second.get(key) or first[key]
        return (*places[key].sort, row["concept"], row["unit"], key)

    keys = sorted(places, key=order)
    children = layout.children({(second.get(k) or first[k])["concept"]: places[k] for k in keys})
    lines = []
    for key in keys:
        a, b = first.get(key), second.get(key)
        base = b or a
        if base is None:  # pragma: no cover - every key comes from one of the two
            continue
        place = places[key]
        scale = base["scale"]
        row = {
            "line_item": base["label"],
            "concept": base["concept"],
            "unit": base["unit"],
            "scale": scale,
            "decimals": base["decimals"],
            "level": place.level,
            "row_kind": "subtotal" if place.total else "line",
            "section": place.section,
            "section_label": place.section_label,
            "value": None if a is None else a["value"].scaleb(-scale),
            "document": None if a is None else a["document"],
            "line": None if a is None else a["line"],
            "declared": None if a is None else a["declared"],
            "foots": _foots(base, first, layout, children),
        }
        if compare_as_at is not None:
            row["compare_value"] = None if b is None else b["value"].scaleb(-scale)
            row["delta"] = (
                None if a is None or b is None else (b["value"] - a["value"]).scaleb(-scale)
            )
            row["compare_document"] = None if b is None else b["document"]
            row["compare_line"] = None if b is None else b["line"]
            row["compare_declared"] = None if b is None else b["declared"]
            row["compare_foots"] = _foots(base, second, layout, children)
        lines.append(row)
    return period, lines


#: Section of the lines the layout cannot place: printed with the statement but with no taxonomy
#: line below them, or known only from a note or a summary.
OTHER_SECTION = ("other", "Other lines")
_LAST = 1 << 30


@attrs.frozen
class _Place:
    """Where a line goes on the statement, and the line it adds into (None: none, or the
    taxonomy's)."""

    sort: tuple[int, int, int, int, int]
    level: int
    total: bool
    section: str
    section_label: str
    parent: str | None = None


class _Layout:
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

    def place(self, row: dict[str, Any]) -> _Place:
        """Where ``row`` goes: a taxonomy line at its place, or under the total its document
        prints below it; a document-only line just above the taxonomy line below it."""
        own = self.get(row["concept"])
        if own is not None and self.printed and row["face_statement"] is None:
            sort = (_LAST, 0, own["presentation_order"], 0, 0)
            return _Place(sort, 1, False, *OTHER_SECTION)
        if own is not None:
            heading = (own["section"], own["section_label"])
            parent = self.parent_of.get(own["concept"])
            if own["components"] or own["is_total"] or parent is None:
                order = own["presentation_order"]
                return _Place((order, 1, 0, 0, 0), own["level"], own["is_total"], *heading)
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
                return _Place(sort, total["level"] + 1, False, *heading, parent=total["concept"])
            sort = (self._group(own), 0, own["presentation_order"], 1, 0)
            return _Place(sort, own["level"], False, *heading)
        anchor = self.get(row["next_concept"])
        if anchor is None:
            return _Place((_LAST, 0, 0, 0, row["line"]), 1, False, *OTHER_SECTION)
        heading = (anchor["section"], anchor["section_label"])
        if anchor["components"] or anchor["is_total"]:
            # Printed above a total: one of its components.
            sort = (anchor["presentation_order"], 0, _LAST, 0, row["line"])
            level = anchor["level"] + 1
            return _Place(sort, level, False, *heading, parent=anchor["concept"])
        # Printed above a plain line: beside it, adding into the same total.
        sort = (self._group(anchor), 0, anchor["presentation_order"], 0, row["line"])
        parent = self.parent_of.get(anchor["concept"])
        return _Place(sort, anchor["level"], False, *heading, parent=parent)

    def children(self, places: dict[str, _Place]) -> dict[str, list[str]]:
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


def _foots(
    total: dict[str, Any],
    vintage: dict[str, dict[str, Any]],
    layout: _Layout,
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


PRIMARY_STATEMENTS = frozenset({"income", "balance", "cashflow"})


def _is_annual(row: dict[str, Any], statement: str) -> bool:
    if statement == "balance":
        return row["period_start"] is None
    return row["period"].startswith("FY")
