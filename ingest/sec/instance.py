"""An XBRL instance document (``.xml``), with the schema and linkbases beside it when present.

Read with the standard library's expat parser rather than an XBRL processor: Arelle, the
reference processor, resolves the taxonomies a filing imports from the network at run time
(or from a cache someone must fill), and the lighter readers on PyPI are thin or unmaintained.
What the ledger needs from an instance is its contexts, units and facts, plus the labels and
presentation order of the filer's own linkbases; the SEC's filing rules (EFM 6.5) keep those
plain: one context per (entity, period, explicit members), no tuples in financial data.
Expat gives each element's line, which is the facts' provenance.

The instance does not say when it was filed or under which accession: those come from
``--published-on`` or from a ``metadata.json`` beside it (``filing_date``, ``accession_no``,
``form``, ``ticker``, as EDGAR's filing index states them).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.parsers import expat

import attrs

from ledger.domain.drafts import Conflict, DisclosureDraft
from ledger.domain.errors import LedgerError
from ledger.domain.issuers import IssuerInfo
from ledger.domain.values import Dimensions, Fact, Period, parse_date

from ..errors import ExtractError
from .filings import (
    ACCESSION,
    Filing,
    accession_sha256,
    declared_restatements,
    filer_info,
    merge_duplicates,
    source_ref,
)
from .linkbases import Linkbases, read_linkbases

XBRLI = "http://www.xbrl.org/2003/instance"
IX = "http://www.xbrl.org/2013/inlineXBRL"
XBRLDI = "http://xbrl.org/2006/xbrldi"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
_NOT_FACTS = (XBRLI, LINK, XBRLDI, XLINK, IX)
_SEP = "\x1f"

#: Standard taxonomies' namespaces -> the prefixes the ledger uses, whatever a filer declared.
_STANDARD = (
    (re.compile(r"^http://fasb\.org/us-gaap/"), "us-gaap"),
    (re.compile(r"^http://fasb\.org/srt/"), "srt"),
    (re.compile(r"^http://xbrl\.sec\.gov/dei/"), "dei"),
    (re.compile(r"^https?://xbrl\.ifrs\.org/taxonomy/[^/]+/ifrs-full$"), "ifrs-full"),
)


def is_instance(path: Path) -> bool:
    """An XML file whose root element is XBRL's ``xbrl``, or an inline XBRL document (XHTML
    declaring the inline XBRL namespace)."""
    try:
        with path.open("rb") as file:
            head = file.read(65536)
    except OSError:
        return False
    if b"<" not in head:
        return False
    if IX.encode() in head and re.search(rb"<(?:[A-Za-z0-9_-]+:)?html[\s>]", head):
        return True
    return re.search(rb"<(?:[A-Za-z0-9_-]+:)?xbrl[\s>]", head[:4096]) is not None


@attrs.frozen
class _Context:
    period: Period
    dimensions: tuple[tuple[str, str], ...]
    cik: str


@attrs.define
class _Parse:
    """State of one pass of expat over an instance."""

    prefixes: dict[str, str] = attrs.Factory(dict)
    #: prefix -> namespace, to resolve the QNames inline XBRL names its facts by.
    uris: dict[str, str] = attrs.Factory(dict)
    stack: list[str] = attrs.Factory(list)
    text: list[str] = attrs.Factory(list)
    contexts: dict[str, _Context] = attrs.Factory(dict)
    units: dict[str, str] = attrs.Factory(dict)
    raw_facts: list[dict[str, Any]] = attrs.Factory(list)
    # The context or unit being read.
    current: dict[str, Any] = attrs.Factory(dict)
    fact: dict[str, Any] | None = None
    #: The open fact's text, nested elements included (inline XBRL wraps figures in spans).
    fact_text: list[str] = attrs.Factory(list)


def read_instance(path: Path, overrides: Mapping[str, Any] | None = None) -> list[DisclosureDraft]:
    """The one filing an XBRL instance holds, as a draft.

    Raises:
        ExtractError: not XML, a fact naming an undefined context or unit, a value that is not
            a number, or no filing date.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(name, f"cannot be read ({exc.strerror})") from None
    state = _parse(data, name)
    facts, conflicts = _facts(state, name, path.name)
    dei = _dei(state)
    filing = _filing(path, dei, state, data, overrides or {})
    links = read_linkbases(path, data)
    facts = [_presented(f, links) for f in facts]
    kept, rejected = merge_duplicates(facts, filing.filer.id)
    return [
        DisclosureDraft(
            meta=filing.meta("USD" if any(f.unit == "USD" for f in kept) else ""),
            facts=kept,
            restatements=declared_restatements(kept),
            conflicts=[*conflicts, *(_conflict(f, kept, filing.filer.id) for f in rejected)],
            filer=filing.filer,
            presentation=links.lines,
            calculations=links.arcs(),
        )
    ]


