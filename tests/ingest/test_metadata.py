"""The metadata pass: issuer, kind, period, publication date, currency and scale of a document.

The inline documents are written for these tests (figures and dates only resemble the real
filings); the last tests read the six real documents in ../shared/disclosures.
"""

from __future__ import annotations

import textwrap
import tomllib
from datetime import date
from pathlib import Path

import pytest

from ledger.ingest.extractor.document.metadata import (
    DocumentMetadata,
    looks_like_disclosure,
    read_metadata,
)
from ledger.ingest.extractor.reading.text import Document, document_from_bytes, read_document

from ..helpers import SAMPLE_ISSUERS


def doc(text: str, name: str = "inline.txt") -> Document:
    return document_from_bytes(name, textwrap.dedent(text).lstrip("\n").encode())


def meta_of(text: str) -> DocumentMetadata:
    return read_metadata(doc(text), SAMPLE_ISSUERS)


ANNUAL = """
    Disclaimer: the exchange takes no responsibility for this text.

    OneConnect Financial Technology Co., Ltd.
    (Stock Code: 6638) (NYSE Stock Ticker: OCFT)

    ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED DECEMBER 31, 2024

    Revenue\t2,248,103\t3,521,591
    Gross profit\t804,497\t1,326,017
    All amounts in the tables are RMB'000.

    Hong Kong, March 18, 2025
"""


# --- issuer ---------------------------------------------------------------------------------


def test_issuer__stock_code_in_title_block() -> None:
    meta = meta_of(ANNUAL)
    assert meta.issuer == "oneconnect"
    assert meta.evidence["issuer"] == 4


def test_issuer__nyse_ticker_alone() -> None:
    assert meta_of("Results release (NYSE: OCFT)\nRevenue 1,000 2,000 3,000\n").issuer == (
        "oneconnect"
    )


def test_issuer__hkex_code_with_leading_zeros() -> None:
    meta = meta_of("Some Group Inc.\n(Stock Codes: 0020 (HKD counter) and 80020 (RMB counter))\n")
    assert meta.issuer == "sensetime"


def test_issuer__unknown_code_falls_back_to_the_name() -> None:
    meta = meta_of("(Stock Code: 9999)\nQingdao AInnovation Technology Group Co., Ltd\n")
    assert meta.issuer == "ainnovation"
    assert meta.evidence["issuer"] == 2


def test_issuer__none_when_no_known_name_or_code() -> None:
    assert meta_of("Acme Widgets plc\n(Stock Code: 9999)\n").issuer is None


# --- kind and title -------------------------------------------------------------------------


def test_kind__annual_results_title() -> None:
    meta = meta_of(ANNUAL)
    assert (meta.kind, meta.evidence["kind"]) == ("annual-results", 6)


def test_kind__interim_results_title_gives_the_half_year_end() -> None:
    meta = meta_of(
        "SenseTime Group Inc.\nINTERIM RESULTS ANNOUNCEMENT FOR THE SIX MONTHS ENDED 30 JUNE 2024\n"
    )
    assert (meta.kind, meta.period_end) == ("interim-results", date(2024, 6, 30))


def test_kind__quarterly_results_title() -> None:
    meta = meta_of(
        "OneConnect reports unaudited results for the three months ended March 31, 2024\n"
    )
    assert (meta.kind, meta.period_end) == ("quarterly-results", date(2024, 3, 31))


def test_kind__fourth_quarter_and_full_year_is_annual() -> None:
    meta = meta_of("OneConnect (HKEX 6638)\nFourth quarter and full year 2023 financial results\n")
    assert (meta.kind, meta.period_end) == ("annual-results", date(2023, 12, 31))


def test_kind__a_fiscal_quarter_is_a_quarter() -> None:
    meta = meta_of("Acme announces unaudited results for the third fiscal quarter of fiscal 2022\n")
    assert meta.kind == "quarterly-results"


def test_kind__a_form_20f_is_an_annual_report() -> None:
    meta = meta_of("Form 20-F for the fiscal year ended August 31, 2021\n")
    assert (meta.kind, meta.period_end) == ("annual-report", date(2021, 8, 31))


def test_kind__esg_report_from_its_self_description() -> None:
    long_line = (
        "About this report. " + "x" * 300 + ". This report is our second ESG report, covering 2024."
    )
    assert meta_of(long_line + "\n").kind == "esg-report"


