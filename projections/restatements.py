"""The ``restatements`` and ``tieouts`` tables: detected restatements, judged by the domain.

Recomputed, from everything the projection holds, for every restating disclosure whose
verdicts a replay's events can change (``sql/touch_restatements.sql``; a rebuild judges all);
the verdicts are pure functions of that state, so they are the same for every ingestion order
and improve as soon as a document with more evidence arrives.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Context as DecimalContext
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar
from uuid import UUID

import attrs
import duckdb
import pyarrow as pa

from ledger.domain.restatements import (
    Assessment,
    Context,
    Declaration,
    Detected,
    Discontinued,
    Earlier,
    Evidence,
    Side,
    applies_to,
    assess,
    infer_statement,
)
from ledger.domain.values import Dimensions, Period

from .queries import rows_of
from .sql import load_named, load_sql
from .staging import staged

T = TypeVar("T")


#: The input columns of each end of a restatement (restatement_inputs.sql), in the order of
#: Side's fields: ``p_`` the previous value, ``n_`` the new one.
_SIDE_COLUMNS = {
    prefix: tuple(
        f"{prefix}_{name}" for name in ("id", "on", "value", "dec", "doc", "line", "label", "page")
    )
    for prefix in ("p", "n")
}


def _side(row: dict[str, Any], prefix: str) -> Side:
    """One end of a restatement from the ``p_`` (previous) or ``n_`` (new) input columns."""
    key, *rest = _SIDE_COLUMNS[prefix]
    return Side(_uuid_of(row[key]), *(row[name] for name in rest))


def _from_row(cls: type[T], row: dict[str, Any], **converted: Any) -> T:
    """Build an attrs value from a query row: its fields by name, ``converted`` ones given."""
    names = [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]
    fields = {name: row[name] for name in names if name in row}
    return cls(**{**fields, **converted})


@lru_cache(maxsize=4096)
def _dims(key: str) -> Dimensions:
    # Cached: a large ledger has few distinct dimension sets and periods, and the values are
    # immutable, so one instance each serves every row.
    return Dimensions.parse(key)


@lru_cache(maxsize=4096)
def _period(start: date | None, end: date) -> Period:
    return Period(start=start, end=end)


@lru_cache(maxsize=4096)
def _parse_period(label: str) -> Period:
    return Period.parse(label)


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else _uuid_of(str(value))


@lru_cache(maxsize=65536)
def _uuid_of(text: str) -> UUID:
    # Cached: a disclosure's id recurs in every restatement it makes.
    return UUID(text)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute restatements and tie-outs of the disclosures in ``touched_restating``, and
    fact declarations of those in ``touched_declaring`` (see ``sql/touch_restatements.sql``).

    Args:
        con: the projection, inside the replay's transaction.
    """
    refresh_verdicts(con)
    refresh_declarations(con)


def _declarations(con: duckdb.DuckDBPyConnection) -> list[Declaration]:
    named = load_named("restatement_context.sql")
    return [
        _from_row(
            Declaration,
            r,
            disclosure_id=_uuid(r["disclosure_id"]),
            periods=tuple(r["periods"]),
        )
        for r in rows_of(con.execute(named["declarations"]))
    ]