def _parse(data: bytes, name: str) -> _Parse:
    state = _Parse()
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True

    def start_ns(prefix: str | None, uri: str) -> None:
        state.prefixes.setdefault(uri, prefix or "")
        state.uris.setdefault(prefix or "", uri)

    def start(tag: str, attrs_: dict[str, str]) -> None:
        uri, _, local = tag.rpartition(_SEP)
        state.stack.append(tag)
        state.text = []
        depth = len(state.stack)
        if uri == XBRLI and local in ("context", "unit"):
            state.current = {
                "kind": local,
                "id": attrs_.get("id", ""),
                "line": parser.CurrentLineNumber,
                "members": [],
                "measures": [],
            }
        elif uri == XBRLDI and local in ("explicitMember", "typedMember"):
            state.current["dimension"] = attrs_.get("dimension", "")
        elif state.fact is not None:
            return  # an element inside a fact (inline XBRL's formatting)
        elif uri == IX and local in ("nonFraction", "nonNumeric") and "contextRef" in attrs_:
            prefix, _, name_ = attrs_.get("name", "").rpartition(":")
            fact = open_fact(state.uris.get(prefix, prefix), name_, attrs_, depth)
            fact["format"] = attrs_.get("format", "")
            fact["scale"] = attrs_.get("scale", "0")
            fact["sign"] = attrs_.get("sign", "")
        elif depth == 2 and uri not in _NOT_FACTS and "contextRef" in attrs_:
            open_fact(uri, local, attrs_, depth)

    def open_fact(uri: str, local: str, attrs_: dict[str, str], depth: int) -> dict[str, Any]:
        state.fact_text = []
        fact = state.fact = {
            "depth": depth,
            "uri": uri,
            "local": local,
            "context": attrs_["contextRef"],
            "unit": attrs_.get("unitRef"),
            "decimals": attrs_.get("decimals"),
            "precision": attrs_.get("precision"),
            "nil": attrs_.get(f"{XSI}{_SEP}nil", "false") in ("true", "1"),
            "line": parser.CurrentLineNumber,
        }
        return fact

    def end(tag: str) -> None:
        uri, _, local = tag.rpartition(_SEP)
        text = "".join(state.text).strip()
        depth = len(state.stack)
        state.stack.pop()
        current = state.current
        if uri == XBRLI:
            if local in ("startDate", "endDate", "instant"):
                current[local] = text
            elif local == "identifier":
                current["cik"] = text
            elif local == "measure":
                current["measures"].append((state.stack[-1].rpartition(_SEP)[2], text))
            elif local == "context":
                state.contexts[current["id"]] = _context(current, name)
            elif local == "unit":
                state.units[current["id"]] = _unit(current["measures"])
        elif uri == XBRLDI and local == "explicitMember":
            current["members"].append((current.pop("dimension", ""), text))
        elif uri == XBRLDI and local == "typedMember":
            current["members"].append((current.pop("dimension", ""), current.pop("typed", "")))
        elif state.stack and state.stack[-1].startswith(XBRLDI) and text:
            current["typed"] = text  # the typed member's value element
        if state.fact is not None and depth == state.fact["depth"]:
            state.fact["text"] = "".join(state.fact_text).strip()
            state.raw_facts.append(state.fact)
            state.fact = None
        state.text = []

    def chars(text: str) -> None:
        state.text.append(text)
        if state.fact is not None:
            state.fact_text.append(text)

    parser.StartNamespaceDeclHandler = start_ns
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    # XHTML entities (&nbsp;) are declared by a DTD expat does not read: skip them, do not fail.
    parser.UseForeignDTD(True)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ExtractError(
            name, f"is not well-formed XML ({expat.errors.messages[exc.code]})", exc.lineno
        ) from None
    return state


