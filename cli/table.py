"""The table format laid out to a width: columns chosen by importance, text wrapped at words.

A listing's natural table can be far wider than a terminal (a fact's label, its document and
dimensions side by side). To fit ``width`` columns, text columns (labels, dimensions) are
wrapped at word boundaries, down to a readable minimum; when that is not enough, the columns a
command names as least important are left out, in its order, and the table says so under its
last row (``--wide`` shows every column, CSV and JSON always carry every value).
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence

import attrs
import click

#: A wrapped text column keeps at least this many characters a line (or its widest word, up
#: to that), so a label never turns into a column of syllables.
MIN_TEXT = 14
GAP = 2
WIDE = "ledger.wide"


def wide_option(func: click.decorators.FC) -> click.decorators.FC:
    """``--wide``: every column, however wide the table (kept in the context's ``meta``, so
    the commands' signatures do not change)."""

    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        ctx.meta[WIDE] = value

    return click.option(
        "--wide",
        is_flag=True,
        expose_value=False,
        callback=remember,
        help="Table format: show every column in full, however wide (default: fit the terminal).",
    )(func)


def table_width() -> int | None:
    """The width to fit: ``$COLUMNS``, else the terminal's; None with ``--wide`` or when the
    output is not a terminal (a pipe or file gets the whole table)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(WIDE):
        return None
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    if sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    return None


@attrs.frozen
class Layout:
    """Which columns are shown, how wide each is, and which were left out."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]
    hidden: tuple[str, ...]


def fit(
    columns: Sequence[str],
    cells: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    width: int | None,
    drop: Sequence[str] = (),
    cap: int | None = None,
) -> Layout:
    """Choose the columns and their widths for ``width`` characters (None: natural widths).

    Args:
        columns: the header of each column.
        cells: the table's text, row by row.
        numeric: per column, whether it holds figures (right-aligned, never wrapped).
        width: the characters available.
        drop: columns that may be left out, the least important first.
        cap: the widest a text column may be (its text wraps below that; names without
            spaces are shown whole); None: no limit.
    """
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    # Text that has spaces wraps at words; a name without spaces (a concept, a document, a
    # kind) is only broken when nothing else is left to narrow.
    wraps = [
        not numeric[i] and any(" " in r[i].strip() for r in cells) for i in range(len(columns))
    ]
    if cap is not None:
        natural = [
            min(n, max(cap, _longest_word(columns[i]))) if wraps[i] else n
            for i, n in enumerate(natural)
        ]
    readable = [
        _readable(columns[i], [r[i] for r in cells], numeric[i], natural[i])
        for i in range(len(columns))
    ]
    smallest = [readable[i] if wraps[i] or numeric[i] else natural[i] for i in range(len(columns))]
    shown = list(range(len(columns)))
    hidden: list[str] = []
    if width is not None:
        for name in drop:
            if _total([smallest[i] for i in shown]) <= width:
                break
            if name in columns and len(shown) > 1:
                shown.remove(columns.index(name))
                hidden.append(name)
    widths = {i: natural[i] for i in shown}
    if width is not None:
        # Text first (and figure columns' headers, which break after an underscore), then,
        # when nothing else is left, the names without spaces.
        breakable = [w or n for w, n in zip(wraps, numeric, strict=True)]
        floor = [
            readable[i] if numeric[i] else min(natural[i], max(MIN_TEXT, _longest_word(c)))
            for i, c in enumerate(columns)
        ]
        # The last resort: names down to the width of their header's longest word.
        last = [readable[i] if numeric[i] else _longest_word(c) for i, c in enumerate(columns)]
        passes = (
            (breakable, readable),
            ([True] * len(columns), floor),
            ([True] * len(columns), last),
        )
        for narrowable, least in passes:
            # Narrow the widest column one character at a time: the widths even out, and the
            # longest labels wrap first.
            while _total(list(widths.values())) > width:
                candidates = [i for i in shown if narrowable[i] and widths[i] > least[i]]
                if not candidates:
                    break
                widest = max(candidates, key=lambda i: (widths[i], -i))
                widths[widest] -= 1
    return Layout(tuple(shown), tuple(widths[i] for i in shown), tuple(hidden))


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width``: at words, a word longer than a line split; the
    leading spaces of an indented cell (a statement's levels) repeated on every line."""
    if len(text) <= width:
        return [text]
    lead = text[: len(text) - len(text.lstrip(" "))]
    lines = textwrap.wrap(
        text.strip(),
        width,
        initial_indent=lead,
        subsequent_indent=lead if len(lead) < width // 2 else "",
        break_on_hyphens=False,
    )
    return lines or [""]


def wrap_header(name: str, width: int) -> list[str]:
    """A column name in lines of at most ``width``, broken after its underscores."""
    lines = [""]
    for part in name.replace("_", "_\n").split("\n"):
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return [piece for line in lines for piece in wrap(line, width)]


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + GAP * max(0, len(widths) - 1)


def _readable(header: str, values: list[str], numeric: bool, natural: int) -> int:
    """The narrowest a column may be and still read well: a figure in full under a header
    broken at underscores; text at least MIN_TEXT wide, or its longest word (up to 24)."""
    if numeric:
        return max([_longest_word(header)] + [len(v) for v in values])
    longest = max((len(w) for v in values for w in v.split()), default=0)
    return min(natural, max(MIN_TEXT, _longest_word(header), min(longest, 24)))


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.replace("_", " ").split()), default=0)
