"""The CLI error catalogue: every refused input exits 1 with one line, and the store is unchanged.

Each case runs `ledger ingest` on a ledger that already holds the first OneConnect document (so
"unchanged" is a real claim), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ..helpers import FIRST_REPORTED, RE_PRESENTED, disclosure, home_fingerprint, run, write_json
from .conftest import _postgres_connection
from .stores import Backend, PostgresBackend, SqliteBackend

MANIFEST_ENTRY = """
[[disclosure]]
file = "{file}"
issuer = "oneconnect"
kind = "annual-results"
period_end = 2023-12-31
published_on = {published_on}
"""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def recorded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """A store holding the first OneConnect document (shared by every case of one backend)."""
    home = tmp_path_factory.mktemp(request.param) / "home"
    if request.param == "sqlite":
        store: Backend = SqliteBackend(home)
        con = None
    else:
        con = _postgres_connection()
        schema = f"ledger_cat_{uuid.uuid4().hex[:12]}"
        con.execute(f'CREATE SCHEMA "{schema}"')  # type: ignore[attr-defined]
        store = PostgresBackend(home, schema)
    try:
        result = run(home, *store.args[2:], "ingest", str(FIRST_REPORTED))
        assert result.exit_code == 0, result.output
        yield store
    finally:
        if con is not None:
            con.execute(f'DROP SCHEMA "{store.schema}" CASCADE')  # type: ignore[attr-defined]
            con.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of broken inputs, built once."""
    d = tmp_path_factory.mktemp("inputs")
    (d / "folder.json").mkdir()
    (d / "folder.txt").mkdir()
    for suffix in (".json", ".txt"):
        (d / f"binary{suffix}").write_bytes(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
        )
        (d / f"empty{suffix}").write_bytes(b"")
        (d / f"blank{suffix}").write_bytes(b" \n\t\n")
        (d / f"latin1{suffix}").write_bytes(
            "Chiffre d'affaires \xe9t\xe9 2023: 3 667 508\n".encode("latin-1")
        )
    (d / "truncated.json").write_text(FIRST_REPORTED.read_text()[:500])
    write_json(
        d / "unknown-issuer.json",
        disclosure(
            disclosure={**disclosure()["disclosure"], "issuer": "acme", "issuer_name": None}
        ),
    )
    for name, value in (("invalid-date", "18/03/2024"), ("impossible-date", "2024-02-30")):
        doc = disclosure()
        doc["disclosure"]["published_on"] = value
        write_json(d / f"{name}.json", doc)
    (d / "bad.toml").write_text(
        '[[disclosure]]\nfile = "x.json"\npublished_on = 2024-03-18\nissuer = \n'
    )
    outside = d / "manifests"
    outside.mkdir()
    (outside / "outside.toml").write_text(
        MANIFEST_ENTRY.format(file="../unknown-issuer.json", published_on="2024-03-18")
    )
    (outside / "impossible-date.toml").write_text(
        MANIFEST_ENTRY.format(file="doc.json", published_on='"2023-02-29"')
    )
    shutil.copy(FIRST_REPORTED, outside / "doc.json")
    shutil.copy(FIRST_REPORTED, outside / "copy-of-doc.json")
    (outside / "two-dates.toml").write_text(
        MANIFEST_ENTRY.format(file="doc.json", published_on="2024-03-18")
        + MANIFEST_ENTRY.format(file="copy-of-doc.json", published_on="2024-03-19")
    )
    (outside / "long-name.toml").write_text(
        MANIFEST_ENTRY.format(file="x" * 3000, published_on="2024-03-18")
    )
    (outside / "unknown-issuer.toml").write_text(
        MANIFEST_ENTRY.format(file="doc.json", published_on="2024-03-18").replace(
            'issuer = "oneconnect"', 'issuer = "acme"'
        )
    )
    return d


def files_of(store: Backend) -> dict[str, str]:
    """The home's files, by content. SQLite's -wal/-shm side files come and go as connections
    close (the stored events themselves are compared row by row)."""
    return {
        name: digest
        for name, digest in home_fingerprint(store.home).items()
        if not name.endswith(("-wal", "-shm"))
    }