def _context(current: dict[str, Any], name: str) -> _Context:
    line = current["line"]
    try:
        if "instant" in current:
            period = Period(end=parse_date(current["instant"][:10]))
        elif "startDate" in current and "endDate" in current:
            # XBRL durations end at the end of endDate; an endDate with a time is rare.
            period = Period(
                start=parse_date(current["startDate"][:10]), end=parse_date(current["endDate"][:10])
            )
        else:
            raise ExtractError(name, f"context {current['id']!r} has no period", line)
    except LedgerError as exc:
        if isinstance(exc, ExtractError):
            raise
        raise ExtractError(name, f"context {current['id']!r}: {exc}", line) from None
    return _Context(period=period, dimensions=tuple(current["members"]), cik=current.get("cik", ""))


def _unit(measures: list[tuple[str, str]]) -> str:
    def bare(measure: str) -> str:
        return measure.rpartition(":")[2]

    numerator = [bare(m) for where, m in measures if where in ("unit", "unitNumerator")]
    denominator = [bare(m) for where, m in measures if where == "unitDenominator"]
    text = "*".join(numerator)
    return f"{text}/{'*'.join(denominator)}" if denominator else text


def _prefix(state: _Parse, uri: str) -> str:
    for pattern, prefix in _STANDARD:
        if pattern.match(uri):
            return prefix
    return (state.prefixes.get(uri) or "ext").lower()


def _facts(state: _Parse, name: str, document: str) -> tuple[list[Fact], list[Conflict]]:
    facts: list[Fact] = []
    for raw in state.raw_facts:
        line = raw["line"]
        concept = f"{_prefix(state, raw['uri'])}:{raw['local']}"
        context = state.contexts.get(raw["context"])
        if context is None:
            msg = f"{concept} names context {raw['context']!r}, which the instance does not define"
            raise ExtractError(name, msg, line)
        if raw["unit"] is None or raw["nil"]:
            continue  # text, dates and nil values: not figures
        unit = state.units.get(raw["unit"])
        if unit is None:
            msg = f"{concept} names unit {raw['unit']!r}, which the instance does not define"
            raise ExtractError(name, msg, line)
        try:
            value = _inline_value(raw) if "format" in raw else Decimal(raw["text"])
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            raise ExtractError(name, f"{concept} {raw['text']!r} is not a number", line) from None
        facts.append(
            Fact(
                concept=concept,
                period=context.period,
                dimensions=Dimensions(context.dimensions),
                value=value,
                unit=unit,
                scale=0,
                decimals=_decimals(raw, value),
                source=source_ref(document, line, concept, raw["text"]),
            )
        )
    return facts, []


_ZERO_FORMATS = ("fixed-zero", "zerodash", "fixedzero")


def _inline_value(raw: dict[str, Any]) -> Decimal:
    """An inline XBRL figure as displayed -> its value: the format's separators removed, times
    10^scale, negated when ``sign="-"`` (the display shows the magnitude)."""
    text, fmt = raw["text"], raw["format"].rpartition(":")[2].lower()
    if any(z in fmt for z in _ZERO_FORMATS) or text in ("-", "—", "–"):
        digits = "0"
    elif "comma-decimal" in fmt or "numcommadecimal" in fmt:
        digits = re.sub(r"[.\s\u00a0']", "", text).replace(",", ".")
    else:
        digits = re.sub(r"[,\s\u00a0']", "", text)
    value = Decimal(digits).scaleb(int(raw["scale"] or 0))
    return -value if raw["sign"] == "-" else value


