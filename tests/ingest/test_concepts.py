"""Labels -> concepts: synonyms, headings, per-share lines, extensions, presentation order."""

from __future__ import annotations

import pytest

from ledger.domain.taxonomy import statement_layout
from ledger.ingest.extractor.facts.concepts import customer_member, normalize, resolve


@pytest.mark.parametrize("label", ["Cost of revenue", "Cost of sales", "Costs of revenue"])
def test_resolve__synonyms_name_one_concept(label: str) -> None:
    assert resolve(label).concept == "ifrs-full:CostOfSales"


@pytest.mark.parametrize(
    "label", ["Loss before income tax", "Profit/(loss) before income tax", "Profit before tax"]
)
def test_resolve__loss_and_profit_wordings_name_one_concept(label: str) -> None:
    assert resolve(label).concept == "ifrs-full:ProfitLossBeforeTax"


def test_resolve__total_under_a_revenue_heading_is_revenue() -> None:
    assert resolve("Total", heading="Revenue").concept == "ifrs-full:Revenue"


def test_resolve__owners_line_under_comprehensive_income_heading() -> None:
    found = resolve("– Owners of the Company", heading="Total comprehensive loss attributable to:")
    assert found.concept == "ifrs-full:ComprehensiveIncomeAttributableToOwnersOfParent"


def test_resolve__per_ads_child_line_reads_its_measure_from_the_line_above() -> None:
    found = resolve(
        "- Basic and diluted (loss)/earnings per ADS (RMB) (Note)",
        parent="(Loss)/earnings per share for (loss)/profit from discontinued operations",
    )
    assert found.concept == (
        "ifrs-full:BasicAndDilutedEarningsLossPerShareFromDiscontinuedOperations"
    )
    assert found.unit == "RMB/ADS"


def test_resolve__continuing_and_discontinued_per_ads_is_the_total() -> None:
    found = resolve("Loss from continuing and discontinued operations per ADS, basic and diluted")
    assert (found.concept, found.unit) == (
        "ifrs-full:BasicAndDilutedEarningsLossPerShare",
        "RMB/ADS",
    )


def test_resolve__unknown_label_is_kept_as_an_extension_concept() -> None:
    found = resolve("Net gains on derivatives")
    assert (found.concept, found.known) == ("ext:NetGainOnDerivative", False)


def test_normalize__drops_footnote_marks_and_reads_loss_as_profit() -> None:
    assert normalize("Revenue from third-party customers ⁴ (Note a)") == (
        "revenue from third party customers"
    )
    assert normalize("(Loss)/profit for the year") == normalize("Loss for the year")


def test_customer_member__third_party_customers_are_one_member() -> None:
    assert customer_member("Revenue from third-party customers(1)") == "third-party"
    assert customer_member("Revenue from Ping An Group and Lufax ³") == "Ping An Group and Lufax"
    assert customer_member("Revenue from contracts with customers") is None


def test_layout__income_statement_lines_in_order() -> None:
    income = [line.concept for line in statement_layout() if line.statement == "income"]
    assert income.index("ifrs-full:Revenue") < income.index("ifrs-full:GrossProfit")
    assert income.index("ifrs-full:GrossProfit") < income.index("ifrs-full:ProfitLoss")
