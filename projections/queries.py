"""Read-side queries over the DuckDB projection (opened read-only by the CLI)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import attrs
import duckdb

from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerDirectory, IssuerInfo
from ledger.domain.values import Period

from .layout import AS_PRESENTED, OTHER_SECTION, Layout, foots
from .sql import load_named, load_sql


def rows_of(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows of an executed statement as dicts."""
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def issuers(con: duckdb.DuckDBPyConnection) -> IssuerDirectory:
    """The issuers the projection holds (their fiscal year ends are not needed to name them)."""
    return IssuerDirectory(
        IssuerInfo(id=row["issuer"], name=row["name"], aliases=tuple(row["aliases"]))
        for row in rows_of(con.execute(load_named("issuers.sql")["issuers"]))
    )


def facts(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None = None,
    concept: str | None = None,
    period: str | None = None,
    dimensions: str | None = None,
    as_at: date | None = None,
) -> list[dict[str, Any]]:
    """Facts as at ``as_at`` (or as currently reported), in a stable order.

    ``concept`` matches a concept's name or its part after the prefix in any case, else (when
    no name matches) the words of a concept's label or name: ``revenue``, ``gross profit``.
    """
    params = {
        "issuer": issuer,
        "concept": concept,
        "words": concept_words(concept),
        "period": period,
        "dimensions": dimensions,
        "as_at": as_at,
    }
    return rows_of(con.execute(load_sql("facts.sql"), params))


def concept_words(concept: str | None) -> list[str]:
    """The lower-case words of a concept option, as the label-word match compares them."""
    return re.findall(r"[a-z0-9]+", (concept or "").lower())


def recorded_issuer(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The id of the recorded issuer whose id or alias is ``name`` (None when none is)."""
    found = con.execute(load_named("issuers.sql")["recorded_issuer"], {"name": name}).fetchone()
    return None if found is None else str(found[0])


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


def matching_concepts(
    con: duckdb.DuckDBPyConnection, *, issuer: str | None, concept: str
) -> list[str]:
    """The concepts of an issuer a ``--concept`` option names (see :func:`facts`)."""
    return sorted({row["concept"] for row in facts(con, issuer=issuer, concept=concept)})


def diff(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str,
    from_date: date,
    to_date: date,
    changed_only: bool = False,
    concept: str | None = None,
    period: str | None = None,
    statement: str | None = None,
) -> list[dict[str, Any]]:
    """Series whose as-at value differs between two dates, changed ones first; values in the
    printed scale. ``concept`` matches as in :func:`facts`; ``statement`` is a primary
    statement (``income``, ``balance``, ``cashflow``) or where a figure was printed."""
    params = {
        "issuer": issuer,
        "from_date": from_date,
        "to_date": to_date,
        "changed_only": changed_only,
        "concepts": None
        if concept is None
        else matching_concepts(con, issuer=issuer, concept=concept),
        "period": period,
        "statement": statement,
    }
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
    if period is not None:
        period = fiscal_period(con, issuer, period, statement)
    [(layout_columns,)] = con.execute(load_named("statement.sql")["layout_columns"]).fetchall()
    if layout_columns < 5:
        raise LedgerError(
            "the projection predates statement layouts; run `ledger replay` to update it"
        )
    layout = Layout(
        rows_of(
            con.execute(load_named("statement.sql")["statement_layout"], {"statement": statement})
        )
    )

    first = _statement_facts(con, issuer, statement, period, as_at)
    second = {}
    if compare_as_at is not None:
        second = _statement_facts(con, issuer, statement, period, compare_as_at)
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

    if layout.printed:
        places = _as_presented(places, statement, {k: second.get(k) or first[k] for k in places})
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
            "page": None if a is None else a["page"],
            "declared": None if a is None else a["declared"],
            "foots": foots(base, first, layout, children),
        }
        if compare_as_at is not None:
            row.update(_compared(a, b, scale, foots(base, second, layout, children)))
        lines.append(row)
    return period, lines


def _compared(
    a: dict[str, Any] | None, b: dict[str, Any] | None, scale: int, footing: bool | None
) -> dict[str, Any]:
    """The columns of the second vintage of a line (``b``) beside the first (``a``)."""
    return {
        "compare_value": None if b is None else b["value"].scaleb(-scale),
        "delta": None if a is None or b is None else (b["value"] - a["value"]).scaleb(-scale),
        "compare_document": None if b is None else b["document"],
        "compare_line": None if b is None else b["line"],
        "compare_page": None if b is None else b["page"],
        "compare_declared": None if b is None else b["declared"],
        "compare_foots": footing,
    }


def _statement_facts(
    con: duckdb.DuckDBPyConnection,
    issuer: str,
    statement: str,
    period: str | None,
    when: date | None,
) -> dict[str, dict[str, Any]]:
    """The figures of ``statement`` known on ``when``, by series id."""
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
            # Not in the taxonomy: shown on the statement a document printed it on (its latest
            # version may be a note's or a summary's reaffirming it).
            row["statement"] = row["face_statement"]
        else:
            continue
        if row["statement"] == statement:
            keep[str(row["series_id"])] = row
    return keep


PRIMARY_STATEMENTS = frozenset({"income", "balance", "cashflow"})


def _as_presented(
    places: dict[str, Any], statement: str, rows: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """When no line is the taxonomy's (an SEC filer's us-gaap statement), the statement is laid
    out as its filings present it, under its own heading instead of "Other lines", each line
    as deep as its filing's presentation linkbase puts it (the shallowest shown at level 1)."""
    if not places or any(p.section != OTHER_SECTION[0] for p in places.values()):
        return places

    def level(key: str, place: Any) -> int:
        depth = rows[key].get("presented_depth")
        return place.level if depth is None else int(depth) + 1

    return {
        key: attrs.evolve(p, section=statement, section_label=AS_PRESENTED, level=level(key, p))
        for key, p in places.items()
    }


