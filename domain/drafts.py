"""A disclosure ready to be recorded: metadata, facts and declarations, fully validated.

Building a :class:`DisclosureDraft` is where the domain's rules are checked (before any event is
triggered): line references inside the document, one value per series, known issuer and kinds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

import attrs

from .errors import InvalidDisclosureError, UnknownIssuerError
from .issuers import HOW_TO_ADD, IssuerInfo
from .values import Dimensions, Fact, Period, SeriesKey, str_tuple

DISCLOSURE_KINDS = (
    "annual-results",
    "annual-report",
    "interim-results",
    "quarterly-results",
    "esg-report",
    "press-release",
    "other",
)
RESTATEMENT_KINDS = (
    "re-presentation",
    "reclassification",
    "policy-change",
    "error-correction",
    "other",
)

# Every id is derived from business keys, so the same document or series is always the same
# aggregate, whichever process or machine records it.
LEDGER_NAMESPACE = uuid5(NAMESPACE_URL, "https://ledger.invalid/restatement-ledger")
_NAMESPACE_BYTES = LEDGER_NAMESPACE.bytes


def disclosure_id(issuer: str, sha256: str) -> UUID:
    """The id of the Disclosure aggregate for one source document of one issuer."""
    return uuid5(LEDGER_NAMESPACE, f"disclosure|{issuer}|{sha256}")


def series_id(key: SeriesKey) -> UUID:
    """The id of the FactSeries aggregate for one series key."""
    return uuid5(LEDGER_NAMESPACE, f"series|{key.text}")


def series_hex(key: SeriesKey) -> str:
    """``series_id(key).hex``, without building the UUID (the bulk path names every series of
    a document by it)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"series|{key.text}".encode()).digest())
    # RFC 4122 name-based UUID, as uuid.uuid5 sets them: version 5, variant bits 10.
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return digest[:16].hex()


def issuer_aggregate_id(issuer: str) -> UUID:
    """The id of the Issuer aggregate."""
    return uuid5(LEDGER_NAMESPACE, f"issuer|{issuer}")


@attrs.frozen
class DisclosureMeta:
    """Who published a document, what it is, and when it became public."""

    issuer: str
    kind: str
    title: str
    period_end: date
    published_on: date
    source_file: str
    sha256: str
    language: str = "en"
    currency: str = ""
    scale: int = 0
    line_count: int | None = None
    #: When the publisher's channel accepted the document (EDGAR's acceptance time), if known:
    #: orders the documents of one issuer published on one day.
    accepted_at: datetime | None = None

    @property
    def id(self) -> UUID:
        return disclosure_id(self.issuer, self.sha256)


@attrs.frozen
class Restatement:
    """A declaration that comparatives were (or will be) restated or re-presented."""

    kind: str
    standard: str
    periods: tuple[str, ...] = attrs.field(converter=str_tuple)
    reason: str
    first_line: int
    last_line: int
    scope: str = ""
    operation: str = ""
    effective_from: date | None = None


@attrs.frozen
class Discontinuation:
    """The disposal of an operation presented as discontinued (IFRS 5)."""

    operation: str
    first_line: int
    last_line: int
    agreement_on: date | None = None
    approved_on: date | None = None
    completed_on: date | None = None
    consideration: Decimal | None = None
    consideration_unit: str = ""


@attrs.frozen
class Conflict:
    """Two values printed for one fact in one document, and how arithmetic decided."""

    concept: str
    period: Period
    dimensions: Dimensions
    rejected_value: Decimal | None
    rejected_line: int
    decided_by: str
    resolved: bool
    kept_value: Decimal | None = None
    kept_line: int | None = None
    rejected_label: str = ""
    rejected_raw: str = ""


@attrs.frozen
class PresentedLine:
    """A line of a primary statement as the filer's presentation linkbase orders it."""

    statement: str
    concept: str
    #: Its place on the statement, from 1 (the arcs' ``order``, depth first).
    order: int
    #: How deep it sits under the statement's root (0), by parent-child arcs.
    depth: int


@attrs.frozen
class CalculationArc:
    """A total and one of its components, with the weight it adds in (1 or -1)."""

    total: str
    component: str
    weight: Decimal


