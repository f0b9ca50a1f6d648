"""Property-based tests of the stable loaders: whatever the input, a draft or one line.

The structured-disclosure loader and the manifest loader must never raise anything but their
one-line ``ExtractError`` (never a traceback), and what they accept must keep every figure exact.
"""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.ingest.errors import ExtractError
from ledger.ingest.manifest import read_manifest
from ledger.ingest.structured import load_structured

from ..helpers import FIRST_REPORTED, disclosure

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["FY2023", "2024-03-18", "2024-02-30", "ifrs-full:Revenue", "RMB", "-0"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
PATHS = st.sampled_from(
    [
        (),
        ("format",),
        ("disclosure",),
        ("disclosure", "issuer"),
        ("disclosure", "published_on"),
        ("disclosure", "period_end"),
        ("disclosure", "source"),
        ("disclosure", "source", "sha256"),
        ("disclosure", "scale"),
        ("facts",),
        ("facts", 0),
        ("facts", 0, "value"),
        ("facts", 0, "period"),
        ("facts", 0, "concept"),
        ("facts", 0, "line"),
        ("facts", 0, "scale"),
        ("facts", 0, "dimensions"),
        ("restatements",),
        ("conflicts",),
        ("checks",),
    ]
)


def load(data: bytes, suffix: str = ".json") -> Any:
    """Write ``data`` to a temporary file and load it; return the draft or the error."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        try:
            return load_structured(path)
        except ExtractError as exc:
            assert str(exc).startswith(str(path) + ":")
            assert "\n" not in str(exc) and "\r" not in str(exc)
            return exc


def replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@SETTINGS
@given(st.binary(max_size=2000))
def test_structured__any_bytes_give_a_draft_or_one_line(data: bytes) -> None:
    load(data)


@SETTINGS
@given(JSON)
def test_structured__any_json_gives_a_draft_or_one_line(value: Any) -> None:
    load(json.dumps(value).encode())


@SETTINGS
@given(PATHS, JSON)
def test_structured__any_field_replaced_gives_a_draft_or_one_line(
    path: tuple[Any, ...], value: Any
) -> None:
    load(json.dumps(replace(disclosure(), path, value)).encode())


@SETTINGS
@given(st.integers(min_value=0, max_value=len(FIRST_REPORTED.read_bytes())))
def test_structured__a_truncated_real_document_is_refused_in_one_line(cut: int) -> None:
    data = FIRST_REPORTED.read_bytes()
    result = load(data[:cut])
    assert isinstance(result, ExtractError) or cut >= len(data.rstrip())


@SETTINGS
@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**15), max_value=10**15
    ),
    st.integers(min_value=-6, max_value=6),
)
def test_structured__accepted_figures_are_exact(value: Decimal, scale: int) -> None:
    doc = disclosure()
    doc["facts"][0]["value"] = str(value)
    doc["facts"][0]["scale"] = scale
    result = load(json.dumps(doc).encode())
    assert not isinstance(result, ExtractError), result
    assert result.facts[0].value == value.scaleb(scale)


MANIFEST_VALUES = st.one_of(
    st.text(max_size=20).map(json.dumps),
    st.sampled_from(
        [
            '"doc.json"',
            '"../doc.json"',
            '"/etc/passwd"',
            '"sub/../doc.json"',
            '"sub/../../doc.json"',
            "2024-03-18",
            "2024-02-30",
            '"2024-02-30"',
            "5",
            "[1]",
            "{ a = 1 }",
            '"oneconnect"',
            '"ACME"',
            '"annual-results"',
        ]
    ),
)
MANIFEST_KEYS = st.sampled_from(
    ["file", "issuer", "kind", "period_end", "published_on", "basis", "title", "other"]
)


@SETTINGS
@given(st.lists(st.dictionaries(MANIFEST_KEYS, MANIFEST_VALUES, max_size=6), max_size=3))
def test_manifest__any_entries_give_files_inside_the_folder_or_one_line(
    entries: list[dict[str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "manifests"
        (folder / "sub").mkdir(parents=True)
        (folder / "doc.json").write_text("{}")
        (Path(tmp) / "doc.json").write_text("{}")
        text = "".join(
            "[[disclosure]]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items())
            for entry in entries
        )
        path = folder / "manifest.toml"
        path.write_text(text)
        try:
            result = read_manifest(path)
        except ExtractError as exc:
            assert str(exc).startswith(str(path))
            assert "\n" not in str(exc)
            return
        for entry in result:
            assert entry.path.is_relative_to(folder.resolve())
            assert entry.path.is_file()


@SETTINGS
@given(st.binary(max_size=500))
def test_manifest__any_bytes_give_entries_or_one_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manifest.toml"
        path.write_bytes(data)
        try:
            read_manifest(path)
        except ExtractError as exc:
            assert "\n" not in str(exc)
