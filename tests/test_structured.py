"""The structured disclosure format: what is accepted, and one-line refusals for the rest."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ledger.ingest.errors import ExtractError
from ledger.ingest.structured import load_structured

from .helpers import FIRST_REPORTED, SAMPLE_ISSUERS, disclosure, write_json


def test_load__reads_value_in_unit_with_scale_and_precision(tmp_path: Path) -> None:
    draft = load_structured(write_json(tmp_path / "d.json", disclosure()))
    (fact,) = draft.facts
    assert fact.value == Decimal("3667508000")
    assert (fact.scale, fact.decimals, fact.printed_value) == (3, -3, Decimal("3667508"))
    assert (fact.source.document, fact.source.line, fact.source.raw) == (
        "example.txt",
        18,
        "3,667,508",
    )


def test_load__per_ads_amount_keeps_its_decimals(tmp_path: Path) -> None:
    fact = {
        "concept": "ext:BasicAndDilutedEarningsLossPerADS",
        "period": "FY2023",
        "value": "-9.99",
        "unit": "RMB/ADS",
        "line": 45,
        "label": "Loss per ADS",
    }
    draft = load_structured(write_json(tmp_path / "d.json", disclosure(facts=[fact])))
    assert (draft.facts[0].value, draft.facts[0].scale, draft.facts[0].decimals) == (
        Decimal("-9.99"),
        0,
        2,
    )


def test_load__issuer_alias_resolves_to_the_id(tmp_path: Path) -> None:
    doc = disclosure()
    doc["disclosure"]["issuer"] = "OCFT"
    path = write_json(tmp_path / "d.json", doc)
    assert load_structured(path, issuers=SAMPLE_ISSUERS).meta.issuer == "oneconnect"


def test_load__repeated_figure_is_one_fact_with_both_lines(tmp_path: Path) -> None:
    fact = disclosure()["facts"][0]
    doc = disclosure(facts=[fact, {**fact, "line": 364, "label": "Revenue"}])
    draft = load_structured(write_json(tmp_path / "d.json", doc))
    assert len(draft.facts) == 1
    assert draft.facts[0].also_on_lines == (364,)
    assert draft.merged_repeats == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["disclosure"].update(issuer="acme", issuer_name=None),
            "disclosure.issuer: unknown issuer 'acme'",
        ),
        (
            lambda d: d["disclosure"].update(published_on="2024-02-30"),
            "disclosure.published_on: '2024-02-30' is not a valid date",
        ),
        (
            lambda d: d["disclosure"].update(published_on="18/03/2024"),
            "disclosure.published_on: '18/03/2024' is not an ISO date (YYYY-MM-DD)",
        ),
        (
            lambda d: d["facts"][0].update(value=3667508.0),
            "facts[0].value: must be a decimal string",
        ),
        (lambda d: d["facts"][0].update(period="FY23"), "facts[0].period: 'FY23' is not a period"),
        (
            lambda d: d["facts"][0].update(concept="Revenue"),
            "facts[0].concept: 'Revenue' is not a concept",
        ),
        (lambda d: d["facts"][0].pop("line"), "facts[0].line: must be a whole number, not null"),
        (lambda d: d.update(format="other/2"), "format: must be 'ledger-disclosure/1'"),
        (
            # A key of the document with a line break in it: escaped, the message stays one line.
            lambda d: d["facts"][0].update(dimensions={"seg\r\nment": 1}),
            "facts[0].dimensions.seg\\r\\nment: must be a non-empty string",
        ),
        (
            lambda d: d["facts"].append(
                {**d["facts"][0], "line": 30, "value": "3667509", "raw": "3,667,509"}
            ),
            "line 30: ifrs-full:Revenue FY2023 is 3,667,509 but line 18 says 3,667,508",
        ),
    ],
)
def test_load__refuses_bad_file_with_one_line(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = disclosure()
    change(doc)
    path = write_json(tmp_path / "bad.json", doc)
    with pytest.raises(ExtractError) as info:
        load_structured(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def check(lines: object) -> dict[str, object]:
    """An arithmetic check as `ledger extract` writes it, with the given lines."""
    return {
        "rule": "sum",
        "description": "Gross profit = revenue - cost of revenue",
        "period": "FY2023",
        "lines": lines,
        "expected": "1",
        "actual": "1",
        "passed": True,
    }


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([18, -(10**300)], "checks[0].lines[1]: -1000000000000000000"),
        ([18, 2**31], "checks[0].lines[1]: 2147483648 is out of range"),
        ([18], "checks[0].lines: must be [first, last] line numbers"),
        ("18-20", "checks[0].lines: must be"),
    ],
)
def test_load__check_with_impossible_lines_is_refused(
    tmp_path: Path, lines: object, message: str
) -> None:
    # A line number the projection's INTEGER columns cannot hold would make every later replay
    # of the store fail: the fuzzer found one (bench/fuzz.py, seed 4227525832).
    path = write_json(tmp_path / "d.json", disclosure(checks=[check(lines)]))
    with pytest.raises(ExtractError) as info:
        load_structured(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_load__check_lines_are_kept(tmp_path: Path) -> None:
    draft = load_structured(
        write_json(tmp_path / "d.json", disclosure(checks=[check([18, 20]), check([])]))
    )
    assert [c["lines"] for c in draft.checks] == [[18, 20], []]


def test_load__check_beyond_the_document_is_refused(tmp_path: Path) -> None:
    doc = disclosure(checks=[check([18, 40])])
    doc["disclosure"]["source"]["lines"] = 30
    with pytest.raises(ExtractError, match=r"checks\[0\].lines: line 40 is outside example.txt"):
        load_structured(write_json(tmp_path / "d.json", doc))


def test_load__line_beyond_the_document_is_refused(tmp_path: Path) -> None:
    doc = disclosure()
    doc["disclosure"]["source"]["lines"] = 10
    with pytest.raises(ExtractError, match=r"facts\[0\].line: line 18 is outside example.txt"):
        load_structured(write_json(tmp_path / "d.json", doc))


def test_load__malformed_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "ledger-disclosure/1",\n "facts": [,]}')
    with pytest.raises(ExtractError, match=r"bad.json:2: is not valid JSON"):
        load_structured(path)


def test_load__deeply_nested_json_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ExtractError, match="nested deeper than"):
        load_structured(path)


def test_load__sample_without_shared_documents(tmp_path: Path) -> None:
    draft = load_structured(FIRST_REPORTED)
    assert draft.meta.published_on.isoformat() == "2024-03-18"
    assert len(draft.facts) == 48
