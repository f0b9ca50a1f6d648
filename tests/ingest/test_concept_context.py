"""Concept context: a note's line is qualified by what its table is about, so that one series
means the same thing in every document (reconciliations, deferred tax before set-off,
allowances, lines "from continuing operations")."""

from __future__ import annotations

from decimal import Decimal

from ledger.ingest.extractor.facts.candidates import (
    Candidate,
    DocContext,
    statement_of,
    table_candidates,
)
from ledger.ingest.extractor.facts.concepts import adjustment_concept, known_labels, resolve
from ledger.ingest.extractor.reading.tables import find_tables


def candidates(text: str, section: str = "", lead: str = "") -> list[Candidate]:
    lines = text.strip("\n").split("\n")
    doc = DocContext(lines=tuple(lines))
    out: list[Candidate] = []
    for table in find_tables(lines, known_labels()):
        statement = statement_of(table, section, 0, lead)
        found, _ = table_candidates(table, section, statement, doc, lead)
        out.extend(found)
    return out


def at(cands: list[Candidate], line: int, period: str) -> Candidate:
    (found,) = [c for c in cands if c.line == line and c.period.label == period]
    return found


RECONCILIATION = """
36 Cash flow information

(a) Cash used in operations

\tFor the year ended December 31,
\t2023\t2024
\tRMB'000\tRMB'000
Loss before income tax\t(361,714)\t(39,839)
Depreciation and amortization\t201,341\t106,898
Net impairment losses on financial and contract assets\t53,950\t42,111
Net gain on derivatives (Note 9)\t(30,592)\t(25,598)
Finance costs\t19,535\t12,501
Changes in working capital:
Trade receivables\t185,745\t178,963
Contract assets\t29,276\t27,362
\t(637,746)\t(271,334)
"""


def test_reconciliation__lines_between_profit_and_operating_cash_are_adjustments() -> None:
    cands = candidates(RECONCILIATION, section="36 Cash flow information")
    assert at(cands, 12, "FY2023").concept == "ifrs-full:AdjustmentsForFinanceCosts"
    assert at(cands, 12, "FY2023").value == Decimal("19535")
    assert at(cands, 10, "FY2024").concept == (
        "ifrs-full:AdjustmentsForImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss"
    )
    assert at(cands, 9, "FY2024").concept == (
        "ifrs-full:AdjustmentsForDepreciationAndAmortisationExpense"
    )
    assert at(cands, 11, "FY2023").concept == "ext:AdjustmentForNetGainOnDerivative"


def test_reconciliation__working_capital_lines_are_changes_in_the_balance() -> None:
    cands = candidates(RECONCILIATION, section="36 Cash flow information")
    assert at(cands, 14, "FY2023").concept == "ext:AdjustmentForChangeInTradeReceivable"
    assert at(cands, 15, "FY2024").concept == "ext:AdjustmentForChangeInContractAsset"


def test_reconciliation__the_profit_it_starts_from_keeps_its_concept() -> None:
    cands = candidates(RECONCILIATION, section="36 Cash flow information")
    assert at(cands, 8, "FY2023").concept == "ifrs-full:ProfitLossBeforeTax"


def test_reconciliation__face_statement_finance_costs_stay_finance_costs() -> None:
    cands = candidates("""
CONSOLIDATED STATEMENTS OF COMPREHENSIVE INCOME

\tYear ended December 31,
\t2023\t2024
\tRMB'000\tRMB'000
Revenue\t3,521,591\t2,248,103
Finance costs\t(20,086)\t(13,289)
""")
    assert at(cands, 7, "FY2023").concept == "ifrs-full:FinanceCosts"


def test_reconciliation__a_table_titled_cash_from_operations_needs_a_profit_first_line() -> None:
    cands = candidates(
        """
\tYear ended December 31,
\t2023\t2024
\tRMB'000\tRMB'000
Finance costs\t19,535\t12,501
""",
        lead="Cash generated from operations by segment",
    )
    assert at(cands, 4, "FY2023").concept == "ifrs-full:FinanceCosts"


def test_adjustment_concept__unknown_lines_are_extensions_without_note_marks() -> None:
    assert adjustment_concept("Exchange losses (Note 9)") == "ext:AdjustmentForExchangeLoss"
    assert adjustment_concept("Share-based payments expenses (Note 28)") == (
        "ifrs-full:AdjustmentsForSharebasedPayments"
    )


DEFERRED_TAX = """
35 Deferred income tax

(a) Deferred tax assets

\tTax losses RMB'000\tOthers RMB'000\tTotal RMB'000
At December 31, 2023\t582,625\t52,265\t634,890
Recognized in the profit or loss\t(422,992)\t(20,970)\t(443,962)
At December 31, 2024\t159,633\t31,295\t190,928

(c) Offsetting of deferred tax assets and deferred tax liabilities

\tAs at 31 December
\t2023\t2024
\tRMB'000\tRMB'000
Deferred tax assets\t792,802\t317,361
Set-off of deferred tax liabilities\t(24,526)\t(3,556)
\t768,276\t313,805
"""


