"""An XBRL instance document (``.xml``) or an inline XBRL document (``.htm``, ``.xhtml``), with
the schema and linkbases beside it when present.

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
import html.entities
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
    filing_currency,
    merge_duplicates,
    plain,
    source_ref,
)
from .linkbases import Linkbases, read_linkbases

XBRLI = "http://www.xbrl.org/2003/instance"
IX = "http://www.xbrl.org/2013/inlineXBRL"
#: Inline XBRL 1.1 (what EDGAR accepts) and 1.0, whose elements are the same for what is read.
IX_NAMESPACES = (IX, "http://www.xbrl.org/2008/inlineXBRL")
XBRLDI = "http://xbrl.org/2006/xbrldi"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
_NOT_FACTS = (XBRLI, LINK, XBRLDI, XLINK, *IX_NAMESPACES)
_SEP = "\x1f"

#: Standard taxonomies' namespaces -> the prefixes the ledger uses, whatever a filer declared.
_STANDARD = (
    (re.compile(r"^http://fasb\.org/us-gaap/"), "us-gaap"),
    (re.compile(r"^http://fasb\.org/srt/"), "srt"),
    (re.compile(r"^https?://xbrl\.ifrs\.org/taxonomy/[^/]+/ifrs-full$"), "ifrs-full"),
)
#: The SEC's own taxonomies (dei, ecd, country, exch, ...) are named by their namespace's path.
_SEC_TAXONOMY = re.compile(r"^https?://xbrl\.sec\.gov/([a-z][a-z0-9-]*)/")
#: What may stand before an instance's root element: a BOM, the XML declaration, processing
#: instructions, comments (some filers' software writes long ones) and a DOCTYPE.
_ROOT_XBRL = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:[A-Za-z0-9_.-]+:)?xbrl[\s>/]",
    re.S,
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
    inline = any(ns.encode() in head for ns in IX_NAMESPACES)
    if inline and re.search(rb"<(?:[A-Za-z0-9_-]+:)?html[\s>]", head):
        return True
    return _ROOT_XBRL.match(head) is not None


@attrs.frozen
class _Context:
    #: None for ``forever``: no period a figure could be keyed by.
    period: Period | None
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
    #: The facts open at this point, outermost first: inline XBRL nests facts in facts (a
    #: note's text block holds the note's figures), and a fact's text includes what is
    #: displayed inside it, nested elements (spans) and facts included.
    open: list[dict[str, Any]] = attrs.Factory(list)
    #: How many facts were opened: their document order (a fact nested in another ends first).
    opened: int = 0
    #: How many ``ix:exclude`` elements are open: their text belongs to no fact.
    excluded: int = 0
    #: ``ix:continuation`` id -> (its text, the id it continues at).
    continuations: dict[str, tuple[str, str]] = attrs.Factory(dict)

    def open_fact(
        self, uri: str, local: str, attrs_: Mapping[str, str], depth: int, line: int
    ) -> dict[str, Any]:
        """Start collecting a fact met at ``depth`` (its element's end closes it)."""
        fact = {
            "text": [],
            "order": self.opened,
            "depth": depth,
            "uri": uri,
            "local": local,
            "context": attrs_["contextRef"],
            "unit": attrs_.get("unitRef"),
            "decimals": attrs_.get("decimals"),
            "precision": attrs_.get("precision"),
            "nil": attrs_.get(f"{XSI}{_SEP}nil", "false") in ("true", "1"),
            "line": line,
        }
        self.open.append(fact)
        self.opened += 1
        return fact

    def start_inline(self, local: str, attrs_: Mapping[str, str], depth: int, line: int) -> None:
        """An inline XBRL element: a fact, an exclusion from facts' text, or a continuation
        of a text fact (collected like one, joined to its fact after the pass)."""
        if local == "exclude":
            self.excluded += 1
        elif local in ("nonFraction", "nonNumeric") and "contextRef" in attrs_:
            prefix, _, name = attrs_.get("name", "").rpartition(":")
            fact = self.open_fact(self.uris.get(prefix, ""), name, attrs_, depth, line)
            if not prefix or prefix not in self.uris:
                fact["undeclared"] = attrs_.get("name", "")
            fact["format"] = attrs_.get("format", "")
            fact["scale"] = attrs_.get("scale", "0")
            fact["sign"] = attrs_.get("sign", "")
            fact["continued_at"] = attrs_.get("continuedAt", "")
        elif local == "continuation":
            self.open.append(
                {
                    "continuation": attrs_.get("id", ""),
                    "continued_at": attrs_.get("continuedAt", ""),
                    "depth": depth,
                    "text": [],
                }
            )

    def close_fact(self) -> None:
        """The innermost open fact (or continuation) ends."""
        fact = self.open.pop()
        fact["text"] = "".join(fact["text"]).strip()
        if "continuation" in fact:
            self.continuations[fact["continuation"]] = (fact["text"], fact["continued_at"])
        else:
            self.raw_facts.append(fact)


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
            meta=filing.meta(filing_currency(f.unit for f in kept)),
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
        elif uri == XBRLI and local == "forever":
            state.current["forever"] = True
        elif uri in IX_NAMESPACES:
            state.start_inline(local, attrs_, depth, parser.CurrentLineNumber)
        elif not state.open and depth == 2 and uri not in _NOT_FACTS and "contextRef" in attrs_:
            state.open_fact(uri, local, attrs_, depth, parser.CurrentLineNumber)

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
            member = _qname(state, text)
            current["members"].append((_qname(state, current.pop("dimension", "")), member))
        elif uri == XBRLDI and local == "typedMember":
            dimension = _qname(state, current.pop("dimension", ""))
            current["members"].append((dimension, current.pop("typed", "")))
        elif state.stack and state.stack[-1].startswith(XBRLDI) and text:
            current["typed"] = text  # the typed member's value element
        elif uri in IX_NAMESPACES and local == "exclude":
            state.excluded -= 1
        if state.open and depth == state.open[-1]["depth"]:
            state.close_fact()
        state.text = []

    def chars(text: str) -> None:
        state.text.append(text)
        if not state.excluded:
            for fact in state.open:
                fact["text"].append(text)

    def entity(name_: str, is_parameter: bool) -> None:
        # XHTML's named entities (&nbsp;, &mdash;, &eacute;) are declared by a DTD expat does
        # not read: their characters are taken from the HTML5 table instead.
        if not is_parameter:
            chars(html.entities.html5.get(f"{name_};", ""))

    parser.StartNamespaceDeclHandler = start_ns
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.SkippedEntityHandler = entity
    # XHTML entities (&nbsp;) are declared by a DTD expat does not read: skip them, do not fail.
    parser.UseForeignDTD(True)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ExtractError(
            name, f"is not well-formed XML ({expat.errors.messages[exc.code]})", exc.lineno
        ) from None
    state.raw_facts.sort(key=lambda raw: int(raw["order"]))
    for raw in state.raw_facts:
        _continue(raw, state.continuations)
    return state


def _continue(raw: dict[str, Any], continuations: Mapping[str, tuple[str, str]]) -> None:
    """A text fact's ``ix:continuation`` chain appended to its text (each link once)."""
    seen: set[str] = set()
    at = raw.get("continued_at", "")
    while at and at not in seen and at in continuations:
        seen.add(at)
        text, at = continuations[at]
        raw["text"] = f"{raw['text']} {text}".strip()


def _qname(state: _Parse, qname: str) -> str:
    """A QName a context names (an axis, a member) with the ledger's prefix for its
    namespace: a filer binding us-gaap to ``usgaap`` names the same axes as everyone else."""
    prefix, sep, local = qname.strip().rpartition(":")
    uri = state.uris.get(prefix)
    if not sep or uri is None:
        return qname.strip()
    return f"{_prefix(state, uri)}:{local}"


def _context(current: dict[str, Any], name: str) -> _Context:
    line = current["line"]
    try:
        if current.get("forever"):
            period = None
        elif "instant" in current:
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
    sec = _SEC_TAXONOMY.match(uri)
    if sec is not None:
        return sec.group(1)
    return (state.prefixes.get(uri) or "ext").lower()


def _facts(state: _Parse, name: str, document: str) -> tuple[list[Fact], list[Conflict]]:
    facts: list[Fact] = []
    for raw in state.raw_facts:
        line = raw["line"]
        if "undeclared" in raw:
            msg = f"fact {raw['undeclared']!r} names a prefix the document does not declare"
            raise ExtractError(name, msg, line)
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
        if context.period is None:
            continue  # a ``forever`` context: no period to key a figure by
        if "format" in raw and _format(raw) not in _NUMBER_FORMATS:
            msg = f"{concept} {raw['text']!r} is in format {raw['format']!r}, not a number format"
            raise ExtractError(name, msg, line)
        try:
            value = _inline_value(raw) if "format" in raw else Decimal(raw["text"])
            if value is None:
                continue  # ixt-sec:numinf, "unlimited": no figure to record
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            raise ExtractError(name, f"{concept} {raw['text']!r} is not a number", line) from None
        value = plain(value)
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


def _format(raw: dict[str, Any]) -> str:
    """The local name of an inline fact's transformation format, lower case: the registries
    (ixt 2015-02-26 and 2020-02-12, ixt-sec 2015-08-31) do not share names, and a filer may
    bind any prefix to them, so the name alone says what the format does."""
    return str(raw["format"]).rpartition(":")[2].strip().lower()


#: Formats shown as a dash or any text, meaning zero (ixt 1 to 4).
_ZERO_FORMATS = frozenset(("fixed-zero", "fixedzero", "zerodash", "numdash"))
#: Numbers written with a decimal comma (and dots, spaces or apostrophes grouping digits).
_COMMA_FORMATS = frozenset(
    (
        "num-comma-decimal",
        "num-comma-decimal-apos",
        "numcommadecimal",
        "numdotcomma",
        "numspacecomma",
        "numcomma",
    )
)
#: Numbers written with a decimal point (commas, spaces or apostrophes grouping digits);
#: no format at all is read the same way.
_DOT_FORMATS = frozenset(
    (
        "",
        "num-dot-decimal",
        "num-dot-decimal-apos",
        "numdotdecimal",
        "numdotdecimalin",
        "num-dot-decimal-in",
        "numcommadot",
        "numspacedot",
    )
)
#: A whole part and a fraction written apart: "5 dollars 25 cents".
_UNIT_FORMATS = frozenset(
    ("num-unit-decimal", "numunitdecimal", "num-unit-decimal-in", "numunitdecimalin")
)
#: English words: "no", "none", "one", "twenty-five" (ixt-sec; TR 5 names it num-word-en).
_WORD_FORMATS = frozenset(("numwordsen", "num-word-en"))
#: Infinite amounts ("unlimited" shares authorised): no finite figure.
_INFINITE_FORMATS = frozenset(("numinf", "numneginf", "num-inf", "num-neg-inf"))
_NUMBER_FORMATS = (
    _ZERO_FORMATS | _COMMA_FORMATS | _DOT_FORMATS | _UNIT_FORMATS | _WORD_FORMATS
) | _INFINITE_FORMATS

#: Dashes and minus signs a zero is displayed as.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
#: Grouping separators inside a figure: spaces, no-break spaces, apostrophes.
_SPACES = r"[\s\u00a0\u202f'\u2019]"


def _inline_value(raw: dict[str, Any]) -> Decimal | None:
    """An inline XBRL figure as displayed -> its value: read by its format, times 10^scale,
    negated when ``sign="-"``; None for an infinite amount.

    Inline XBRL puts the sign in ``sign`` and shows the magnitude: parentheses a filer puts
    inside the element are display, like those outside it, and are dropped.

    Raises:
        ValueError, InvalidOperation: the text is not a number in its format.
    """
    fmt = _format(raw)
    if fmt in _INFINITE_FORMATS:
        return None
    text = raw["text"].strip().strip("()\u00a0 \t\r\n")
    if fmt in _ZERO_FORMATS or (text and all(c in _DASHES for c in text)):
        magnitude = Decimal(0)
    elif fmt in _WORD_FORMATS:
        magnitude = _words(text)
    elif fmt in _UNIT_FORMATS:
        magnitude = _unit_decimal(text)
    elif fmt in _COMMA_FORMATS:
        magnitude = Decimal(re.sub(_SPACES, "", text).replace(".", "").replace(",", "."))
    else:
        magnitude = Decimal(re.sub(_SPACES, "", text).replace(",", ""))
    if magnitude.is_signed():
        raise ValueError  # a magnitude has no sign: ``sign="-"`` gives one
    value = magnitude.scaleb(int(raw["scale"] or 0))
    return -value if raw["sign"] == "-" else value


_SMALL_NUMBERS = {
    word: n
    for n, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen"),
        )
    )
}
_TENS = {
    word: 10 * n
    for n, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _words(text: str) -> Decimal:
    """A whole number in English words (ixt-sec ``numwordsen``): "no" and "none" are zero,
    "one hundred and twenty-five thousand" is 125000.

    Raises:
        ValueError: a word that is not part of a number.
    """
    words = [w for w in re.split(r"[\s,\-\u00a0]+", text.lower().strip(" .")) if w != "and"]
    if words in (["no"], ["none"]):
        return Decimal(0)
    if not words or words == [""]:
        raise ValueError(text)
    total = current = 0
    for word in words:
        if word in _SMALL_NUMBERS:
            current += _SMALL_NUMBERS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            raise ValueError(text)
    return Decimal(total + current)


_UNIT_DECIMAL = re.compile(r"(\d{1,3}(?:[,.\s\u00a0']\d{3})*|\d+)[^\d]+(?:(\d{1,2})[^\d]*)?")


def _unit_decimal(text: str) -> Decimal:
    """ "5 dollars 25 cents" -> 5.25, "1,000 dollars" -> 1000 (``num-unit-decimal``).

    Raises:
        ValueError: not a whole part, a unit, and an optional fraction of one or two digits.
    """
    found = _UNIT_DECIMAL.fullmatch(text)
    if found is None:
        raise ValueError(text)
    whole = re.sub(r"[,.\s\u00a0']", "", found.group(1))
    fraction = (found.group(2) or "0").zfill(2)
    return Decimal(f"{whole}.{fraction}")


def _decimals(raw: dict[str, Any], value: Decimal) -> int:
    """The fact's ``decimals``; else what its ``precision`` (significant digits, which
    instances of the first XBRL years give instead) comes to for its value; else the places
    the value shows."""
    text = raw["decimals"]
    if text and text != "INF":
        try:
            return int(text)
        except ValueError:
            pass
    precision = raw.get("precision")
    if not text and precision and precision != "INF" and value:
        try:
            return int(precision) - (value.adjusted() + 1)
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
            found[raw["local"]] = _dei_text(raw, context)
    if "EntityCentralIndexKey" not in found:
        for context in state.contexts.values():
            if context.cik:
                found["EntityCentralIndexKey"] = context.cik
                break
    return found


def _dei_text(raw: dict[str, Any], context: _Context) -> str:
    """A dei fact's value as the ledger reads it: inline XBRL displays the period end as a
    date in words ("September 30, 2023") and the amendment flag as a ballot box, by a
    transformation format; those are brought to ``YYYY-MM-DD`` and ``true``/``false``. A
    period end that cannot be read is its context's (the document's period)."""
    text = " ".join(raw["text"].split())
    fmt = _format(raw) if raw.get("format") else ""
    if raw["local"] == "DocumentPeriodEndDate":
        read = _date_text(text, fmt)
        if read is None and context.period is not None:
            read = context.period.end
        return read.isoformat() if read is not None else text
    if raw["local"] == "AmendmentFlag":
        if fmt in ("fixed-true", "fixedtrue"):
            return "true"
        if fmt in ("fixed-false", "fixedfalse"):
            return "false"
        if "ballot" in fmt:
            return "true" if any(box in text for box in "\u2611\u2612") else "false"
    return text


_MONTHS = {
    name: n
    for n, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def _date_text(text: str, fmt: str) -> date | None:
    """A date as inline XBRL's date formats display it: ISO, a month name with a day and
    year in either order ("Sept. 30, 2023", "30 September 2023"), or figures in the order the
    format names (``date-day-month-year``, ``datedaymonthyear``; month first otherwise, as
    US filers write them). None when it is not one."""
    try:
        return parse_date(text[:10])
    except LedgerError:
        pass
    named = re.search(r"[A-Za-z]{3,}", text)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        if named is not None and named.group().lower()[:3] in _MONTHS and len(numbers) == 2:
            month = _MONTHS[named.group().lower()[:3]]
            year, day = (numbers[1], numbers[0]) if numbers[1] > 31 else (numbers[0], numbers[1])
        elif len(numbers) == 3:
            compact = fmt.replace("-", "")
            if compact.startswith("dateyear"):
                year, month, day = numbers
            elif compact.startswith("dateday"):
                day, month, year = numbers
            else:
                month, day, year = numbers
        else:
            return None
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


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
