"""Layout rules of results releases and SEC pages, each on a small table written for it: a
negative percentage printed "(21.9 %)", non-GAAP per-share lines, share-of-total columns, the
"Total" of a revenue breakdown, currency-only columns whose scale the document states in words,
and year-on-year change columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.ingest.extractor.facts.candidates import Candidate, DocContext, table_candidates
from ledger.ingest.extractor.facts.concepts import known_labels
from ledger.ingest.extractor.facts.highlights import highlight_candidates
from ledger.ingest.extractor.reading.numbers import split_tokens, stated_scale
from ledger.ingest.extractor.reading.tables import find_tables


def candidates(
    text: str, doc: DocContext | None = None, statement: str = "highlights"
) -> list[Candidate]:
    lines = text.strip("\n").split("\n")
    context = doc or DocContext()
    context = DocContext(
        currency=context.currency,
        scale=context.scale,
        lines=tuple(lines),
        period_end=context.period_end,
        months=context.months,
        fiscal=context.fiscal,
        stated_scale=context.stated_scale,
    )
    out: list[Candidate] = []
    for table in find_tables(lines, known_labels()):
        found, _ = table_candidates(table, "", statement, context)
        out.extend(found)
    return out


def on_line(cands: list[Candidate], line: int) -> set[tuple[str, str, Decimal, str]]:
    return {(c.concept, c.period.label, c.value, c.unit) for c in cands if c.line == line}


QUARTER = (
    "RMB in millions except per share data\tThree Months Ended March 31, 2025"
    "\tThree Months Ended March 31, 2024\tYoY % Change\n"
    "Revenue\t120.0\t100.0\t20.0 %\n"
    "Gross Margin\t30.0 %\t25.0 %\t5.0 %\n"
    "Adjusted Net Loss (3) for the quarter\t(15.0)\t(12.0)\t(25.0 %)\n"
    "Adjusted EBITDA (4) for the quarter\t(9.0)\t(10.0)\t10.0 %\n"
    "Basic and Diluted Loss per ADS\t(1.20)\t(1.00)\t(20.0 %)\n"
    "Adjusted Basic and Diluted Loss per ADS (6) for the quarter\t(0.80)\t(0.70)\t(14.3 %)\n"
)


def test_percent_sign_apart__one_token_with_its_closing_parenthesis() -> None:
    assert split_tokens("(25.0 %)") == ["(25.0%)"]
    assert split_tokens("20.0 %") == ["20.0%"]


def test_percent_sign_apart__label_keeps_its_figures() -> None:
    # Read as two tokens, "(25.0" and "%)" made the cell hold two figures, and the label over
    # them was split in two: its figures went to the next line's label.
    found = on_line(candidates(QUARTER), 4)
    assert ("ext:AdjustedNetLoss", "Q1 2025", Decimal("-15.0"), "RMB") in found


def test_adjusted_per_share_line__is_no_earnings_per_share_of_the_statements() -> None:
    cands = candidates(QUARTER)
    assert on_line(cands, 6) >= {
        ("ifrs-full:BasicAndDilutedEarningsLossPerShare", "Q1 2025", Decimal("-1.20"), "RMB/ADS")
    }
    assert on_line(cands, 7) >= {
        ("ext:AdjustedBasicAndDilutedEarningsLossPerShare", "Q1 2025", Decimal("-0.80"), "RMB/ADS")
    }


def test_change_column__growth_rate_of_the_latest_period_of_its_group() -> None:
    found = on_line(candidates(QUARTER), 2)
    assert ("ext:RevenueYearOnYearGrowth", "Q1 2025", Decimal("20.0"), "%") in found


def test_change_column__a_ratios_change_is_no_growth_rate() -> None:
    # 30.0 % against 25.0 % is 5.0 percentage points, not the margin's growth.
    assert {c[0] for c in on_line(candidates(QUARTER), 3)} == {"ext:GrossMargin"}


TWO_GROUPS = """\
In RMB'000\tThree Months Ended December 31\t\tYoY\tYear Ended December 31\t\tYoY
\t2024\t2023\t\t2024\t2023
Revenue\t1,100\t1,000\t10.0 %\t4,400\t4,000\t10.0 %
Gross profit\t550\t500\t10.0 %\t2,000\t2,200\t-9.1 %
"""


def test_change_column__each_group_compares_its_own_periods() -> None:
    found = on_line(candidates(TWO_GROUPS), 4)
    assert ("ext:GrossProfitYearOnYearGrowth", "Q4 2024", Decimal("10.0"), "%") in found
    assert ("ext:GrossProfitYearOnYearGrowth", "FY2024", Decimal("-9.1"), "%") in found


REPORTING_PERIOD = (
    "\tThe Reporting Period"
    "\tIncrease/decrease for the Reporting Period compared to the same period of the prior year"
    "\tFrom the beginning of the year to the end of the Reporting Period"
    "\tIncrease/decrease from the beginning of the year to the end of the Reporting Period"
    " compared to the same period of the prior year\n"
    "Operating revenue (RMB'000)\t2,000,000\t5.00%\t6,000,000\t-2.50%\n"
)


def test_change_column__headed_by_the_reporting_period_is_dated_from_the_document() -> None:
    doc = DocContext(period_end=date(2025, 6, 30), months=3)
    found = on_line(candidates(REPORTING_PERIOD, doc), 2)
    assert found == {
        ("ifrs-full:Revenue", "Q2 2025", Decimal("2000000"), "RMB"),
        ("ifrs-full:Revenue", "H1 2025", Decimal("6000000"), "RMB"),
        ("ext:RevenueYearOnYearGrowth", "Q2 2025", Decimal("5.00"), "%"),
        ("ext:RevenueYearOnYearGrowth", "H1 2025", Decimal("-2.50"), "%"),
    }


SEGMENTS = (
    "Revenue from continuing operations by Segment\n"
    "(RMB in millions except for percentage)\tFor the fourth quarter ended August 31,"
    "\t\tYoY % Change\t% of total revenue in F4Q2025\n"
    "\t2025\t2024\t\t\n"
    "Schools[1]\t60.0\t50.0\t20.0 %\t60.0 %\n"
    "Services[2]\t40.0\t50.0\t-20.0 %\t40.0 %\n"
    "Total\t100.0\t100.0\t0.0 %\t100.0 %\n"
)


def test_share_of_total_column__is_no_figure_of_the_year_it_names() -> None:
    cands = candidates(SEGMENTS, statement="segment")
    assert not [c for c in cands if c.unit == "%" and c.concept == "ifrs-full:Revenue"]


def test_breakdown_total__is_the_revenue_broken_down() -> None:
    cands = candidates(SEGMENTS, statement="segment")
    found = {(c.concept, c.dimensions, c.value) for c in cands if c.line == 6 and c.unit == "RMB"}
    assert ("ifrs-full:Revenue", (), Decimal("100.0")) in found


def test_breakdown_member__without_its_footnote_mark() -> None:
    cands = candidates(SEGMENTS, statement="segment")
    assert {c.dimensions for c in cands if c.line == 5 and c.unit == "RMB"} == {
        (("segment", "Services"),)
    }


SCHEDULE = """\
Schedule of net income from discontinued operations
\tFor the year ended December 31,
\t2023\t2024
\tRMB\tRMB
Net income from discontinued operations\t1,234,567\t2,345,678
"""


def test_stated_scale__amounts_in_words() -> None:
    assert stated_scale(["Note: all amounts are RMB thousands unless stated."]) == 3
    assert stated_scale(["Amounts in millions of US$, except per share data"]) == 6
    assert stated_scale(["Revenue grew by RMB5 million."]) is None


def test_currency_under_a_year__takes_the_scale_the_document_states() -> None:
    doc = DocContext(scale=0, stated_scale=3)
    (found,) = [c for c in candidates(SCHEDULE, doc) if c.period.label == "FY2024"]
    assert (found.unit, found.scale, found.value) == ("RMB", 3, Decimal("2345678"))


def test_currency_under_a_year__is_units_when_the_document_states_no_scale() -> None:
    doc = DocContext(scale=0, stated_scale=None)
    (found,) = [c for c in candidates(SCHEDULE, doc) if c.period.label == "FY2024"]
    assert (found.unit, found.scale) == ("RMB", 0)


LEAD = """\
甲公司于5月20日发布2025年一季度业绩：本季收入稳步增长，达到1,500亿元，同比增长8.0%；归属于母公司股东的净利润为60亿元，同比下降3.5%。
2025年第一季度业绩要点
●营业收入：2025年第一季度为1,500亿元人民币，同比增长8.0%。
"""


def test_lead_paragraph__figures_after_the_announcement_are_read() -> None:
    cands = highlight_candidates(LEAD.splitlines(), date(2025, 3, 31), 3)
    found = {(c.concept, c.period.label, c.value, c.unit, c.scale) for c in cands if c.line == 1}
    assert found == {
        ("ifrs-full:Revenue", "Q1 2025", Decimal("1500"), "RMB", 8),
        ("ext:RevenueYearOnYearGrowth", "Q1 2025", Decimal("8.0"), "%", 0),
        ("ifrs-full:ProfitLossAttributableToOwnersOfParent", "Q1 2025", Decimal("60"), "RMB", 8),
        (
            "ext:ProfitLossAttributableToOwnersOfParentYearOnYearGrowth",
            "Q1 2025",
            Decimal("-3.5"),
            "%",
            0,
        ),
    }


def test_lead_paragraph__only_before_the_highlights() -> None:
    text = "2025年第一季度业绩要点\n乙公司发布业绩：收入为10亿元。\n"
    assert highlight_candidates(text.splitlines(), date(2025, 3, 31), 3) == []


FACE_AND_NOTE = """\
Consolidated Statement of Profit or Loss
\tYear ended December 31,
\t2024\t2023
\tRMB'000\tRMB'000
Revenue\t5,000\t4,000
Cost of revenue\t(3,000)\t(2,500)
Income tax (expense)/credit\t120\t(80)

