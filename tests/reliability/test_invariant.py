"""The invariant: anything `ledger ingest` accepts, every command handles.

A hypothesis property generates small ledgers (one issuer, a few documents) with what users
send: dimension members holding the key's separators and punctuation twins, extreme but valid
periods (FY9999, 9999-12-31) and values (28 integer digits, 10 places), documents published on
the same day, odd ``decimals``. Whatever ingest accepts, `replay`, `replay --rebuild`,
`verify`, every read command, `report` and the three `export` formats must then succeed.

CI runs a bounded number of examples (``LEDGER_INVARIANT_EXAMPLES``, default 6);
``bench/fuzz.py --invariant N`` runs the same property as a campaign.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..helpers import dated_disclosure, run, write_json

CONCEPTS = ("ifrs-full:Revenue", "ifrs-full:ProfitLoss", "ifrs-full:Assets", "ext:OddMeasure")
#: Characters members are made of: the dimension key's separators, punctuation, a backslash,
#: spaces and a few letters (so that punctuation twins such as "Ping An Group" and
#: "Ping An, Group" occur).
MEMBER_ALPHABET = "PingAn Group;=|\\,.-_'\"/é中"
PUBLISHED = ("2024-03-18", "2024-03-18", "2025-03-18", "9999-12-30")


@st.composite
def periods(draw: st.DrawFn) -> str:
    year = draw(st.sampled_from([1900, 2023, 2024, 9998, 9999]) | st.integers(1000, 9999))
    kind = draw(st.sampled_from(["FY", "H1 ", "Q3 ", "instant", "end"]))
    if kind == "instant":
        return f"{year}-06-30"
    if kind == "end":
        return f"{year}-12-31"
    return f"{kind}{year}"


@st.composite
def values(draw: st.DrawFn) -> str:
    digits = draw(st.integers(0, 25))
    places = draw(st.integers(0, 10 if digits < 18 else 0))
    whole = draw(st.integers(0, 10**digits - 1)) if digits else 0
    fraction = draw(st.integers(0, 10**places - 1)) if places else None
    sign = draw(st.sampled_from(["", "-"]))
    return f"{sign}{whole}" + (f".{fraction:0{places}d}" if places else "")


@st.composite
def facts(draw: st.DrawFn, line: int) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "concept": draw(st.sampled_from(CONCEPTS)),
        "period": draw(periods()),
        "value": draw(values()),
        "unit": draw(st.sampled_from(["RMB", "RMB", "%", "shares"])),
        "line": line,
        "label": draw(st.text(MEMBER_ALPHABET, min_size=1, max_size=12)).strip() or "label",
        "scale": draw(st.sampled_from([0, 3, 6])),
    }
    axes = draw(st.lists(st.text(MEMBER_ALPHABET, min_size=1, max_size=8), max_size=2))
    if axes:
        fact["dimensions"] = {
            axis: draw(st.text(MEMBER_ALPHABET, min_size=1, max_size=12)) for axis in axes
        }
    if draw(st.booleans()):
        fact["decimals"] = draw(st.integers(-12, 10))
    return fact


@st.composite
def documents(draw: st.DrawFn, index: int = 1) -> dict[str, Any]:
    """One generated disclosure: number ``index`` (its own source file and sha256)."""
    count = draw(st.integers(1, 6))
    stated = [draw(facts(line)) for line in range(10, 10 + count)]
    return dated_disclosure(index, draw(st.sampled_from(PUBLISHED)), stated)


@st.composite
def ledgers(draw: st.DrawFn) -> list[dict[str, Any]]:
    return [draw(documents(index)) for index in range(1, draw(st.integers(1, 3)) + 1)]


READS: tuple[tuple[str, ...], ...] = (
    ("facts", "--format", "json"),
    ("facts", "--as-at", "2024-06-30"),
    ("restatements",),
    ("restatements", "--unexplained", "--format", "csv"),
    ("statement", "--issuer", "oneconnect", "--statement", "income"),
    ("statement", "--issuer", "oneconnect", "--statement", "balance", "--as-at", "9999-12-31"),
    ("diff", "--issuer", "oneconnect", "--from", "2024-01-01", "--to", "9999-12-31"),
    ("query", "SELECT * FROM facts_as_at('2025-01-01')"),
)


def ingest_one(home: Path, path: Path, *options: str) -> bool:
    """`ledger ingest PATH`: accepted (exit 0), or refused in one line with exit 1.

    Returns:
        whether ingest accepted the document.
    """
    result = run(home, "ingest", *options, str(path))
    if result.exit_code == 0:
        return True
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert lines[0].startswith("Error: "), result.output
    assert "internal error" not in result.output, result.output
    return False


def every_command(folder: Path) -> list[tuple[str, ...]]:
    """Every command the invariant runs after ingest, writing its files under ``folder``."""
    commands: list[tuple[str, ...]] = [
        ("replay",),
        ("replay", "--rebuild"),
        ("verify",),
        *READS,
        ("report", "--issuer", "oneconnect", "--out", str(folder / "report.html")),
    ]
    for fmt in ("parquet", "csv", "xbrl-json"):
        commands.append(("export", "--format", fmt, "--out", str(folder / fmt), "--force"))
    return commands


def run_every_command(home: Path, folder: Path) -> int:
    """Run :func:`every_command` on ``home``; each must succeed.

    Returns:
        how many commands ran.
    """
    commands = every_command(folder)
    for args in commands:
        result = run(home, *args)
        assert result.exit_code == 0, f"ledger {' '.join(args)}: {result.output}"
    report = json.loads((folder / "xbrl-json" / "report.json").read_text(encoding="utf-8"))
    assert isinstance(report["facts"], dict)
    return len(commands)


def check_every_command(documents: list[dict[str, Any]], folder: Path) -> int:
    """Ingest ``documents`` (each one alone: one may be refused), then run every command.

    Returns:
        how many documents ingest accepted.
    """
    home = folder / "home"
    accepted = 0
    for doc in documents:
        path = write_json(folder / f"{doc['disclosure']['source']['file']}.json", doc)
        accepted += ingest_one(home, path)
    if accepted:
        run_every_command(home, folder)
    return accepted


EXAMPLES = int(os.environ.get("LEDGER_INVARIANT_EXAMPLES", "6"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ledgers())
def test_invariant__every_command_handles_what_ingest_accepts(
    documents: list[dict[str, Any]],
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ledger-invariant-"))
    try:
        check_every_command(documents, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
