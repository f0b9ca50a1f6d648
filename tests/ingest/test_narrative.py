"""The narrative pass: restatement declarations, comparative-column marks and disposals.

The inline documents are written for these tests; the last tests read the real documents in
../shared/disclosures and check each declaration with its lines.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ledger.ingest.extractor.document.disposals import discontinued_note, discontinued_operation
from ledger.ingest.extractor.document.narrative import Declarations, find_declarations
from ledger.ingest.extractor.document.prose import clean
from ledger.ingest.extractor.reading.text import Document, document_from_bytes, read_document


def doc(text: str) -> Document:
    return document_from_bytes("inline.txt", text.lstrip("\n").encode())


def block(text: str) -> str:
    return textwrap.dedent(text)


def declarations(text: str) -> Declarations:
    return find_declarations(doc(text))


TITLE = block("""
    OneConnect Financial Technology Co., Ltd. (Stock Code: 6638)
    ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED DECEMBER 31, 2024
""")
SIGN_OFF = "\nHong Kong, March 20, 2025\n"

DISPOSAL = (
    TITLE
    + block("""
    4 DISCONTINUED OPERATIONS

    On 3 May 2023 the Company signed a sale agreement for its payments arm at a consideration of HK$1.2 billion in cash. Shareholders gave their approval at a general meeting held on 9 June 2023, and the sale was completed on 30 June 2024. As noted in our announcement dated 4 May 2023, the arm left the Group on completion.

    The payments arm is shown as discontinued operations; comparative figures were restated.

    Reportable segments: the Payments Business was disposed of (see Note 4).
""")  # noqa: E501
    + SIGN_OFF
)


# --- restatements stated in the text --------------------------------------------------------


def test_restatement__discontinued_operation_re_presents_the_prior_year() -> None:
    (entry,) = declarations(DISPOSAL).restatements
    assert entry == {
        "kind": "re-presentation",
        "standard": "IFRS 5",
        "periods": ["FY2023"],
        "reason": "Payments Business shown as discontinued; comparatives re-presented",
        "lines": [8, 8],
        "scope": "income",
        "operation": "Payments Business",
    }


def test_restatement__interim_comparative_is_the_prior_half_year() -> None:
    text = DISPOSAL.replace(
        "ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED DECEMBER 31, 2024",
        "INTERIM RESULTS ANNOUNCEMENT FOR THE SIX MONTHS ENDED JUNE 30, 2024",
    ).replace("March 20, 2025", "August 20, 2024")
    (entry,) = declarations(text).restatements
    assert entry["periods"] == ["H1 2023"]


def test_restatement__negated_restatement_is_not_a_restatement() -> None:
    text = TITLE + "\nNo comparative amounts were restated on adoption of the amendments.\n"
    assert declarations(text).restatements == ()


def test_restatement__comparatives_not_restated_is_not_a_restatement() -> None:
    text = TITLE + "\nThe comparative amounts have not been restated.\n"
    assert declarations(text).restatements == ()


def test_restatement__restated_articles_are_not_figures() -> None:
    text = TITLE + "\nOur articles of association have been restated in full.\n"
    assert declarations(text).restatements == ()


def test_restatement__error_correction() -> None:
    text = (
        TITLE
        + "\nA prior period error in revenue was found; the 2023 figures have been restated.\n"
    )
    (entry,) = declarations(text).restatements
    assert (entry["kind"], entry["standard"], entry["periods"]) == (
        "error-correction",
        "IAS 8",
        ["FY2023"],
    )


def test_restatement__reclassified_to_the_current_presentation() -> None:
    text = TITLE + "\nSome 2023 amounts were reclassified to match this year's presentation.\n"
    (entry,) = declarations(text).restatements
    assert (entry["kind"], entry["standard"], entry["scope"], entry["periods"]) == (
        "reclassification",
        "IAS 1",
        "income",
        ["FY2023"],
    )


def test_restatement__wrapped_sentence_spans_its_lines() -> None:
    text = TITLE + (
        "\nAfter the sale, the shop business is presented as discontinued operations, and\n"
        "the comparative figures have been restated.\n"
    )
    (entry,) = declarations(text).restatements
    assert entry["lines"] == [4, 5]


def test_restatement__esg_emissions_recalculated_for_prior_years() -> None:
    text = block("""
        OneConnect ESG report. This report is our third ESG report. Index: GRI 2-4.
        With the new grid factor, emissions of 2022 and 2023 were recalculated.
        The Board approved this report on March 18, 2025.
    """)
    (entry,) = declarations(text).restatements
    assert entry == {
        "kind": "other",
        "standard": "GRI 2-4",
        "periods": ["FY2022", "FY2023"],
        "reason": "prior-year emissions recalculated with updated emission factors",
        "lines": [2, 2],
        "scope": "esg",
    }


def test_restatement__reason_is_never_copied_from_the_document() -> None:
    text = clean(DISPOSAL)
    for entry in declarations(DISPOSAL).restatements:
        assert entry["reason"] not in text


# --- future restatements (IFRS 18) ----------------------------------------------------------

FUTURE = (
    TITLE
    + block("""
    Standards issued but not yet effective:
    IFRS 18 - Presentation and Disclosure in Financial Statements\tJanuary 1, 2027

    IFRS 18 replaces IAS 1 and changes the structure of the income statement.

    The mandatory effective date is 1 January 2027; we will apply IFRS 18 retrospectively.
