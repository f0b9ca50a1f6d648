"""Test helpers: run the CLI in a temporary home, build small structured disclosures."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from ledger.cli.main import cli
from ledger.domain.issuers import IssuerDirectory
from ledger.ingest.manifest import read_manifest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIRST_REPORTED = SAMPLES / "oneconnect-fy2023-results-2024-03-18.json"
RE_PRESENTED = SAMPLES / "oneconnect-fy2024-annual-results-2025-03-18.json"
#: The issuers of the samples, as their manifest declares them.
SAMPLE_ISSUERS: IssuerDirectory = read_manifest(SAMPLES / "manifest.toml").issuers


def run(home: Path, *args: str) -> Result:
    """Run ``ledger --home HOME ARGS...`` and return click's result."""
    return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)


def stored_events(home: Path) -> int:
    """How many events the SQLite store under ``home`` holds (0 when there is none)."""
    path = home / "events.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "stored_events" not in tables:
            return 0
        return int(con.execute("SELECT count(*) FROM stored_events").fetchone()[0])


def home_fingerprint(home: Path) -> dict[str, str]:
    """sha256 of every file under ``home``: equal fingerprints mean nothing was written."""
    if not home.exists():
        return {}
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file()
    }


def described(issuer: str) -> dict[str, Any]:
    """The keys a structured disclosure describes a sample issuer with (so a fresh ledger
    registers it with the document)."""
    info = SAMPLE_ISSUERS.resolve(issuer)
    return {
        "issuer": info.id,
        "issuer_name": info.name,
        "issuer_aliases": list(info.aliases),
        "fiscal_year_end": info.fiscal_year_end,
    }


def disclosure(**overrides: Any) -> dict[str, Any]:
    """A minimal valid structured disclosure; keyword arguments replace top-level parts."""
    doc: dict[str, Any] = {
        "format": "ledger-disclosure/1",
        "disclosure": {
            **described("oneconnect"),
            "kind": "annual-results",
            "period_end": "2023-12-31",
            "published_on": "2024-03-18",
            "source": {"file": "example.txt", "sha256": "a" * 64},
            "currency": "RMB",
            "scale": 3,
        },
        "facts": [
            {
                "concept": "ifrs-full:Revenue",
                "period": "FY2023",
                "value": "3667508",
                "unit": "RMB",
                "line": 18,
                "label": "Total",
                "raw": "3,667,508",
            }
        ],
    }
    doc.update(overrides)
    return doc


def fact(concept: str, period: str, value: str, line: int, **extra: Any) -> dict[str, Any]:
    """One fact of a structured disclosure (RMB, the document's scale, label from the name)."""
    return {
        "concept": concept,
        "period": period,
        "value": value,
        "unit": "RMB",
        "line": line,
        "label": concept.split(":")[1],
        **extra,
    }


def dated_disclosure(
    index: int,
    published_on: str,
    facts: list[dict[str, Any]],
    *,
    issuer: str = "oneconnect",
    **extra: Any,
) -> dict[str, Any]:
    """Disclosure number ``index`` (its own source file and sha256) published on a date."""
    doc = disclosure(facts=facts, **extra)
    doc["disclosure"].update(
        **described(issuer),
        published_on=published_on,
        source={"file": f"doc{index}.txt", "sha256": f"{index:064x}"},
    )
    return doc


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
