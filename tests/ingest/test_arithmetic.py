"""The calculation model: checks with rounding tolerances, and conflicts decided by footing."""

from __future__ import annotations

from decimal import Decimal

from ledger.domain.values import Period
from ledger.ingest.extractor.checks.arithmetic import (
    cross_references,
    resolve_conflicts,
    run_checks,
)
from ledger.ingest.extractor.facts.candidates import RANK, Candidate

FY2023 = Period.parse("FY2023")


def fact(
    concept: str,
    value: str,
    line: int,
    *,
    label: str = "",
    continued: bool = False,
    statement: str = "income",
    decimals: int = -3,
    scale: int = 3,
) -> Candidate:
    return Candidate(
        concept=f"ifrs-full:{concept}",
        period=FY2023,
        dimensions=(),
        value=Decimal(value),
        unit="RMB",
        scale=scale,
        decimals=decimals,
        line=line,
        label=label or concept,
        raw=value,
        statement=statement,
        continued=continued,
        rank=RANK[statement],
    )


def groups(*cands: Candidate) -> dict:
    out: dict = {}
    for cand in cands:
        out.setdefault(cand.key, []).append(cand)
    return out


def test_resolve_conflicts__the_value_that_foots_wins() -> None:
    chosen, conflicts = resolve_conflicts(
        groups(
            fact("ProfitLossFromContinuingOperations", "-220103", 381),
            fact("ProfitLossFromDiscontinuedOperations", "-151272", 383),
            fact("ProfitLossFromDiscontinuedOperations", "-151373", 384, continued=True),
            fact("ProfitLoss", "-371476", 385),
        )
    )
    kept = chosen[fact("ProfitLossFromDiscontinuedOperations", "0", 0).key]
    assert (kept.value, kept.line) == (Decimal("-151373"), 384)
    (conflict,) = conflicts
    assert conflict["rejected"]["value"] == "-151272"
    assert conflict["resolved"] is True
    assert "Continuing + discontinued" in conflict["decided_by"]


def test_resolve_conflicts__undecidable_conflict_is_reported_not_dropped() -> None:
    chosen, conflicts = resolve_conflicts(
        groups(
            fact("FinanceIncome", "29580", 790, statement="notes"),
            fact("FinanceIncome", "29850", 900, statement="notes"),
        )
    )
    assert chosen == {}
    (conflict,) = conflicts
    assert (conflict["kept"], conflict["resolved"]) == (None, False)


def test_resolve_conflicts__opposite_signs_are_a_sign_convention() -> None:
    chosen, conflicts = resolve_conflicts(
        groups(
            fact("IncomeTaxExpenseContinuingOperations", "9263", 507),
            fact("IncomeTaxExpenseContinuingOperations", "-9263", 740, statement="notes"),
        )
    )
    (kept,) = chosen.values()
    assert kept.line == 507
    assert "sign convention" in conflicts[0]["decided_by"]


def test_resolve_conflicts__same_figure_printed_twice_is_one_fact() -> None:
    chosen, conflicts = resolve_conflicts(
        groups(
            fact("Revenue", "3521591", 30, statement="highlights"),
            fact("Revenue", "3521591", 364),
        )
    )
    (kept,) = chosen.values()
    assert (kept.line, conflicts) == (364, [])


def test_run_checks__gross_profit_within_rounding_tolerance() -> None:
    chosen, _ = resolve_conflicts(
        groups(
            # RMB million with one decimal: each figure is rounded to RMB 0.1 million.
            fact("Revenue", "3772.1", 203, decimals=-5, scale=6),
            fact("CostOfSales", "-2152.4", 220, decimals=-5, scale=6),
            fact("GrossProfit", "1619.6", 230, decimals=-5, scale=6),
        )
    )
    (check,) = run_checks(chosen)
    assert check.rule == "gross-profit"
    assert check.passed
    assert check.tolerance == Decimal("0.2")


def test_run_checks__assets_equal_liabilities_plus_equity() -> None:
    instant = Period.parse("2023-12-31")
    cands = [
        Candidate(f"ifrs-full:{c}", instant, (), Decimal(v), "RMB", 3, -3, line, c, v, "balance")
        for c, v, line in (
            ("Assets", "8068358", 445),
            ("Liabilities", "5120566", 457),
            ("Equity", "2947792", 452),
        )
    ]
    chosen, _ = resolve_conflicts(groups(*cands))
    (check,) = run_checks(chosen)
    assert (check.rule, check.passed, check.lines) == ("balance", True, (457, 452, 445))


def test_resolve_conflicts__undecided_statement_line_is_kept_over_a_note() -> None:
    chosen, conflicts = resolve_conflicts(
        groups(
            fact("ResearchAndDevelopmentExpense", "-955201", 367),
            fact("ResearchAndDevelopmentExpense", "14726", 744, statement="notes"),
        )
    )
    (kept,) = chosen.values()
    assert kept.line == 367
    assert (conflicts[0]["resolved"], conflicts[0]["rejected"]["line"]) == (False, 744)


def test_cross_references__highlights_figure_agrees_with_the_statement() -> None:
    cands = groups(
        fact("Revenue", "3521591", 30, statement="highlights"),
        fact("Revenue", "3521591", 364),
    )
    chosen, _ = resolve_conflicts(cands)
    (check,) = cross_references(chosen, cands)
    assert (check.rule, check.lines, check.passed) == ("cross-reference", (30, 364), True)