""")
    + SIGN_OFF
)


def test_future_restatement__announced_with_its_effective_date() -> None:
    (entry,) = declarations(FUTURE).restatements
    assert entry == {
        "kind": "reclassification",
        "standard": "IFRS 18",
        "periods": ["FY2026"],
        "reason": "IFRS 18 to be adopted from 2027-01-01; comparatives will be restated then",
        "lines": [5, 9],
        "scope": "income",
        "effective_from": "2027-01-01",
    }


def test_future_restatement__effective_date_from_the_standards_table() -> None:
    text = FUTURE.replace("The mandatory effective date is 1 January 2027; we", "We")
    (entry,) = declarations(text).restatements
    assert entry["effective_from"] == "2027-01-01"


# --- an adopted standard behind a "(Restated)" column (IAS 1) ------------------------------

RECLASSIFIED = (
    TITLE
    + block("""
    \t\tAs at 31 December
    \t\t2024\t2023
    \tNote\tRMB'000\tRMB'000 (Restated)
    Convertible notes\t\t1,205,047\t1,144,805

    Amendments to IAS 1\tClassification of Liabilities as Current or Non-current

    Under the IAS 1 amendments, notes were reclassified as current at 31 December 2024 and 2023.
""")
    + SIGN_OFF
)


def test_standard_effect__ias1_with_a_restated_column() -> None:
    (entry,) = declarations(RECLASSIFIED).restatements
    assert entry == {
        "kind": "reclassification",
        "standard": "IAS 1",
        "periods": ["2023-12-31"],
        "reason": (
            "IAS 1 amendments adopted: a liability moved between current and non-current;"
            " comparative balance sheet restated"
        ),
        "lines": [9, 11],
        "scope": "balance",
    }


def test_standard_effect__interim_comparative_balance_sheet_is_the_prior_year_end() -> None:
    text = block("""
        SenseTime Group Inc. (Stock Code: 0020)
        INTERIM RESULTS ANNOUNCEMENT FOR THE SIX MONTHS ENDED JUNE 30, 2024
        \tJune 30, 2024\tDecember 31, 2023 (Restated)
        Convertible notes\t1,205,047\t1,144,805
        Under the IAS 1 amendments, the notes were reclassified as current liabilities.
        Hong Kong, August 20, 2024
    """)
    found = declarations(text)
    assert found.restatements[0]["periods"] == ["2023-12-31"]
    assert found.comparative_marks[0]["period_hint"] == "2023"


def test_standard_effect__no_restated_column_no_restatement() -> None:
    text = RECLASSIFIED.replace(" (Restated)", "")
    assert declarations(text).restatements == ()


# --- comparative marks ----------------------------------------------------------------------


def test_marks__restated_column_with_the_year_above_it() -> None:
    assert declarations(RECLASSIFIED).comparative_marks == (
        {"line": 6, "mark": "(Restated)", "kind": "reclassification", "period_hint": "2023"},
    )


def test_marks__note_reference_to_the_discontinued_operations_note() -> None:
    text = DISPOSAL + "\n\tYear ended December 31,\n\t2023\t2024\n\t(Note 4)\t(Unaudited)\n"
    (mark,) = declarations(text).comparative_marks
    assert mark == {
        "line": 16,
        "mark": "(Note 4)",
        "kind": "re-presentation",
        "period_hint": "2023",
    }


def test_marks__other_note_references_are_not_marks() -> None:
    text = DISPOSAL + "\n\t2023 RMB'000 (Note 7)\t2024 RMB'000\n"
    assert declarations(text).comparative_marks == ()


def test_marks__note_reference_on_a_row_label_is_not_a_mark() -> None:
    text = DISPOSAL + "\nGain on disposal of subsidiaries (Note 4)\t-\t(260,137)\n"
    assert declarations(text).comparative_marks == ()


def test_marks__segment_column_is_not_a_comparative_mark() -> None:
    text = DISPOSAL + "\n\tPayments Business RMB'000 (Note 4)\tOther RMB'000\n"
    assert declarations(text).comparative_marks == ()


def test_marks__year_defaults_to_the_comparative_year() -> None:
    text = DISPOSAL + "\n\tRMB'000\tRMB'000\n\t(Note 4)\t\n"
    (mark,) = declarations(text).comparative_marks
    assert mark["period_hint"] == "2023"


def test_discontinued_note__from_its_heading() -> None:
    assert discontinued_note(["3 SEGMENT INFORMATION", "9 DISCONTINUED OPERATIONS"]) == 9


def test_discontinued_note__from_references_to_the_disposal() -> None:
    lines = [
        "Deposits held by the bank we sold (disposed of, see Note 12).",
        "Loans of that bank, disposed of in April (Note 12).",
        "Gains on derivatives (Note 9)",
    ]
    assert discontinued_note(lines) == 12


def test_discontinued_operation__named_segment() -> None:
    line = "Segments for 2024: the Retail Lending Business was disposed of; see Note 9."
    assert discontinued_operation([line]) == "Retail Lending Business"


def test_discontinued_operation__from_the_disposal_phrase() -> None:
    line = "We completed the disposal of our virtual bank business in April 2024."
    assert discontinued_operation([line]) == "Virtual Bank Business"


# --- corporate events -----------------------------------------------------------------------


def test_disposal__dates_and_consideration_from_their_cue_words() -> None:
    (event,) = declarations(DISPOSAL).corporate_events
    assert event == {
        "type": "operation-discontinued",
        "operation": "Payments Business",
        "agreement_on": "2023-05-03",
        "approved_on": "2023-06-09",
        "completed_on": "2024-06-30",
        "consideration": "1200000000",
        "consideration_unit": "HKD",
        "lines": [6, 6],
    }


def test_disposal__dates_after_publication_are_ignored() -> None:
    text = DISPOSAL.replace("completed on 30 June 2024", "completed on 30 June 2025")
    event = declarations(text).corporate_events[0]
    assert "completed_on" not in event


def test_disposal__no_discontinued_operation_no_event() -> None:
    text = (
        TITLE + "\nOn 3 May 2024 we completed the sale of an office building for RMB10 million.\n"
    )
    assert declarations(text).corporate_events == ()


CLOUD = (
    TITLE
    + block("""
    In July 2024 the directors chose to discontinue the cloud offering over some months.
    Cloud revenue dropped after this discontinuation.

    Revenue by service line\t2023\t2024
    Cloud services platform\t1,245,952\t618,088
