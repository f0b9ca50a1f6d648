"""Restatement commands: ``restatements``, ``diff`` and ``statement``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from ledger.projections import queries

from .options import date_option, issuer_id, period_label
from .read_cmd import projection, say_why_empty
from .render import emit, figure_display, format_option, place_display

RESTATEMENT_COLUMNS = (
    "issuer",
    "concept",
    "period",
    "dimensions",
    "original_value",
    "restated_value",
    "delta",
    "unit",
    "kind",
    "explained",
    "restated_published_on",
    "restated_document",
)
RESTATEMENT_DROP = ("issuer", "restated_document", "restated_published_on", "explained", "kind")
RESTATEMENT_DATA_COLUMNS = (
    "issuer",
    "concept",
    "label",
    "statement",
    "period",
    "dimensions",
    "unit",
    "scale",
    "decimals",
    "original_value",
    "original_document",
    "original_line",
    "original_published_on",
    "repeated_in",
    "restated_value",
    "restated_document",
    "restated_line",
    "restated_published_on",
    "delta",
    "delta_pct",
    "kind",
    "explained",
    "explanation",
    "basis",
    "flags",
    "tieouts",
    "original_page",
    "restated_page",
)


@click.command("restatements")
@click.option("--issuer", metavar="ID", help="Issuer id, stock code or ticker.")
@click.option("--period", metavar="P", help="Period restated: FY2023, 2023-12-31, ...")
@click.option("--unexplained", is_flag=True, help="Only the changes nothing explains (flagged).")
@format_option
@click.pass_obj
def restatements_cmd(
    loc: Any, issuer: str | None, period: str | None, unexplained: bool, fmt: str
) -> None:
    """List every figure a later disclosure changed, with its kind and explanation.

    A restatement is explained when its change ties out to something declared: a disclosed
    discontinued-operation amount (IFRS 5), an equal and opposite move (IAS 1), or a note
    declaring the restatement. Everything else is flagged.

    \b
    Example:
      ledger restatements --issuer oneconnect --period FY2023 --format json
      ledger restatements --unexplained
    """
    with projection(loc) as con:
        rows = queries.restatements(
            con,
            issuer=issuer_id(issuer, queries.issuers(con)),
            period=period_label(period),
            unexplained=unexplained,
        )
    if fmt == "table":
        display = figure_display("original_value", "restated_value", "delta")
        emit(rows, RESTATEMENT_COLUMNS, fmt, display=display, drop=RESTATEMENT_DROP)
    else:
        emit(rows, RESTATEMENT_DATA_COLUMNS, fmt)


DIFF_COLUMNS = (
    "change",
    "concept",
    "period",
    "dimensions",
    "from_value",
    "to_value",
    "delta",
    "unit",
    "to_document",
    "to_line",
)


STATEMENTS = ("income", "balance", "cashflow")


@click.command()
@click.option("--issuer", metavar="ID", required=True, help="Issuer id, stock code or ticker.")
@date_option("--from", "The earlier as-at date.")
@date_option("--to", "The later as-at date.")
@click.option(
    "--changed-only", is_flag=True, help="Only figures whose value changed (no appeared ones)."
)
@click.option("--concept", metavar="C", help="Concept, by name or label words: Revenue.")
@click.option("--period", metavar="P", help="Period: FY2023, 2023-12-31, ...")
@click.option(
    "--statement", "which", type=click.Choice(STATEMENTS), help="Only one primary statement."
)
@format_option
@click.pass_obj
def diff(
    loc: Any,
    issuer: str,
    changed_only: bool,
    concept: str | None,
    period: str | None,
    which: str | None,
    fmt: str,
    **dates: date | None,
) -> None:
    """Every fact whose as-at value differs between two dates, and facts that appear or
    disappear: changed figures first, then disappeared, then appeared ones.

    \b
    Example:
      ledger diff --issuer oneconnect --from 2024-06-30 --to 2025-06-30 --changed-only
      ledger diff --issuer OCFT --from 2024-06-30 --to 2025-06-30 --statement income
    """
    from_date, to_date = dates.get("from"), dates.get("to")
    if from_date is None or to_date is None:
        raise click.UsageError("give both --from DATE and --to DATE")
    when = period_label(period)
    with projection(loc) as con:
        who = issuer_id(issuer, queries.issuers(con)) or ""
        rows = queries.diff(
            con,
            issuer=who,
            from_date=from_date,
            to_date=to_date,
            changed_only=changed_only,
            concept=concept,
            period=when,
            statement=which,
        )
        if not rows:
            what = "changes" if changed_only else "differences"
            what += f" from {from_date.isoformat()} to {to_date.isoformat()}"
            say_why_empty(
                con, what, issuer=who, concept=concept, period=when, as_at=to_date, statement=which
            )
    columns = (
        DIFF_COLUMNS
        if fmt == "table"
        else (*DIFF_COLUMNS, "scale", "from_document", "from_line", "from_page", "to_page")
    )
    display = {
        **figure_display("from_value", "to_value", "delta"),
        **place_display("to_line", "to_page"),
    }
    emit(rows, columns, fmt, display=display, drop=("to_document", "to_line"))


@click.command()
@click.option("--issuer", metavar="ID", required=True, help="Issuer id, stock code or ticker.")
@click.option(
    "--statement",
    "which",
    type=click.Choice(["income", "balance", "cashflow"]),
    required=True,
    help="Which primary statement.",
)
@click.option("--period", metavar="P", help="FY2023, 2023-12-31, ... (default: the latest).")
@date_option("--as-at", "Show the statement as the market saw it on this date.")
@date_option("--compare-as-at", "A second date: both vintages side by side, with deltas.")
@format_option
@click.pass_obj
def statement(
    loc: Any,
    issuer: str,
    which: str,
    period: str | None,
    as_at: date | None,
    compare_as_at: date | None,
    fmt: str,
) -> None:
    """A primary statement as the market saw it on a date, laid out as printed.

    Lines come in presentation order under their section headings, components indented under
    the total they add up to, a rule above each total. A total's `foots` says whether it equals
    the sum of its components printed on the face of the statement (blank: fewer than two are
    known). CSV and JSON carry one row per figure with `level`, `row_kind` (line or subtotal),
    `section` and `section_label`, so a spreadsheet can rebuild the layout.

    \b
    Example:
      ledger statement --issuer OCFT --statement income --period FY2023 --as-at 2024-06-30
      ledger statement --issuer OCFT --statement income --period FY2023 \\
          --as-at 2024-06-30 --compare-as-at 2025-06-30
      ledger statement --issuer sensetime --statement balance --period 2023-12-31 --format csv
    """
    when = period_label(period)
    with projection(loc) as con:
        who = issuer_id(issuer, queries.issuers(con)) or ""
        shown, rows = queries.statement(
            con,
            issuer=who,
            statement=which,
            period=when,
            as_at=as_at,
            compare_as_at=compare_as_at,
        )
        if not rows:
            what = f"{which} statement lines"
            say_why_empty(con, what, issuer=who, period=when, as_at=as_at, statement=which)
    figures = ["value"] + (["compare_value", "delta"] if compare_as_at is not None else [])
    columns = ["line_item", *figures, "unit", "concept", "document", "line", "declared"]
    if compare_as_at is not None:
        columns += ["compare_declared"]
    columns += ["foots"] + (["compare_foots"] if compare_as_at is not None else [])
    if fmt != "table":
        columns += ["level", "row_kind", "section", "section_label", "scale", "decimals"]
        columns += ["compare_document", "compare_line"] if compare_as_at else []
        # The pages of PDF figures last: the columns before them keep their places.
        columns += ["page"] + (["compare_page"] if compare_as_at else [])
        emit(rows, columns, fmt)
        return
    when = as_at.isoformat() if as_at else "now"
    title = f"{who} {which} statement, {shown or 'no period'}, as at {when}"
    if compare_as_at:
        title += f" vs {compare_as_at.isoformat()}"
    click.echo(title)
    display = {
        column: _blank_on_headings(show)
        for column, show in {
            **figure_display("value", "compare_value", "delta"),
            **place_display("line", "page"),
        }.items()
    }
    emit(
        _with_headings(rows),
        columns,
        fmt,
        display=display,
        indent=lambda row: 2 * int(row.get("level") or 0),
        drop=("document", "line", "compare_declared", "declared", "compare_foots", "concept"),
        rule_above=lambda row: figures if row.get("row_kind") == "subtotal" else (),
    )


def _with_headings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The table shows each section's heading above its first line (CSV and JSON carry it as
    # `section_label` on every row instead, so each of their rows is one figure).
    out: list[dict[str, Any]] = []
    section = ""
    for row in rows:
        if row["section"] != section:
            section = row["section"]
            if row["section_label"]:
                out.append({"line_item": row["section_label"], "row_kind": "heading", "level": 0})
        out.append(row)
    return out


def _blank_on_headings(
    show: Callable[[dict[str, Any]], str],
) -> Callable[[dict[str, Any]], str]:
    return lambda row: "" if row.get("row_kind") == "heading" else show(row)
