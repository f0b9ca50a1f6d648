"""`ledger extract`: what it reports, and one-line refusals of files that are not disclosures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import home_fingerprint, run

TABLE = """\
OneConnect Financial Technology Co., Ltd. (HKEX 6638, NYSE OCFT)
Published: 2024-03-18
Full year 2023 results

In RMB'000, except percentages
\tYear Ended December 31
\t2023\t2022
Revenue
Revenue from Ping An Group\t2,091,039\t2,526,682
Revenue from Lufax\t269,073\t459,419
Revenue from third-party customers\t1,307,396\t1,477,901
Total\t3,667,508\t4,464,002
Gross profit\t1,349,405\t1,635,016
"""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
        (b"caf\xe9 au lait\n", "is not UTF-8"),
        # A PDF is known by its header, whatever the file is called.
        (b"%PDF-1.7\nnot really a PDF\n", "is not a readable PDF"),
        (b"%PDF-1.4\n" + b"\x00" * 64, "is not a readable PDF"),
        (b"A note to self: buy milk, eggs and bread.\nCall back on Tuesday.\n", "not a disclosure"),
    ],
)
def test_extract__refuses_a_file_that_is_not_a_disclosure(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    home = tmp_path / "home"
    result = run(home, "extract", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and problem in lines[0]
    assert path.name in lines[0]
    assert home_fingerprint(home) == {}


def test_extract__reads_a_small_release(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text(TABLE)
    result = run(tmp_path / "home", "extract", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    facts = {
        (f["concept"], f["period"], f["dimensions"]): f["value"] for f in json.loads(result.stdout)
    }
    assert facts[("ifrs-full:Revenue", "FY2023", "")] == "3667508"
    assert facts[("ifrs-full:Revenue", "FY2022", "customer=third-party")] == "1477901"
    assert facts[("ifrs-full:GrossProfit", "FY2022", "")] == "1635016"


def test_extract__output_file_is_an_ingestable_disclosure(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text(TABLE)
    draft = tmp_path / "draft.json"
    assert (
        run(tmp_path / "home", "extract", str(path), "-o", str(draft), "--summary").exit_code == 0
    )
    result = run(tmp_path / "home", "ingest", str(draft))
    assert result.exit_code == 0, result.output
    assert "recorded release.txt (published 2024-03-18)" in result.output


def test_extract__output_that_cannot_be_written_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is written beside its target and renamed over it: a failure at any point
    # leaves the previous draft whole and no stray file behind.
    path = tmp_path / "release.txt"
    path.write_text(TABLE)
    draft = tmp_path / "out" / "draft.json"
    draft.parent.mkdir()
    draft.write_text('{"previous": "draft"}')

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ledger.cli.files.os.replace", refuse)
    result = run(tmp_path / "home", "extract", str(path), "-o", str(draft), "--summary")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {draft}: cannot write: No space left on device"
    ]
    assert draft.read_text() == '{"previous": "draft"}'
    assert [p.name for p in draft.parent.iterdir()] == ["draft.json"]


def test_extract__output_into_a_directory_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text(TABLE)
    result = run(tmp_path / "home", "extract", str(path), "-o", str(tmp_path), "--summary")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {tmp_path}: is a directory"]


def test_extract__date_that_cannot_be_found_must_be_given(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text(TABLE.replace("Published: 2024-03-18\n", ""))
    result = run(tmp_path / "home", "extract", str(path))
    assert result.exit_code == 1
    assert "publi" in result.output.lower()
    given = run(
        tmp_path / "home", "extract", str(path), "--published-on", "2024-03-18", "--summary"
    )
    assert given.exit_code == 0, given.output
