"""A table column whose period cannot be resolved gives no facts and a reported reason: one
line per column on stderr from ``ledger extract``, the column in the structured disclosure
(``unresolved_columns``) and in the manifest written beside it, and a count in the line
``ledger ingest`` prints. Never a guessed period."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import run

# A segment table whose header names members but no period, then a statement with years.
DOCUMENT = """\
Acme Holdings Limited (NYSE: ACME)
Annual results for the year ended December 31, 2024
Published: 2025-03-20

Segment revenue
\tSegment A\tSegment B
\tRMB'000\tRMB'000
Revenue\t1,000\t2,000
Cost of revenue\t(400)\t(900)

Consolidated income statement
\t2024\t2023
\tRMB'000\tRMB'000
Revenue\t3,000\t2,800
Gross profit\t1,700\t1,500
"""
NAMED = ("--issuer", "acme", "--issuer-name", "Acme Holdings Limited")


def _document(tmp_path: Path) -> Path:
    path = tmp_path / "acme-fy2024.txt"
    path.write_text(DOCUMENT)
    return path


def test_extract__reports_each_column_without_a_period_on_stderr(tmp_path: Path) -> None:
    result = run(tmp_path / "home", "extract", str(_document(tmp_path)), *NAMED, "--summary")
    assert result.exit_code == 0, result.output
    reported = [line for line in result.stderr.splitlines() if "not read" in line]
    assert reported == [
        "acme-fy2024.txt:8: column 1 not read (2 figures): no period: a column of 'Segment A'"
        " under a header that states no period",
        "acme-fy2024.txt:8: column 2 not read (2 figures): no period: a column of 'Segment B'"
        " under a header that states no period",
    ]
    assert "columns without a period, not read: 2" in result.stdout


def test_extract__no_fact_is_made_of_a_column_without_a_period(tmp_path: Path) -> None:
    result = run(tmp_path / "home", "extract", str(_document(tmp_path)), *NAMED, "--format", "json")
    facts = json.loads(result.stdout)
    assert {f["line"] for f in facts} == {14, 15}


def test_extract__the_structured_disclosure_keeps_the_columns(tmp_path: Path) -> None:
    out = tmp_path / "acme.json"
    result = run(tmp_path / "home", "extract", str(_document(tmp_path)), *NAMED, "-o", str(out))
    assert result.exit_code == 0, result.output
    unread = json.loads(out.read_text())["unresolved_columns"]
    assert [(u["line"], u["column"], u["figures"], u["table_line"]) for u in unread] == [
        (8, 1, 2, 5),
        (8, 2, 2, 5),
    ]


def test_extract__the_manifest_written_with_the_drafts_lists_them(tmp_path: Path) -> None:
    _document(tmp_path)
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        '[[issuer]]\nid = "acme"\nname = "Acme Holdings Limited"\n\n'
        '[[disclosure]]\nfile = "acme-fy2024.txt"\n'
    )
    out = tmp_path / "out"
    result = run(
        tmp_path / "home", "extract", "--manifest", str(manifest), "--output-dir", str(out)
    )
    assert result.exit_code == 0, result.output
    written = (out / "manifest.toml").read_text()
    assert "# line 8, column 1: not read (2 figures): a column of 'Segment A'" in written


def test_ingest__counts_the_columns_not_read(tmp_path: Path) -> None:
    result = run(tmp_path / "home", "ingest", str(_document(tmp_path)), *NAMED)
    assert result.exit_code == 0, result.output
    assert (
        "recorded acme-fy2024.txt (published 2025-03-20): 4 facts, 10 events, "
        "2 columns without a period not read"
    ) in result.output


def test_ingest__the_structured_disclosure_with_its_columns_is_accepted(tmp_path: Path) -> None:
    out = tmp_path / "acme.json"
    assert run(tmp_path / "home", "extract", str(_document(tmp_path)), *NAMED, "-o", str(out))
    result = run(tmp_path / "home", "ingest", str(out))
    assert result.exit_code == 0, result.output
    assert "2 columns without a period not read" in result.output