8 Cost of revenue by nature
\tYear ended December 31,
\t2024\t2023
\tRMB'000\tRMB'000
Cost of revenue\t3,000\t2,500
"""


def test_sign_convention__an_expense_is_one_figure_on_the_face_and_in_a_note() -> None:
    from ledger.ingest.extractor.pipeline import signed

    cands = signed(candidates(FACE_AND_NOTE, DocContext(scale=3), statement="income"))
    cost = {(c.line, c.period.label): c.value for c in cands if c.concept.endswith("CostOfSales")}
    assert cost == {
        (6, "FY2024"): Decimal("-3000"),
        (6, "FY2023"): Decimal("-2500"),
        (13, "FY2024"): Decimal("-3000"),
        (13, "FY2023"): Decimal("-2500"),
    }


def test_sign_convention__a_line_worded_both_ways_keeps_its_printed_sign() -> None:
    from ledger.ingest.extractor.pipeline import signed

    cands = signed(candidates(FACE_AND_NOTE, DocContext(scale=3), statement="income"))
    tax = {c.period.label: c.value for c in cands if c.line == 7}
    assert tax == {"FY2024": Decimal("120"), "FY2023": Decimal("-80")}


def test_sign_convention__a_credit_is_no_expense() -> None:
    from ledger.ingest.extractor.facts.concepts import conventional_sign

    tax = "ifrs-full:IncomeTaxExpenseContinuingOperations"
    assert conventional_sign(tax, "Income tax credit", Decimal("9263"), "9,263") == 9263
    assert conventional_sign(tax, "Income tax expense", Decimal("455"), "455") == -455
    # Concepts without a convention keep what is printed.
    assert conventional_sign("ifrs-full:Revenue", "Revenue", Decimal("5"), "5") == 5
