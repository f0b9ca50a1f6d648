"""Transposed roll-forwards: one physical line per component, the movement labels in the last line.

A roll-forward printed sideways (the FY2024 intangible assets of the 2025-03-18 results) has a
line per component ("Goodwill RMB'000", "Total RMB'000") and a last line holding every movement
label, several to a cell ("Opening net book amount Additions", "Impairment Transfer", ...), with
the year in its first cell. The value cells of a component line sit in the same tab columns as
the label cells, and hold as many figures as the cell holds labels (fewer when the last ones are
not printed: figures are aligned from the top).

Balances are instants (opening: the end of the previous year; closing and the analysis after
"As at <date>": that date); the lines between them are movements over the year, as in
``movements``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

import attrs

from ledger.domain.taxonomy import concept_info
from ledger.domain.values import Period

from ..reading.headers import years_in
from ..reading.numbers import AMOUNT, NIL, Number, clean_cell, decimals_of, parse_number, read_scale
from ..reading.numbers import split_tokens as _split_tokens
from ..reading.tables import misread_dashes
from .concepts import extension, lookup
from .movements import balance_date

#: Movement labels printed several to a cell; text between two of them is a label of its own
#: (a misread "Disposal of subsidiaries"), longest first so that "Opening net book amount" is
#: not read as "Net book amount".
_LABELS = sorted(
    [
        "Opening net book amount",
        "Closing net book amount",
        "Net book amount",
        "Opening balance",
        "Closing balance",
        "Additions",
        "Impairment",
        "Transfer",
        "Transfers",
        "Amortization",
        "Amortisation",
        "Depreciation",
        "Disposals",
        "Exchange differences",
        "Cost",
        "Accumulated amortization",
        "Accumulated amortisation",
        "Accumulated depreciation",
        "Accumulated impairment",
    ],
    key=len,
    reverse=True,
)
_LABEL = re.compile(r"\b(" + "|".join(re.escape(x) for x in _LABELS) + r")\b", re.IGNORECASE)
_AS_AT = re.compile(r"^(?:\(unaudited\)\s*)?(as at [A-Za-z]+ \d{1,2},? \d{4})\s*", re.IGNORECASE)
_YEAR_ENDED = re.compile(
    r"^(?:\(unaudited\)\s*)?(?:for the )?year ended [A-Za-z]+ \d{1,2},? (\d{4})$", re.IGNORECASE
)
_NOTE = re.compile(r"\((?:note|notes)\s*[\d(). ,a-z]*\)", re.IGNORECASE)
_UNIT = re.compile(r"\s*(?:RMB|HK\$|US\$)\s*['’′]?\s*000\s*$", re.IGNORECASE)


@attrs.frozen
class Transposed:
    """A roll-forward printed sideways.

    Attributes:
        first_line, last_line: 1-based lines of the block (the label line is the last).
        year: the financial year of the movements.
        labels: per tab position, the labels of that cell and the date they are balances at
            (``None`` for movements and for opening / closing balances, which the year dates).
        components: per component line, (line, member as printed, unit text, cells by position).
    """

    first_line: int
    last_line: int
    year: int
    labels: tuple[tuple[int, tuple[str, ...], date | None], ...]
    components: tuple[tuple[int, str, str, tuple[tuple[int, str], ...]], ...]


def split_labels(text: str) -> list[str]:
    """Split a cell of labels: ``Amortization Dienscol of subsidiation`` is ``Amortization``
    and ``Dienscol of subsidiation`` (a misread label between two known ones is kept)."""
    out: list[str] = []
    pos = 0
    for m in _LABEL.finditer(text):
        between = text[pos : m.start()].strip()
        if between:
            out.append(between)
        out.append(m[1])
        pos = m.end()
    rest = text[pos:].strip()
    if rest:
        out.append(rest)
    return out


def find_transposed(lines: Sequence[str]) -> list[Transposed]:
    """Every transposed roll-forward of the document."""
    out: list[Transposed] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        found = _read_block(lines, index, end)
        if found is not None:
            out.append(found)
        index = end
    return out


def _read_block(lines: Sequence[str], start: int, end: int) -> Transposed | None:
    if end - start < 4:
        return None
    cells = [clean_cell(c) for c in lines[end - 1].split("\t")]
    if any(re.search(r"\d", _NOTE.sub("", c)) and not years_in(c) for c in cells):
        return None
    labelled = [(p, c) for p, c in enumerate(cells) if c and p > 0]
    year = None
    labels: list[tuple[int, tuple[str, ...], date | None]] = []
    at: date | None = None
    for position, text in labelled:
        ended = _YEAR_ENDED.match(text)
        if ended:
            year = int(ended[1])
            continue
        # "As at December 31, 2024 Cost ..." starts the analysis of the closing balance: its
        # labels and those of the cells after it are balances at that date.
        as_at = _AS_AT.match(text)
        if as_at:
            at = balance_date(as_at[1], None)
            text = text[as_at.end() :]
        labels.append((position, tuple(split_labels(text)), at))
    if year is None or len(labels) < 3:
        return None
    components = []
    for number in range(start, end - 1):
        parts = lines[number].split("\t")
        head = clean_cell(parts[0])
        unit = _UNIT.search(head)
        if not unit or not re.search(r"[A-Za-z]{3,}", head[: unit.start()]):
            return None
        by_position = tuple(
            (p, clean_cell(c)) for p, c in enumerate(parts) if p > 0 and clean_cell(c)
        )
        components.append((number + 1, head[: unit.start()].strip(), unit[0].strip(), by_position))
    return Transposed(start + 1, end, year, tuple(labels), tuple(components))


@attrs.frozen
class TransposedFigure:
    """One figure of a transposed roll-forward, with everything a candidate needs."""

    concept: str
    period: Period
    dimensions: tuple[tuple[str, str], ...]
    value: Number
    currency: str
    scale: int
    decimals: int
    line: int
    label: str


def transposed_figures(
    table: Transposed, subject: str, currency: str, scale: int
) -> tuple[list[TransposedFigure], Counter[str]]:
    """The figures of a transposed roll-forward, and the classification of its other cells."""
    tally: Counter[str] = Counter()
    out: list[TransposedFigure] = []
    labels = {position: (names, at) for position, names, at in table.labels}
    for line, member, unit_text, cells in table.components:
        unit = read_scale(unit_text)
        for position, text in cells:
            names, at = labels.get(position, ((), None))
            tokens = _split_tokens(text)
            if len(tokens) < len(names) and len(text.split()) == len(names):
                # "7,229 602" is two figures when the cell holds two labels, not 7,229,602.
                tokens = text.split()
            numbers = misread_dashes(tokens, [parse_number(t) for t in tokens])
            for k, number in enumerate(numbers):
                if number.kind == NIL:
                    tally["nil"] += 1
                    continue
                if number.kind != AMOUNT or k >= len(names):
                    # A figure under no label (the "400 4" in the year's cell): junk.
                    tally["junk"] += 1
                    continue
                concept, dims, period = _meaning(names[k], at, member, subject, table.year)
                out.append(
                    TransposedFigure(
                        concept,
                        period,
                        tuple(sorted(dims.items())),
                        number,
                        unit.currency or currency,
                        unit.scale if unit.scale is not None else scale,
                        decimals_of(number.places, unit.scale if unit.scale is not None else scale),
                        line,
                        names[k],
                    )
                )
    return out, tally


def _meaning(
    label: str, at: date | None, member: str, subject: str, year: int
) -> tuple[str, dict[str, str], Period]:
    """Concept, dimensions and period of one label of one component (as ``movements.movement``)."""
    dims: dict[str, str] = {}
    component = not re.fullmatch(r"total", member, re.IGNORECASE)
    balance = balance_date(label, year)
    if balance is not None and at is None:
        base = lookup(member)
        info = concept_info(base) if base else None
        if base and info is not None and info.period == "instant":
            return base, dims, Period(end=balance)
        if component:
            dims["component"] = member
        return lookup(subject) or extension(subject or "Balance"), dims, Period(end=balance)
    if component:
        dims["component"] = member
    concept = extension(f"{subject} {label}")
    if at is not None:
        return concept, dims, Period(end=at)
    return concept, dims, Period.parse(f"FY{year}")
