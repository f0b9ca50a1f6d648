"""The restatement rules SEC data needs, on figures written out here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import NAMESPACE_URL, uuid5

import attrs
import pytest

from ledger.domain.restatements import (
    Context,
    Detected,
    Earlier,
    Side,
    assess,
    tagging_correction,
    total_preserved,
)
from ledger.domain.values import Dimensions, Fact, Period, SourceRef
from ledger.ingest.sec.filings import declared_restatements


@pytest.mark.parametrize(
    ("previous", "new"),
    [
        ("1363", "-1363"),  # sign only
        ("2650535", "2650535000"),  # entered in thousands, corrected to units
        ("2650535000", "2650535"),
        ("-4.5", "-4500000"),  # by a million
        ("1200", "-1200000"),  # scale and sign
    ],
)
def test_tagging_correction__factor_or_sign(previous: str, new: str) -> None:
    assert tagging_correction(Decimal(previous), Decimal(new))


@pytest.mark.parametrize(
    ("previous", "new"),
    [
        ("1363", "1364"),
        ("2650535", "2650535001"),
        ("100", "10000"),  # a factor of 100 is not a scale
        ("0", "5000"),
        ("5000", "0"),
    ],
)
def test_tagging_correction__other_changes_are_not(previous: str, new: str) -> None:
    assert tagging_correction(Decimal(previous), Decimal(new)) == ""


# The shape rules, on a restatement written out here (USD, decimals -6).

PREVIOUS, NEW = uuid5(NAMESPACE_URL, "previous"), uuid5(NAMESPACE_URL, "new")
FY = Period(start=date(2022, 1, 1), end=date(2022, 12, 31))


def _detected(concept: str, before: int, after: int, statement: str = "income") -> Detected:
    return Detected(
        series_id=uuid5(NAMESPACE_URL, concept),
        issuer="cik1",
        concept=concept,
        period=FY,
        dimensions=Dimensions(),
        unit="USD",
        statement=statement,
        previous=Side(PREVIOUS, date(2023, 2, 1), Decimal(before), -6),
        new=Side(NEW, date(2024, 2, 1), Decimal(after), -6),
    )


def _context(*figures: Earlier) -> Context:
    return Context.build((), (), (), [(PREVIOUS, NEW, FY.label, "USD", f) for f in figures])


def test_discontinued_recast__ties_out_to_the_discontinued_figure() -> None:
    revenue = _detected("us-gaap:Revenues", 900_000_000, 750_000_000)
    ctx = _context(
        Earlier(
            "us-gaap:DisposalGroupIncludingDiscontinuedOperationRevenue",
            None,
            None,
            Decimal(150_000_000),
            -6,
        )
    )
    verdict = assess(revenue, ctx, [revenue])
    assert (verdict.kind, verdict.explained) == ("re-presentation", True)
    assert verdict.tieouts[0].rule == "discontinued-amount"


def test_discontinued_recast__other_change_is_flagged() -> None:
    revenue = _detected("us-gaap:Revenues", 900_000_000, 760_000_000)
    ctx = _context(
        Earlier(
            "us-gaap:IncomeLossFromDiscontinuedOperationsNetOfTax",
            None,
            None,
            Decimal(-20_000_000),
            -6,
        )
    )
    verdict = assess(revenue, ctx, [revenue])
    assert (verdict.kind, verdict.explained, verdict.flags) == (
        "re-presentation",
        False,
        ("unexplained",),
    )


def test_folded_line__a_line_no_longer_stated_is_folded_in() -> None:
    other = _detected("us-gaap:OtherNoncashIncomeExpense", 147_000_000, 4_921_000_000, "cashflow")
    ctx = _context(
        Earlier("us-gaap:DeferredIncomeTaxExpenseBenefit", Decimal(-4_774_000_000), -6, None, None)
    )
    verdict = assess(other, ctx, [other])
    assert (verdict.kind, verdict.explained) == ("reclassification", True)


def test_no_shape__a_change_nothing_explains_is_other_and_flagged() -> None:
    other = _detected("us-gaap:OtherNoncashIncomeExpense", 147_000_000, 4_000_000_000, "cashflow")
    ctx = _context(
        Earlier("us-gaap:DeferredIncomeTaxExpenseBenefit", Decimal(-4_774_000_000), -6, None, None)
    )
    verdict = assess(other, ctx, [other])
    assert (verdict.kind, verdict.explained, verdict.flags) == ("other", False, ("unexplained",))


@pytest.mark.parametrize(
    ("axis", "member", "kind", "standard"),
    [
        ("srt:RestatementAxis", "srt:ScenarioPreviouslyReportedMember", "other", "ASC 250"),
        (
            "srt:RestatementAxis",
            "srt:RevisionOfPriorPeriodErrorCorrectionAdjustmentMember",
            "error-correction",
            "ASC 250",
        ),
        (
            "us-gaap:StatementScenarioAxis",
            "us-gaap:ChangeInAccountingPrincipleMember",
            "policy-change",
            "ASC 250",
        ),
        (
            "ifrs-full:RetrospectiveApplicationAndRetrospectiveRestatementAxis",
            "ifrs-full:IncreaseDecreaseDueToChangesInAccountingPolicyMember",
            "policy-change",
            "IAS 8",
        ),
        (
            "ifrs-full:RetrospectiveApplicationAndRetrospectiveRestatementAxis",
            "ifrs-full:PreviouslyStatedMember",
            "other",
            "IAS 8",
        ),
    ],
)
def test_declared_by_tags__member_gives_the_kind(
    axis: str, member: str, kind: str, standard: str
) -> None:
    prefix = "ifrs-full" if standard == "IAS 8" else "us-gaap"
    tagged = Fact(
        concept=f"{prefix}:Revenue",
        period=FY,
        dimensions=Dimensions({axis: member}),
        value=Decimal(1),
        unit="USD",
        scale=0,
        decimals=0,
        source=SourceRef("x.xml", 12),
    )
    plain = attrs.evolve(tagged, dimensions=Dimensions(), source=SourceRef("x.xml", 10))
    [declared] = declared_restatements([plain, tagged])
    assert (declared.kind, declared.standard, declared.periods) == (kind, standard, ("FY2022",))
    assert (declared.first_line, declared.last_line) == (12, 12)


def test_declared_by_tags__segments_are_not_declarations() -> None:
    fact = Fact(
        concept="us-gaap:Revenues",
        period=FY,
        dimensions=Dimensions({"us-gaap:StatementBusinessSegmentsAxis": "ex:RestatedMember"}),
        value=Decimal(1),
        unit="USD",
        scale=0,
        decimals=0,
        source=SourceRef("x.xml", 12),
    )
    assert declared_restatements([fact]) == []


# Moves checked with a calculation linkbase (figures written out here, in USD millions).

OPERATING = "us-gaap:NetCashProvidedByUsedInOperatingActivities"
OTHER_LIABILITIES = "us-gaap:IncreaseDecreaseInOtherOperatingLiabilities"
CONTRACTS = "us-gaap:IncreaseDecreaseInContractWithCustomerLiability"
M = 1_000_000


def _linked(weight: str, operating_after: int = 104_038) -> tuple[Detected, Context]:
    """Contract liabilities (1,676, weight ``weight``) folded into other liabilities (5,799 ->
    7,475, weight 1) under operating cash flow, 104,038 before and ``operating_after`` after."""
    moved = _detected(OTHER_LIABILITIES, 5_799 * M, 7_475 * M, "cashflow")
    arcs = [
        (PREVIOUS, OPERATING, OTHER_LIABILITIES, Decimal(1)),
        (PREVIOUS, OPERATING, CONTRACTS, Decimal(weight)),
        (NEW, OPERATING, OTHER_LIABILITIES, Decimal(1)),
    ]
    beside = [
        Earlier(CONTRACTS, Decimal(1_676 * M), -6, None, None),
        Earlier(OPERATING, Decimal(104_038 * M), -6, Decimal(operating_after * M), -6),
    ]
    ctx = Context.build(
        (), (), (), [(PREVIOUS, NEW, FY.label, "USD", f) for f in beside], calculations=arcs
    )
    return moved, ctx


def test_total_preserved__moves_that_cancel_under_an_unchanged_total() -> None:
    moved, ctx = _linked("1")
    check = total_preserved(moved, CONTRACTS, Decimal(-1_676 * M), ctx)
    assert check.passed
    assert check.note == (
        f"checked with the calculation linkbase: {OPERATING}, which both add into, is unchanged"
    )
    assert assess(moved, ctx, [moved]).kind == "reclassification"


def test_total_preserved__weights_that_do_not_cancel_are_no_reclassification() -> None:
    moved, ctx = _linked("-1")
    check = total_preserved(moved, CONTRACTS, Decimal(-1_676 * M), ctx)
    assert not check.passed
    assert check.note == f"by the calculation linkbase the moves change {OPERATING} by 3352000000"
    verdict = assess(moved, ctx, [moved])
    assert (verdict.kind, verdict.explained) == ("other", False)


def test_total_preserved__a_total_that_changed_is_no_reclassification() -> None:
    moved, ctx = _linked("1", operating_after=104_100)
    assert not total_preserved(moved, CONTRACTS, Decimal(-1_676 * M), ctx).passed
    assert assess(moved, ctx, [moved]).kind == "other"


def test_total_preserved__without_a_linkbase_the_moves_alone_decide() -> None:
    moved = _detected(OTHER_LIABILITIES, 5_799 * M, 7_475 * M, "cashflow")
    ctx = _context(Earlier(CONTRACTS, Decimal(1_676 * M), -6, None, None))
    check = total_preserved(moved, CONTRACTS, Decimal(-1_676 * M), ctx)
    assert (check.passed, check.note) == (
        True,
        "no calculation linkbase given: equal and opposite moves",
    )
    verdict = assess(moved, ctx, [moved])
    assert (verdict.kind, verdict.explained) == ("reclassification", True)
    assert verdict.explanation.endswith("(no calculation linkbase given: equal and opposite moves)")


def test_total_preserved__lines_under_no_common_total_are_no_pair() -> None:
    moved, ctx = _linked("1")
    check = total_preserved(moved, "us-gaap:PaymentsOfDividends", Decimal(-1_676 * M), ctx)
    assert not check.passed