# (case id, command arguments given the inputs folder, expected message start)
CASES: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("missing-json", lambda d: [str(d / "missing.json")], "{d}/missing.json: no such file"),
    ("missing-txt", lambda d: [str(d / "missing.txt")], "{d}/missing.txt: no such file"),
    ("directory-json", lambda d: [str(d / "folder.json")], "{d}/folder.json: is a directory"),
    ("directory-txt", lambda d: [str(d / "folder.txt")], "{d}/folder.txt: is a directory"),
    ("binary-json", lambda d: [str(d / "binary.json")], "{d}/binary.json: is not UTF-8"),
    ("binary-txt", lambda d: [str(d / "binary.txt")], "{d}/binary.txt: is "),
    ("empty-json", lambda d: [str(d / "empty.json")], "{d}/empty.json: is empty"),
    ("empty-txt", lambda d: [str(d / "empty.txt")], "{d}/empty.txt: is empty"),
    ("blank-json", lambda d: [str(d / "blank.json")], "{d}/blank.json: is empty"),
    ("blank-txt", lambda d: [str(d / "blank.txt")], "{d}/blank.txt: is empty"),
    ("non-utf8-json", lambda d: [str(d / "latin1.json")], "{d}/latin1.json: is not UTF-8"),
    ("non-utf8-txt", lambda d: [str(d / "latin1.txt")], "{d}/latin1.txt: is not UTF-8"),
    ("truncated-json", lambda d: [str(d / "truncated.json")], "{d}/truncated.json:"),
    (
        "malformed-toml",
        lambda d: ["--manifest", str(d / "bad.toml")],
        "{d}/bad.toml: is not valid TOML",
    ),
    (
        "manifest-entry-outside-folder",
        lambda d: ["--manifest", str(d / "manifests/outside.toml")],
        "{d}/manifests/outside.toml: disclosure[0]: file: '../unknown-issuer.json' points outside",
    ),
    (
        "manifest-entry-name-too-long",
        lambda d: ["--manifest", str(d / "manifests/long-name.toml")],
        "{d}/manifests/long-name.toml: disclosure[0]: file: 'xxxx",
    ),
    ("unknown-issuer-json", lambda d: [str(d / "unknown-issuer.json")], "{d}/unknown-issuer.json:"),
    (
        "unknown-issuer-option",
        lambda d: [str(RE_PRESENTED), "--issuer", "ACME"],
        "",
    ),
    (
        "unknown-issuer-manifest",
        lambda d: ["--manifest", str(d / "manifests/unknown-issuer.toml")],
        "{d}/manifests/doc.json: disclosure.issuer: unknown issuer 'acme';",
    ),
    ("invalid-date-json", lambda d: [str(d / "invalid-date.json")], "{d}/invalid-date.json:"),
    (
        "impossible-date-json",
        lambda d: [str(d / "impossible-date.json")],
        "{d}/impossible-date.json: disclosure.published_on: '2024-02-30' is not a valid date",
    ),
    (
        "impossible-date-manifest",
        lambda d: ["--manifest", str(d / "manifests/impossible-date.toml")],
        "{d}/manifests/impossible-date.toml: disclosure[0]: published_on: '2023-02-29' is not "
        "a valid date",
    ),
    (
        "two-dates-in-one-command",
        lambda d: ["--manifest", str(d / "manifests/two-dates.toml")],
        "",
    ),
    (
        "second-date-for-a-recorded-document",
        lambda d: [str(FIRST_REPORTED), "--published-on", "2024-03-19"],
        "",
    ),
]


@pytest.mark.parametrize(("case", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_ingest__refused_input_exits_1_with_one_line_and_changes_nothing(
    recorded: Backend, inputs: Path, case: str, args: Callable[[Path], list[str]], expected: str
) -> None:
    rows, files = recorded.rows(), files_of(recorded)
    result = run(recorded.home, *recorded.args[2:], "ingest", *args(inputs))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: " + expected.format(d=inputs)), lines[0]
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert recorded.rows() == rows
    assert files_of(recorded) == files


def test_ingest__two_dates_for_one_document_name_both(recorded: Backend, inputs: Path) -> None:
    result = run(
        recorded.home,
        *recorded.args[2:],
        "ingest",
        "--manifest",
        str(inputs / "manifests/two-dates.toml"),
    )
    assert "published on 2024-03-18" in result.stderr and "2024-03-19" in result.stderr
    result = run(
        recorded.home,
        *recorded.args[2:],
        "ingest",
        str(FIRST_REPORTED),
        "--published-on",
        "2024-03-19",
    )
    assert "already recorded as published on 2024-03-18, not 2024-03-19" in result.stderr


def test_ingest__impossible_date_option_is_a_usage_error(recorded: Backend) -> None:
    # Command-line values are usage errors (exit 2, design notes section 7), still one line.
    result = run(
        recorded.home,
        *recorded.args[2:],
        "ingest",
        str(RE_PRESENTED),
        "--published-on",
        "2025-02-29",
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '--published-on'")


def test_errors__never_show_store_credentials(tmp_path: Path) -> None:
    url = "postgresql://auditor:s3cret-pw@127.0.0.1:1/nowhere?schema=x&connect_timeout=1"
    for args in (("ingest", str(FIRST_REPORTED)), ("verify",), ("replay",)):
        result = run(tmp_path, "--store", url, "-v", *args)
        assert result.exit_code == 1
        assert "s3cret-pw" not in result.output and "auditor" not in result.output
        assert result.stderr.splitlines()[-1].startswith(
            "Error: cannot open the event store at postgresql://127.0.0.1:1/nowhere?schema=x"
        )