def test_kind__results_title_wins_over_an_esg_report_mentioned_later() -> None:
    text = ANNUAL + "\nOur ESG report for 2023 was published on 23 April 2024.\n"
    assert meta_of(text).kind == "annual-results"


def test_kind__running_footer_of_an_annual_report_extract() -> None:
    body = "\n".join(f"Note line {i}\t1,000\t2,000" for i in range(50))
    text = f"{body}\nANNUAL REPORT 2024 185\n{body}\nANNUAL REPORT 2024 186\n"
    meta = meta_of(text)
    assert (meta.kind, meta.evidence["kind"]) == ("annual-report", 51)


def test_kind__none_for_plain_text() -> None:
    assert meta_of("A shopping list: apples, pears.\n").kind is None


def test_title__our_own_short_words() -> None:
    assert meta_of(ANNUAL).title == "Annual results for the year ended December 31, 2024"


# --- period end -----------------------------------------------------------------------------


def test_period_end__from_the_title() -> None:
    meta = meta_of(ANNUAL)
    assert (meta.period_end, meta.evidence["period_end"]) == (date(2024, 12, 31), 6)


def test_period_end__from_the_reporting_period_definition() -> None:
    text = (
        "We report on the period from 1 January 2024 to 31 December 2024 (the reporting period).\n"
    )
    assert meta_of(text).period_end == date(2024, 12, 31)


def test_period_end__latest_year_ended_in_an_extract_without_title() -> None:
    filler = "\n".join("Other line" for _ in range(45))
    text = f"{filler}\nDepreciation for the years ended December 31, 2023 and 2024 is below.\n"
    meta = meta_of(text)
    assert (meta.period_end, meta.evidence["period_end"]) == (date(2024, 12, 31), 46)


# --- published on ---------------------------------------------------------------------------


def test_published_on__sign_off_line_month_first() -> None:
    meta = meta_of(ANNUAL)
    assert (meta.published_on, meta.evidence["published_on"]) == (date(2025, 3, 18), 12)


def test_published_on__sign_off_line_day_first() -> None:
    text = ANNUAL.replace("Hong Kong, March 18, 2025", "Hong Kong, 28 March 2025")
    assert meta_of(text).published_on == date(2025, 3, 28)


def test_published_on__press_release_dateline() -> None:
    text = (
        "OneConnect announces third quarter 2024 results\n"
        "SHENZHEN, China, Nov. 14, 2024 /PRNewswire/ -- Results for the nine months ended"
        " September 30, 2024 are out.\n"
    )
    meta = meta_of(text)
    assert (meta.published_on, meta.evidence["published_on"]) == (date(2024, 11, 14), 2)


def test_published_on__latest_of_sign_off_and_board_approval() -> None:
    text = """
        ANNUAL REPORT 2024 for the year ended December 31, 2024
        Hong Kong, March 18, 2025
        The directors approved the financial statements for issue on April 24, 2025.
    """
    meta = meta_of(text)
    assert (meta.published_on, meta.evidence["published_on"]) == (date(2025, 4, 24), 3)


def test_published_on__published_label_wins() -> None:
    text = "OneConnect (HKEX 6638) full year 2023 results\nPublished: 2024-03-18 (press release)\n"
    meta = meta_of(text)
    assert (meta.published_on, meta.evidence["published_on"]) == (date(2024, 3, 18), 2)


def test_published_on__board_approval_of_the_statements_as_a_weaker_signal() -> None:
    text = """
        ANNUAL REPORT 2024 for the year ended December 31, 2024
        The Board approved the ESG report on March 18, 2025.
        The directors approved the financial statements for issue on April 24, 2025.
    """
    meta = meta_of(text)
    assert (meta.published_on, meta.evidence["published_on"]) == (date(2025, 4, 24), 3)


def test_published_on__shareholder_approval_is_not_a_publication_signal() -> None:
    text = (
        "Annual results for the year ended December 31, 2024\n"
        "Shareholders approved the sale at a general meeting on January 16, 2025.\n"
    )
    assert meta_of(text).published_on is None


def test_published_on__another_documents_publication_is_ignored() -> None:
    text = (
        "Annual results for the year ended December 31, 2024\n"
        "See our third quarter results, published on November 14, 2024.\n"
    )
    assert meta_of(text).published_on is None


