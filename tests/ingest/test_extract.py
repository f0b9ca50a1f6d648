"""The pipeline end to end on small documents written for the tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledger.ingest.errors import ExtractError
from ledger.ingest.extractor.pipeline import FORMAT, extract_document

RESULTS = """OneConnect Financial Technology Co., Ltd.
ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED DECEMBER 31, 2024

CONSOLIDATED STATEMENT OF COMPREHENSIVE INCOME

\t\tYear ended December 31
\tNote\t2023\t2024
\t\tRMB'000\tRMB'000
Revenue\t4\t3,521,591\t2,248,103
Cost of revenue\t5\t(2,195,574)\t(1,443,606)
Gross profit\t\t1,326,017\t804,497
Loss for the year from continuing operations\t\t(220,103)\t(704,706)
(Loss)/profit from discontinued operations\t9\t$(151 \\ 272)$\t200 400
(attributable to owners of the Company)\t9\t(151,373)\t209,499
Loss for the year\t\t(371,476)\t(495,207)

Hong Kong, March 18, 2025
"""


def write(tmp_path: Path, text: str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def facts_of(path: Path, **kwargs: object) -> list[dict]:
    return extract_document(path, **kwargs).disclosure["facts"]  # type: ignore[arg-type]


def test_extract_document__statement_figures_become_facts(tmp_path: Path) -> None:
    facts = facts_of(write(tmp_path, RESULTS), issuer="oneconnect", published_on=date(2025, 3, 18))
    revenue = next(
        f for f in facts if f["concept"] == "ifrs-full:Revenue" and f["period"] == "FY2023"
    )
    assert revenue == {
        "concept": "ifrs-full:Revenue",
        "period": "FY2023",
        "dimensions": {},
        "value": "3521591",
        "unit": "RMB",
        "scale": 3,
        "decimals": -3,
        "line": 9,
        "label": "Revenue",
        "raw": "3,521,591",
        "statement": "income",
    }


def test_extract_document__garbled_row_is_a_conflict_decided_by_arithmetic(tmp_path: Path) -> None:
    disclosure = extract_document(
        write(tmp_path, RESULTS), issuer="oneconnect", published_on=date(2025, 3, 18)
    ).disclosure
    rejected = {c["rejected"]["value"] for c in disclosure["conflicts"]}
    assert rejected == {"-151272", "200400"}
    assert all(c["resolved"] for c in disclosure["conflicts"])
    kept = {
        f["value"]
        for f in disclosure["facts"]
        if f["concept"] == "ifrs-full:ProfitLossFromDiscontinuedOperations"
    }
    assert kept == {"-151373", "209499"}


def test_extract_document__checks_are_recorded(tmp_path: Path) -> None:
    disclosure = extract_document(
        write(tmp_path, RESULTS), issuer="oneconnect", published_on=date(2025, 3, 18)
    ).disclosure
    rules = {(c["rule"], c["period"], c["passed"]) for c in disclosure["checks"]}
    assert ("gross-profit", "FY2024", True) in rules
    assert ("continuing-discontinued", "FY2023", True) in rules


def test_extract_document__disclosure_header_uses_explicit_arguments(tmp_path: Path) -> None:
    extraction = extract_document(
        write(tmp_path, RESULTS),
        issuer="oneconnect",
        published_on=date(2025, 3, 19),
        kind="annual-report",
    )
    head = extraction.disclosure["disclosure"]
    assert extraction.disclosure["format"] == FORMAT
    assert (head["issuer"], head["published_on"], head["kind"]) == (
        "oneconnect",
        "2025-03-19",
        "annual-report",
    )
    assert head["source"]["lines"] == len(RESULTS.splitlines())


def test_extract_document__report_accounts_for_every_numeric_cell(tmp_path: Path) -> None:
    report = extract_document(
        write(tmp_path, RESULTS), issuer="oneconnect", published_on=date(2025, 3, 18)
    ).report
    assert report.numeric_cells == 14
    assert report.share_classified == 1.0
    assert report.conflicts == report.conflicts_resolved == 2
    assert report.checks_run == report.checks_passed > 0


def test_extract_document__empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="is empty"):
        extract_document(write(tmp_path, "\n\n"))


def test_extract_document__binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01PK\x03\x04")
    with pytest.raises(ExtractError, match="binary"):
        extract_document(path)


def test_extract_document__text_without_figures_is_refused(tmp_path: Path) -> None:
    text = "A note about the weather.\nIt rained in the afternoon and cleared by evening.\n"
    with pytest.raises(ExtractError, match="not a disclosure"):
        extract_document(write(tmp_path, text))


def test_extract_document__unknown_publication_date_is_refused(tmp_path: Path) -> None:
    text = RESULTS.replace("Hong Kong, March 18, 2025\n", "")
    with pytest.raises(ExtractError, match="publication date"):
        extract_document(write(tmp_path, text), issuer="oneconnect")


def test_extract_document__works_without_the_metadata_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    # The metadata and narrative passes are optional: with the modules missing, the caller's
    # arguments and the document's tables still give a disclosure.
    monkeypatch.setitem(sys.modules, "ledger.ingest.extractor.document.metadata", None)
    monkeypatch.setitem(sys.modules, "ledger.ingest.extractor.document.narrative", None)
    extraction = extract_document(
        write(tmp_path, RESULTS), issuer="oneconnect", published_on=date(2025, 3, 18)
    )
    assert extraction.disclosure["facts"]
    assert any("metadata" in p for p in extraction.report.problems)
