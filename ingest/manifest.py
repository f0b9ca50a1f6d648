"""Read a manifest of disclosures (the format of ../shared/disclosures/manifest.toml).

```toml
[[issuer]]                                         # optional: issuers to register
id = "oneconnect"
name = "OneConnect Financial Technology Co., Ltd."
aliases = ["6638", "OCFT"]                         # stock codes, tickers, CIK, other names
fiscal_year_end = "12-31"                          # MM-DD, default 12-31

[[disclosure]]
file = "oneconnect-fy2023-results-2024-03-18.txt"   # or a structured .json file
issuer = "oneconnect"
kind = "annual-results"
period_end = 2023-12-31
published_on = 2024-03-18
basis = "as originally reported"                   # free text, kept for the reader
```

Paths are relative to the manifest's folder and may not leave it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from ledger.domain.drafts import DISCLOSURE_KINDS
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerDirectory, IssuerInfo
from ledger.domain.values import parse_date

from .errors import ExtractError
from .extractor.reading.text import read_bytes

_KNOWN_KEYS = {"file", "issuer", "kind", "period_end", "published_on", "basis", "title"}
_ISSUER_KEYS = {"id", "name", "aliases", "fiscal_year_end"}


@attrs.frozen
class ManifestEntry:
    """One document listed in a manifest, with the metadata the manifest states for it."""

    path: Path
    issuer: str | None = None
    kind: str | None = None
    period_end: date | None = None
    published_on: date | None = None
    basis: str = ""

    def overrides(self) -> dict[str, Any]:
        """The metadata the entry sets, to apply over what the document itself says."""
        stated = {
            "issuer": self.issuer,
            "kind": self.kind,
            "period_end": self.period_end,
            "published_on": self.published_on,
        }
        return {k: v for k, v in stated.items() if v is not None}


@attrs.frozen
class Manifest:
    """A manifest: the documents it lists and the issuers it declares."""

    entries: tuple[ManifestEntry, ...]
    issuers: IssuerDirectory = IssuerDirectory()

    def __iter__(self) -> Iterator[ManifestEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def read_manifest(path: Path) -> Manifest:
    """Parse and validate a manifest; every entry's file must exist inside its folder.

    Raises:
        ExtractError: one line naming the manifest (and entry) and the problem.
    """
    name = str(path)
    raw = read_bytes(path, kind="manifest", missing="no such manifest")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExtractError(name, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ExtractError(name, f"is not valid TOML ({_one_line(str(exc))})") from None
    issuers = _issuers(name, data.get("issuer", []))
    entries = data.get("disclosure")
    if not isinstance(entries, list) or not entries:
        raise ExtractError(name, "lists no [[disclosure]] entries")
    folder = path.resolve().parent
    seen: set[Path] = set()
    result = []
    for i, entry in enumerate(entries):
        where = f"{name}: disclosure[{i}]"
        try:
            parsed = _entry(entry, folder)
        except LedgerError as exc:
            raise ExtractError(where, str(exc)) from None
        if parsed.path in seen:
            raise ExtractError(where, f"lists {parsed.path.name} a second time")
        seen.add(parsed.path)
        result.append(parsed)
    return Manifest(tuple(result), issuers)


def _issuers(name: str, tables: Any) -> IssuerDirectory:
    if not isinstance(tables, list):
        raise ExtractError(name, "issuer: must be [[issuer]] tables")
    directory = IssuerDirectory()
    for i, table in enumerate(tables):
        where = f"{name}: issuer[{i}]"
        try:
            directory = directory.with_issuer(_issuer(table))
        except LedgerError as exc:
            raise ExtractError(where, str(exc)) from None
    return directory


def _issuer(table: Any) -> IssuerInfo:
    if not isinstance(table, dict):
        raise LedgerError("must be a table")
    unknown = set(table) - _ISSUER_KEYS
    if unknown:
        raise LedgerError(f"unknown key {sorted(unknown)[0]!r}")
    for key in ("id", "name"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise LedgerError(f"{key}: must be a non-empty string")
    aliases = table.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str | int) for a in aliases):
        raise LedgerError("aliases: must be a list of strings")
    year_end = table.get("fiscal_year_end", "12-31")
    if not isinstance(year_end, str):
        raise LedgerError("fiscal_year_end: must be a string like 08-31")
    return IssuerInfo(
        id=table["id"].strip(),
        name=" ".join(table["name"].split()),
        aliases=tuple(str(a) for a in aliases),
        fiscal_year_end=year_end,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _entry(entry: Any, folder: Path) -> ManifestEntry:
    if not isinstance(entry, dict):
        raise LedgerError("must be a table")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise LedgerError(f"unknown key {sorted(unknown)[0]!r}")
    file = entry.get("file")
    if not isinstance(file, str) or not file.strip():
        raise LedgerError("file: must be a non-empty string")
    try:
        target = (folder / file).resolve()
        if not target.is_relative_to(folder):
            raise LedgerError(f"file: {file!r} points outside the manifest's folder")
        if not target.is_file():
            raise LedgerError(f"file: {file!r} does not exist")
    except OSError as exc:  # a name too long for the file system, a NUL byte...
        raise LedgerError(
            f"file: {_one_line(file)[:80]!r} cannot be used ({exc.strerror})"
        ) from None
    except ValueError as exc:  # "embedded null byte"
        raise LedgerError(f"file: {_one_line(file)[:80]!r} cannot be used ({exc})") from None
    issuer = entry.get("issuer")
    # Resolved later, against the store's issuers and the manifest's own [[issuer]] tables.
    if issuer is not None and (not isinstance(issuer, str) or not issuer.strip()):
        raise LedgerError("issuer: must be a non-empty string")
    kind = entry.get("kind")
    if kind is not None and kind not in DISCLOSURE_KINDS:
        raise LedgerError(f"kind: {kind!r} is not one of {', '.join(DISCLOSURE_KINDS)}")
    return ManifestEntry(
        path=target,
        issuer=issuer,
        kind=kind,
        period_end=_date("period_end", entry.get("period_end")),
        published_on=_date("published_on", entry.get("published_on")),
        basis=str(entry.get("basis", "")),
    )


def _date(field: str, value: Any) -> date | None:
    # TOML has a native date type; a quoted "2024-03-18" is accepted too.
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except LedgerError as exc:
            raise LedgerError(f"{field}: {exc}") from None
    raise LedgerError(f"{field}: must be a date like 2024-03-18")
