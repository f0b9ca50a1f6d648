"""Restatement detection, classification and tie-out, on synthetic disclosures.

Each test builds small structured disclosures (figures in RMB'000) and reads the verdicts from
`ledger restatements --format json`.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from .helpers import dated_disclosure as doc
from .helpers import fact, run, write_json

IFRS5 = {
    "kind": "re-presentation",
    "standard": "IFRS 5",
    "periods": ["FY2023"],
    "reason": "a business sold during the year is shown as discontinued",
    "lines": [5, 6],
    "scope": "income",
    "operation": "Example bank",
}


def ingest(home: Path, tmp: Path, *docs: dict[str, Any]) -> None:
    for d in docs:
        path = write_json(tmp / f"{d['disclosure']['source']['file']}.json", d)
        result = run(home, "ingest", str(path))
        assert result.exit_code == 0, result.output


def restatements(home: Path, *args: str) -> list[dict[str, Any]]:
    result = run(home, "restatements", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


ORIGINAL = doc(
    1,
    "2024-03-18",
    [
        fact("ifrs-full:Revenue", "FY2023", "3667508", 10),
        fact("ifrs-full:ProfitLossAttributableToOwnersOfParent", "FY2023", "-362715", 11),
        fact("ifrs-full:Assets", "2023-12-31", "8068358", 12),
    ],
)


def represented(
    n: int = 2,
    *,
    revenue: str = "3521591",
    assets: str = "8068358",
    owners: str = "-362715",
    discontinued: str | None = "145917",
) -> dict[str, Any]:
    facts = [
        fact("ifrs-full:Revenue", "FY2023", revenue, 30),
        fact("ifrs-full:ProfitLossAttributableToOwnersOfParent", "FY2023", owners, 31),
        fact("ifrs-full:Assets", "2023-12-31", assets, 32),
    ]
    if discontinued is not None:
        facts.append(
            fact(
                "ifrs-full:Revenue",
                "FY2023",
                discontinued,
                40,
                dimensions={"operations": "discontinued"},
            )
        )
    return doc(n, "2025-03-18", facts, restatements=[IFRS5])


def test_re_presentation__tied_to_discontinued_amount_is_explained(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented())
    (row,) = restatements(tmp_path)
    assert (row["concept"], row["original_value"], row["restated_value"], row["delta"]) == (
        "ifrs-full:Revenue",
        "3667508",
        "3521591",
        "-145917",
    )
    assert (row["kind"], row["explained"], row["basis"]) == ("re-presentation", True, "declared")
    assert row["tieouts"][0]["expected"] == "-145917"
    assert "Example bank" in row["explanation"]


def test_re_presentation__without_a_discontinued_amount_is_flagged(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented(discontinued=None))
    (row,) = restatements(tmp_path)
    assert (row["kind"], row["explained"]) == ("re-presentation", False)
    assert "unexplained" in row["flags"]


def test_re_presentation__amount_that_does_not_tie_is_flagged(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented(discontinued="145000"))
    (row,) = restatements(tmp_path)
    assert row["explained"] is False
    assert row["flags"] == ["tie-out-failed"]


def test_re_presentation__changing_the_comparative_balance_sheet_is_flagged(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented(assets="7000000"))
    rows = {r["concept"]: r for r in restatements(tmp_path)}
    assets = rows["ifrs-full:Assets"]
    assert (assets["kind"], assets["explained"]) == ("re-presentation", False)
    assert assets["flags"] == ["ifrs5-balance-sheet-changed"]
    assert rows["ifrs-full:Revenue"]["explained"] is True


def test_re_presentation__changing_a_total_below_the_line_is_flagged(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented(owners="-360000"))
    rows = {r["concept"]: r for r in restatements(tmp_path)}
    assert rows["ifrs-full:ProfitLossAttributableToOwnersOfParent"]["flags"] == [
        "ifrs5-total-changed"
    ]


def test_unexplained_change__nothing_declared_is_flagged(tmp_path: Path) -> None:
    later = doc(2, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3600000", 30)])
    ingest(tmp_path, tmp_path, ORIGINAL, later)
    (row,) = restatements(tmp_path, "--unexplained")
    assert (row["kind"], row["explained"], row["flags"]) == ("other", False, ["unexplained"])


def test_reaffirmation__equal_value_is_not_a_restatement(tmp_path: Path) -> None:
    again = doc(2, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667508", 30)])
    ingest(tmp_path, tmp_path, ORIGINAL, again)
    assert restatements(tmp_path) == []


def test_precision__change_within_rounding_is_not_a_restatement(tmp_path: Path) -> None:
    # RMB 3,667.5 million is 3,667,508 thousand rounded: the same figure at a coarser precision.
    in_millions = doc(2, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667.5", 30, scale=6)])
    ingest(tmp_path, tmp_path, ORIGINAL, in_millions)
    assert restatements(tmp_path) == []


def test_precision__change_beyond_rounding_is_a_restatement(tmp_path: Path) -> None:
    in_millions = doc(2, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3521.6", 30, scale=6)])
    ingest(tmp_path, tmp_path, ORIGINAL, in_millions)
    (row,) = restatements(tmp_path)
    assert row["restated_value"] == "3521.6"


def test_back_fill__older_document_changes_which_disclosure_restated_which(tmp_path: Path) -> None:
    first = doc(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "100", 10)])
    middle = doc(2, "2024-08-20", [fact("ifrs-full:Revenue", "FY2023", "120", 10)])
    last = doc(3, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "120", 10)])
    ingest(tmp_path, tmp_path, first, last)
    (row,) = restatements(tmp_path)
    assert (row["original_value"], row["restated_published_on"]) == ("100", "2025-03-18")
    # The interim document, loaded later, was the first to show 120: it is the restater now,
    # and the 2025 figure merely reaffirms it.
    ingest(tmp_path, tmp_path, middle)
    (row,) = restatements(tmp_path)
    assert (row["original_value"], row["restated_published_on"]) == ("100", "2024-08-20")


def test_back_fill__every_ingestion_order_gives_the_same_restatements(tmp_path: Path) -> None:
    docs = [
        doc(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "100", 10)]),
        doc(2, "2024-08-20", [fact("ifrs-full:Revenue", "FY2023", "120", 10)]),
        doc(
            3, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "110", 10)], restatements=[IFRS5]
        ),
    ]
    results = []
    for n, order in enumerate(itertools.permutations(docs)):
        home = tmp_path / str(n)
        ingest(home, tmp_path, *order)
        results.append(run(home, "restatements", "--format", "csv").stdout)
    assert len(set(results)) == 1
    assert len(results[0].splitlines()) == 3  # header + two restatements


IAS1 = {
    "kind": "reclassification",
    "standard": "IAS 1",
    "periods": ["2023-12-31"],
    "reason": "liabilities classified as current or non-current under the amendments",
    "lines": [7, 9],
    "scope": "balance",
}


def balance_sheets(home: Path, before: dict[str, str], after: dict[str, str]) -> None:
    """Ingest two balance sheets at 2023-12-31, the later one declaring the IAS 1 change."""
    first = doc(
        1,
        "2024-03-26",
        [fact(c, "2023-12-31", v, 10 + i) for i, (c, v) in enumerate(before.items())],
    )
    second = doc(
        2,
        "2025-03-26",
        [fact(c, "2023-12-31", v, 20 + i) for i, (c, v) in enumerate(after.items())],
        restatements=[IAS1],
    )
    ingest(home, home, first, second)


def test_reclassification__equal_and_opposite_moves_are_explained(tmp_path: Path) -> None:
    balance_sheets(
        tmp_path,
        {
            "ifrs-full:CurrentLiabilities": "1000",
            "ifrs-full:NoncurrentLiabilities": "4000",
            "ifrs-full:Liabilities": "5000",
        },
        {
            "ifrs-full:CurrentLiabilities": "1600",
            "ifrs-full:NoncurrentLiabilities": "3400",
            "ifrs-full:Liabilities": "5000",
        },
    )
    rows = restatements(tmp_path)
    assert {(r["concept"], r["kind"], r["explained"]) for r in rows} == {
        ("ifrs-full:CurrentLiabilities", "reclassification", True),
        ("ifrs-full:NoncurrentLiabilities", "reclassification", True),
    }


def test_reclassification__totals_that_move_are_flagged(tmp_path: Path) -> None:
    balance_sheets(
        tmp_path,
        {"ifrs-full:CurrentLiabilities": "1000", "ifrs-full:Liabilities": "5000"},
        {"ifrs-full:CurrentLiabilities": "1600", "ifrs-full:Liabilities": "5600"},
    )
    rows = {r["concept"]: r for r in restatements(tmp_path)}
    assert rows["ifrs-full:CurrentLiabilities"]["explained"] is False
    assert "totals-changed" in rows["ifrs-full:CurrentLiabilities"]["flags"]


def diff(home: Path, from_date: str, to_date: str) -> list[dict[str, Any]]:
    result = run(
        home, "diff", "--issuer", "OCFT", "--from", from_date, "--to", to_date, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_diff__lists_changed_and_appeared_facts(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented())
    rows = {(r["concept"], r["dimensions"]): r for r in diff(tmp_path, "2024-06-30", "2025-06-30")}
    assert rows[("ifrs-full:Revenue", "")]["change"] == "changed"
    assert rows[("ifrs-full:Revenue", "")]["delta"] == "-145917"
    assert rows[("ifrs-full:Revenue", "operations=discontinued")]["change"] == "appeared"
    assert ("ifrs-full:Assets", "") not in rows


def test_diff__reversed_dates_show_disappearing_facts(tmp_path: Path) -> None:
    ingest(tmp_path, tmp_path, ORIGINAL, represented())
    changes = {r["change"] for r in diff(tmp_path, "2025-06-30", "2024-06-30")}
    assert changes == {"changed", "disappeared"}


def test_declared__comparative_lines_carry_the_declaration_of_their_document(
    tmp_path: Path,
) -> None:
    d = doc(
        1,
        "2025-03-26",
        [
            fact("ifrs-full:CurrentLiabilities", "2023-12-31", "1600", 20),
            fact("ifrs-full:CurrentLiabilities", "2024-12-31", "1700", 20),
            fact("ifrs-full:Revenue", "FY2023", "900", 30),
        ],
        restatements=[IAS1],
    )
    d["disclosure"]["period_end"] = "2024-12-31"
    ingest(tmp_path, tmp_path, d)
    result = run(tmp_path, "facts", "--format", "json")
    declared = {(r["concept"], r["period"]): r["declared"] for r in json.loads(result.stdout)}
    assert declared == {
        ("ifrs-full:CurrentLiabilities", "2023-12-31"): "reclassification (IAS 1)",
        ("ifrs-full:CurrentLiabilities", "2024-12-31"): "",
        ("ifrs-full:Revenue", "FY2023"): "",
    }


def test_unit_only_difference__is_never_a_restatement(tmp_path: Path) -> None:
    home = tmp_path / "home"
    thousands = doc(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667508", 10)])
    millions = doc(2, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "3667.5", 10)])
    millions["disclosure"]["scale"] = 6
    ingest(home, tmp_path, thousands, millions)
    assert restatements(home) == []
    # Check a real change at the coarser precision is still one.
    changed = doc(3, "2026-03-18", [fact("ifrs-full:Revenue", "FY2023", "3521.6", 10)])
    changed["disclosure"]["scale"] = 6
    ingest(home, tmp_path, changed)
    [row] = restatements(home)
    assert (row["original_value"], row["restated_value"]) == ("3667.5", "3521.6")
