"""Value objects: periods, dimensions, source references and facts.

Every value is a frozen attrs class with immutable fields; numbers are ``Decimal``, never float.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

import attrs

from .errors import InvalidDisclosureError

Concept = str  # "ifrs-full:Revenue", "ext:NonIfrsGrossProfit", "esg:Scope2Emissions"
Unit = str  # "RMB", "RMB/ADS", "%", "tCO2e"

#: prefix:Name, the name an XML element name (NCName: SEC filers' own elements use - and .).
_CONCEPT = re.compile(r"^[a-z][a-z0-9-]*:[A-Za-z_][A-Za-z0-9_.-]*$")
_FY = re.compile(r"^FY(\d{4})$")
_HALF = re.compile(r"^H([12]) (\d{4})$")
_QUARTER = re.compile(r"^Q([1-4]) (\d{4})$")
_MONTHS = re.compile(r"^(9)M (\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_date(text: str) -> date:
    """Parse an ISO date (``2024-03-18``), refusing impossible dates like ``2024-02-30``."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        msg = f"{text!r} is not an ISO date (YYYY-MM-DD)"
        raise InvalidDisclosureError(msg)
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a valid date"
        raise InvalidDisclosureError(msg) from None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@attrs.frozen(order=True)
class Period:
    """What a figure is about: a duration ``start..end`` or an instant (``start`` is None)."""

    end: date
    start: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.start > self.end:
            msg = f"period starts {self.start} after it ends {self.end}"
            raise InvalidDisclosureError(msg)

    @property
    def is_instant(self) -> bool:
        return self.start is None

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``FY2023``, ``H1 2024``, ``Q3 2024``, ``9M 2024``, ``2023-12-31`` or
        ``2024-01-01..2024-04-02`` (calendar fiscal years, as for every issuer so far)."""
        text = text.strip()
        if m := _FY.match(text):
            y = int(m[1])
            return cls(start=date(y, 1, 1), end=date(y, 12, 31))
        if m := _HALF.match(text):
            h, y = int(m[1]), int(m[2])
            return cls(start=date(y, 1 if h == 1 else 7, 1), end=_month_end(y, 6 * h))
        if m := _QUARTER.match(text):
            q, y = int(m[1]), int(m[2])
            return cls(start=date(y, 3 * q - 2, 1), end=_month_end(y, 3 * q))
        if m := _MONTHS.match(text):
            y = int(m[2])
            return cls(start=date(y, 1, 1), end=_month_end(y, 9))
        if m := _RANGE.match(text):
            return cls(start=parse_date(m[1]), end=parse_date(m[2]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return cls(end=parse_date(text))
        msg = f"{text!r} is not a period (FY2023, H1 2024, Q3 2024, 2023-12-31 or a..b)"
        raise InvalidDisclosureError(msg)

    @property
    def label(self) -> str:
        """The canonical short label: ``FY2023``, ``H1 2024``, ``Q3 2024`` or ISO dates."""
        return _period_label(self.start, self.end)

    def __str__(self) -> str:
        return self.label


@functools.lru_cache(maxsize=4096)
def _period_label(s: date | None, e: date) -> str:
    # Cached: every series key spells its period, and a document has few distinct periods.
    if s is None:
        return e.isoformat()
    if s.day == 1 and e == _month_end(e.year, e.month) and s.year == e.year:
        if s.month == 1 and e.month == 12:
            return f"FY{e.year}"
        if s.month in (1, 7) and e.month == s.month + 5:
            return f"H{1 if s.month == 1 else 2} {e.year}"
        if e.month == s.month + 2 and s.month % 3 == 1:
            return f"Q{(s.month + 2) // 3} {e.year}"
        if s.month == 1 and e.month == 9:
            return f"9M {e.year}"
    return f"{s.isoformat()}..{e.isoformat()}"


def str_tuple(items: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: any iterable of strings to an immutable tuple."""
    return tuple(items)


def int_tuple(items: Iterable[int]) -> tuple[int, ...]:
    """attrs converter: any iterable of ints to an immutable tuple."""
    return tuple(items)