""")
    + SIGN_OFF
)


def test_cloud_services__discontinue_is_not_a_discontinued_operation() -> None:
    found = declarations(CLOUD)
    assert (found.restatements, found.corporate_events, found.comparative_marks) == ((), (), ())


# --- the real documents ---------------------------------------------------------------------


def _found(shared: Path, file: str) -> Declarations:
    return find_declarations(read_document(shared / file))


RESULTS_2024 = "oneconnect-fy2024-annual-results-2025-03-18.txt"
REPORT_2024 = "oneconnect-fy2024-annual-report-extract-2025-04-24.txt"


def test_real_oneconnect_results__virtual_bank_re_presentation(shared: Path) -> None:
    entry = _found(shared, RESULTS_2024).restatements[0]
    assert {k: v for k, v in entry.items() if k != "reason"} == {
        "kind": "re-presentation",
        "standard": "IFRS 5",
        "periods": ["FY2023"],
        "lines": [49, 49],
        "scope": "income",
        "operation": "Virtual Bank Business",
    }


def test_real_oneconnect_results__ifrs18_announced(shared: Path) -> None:
    entry = _found(shared, RESULTS_2024).restatements[1]
    assert (entry["kind"], entry["standard"], entry["effective_from"], entry["lines"]) == (
        "reclassification",
        "IFRS 18",
        "2027-01-01",
        [546, 562],
    )


def test_real_oneconnect_results__only_two_restatements(shared: Path) -> None:
    # Neither the IAS 1 amendments (no retrospective adjustment) nor cloud services count.
    assert len(_found(shared, RESULTS_2024).restatements) == 2


def test_real_oneconnect_results__virtual_bank_disposal(shared: Path) -> None:
    assert _found(shared, RESULTS_2024).corporate_events == (
        {
            "type": "operation-discontinued",
            "operation": "Virtual Bank Business",
            "agreement_on": "2023-11-13",
            "approved_on": "2024-01-16",
            "completed_on": "2024-04-02",
            "consideration": "933000000",
            "consideration_unit": "HKD",
            "lines": [839, 839],
        },
    )


def test_real_oneconnect_results__note_9_marks(shared: Path) -> None:
    marks = _found(shared, RESULTS_2024).comparative_marks
    assert [m["line"] for m in marks] == [362, 399, 712, 734, 755, 771, 784, 803, 886, 946]
    assert {(m["mark"], m["kind"], m["period_hint"]) for m in marks} == {
        ("(Note 9)", "re-presentation", "2023")
    }


def test_real_oneconnect_report__five_year_summary_re_presented(shared: Path) -> None:
    (entry,) = _found(shared, REPORT_2024).restatements
    assert (entry["kind"], entry["periods"], entry["lines"], entry["operation"]) == (
        "re-presentation",
        ["FY2020", "FY2021", "FY2022", "FY2023"],
        [1015, 1015],
        "Virtual Bank Business",
    )


def test_real_oneconnect_report__note_12_marks(shared: Path) -> None:
    marks = _found(shared, REPORT_2024).comparative_marks
    assert [(m["line"], m["mark"], m["period_hint"]) for m in marks] == [
        (11, "(Note 12)", "2023"),
        (159, "(Note 12)", "2023"),
        (358, "(Note 12)", "2023"),
    ]


def test_real_oneconnect_report__disposal_from_the_footnote(shared: Path) -> None:
    (event,) = _found(shared, REPORT_2024).corporate_events
    assert (event["completed_on"], event["consideration"], event["lines"]) == (
        "2024-04-02",
        "933000000",
        [1015, 1015],
    )


def test_real_sensetime__ias1_restated_balance_sheet(shared: Path) -> None:
    found = _found(shared, "sensetime-fy2024-annual-results-2025-03-26.txt")
    (entry,) = found.restatements
    assert (entry["kind"], entry["standard"], entry["scope"], entry["periods"], entry["lines"]) == (
        "reclassification",
        "IAS 1",
        "balance",
        ["2023-12-31"],
        [711, 715],
    )
    assert found.comparative_marks == (
        {"line": 560, "mark": "(Restated)", "kind": "reclassification", "period_hint": "2023"},
    )
    assert found.corporate_events == ()


def test_real_esg_report__emissions_recalculated(shared: Path) -> None:
    (entry,) = _found(shared, "oneconnect-2024-esg-report-2025-03-18.txt").restatements
    assert (entry["kind"], entry["scope"], entry["periods"], entry["lines"]) == (
        "other",
        "esg",
        ["FY2022", "FY2023"],
        [63, 63],
    )


@pytest.mark.parametrize(
    "file",
    [
        "ainnovation-fy2023-annual-results-2024-03-28.txt",
        "oneconnect-fy2023-results-2024-03-18.txt",
    ],
)
def test_real_documents__without_declarations(shared: Path, file: str) -> None:
    found = _found(shared, file)
    assert (found.restatements, found.corporate_events, found.comparative_marks) == ((), (), ())


@pytest.mark.parametrize("file", [RESULTS_2024, REPORT_2024])
def test_real_documents__cloud_services_never_tagged_discontinued(shared: Path, file: str) -> None:
    found = _found(shared, file)
    for entry in (*found.restatements, *found.corporate_events):
        assert "cloud" not in str(entry.get("operation", "")).lower()
    assert len(found.corporate_events) == 1
