"""IFRS 5 and ASC 205-20 wording of 20-F style notes read as declarations: an operation
"presented as discontinued operations", comparatives "retrospectively re-presented" or
"reclassified to discontinued operations", and a note that prints a discontinued operation's
results for several years without saying more. Each gives a re-presentation of the
comparatives, under the standard the document reports under.

The inline documents are written for these tests; the last ones read the real 20-F note and
press release in ../shared/disclosures/other-issuers.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ledger.ingest.extractor.document.disposals import discontinued_operation
from ledger.ingest.extractor.document.narrative import Declarations, find_declarations
from ledger.ingest.extractor.document.prose import clean
from ledger.ingest.extractor.reading.text import document_from_bytes, read_document

TITLE = (
    "Widget Holdings Inc. (NASDAQ: WDGT)\n"
    "Annual report for the fiscal year ended December 31, 2020\n"
)
US_GAAP = "The statements are prepared in accordance with U.S. GAAP.\n"


def declarations(text: str) -> Declarations:
    return find_declarations(document_from_bytes("inline.txt", textwrap.dedent(text).encode()))


def test_presented_as_discontinued_operations_is_a_re_presentation() -> None:
    text = TITLE + (
        "\nThe results of the Gadgets business are presented as discontinued operations for"
        " 2019 and 2018.\n"
    )
    (entry,) = declarations(text).restatements
    assert (entry["kind"], entry["standard"], entry["periods"], entry["lines"]) == (
        "re-presentation",
        "IFRS 5",
        ["FY2018", "FY2019"],
        [4, 4],
    )


def test_a_us_gaap_filer_re_presents_under_asc_205_20() -> None:
    text = (
        TITLE
        + US_GAAP
        + (
            "\nComparative amounts have been retrospectively re-presented to show the Gadgets"
            " business as a discontinued operation.\n"
        )
    )
    (entry,) = declarations(text).restatements
    assert (entry["kind"], entry["standard"], entry["periods"]) == (
        "re-presentation",
        "ASC 205-20",
        ["FY2019"],
    )


def test_reclassified_to_discontinued_operations_is_a_re_presentation() -> None:
    text = TITLE + (
        "\nPrior-year figures of the Gadgets business were reclassified to discontinued"
        " operations.\n"
    )
    (entry,) = declarations(text).restatements
    assert (entry["kind"], entry["periods"]) == ("re-presentation", ["FY2019"])


def test_historical_statements_adjusted_retrospectively_for_a_discontinued_operation() -> None:
    text = TITLE + (
        "\nThe Gadgets business is shown on separate discontinued-operations lines; historical"
        " statements were adjusted retrospectively.\n"
    )
    (entry,) = declarations(text).restatements
    assert entry["kind"] == "re-presentation"


def test_a_negated_presentation_declares_nothing() -> None:
    text = TITLE + "\nNo business was presented as discontinued operations in 2020 or 2019.\n"
    assert declarations(text).restatements == ()


def test_a_schedule_of_a_discontinued_operations_results_declares_the_comparatives() -> None:
    text = TITLE + (
        "\nSchedule of the results of discontinued operations of Gadgets\n"
        "\tFor the year ended December 31,\n"
        "\t2018\t2019\t2020\n"
        "Revenues\t1,000\t1,100\t1,200\n"
        "Net income from discontinued operations\t100\t110\t120\n"
    )
    (entry,) = declarations(text).restatements
    assert entry == {
        "kind": "re-presentation",
        "standard": "IFRS 5",
        "periods": ["FY2018", "FY2019"],
        "reason": (
            "Gadgets shown as discontinued in a schedule of its results; comparatives re-presented"
        ),
        "lines": [4, 6],
        "scope": "income",
        "operation": "Gadgets",
    }


def test_a_balance_schedule_of_discontinued_operations_declares_nothing() -> None:
    # Neither standard re-presents a comparative balance sheet.
    text = TITLE + (
        "\nSummary of assets of discontinued operations\n"
        "\tAs of December 31,\n"
        "\t2019\t2020\n"
        "Cash\t10\t20\n"
    )
    assert declarations(text).restatements == ()


def test_an_income_statement_row_of_discontinued_operations_is_no_declaration() -> None:
    text = TITLE + (
        "\nConsolidated statements of operations\n"
        "\tFor the year ended December 31,\n"
        "\t2019\t2020\n"
        "Income from discontinued operations, net of tax\t10\t20\n"
    )
    assert declarations(text).restatements == ()


def test_operation_named_after_discontinued_operations_of() -> None:
    lines = [clean("Net income from discontinued operations of Gadgets Live (Note 3(a))\t1\t2")]
    assert discontinued_operation(lines) == "Gadgets Live"


# --- the real documents --------------------------------------------------------------------


@pytest.fixture
def other_issuers(shared: Path) -> Path:
    return shared / "other-issuers"


def test_real__the_20f_discontinued_operations_note_declares_the_re_presentation(
    other_issuers: Path,
) -> None:
    path = other_issuers / "joyy-20f-fy2020-r45-discontinued-operations-2021-04-01.txt"
    (entry,) = find_declarations(read_document(path)).restatements
    # The heading at line 13 ("... by Disposal Groups, Including Discontinued Operations")
    # opens a schedule of 2018, 2019 and 2020 (line 16); the operations are YY Live and Huya.
    assert (entry["kind"], entry["periods"], entry["lines"], entry["operation"]) == (
        "re-presentation",
        ["FY2018", "FY2019"],
        [13, 16],
        "YY Live",
    )


def test_real__the_release_that_re_presents_for_sogou_declares_it(other_issuers: Path) -> None:
    path = other_issuers / "sohu-q4-2020-press-release-2021-02-04.txt"
    found = find_declarations(read_document(path)).restatements
    # The release reports GAAP and non-GAAP figures, no IFRS ones: ASC 205-20.
    assert [(r["kind"], r["standard"], r["periods"]) for r in found] == [
        ("re-presentation", "ASC 205-20", ["FY2019"])
    ]


def test_real__the_sentence_about_sogou_alone_is_a_re_presentation(other_issuers: Path) -> None:
    path = other_issuers / "sohu-q4-2020-press-release-2021-02-04.txt"
    # Line 13 alone, under the release's title (line 11): Sogou on separate
    # discontinued-operations lines, history adjusted retrospectively.
    lines = path.read_text().splitlines()
    text = "\n\n".join([lines[10], lines[12]]) + "\n"
    (entry,) = find_declarations(document_from_bytes("sohu.txt", text.encode())).restatements
    assert (entry["kind"], entry["lines"]) == ("re-presentation", [3, 3])


# --- figures reported for continuing operations ---------------------------------------------

QUARTER = (
    "Widget Holdings Inc. (NASDAQ: WDGT)\n"
    "Widget Holdings Reports Unaudited Results for the Fourth Quarter of 2020\n"
    "Beijing, Feb. 20, 2021 (PRNewswire): results for the three months ended December 31, 2020.\n"
    "- Revenue from continuing operations was RMB120.5 million, against RMB100.2 million in"
    " the fourth quarter of 2019.\n"
)


def test_figures_from_continuing_operations_beside_discontinued_ones_re_present() -> None:
    text = QUARTER + (
        "[1] Adjusted net loss excludes the loss from discontinued operations, net of tax.\n"
    )
    (entry,) = declarations(text).restatements
    assert (entry["kind"], entry["lines"]) == ("re-presentation", [4, 5])
    # The quarter and the year a year earlier, among the comparatives of every length.
    assert {"Q4 2019", "FY2019"} <= set(entry["periods"])


def test_continuing_operations_without_discontinued_ones_declare_nothing() -> None:
    assert declarations(QUARTER).restatements == ()


def test_real__a_release_on_a_continuing_basis_re_presents_its_quarter(
    other_issuers: Path,
) -> None:
    # Bright Scholar's FY2024 release: "revenue from continuing operations" (line 12) and
    # footnote [1] on discontinued operations (line 27); fiscal years end August 31.
    path = other_issuers / "bright-scholar-q4-fy2024-press-release-2024-11-25.txt"
    (entry,) = find_declarations(read_document(path)).restatements
    assert entry["lines"] == [12, 27]
    assert "2023-06-01..2023-08-31" in entry["periods"]
