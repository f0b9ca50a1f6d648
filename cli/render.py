"""One renderer for every listing command: ``--format table|csv|json``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Context, Decimal
from typing import Any, TypeVar
from uuid import UUID

import click

from .table import WIDE, fit, table_width, wide_option, wrap, wrap_header

FORMATS = ("table", "csv", "json")
F = TypeVar("F", bound=Callable[..., Any])


def format_option(func: F) -> F:
    """Add ``--format table|csv|json`` and ``--wide`` (the table in full) to a listing
    command."""
    func = wide_option(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format: an aligned table, CSV, or JSON (a list of objects).",
    )(func)


def scaled_unit(unit: str, scale: int) -> str:
    """How a unit is printed at a scale: RMB'000, RMB million, '000 shares."""
    if scale == 0:
        return unit
    if unit.isalpha() and unit.isupper():
        return {
            3: f"{unit}'000",
            4: f"{unit} 10,000",
            6: f"{unit} million",
            9: f"{unit} billion",
        }.get(scale, f"{unit} x10^{scale}")
    return {3: f"'000 {unit}", 6: f"million {unit}"}.get(scale, f"x10^{scale} {unit}")


def printed_places(decimals: int | None, scale: int | None) -> int:
    """Decimal places of a figure as printed, from its precision and scale."""
    if decimals is None:
        return 0
    return max(0, decimals + (scale or 0))


#: Enough digits for any stored figure at any precision it may declare (28 integer digits,
#: 27 places): the default context's 28 digits made a large figure stated finely unprintable.
_WIDE = Context(prec=100)


def format_number(value: Decimal, places: int, *, brackets: bool = True) -> str:
    """``-368212`` -> ``(368,212)``: the way financial statements print amounts.

    Ratios and percentages keep a minus sign (``brackets=False``), as documents print them.
    """
    quantized = value.quantize(Decimal(1).scaleb(-places), context=_WIDE)
    text = f"{abs(quantized):,.{places}f}"
    if quantized >= 0:
        return text
    return f"({text})" if brackets else f"-{text}"


def plain_number(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: ``3667508.0000`` -> ``3667508``."""
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        return str(normalized.quantize(Decimal(1)))
    return format(normalized, "f")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " ".join(_text_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(_json_value(value), ensure_ascii=False)
    return str(value)


def render(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    *,
    display: dict[str, Callable[[dict[str, Any]], str]] | None = None,
    indent: Callable[[dict[str, Any]], int] | None = None,
    rule_above: Callable[[dict[str, Any]], Sequence[str]] | None = None,
    width: int | None = None,
    drop: Sequence[str] = (),
    wide: bool = False,
) -> str:
    """Render ``rows`` (dicts) in ``fmt``.

    Args:
        rows: one dict per row.
        columns: the columns, in order.
        fmt: ``table``, ``csv`` or ``json``.
        display: per-column formatters for the table format only (e.g. ``(368,212)``);
            csv and json always carry plain values (decimal strings, ISO dates).
        indent: table format only: spaces before a row's first cell (a statement's levels).
        rule_above: table format only: the columns to underline with dashes on a line of
            their own above a row (a printed statement's rule above a total); plain ASCII,
            so it survives pipes and files.
        width: table format only: the characters a line may take (None: no limit); text
            columns wrap at words to fit, then the ``drop`` columns are left out in order.
        drop: table format only: columns that may be left out, least important first.
        wide: table format only: text columns as wide as their longest value (otherwise
            they wrap at MAX_CELL characters).
    """
    if fmt == "json":
        return json.dumps(
            [{c: _json_value(row.get(c)) for c in columns} for row in rows],
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_text_value(row.get(c)) for c in columns])
        return out.getvalue().rstrip("\n")
    display = display or {}
    cells = [
        [_flat(display[c](row) if c in display else _text_value(row.get(c))) for c in columns]
        for row in rows
    ]
    if indent is not None and columns:
        for row, cell in zip(rows, cells, strict=True):
            cell[0] = " " * max(0, indent(row)) + cell[0]
    numeric = [
        all(_looks_numeric(r[i]) for r in cells if r[i]) and any(r[i] for r in cells)
        for i in range(len(columns))
    ]
    # Without a command's own order, the rightmost columns are the first left out.
    least = drop or list(reversed(columns[1:]))
    layout = fit(columns, cells, numeric, width, least, cap=None if wide else MAX_CELL)
    shown = [columns[i] for i in layout.shown]
    widths, aligned = layout.widths, [numeric[i] for i in layout.shown]

    def lines(values: Sequence[Sequence[str]]) -> list[str]:
        # A row is as tall as its most wrapped cell; the other cells stand on its first line.
        height = max(len(v) for v in values)
        out = []
        for k in range(height):
            parts = [
                (v[k] if k < len(v) else "").rjust(w)
                if num
                else (v[k] if k < len(v) else "").ljust(w)
                for v, w, num in zip(values, widths, aligned, strict=True)
            ]
            out.append("  ".join(parts).rstrip())
        return out

    out_lines = lines([wrap_header(c, w) for c, w in zip(shown, widths, strict=True)])
    out_lines.append("  ".join("-" * w for w in widths))
    for row, cell in zip(rows, cells, strict=True):
        ruled = set(rule_above(row)) if rule_above is not None else set()
        if ruled:
            marks = ["-" * w if c in ruled else " " * w for c, w in zip(shown, widths, strict=True)]
            out_lines.append("  ".join(marks).rstrip())
        values = [cell[i] for i in layout.shown]
        out_lines += lines(
            [[v] if num else wrap(v, w) for v, w, num in zip(values, widths, aligned, strict=True)]
        )
    if layout.hidden:
        note = (
            f"({len(layout.hidden)} columns left out to fit {width} characters: "
            f"{', '.join(layout.hidden)}; --wide shows them)"
        )
        out_lines += wrap(note, width or len(note))
    if not rows:
        out_lines.append("(no rows)")
    return "\n".join(out_lines)


