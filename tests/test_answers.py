"""Answers a newcomer can use: diff with changes first and filters, concepts found by any
spelling, and never a silent empty answer (a one-line reason on stderr, exit 0).

Figures from the six sample disclosures (samples/), OneConnect between 2024-06-30 and
2025-06-30: the FY2024 annual results re-presented nine FY2022-FY2023 figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .helpers import run

WINDOW = ("--issuer", "OCFT", "--from", "2024-06-30", "--to", "2025-06-30")
CHANGED = {
    ("ext:GrossMargin", "FY2023", ""),
    ("ext:NonIfrsGrossMargin", "FY2023", ""),
    ("ext:OperatingMargin", "FY2023", ""),
    ("ifrs-full:GrossProfit", "FY2022", ""),
    ("ifrs-full:GrossProfit", "FY2023", ""),
    ("ifrs-full:ProfitLossFromOperatingActivities", "FY2023", ""),
    ("ifrs-full:Revenue", "FY2022", ""),
    ("ifrs-full:Revenue", "FY2023", ""),
    ("ifrs-full:Revenue", "FY2023", "customer=third-party"),
}


def listing(home: Path, *args: str) -> list[dict[str, Any]]:
    result = run(home, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_diff__changed_figures_come_first(sample_home: Path) -> None:
    rows = listing(sample_home, "diff", *WINDOW)
    kinds = [r["change"] for r in rows]
    # Check: the nine changed figures head the list, before the appeared ones.
    assert kinds[:9] == ["changed"] * 9 and set(kinds[9:]) == {"appeared"}
    assert {(r["concept"], r["period"], r["dimensions"]) for r in rows[:9]} == CHANGED


def test_diff__changed_only(sample_home: Path) -> None:
    rows = listing(sample_home, "diff", *WINDOW, "--changed-only")
    assert {(r["concept"], r["period"], r["dimensions"]) for r in rows} == CHANGED
    revenue = next(r for r in rows if r["concept"] == "ifrs-full:Revenue" and not r["dimensions"])
    assert (revenue["from_value"], revenue["to_value"]) == ("4464002", "4357462")


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (("--concept", "revenue"), {c for c in CHANGED if c[0] == "ifrs-full:Revenue"}),
        (("--concept", "gross profit"), {c for c in CHANGED if c[0] == "ifrs-full:GrossProfit"}),
        (("--period", "FY2022"), {c for c in CHANGED if c[1] == "FY2022"}),
        (("--statement", "balance"), set()),
        (
            ("--statement", "income"),
            {c for c in CHANGED if c[0].startswith("ifrs-full:")},
        ),
    ],
)
def test_diff__filters(sample_home: Path, option: tuple[str, str], expected: set[Any]) -> None:
    rows = listing(sample_home, "diff", *WINDOW, "--changed-only", *option)
    assert {(r["concept"], r["period"], r["dimensions"]) for r in rows} == expected


@pytest.mark.parametrize("spelling", ["revenue", "REVENUE", "ifrs-full:revenue", "Revenue"])
def test_facts__concept_in_any_case(sample_home: Path, spelling: str) -> None:
    args = ("facts", "--issuer", "OCFT", "--period", "FY2023", "--dimensions", "")
    rows = listing(sample_home, *args, "--concept", spelling)
    assert [(r["concept"], r["value"]) for r in rows] == [("ifrs-full:Revenue", "3521591")]


def test_facts__concept_by_the_words_of_its_label(sample_home: Path) -> None:
    args = ("facts", "--issuer", "OCFT", "--period", "FY2023", "--dimensions", "")
    rows = listing(sample_home, *args, "--concept", "operating loss")
    assert [(r["concept"], r["value"]) for r in rows] == [
        ("ifrs-full:ProfitLossFromOperatingActivities", "-217285")
    ]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (
            ("statement", "--issuer", "OCFT", "--statement", "balance", "--period", "FY2023"),
            "note: no balance statement lines of oneconnect for FY2023 (these figures are at "
            "dates, not for periods: try 2023-12-31); balance statement figures of oneconnect "
            "exist for dates 2017-12-31, 2018-12-31, 2019-12-31, 2020-12-31, 2021-12-31, "
            "2022-12-31, 2023-12-31, 2024-12-31 (published 2024-03-18 to 2025-04-24)",
        ),
        (
            ("statement", "--issuer", "OCFT", "--statement", "income", "--as-at", "2020-01-01"),
            "note: no income statement lines of oneconnect as at 2020-01-01: nothing of "
            "oneconnect was published on or before 2020-01-01; the first disclosure of "
            "oneconnect was published on 2024-03-18",
        ),
        (
            ("facts", "--issuer", "OCFT", "--concept", "revenue", "--period", "2023-12-31"),
            "note: no facts of oneconnect matching 'revenue' for 2023-12-31 (these figures are "
            "for periods, not at dates: try FY2023); 'revenue' figures of oneconnect exist for "
            "durations FY2020, FY2021, Q4 2022, FY2022, Q4 2023, FY2023, "
            "2024-01-01..2024-04-02, FY2024 (published 2024-03-18 to 2025-04-24)",
        ),
        (
            ("facts", "--issuer", "OCFT", "--concept", "no such thing"),
            "note: no facts of oneconnect matching 'no such thing': no concept of oneconnect "
            "matches 'no such thing' by name (ifrs-full:Revenue, Revenue) or by the words of "
            "its label",
        ),
    ],
)
def test_empty_answer__says_why_on_stderr_and_exits_0(
    sample_home: Path, args: tuple[str, ...], reason: str
) -> None:
    result = run(sample_home, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == reason
    assert result.stdout.strip().endswith("(no rows)")


def test_empty_answer__a_period_not_disclosed_lists_the_periods(sample_home: Path) -> None:
    result = run(sample_home, "statement", "--issuer", "OCFT", "--statement", "income",
                 "--period", "FY2030", "--format", "json")  # fmt: skip
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    [line] = result.stderr.splitlines()
    assert line.startswith("note: no income statement lines of oneconnect for FY2030; ")
    assert "FY2022, Q4 2023, FY2023, FY2024" in line and "2024-03-18 to 2025-04-24" in line
