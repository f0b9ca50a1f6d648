"""Rules that read tables the extractor used to leave unread, and classify what is no figure:
misread dashes, one-year roll-forwards, garbled figure lines, headings printed bottom-up,
transposed roll-forwards, date labels wrapped before their year, caption years, column names
borrowed from a sibling table, tables of people, numbered headings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.ingest.extractor.facts.candidates import (
    Candidate,
    DocContext,
    sections,
    statement_of,
    table_candidates,
)
from ledger.ingest.extractor.facts.concepts import known_labels
from ledger.ingest.extractor.facts.transposed import find_transposed, transposed_figures
from ledger.ingest.extractor.facts.transposed import split_labels as split_movements
from ledger.ingest.extractor.reading.numbers import NIL, parse_number
from ledger.ingest.extractor.reading.tables import find_tables, split_labels


def candidates(text: str, section: str = "") -> tuple[list[Candidate], dict[str, int]]:
    lines = text.strip("\n").split("\n")
    doc = DocContext(lines=tuple(lines))
    out: list[Candidate] = []
    tally: dict[str, int] = {}
    for table in find_tables(lines, known_labels()):
        statement = statement_of(table, section, 0, "")
        found, counts = table_candidates(table, section, statement, doc, "")
        out.extend(found)
        for key, value in counts.items():
            tally[key] = tally.get(key, 0) + value
    return out, tally


def at(cands: list[Candidate], line: int, period: str, **dims: str) -> Candidate:
    (found,) = [
        c
        for c in cands
        if c.line == line and c.period.label == period and dict(c.dimensions) == dims
    ]
    return found


def test_parse_number__a_lone_letter_or_quote_in_a_value_cell_is_a_misread_dash() -> None:
    assert parse_number("I").kind == NIL
    assert parse_number("'").kind == NIL


INTANGIBLES_2023 = """
\tContributed by Ping An Group RMB'000\tPurchased Software RMB'000\tGoodwill RMB'000\tTotal RMB'000
Year ended December 31, 2023\t\t\t\t
Opening net book amount\tI\t12,821\t289,161\t301,982
Additions\t1 1\t9,779\tI\t9,779
Amortization\tI\t(15,509)\tI\t(15,509)
Exchange differences\t\t138\t'\t138
Closing net book amount\t\t7,229\t289,161\t296,390
As at December 31, 2023\t600.010\t150513\t780161\t905 430
Accumulated amortization\t(690,910)\t(152,394)\t-\t(843,304)
Net book amount\t\t7,229\t289,161\t296,390
"""


def test_roll_forward__opening_and_closing_rows_of_one_year_are_instants() -> None:
    cands, _ = candidates(INTANGIBLES_2023, section="11 Intangible assets")
    opening = at(cands, 3, "2022-12-31", component="Purchased Software")
    assert (opening.concept, opening.value) == ("ifrs-full:IntangibleAssetsAndGoodwill", 12821)
    assert at(cands, 7, "2023-12-31", component="Purchased Software").value == 7229
    assert at(cands, 4, "FY2023", component="Purchased Software").value == 9779


def test_roll_forward__lines_after_the_last_balance_analyse_it() -> None:
    cands, _ = candidates(INTANGIBLES_2023, section="11 Intangible assets")
    amortization = at(cands, 9, "2023-12-31", component="Purchased Software")
    assert amortization.concept == "ext:IntangibleAssetAccumulatedAmortization"
    assert amortization.value == -152394


def test_roll_forward__misread_dashes_are_nil_and_the_garbled_cost_line_is_junk() -> None:
    cands, tally = candidates(INTANGIBLES_2023, section="11 Intangible assets")
    assert not [c for c in cands if c.line == 8]
    assert not [c for c in cands if c.value == 1]
    assert tally["nil"] >= 7
    tables = find_tables(INTANGIBLES_2023.strip("\n").split("\n"), known_labels())
    assert tables[0].junk_lines == (8,)


def test_roll_forward__several_years_stacked_keep_their_row_periods() -> None:
    cands, _ = candidates(
        """
