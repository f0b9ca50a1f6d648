"""What the three SEC forms share: a filing's identity, its kind, its filer, and its facts'
precision.

A filing (accession number) is one disclosure, published on its EDGAR filing date. Its
disclosure id derives from the accession, not from the bytes of one rendering of it, so the same
filing read from an FSDS quarter, from its XBRL instance or from companyfacts is one disclosure.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import attrs

from ledger.domain.drafts import DisclosureMeta, Restatement
from ledger.domain.issuers import IssuerInfo
from ledger.domain.values import Fact, SourceRef

#: ``nnnnnnnnnn-nn-nnnnnn``: filer agent CIK, year, sequence.
ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")

#: SEC forms -> the ledger's disclosure kinds (an amendment ``/A`` has its form's kind).
FORM_KINDS = {
    "10-K": "annual-report",
    "10-KT": "annual-report",
    # Annual reports under forms EDGAR has retired (10-K405 until 2002, the small-business
    # 10-KSB and 10-QSB until 2009), still named in the data of those years.
    "10-K405": "annual-report",
    "10-KT405": "annual-report",
    "10-KSB": "annual-report",
    "10-KSB40": "annual-report",
    "10-KTSB": "annual-report",
    "20-F": "annual-report",
    "40-F": "annual-report",
    "10-Q": "quarterly-results",
    "10-QT": "quarterly-results",
    "10-QSB": "quarterly-results",
    "10-QTSB": "quarterly-results",
    "8-K": "press-release",
    "6-K": "press-release",
}

#: FSDS ``stmt`` codes and presentation-linkbase roles -> the ledger's statement names.
STATEMENTS = {
    "BS": "balance",
    "IS": "income",
    "CF": "cashflow",
    "EQ": "equity",
    "CI": "comprehensive-income",
}


def base_form(form: str) -> str:
    """``10-K/A`` -> ``10-K``."""
    return form.removesuffix("/A").strip()


def is_amendment(form: str) -> bool:
    return form.strip().endswith("/A")


def form_kind(form: str) -> str:
    """The disclosure kind of an SEC form (``other`` for registration statements and the like)."""
    return FORM_KINDS.get(base_form(form).upper(), "other")


def filer_info(cik: str | int, name: str, ticker: str = "") -> IssuerInfo:
    """The issuer a filing's data names: id ``cik<CIK>``, the CIK and ticker as aliases.

    The CIK is the one identity a filer keeps for life (names and tickers change), so it makes
    the id; ``cik`` is prefixed so it never reads as a Hong Kong stock code.
    """
    digits = str(cik).strip().lstrip("0") or "0"
    aliases = [digits]
    if ticker.strip():
        aliases.append(ticker.strip().upper())
    return IssuerInfo(id=f"cik{digits}", name=name.strip() or f"CIK {digits}", aliases=aliases)


def accession_sha256(accession: str) -> str:
    """The key a filing's disclosure id derives from (see the module docstring)."""
    return hashlib.sha256(f"sec-accession:{accession}".encode()).hexdigest()


@attrs.frozen
class Filing:
    """One SEC submission as its data describes it."""

    accession: str
    form: str
    filed: date
    period_end: date
    filer: IssuerInfo
    source: str
    #: Acceptance time (EDGAR), when the data gives it: orders the filings of one day.
    accepted: datetime | None = None
    #: The accession of the filing this one amends, when the data says so.
    amends: str = ""

    @property
    def title(self) -> str:
        amends = f", amending {self.amends}" if self.amends else ""
        accepted = f", accepted {self.accepted.isoformat(sep=' ')}" if self.accepted else ""
        return f"{self.form} {self.accession}{amends}{accepted}"

    def meta(self, currency: str = "") -> DisclosureMeta:
        return DisclosureMeta(
            issuer=self.filer.id,
            kind=form_kind(self.form),
            title=self.title,
            period_end=self.period_end,
            published_on=self.filed,
            source_file=self.source,
            sha256=accession_sha256(self.accession),
            language="en",
            currency=currency,
            scale=0,
            accepted_at=self.accepted,
        )


_CURRENCY = re.compile(r"[A-Z]{3}")


def filing_currency(units: Iterable[str]) -> str:
    """The currency most of a filing's amounts are in: the most frequent unit that is an ISO
    4217 code (``USD``, ``EUR``, ``JPY``; not ``shares``, ``pure`` or ``USD/shares``); "" when
    none is. The first of equally frequent ones, in the filing's order."""
    counts = Counter(u for u in units if _CURRENCY.fullmatch(u))
    return counts.most_common(1)[0][0] if counts else ""


def trailing_zeros(value: Decimal) -> int:
    """Powers of ten dividing a whole number (``48347000000`` -> 6); 0 for fractions and 0."""
    if not value or value != value.to_integral_value():
        return 0
    digits = str(abs(int(value)))
    return len(digits) - len(digits.rstrip("0"))


def plain(value: Decimal) -> Decimal:
    """``value`` as a plain figure: a whole number without exponent or trailing places
    (``1.234E+9`` from a scaled inline figure, ``1500000000.0`` or ``1.5E+9`` from a JSON
    float -> ``1234000000``, ``1500000000``); a fraction as it was written."""
    if value.is_finite() and value == value.to_integral_value():
        try:
            return value.quantize(Decimal(1))
        except InvalidOperation:
            return value  # more digits than the context's precision: left as written
    return value