def _decimals(raw: dict[str, Any], value: Decimal) -> int:
    text = raw["decimals"]
    if text and text != "INF":
        try:
            return int(text)
        except ValueError:
            pass
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _dei(state: _Parse) -> dict[str, str]:
    """The document and entity information (dei:) stated for the whole entity."""
    found: dict[str, str] = {}
    for raw in state.raw_facts:
        if _prefix(state, raw["uri"]) != "dei":
            continue
        context = state.contexts.get(raw["context"])
        if context is None or (context.dimensions and raw["local"] in found):
            continue
        if raw["local"] not in found or not context.dimensions:
            found[raw["local"]] = raw["text"]
    if "EntityCentralIndexKey" not in found:
        for context in state.contexts.values():
            if context.cik:
                found["EntityCentralIndexKey"] = context.cik
                break
    return found


def _filing(
    path: Path, dei: dict[str, str], state: _Parse, data: bytes, overrides: Mapping[str, Any]
) -> Filing:
    name = str(path)
    beside = _metadata_beside(path)
    cik = dei.get("EntityCentralIndexKey") or str(beside.get("cik", ""))
    if not cik.strip().isdigit():
        raise ExtractError(name, "names no filer (dei:EntityCentralIndexKey)")
    form = dei.get("DocumentType") or str(beside.get("form", "")) or "other"
    if dei.get("AmendmentFlag", "").lower() == "true" and not form.endswith("/A"):
        form = f"{form}/A"
    published = overrides.get("published_on") or beside.get("filing_date")
    if published is None:
        msg = "does not say when it was filed; give --published-on (the EDGAR filing date)"
        raise ExtractError(name, msg)
    try:
        filed = published if isinstance(published, date) else parse_date(str(published))
        period_end = overrides.get("period_end") or parse_date(
            dei.get("DocumentPeriodEndDate", "")[:10]
        )
    except LedgerError as exc:
        raise ExtractError(name, str(exc)) from None
    accession = str(beside.get("accession_no", ""))
    info: IssuerInfo = filer_info(
        cik,
        dei.get("EntityRegistrantName", ""),
        dei.get("TradingSymbol") or beside.get("ticker", ""),
    )
    filing = Filing(
        accession=accession if ACCESSION.match(accession) else "",
        form=form,
        filed=filed,
        period_end=period_end,
        filer=info,
        source=path.name,
        accepted=_accepted(beside, path),
    )
    if not filing.accession:
        # No accession known: the instance's bytes identify the filing.
        digest = hashlib.sha256(data).hexdigest()
        filing = attrs.evolve(filing, accession=f"sha256:{digest[:20]}")
    return filing


def _accepted(beside: Mapping[str, Any], path: Path) -> datetime | None:
    """EDGAR's acceptance time, when the metadata beside the instance gives it (EDGAR's own
    index calls it ``acceptanceDateTime``, some downloaders ``acceptance_datetime``); an
    instance itself never says. Kept in EDGAR's clock (US Eastern), without a zone, as the
    Financial Statement Data Sets give it."""
    raw = beside.get("acceptance_datetime") or beside.get("acceptanceDateTime")
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        msg = f"metadata.json: acceptance time {str(raw)!r} is not an ISO date and time"
        raise ExtractError(str(path), msg) from None
    return moment.replace(tzinfo=None)


def _metadata_beside(path: Path) -> dict[str, Any]:
    beside = path.parent / "metadata.json"
    try:
        loaded = json.loads(beside.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _presented(fact: Fact, links: Linkbases) -> Fact:
    statement = links.statement_of(fact.concept)
    label = links.label_of(fact.concept)
    if not statement and not label:
        return fact
    return attrs.evolve(
        fact,
        statement=statement,
        source=attrs.evolve(fact.source, label=label or fact.source.label),
    )


def _conflict(fact: Fact, kept: list[Fact], issuer: str) -> Conflict:
    key = fact.key(issuer)
    first = next(f for f in kept if f.key(issuer) == key)
    return Conflict(
        concept=fact.concept,
        period=fact.period,
        dimensions=fact.dimensions,
        rejected_value=fact.value,
        rejected_line=fact.source.line,
        decided_by="first stated in the instance",
        resolved=False,
        kept_value=first.value,
        kept_line=first.source.line,
        rejected_label=fact.source.label,
        rejected_raw=fact.source.raw,
    )


__all__ = ["accession_sha256", "is_instance", "read_instance"]