#: Widest text column of the table format (its text wraps); csv and json carry whole values.
MAX_CELL = 64


def _flat(text: str) -> str:
    return printable(" ".join(text.split()))


def _looks_numeric(text: str) -> bool:
    stripped = text.strip("()%-+").replace(",", "").replace(".", "", 1)
    return stripped.isdigit()


def figure_display(*columns: str) -> dict[str, Callable[[dict[str, Any]], str]]:
    """Table formatters for rows with ``unit``, ``scale`` and ``decimals``: the figure columns
    as the document prints them (``(368,212)``), the unit with its scale (``RMB'000``)."""

    def figure(column: str) -> Callable[[dict[str, Any]], str]:
        def show(row: dict[str, Any]) -> str:
            value = row.get(column)
            if value is None:
                return ""
            places = printed_places(row.get("decimals"), row.get("scale"))
            return format_number(value, places, brackets=row.get("unit") != "%")

        return show

    display = {column: figure(column) for column in columns}
    display["unit"] = lambda row: scaled_unit(row["unit"], row["scale"])
    return display


def fact_display() -> dict[str, Callable[[dict[str, Any]], str]]:
    """Table formatters of a fact listing: its value as printed, its unit with the scale, its
    source line with the page of a PDF (``p. 3, line 120``)."""
    return {**figure_display("value"), **place_display("line", "page")}


def source_place(line: int | None, page: int | None) -> str:
    """Where a figure was printed, as a reader says it: ``120``, or ``p. 3, line 120`` in a
    PDF document (``line`` counts the document's lines from its start, as ``ledger extract``
    shows them)."""
    if line is None:
        return ""
    return str(line) if page is None else f"p. {page}, line {line}"


def place_display(line: str, page: str) -> dict[str, Callable[[dict[str, Any]], str]]:
    """A table formatter showing the ``line`` column with the ``page`` column beside it."""
    return {line: lambda row: source_place(row.get(line), row.get(page))}


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, **kwargs: Any) -> None:
    """Write a listing to stdout; the table format fits the terminal (see :mod:`.table`)."""
    width = table_width()
    ctx = click.get_current_context(silent=True)
    wide = bool(ctx is not None and ctx.meta.get(WIDE))
    click.echo(render(rows, columns, fmt, width=width, wide=wide, **kwargs))


def one_line(text: str) -> str:
    """``text`` on one line: every run of whitespace made one space, control characters
    escaped."""
    return printable(" ".join(text.split()))


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x1b``): a name from a document or a
    file system must not move the cursor or recolour the user's terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
