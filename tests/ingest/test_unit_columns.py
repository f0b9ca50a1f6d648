"""Tables whose columns are units, not periods: a share capital roll-forward printing the
number of shares, USD and "Equivalent to RMB" (in RMB units, not thousands) side by side, with
balances dated in their row labels, a second header row, and a ghost row; and the impairment
headroom of the CGU the note names."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.test_concept_context import candidates

SHARE_CAPITAL = """
26 Share capital

\t\tNumber of shares\tUSD
Authorized\t\t\t
Ordinary shares of USD0.00001\t5,000,000,000\t50,000
\tNumber of shares\tUSD\tEquivalent to RMB
Issued\t\t\t
Ordinary shares of USD0.00001\t\t\t
at December 31, 2019\t1,097,320,664\t10,973\t72,975
Newly issued ordinary shares (Note d)\t72,660,000\t727\t5.033
Surrendered ordinary shares (Note e)\t(3)\t\t
Ordinary shares of USD0.00001\t1 100 000 001\t11 700\t70,000
at December 31, 2020\t1,169,980,661\t11,700\t78,008
"""


def test_share_capital__dated_row_is_a_balance_in_each_column_unit() -> None:
    # The second header row (three columns) gives the issued shares their columns.
    cands = candidates(SHARE_CAPITAL, section="26 Share capital")
    found = {(c.concept, c.unit, c.scale, c.value) for c in cands if c.line == 13}
    assert found == {
        ("ifrs-full:IssuedCapital", "RMB", 0, Decimal("78008")),
        ("ifrs-full:IssuedCapital", "USD", 0, Decimal("11700")),
        ("ifrs-full:NumberOfSharesIssued", "shares", 0, Decimal("1169980661")),
    }
    assert {c.period.label for c in cands if c.line == 13} == {"2020-12-31"}


def test_share_capital__movement_between_dated_rows_is_the_year() -> None:
    cands = candidates(SHARE_CAPITAL, section="26 Share capital")
    (rmb,) = [c for c in cands if c.line == 10 and c.unit == "RMB"]
    # "5.033" in an RMB-units column is 5,033: a period as the thousands separator.
    assert (rmb.concept, rmb.period.label, rmb.value, rmb.scale) == (
        "ext:NewlyIssuedOrdinaryShare",
        "FY2020",
        Decimal("5033"),
        0,
    )


def test_share_capital__ghost_of_a_wrapped_balance_row_is_no_fact() -> None:
    cands = candidates(SHARE_CAPITAL, section="26 Share capital")
    assert [c for c in cands if c.line == 12] == []


HEADROOM = """
(a) Impairment tests for goodwill

The goodwill is regarded as attributable to the group of CGUs of Technology Solutions segment.

\tFor the year ended December 31,
\t2023 RMB'000\t2024 RMB'000
Pre-tax discount rate\t19.73%\t21.54%
Recoverable amount of the group of CGUs exceeding/(below)\t\t
its carrying amount (RMB'000)\t1,153,821\t(189,518)
"""


def test_headroom__instant_at_the_test_date_for_the_cgu_the_note_names() -> None:
    cands = candidates(HEADROOM, section="(a) Impairment tests for goodwill")
    (found,) = [c for c in cands if c.line == 9 and c.period.label == "2024-12-31"]
    assert (found.concept, found.dimensions, found.value, found.scale) == (
        "ext:RecoverableAmountExceedingCarryingAmount",
        (("segment", "Technology Solutions"),),
        Decimal("-189518"),
        3,
    )
    # The assumptions of the test are not the segment's own lines.
    (rate,) = [c for c in cands if c.line == 7 and c.period.label == "FY2024"]
    assert rate.dimensions == ()
