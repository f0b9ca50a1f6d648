"""Facts as xBRL-JSON (the OIM JSON syntax of XBRL, REC 2021-10-13): the pure mapping, no I/O.

One projection row (a fact as at a date) becomes one OIM fact:

- ``concept``: our concept name is already a prefixed QName (``ifrs-full:Revenue``; ``ext:`` and
  ``esg:`` are our own namespaces, declared in :data:`NAMESPACES`).
- ``entity``: ``hkex:06638``: the issuer's Hong Kong stock code from the issuer registry, written
  with HKEX's five digits, under the scheme ``http://www.hkex.com.hk``.
- ``period``: OIM dates are end-of-day instants written as the next midnight, so FY2023 is
  ``2023-01-01T00:00:00/2024-01-01T00:00:00`` and the instant 2023-12-31 is
  ``2024-01-01T00:00:00``.
- ``unit``: from :data:`UNITS` (RMB is ``iso4217:CNY``, RMB/share ``iso4217:CNY/xbrli:shares``);
  a unit missing from the table is an error, never guessed. Percentages are pure numbers in
  XBRL, so 36.8 % is reported as ``0.368`` with two more decimals, and OIM writes a pure unit
  by leaving the ``unit`` dimension out.
- ``value``: the figure in its unit (3,667,508 printed in RMB'000 is ``"3667508000"``), as a
  canonical decimal string; ``decimals`` is our ``decimals`` column, which is already relative
  to the unit (-3 for thousands).
- taxonomy-defined dimensions: each ``axis=member`` of our ``dimensions`` becomes an explicit
  dimension ``{"ext:CustomerAxis": "ext:ThirdPartyMember"}``; the names are built from the axis
  and the member as printed (words capitalised and joined), and the exact text is kept in the
  fact's ``ledger:dimensions`` property.

Each fact also carries where it comes from, as OIM extension properties: ``ledger:document``,
``ledger:line`` and ``ledger:publishedOn``. Fact ids are ``f-<series id>``: the same fact series
has the same id in every export.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledger.domain.errors import LedgerError
from ledger.domain.values import Dimensions

DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
#: The IFRS Accounting Taxonomy our ``ifrs-full`` concepts are named after, and its entry point.
IFRS_NAMESPACE = "https://xbrl.ifrs.org/taxonomy/2023-03-23/ifrs-full"
IFRS_ENTRY_POINT = "https://xbrl.ifrs.org/taxonomy/2023-03-23/full_ifrs_entry_point_2023-03-23.xsd"
ENTITY_SCHEME = "http://www.hkex.com.hk"

#: Prefix -> namespace of every QName an export may contain. ``ext`` (extension concepts, our
#: axes, members and measures), ``esg`` (sustainability concepts) and ``ledger`` (extension
#: properties of the report) are ours, under the reserved ``.invalid`` domain the ledger
#: already uses for its own identifiers.
NAMESPACES: dict[str, str] = {
    "xbrl": "https://xbrl.org/2021",
    "xbrli": "http://www.xbrl.org/2003/instance",
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "utr": "http://www.xbrl.org/2009/utr",
    "ifrs-full": IFRS_NAMESPACE,
    "ext": "https://ledger.invalid/taxonomy/ext",
    "esg": "https://ledger.invalid/taxonomy/esg",
    "hkex": ENTITY_SCHEME,
    "ledger": "https://ledger.invalid/xbrl-json",
}

#: Our units -> OIM unit strings (``None``: pure, written by omitting the unit). Measures come
#: from ISO 4217 and the XBRL Units Registry (utr) where it has one usable as a numerator;
#: counted things (persons, customers...) and ADS get a measure of our own, so per-person
#: intensities divide by the same measure. Every unit maps back to exactly one of ours except
#: pure, which is both a percentage and a bare count, as in XBRL (the concept tells which).
UNITS: dict[str, str | None] = {
    "RMB": "iso4217:CNY",
    "HKD": "iso4217:HKD",
    "USD": "iso4217:USD",
    "RMB/share": "iso4217:CNY/xbrli:shares",
    "RMB/ADS": "iso4217:CNY/ext:ADS",
    "shares": "xbrli:shares",
    "%": None,
    "count": None,
    "MWh": "utr:MWh",
    "MWh/person": "utr:MWh/ext:Person",
    "tCO2e": "utr:tCO2e",
    "tCO2e/person": "utr:tCO2e/ext:Person",
    "tons": "utr:t",
    "tons/person": "utr:t/ext:Person",
    "persons": "ext:Person",
    "person-times": "ext:PersonTime",
    "customers": "ext:Customer",
    "suppliers": "ext:Supplier",
    # The registry's hour and day (utr:H, utr:D) are for denominators only.
    "hours": "ext:Hour",
    "days": "ext:Day",
    "times/year": "ext:Occurrence/utr:Y",
}
#: Units whose figures are percentages: XBRL reports them as pure ratios (36.8 % -> 0.368).
PERCENT_UNITS = frozenset({"%"})


class XbrlMappingError(LedgerError):
    """A fact cannot be written as xBRL-JSON (unknown unit, issuer without a stock code...)."""


def oim_unit(unit: str) -> str | None:
    """The OIM unit string of one of our units (``None`` for pure).

    Raises:
        XbrlMappingError: the unit has no mapping in :data:`UNITS`.
    """
    try:
        return UNITS[unit]
    except KeyError:
        msg = f"unit {unit!r} has no xBRL mapping (add it to UNITS in projections/xbrl.py)"
        raise XbrlMappingError(msg) from None


def oim_entity(issuer: str, aliases: Sequence[str] | None) -> str:
    """``hkex:06638``: the issuer's HKEX stock code (five digits) as an OIM entity.

    Raises:
        XbrlMappingError: none of the issuer's registered aliases is a stock code.
    """
    codes = [alias for alias in aliases or () if alias.isdigit() and len(alias) <= 5]
    if not codes:
        msg = f"issuer {issuer!r} has no HKEX stock code among its aliases: no xBRL entity"
        raise XbrlMappingError(msg)
    return f"hkex:{int(codes[0]):05d}"


def oim_period(start: date | None, end: date) -> str:
    """An OIM period: ``start/end`` (or one instant), each date's end written as the next
    midnight."""

    def end_of(day: date) -> str:
        # The last day of the calendar has no next midnight in Python's dates: XML Schema's
        # 24:00:00 of that day is the same instant.
        if day == date.max:
            return f"{day.isoformat()}T24:00:00"
        return f"{(day + timedelta(days=1)).isoformat()}T00:00:00"

    if start is None:
        return end_of(end)
    return f"{start.isoformat()}T00:00:00/{end_of(end)}"


def canonical_decimal(value: Decimal) -> str:
    """The canonical xs:decimal form: ``3667508000.0000000000`` -> ``3667508000``."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def oim_value(value: Decimal, unit: str, decimals: int) -> tuple[str, int]:
    """The fact's value string and decimals (percentages as ratios: 36.8, 1 -> 0.368, 3)."""
    if unit in PERCENT_UNITS:
        return canonical_decimal(value.scaleb(-2)), decimals + 2
    return canonical_decimal(value), decimals


