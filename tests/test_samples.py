"""The samples are the real documents' figures: each one is checked against its line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from .helpers import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample__source_sha256_is_the_real_document(shared: Path, sample: Path) -> None:
    doc = json.loads(sample.read_text())
    source = shared / doc["disclosure"]["source"]["file"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == doc["disclosure"]["source"]["sha256"]


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample__every_figure_is_printed_on_its_line(shared: Path, sample: Path) -> None:
    doc = json.loads(sample.read_text())
    lines = (shared / doc["disclosure"]["source"]["file"]).read_text().split("\n")
    missing = [
        (fact["line"], fact["raw"])
        for fact in doc["facts"]
        if fact["raw"] not in lines[fact["line"] - 1]
    ]
    assert missing == []


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample__value_is_the_raw_token_read_as_a_number(sample: Path) -> None:
    from decimal import Decimal

    doc = json.loads(sample.read_text())
    for fact in doc["facts"]:
        token = fact["raw"].replace("$", "").replace(",", "").replace("%", "").strip()
        expected = Decimal(0) if token in ("-", "_") else Decimal(token.strip("()").strip())
        if token.startswith("("):
            expected = -expected
        assert Decimal(fact["value"]) == expected, fact


@pytest.mark.parametrize(
    ("sample", "line", "raw"),
    [
        ("oneconnect-fy2023-results-2024-03-18.json", 18, "3,667,508"),
        ("oneconnect-fy2023-results-2024-03-18.json", 17, "1,307,396"),
        ("oneconnect-fy2023-results-2024-03-18.json", 19, "1,349,405"),
        ("oneconnect-fy2023-results-2024-03-18.json", 22, "(368,212)"),
        ("oneconnect-fy2023-results-2024-03-18.json", 24, "(362,715)"),
        ("oneconnect-fy2024-annual-results-2025-03-18.json", 30, "3,521,591"),
        ("oneconnect-fy2024-annual-results-2025-03-18.json", 29, "$1,161,479$"),
        ("oneconnect-fy2024-annual-results-2025-03-18.json", 366, "1,326,017"),
        ("oneconnect-fy2024-annual-results-2025-03-18.json", 372, "(217,285)"),
        ("oneconnect-fy2024-annual-results-2025-03-18.json", 387, "(362,715)"),
        ("oneconnect-fy2024-annual-results-2025-03-18.json", 583, "145,917"),
    ],
)
def test_sample__holds_the_golden_figures(sample: str, line: int, raw: str) -> None:
    doc = json.loads((SAMPLES / sample).read_text())
    assert any(f["line"] == line and f["raw"] == raw for f in doc["facts"])
