"""Tables fit the terminal: every listing command rendered at 100 columns, text wrapped at
words, the least important columns left out (and named), ``--wide`` for everything; CSV and
JSON are the same at any width."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger.cli.table import fit, wrap

from .helpers import run

WINDOW = ("--from", "2024-06-30", "--to", "2025-06-30")
LISTINGS = [
    ("facts", "--issuer", "OCFT", "--period", "FY2023"),
    ("facts",),
    ("restatements",),
    ("diff", "--issuer", "OCFT", *WINDOW),
    ("statement", "--issuer", "OCFT", "--statement", "income", "--period", "FY2023"),
    ("statement", "--issuer", "sensetime", "--statement", "balance"),
    (
        "statement", "--issuer", "OCFT", "--statement", "income", "--period", "FY2023",
        "--as-at", "2024-06-30", "--compare-as-at", "2025-06-30",
    ),
    ("query", "SELECT * FROM disclosures"),
]  # fmt: skip


@pytest.mark.parametrize("args", LISTINGS, ids=lambda a: " ".join(a[:3]))
def test_table__fits_100_columns(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = run(sample_home, *args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    # Check: nothing is cut short with an ellipsis; wrapped text stays whole.
    assert "…" not in result.stdout


def test_table__extract_fits_100_columns(
    shared: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = run(tmp_path, "extract", str(shared / "oneconnect-fy2023-results-2024-03-18.txt"))
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_table__wide_shows_every_column(sample_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    narrow = run(sample_home, "facts", "--issuer", "OCFT").stdout.splitlines()
    wide = run(sample_home, "facts", "--issuer", "OCFT", "--wide").stdout.splitlines()
    assert " ".join(narrow[-2:]) == (
        "(6 columns left out to fit 100 characters: issuer, document, line, declared, "
        "published_on, label; --wide shows them)"
    )
    assert wide[0].split() == [
        "issuer", "concept", "period", "dimensions", "value", "unit", "published_on",
        "document", "line", "label", "declared",
    ]  # fmt: skip
    assert max(len(line) for line in wide) > 100


def test_table__statement_labels_wrap_at_words(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    args = ("statement", "--issuer", "OCFT", "--statement", "income", "--period", "FY2023")
    table = run(sample_home, *args).stdout
    rows = json.loads(run(sample_home, *args, "--format", "json").stdout)
    words = {w for r in rows for w in r["line_item"].split()}
    printed = set(table.split())
    # Check: every word of every line item is printed whole.
    assert words <= printed


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_table__csv_and_json_ignore_the_width(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    args = ("restatements", "--format", fmt)
    full = run(sample_home, *args).stdout
    monkeypatch.setenv("COLUMNS", "40")
    assert run(sample_home, *args).stdout == full


def test_fit__leaves_out_the_least_important_columns_first() -> None:
    columns = ["concept", "value", "document", "label"]
    cells = [["ifrs-full:Revenue", "3,521,591", "annual-results.txt", "Revenue from customers"]]
    layout = fit(columns, cells, [False, True, False, False], 50, drop=["document", "label"])
    assert layout.hidden == ("document",)
    assert [columns[i] for i in layout.shown] == ["concept", "value", "label"]
    assert sum(layout.widths) + 2 * (len(layout.widths) - 1) <= 50


def test_wrap__keeps_words_and_indentation() -> None:
    assert wrap("    Net impairment losses on financial assets", 24) == [
        "    Net impairment",
        "    losses on financial",
        "    assets",
    ]