\tSoftware RMB'000\tTechnology RMB'000\tTotal RMB'000
Year ended 31 December 2023\t\t\t
Opening net book amount\t4,612\t34,519\t39,131
Additions\t206\t—\t206
Net book amount\t4,158\t48,816\t52,974
Year ended 31 December 2022\t\t\t
Opening net book amount\t5,672\t—\t5,672
Additions\t1,786\t—\t1,786
""",
        section="12 Intangible assets",
    )
    assert at(cands, 8, "FY2022", component="Software").value == 1786


def test_sections__a_heading_printed_bottom_up_is_repaired_from_the_documents_words() -> None:
    lines = [
        "Intangible assets are amortised; intangible assets are tested.",
        "",
        "ASSETS\t",
        "ANGIBLE\t",
        "11 INT\t",
    ]
    assert sections(lines)[-1] == (5, "11 INTANGIBLE ASSETS")


TRANSPOSED = """
Total RMB '000\t\t471,371 21,310\t(134,293) -\t(53,997)\t(109,064) 309\t195,636\t1,930,725 (1,742,520) 7,431\t195,636
Goodwill RMB '000\t400 4\t289,161\t(131,901)\tI\t\t157,260\t157,260 -\t157,260
Purchased Software RMB'000\t\t7,229 602\t\t(3,291)\t(1,934) 7\t2,613\t133,506 (131,010) 117\t2,613
Acquired RMB'000\t\t1 1\t\tI\t1 1\t\t61,078 (61,078) -\t
\t(Unaudited) Year ended December 31, 2024\tOpening net book amount Additions\tImpairment Transfer\tAmortization Dienscol of subsidiation\tUsposat of substituates (Note 9) Exchange differences\tClosing net book amount\tAs at December 31, 2024 Cost Accumulated amortization Exchange differences\tNet book amount
"""  # noqa: E501 (one physical line per component, as printed)


def test_split_labels__known_movement_labels_and_the_text_between_them() -> None:
    assert split_movements("Amortization Dienscol of subsidiation") == [
        "Amortization",
        "Dienscol of subsidiation",
    ]
    assert split_movements("Opening net book amount Additions") == [
        "Opening net book amount",
        "Additions",
    ]


def test_transposed__components_are_lines_and_the_labels_sit_in_the_last_line() -> None:
    lines = TRANSPOSED.strip("\n").split("\n")
    (table,) = find_transposed(lines)
    assert (table.first_line, table.last_line, table.year) == (1, 5, 2024)
    figures, tally = transposed_figures(table, "Intangible assets", "RMB", 3)
    got = {
        (f.line, f.label, f.period.label, dict(f.dimensions).get("component", "")): f
        for f in figures
    }
    assert got[(1, "Opening net book amount", "2023-12-31", "")].value.value == 471371
    assert got[(1, "Amortization", "FY2024", "")].value.value == -53997
    assert got[(1, "Usposat of substituates (Note 9)", "FY2024", "")].value.value == -109064
    assert got[(1, "Net book amount", "2024-12-31", "")].value.value == 195636
    assert got[(3, "Additions", "FY2024", "Purchased Software")].value.value == 602
    goodwill = got[(2, "Closing net book amount", "2024-12-31", "")]
    assert (goodwill.concept, goodwill.value.value) == ("ifrs-full:Goodwill", 157260)
    assert (table.components[0][2], figures[0].scale) == ("RMB '000", 3)
    assert tally["junk"] == 2  # "400 4" under the year's cell
    assert not [f for f in figures if f.line == 4 and f.value.value == 1]


def test_tables__a_date_label_wrapped_before_its_year() -> None:
    cands, tally = candidates(
        """