def test_deferred_tax__note_balances_are_before_offsetting() -> None:
    cands = candidates(DEFERRED_TAX, section="35 Deferred income tax")
    balances = [
        c
        for c in cands
        if c.concept == "ifrs-full:DeferredTaxAssets" and c.period.label == "2024-12-31"
    ]
    assert {(c.line, c.value) for c in balances if "component" not in dict(c.dimensions)} == {
        (8, 190928),
        (15, 317361),
    }
    assert all(dict(c.dimensions)["offsetting"] == "before" for c in balances)


def test_deferred_tax__without_a_set_off_in_the_note_balances_are_undimensioned() -> None:
    cands = candidates(DEFERRED_TAX.split("(c)")[0], section="35 Deferred income tax")
    (total,) = [
        c
        for c in cands
        if c.concept == "ifrs-full:DeferredTaxAssets"
        and c.period.label == "2024-12-31"
        and not c.dimensions
    ]
    assert total.value == 190928


def test_deferred_tax__balance_sheet_line_is_after_offsetting() -> None:
    cands = candidates("""
CONSOLIDATED BALANCE SHEETS

\tAs at December 31,
\t2023\t2024
\tRMB'000\tRMB'000
Deferred tax assets\t768,276\t313,805
Set-off of deferred tax liabilities in the notes\t(24,526)\t(3,556)
""")
    assert at(cands, 6, "2024-12-31").dimensions == ()


def test_allowance__qualified_by_the_note_it_is_printed_in() -> None:
    trade = candidates(
        """
20 Trade receivables

\tAs at December 31,
\t2023\t2024
\tRMB'000\tRMB'000
Trade receivables\t779,458\t582,068
Less: impairment loss allowance (Note 5.1(b))\t(68,789)\t(75,533)
\t710,669\t506,535
""",
        section="20 Trade receivables",
    )
    other = candidates(
        """
21 Prepayments and other receivables

\tAs at December 31,
\t2023\t2024
\tRMB'000\tRMB'000
Deposit receivable *\t625,371\t127,732
Others\t41,471\t35,090
Less: impairment loss allowance (Note a)\t(5,719)\t(6,760)
""",
        section="21 Prepayments and other receivables",
    )
    first = at(trade, 7, "2023-12-31")
    second = at(other, 8, "2023-12-31")
    assert (
        first.concept
        == second.concept
        == ("ifrs-full:AllowanceAccountForCreditLossesOfFinancialAssets")
    )
    assert dict(first.dimensions) == {"allowance_on": "Trade receivables"}
    assert dict(second.dimensions) == {"allowance_on": "Prepayments and other receivables"}


def test_allowance__one_per_group_takes_the_group_heading() -> None:
    cands = candidates("""
\tAs at 31 December
\t2024\t2023
\tRMB'000\tRMB'000
Notes receivables (a)\t70,206\t62,236
Provision for impairment\t(49,033)\t(49,021)
Trade receivables (b)
– Due from related parties\t13,852\t2,992
– Due from third parties\t6,959,714\t7,909,027
Provision for impairment\t(4,581,875)\t(4,191,392)
""")
    assert dict(at(cands, 5, "2024-12-31").dimensions) == {"allowance_on": "Notes receivables"}
    assert dict(at(cands, 9, "2024-12-31").dimensions) == {"allowance_on": "Trade receivables"}


def test_allowance__current_and_non_current_groups_classify_the_subject() -> None:
    cands = candidates(
        """
(d) Contract assets

The Group has recognised the following contract assets with customers:

\tAs at 31 December
\t2024\t2023
\tRMB'000\tRMB'000
Current assets\t6,906\t23,875
Loss allowance\t(1,189)\t(4,090)
Non-current assets\t25,836\t13,035
Loss allowance\t(4,450)\t(2,233)
""",
        lead="The Group has recognised the following contract assets with customers:",
    )
    assert dict(at(cands, 9, "2024-12-31").dimensions) == {
        "allowance_on": "Contract assets",
        "classification": "current",
    }
    assert dict(at(cands, 11, "2024-12-31").dimensions) == {
        "allowance_on": "Contract assets",
        "classification": "non-current",
    }


def test_allowance__nothing_naming_an_asset_keeps_the_line_as_printed() -> None:
    cands = candidates("""
\tAs at 31 December
\t2024\t2023
\tRMB'000\tRMB'000
Loss allowance\t(1,189)\t(4,090)
""")
    assert at(cands, 4, "2024-12-31").concept == "ext:LossAllowance"


def test_resolve__from_continuing_operations_names_the_undimensioned_series() -> None:
    assert resolve("Non-IFRS gross profit from continuing operations").concept == (
        "ext:NonIfrsGrossProfit"
    )
    assert resolve("Non-IFRS gross margin").concept == "ext:NonIfrsGrossMargin"
    assert resolve("Gross margin of continuing operations").concept == "ext:GrossMargin"
