"""Where a restated figure came from: "first reported" names the earliest-published document
that printed it; a later document that printed the same figure again is listed as a
repetition (``repeated_in``), never named as the original."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import duckdb

from ledger.domain.drafts import DisclosureDraft
from ledger.ingest.load import load_disclosure
from ledger.store import Location

from .helpers import dated_disclosure as doc
from .helpers import fact, run, write_json

FIRST = doc(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667508", 18)])
REPEATED = doc(2, "2024-08-20", [fact("ifrs-full:Revenue", "FY2023", "3667508", 40)])
RESTATED = doc(3, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3521591", 25)])


def _ingest(home: Path, tmp: Path, *docs: dict[str, Any]) -> None:
    for d in docs:
        path = write_json(tmp / f"{d['disclosure']['source']['file']}.json", d)
        result = run(home, "ingest", str(path))
        assert result.exit_code == 0, result.output


def _restatements(home: Path) -> list[dict[str, Any]]:
    result = run(home, "restatements", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_first_reported_is_the_first_printing_not_the_repetition(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _ingest(home, tmp_path, FIRST, REPEATED, RESTATED)
    [row] = _restatements(home)
    assert (row["original_document"], row["original_line"], row["original_published_on"]) == (
        "doc1.txt",
        18,
        "2024-03-18",
    )
    assert row["repeated_in"] == ["doc2.txt"]
    assert (row["original_value"], row["restated_value"]) == ("3667508", "3521591")


def test_the_same_answer_whatever_order_the_documents_arrive_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _ingest(home, tmp_path, RESTATED, REPEATED, FIRST)
    [row] = _restatements(home)
    assert (row["original_document"], row["repeated_in"]) == ("doc1.txt", ["doc2.txt"])


def test_a_repetition_of_an_earlier_restatement_is_listed_under_it(tmp_path: Path) -> None:
    # doc2 restated doc1's figure; doc3 printed doc2's figure again; doc4 changes it once more.
    home = tmp_path / "home"
    changed = doc(2, "2024-08-20", [fact("ifrs-full:Revenue", "FY2023", "3600000", 40)])
    again = doc(3, "2024-10-20", [fact("ifrs-full:Revenue", "FY2023", "3600000", 12)])
    last = doc(4, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3521591", 25)])
    _ingest(home, tmp_path, FIRST, changed, again, last)
    rows = {r["restated_document"]: r for r in _restatements(home)}
    assert (rows["doc2.txt"]["original_document"], rows["doc2.txt"]["repeated_in"]) == (
        "doc1.txt",
        [],
    )
    assert (rows["doc4.txt"]["original_document"], rows["doc4.txt"]["repeated_in"]) == (
        "doc2.txt",
        ["doc3.txt"],
    )


def test_a_projection_of_the_previous_schema_is_judged_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _ingest(home, tmp_path, FIRST, REPEATED, RESTATED)
    # What a projection written before repetitions were listed looks like: no column, the
    # repetition named as the original, and the previous schema's stamp.
    con = duckdb.connect(str(home / "projections.duckdb"))
    con.execute("ALTER TABLE restatements DROP COLUMN repeated_in")
    con.execute("UPDATE restatements SET original_document = 'doc2.txt'")
    con.execute("COMMENT ON TABLE ledger_position IS 'ledger schema version 1'")
    con.close()
    assert run(home, "replay").exit_code == 0
    [row] = _restatements(home)
    assert (row["original_document"], row["repeated_in"]) == ("doc1.txt", ["doc2.txt"])


def test_the_report_names_the_first_printing_and_lists_the_repetition(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _ingest(home, tmp_path, FIRST, REPEATED, RESTATED)
    out = tmp_path / "report.html"
    result = run(home, "report", "--issuer", "oneconnect", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text()
    first = html.index('class="num first-reported"')
    cell = html[first : html.index("</td>", first)]
    assert "doc1.txt" in cell
    assert "printed again in doc2.txt" in cell


def test_the_export_carries_the_repetitions(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _ingest(home, tmp_path, FIRST, REPEATED, RESTATED)
    out = tmp_path / "export"
    result = run(home, "export", "--format", "parquet", "--out", str(out))
    assert result.exit_code == 0, result.output
    [path] = sorted(out.glob("restatements.*"))
    rows = duckdb.sql(f"SELECT original_document, repeated_in FROM '{path}'").fetchall()
    assert rows == [("doc1.txt", ["doc2.txt"])]


def _same_day_drafts(tmp: Path, *docs: dict[str, Any]) -> list[DisclosureDraft]:
    """Two documents as drafts published the same day, the one with the higher disclosure id
    accepted first (09:05), the other later (16:40): ids run against acceptance order."""
    drafts = []
    for d in docs:
        path = write_json(tmp / f"{d['disclosure']['source']['file']}.json", d)
        drafts.append(load_disclosure(path, {}))
    day = drafts[0].meta.published_on
    early, late = sorted(drafts, key=lambda d: d.meta.id, reverse=True)
    return [
        attrs.evolve(
            d, meta=attrs.evolve(d.meta, published_on=day, accepted_at=datetime(2024, 3, 18, *at))
        )
        for d, at in ((early, (9, 5)), (late, (16, 40)))
    ]


def _record_and_replay(home: Path, drafts: list[DisclosureDraft]) -> None:
    app = Location(home=home).open_ledger()
    try:
        list(app.ingest_disclosures(drafts))
    finally:
        app.close()
    assert run(home, "replay").exit_code == 0


def test_of_two_printings_on_one_day_the_first_accepted_is_the_original(tmp_path: Path) -> None:
    # Two filings of one day print the same figure; the one accepted first is where it was
    # first reported, whichever has the lower disclosure id (the order of last resort).
    early, late = _same_day_drafts(tmp_path, FIRST, REPEATED)
    restated = load_disclosure(write_json(tmp_path / "doc3.txt.json", RESTATED), {})
    _record_and_replay(tmp_path / "home", [early, late, restated])
    [row] = _restatements(tmp_path / "home")
    assert row["original_document"] == early.meta.source_file
    assert row["repeated_in"] == [late.meta.source_file]


def test_of_two_figures_on_one_day_the_later_accepted_restates_the_other(tmp_path: Path) -> None:
    # An amendment filed the day of the filing it amends: EDGAR's acceptance times say which
    # came second, whatever the order of the disclosure ids (recorded here in the other order).
    amended = doc(4, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "3600000", 7)])
    early, late = _same_day_drafts(tmp_path, FIRST, amended)
    _record_and_replay(tmp_path / "home", [late, early])
    [row] = _restatements(tmp_path / "home")
    assert (row["original_document"], row["restated_document"]) == (
        early.meta.source_file,
        late.meta.source_file,
    )
