"""The documents of ``../shared/disclosures/other-issuers`` read without their manifest: a
publication date is taken only when the text prints its day; a month ("estimated December
2024", "for the month of April 2026") makes ``ledger extract`` and ``ledger ingest`` ask for
``--published-on`` in one line, and nothing is written."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from ..helpers import run, stored_events


def _documents(shared: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    folder = shared / "other-issuers"
    listed = {
        d["file"]: d for d in tomllib.loads((folder / "manifest.toml").read_text())["disclosure"]
    }
    index = tomllib.loads((folder / "index.toml").read_text())["document"]
    return [(listed[d["file"]], d) for d in index]


def test_a_day_printed_in_the_document_is_its_publication_date(
    shared: Path, tmp_path: Path
) -> None:
    dated = [(e, d) for e, d in _documents(shared) if d["published_on_precision"] == "day"]
    assert len(dated) >= 10
    for entry, _ in dated:
        path = shared / "other-issuers" / entry["file"]
        result = run(tmp_path / "home", "extract", "--summary", str(path))
        assert result.exit_code == 0, result.output
        assert f"published {entry['published_on'].isoformat()}" in result.output.splitlines()[0]


def test_a_month_is_never_taken_for_the_day(shared: Path, tmp_path: Path) -> None:
    approximate = [(e, d) for e, d in _documents(shared) if d["published_on_precision"] != "day"]
    assert len(approximate) >= 5
    for entry, _ in approximate:
        path = shared / "other-issuers" / entry["file"]
        result = run(tmp_path / "home", "extract", "--summary", str(path))
        assert result.exit_code == 1
        message = result.output.strip().splitlines()
        assert len(message) == 1
        assert "pass --published-on" in message[0]


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_the_error_names_the_month_the_document_gives(
    shared: Path, tmp_path: Path, command: str
) -> None:
    path = shared / "other-issuers" / "lufax-h1-2025-financial-information-6k-2026-04-01.txt"
    result = run(tmp_path / "home", command, str(path))
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path.name}: publication date not found in the document (it gives only "
        "'April 2026'); pass --published-on YYYY-MM-DD"
    )
    assert stored_events(tmp_path / "home") == 0


def test_given_the_day_the_same_document_is_read(shared: Path, tmp_path: Path) -> None:
    path = shared / "other-issuers" / "lufax-interim-report-2024-balance-sheet-2024-09-01.txt"
    result = run(
        tmp_path / "home", "extract", "--summary", str(path), "--published-on", "2024-09-05"
    )
    assert result.exit_code == 0, result.output
    assert "period end 2024-06-30, published 2024-09-05" in result.output.splitlines()[0]


def test_a_highlights_release_without_tables_is_read_from_its_sentences(
    shared: Path, tmp_path: Path
) -> None:
    # JD's Chinese highlights print no table and no "ended" date: the quarter they name
    # ("2024年第三季度业绩要点", line 16) is the period, and the sentences are the source.
    path = shared / "other-issuers" / "jd-q3-2024-results-highlights-zh-2024-11-14.txt"
    result = run(tmp_path / "home", "extract", "--summary", str(path))
    assert result.exit_code == 0, result.output
    first, facts = result.output.splitlines()[:2]
    assert first.endswith("quarterly-results, period end 2024-09-30, published 2024-11-14")
    assert facts == "facts: 18 (0 repeated printings merged)"


def test_a_quarter_named_by_the_highlights_heading_dates_its_bullets(tmp_path: Path) -> None:
    path = tmp_path / "widget-q3-2024.txt"
    path.write_text(
        "Widget Holdings Inc. (NASDAQ: WDGT)\n"
        "Widget Holdings Reports Results\n"
        "Beijing, Nov. 12, 2024 (PRNewswire): Widget Holdings Inc. released its results.\n"
        "Third Quarter 2024 Highlights\n"
        "- Total revenues were US$120.5 million, an increase of 5.2% year over year.\n"
        "- Gross margin was 40.1%.\n",
        encoding="utf-8",
    )
    result = run(tmp_path / "home", "extract", "--summary", str(path))
    assert result.exit_code == 0, result.output
    assert "period end 2024-09-30, published 2024-11-12" in result.output.splitlines()[0]