def refresh_declarations(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``fact_declarations`` for the disclosures in ``touched_declaring``: which
    restatement declarations of its own disclosure speak about each fact."""
    con.execute(
        "DELETE FROM fact_declarations"
        " WHERE disclosure_id IN (SELECT disclosure_id FROM touched_declaring)"
    )
    ctx = Context.build(declarations=_declarations(con), discontinued=(), evidence=())
    _declared_facts(con, ctx)


def _earlier(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple[Any, ...]]:
    """The figures the restated disclosures stated beside the restated ones (Context.earlier)."""
    return [
        (
            _uuid(r["previous_id"]),
            _uuid(r["new_id"]),
            r["period"],
            r["unit"],
            Earlier(
                concept=r["concept"],
                value=r["value"],
                decimals=r["decimals"],
                new_value=r["new_value"],
                new_decimals=r["new_decimals"],
            ),
        )
        for r in rows_of(con.execute(query))
    ]


def refresh_verdicts(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``restatements`` and ``tieouts`` of the disclosures in ``touched_restating``:
    every restatement they made, judged by the domain's rules from everything the projection
    holds."""
    named = load_named("restatement_context.sql")
    ctx = Context.build(
        declarations=_declarations(con),
        discontinued=[
            _from_row(Discontinued, r) for r in rows_of(con.execute(named["discontinued"]))
        ],
        evidence=[
            (
                r["issuer"],
                _from_row(
                    Evidence,
                    r,
                    period=_period(r["period_start"], r["period_end"]),
                    dimensions=_dims(r["dimensions"]),
                    disclosure_id=_uuid(r["disclosure_id"]),
                ),
            )
            for r in rows_of(con.execute(named["evidence"]))
        ],
        earlier=_earlier(con, named["earlier_figures"]),
        calculations=[
            (_uuid(r["disclosure_id"]), r["total"], r["component"], r["weight"])
            for r in rows_of(con.execute(named["calculations"]))
        ],
    )
    detected: list[tuple[Detected, dict[str, Any]]] = []
    for r in rows_of(con.execute(load_sql("restatement_inputs.sql"))):
        period = _parse_period(r["period"])
        detected.append(
            (
                Detected(
                    series_id=_uuid(r["series_id"]),
                    issuer=r["issuer"],
                    concept=r["concept"],
                    period=period,
                    dimensions=_dims(r["dimensions"]),
                    unit=r["unit"],
                    statement=infer_statement(r["concept"], period, r["n_statement"]),
                    previous=_side(r, "p"),
                    new=_side(r, "n"),
                ),
                r,
            )
        )
    by_disclosure: dict[UUID, list[Detected]] = defaultdict(list)
    for d, _ in detected:
        by_disclosure[d.new.disclosure_id].append(d)

    rows: list[tuple[Any, ...]] = []
    ties: list[tuple[Any, ...]] = []
    for d, raw in detected:
        verdict = assess(d, ctx, by_disclosure[d.new.disclosure_id])
        scale = raw["n_scale"]
        rows.append(_row(d, raw, verdict, scale))
        ties.extend(
            (
                raw["series_id"],
                d.issuer,
                d.concept,
                raw["period"],
                raw["dimensions"],
                raw["n_id"],
                t.rule,
                None if t.expected is None else str(t.expected.scaleb(-scale)),
                str(t.actual.scaleb(-scale)),
                str(t.tolerance.scaleb(-scale)),
                t.passed,
                t.evidence,
            )
            for t in verdict.tieouts
        )

    for table in ("restatements", "tieouts"):
        con.execute(
            f"DELETE FROM {table}"
            " WHERE restated_disclosure_id IN (SELECT disclosure_id FROM touched_restating)"
        )
    for table, columns, data in (
        ("restatements", _RESTATEMENT_COLUMNS, rows),
        ("tieouts", _TIEOUT_COLUMNS, ties),
    ):
        if not data:
            continue
        with staged(con, staged_rows=_table(columns, data)):
            names = ", ".join(name for name, _ in columns)
            # The names are ours (the column lists below), not input.
            con.execute(f"INSERT INTO {table} ({names}) SELECT * FROM staged_rows")


def _declared_facts(con: duckdb.DuckDBPyConnection, ctx: Context) -> None:
    """Insert which facts the restatement declarations of their own disclosure speak about.

    The verdict depends on the fact's period, primary statement and disclosure only: each
    distinct combination is judged once here, and SQL fans it out to the facts.
    """
    sql = load_named("declared_facts.sql")
    con.execute(sql["base"])
    primary = []
    for concept, start, end, printed in con.execute(sql["statements"]).fetchall():
        period = _period(start, end)
        statement = infer_statement(concept, period, printed)
        primary.append((concept, start, end, printed, statement))
    if not primary:
        return
    with staged(con, staged_statements=_table(_STATEMENT_COLUMNS, primary)):
        declared = []
        for disclosure, start, end, statement, published_on, current_end in con.execute(
            sql["keys"]
        ).fetchall():
            period = _period(start, end)
            names = sorted(
                {
                    f"{d.kind} ({d.standard})" if d.standard else d.kind
                    for d in ctx.declarations.get(_uuid(disclosure), ())
                    if applies_to(
                        d, period, statement, published_on, current_period_end=current_end
                    )
                }
            )
            if names:
                declared.append(
                    (
                        str(disclosure),
                        start,
                        end,
                        statement,
                        published_on,
                        current_end,
                        "; ".join(names),
                    )
                )
        if declared:
            with staged(con, staged_declared=_table(_DECLARED_COLUMNS, declared)):
                con.execute(sql["insert"])


_STATEMENT_COLUMNS = (
    ("concept", pa.string()),
    ("period_start", pa.date32()),
    ("period_end", pa.date32()),
    ("statement", pa.string()),
    ("primary_statement", pa.string()),
)
_DECLARED_COLUMNS = (
    ("disclosure_id", pa.string()),
    ("period_start", pa.date32()),
    ("period_end", pa.date32()),
    ("primary_statement", pa.string()),
    ("published_on", pa.date32()),
    ("disclosure_period_end", pa.date32()),
    ("declared", pa.string()),
)


def _table(columns: tuple[tuple[str, pa.DataType], ...], rows: list[tuple[Any, ...]]) -> pa.Table:
    data = list(zip(*rows, strict=True))
    return pa.table({name: pa.array(data[i], kind) for i, (name, kind) in enumerate(columns)})


#: The widest change ``restatements.delta_pct`` (DECIMAL(18, 4)) holds, and a context wide
#: enough to compute any change of two stored figures (28 integer digits, 10 places each).
_MAX_PERCENT = Decimal(10) ** 14
_WIDE = DecimalContext(prec=100)


def _percent(delta: Decimal, previous: Decimal) -> Decimal | None:
    """The change in percent of the figure before it, to four places; none when there is no
    such figure (0) or the change is too large to mean anything (10^-10 restated as 10^20:
    the default 28-digit context failed on it, and every replay with it)."""
    if previous == 0:
        return None
    pct = _WIDE.multiply(_WIDE.divide(delta, abs(previous)), Decimal(100))
    if abs(pct) >= _MAX_PERCENT:
        return None
    return pct.quantize(Decimal("0.0001"), context=_WIDE)


def _row(d: Detected, raw: dict[str, Any], verdict: Assessment, scale: int) -> tuple[Any, ...]:
    """A ``restatements`` row (``_RESTATEMENT_COLUMNS``); ids, period and dimensions as the
    input row spelled them."""
    previous = d.previous.value.scaleb(-scale)
    restated = d.new.value.scaleb(-scale)
    delta = restated - previous
    pct = _percent(delta, previous)
    return (
        raw["series_id"],
        d.issuer,
        d.concept,
        d.new.label,
        d.statement,
        raw["period"],
        d.period.end,
        raw["dimensions"],
        d.unit,
        scale,
        min(d.previous.decimals, d.new.decimals),
        str(previous),
        # Provenance of the original figure: the document that first printed it (a later
        # repetition of the same figure is listed in repeated_in, see restatement_inputs.sql).
        raw["o_id"],
        raw["o_doc"],
        raw["o_line"],
        raw["o_on"],
        str(restated),
        raw["n_id"],
        d.new.document,
        d.new.line,
        d.new.published_on,
        str(delta),
        None if pct is None else str(pct),
        verdict.kind,
        verdict.explained,
        verdict.explanation,
        verdict.basis,
        list(verdict.flags),
        raw["o_page"],
        d.new.page,
        list(raw["repeated_in"]),
    )


# The staged rows of the verdict tables, column by column. Ids and decimals are text: DuckDB
# casts them on insert (exactly, from the text Python made).
_TEXT, _DATE, _INT, _BOOL = pa.string(), pa.date32(), pa.int32(), pa.bool_()
_RESTATEMENT_COLUMNS = (
    ("series_id", _TEXT),
    ("issuer", _TEXT),
    ("concept", _TEXT),
    ("label", _TEXT),
    ("statement", _TEXT),
    ("period", _TEXT),
    ("period_end", _DATE),
    ("dimensions", _TEXT),
    ("unit", _TEXT),
    ("scale", _INT),
    ("decimals", _INT),
    ("original_value", _TEXT),
    ("original_disclosure_id", _TEXT),
    ("original_document", _TEXT),
    ("original_line", _INT),
    ("original_published_on", _DATE),
    ("restated_value", _TEXT),
    ("restated_disclosure_id", _TEXT),
    ("restated_document", _TEXT),
    ("restated_line", _INT),
    ("restated_published_on", _DATE),
    ("delta", _TEXT),
    ("delta_pct", _TEXT),
    ("kind", _TEXT),
    ("explained", _BOOL),
    ("explanation", _TEXT),
    ("basis", _TEXT),
    ("flags", pa.list_(_TEXT)),
    ("original_page", _INT),
    ("restated_page", _INT),
    ("repeated_in", pa.list_(_TEXT)),
)
_TIEOUT_COLUMNS = (
    ("series_id", _TEXT),
    ("issuer", _TEXT),
    ("concept", _TEXT),
    ("period", _TEXT),
    ("dimensions", _TEXT),
    ("restated_disclosure_id", _TEXT),
    ("rule", _TEXT),
    ("expected", _TEXT),
    ("actual", _TEXT),
    ("tolerance", _TEXT),
    ("passed", _BOOL),
    ("evidence", _TEXT),
)