def places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def inferred_decimals(values: Iterable[Decimal]) -> int:
    """The precision of a set of figures one filing states in one unit, when it does not say.

    FSDS has no ``decimals`` column, but a filing states all its amounts of one kind at one
    rounding (thousands, millions): the coarsest rounding every figure is a multiple of is the
    filing's. Figures with decimal places give their places.
    """
    listed = [v for v in values if v]
    if not listed:
        return 0
    most_places = max(places(v) for v in listed)
    if most_places:
        return most_places
    return -min(trailing_zeros(v) for v in listed)


def merge_duplicates(facts: Sequence[Fact], issuer: str) -> tuple[list[Fact], list[Fact]]:
    """One fact per series: XBRL lets a filing state one fact twice at two precisions.

    Duplicates consistent within the coarser precision (15,500,000,000 at -8 and 15,477,000,000
    at -6) are one figure: the most precise is kept. Inconsistent duplicates are returned apart
    (the first is kept, the others are conflicts).

    Returns:
        The kept facts in order, and the rejected inconsistent duplicates.
    """
    kept: dict[object, Fact] = {}
    rejected: list[Fact] = []
    for fact in facts:
        key = fact.key(issuer)
        first = kept.get(key)
        if first is None:
            kept[key] = fact
            continue
        coarser = min(first.decimals, fact.decimals)
        if abs(first.value - fact.value) <= Decimal(5).scaleb(-coarser - 1):
            if fact.decimals > first.decimals:
                kept[key] = attrs.evolve(fact, also_on_lines=(first.source.line,))
            else:
                kept[key] = attrs.evolve(
                    first, also_on_lines=(*first.also_on_lines, fact.source.line)
                )
        else:
            rejected.append(fact)
    return list(kept.values()), rejected


def source_ref(document: str, line: int, label: str, raw: str = "") -> SourceRef:
    return SourceRef(document=document, line=max(1, line), label=label, raw=raw)


#: Members (local names, without ``Member``) by which filers tag a comparative as it was
#: before a restatement, or the restatement's adjustment, on the statement scenario or
#: restatement axes (US GAAP) and the retrospective application axis (IFRS); the kind they
#: declare, most specific first.
DECLARING_MEMBERS = (
    (
        re.compile(
            r"ChangeInAccountingPrinciple|AccountingStandardsUpdate|ChangesInAccountingPolic"
            r"|NewAccountingPronouncement",
            re.I,
        ),
        "policy-change",
    ),
    (re.compile(r"ErrorCorrection|CorrectionsOfPriorPeriodErrors", re.I), "error-correction"),
    (
        re.compile(
            r"PreviouslyReported|PreviouslyStated|RestatementAdjustment|ScenarioAdjustment"
            r"|ScenarioRestated|^Restated$|AsRestated",
            re.I,
        ),
        "other",
    ),
)
#: Axes on which those members declare a restatement (local names).
DECLARING_AXES = re.compile(
    r"^(StatementScenarioAxis|Scenario|RestatementAxis|ErrorCorrectionsAndPriorPeriodAdjustments"
    r"RestatementByRestatementPeriodAndAmountAxis|AdjustmentsForNewAccountingPronouncementsAxis"
    r"|RetrospectiveApplicationAndRetrospectiveRestatementAxis|ChangeInAccountingEstimateByTypeAxis"
    r"|RevisionOfPriorPeriodAxis)$"
)


def _local(qname: str) -> str:
    return qname.rpartition(":")[2].removesuffix("Member")


def declared_restatements(facts: Sequence[Fact]) -> list[Restatement]:
    """What a filing declares by its own tags: comparatives tagged as previously reported, or
    as a restatement's adjustment, are a declaration that it restated them, like a text
    document's "(Restated)" column. One declaration per kind, over the tagged periods."""
    found: dict[str, list[Fact]] = {}
    members: dict[str, set[str]] = {}
    for fact in facts:
        for axis, member in fact.dimensions.items:
            if not DECLARING_AXES.match(_local(axis)):
                continue
            for pattern, kind in DECLARING_MEMBERS:
                if pattern.search(_local(member)):
                    found.setdefault(kind, []).append(fact)
                    members.setdefault(kind, set()).add(f"{_local(axis)}={_local(member)}")
                    break
    declarations = []
    for kind, tagged in found.items():
        ifrs = any(f.concept.startswith("ifrs-full:") for f in tagged)
        lines = [f.source.line for f in tagged]
        periods = sorted({f.period for f in tagged}, key=lambda p: (p.end, p.start or p.end))
        declarations.append(
            Restatement(
                kind=kind,
                standard="IAS 8" if ifrs else "ASC 250",
                periods=[p.label for p in periods],
                reason=(
                    f"the filer tags {len(tagged)} figures of its comparatives "
                    f"({', '.join(sorted(members[kind]))})"
                ),
                first_line=min(lines),
                last_line=max(lines),
            )
        )
    return declarations
