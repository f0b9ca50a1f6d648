"""A schedule about a discontinued business (its heading says so: "Summary of results of
discontinued operations", assets "held for sale", "Disposal of <the operation> business")
puts every row under the operation dimension: its figures are the discontinued business's,
never the group's. A later document's re-presentation is then typed and tied out by them.

The inline documents are written for these tests; the last ones read JOYY's 20-F note in
../shared/disclosures/other-issuers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ledger.ingest.extractor.facts.candidates import about_discontinued
from ledger.ingest.extractor.pipeline import extract_document

from ..helpers import run

TOP = (
    "Widget Holdings Inc. (NASDAQ: WDGT)\n"
    "Annual results for the year ended December 31, {year}\n"
    "Beijing, March 12, {next} (PRNewswire): Widget Holdings Inc. announced its unaudited"
    " results for the year ended December 31, {year}.\n"
)
FIRST = TOP.format(year=2019, next=2020) + (
    "\n"
    "Consolidated statements of operations\n"
    "(RMB in thousands)\n"
    "\tFor the year ended December 31,\n"
    "\t2018\t2019\n"
    "Revenues\t900,000\t1,000,000\n"
    "Cost of revenues\t(500,000)\t(600,000)\n"
    "Gross profit\t400,000\t400,000\n"
)
FACE = (
    "\n"
    "Consolidated statements of operations\n"
    "(RMB in thousands)\n"
    "\tFor the year ended December 31,\n"
    "\t2019\t2020\n"
    "Revenues\t800,000\t850,000\n"
    "Cost of revenues\t(450,000)\t(470,000)\n"
    "Gross profit\t350,000\t380,000\n"
)
SCHEDULE = (
    "\n"
    "Summary of results of discontinued operations\n"
    "\tFor the year ended December 31,\n"
    "\t2019\t2020\n"
    "Revenues\t200,000\t150,000\n"
    "Cost of revenues\t(150,000)\t(100,000)\n"
    "Gross profit\t50,000\t50,000\n"
)
SECOND = TOP.format(year=2020, next=2021) + FACE + SCHEDULE


def _facts(tmp_path: Path, text: str) -> list[dict[str, Any]]:
    path = tmp_path / "widget-fy2020.txt"
    path.write_text(text, encoding="utf-8")
    facts: list[dict[str, Any]] = extract_document(path, issuer="widget").disclosure["facts"]
    return facts


def test_every_row_of_a_schedule_of_discontinued_operations_is_theirs(tmp_path: Path) -> None:
    facts = _facts(tmp_path, SECOND)
    schedule = [f for f in facts if f["line"] >= 13]
    assert len(schedule) == 6
    assert all(f["dimensions"] == {"operations": "discontinued"} for f in schedule)
    face = [f for f in facts if f["line"] < 13]
    assert all(f["dimensions"] == {} for f in face)


def test_assets_held_for_sale_are_the_disposal_groups(tmp_path: Path) -> None:
    text = TOP.format(year=2020, next=2021) + (
        "\n"
        "Assets and liabilities of the Gadgets business classified as held for sale\n"
        "\tAs of December 31,\n"
        "\t2019\t2020\n"
        "Cash and cash equivalents\t69,722\t206,191\n"
        "Total assets\t339,535\t509,125\n"
    )
    facts = _facts(tmp_path, text)
    assert {f["value"] for f in facts} == {"69722", "206191", "339535", "509125"}
    assert all(f["dimensions"] == {"operations": "discontinued"} for f in facts)


def test_a_caption_about_both_kinds_of_operations_is_not_about_discontinued_ones() -> None:
    assert about_discontinued("Summary of results of discontinued operations")
    assert about_discontinued("(a) Disposal of Gadgets business (continued)", ["Gadgets"])
    assert not about_discontinued("(a) Disposal of a subsidiary", ["Gadgets"])
    assert not about_discontinued("Revenue from continuing and discontinued operations")


def test_a_re_presentation_is_tied_out_by_the_schedule(tmp_path: Path) -> None:
    first, second = tmp_path / "widget-fy2019.txt", tmp_path / "widget-fy2020.txt"
    first.write_text(FIRST, encoding="utf-8")
    declared = "The Gadgets business is presented as discontinued operations.\n"
    second.write_text(SECOND.replace(FACE, "\n" + declared + FACE), encoding="utf-8")
    home = tmp_path / "home"
    added = run(home, "-q", "ingest", str(first), "--issuer", "widget", "--issuer-name", "Widget")
    assert added.exit_code == 0, added.output
    assert run(home, "-q", "ingest", str(second), "--issuer", "widget").exit_code == 0
    rows = json.loads(run(home, "restatements", "--format", "json").stdout)
    revenue = next(r for r in rows if r["concept"] == "ifrs-full:Revenue")
    assert (revenue["original_value"], revenue["restated_value"]) == ("1000000", "800000")
    assert (revenue["kind"], revenue["explained"]) == ("re-presentation", True)


# --- the real documents ------------------------------------------------------------------


def test_real__joyys_schedules_give_no_group_figure(shared: Path, tmp_path: Path) -> None:
    # The reconciliation (lines 18-20), YY Live's assets and liabilities held for sale (lines
    # 28-49) and its revenue under "(a) Disposal of YY Live business (continued)" (line 55).
    path = shared / "other-issuers" / "joyy-20f-fy2020-r45-discontinued-operations-2021-04-01.txt"
    published = date(2021, 4, 1)  # the header gives only a month
    facts = extract_document(path, issuer="joyy", published_on=published).disclosure["facts"]
    assert len(facts) == 47
    assert [f for f in facts if f["dimensions"].get("operations") != "discontinued"] == []
    total = next(f for f in facts if f["line"] == 39 and f["period"] == "2020-12-31")
    assert (total["concept"], total["value"], total["scale"]) == ("ifrs-full:Assets", "509125", 3)
