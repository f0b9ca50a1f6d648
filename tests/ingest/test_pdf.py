"""PDF documents: read into the extractor's lines, page and line kept, tables kept as rows.

The PDFs are typeset by the tests (``tests/pdfs.py``) from text: the six real documents give the
same facts read from their PDF as from their text.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ledger.ingest.errors import ExtractError
from ledger.ingest.extractor.pipeline import extract_document
from ledger.ingest.extractor.reading.pdf import read_pdf_lines
from ledger.ingest.extractor.reading.text import read_document

from ..helpers import home_fingerprint, run
from ..pdfs import DEJAVU, build_pdf

HEAD = """\
OneConnect Financial Technology Co., Ltd. (HKEX 6638, NYSE OCFT)
Published: 2024-03-18
Full year 2023 results
"""
TABLE = """\

In RMB'000, except percentages
\tYear Ended December 31\t\tYoY
\t2023\t2022
Revenue
Revenue from Ping An Group\t2,091,039\t2,526,682\t-17.2 %
Revenue from Lufax\t269,073\t459,419\t-41.4 %
Revenue from third-party customers\t1,307,396\t1,477,901\t-11.5 %
Total\t3,667,508\t4,464,002\t-17.8 %
Gross profit\t1,349,405\t1,635,016
"""

# Enough lines of our own to fill the first page, so the table is printed on the second.
FILLER = "".join(f"Paragraph {n} of an introduction that states no figures.\n" for n in range(90))
LONG = HEAD + FILLER + TABLE


def _fact_key(fact: dict[str, Any]) -> tuple[Any, ...]:
    """A fact without its provenance: what it states."""
    return (
        fact["concept"],
        fact["period"],
        tuple(sorted(fact["dimensions"].items())),
        fact["value"],
        fact["unit"],
        fact["scale"],
        fact["decimals"],
        fact.get("statement"),
    )


def test_pdf__lines_as_printed_with_their_pages(tmp_path: Path) -> None:
    pdf = build_pdf(LONG, tmp_path / "results.pdf")
    lines = read_pdf_lines(pdf.read_bytes(), str(pdf))
    # Check: the filler fills page 1; the table follows on page 2, its rows numbered from 1 there.
    assert {line.page for line in lines} == {1, 2}
    row = next(line for line in lines if line.text.startswith("Total"))
    assert row.page == 2
    assert row.text == "Total\t3,667,508\t4,464,002\t-17.8 %"
    first = next(line for line in lines if line.page == 2)
    assert first.line_on_page == 1


def test_pdf__table_rows_keep_their_empty_cells(tmp_path: Path) -> None:
    pdf = build_pdf(HEAD + TABLE, tmp_path / "results.pdf")
    lines = [line.text for line in read_pdf_lines(pdf.read_bytes(), str(pdf))]
    # Check: the header's leading and inner empty cells are kept, so "YoY" stays in column 4;
    # a row's missing last cells are not invented; text outside the table is one line per line.
    assert "\tYear Ended December 31\t\tYoY" in lines
    assert "Gross profit\t1,349,405\t1,635,016" in lines
    assert "In RMB'000, except percentages" in lines
    # Check: the blank line before the scale line is kept as a paragraph break.
    assert lines[lines.index("In RMB'000, except percentages") - 1] == ""


def test_pdf__facts_name_their_page_and_line(tmp_path: Path) -> None:
    pdf = build_pdf(LONG, tmp_path / "results.pdf")
    doc = read_document(pdf)
    facts = extract_document(pdf, issuer="oneconnect").disclosure["facts"]
    revenue = next(f for f in facts if f["label"] == "Total" and f["period"] == "FY2023")
    assert (revenue["concept"], revenue["value"]) == ("ifrs-full:Revenue", "3667508")
    assert revenue["page"] == 2
    assert doc.line(revenue["line"]).startswith("Total\t3,667,508")


def test_pdf__extract_and_ingest_from_the_command_line(tmp_path: Path) -> None:
    pdf = build_pdf(LONG, tmp_path / "results.pdf")
    home = tmp_path / "home"
    result = run(home, "extract", str(pdf), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    total = next(r for r in rows if r["label"] == "Total" and r["period"] == "FY2023")
    assert (total["page"], total["value"]) == (2, "3667508")
    assert home_fingerprint(home) == {}
    # Check: the PDF ingests like its text, and the ledger answers from it.
    assert run(home, "ingest", str(pdf), "--published-on", "2024-03-18").exit_code == 0
    result = run(home, "facts", "--issuer", "6638", "--period", "FY2023", "--format", "json")
    values = {r["concept"]: r["value"] for r in json.loads(result.stdout) if not r["dimensions"]}
    assert values["ifrs-full:Revenue"] == "3667508"


def test_pdf__a_pdf_without_text_asks_for_ocr(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(72, 72, 300, 400, fill=1)
    page.save()
    with pytest.raises(ExtractError, match="is a PDF without text"):
        read_document(path)


def _manifest_entries() -> list[dict[str, Any]]:
    from ..conftest import DISCLOSURES

    manifest = DISCLOSURES / "manifest.toml"
    if not manifest.exists():
        return [{"file": "(the real documents are absent)"}]
    return tomllib.loads(manifest.read_text(encoding="utf-8"))["disclosure"]


@pytest.mark.parametrize("entry", _manifest_entries(), ids=lambda e: e["file"])
def test_pdf__a_real_document_gives_the_facts_of_its_text(
    shared: Path, tmp_path: Path, entry: dict[str, Any]
) -> None:
    if not DEJAVU.exists():
        # Without it the superscript footnote marks of the documents print as plain digits,
        # which a text dump does not have: the PDF would not be the same document.
        if os.environ.get("CI"):
            pytest.fail(f"CI typesets the documents in {DEJAVU} (Debian: fonts-dejavu-core)")
        pytest.skip(f"{DEJAVU} (Debian: fonts-dejavu-core) is not installed")
    text = shared / entry["file"]
    pdf = build_pdf(text.read_text(encoding="utf-8"), tmp_path / f"{text.stem}.pdf")
    given = {k: entry[k] for k in ("issuer", "kind", "period_end", "published_on") if k in entry}
    from_text = extract_document(text, **given).disclosure
    from_pdf = extract_document(pdf, **given).disclosure
    assert sorted(map(_fact_key, from_pdf["facts"])) == sorted(map(_fact_key, from_text["facts"]))
    # Check: the same metadata (only the source file differs) and the same declarations.
    meta_text = {k: v for k, v in from_text["disclosure"].items() if k != "source"}
    meta_pdf = {k: v for k, v in from_pdf["disclosure"].items() if k != "source"}
    assert meta_pdf == meta_text
    for part in ("restatements", "discontinuations"):
        kinds = [(d.get("kind"), d.get("periods")) for d in from_text.get(part, [])]
        assert [(d.get("kind"), d.get("periods")) for d in from_pdf.get(part, [])] == kinds
    # Check: every fact of the PDF names the page its line is printed on.
    doc = read_document(pdf)
    assert all(f["page"] == doc.page(f["line"]) for f in from_pdf["facts"])


def test_pdf__an_unruled_table_keeps_its_columns_as_cells(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    # Columns set at tab stops without rules, as many reports print them.
    path = tmp_path / "unruled.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("Helvetica", 9)
    y = 800.0
    for line in (HEAD + TABLE).splitlines():
        for x, cell in zip((40, 260, 340, 420), line.split("\t"), strict=False):
            page.drawString(x, y, cell)
        y -= 12
    page.save()
    lines = [line.text for line in read_pdf_lines(path.read_bytes(), str(path))]
    # Check: the columns are where the figures stand, so a row's cells come back in their
    # columns, a missing figure as an empty cell, and a header over the figures stays over them.
    assert "Revenue from Lufax\t269,073\t459,419\t-41.4 %" in lines
    assert "Gross profit\t1,349,405\t1,635,016" in lines
    assert "\t2023\t2022" in lines
    assert "\tYear Ended December 31\t\tYoY" in lines
    # ...and lines of one run of text stay text.
    assert "In RMB'000, except percentages" in lines
    assert "Revenue" in lines


def test_pdf__a_real_document_with_unruled_tables_gives_the_facts_of_its_text(
    shared: Path, tmp_path: Path
) -> None:
    # OneConnect's FY2023 results typeset with no rule in its tables: the columns are found
    # from where the figures stand (docs/extraction.md has the other documents' figures).
    text = shared / "oneconnect-fy2023-results-2024-03-18.txt"
    pdf = build_pdf(text.read_text(encoding="utf-8"), tmp_path / "unruled.pdf", ruled=False)
    from_text = extract_document(text, issuer="oneconnect").disclosure
    from_pdf = extract_document(pdf, issuer="oneconnect").disclosure
    assert sorted(map(_fact_key, from_pdf["facts"])) == sorted(map(_fact_key, from_text["facts"]))
    revenue = [f for f in from_pdf["facts"] if f["label"] == "Total" and f["period"] == "FY2023"]
    assert [(f["concept"], f["value"]) for f in revenue] == [("ifrs-full:Revenue", "3667508")]


def test_pdf__the_ledger_shows_the_page_and_line_a_figure_is_printed_on(
    shared: Path, tmp_path: Path
) -> None:
    import pdfplumber

    # OneConnect's FY2024 results re-present FY2023 revenue (3,667,508 on line 583 of the
    # text), pages into the document.
    text = shared / "oneconnect-fy2024-annual-results-2025-03-18.txt"
    pdf = build_pdf(text.read_text(encoding="utf-8"), tmp_path / f"{text.stem}.pdf")
    home = tmp_path / "home"
    ingested = run(
        home,
        "ingest",
        str(pdf),
        "--issuer",
        "oneconnect",
        "--published-on",
        "2025-03-18",
        "--period-end",
        "2024-12-31",
        "--kind",
        "annual-results",
    )
    assert ingested.exit_code == 0, ingested.output
    asked = ("--issuer", "OCFT", "--period", "FY2023", "--concept", "Revenue")
    listed = run(home, "facts", *asked, "--dimensions", "operations=all", "--format", "json")
    [revenue] = json.loads(listed.stdout)
    assert revenue["value"] == "3667508"
    page, line = revenue["page"], revenue["line"]
    # Check: the page is the one the PDF prints the figure's row on, and the line is that row.
    with pdfplumber.open(pdf) as printed:
        assert len(printed.pages) > page > 1
        rows = (printed.pages[page - 1].extract_text() or "").splitlines()
    assert any(r.startswith("Revenue") and "3,667,508" in r for r in rows)
    row = read_document(pdf).line(line)
    assert row.startswith("Revenue") and "3,667,508" in row
    # Check: the table says where, as a reader looks it up; the diff's source column too.
    table = run(home, "facts", *asked, "--dimensions", "operations=all", "--wide")
    assert f"p. {page}, line {line}" in table.stdout
    diff = run(
        home,
        "diff",
        "--issuer",
        "OCFT",
        "--from",
        "2024-06-30",
        "--to",
        "2025-06-30",
        "--concept",
        "Revenue",
        "--period",
        "FY2023",
        "--format",
        "json",
    )
    changes = [r for r in json.loads(diff.stdout) if r["dimensions"] == "operations=all"]
    assert [(r["to_line"], r["to_page"]) for r in changes] == [(line, page)]