#: A fiscal year that is not a calendar year lasts 52 or 53 weeks (364 or 371 days); months
#: rounded to their ends make it 365 or 366.
_YEAR_DAYS = range(350, 381)


def _is_year(start: date | None, end: date) -> bool:
    return start is not None and (end - start).days + 1 in _YEAR_DAYS


def fiscal_period(con: duckdb.DuckDBPyConnection, issuer: str, period: str, statement: str) -> str:
    """The period an ``FY2023`` names for an issuer: the calendar year when the issuer reports
    it, else its fiscal year ending in 2023 (Apple's 2022-09-25..2023-09-30), or that year's
    closing balance sheet date. Other labels are returned as given."""
    if not (period.startswith("FY") and period[2:].isdigit()):
        return period
    rows = rows_of(con.execute(load_named("statement.sql")["issuer_periods"], {"issuer": issuer}))
    if any(r["period"] == period for r in rows):
        return period
    year = int(period[2:])
    years = [
        r
        for r in rows
        if _is_year(r["period_start"], r["period_end"]) and r["period_end"].year == year
    ]
    if not years:
        return period
    chosen = max(years, key=lambda r: (r["period_end"], r["period_start"]))
    return chosen["period_end"].isoformat() if statement == "balance" else str(chosen["period"])


def _is_annual(row: dict[str, Any], statement: str) -> bool:
    if statement == "balance":
        return row["period_start"] is None
    return row["period"].startswith("FY") or _is_year(row["period_start"], row["period_end"])


def why_empty(
    con: duckdb.DuckDBPyConnection,
    *,
    issuer: str | None,
    asked: str,
    statement: str | None = None,
    concept: str | None = None,
    period: str | None = None,
    as_at: date | None = None,
) -> str:
    """One line saying why a question found nothing, and what the ledger holds instead.

    Args:
        issuer: the issuer asked about (None: every issuer).
        asked: what was asked, for the message ("no facts of oneconnect for FY2030").
        statement: the primary statement asked about (its periods are listed).
        concept: the concept option asked about (the periods of the concepts it matches are
            listed).
        period: the period asked about: a duration where the statement has dates (a balance
            sheet) or the reverse is named as such, with the nearest one to try.
        as_at: the as-at date asked about.
    """
    params = {"issuer": issuer, "statement": statement, "as_at": as_at}
    [row] = rows_of(con.execute(load_named("coverage.sql")["coverage"], params))
    whose = f" of {issuer}" if issuer else ""
    first, last = row["first_published"], row["last_published"]
    if first is None:
        return f"{asked}: no disclosure{whose} is recorded"
    if as_at is not None and first > as_at:
        return (
            f"{asked}: nothing{whose} was published on or before {as_at.isoformat()}; "
            f"the first disclosure{whose} was published on {first.isoformat()}"
        )
    dates, durations = row["dates"], row["durations"]
    kind = f"{statement} statement " if statement else ""
    if concept:
        found = {Period.parse(r["period"]) for r in facts(con, issuer=issuer, concept=concept)}
        ordered = sorted(found, key=lambda p: (p.end, -(p.start or p.end).toordinal()))
        dates = [p.label for p in ordered if p.is_instant]
        durations = [p.label for p in ordered if not p.is_instant]
        kind = f"{concept!r} "
    held = "; ".join(
        part
        for part in (
            f"durations {_some(durations)}" if durations else "",
            f"dates {_some(dates)}" if dates else "",
        )
        if part
    )
    hint = _period_hint(period, dates, durations)
    published = f"published {first.isoformat()} to {last.isoformat()}"
    if not held:
        return f"{asked}{hint}: no {kind}figures{whose} are known; disclosures {published}"
    return f"{asked}{hint}; {kind}figures{whose} exist for {held} ({published})"


def _some(labels: list[str], most: int = 12) -> str:
    """A list of period labels on one line: all of them, or the first and last few."""
    if len(labels) <= most:
        return ", ".join(labels)
    return f"{', '.join(labels[:3])}, ..., {', '.join(labels[-(most - 4) :])} ({len(labels)})"


def _period_hint(period: str | None, dates: list[str], durations: list[str]) -> str:
    """`` (figures are at dates: try 2023-12-31)`` when a duration was asked of dates, or the
    reverse; empty when the period's kind is right or no period was asked."""
    if period is None or period in dates or period in durations:
        return ""
    try:
        asked = Period.parse(period)
    except LedgerError:
        return ""
    end = asked.end.isoformat()
    if asked.start is not None and not durations and dates:
        try_ = end if end in dates else dates[-1]
        return f" (these figures are at dates, not for periods: try {try_})"
    if asked.start is None and not dates and durations:
        # The longest period ending on that date: the year rather than its last quarter.
        ending = [p for p in map(Period.parse, durations) if p.end == asked.end]
        try_ = min(ending, key=lambda p: p.start or p.end).label if ending else durations[-1]
        return f" (these figures are for periods, not at dates: try {try_})"
    return ""
