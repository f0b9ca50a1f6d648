"""The primary statements come out complete: every printed figure of every row, in every period
column, is a fact mapped to a concept (issue 3).

The statements are located by their line ranges in the seed notes (../shared/docs/seed-notes-*.md,
§2 and §1.2): the income statement and statement of comprehensive income, both parts of the
balance sheet, the cash-flow statement (or its condensed totals) of each annual results
announcement, OneConnect's five-year summary (2025-04-24, lines 979-1011) and the summary table of
OneConnect's 2024-03-18 release. The period of each value column is written here from the
printed header, not taken from the extractor. Rows the seed notes call garbled duplicates must
not become facts: each of their figures is a recorded conflict (or the right row's figure
printed again).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from ledger.ingest.extractor.pipeline import extract_document
from ledger.ingest.extractor.reading.numbers import (
    AMOUNT,
    PERCENT,
    clean_cell,
    parse_number,
    split_tokens,
)

OC_RESULTS = "oneconnect-fy2024-annual-results-2025-03-18.txt"
OC_REPORT = "oneconnect-fy2024-annual-report-extract-2025-04-24.txt"
OC_2023 = "oneconnect-fy2023-results-2024-03-18.txt"
SENSETIME = "sensetime-fy2024-annual-results-2025-03-26.txt"
AINNOVATION = "ainnovation-fy2023-annual-results-2024-03-28.txt"


@attrs.frozen
class Statement:
    """A printed statement: document, first and last line, and the period of each value cell
    (tab-separated cell index -> period as printed in the header)."""

    name: str
    document: str
    first: int
    last: int
    columns: tuple[tuple[int, str], ...]
    garbled: tuple[int, ...] = ()
    #: a cash-flow statement states the opening balance of cash: at the end of the year before
    opening: bool = False


def _years(cells: Sequence[int], years: Sequence[int]) -> tuple[tuple[int, str], ...]:
    return tuple((cell, f"FY{year}") for cell, year in zip(cells, years, strict=True))


STATEMENTS = (
    # OneConnect FY2024 announcement: 2023 (re-presented, "(Note 9)") first, then 2024.
    Statement(
        "oneconnect income",
        OC_RESULTS,
        358,
        395,
        _years((2, 3), (2023, 2024)),
        garbled=(383, 386, 388, 395),
    ),
    Statement(
        "oneconnect comprehensive income", OC_RESULTS, 397, 415, _years((2, 3), (2023, 2024))
    ),
    Statement(
        "oneconnect balance sheet: assets", OC_RESULTS, 417, 445, _years((2, 3), (2023, 2024))
    ),
    Statement(
        "oneconnect balance sheet: equity and liabilities",
        OC_RESULTS,
        447,
        458,
        _years((2, 3), (2023, 2024)),
    ),
    Statement(
        "oneconnect condensed cash flows",
        OC_RESULTS,
        491,
        498,
        _years((1, 2), (2023, 2024)),
        opening=True,
    ),
    # Five-year summary, 2024 -> 2020 (years printed only over the balance-sheet half).
    Statement(
        "oneconnect five-year summary",
        OC_REPORT,
        979,
        1011,
        _years((1, 2, 3, 4, 5), (2024, 2023, 2022, 2021, 2020)),
        garbled=(996, 1001),
    ),
    # OneConnect 2024-03-18 release, as first reported: quarter and year, YoY between them.
    Statement(
        "oneconnect 2023 summary table",
        OC_2023,
        11,
        23,
        ((1, "Q4 2023"), (2, "Q4 2022"), (4, "FY2023"), (5, "FY2022")),
    ),
    # SenseTime: 2024 then 2023; a Note column before the figures, except in the second half of
    # the cash-flow statement and in the statement of comprehensive loss.
    Statement("sensetime income", SENSETIME, 468, 497, _years((2, 3), (2024, 2023))),
    Statement("sensetime comprehensive loss", SENSETIME, 499, 517, _years((1, 2), (2024, 2023))),
    Statement(
        "sensetime balance sheet: assets and equity",
        SENSETIME,
        519,
        556,
        _years((2, 3), (2024, 2023)),
    ),
    Statement(
        "sensetime balance sheet: liabilities", SENSETIME, 558, 584, _years((2, 3), (2024, 2023))
    ),
    Statement(
        "sensetime cash flows: operating and investing",
        SENSETIME,
        624,
        650,
        _years((2, 3), (2024, 2023)),
        opening=True,
    ),
    Statement(
        "sensetime cash flows: financing and cash",
        SENSETIME,
        652,
        679,
        _years((1, 2), (2024, 2023)),
        opening=True,
    ),
    # AInnovation: 2023 then 2022 after a Note column; no cash-flow statement is printed.
    Statement(
        "ainnovation comprehensive income", AINNOVATION, 486, 531, _years((2, 3), (2023, 2022))
    ),
    Statement(
        "ainnovation financial position", AINNOVATION, 533, 593, _years((2, 3), (2023, 2022))
    ),
)

_EXTRACTIONS: dict[str, dict[str, Any]] = {}


def _disclosure(folder: Path, name: str) -> dict[str, Any]:
    if name not in _EXTRACTIONS:
        manifest = tomllib.loads((folder / "manifest.toml").read_text("utf-8"))
        entry = next(d for d in manifest["disclosure"] if d["file"] == name)
        _EXTRACTIONS[name] = extract_document(
            folder / name,
            issuer=entry["issuer"],
            published_on=entry["published_on"],
            kind=entry["kind"],
            period_end=entry["period_end"],
        ).disclosure
    return _EXTRACTIONS[name]


def _periods_of(column: str, opening: bool) -> set[str]:
    """A year's column states the year and the balances at its end (a balance sheet, closing
    cash); in a cash-flow statement also the balance at its start (opening cash)."""
    if not column.startswith("FY"):
        return {column}
    year = int(column[2:])
    return {column, f"{year}-12-31"} | ({f"{year - 1}-12-31"} if opening else set())


def _figures(cell: str) -> list[Decimal]:
    """The printed figures of a cell (nil marks, notes and words are none)."""
    out = []
    for token in split_tokens(clean_cell(cell)):
        number = parse_number(token, dot_thousands=True)
        if number.kind in (AMOUNT, PERCENT) and number.value is not None:
            out.append(number.value)
    return out


def _is_header(cells: Sequence[str], statement: Statement) -> bool:
    """A header line: words or years over the value columns ("2023 RMB'000", "(Note 9)")."""
    for position, _ in statement.columns:
        text = clean_cell(cells[position]) if position < len(cells) else ""
        if re.search(r"[A-Za-z]{3,}|\b(?:19|20)\d{2}\b(?!,)", text):
            return True
    return False


def _on_line(facts: list[dict[str, Any]], line: int) -> list[dict[str, Any]]:
    return [f for f in facts if f["line"] == line or line in f.get("also_on_lines", ())]


def _gaps(statement: Statement, folder: Path) -> list[str]:
    disclosure = _disclosure(folder, statement.document)
    facts = disclosure["facts"]
    lines = (folder / statement.document).read_text("utf-8").split("\n")
    gaps = []
    for line in range(statement.first, statement.last + 1):
        cells = lines[line - 1].split("\t")
        if _is_header(cells, statement):
            continue
        here = _on_line(facts, line)
        # A garbled duplicate's figures are conflicts (or the same figures as the right row).
        rejected = {
            (conflict["period"], Decimal(conflict[side]["value"]))
            for conflict in disclosure["conflicts"]
            for side in ("rejected", "other")
            if (conflict.get(side) or {}).get("line") == line
        }
        for position, column in statement.columns:
            if position >= len(cells):
                continue
            printed = _figures(cells[position])
            found = [f for f in here if f["period"] in _periods_of(column, statement.opening)]
            values = [Decimal(f["value"]) for f in found]
            missing = [v for v in printed if v not in values]
            if line in statement.garbled:
                missing = [v for v in missing if (column, v) not in rejected]
            elif len(found) < len(printed):
                missing = missing or printed
            if missing:
                gaps.append(f"L{line} {column}: printed {printed}, facts {values}")
            for fact in found:
                if not fact["concept"].startswith(("ifrs-full:", "ext:")):
                    gaps.append(f"L{line} {column}: {fact['concept']} is not mapped")
    return gaps


@pytest.mark.parametrize("statement", [pytest.param(s, id=s.name) for s in STATEMENTS])
def test_primary_statement__every_printed_figure_is_a_fact(
    shared: Path, statement: Statement
) -> None:
    assert _gaps(statement, shared) == []