def _name(text: str) -> str:
    """Words of ``text`` capitalised and joined: ``third-party`` -> ``ThirdParty``."""
    words = re.findall(r"[^\W_]+", text)
    return "".join(word[:1].upper() + word[1:] for word in words)


def _ncname(local: str) -> str:
    # An NCName starts with a letter or an underscore ("3C high-tech" -> "_3CHighTechMember").
    return local if local[:1].isalpha() else "_" + local


def axis_qname(axis: str) -> str:
    """``service_line`` -> ``ext:ServiceLineAxis``."""
    return "ext:" + _ncname(_name(axis) + "Axis")


def member_qname(member: str) -> str:
    """``Ping An Group`` -> ``ext:PingAnGroupMember``."""
    return "ext:" + _ncname(_name(member) + "Member")


def parse_dimensions(text: str) -> list[tuple[str, str]]:
    """Our ``axis=member;axis=member`` text (``Dimensions.key``) as pairs (``''``: none)."""
    try:
        return list(Dimensions.parse(text).items)
    except ValueError:
        raise XbrlMappingError(f"dimensions {text!r}: not axis=member;axis=member") from None


def oim_dimensions(text: str, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Our dimensions as OIM taxonomy-defined (explicit) dimensions.

    Args:
        names: qnames of axes and members given by :func:`distinct_names` (others get
            :func:`axis_qname` and :func:`member_qname`).
    """
    named = names or {}
    return {
        named.get(f"axis:{axis}") or axis_qname(axis): (
            named.get(f"member:{member}") or member_qname(member)
        )
        for axis, member in parse_dimensions(text)
    }


def distinct_names(dimension_keys: Iterable[str]) -> dict[str, str]:
    """Qnames for the axes and members of ``dimension_keys`` that would share one.

    The readable qnames drop punctuation and case ("Ping An Group" and "Ping An, Group" are
    both ``ext:PingAnGroupMember``), which would merge two series into one xBRL fact. Given the
    dimensions of the facts that would merge, texts that share a readable qname each get the
    first 8 hex digits of their sha256 appended (``ext:PingAnGroupMember_3f2a09c1``), in every
    fact of the report; a report without such facts keeps the readable names.

    Returns:
        ``{"axis:TEXT" or "member:TEXT": qname}`` for the clashing texts only.
    """
    groups: dict[str, set[str]] = {}
    for key in set(dimension_keys):
        for axis, member in parse_dimensions(key):
            groups.setdefault(axis_qname(axis), set()).add(f"axis:{axis}")
            groups.setdefault(member_qname(member), set()).add(f"member:{member}")
    names = {}
    for qname, texts in groups.items():
        if len(texts) > 1:
            for text in texts:
                digest = hashlib.sha256(text.partition(":")[2].encode()).hexdigest()[:8]
                names[text] = f"{qname}_{digest}"
    return names


def fact_id(series_id: object) -> str:
    """A fact id that is the same in every export of the series (an NCName)."""
    return f"f-{series_id}"


def oim_fact(row: Mapping[str, Any], names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One fact as at a date (a ``facts_as_at`` row) as an OIM fact object (``names``: see
    :func:`oim_dimensions`)."""
    value, decimals = oim_value(row["value"], row["unit"], row["decimals"])
    dimensions: dict[str, str] = {
        "concept": row["concept"],
        "entity": oim_entity(row["issuer"], row.get("issuer_aliases")),
        "period": oim_period(row["period_start"], row["period_end"]),
    }
    unit = oim_unit(row["unit"])
    if unit is not None:
        dimensions["unit"] = unit
    dimensions.update(oim_dimensions(row["dimensions"], names))
    fact: dict[str, Any] = {"value": value, "decimals": decimals, "dimensions": dimensions}
    if row["dimensions"]:
        fact["ledger:dimensions"] = row["dimensions"]
    fact["ledger:publishedOn"] = row["published_on"].isoformat()
    fact["ledger:document"] = row["document"]
    fact["ledger:line"] = row["line"]
    if row.get("page") is not None:  # a PDF document's printed page
        fact["ledger:page"] = row["page"]
    return fact


def report(rows: Iterable[Mapping[str, Any]], as_at: date) -> dict[str, Any]:
    """An xBRL-JSON report of ``rows`` (facts as at ``as_at``, each with a ``series_id``).

    Raises:
        XbrlMappingError: a row cannot be mapped, or two rows would be the same OIM fact
            (same concept, entity, period, unit and dimensions): XBRL would read them as
            duplicates of each other.
    """
    facts: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[tuple[str, str], ...], str] = {}
    rows = list(rows)
    names = distinct_names(_clashing_dimensions(rows))
    for row in rows:
        fact = oim_fact(row, names)
        key = tuple(sorted(fact["dimensions"].items()))
        if key in seen:
            msg = (
                f"two facts map to the same xBRL fact: {seen[key]} and "
                f"{_describe(row)} ({', '.join(f'{k}={v}' for k, v in key)})"
            )
            raise XbrlMappingError(msg)
        seen[key] = _describe(row)
        facts[fact_id(row["series_id"])] = fact
    return {
        "documentInfo": {
            "documentType": DOCUMENT_TYPE,
            "namespaces": dict(NAMESPACES),
            "taxonomy": [IFRS_ENTRY_POINT],
            "ledger:asAt": as_at.isoformat(),
        },
        "facts": facts,
    }


def _clashing_dimensions(rows: list[Mapping[str, Any]]) -> Iterator[str]:
    """The dimensions of the rows that would be one OIM fact with the readable qnames."""
    groups: dict[tuple[tuple[str, str], ...], set[str]] = {}
    for row in rows:
        key = tuple(sorted(oim_fact(row)["dimensions"].items()))
        groups.setdefault(key, set()).add(row["dimensions"])
    for dimensions in groups.values():
        if len(dimensions) > 1:
            yield from dimensions


def _describe(row: Mapping[str, Any]) -> str:
    dims = f" [{row['dimensions']}]" if row["dimensions"] else ""
    return f"{row['issuer']} {row['concept']} {row['period']}{dims} ({row['unit']})"
