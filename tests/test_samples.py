"""The samples are the real documents' figures: each one is checked against its line."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from .helpers import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample__source_sha256_is_the_real_document(shared: Path, sample: Path) -> None:
    doc = json.loads(sample.read_text())
    source = shared / doc["disclosure"]["source"]["file"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == doc["disclosure"]["source"]["sha256"]


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample__every_figure_is_printed_on_its_line(shared: Path, sample: Path) -> None:
    doc = json.loads(sample.read_text())
    lines = (shared / doc["disclosure"]["source"]["file"]).read_text().split("\n")
    missing = [
        (fact["line"], fact["raw"])
        for fact in doc["facts"]
        if _squeezed(fact["raw"]) not in _squeezed(lines[fact["line"] - 1])
    ]
    assert missing == []


def _digits(text: str) -> str:
    # A footnote mark glued to a figure ("35(1)") is not part of it.
    text = re.sub(r"\(\d\)$", "", text.strip())
    return "".join(ch for ch in text if ch.isdigit()).lstrip("0")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample__value_has_the_digits_of_the_raw_token(sample: Path) -> None:
    doc = json.loads(sample.read_text())
    mismatched = [
        (fact["line"], fact["raw"], fact["value"])
        for fact in doc["facts"]
        if _digits(fact["raw"]) and _digits(fact["raw"]) != _digits(fact["value"])
    ]
    assert mismatched == []


@pytest.mark.parametrize(
    ("sample", "lines", "concept", "period", "dimensions", "value"),
    [
        (
            "oneconnect-fy2023-results-2024-03-18.json",
            {18},
            "ifrs-full:Revenue",
            "FY2023",
            {},
            "3667508",
        ),
        (
            "oneconnect-fy2023-results-2024-03-18.json",
            {17},
            "ifrs-full:Revenue",
            "FY2023",
            {"customer": "third-party"},
            "1307396",
        ),
        (
            "oneconnect-fy2023-results-2024-03-18.json",
            {19},
            "ifrs-full:GrossProfit",
            "FY2023",
            {},
            "1349405",
        ),
        (
            "oneconnect-fy2023-results-2024-03-18.json",
            {22},
            "ifrs-full:ProfitLossFromOperatingActivities",
            "FY2023",
            {},
            "-368212",
        ),
        (
            "oneconnect-fy2023-results-2024-03-18.json",
            {24},
            "ifrs-full:ProfitLossAttributableToOwnersOfParent",
            "FY2023",
            {},
            "-362715",
        ),
        (
            "oneconnect-fy2024-annual-results-2025-03-18.json",
            {30, 364},
            "ifrs-full:Revenue",
            "FY2023",
            {},
            "3521591",
        ),
        (
            "oneconnect-fy2024-annual-results-2025-03-18.json",
            {29},
            "ifrs-full:Revenue",
            "FY2023",
            {"customer": "third-party"},
            "1161479",
        ),
        (
            "oneconnect-fy2024-annual-results-2025-03-18.json",
            {31, 366},
            "ifrs-full:GrossProfit",
            "FY2023",
            {},
            "1326017",
        ),
        (
            "oneconnect-fy2024-annual-results-2025-03-18.json",
            {34, 372},
            "ifrs-full:ProfitLossFromOperatingActivities",
            "FY2023",
            {},
            "-217285",
        ),
        (
            "oneconnect-fy2024-annual-results-2025-03-18.json",
            {583},
            "ifrs-full:Revenue",
            "FY2023",
            {"operations": "discontinued", "segment": "Virtual Bank Business"},
            "145917",
        ),
    ],
)
def test_sample__holds_the_golden_figures(
    sample: str, lines: set[int], concept: str, period: str, dimensions: dict[str, str], value: str
) -> None:
    doc = json.loads((SAMPLES / sample).read_text())
    found = [
        f
        for f in doc["facts"]
        if (f["concept"], f["period"], f.get("dimensions") or {}) == (concept, period, dimensions)
    ]
    assert [(f["value"], f["line"] in lines) for f in found] == [(value, True)]


def test_samples__are_what_the_extractor_gives_on_the_real_documents(
    shared: Path, tmp_path: Path
) -> None:
    from .helpers import run

    result = run(
        tmp_path / "home",
        "extract",
        "--manifest",
        str(shared / "manifest.toml"),
        "--output-dir",
        str(tmp_path / "out"),
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    produced = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert produced == sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".json", ".toml"))
    for name in produced:
        assert (tmp_path / "out" / name).read_text() == (SAMPLES / name).read_text(), name
