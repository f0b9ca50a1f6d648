"""The restatement rules SEC data needs, on figures written out here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.restatements import tagging_correction


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
