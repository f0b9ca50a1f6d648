"""A transcriber's header block ("issuer: ...", "publication date: ...", "note: ..." above a
line of "=====") is metadata: it may name the issuer, the publication date and the unit of
the amounts, and it is never read as statement text (no fact, no declaration, no event).

The inline documents are written for these tests; the last ones read the real documents of
../shared/disclosures/other-issuers, whose files all open with such a block."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledger.ingest.errors import ExtractError
from ledger.ingest.extractor.document.narrative import find_declarations
from ledger.ingest.extractor.pipeline import extract_document
from ledger.ingest.extractor.reading.header import split_header
from ledger.ingest.extractor.reading.text import read_document

HEADER = (
    "issuer: Widget Holdings Inc. (NASDAQ: WDGT)\n"
    "document title: Widget Holdings Reports Fourth Quarter 2023 Results (press release)\n"
    "publication date: 2024-02-20\n"
    "note: the Q4 2022 figures here differ from the earlier release (revenue 410.5 vs 400.1);"
    " the Gadgets business was reclassified to discontinued operations on 2023-12-31.\n"
    "note: units: the table prints only 'RMB' over its columns, so amounts are RMB thousands.\n"
    "==========================================\n"
)
BODY = (
    "Widget Holdings Reports Fourth Quarter 2023 Results\n"
    "\tThree Months Ended December 31,\n"
    "\t2022\t2023\n"
    "\tRMB\tRMB\n"
    "Revenue\t1,200\t1,350\n"
    "Cost of revenue\t(700)\t(800)\n"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "widget-q4-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_records_above_a_rule_are_a_header_and_their_lines_are_blanked() -> None:
    lines = (HEADER + BODY).splitlines()
    header, body = split_header(lines)
    assert header is not None
    assert header.rule_line == 6
    assert header.first("publication date") == (3, "2024-02-20")
    assert len(header.values("note")) == 2
    assert body[:6] == ("",) * 6
    assert body[6:] == tuple(lines[6:])


def test_a_first_line_that_is_no_record_means_no_header() -> None:
    lines = ("Widget Holdings results", "issuer: Widget", "date: 2024-02-20", "=====", "x")
    assert split_header(lines) == (None, lines)


def test_a_header_note_gives_no_fact_and_no_declaration(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + BODY)
    found = find_declarations(read_document(path))
    assert (found.restatements, found.corporate_events) == ((), ())
    facts = extract_document(path, issuer="widget").disclosure["facts"]
    assert {f["line"] for f in facts} == {11, 12}


def test_the_header_names_the_publication_date_and_the_issuer(tmp_path: Path) -> None:
    disclosure = extract_document(_write(tmp_path, HEADER + BODY)).disclosure["disclosure"]
    assert disclosure["published_on"] == date(2024, 2, 20).isoformat()
    assert disclosure["issuer_name"] == "Widget Holdings Inc."
    assert "WDGT" in disclosure["issuer_aliases"]


def test_a_unit_note_of_the_header_scales_the_table(tmp_path: Path) -> None:
    facts = extract_document(_write(tmp_path, HEADER + BODY)).disclosure["facts"]
    revenue = next(f for f in facts if f["line"] == 11 and f["period"] == "Q4 2023")
    assert (revenue["value"], revenue["unit"], revenue["scale"]) == ("1350", "RMB", 3)


def test_an_estimated_publication_date_in_the_header_is_no_date(tmp_path: Path) -> None:
    estimated = HEADER.replace(
        "publication date: 2024-02-20", "publication date: NOT captured; estimated February 2024"
    )
    with pytest.raises(ExtractError, match="pass --published-on"):
        extract_document(_write(tmp_path, estimated + BODY))


# --- the real documents ------------------------------------------------------------------


def test_real__every_other_issuers_document_opens_with_a_header(shared: Path) -> None:
    for path in sorted((shared / "other-issuers").glob("*.txt")):
        header = read_document(path).header
        assert header is not None, path.name
        assert header.first("issuer") is not None, path.name


def test_real__the_20f_notes_header_is_no_disposal_event(shared: Path) -> None:
    # JOYY's header (line 3) says the publication date was not captured and estimates a
    # month: no event of the document, which declares its schedules' re-presentation only.
    path = shared / "other-issuers" / "joyy-20f-fy2020-r45-discontinued-operations-2021-04-01.txt"
    found = find_declarations(read_document(path))
    assert found.corporate_events == ()
    assert [r["lines"] for r in found.restatements] == [[13, 16]]


def test_real__the_re_presentation_is_declared_by_the_release_not_its_header(
    shared: Path,
) -> None:
    path = shared / "other-issuers" / "sohu-q4-2020-press-release-2021-02-04.txt"
    (entry,) = find_declarations(read_document(path)).restatements
    assert entry["lines"] == [13, 13]


def test_real__a_transcribers_note_about_discontinued_operations_is_no_declaration(
    shared: Path,
) -> None:
    # Bright Scholar's FY2021 R4 header says (line 10) the comparatives were reclassified to
    # discontinued operations; the page's own rows (continuing and discontinued operations,
    # lines 31-32) are what declares the re-presentation.
    path = shared / "other-issuers" / "bright-scholar-20f-fy2021-r4-income-statement-2022-01-01.txt"
    (entry,) = find_declarations(read_document(path)).restatements
    assert entry["lines"] == [31, 32]
