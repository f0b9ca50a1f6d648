"""Golden facts: every figure the seed notes list, extracted from the real documents.

The expectations are data (``golden_facts.toml``): document, line, concept, period, dimensions,
value (printed scale, sign applied), unit and scale. The garbled rows the seed notes list must not
become facts; where the right figure sits next to them they must be recorded as conflicts.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from ledger.ingest.extractor.pipeline import Extraction, extract_document

from ..helpers import SAMPLE_ISSUERS

GOLDEN = tomllib.loads((Path(__file__).parent / "golden_facts.toml").read_text("utf-8"))

_CACHE: dict[str, Extraction] = {}


def _extract(folder: Path, name: str) -> Extraction:
    if name not in _CACHE:
        manifest = tomllib.loads((folder / "manifest.toml").read_text("utf-8"))
        entry = next(d for d in manifest["disclosure"] if d["file"] == name)
        _CACHE[name] = extract_document(
            folder / name,
            issuer=entry["issuer"],
            published_on=entry["published_on"],
            kind=entry["kind"],
            period_end=entry["period_end"],
            issuers=SAMPLE_ISSUERS,
        )
    return _CACHE[name]


def _params() -> list[Any]:
    out = []
    for fact in GOLDEN["fact"]:
        out.append(pytest.param(fact, id=f"{fact['n']}-L{fact['line']}"))
    return out


@pytest.mark.parametrize("golden", _params())
def test_golden_fact_is_extracted__as_printed(shared: Path, golden: dict[str, Any]) -> None:
    facts = _extract(shared, golden["document"]).disclosure["facts"]
    same_series = [
        f
        for f in facts
        if f["concept"] == golden["concept"]
        and f["period"] == golden["period"]
        and f["dimensions"] == golden["dimensions"]
        and f["unit"] == golden["unit"]
    ]
    assert len(same_series) == 1, f"{len(same_series)} facts for the series"
    fact = same_series[0]
    assert (fact["value"], fact["scale"], fact["line"]) == (
        golden["value"],
        golden["scale"],
        golden["line"],
    )


@pytest.mark.parametrize(
    "garbled",
    [pytest.param(g, id=f"{g['document'][:20]}-L{g['line']}") for g in GOLDEN["garbled"]],
)
def test_garbled_row_is_not_a_fact__but_a_conflict(shared: Path, garbled: dict[str, Any]) -> None:
    disclosure = _extract(shared, garbled["document"]).disclosure
    on_line = [f for f in disclosure["facts"] if f["line"] == garbled["line"]]
    if garbled["values"]:
        assert [f for f in on_line if f["value"] in garbled["values"]] == []
    else:
        assert on_line == []
    if garbled["conflict"]:
        recorded = set()
        for conflict in disclosure["conflicts"]:
            for side in ("rejected", "other"):
                if (conflict.get(side) or {}).get("line") == garbled["line"]:
                    recorded.add(conflict[side]["value"])
        assert set(garbled["values"]) <= recorded


def test_restatement_demo_figures__first_reported_and_re_presented(shared: Path) -> None:
    def value(name: str, concept: str, period: str, **dims: str) -> str:
        facts = _extract(shared, name).disclosure["facts"]
        found = [
            f["value"]
            for f in facts
            if f["concept"] == concept and f["period"] == period and f["dimensions"] == dims
        ]
        assert len(found) == 1
        return found[0]

    first = "oneconnect-fy2023-results-2024-03-18.txt"
    later = "oneconnect-fy2024-annual-results-2025-03-18.txt"
    pairs = [
        ("ifrs-full:Revenue", {}, "3667508", "3521591"),
        ("ifrs-full:Revenue", {"customer": "third-party"}, "1307396", "1161479"),
        ("ifrs-full:GrossProfit", {}, "1349405", "1326017"),
        ("ifrs-full:ProfitLossFromOperatingActivities", {}, "-368212", "-217285"),
        ("ifrs-full:ProfitLossAttributableToOwnersOfParent", {}, "-362715", "-362715"),
    ]
    for concept, dims, before, after in pairs:
        assert value(first, concept, "FY2023", **dims) == before
        assert value(later, concept, "FY2023", **dims) == after


def test_virtual_bank_segment__discontinued_part_of_fy2023_revenue(shared: Path) -> None:
    facts = _extract(shared, "oneconnect-fy2024-annual-results-2025-03-18.txt").disclosure["facts"]
    bank = {"operations": "discontinued", "segment": "Virtual Bank Business"}
    found = {
        f["concept"]: f["value"]
        for f in facts
        if f["period"] == "FY2023" and f["dimensions"] == bank
    }
    assert found["ifrs-full:Revenue"] == "145917"
    assert found["ifrs-full:CostOfSales"] == "-122529"
    assert found["ifrs-full:GrossProfit"] == "23388"
    assert found["ifrs-full:ProfitLossFromOperatingActivities"] == "-150927"


@pytest.mark.parametrize(
    "name",
    [
        "oneconnect-fy2023-results-2024-03-18.txt",
        "oneconnect-fy2024-annual-results-2025-03-18.txt",
        "oneconnect-fy2024-annual-report-extract-2025-04-24.txt",
        "oneconnect-2024-esg-report-2025-03-18.txt",
        "sensetime-fy2024-annual-results-2025-03-26.txt",
        "ainnovation-fy2023-annual-results-2024-03-28.txt",
    ],
)
def test_extraction__is_a_valid_structured_disclosure(shared: Path, name: str) -> None:
    import json

    from ledger.ingest.structured import draft_from_dict

    extraction = _extract(shared, name)
    # Through JSON, as `ledger extract -o draft.json` and `ledger ingest draft.json` would.
    document = json.loads(json.dumps(extraction.disclosure))
    sha256 = extraction.disclosure["disclosure"]["source"]["sha256"]
    draft = draft_from_dict(document, name, sha256, issuers=SAMPLE_ISSUERS)
    assert draft is not None
