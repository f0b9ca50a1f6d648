"""A figure printed in a sentence and in a table is one fact: the same figure is another
printing of it (``also_on_lines``); a different figure is a recorded conflict, the table's
figure kept and nothing resolved by arithmetic."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ledger.ingest.extractor.pipeline import extract_document

RELEASE = """\
Widget Holdings Ltd (NYSE: WDGT) announces second quarter 2024 results
Shenzhen, China, Aug. 20, 2024 /PRNewswire/ -- results for the three months ended June 30, 2024.

Second Quarter 2024 Highlights
- Revenue reached US$120.5 million, up 3% year over year.
- Gross profit was US$41.0 million, against US$39.2 million in the second quarter of 2023.

Highlights table
(US$ in millions)\tThree Months Ended June 30,
\t2023\t2024
Revenue\t117.0\t120.5
Gross profit\t39.2\t44.0
"""


def _extract(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "widget-q2-2024.txt"
    path.write_text(RELEASE)
    extraction = extract_document(
        path, issuer="widget", published_on=date(2024, 8, 20), period_end=date(2024, 6, 30)
    )
    return extraction.disclosure


def _fact(disclosure: dict[str, Any], label: str, period: str) -> dict[str, Any]:
    [fact] = [
        f
        for f in disclosure["facts"]
        if f["label"] == label and f["period"] == period and not f["dimensions"]
    ]
    return fact


def test_an_agreeing_sentence_is_another_printing_of_the_tables_fact(tmp_path: Path) -> None:
    disclosure = _extract(tmp_path)
    revenue = _fact(disclosure, "Revenue", "Q2 2024")
    assert (revenue["value"], revenue["line"], revenue.get("also_on_lines")) == ("120.5", 11, [5])
    assert not [c for c in disclosure["conflicts"] if c["rejected"]["line"] == 5]


def test_a_disagreeing_sentence_is_a_recorded_conflict_the_table_kept(tmp_path: Path) -> None:
    disclosure = _extract(tmp_path)
    gross = _fact(disclosure, "Gross profit", "Q2 2024")
    assert (gross["value"], gross["line"]) == ("44.0", 12)
    [conflict] = [c for c in disclosure["conflicts"] if c["rejected"]["line"] == 6]
    assert (conflict["kept"]["line"], conflict["kept"]["value"]) == (12, "44.0")
    assert (conflict["rejected"]["value"], conflict["resolved"]) == ("41.0", False)
    assert "table" in conflict["decided_by"]


def test_the_prior_year_figure_that_agrees_makes_no_conflict(tmp_path: Path) -> None:
    disclosure = _extract(tmp_path)
    prior = _fact(disclosure, "Gross profit", "Q2 2023")
    assert prior["value"] == "39.2"
    assert len([c for c in disclosure["conflicts"] if c["rejected"]["line"] == 6]) == 1