\tRestricted cash RMB'000\tBorrowings RMB'000\tTotal RMB'000
As at January 1, 2023\t343,814\t(289,062)\t54,752
Cash flows\t77,533\t49,403\t126,936
As at December 31,\t\t\t
2023\t447,564\t(251,732)\t195,832
"""
    )
    assert at(cands, 5, "2023-12-31", component="Borrowings").value == -251732
    assert at(cands, 3, "FY2023", component="Borrowings").value == 49403
    assert tally.get("unresolved period", 0) == 0


def test_split_labels__a_date_ends_a_label() -> None:
    assert split_labels("At December 31, 2023 Recognized in the profit or loss", 2) == [
        "At December 31, 2023",
        "Recognized in the profit or loss",
    ]


DIRECTORS = """
Year ended December 31, 2023:

Name\t\t\t
\tRMB'000\tRMB'000\tRMB'000
Executive Directors:\t\t\t
Chongfeng Shen (b)\t3,135\t2,415\t6,906
Yaolin Zhang (c)\t622\t-\t622
Ernest Ip (j)\t1,030\t-\t1,030

Year ended December 31, 2024:

Name\tSalaries RMB'000\tBonuses RMB'000\tTotal RMB'000
Executive Directors:\t\t\t
Chongfeng Shen (b)\t4,583\t126\t5,316
Yaolin Zhang (c)\t562\t-\t562
Ernest Ip (j)\t562\t-\t562
"""


def test_tables__a_caption_line_gives_the_columns_their_year() -> None:
    tables = find_tables(DIRECTORS.strip("\n").split("\n"), known_labels())
    assert {c.year for t in tables for c in t.columns if c.role == "value"} == {2023, 2024}


def test_tables__nameless_columns_borrow_the_names_of_the_sibling_table() -> None:
    first, _ = find_tables(DIRECTORS.strip("\n").split("\n"), known_labels())
    assert [c.member for c in first.columns if c.role == "value"] == [
        "Salaries",
        "Bonuses",
        "Total",
    ]


def test_people__rows_of_names_are_the_notes_measure_per_person() -> None:
    cands, _ = candidates(DIRECTORS, section="40 Benefits and Interests of Directors")
    bonus = at(cands, 6, "FY2023", component="Bonuses", person="Chongfeng Shen")
    assert (bonus.concept, bonus.value) == ("ext:BenefitAndInterestOfDirector", Decimal(2415))


def test_numbered_heading__a_section_number_is_no_figure() -> None:
    cands, tally = candidates("Stakeholder engagement 1.2")
    assert cands == []
    assert tally == {"section number": 1}


def test_balance_date__opening_row_is_the_previous_year_end() -> None:
    from ledger.ingest.extractor.facts.movements import balance_date

    assert balance_date("Opening net book amount", 2024) == date(2023, 12, 31)
    assert balance_date("At end of the year", 2024) == date(2024, 12, 31)
    assert balance_date("Additions", 2024) is None


def test_headers__a_column_name_wrapped_over_two_header_lines_is_one_name() -> None:
    header = "\t".join(
        [
            "Name",
            "Director's fee RMB'000",
            "and benefits in kind RMB'000",
            "Pension RMB'000",
            "payments RMB'000",
            "Total RMB'000",
        ]
    )
    (table,) = find_tables(
        [
            "\t\tBasic salaries, other allowances\t\tShare-based\t",
            header,
            "Chongfeng Shen (b)\t-\t4,583\t9\t598\t5,190",
            "Yaolin Zhang (c)\t562\t-\t-\t-\t562",
        ],
        known_labels(),
    )
    assert [c.member for c in table.columns if c.role == "value"] == [
        "Director's fee",
        "Basic salaries, other allowances and benefits in kind",
        "Pension",
        "Share-based payments",
        "Total",
    ]


def test_tables__a_label_started_at_the_end_of_the_line_above_is_the_next_lines() -> None:
    (table,) = find_tables(
        [
            "\tLease liabilities RMB'000\tTotal RMB'000",
            "As at January 1, 2023\t(91,583)\t2,561,572",
            "Cash flows Acquisition of\t60,922\t(141,004)",
            "right-of-use assets\t(21,612)\t(21,612)",
        ],
        known_labels(),
    )
    assert [r.label for r in table.rows] == [
        "As at January 1, 2023",
        "Cash flows",
        "Acquisition of right-of-use assets",
    ]
