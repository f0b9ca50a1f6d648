"""Statement rows the completeness test found unmapped: a figure next to a nil mark, an
unlabelled subtotal under its equity heading, and "Total assets less current liabilities"."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.test_concept_context import candidates

POSITION = """
CONSOLIDATED STATEMENT OF FINANCIAL POSITION

\tNote\t2023\t2022
\t\tRMB'000\tRMB'000
Non-current assets
Goodwill\t13\t327,385\t194,552
Investments accounted for using the equity method\t\t—\t342
Total non-current assets\t\t327,385\t194,894
"""


def test_row__one_small_figure_next_to_a_nil_mark_is_a_row() -> None:
    cands = candidates(POSITION)
    (found,) = [c for c in cands if c.line == 7]
    assert (found.period.label, found.value) == ("2022-12-31", Decimal("342"))


BALANCE = """
CONSOLIDATED BALANCE SHEET

\t\tAs at 31 December
\tNote\t2024\t2023
\t\tRMB'000\tRMB'000
Equity attributable to equity holders of the Company
Share capital\t\t6\t5
Other reserves\t\t76,069,902\t71,666,422
\t\t76,069,908\t71,666,427
Current liabilities
Borrowings\t\t1,240,334\t194,429
\t\t1,240,334\t194,429
Total assets less current liabilities\t\t29,845,570\t28,455,911
"""


def test_row__unlabelled_subtotal_under_equity_heading_is_owners_equity() -> None:
    cands = candidates(BALANCE)
    assert {c.concept for c in cands if c.line == 9} == {
        "ifrs-full:EquityAttributableToOwnersOfParent"
    }


def test_row__total_assets_less_current_liabilities_is_its_own_line() -> None:
    cands = candidates(BALANCE)
    assert {c.concept for c in cands if c.line == 13} == {"ext:TotalAssetsLessCurrentLiabilities"}
