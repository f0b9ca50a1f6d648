"""The SEC's companyfacts JSON: every value of one filer, each tagged with the filing that
stated it (``accn``, ``form``, ``filed``). One draft per accession.

companyfacts keeps undimensioned facts only and states no precision: a filing's precision per
unit is inferred as in FSDS (the coarsest rounding all its figures share). A fact's provenance
is its place in the file: ``facts.<taxonomy>.<concept>.units.<unit>[i]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.domain.drafts import DisclosureDraft
from ledger.domain.errors import LedgerError
from ledger.domain.values import Dimensions, Fact, Period, parse_date

from ..errors import ExtractError
from .filings import (
    ACCESSION,
    Filing,
    filer_info,
    filing_currency,
    inferred_decimals,
    merge_duplicates,
    plain,
    source_ref,
)

_HEAD = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{.*"(cik|entityName|facts)"\s*:', re.S)
REQUIRED = ("end", "val", "accn", "form", "filed")
#: The digits a figure may have, as for FSDS values: beyond them it is no amount.
_DIGITS = 28


def is_companyfacts(path: Path) -> bool:
    """A JSON object with ``cik``, ``entityName`` and ``facts`` near its start (after a
    UTF-8 BOM, which Windows tools write)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as file:
            head = file.read(2048)
    except OSError:
        return False
    return _HEAD.match(head) is not None and b'"format"' not in head


def read_companyfacts(path: Path) -> list[DisclosureDraft]:
    """One draft per filing the file's values name, in filing order.

    Raises:
        ExtractError: not JSON, or a value missing a field or holding a bad one, named by its
            JSON path.
    """
    name = str(path)
    try:
        document = json.loads(path.read_bytes(), parse_float=Decimal)
    except OSError as exc:
        raise ExtractError(name, f"cannot be read ({exc.strerror})") from None
    except ValueError as exc:
        raise ExtractError(name, f"is not valid JSON ({exc})") from None
    if not isinstance(document, Mapping) or not isinstance(document.get("facts"), Mapping):
        raise ExtractError(name, "facts: is missing (not a companyfacts file)")
    cik = str(document.get("cik", "")).strip()
    if not cik.isdigit():
        raise ExtractError(name, f"cik: {document.get('cik')!r} is not a CIK")
    filer = filer_info(cik, str(document.get("entityName") or ""))
    filings: dict[str, dict[str, Any]] = {}
    position = 0
    for taxonomy, concepts in _items(name, "facts", document["facts"]):
        for concept, body in _items(name, f"facts.{taxonomy}", concepts):
            where = f"facts.{taxonomy}.{concept}"
            units = body.get("units") if isinstance(body, Mapping) else None
            for unit, values in _items(name, f"{where}.units", units):
                if not isinstance(values, list):
                    raise ExtractError(name, f"{where}.units.{unit}: must be a list")
                for i, item in enumerate(values):
                    position += 1
                    path_ = f"{where}.units.{unit}[{i}]"
                    row = _row(name, path_, item)
                    filing = filings.setdefault(row["accn"], {"rows": [], "form": row["form"]})
                    if filing.setdefault("filed", row["filed"]) != row["filed"]:
                        msg = f"{path_}.filed: {row['filed']} but {row['accn']} is filed elsewhere"
                        raise ExtractError(name, f"{msg} on {filing['filed']}")
                    label = body.get("label") or concept
                    filing["rows"].append((taxonomy, concept, unit, row, position, path_, label))
    drafts = [
        _draft(name, path.name, accession, filing, filer)
        for accession, filing in sorted(filings.items(), key=lambda f: (f[1]["filed"], f[0]))
    ]
    return drafts


def _items(name: str, where: str, value: Any) -> list[tuple[str, Any]]:
    if not isinstance(value, Mapping):
        raise ExtractError(name, f"{where}: must be an object")
    return list(value.items())


def _row(name: str, where: str, item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        raise ExtractError(name, f"{where}: must be an object")
    for field in REQUIRED:
        if item.get(field) in (None, ""):
            raise ExtractError(name, f"{where}: has no {field!r}")
    value = item["val"]
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ExtractError(name, f"{where}.val: {value!r} is not a number")
    # Parsed as Decimal from the JSON text (no binary float between), written plain:
    # 1.5e9 is 1500000000, 0.25 stays 0.25.
    value = plain(Decimal(value))
    if value.adjusted() >= _DIGITS:
        raise ExtractError(name, f"{where}.val: {value} has more than {_DIGITS} digits")
    accession = str(item["accn"])
    if not ACCESSION.match(accession):
        raise ExtractError(name, f"{where}.accn: {accession!r} is not an accession number")
    try:
        end = parse_date(str(item["end"]))
        start = parse_date(str(item["start"])) if item.get("start") else None
        filed = parse_date(str(item["filed"]))
        period = Period(start=start, end=end)
    except LedgerError as exc:
        raise ExtractError(name, f"{where}: {exc}") from None
    return {
        "period": period,
        "value": value,
        "accn": accession,
        "form": str(item["form"]),
        "filed": filed,
    }


def _draft(
    name: str, file: str, accession: str, filing: dict[str, Any], filer: Any
) -> DisclosureDraft:
    rows = filing["rows"]
    by_unit: dict[str, list[Decimal]] = {}
    for _, _, unit, row, *_ in rows:
        by_unit.setdefault(unit, []).append(row["value"])
    decimals = {unit: inferred_decimals(values) for unit, values in by_unit.items()}
    # The filing's period ends at its latest balance sheet date. The cover page's dei
    # figures are dated otherwise (shares outstanding at a day near filing, public float at
    # the second quarter's end) and say nothing of the period; they decide only for a filing
    # that states nothing else.
    figures = [row for taxonomy, _, _, row, *_ in rows if taxonomy != "dei"] or [
        row for _, _, _, row, *_ in rows
    ]
    ends = [row["period"].end for row in figures if row["period"].start is None]
    period_end: date = max(ends or [row["period"].end for row in figures])
    info = Filing(
        accession=accession,
        form=filing["form"],
        filed=filing["filed"],
        period_end=period_end,
        filer=filer,
        source=f"{file}#{accession}",
    )
    facts = []
    for taxonomy, concept, unit, row, position, where, label in rows:
        try:
            facts.append(
                Fact(
                    concept=f"{taxonomy}:{concept}",
                    period=row["period"],
                    dimensions=Dimensions(),
                    value=row["value"],
                    unit=unit.replace("-per-", "/"),
                    scale=0,
                    decimals=decimals[unit],
                    source=source_ref(info.source, position, str(label), where),
                )
            )
        except LedgerError as exc:
            raise ExtractError(name, f"{where}: {exc}") from None
    # companyfacts lists a value once per frame it fills: one series, one figure.
    kept, _ = merge_duplicates(facts, filer.id)
    return DisclosureDraft(
        meta=info.meta(filing_currency(f.unit for f in kept)), facts=kept, filer=filer
    )
