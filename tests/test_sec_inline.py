"""Inline XBRL (.htm): facts read from the XHTML a filer publishes, on a document written for
these tests (tests/data/ex-20231231.htm)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from .helpers import run

INLINE = (Path(__file__).parent / "data" / "ex-20231231.htm").read_text("utf-8")


def test_inline__facts_scaled_signed_and_declared(tmp_path: Path) -> None:
    path = tmp_path / "ex-20231231.htm"
    path.write_text(INLINE, "utf-8")
    home = tmp_path / "home"
    result = run(home, "ingest", str(path), "--published-on", "2024-02-20")
    assert result.exit_code == 0, result.output
    out = run(home, "facts", "--issuer", "EXMP", "--format", "json")
    rows = {(r["concept"], r["period"], r["dimensions"]): r for r in json.loads(out.output)}
    assert Decimal(str(rows[("us-gaap:Revenues", "FY2023", "")]["value"])) == 1_234_000_000
    assert rows[("us-gaap:Revenues", "FY2023", "")]["line"] == 29
    assert Decimal(str(rows[("ex:OtherExpense", "FY2023", "")]["value"])) == -12_000_000
    assert Decimal(str(rows[("ex:OtherExpense", "FY2022", "")]["value"])) == 0
    previously = (
        "us-gaap:Revenues",
        "FY2022",
        "srt:RestatementAxis=srt:ScenarioPreviouslyReportedMember",
    )
    assert Decimal(str(rows[previously]["value"])) == 1_050_000_000
    # The previously-reported member is the filer's own declaration that FY2022 was restated.
    declared = run(
        home,
        "query",
        "SELECT kind, standard, periods FROM declared_restatements",
        "--format",
        "json",
    )
    assert json.loads(declared.output) == [
        {"kind": "other", "standard": "ASC 250", "periods": ["FY2022"]}
    ]


def test_inline__not_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ex-20231231.htm"
    path.write_text(INLINE.replace("<span>1,234</span>", "<span>n/a</span>"), "utf-8")
    result = run(tmp_path / "home", "ingest", str(path), "--published-on", "2024-02-20")
    assert result.exit_code == 1
    assert result.output == f"Error: {path}:29: us-gaap:Revenues 'n/a' is not a number\n"
    assert not (tmp_path / "home" / "events.sqlite").exists()