def test_published_on__a_dated_line_before_the_period_end_is_ignored() -> None:
    text = "Annual results for the year ended December 31, 2024\nShenzhen, 30 June 2024\n"
    assert meta_of(text).published_on is None


# --- currency and scale ---------------------------------------------------------------------


def test_currency_and_scale__presentation_statement() -> None:
    text = (
        "Figures in our accounts are expressed in thousands of Renminbi, unless otherwise stated.\n"
    )
    meta = meta_of(text)
    assert (meta.currency, meta.scale, meta.evidence["scale"]) == ("RMB", 3, 1)


def test_currency_and_scale__table_unit_headers_decide() -> None:
    meta = meta_of(ANNUAL)
    assert (meta.currency, meta.scale, meta.evidence["scale"]) == ("RMB", 3, 10)


def test_currency_and_scale__a_loan_denominated_in_a_currency_is_not_the_default() -> None:
    text = "Loans denominated in US dollars were hedged.\nRevenue\tHK$ million\t1.0\n"
    assert (meta_of(text).currency, meta_of(text).scale) == ("HKD", 6)


def test_currency_and_scale__scale_zero_without_unit_headers() -> None:
    text = "Every sum in this report is stated in Renminbi.\n"
    meta = meta_of(text)
    assert (meta.currency, meta.scale) == ("RMB", 0)


def test_language__english() -> None:
    assert meta_of(ANNUAL).language == "en"


# --- refusing non-disclosures ---------------------------------------------------------------


def test_looks_like_disclosure__accepts_a_results_announcement() -> None:
    assert looks_like_disclosure(doc(ANNUAL), meta_of(ANNUAL)) is None


def test_looks_like_disclosure__refuses_text_without_figures() -> None:
    reason = looks_like_disclosure(doc("Dear diary, today OneConnect was in the news.\n"))
    assert reason == "not a disclosure: it prints no financial figures"


def test_looks_like_disclosure__refuses_text_without_a_known_issuer() -> None:
    reason = looks_like_disclosure(doc("Acme results for the year ended 2024\n1,000 2,000 3,000\n"))
    assert reason == "not a disclosure: it names no known issuer (by name, stock code or ticker)"


def test_looks_like_disclosure__issuer_named_by_the_user_is_enough() -> None:
    text = doc("Acme results for the year ended December 31, 2024\n1,000 2,000 3,000\n")
    assert looks_like_disclosure(text, issuer="oneconnect") is None


# --- the real documents ---------------------------------------------------------------------

# Line that decided each field, per document (see ../shared/docs/seed-notes-*.md).
EVIDENCE = {
    "oneconnect-fy2023-results-2024-03-18.txt": {
        "issuer": 1, "kind": 2, "period_end": 2, "published_on": 3, "scale": 11,
    },
    "oneconnect-fy2024-annual-results-2025-03-18.txt": {
        "issuer": 7, "kind": 9, "period_end": 9, "published_on": 1081, "currency": 512,
    },
    "oneconnect-fy2024-annual-report-extract-2025-04-24.txt": {
        "kind": 219, "published_on": 973, "scale": 10,
    },
    "oneconnect-2024-esg-report-2025-03-18.txt": {"issuer": 1, "kind": 1, "published_on": 3},
    "sensetime-fy2024-annual-results-2025-03-26.txt": {
        "issuer": 12, "kind": 14, "period_end": 15, "published_on": 1495, "scale": 695,
    },
    "ainnovation-fy2023-annual-results-2024-03-28.txt": {
        "issuer": 9, "kind": 11, "period_end": 11, "published_on": 1049, "currency": 605,
    },
}  # fmt: skip


def _manifest(shared: Path) -> list[dict[str, object]]:
    return tomllib.loads((shared / "manifest.toml").read_text())["disclosure"]


@pytest.mark.parametrize("file", sorted(EVIDENCE))
def test_real_documents__metadata_matches_the_manifest(shared: Path, file: str) -> None:
    entry = next(e for e in _manifest(shared) if e["file"] == file)
    meta = read_metadata(read_document(shared / file), SAMPLE_ISSUERS)
    got = (meta.issuer, meta.kind, meta.period_end, meta.published_on)
    assert got == (entry["issuer"], entry["kind"], entry["period_end"], entry["published_on"])