@attrs.frozen
class UnreadColumn:
    """A table column whose figures became no facts because its period cannot be resolved:
    where it starts (``line``, 1-based ``column``), how many figures it holds, and why."""

    line: int
    column: int
    figures: int
    reason: str


@attrs.frozen
class DisclosureDraft:
    """Everything one document contributes to the ledger, validated and ready to save."""

    meta: DisclosureMeta
    facts: tuple[Fact, ...] = attrs.field(converter=tuple)
    restatements: tuple[Restatement, ...] = attrs.field(converter=tuple, default=())
    discontinuations: tuple[Discontinuation, ...] = attrs.field(converter=tuple, default=())
    conflicts: tuple[Conflict, ...] = attrs.field(converter=tuple, default=())
    checks: tuple[dict[str, object], ...] = attrs.field(converter=tuple, default=())
    #: The filer's presentation and calculation linkbases (an XBRL instance's), when given.
    presentation: tuple[PresentedLine, ...] = attrs.field(converter=tuple, default=())
    calculations: tuple[CalculationArc, ...] = attrs.field(converter=tuple, default=())
    #: How many repeated printings of a figure were merged into one fact.
    merged_repeats: int = 0
    #: The issuer as the document's own data names it (an SEC filer: CIK, name, ticker),
    #: registered on its first disclosure; None for issuers the registry knows.
    filer: IssuerInfo | None = None
    #: The issuer as the document, its manifest or the command line describes it: registered
    #: with the document when the ledger does not know the issuer yet.
    issuer_info: IssuerInfo | None = None
    #: Columns read without a period: reported, never recorded as facts.
    unread_columns: tuple[UnreadColumn, ...] = attrs.field(converter=tuple, default=())

    def new_issuer(self) -> IssuerInfo:
        """The issuer to register with this document, when the ledger does not know it.

        Raises:
            UnknownIssuerError: nothing describes the issuer; the message says how to add it.
        """
        if self.filer is not None:
            return self.filer
        if self.issuer_info is None or self.issuer_info.id != self.meta.issuer:
            msg = f"{self.meta.source_file}: unknown issuer {self.meta.issuer!r}; {HOW_TO_ADD}"
            raise UnknownIssuerError(msg)
        return self.issuer_info


def merge_repeated_facts(issuer: str, facts: Sequence[Fact]) -> tuple[list[Fact], int]:
    """Collapse repeated printings of one figure into one fact per series.

    The first printing (lowest line) is the fact's provenance; the other lines are kept in
    ``also_on_lines``. Two different values for one series are a conflict the caller must have
    resolved, so they raise.

    Returns:
        The merged facts in document order, and the number of repeats merged.
    """
    by_key: dict[SeriesKey, Fact] = {}
    order: list[SeriesKey] = []
    merged = 0
    for fact in sorted(facts, key=lambda f: f.source.line):
        key = fact.key(issuer)
        first = by_key.get(key)
        if first is None:
            by_key[key] = fact
            order.append(key)
            continue
        if first.value != fact.value:
            dims = f" [{fact.dimensions.key}]" if fact.dimensions else ""
            msg = (
                f"line {fact.source.line}: {fact.concept} {fact.period.label}{dims}"
                f" is {_as_printed(fact)}"
                f" but line {first.source.line} says {_as_printed(first)}; list one of them"
                " under conflicts"
            )
            raise InvalidDisclosureError(msg)
        by_key[key] = attrs.evolve(first, also_on_lines=[*first.also_on_lines, fact.source.line])
        merged += 1
    return [by_key[k] for k in order], merged


def _as_printed(fact: Fact) -> str:
    return fact.source.raw or format(fact.printed_value.normalize(), "f")


#: The largest line number a source reference may name: what the projection's INTEGER columns
#: hold, so that whatever is recorded can always be replayed.
MAX_LINE = 2**31 - 1


def check_lines(meta: DisclosureMeta, lines: Iterable[tuple[str, int]]) -> None:
    """Refuse line references outside the source document (when its length is known)."""
    for where, line in lines:
        if line < 1 or (meta.line_count is not None and line > meta.line_count):
            limit = f" (the document has {meta.line_count} lines)" if meta.line_count else ""
            msg = f"{where}: line {line} is outside {meta.source_file}{limit}"
            raise InvalidDisclosureError(msg)