def _to_dimension_items(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


@attrs.frozen(order=True)
class Dimensions:
    """Qualifiers of a fact (axis -> member), kept sorted so equal sets compare equal."""

    items: tuple[tuple[str, str], ...] = attrs.field(converter=_to_dimension_items, default=())

    def as_dict(self) -> dict[str, str]:
        return dict(self.items)

    @property
    def key(self) -> str:
        """A canonical text form, ``axis=member;axis=member`` (empty for none).

        ``\\``, ``;``, ``=`` and ``|`` (which separates the parts of a series key) inside an
        axis or member are escaped with a backslash, so two different sets never share a key:
        ``{"region": "EU;segment=Retail"}`` is ``region=EU\\;segment\\=Retail``. A key without
        those characters is the plain text it always was, so the series ids derived from it
        are unchanged. :meth:`parse` reads it back.
        """
        return ";".join(f"{_escape_key(k)}={_escape_key(v)}" for k, v in self.items)

    @classmethod
    def parse(cls, key: str) -> Dimensions:
        """The dimensions of a :attr:`key`.

        Raises:
            ValueError: ``key`` is not ``axis=member`` parts joined by ``;``.
        """
        if not key:
            return cls()
        items = []
        for part in _split_unescaped(key, ";"):
            axis_member = _split_unescaped(part, "=")
            if len(axis_member) != 2:
                msg = f"{key!r} is not axis=member;axis=member"
                raise ValueError(msg)
            axis, member = (_unescape_key(text) for text in axis_member)
            items.append((axis, member))
        return cls(items)

    def __bool__(self) -> bool:
        return bool(self.items)


#: Characters of a dimension key that an axis or member escapes with a backslash.
_KEY_SPECIAL = re.compile(r"([\\;=|])")


def _escape_key(text: str) -> str:
    return _KEY_SPECIAL.sub(r"\\\1", text)


def _split_unescaped(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` not escaped by a backslash (escapes kept)."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current += (char, next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape_key(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@attrs.frozen
class SourceRef:
    """Where a figure was printed: document file, 1-based line, label and token as printed.

    ``page`` is the printed page of a PDF (``line`` then counts the PDF's lines from its first
    page, as ``ledger extract`` shows them); None for a text document.
    """

    document: str
    line: int
    label: str = ""
    raw: str = ""
    page: int | None = None


def parse_decimal(text: str) -> Decimal:
    """Parse a decimal string (``"-368212"``, ``"40.4"``); floats are refused by the caller."""
    try:
        value = Decimal(text)
    except (InvalidOperation, TypeError, ValueError):
        msg = f"{text!r} is not a decimal number"
        raise InvalidDisclosureError(msg) from None
    if not value.is_finite():
        msg = f"{text!r} is not a finite number"
        raise InvalidDisclosureError(msg)
    return value


def validate_concept(concept: str) -> Concept:
    if not _CONCEPT.match(concept):
        msg = f"{concept!r} is not a concept name (prefix:Name, e.g. ifrs-full:Revenue)"
        raise InvalidDisclosureError(msg)
    return concept


@attrs.frozen
class SeriesKey:
    """Identity of a fact series: one line item of one issuer for one period."""

    issuer: str
    concept: Concept
    period: Period
    dimensions: Dimensions
    unit: Unit

    @property
    def text(self) -> str:
        return "|".join(
            (self.issuer, self.concept, self.period.label, self.dimensions.key, self.unit)
        )


@attrs.frozen
class Fact:
    """One figure a disclosure states, with its precision and provenance.

    ``value`` is the amount in ``unit`` (a figure printed as 3,667,508 in RMB'000 has value
    3667508000, ``scale`` 3 and ``decimals`` -3).
    """

    concept: Concept
    period: Period
    dimensions: Dimensions
    value: Decimal
    unit: Unit
    scale: int
    decimals: int
    source: SourceRef
    statement: str = ""
    #: Other lines of the same document that print the same figure (highlights and statement).
    also_on_lines: tuple[int, ...] = attrs.field(converter=int_tuple, default=())

    def key(self, issuer: str) -> SeriesKey:
        return SeriesKey(issuer, self.concept, self.period, self.dimensions, self.unit)

    @property
    def printed_value(self) -> Decimal:
        """The value in the scale it was printed in (3667508 for RMB'000)."""
        return self.value.scaleb(-self.scale)