@pytest.mark.parametrize("file", sorted(EVIDENCE))
def test_real_documents__evidence_lines(shared: Path, file: str) -> None:
    meta = read_metadata(read_document(shared / file), SAMPLE_ISSUERS)
    assert {k: meta.evidence.get(k) for k in EVIDENCE[file]} == EVIDENCE[file]


@pytest.mark.parametrize("file", sorted(EVIDENCE))
def test_real_documents__rmb_and_english(shared: Path, file: str) -> None:
    meta = read_metadata(read_document(shared / file), SAMPLE_ISSUERS)
    expected_scale = 0 if file.startswith("oneconnect-2024-esg") else 3
    assert (meta.currency, meta.scale, meta.language) == ("RMB", expected_scale, "en")


@pytest.mark.parametrize("file", sorted(EVIDENCE))
def test_real_documents__are_disclosures(shared: Path, file: str) -> None:
    document = read_document(shared / file)
    assert looks_like_disclosure(document, read_metadata(document, SAMPLE_ISSUERS)) is None


# --- publication dates that are not a day, deadlines and later events ----------------------


def test_published_on__a_payment_date_in_the_boards_approval_is_not_publication() -> None:
    text = (
        "Annual results for the year ended December 31, 2024\n"
        "The Board approved the results and a final dividend payable on June 20, 2025.\n"
    )
    assert meta_of(text).published_on is None


def test_published_on__a_dispatch_deadline_is_not_publication() -> None:
    text = (
        "Annual results for the year ended December 31, 2024\n"
        "The directors approved the annual report, to be sent out no later than April 30, 2025.\n"
    )
    assert meta_of(text).published_on is None


def test_published_on__a_date_more_than_a_year_after_the_period_is_not_publication() -> None:
    text = "Annual results for the year ended December 31, 2024\nHong Kong, March 18, 2027\n"
    assert meta_of(text).published_on is None


def test_published_on__a_label_without_a_day_is_reported_not_guessed() -> None:
    text = (
        "Quarterly results for the three months ended March 31, 2024 (NYSE: OCFT)\n"
        "Publication date: estimated May 2024 (filed some days after 2024-04-20)\n"
    )
    meta = meta_of(text)
    assert (meta.published_on, meta.published_approximately) == (None, "May 2024")


def test_published_on__a_quarter_is_not_a_day() -> None:
    text = "Annual results for the year ended December 31, 2024\nPublished: Q1 2025\n"
    meta = meta_of(text)
    assert (meta.published_on, meta.published_approximately) == (None, "Q1 2025")


def test_published_on__a_report_for_the_month_of_is_not_a_day() -> None:
    text = (
        "Form 6-K: report of a foreign issuer for the month of April 2026 (NYSE: OCFT)\n"
        "Financial information for the six months ended June 30, 2025\n"
    )
    meta = meta_of(text)
    assert (meta.published_on, meta.published_approximately) == (None, "April 2026")


def test_published_on__dateline_with_the_wire_in_parentheses() -> None:
    text = (
        "OneConnect announces third quarter 2024 results\n"
        "Shenzhen, China, Nov. 14, 2024 (PRNewswire): figures for the three months ended"
        " September 30, 2024 follow.\n"
    )
    meta = meta_of(text)
    assert (meta.published_on, meta.evidence["published_on"]) == (date(2024, 11, 14), 2)


# --- period ends without a "year ended" title ----------------------------------------------


def test_period_end__latest_column_of_a_balance_sheet_headed_as_of() -> None:
    text = """
        OneConnect (NYSE: OCFT) statement of financial position
        \t\tAs of
        \tNote\tDecember 31, 2023\tJune 30, 2024
        Cash at bank\t12\t1,000\t2,000
        Total assets\t\t3,000\t4,000
    """
    meta = meta_of(text)
    assert (meta.period_end, meta.evidence["period_end"]) == (date(2024, 6, 30), 3)


def test_period_end__fiscal_year_stated_with_its_year_sets_the_year_end() -> None:
    text = (
        "Acme Education Holdings Limited (NYSE: ACME)\n"
        "Acme announces results for the fourth quarter and fiscal year 2024\n"
        "Results for its fourth quarter and fiscal year 2024 ended August 31, 2024 are out.\n"
    )
    meta = read_metadata(doc(text))
    assert (meta.fiscal_year_end, meta.period_end) == ("08-31", date(2024, 8, 31))
