"""Restatement classification and tie-out: pure rules over what the ledger knows.

A detected restatement (domain.detection) is classified from what the restating disclosure
declared (its RestatementDeclared events), from corporate events (OperationDiscontinued), and
from the shape of the change; then it is tied out: *explained* when its delta is accounted for,
*unexplained* (and flagged) otherwise. Rules the standards impose are checked on the way:

- IFRS 5 re-presents income-statement comparatives only: a comparative balance-sheet change
  attributed to it is flagged, and totals below the discontinued line must not change.
- IAS 1 / IFRS 18 reclassifications move amounts between lines: each move needs an equal and
  opposite move in the same statement and period, and the totals must stay put.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import attrs

from .detection import tolerance
from .drafts import Restatement
from .values import Dimensions, Period

KINDS = (
    "re-presentation",
    "reclassification",
    "policy-change",
    "error-correction",
    "tagging-correction",
    "other",
)

#: A figure restated by exactly one of these factors (or its inverse) was entered at the wrong
#: scale: a tagging correction, not a change of the amount.
SCALE_FACTORS = (Decimal(1000), Decimal(1_000_000))

#: Totals below the discontinued-operations line: an IFRS 5 re-presentation moves amounts
#: between continuing and discontinued, never changes these (matched on the local name).
BELOW_THE_LINE = frozenset(
    {
        "ProfitLoss",
        "ProfitLossAttributableToOwnersOfParent",
        "ProfitLossAttributableToNoncontrollingInterests",
        "ComprehensiveIncome",
        "ComprehensiveIncomeAttributableToOwnersOfParent",
        "ComprehensiveIncomeAttributableToNoncontrollingInterests",
        "BasicEarningsLossPerShare",
        "DilutedEarningsLossPerShare",
        "BasicAndDilutedEarningsLossPerShare",
        "BasicAndDilutedEarningsLossPerADS",
        "OtherComprehensiveIncome",
    }
)

#: Balance-sheet totals a reclassification must preserve.
BALANCE_TOTALS = frozenset({"Assets", "Liabilities", "Equity", "EquityAndLiabilities"})

INCOME_STATEMENTS = frozenset({"income", "comprehensive-income"})

#: Ratios printed as percentages, and the figures they are computed from (local names):
#: a restated ratio that equals the ratio of its restated components is explained by them.
RATIOS: dict[str, tuple[str, str]] = {
    "GrossMargin": ("GrossProfit", "Revenue"),
    "NonIfrsGrossMargin": ("NonIfrsGrossProfit", "Revenue"),
    "OperatingMargin": ("ProfitLossFromOperatingActivities", "Revenue"),
    "NetMargin": ("ProfitLossAttributableToOwnersOfParent", "Revenue"),
    "NetMarginFromContinuingOperations": (
        "ProfitLossFromContinuingOperationsAttributableToOwnersOfParent",
        "Revenue",
    ),
}


def local_name(concept: str) -> str:
    return concept.split(":", 1)[-1]


def infer_statement(concept: str, period: Period, printed: str = "") -> str:
    """The primary statement a figure belongs to: what the taxonomy or the document said,
    else instants are balance-sheet figures and durations income-statement (or cash-flow)."""
    if printed in ("income", "comprehensive-income", "balance", "cashflow", "equity"):
        return printed
    if period.is_instant:
        return "balance"
    if "CashFlow" in concept or "CashAndCashEquivalents" in concept:
        return "cashflow"
    return "income"


@attrs.frozen
class Side:
    """One end of a restatement: the value a disclosure gave and where it printed it."""

    disclosure_id: UUID
    published_on: date
    value: Decimal
    decimals: int
    document: str = ""
    line: int = 0
    label: str = ""
    #: The printed page of a PDF document (None for a text document).
    page: int | None = None


@attrs.frozen
class Detected:
    """A restatement as detected, with its series key."""

    series_id: UUID
    issuer: str
    concept: str
    period: Period
    dimensions: Dimensions
    unit: str
    statement: str
    previous: Side
    new: Side

    @property
    def delta(self) -> Decimal:
        return self.new.value - self.previous.value

    @property
    def tolerance(self) -> Decimal:
        return tolerance(self.previous.decimals, self.new.decimals)


@attrs.frozen(kw_only=True)
class Declaration(Restatement):
    """A restatement a recorded disclosure declared (RestatementDeclared), with where."""

    disclosure_id: UUID
    document: str


@attrs.frozen
class Discontinued:
    """An operation reported as discontinued (OperationDiscontinued)."""

    issuer: str
    operation: str
    published_on: date
    completed_on: date | None
    document: str
    first_line: int


@attrs.frozen
class Evidence:
    """A disclosed figure that can account for a delta (e.g. a discontinued amount)."""

    concept: str
    period: Period
    dimensions: Dimensions
    value: Decimal
    decimals: int
    published_on: date
    disclosure_id: UUID
    document: str
    line: int
    scale: int = 0
    accepted_at: datetime | None = None

    @property
    def order(self) -> tuple[date, datetime, str]:
        """Publication order: by day, a day's filings by acceptance time (none first), then id."""
        return (self.published_on, self.accepted_at or datetime.min, str(self.disclosure_id))

    @property
    def printed(self) -> str:
        """The figure as the document prints it (``145,917`` for RMB'000)."""
        return printed_figure(self.value, self.scale)


def printed_figure(value: Decimal, scale: int) -> str:
    """``-150927000`` at scale 3 -> ``(150,927)``."""
    shown = value.scaleb(-scale).normalize()
    exponent = shown.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{abs(shown):,.{places}f}"
    return f"({text})" if shown < 0 else text


@attrs.frozen
class Earlier:
    """A figure of the same period and unit (no dimensions) as a restated one, as the restated
    disclosure and the restating disclosure state it (None where one of them does not)."""

    concept: str
    #: None: the restated disclosure did not state this line (the restating one does).
    value: Decimal | None
    decimals: int | None
    new_value: Decimal | None = None
    new_decimals: int | None = None


@attrs.frozen
class TieOut:
    """One arithmetic test of a restatement's delta."""

    rule: str
    expected: Decimal | None
    actual: Decimal
    tolerance: Decimal
    passed: bool
    evidence: str = ""


@attrs.frozen
class Assessment:
    """The verdict on one restatement."""

    kind: str
    explained: bool
    explanation: str
    basis: str  # declared | inferred | shape | none
    flags: tuple[str, ...] = ()
    tieouts: tuple[TieOut, ...] = ()


@attrs.frozen
class Context:
    """Everything the rules may consult, indexed for lookup."""

    declarations: dict[UUID, tuple[Declaration, ...]]
    discontinued: dict[str, tuple[Discontinued, ...]]
    evidence: dict[tuple[str, str, str], tuple[Evidence, ...]]
    #: (restated disclosure, restating disclosure, period label, unit) -> the figures the
    #: restated disclosure stated for that period and unit.
    earlier: dict[tuple[UUID, UUID, str, str], tuple[Earlier, ...]] = attrs.field(factory=dict)
    #: disclosure -> its calculation linkbase: component -> ((total, weight), ...).
    calculations: dict[UUID, dict[str, tuple[tuple[str, Decimal], ...]]] = attrs.field(factory=dict)

    @classmethod
    def build(
        cls,
        declarations: Iterable[Declaration],
        discontinued: Iterable[Discontinued],
        evidence: Iterable[tuple[str, Evidence]],
        earlier: Iterable[tuple[UUID, UUID, str, str, Earlier]] = (),
        calculations: Iterable[tuple[UUID, str, str, Decimal]] = (),
    ) -> Context:
        by_disclosure: dict[UUID, list[Declaration]] = defaultdict(list)
        for d in declarations:
            by_disclosure[d.disclosure_id].append(d)
        by_issuer: dict[str, list[Discontinued]] = defaultdict(list)
        for op in discontinued:
            by_issuer[op.issuer].append(op)
        index: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
        for issuer, e in evidence:
            index[(issuer, e.concept, e.period.label)].append(e)
        beside: dict[tuple[UUID, UUID, str, str], list[Earlier]] = defaultdict(list)
        for previous_id, new_id, period, unit, figure in earlier:
            beside[(previous_id, new_id, period, unit)].append(figure)
        totals: dict[UUID, dict[str, list[tuple[str, Decimal]]]] = defaultdict(dict)
        for disclosure_id, total, component, weight in calculations:
            totals[disclosure_id].setdefault(component, []).append((total, weight))
        return cls(
            {k: tuple(v) for k, v in by_disclosure.items()},
            {k: tuple(v) for k, v in by_issuer.items()},
            {k: tuple(v) for k, v in index.items()},
            # Sorted: when two lines could explain a change, the same one does in every replay.
            {k: tuple(sorted(v, key=lambda f: f.concept)) for k, v in beside.items()},
            {d: {c: tuple(sorted(t)) for c, t in by.items()} for d, by in totals.items()},
        )

    def find(
        self,
        issuer: str,
        concept: str,
        period: Period,
        dims: Dimensions,
        by: date,
        *,
        extra: tuple[str, ...] = (),
    ) -> Evidence | None:
        """The latest evidence figure known on ``by`` with exactly ``dims``; or, failing that,
        with ``dims`` plus qualifiers on the ``extra`` axes (a discontinued operation is often
        printed as a segment column too). Same-day ties are broken by acceptance time, then
        id."""
        wanted = set(dims.items)
        exact, wider = [], []
        for e in self.evidence.get((issuer, concept, period.label), ()):
            if e.published_on > by:
                continue
            have = set(e.dimensions.items)
            if have == wanted:
                exact.append(e)
            elif wanted <= have and all(axis in extra for axis, _ in have - wanted):
                wider.append(e)
        candidates = exact or wider
        if not candidates:
            return None
        return max(candidates, key=lambda e: e.order)


def covers(declaration: Declaration, r: Detected) -> bool:
    """Does a declaration speak about this restated figure?

    IFRS 5 declarations are tested against every statement, whatever their scope: a
    balance-sheet change attributed to one is exactly what must be flagged.
    """
    return applies_to(declaration, r.period, r.statement, r.new.published_on, strict_scope=False)


def applies_to(
    declaration: Declaration,
    period: Period,
    statement: str,
    published_on: date,
    *,
    strict_scope: bool = True,
    current_period_end: date | None = None,
) -> bool:
    """Does a declaration made by a document published on ``published_on`` speak about a
    figure of ``period`` in ``statement``?

    Args:
        strict_scope: honour the declaration's scope for every kind (used to annotate facts).
        current_period_end: the document's own period end; when given, only comparatives
            (figures of earlier periods) are covered, as restatements are about comparatives.
    """
    if declaration.effective_from is not None and declaration.effective_from > published_on:
        return False  # announced for the future (e.g. IFRS 18): not applied in this document
    if current_period_end is not None and period.end >= current_period_end:
        return False
    labels = set(declaration.periods)
    in_period = (
        not labels
        or period.label in labels
        or any(
            # A declaration about FY2023 speaks of the balance sheet at 2023-12-31 too.
            _period_end(label) == period.end
            for label in labels
        )
    )
    if not in_period:
        return False
    scope = declaration.scope
    if not scope or (declaration.kind == "re-presentation" and not strict_scope):
        return True
    if scope == "income":
        return statement in INCOME_STATEMENTS
    return statement == scope


def _period_end(label: str) -> date | None:
    try:
        return Period.parse(label).end
    except Exception:
        return None


def assess(r: Detected, ctx: Context, group: Sequence[Detected] = ()) -> Assessment:
    """Classify and tie out one restatement.

    Args:
        r: the restatement.
        ctx: declarations, discontinued operations and evidence figures.
        group: the other restatements made by the same disclosure (for reclassification pairs
            and total checks).
    """
    declared = [d for d in ctx.declarations.get(r.new.disclosure_id, ()) if covers(d, r)]
    if declared:
        declaration = _most_specific(declared)
        return _tie_out(r, declaration.kind, ctx, group, declaration, basis="declared")
    inferred = _inferred_discontinuation(r, ctx)
    if inferred is not None:
        return _tie_out(
            r, "re-presentation", ctx, group, None, basis="inferred", operation=inferred
        )
    recast = discontinued_recast(r, ctx)
    if recast is not None:
        return recast
    tagging = tagging_correction(r.previous.value, r.new.value)
    if tagging:
        return Assessment(
            kind="tagging-correction",
            explained=True,
            explanation=f"the amount is unchanged: {tagging}",
            basis="shape",
        )
    if r.statement == "balance" and _partner(r, group, ctx) is not None:
        return _tie_out(r, "reclassification", ctx, group, None, basis="shape")
    for rule in (folded_line, moved_line, adds_up_to_earlier):
        found = rule(r, ctx, group)
        if found is not None:
            tie, text = found
            return _by_shape("reclassification", tie, text)
    return _flagged(
        "other",
        "nothing the restating disclosure declares accounts for this change",
        "none",
        "unexplained",
    )


def tagging_correction(previous: Decimal, new: Decimal) -> str:
    """How a restated figure differs from the earlier one when only its tagging changed: by
    exactly a factor of 1,000 or 1,000,000 (the scale), or only in sign; "" otherwise."""
    if not previous or not new:
        return ""
    if new == -previous:
        return "only the sign changed (a sign tagging correction)"
    for factor in SCALE_FACTORS:
        if abs(new) == abs(previous) * factor or abs(previous) == abs(new) * factor:
            flipped = " and its sign" if (new < 0) != (previous < 0) else ""
            return (
                f"it is restated by a factor of {factor:,} exactly{flipped}"
                " (a scale tagging correction)"
            )
    return ""


def _flagged(kind: str, explanation: str, basis: str, flag: str) -> Assessment:
    """A verdict of a change nothing explains, or that breaks a rule of the standards."""
    return Assessment(
        kind=kind, explained=False, explanation=explanation, basis=basis, flags=(flag,)
    )


def _most_specific(declared: Sequence[Declaration]) -> Declaration:
    # A scoped declaration beats a general one; then the narrower period list.
    return sorted(declared, key=lambda d: (not d.scope, len(d.periods) or 99, d.first_line))[0]


def _inferred_discontinuation(r: Detected, ctx: Context) -> Discontinued | None:
    """An operation discontinued between the two disclosures, for an income-statement line."""
    if r.statement not in INCOME_STATEMENTS:
        return None
    for op in ctx.discontinued.get(r.issuer, ()):
        if op.published_on <= r.new.published_on and (
            op.completed_on is None or op.completed_on > r.period.end
        ):
            return op
    return None


def _tie_out(
    r: Detected,
    kind: str,
    ctx: Context,
    group: Sequence[Detected],
    declaration: Declaration | None,
    *,
    basis: str,
    operation: Discontinued | None = None,
) -> Assessment:
    ratio = _tie_out_ratio(r, ctx)
    if ratio is not None:
        tie, text = ratio
        return Assessment(
            kind=kind,
            explained=tie.passed,
            explanation=text,
            basis=basis,
            flags=() if tie.passed else ("tie-out-failed",),
            tieouts=(tie,),
        )
    what = declaration.standard or declaration.kind if declaration else ""
    if declaration and declaration.operation:
        what += f" ({declaration.operation})"
    source = (
        f"{what} declared in {declaration.document} "
        f"lines {declaration.first_line}-{declaration.last_line}"
        if declaration
        else (
            f"{operation.operation} discontinued ({operation.document} line {operation.first_line})"
            if operation
            else "equal and opposite move in the same statement"
        )
    )
    if kind == "re-presentation":
        return _tie_out_ifrs5(r, ctx, source, basis)
    if kind == "reclassification":
        return _tie_out_reclassification(r, group, ctx, source, basis)
    # Policy changes, error corrections and other declared restatements are explained by the
    # note that declares them: the note is the evidence an auditor follows up.
    return Assessment(
        kind=kind,
        explained=declaration is not None,
        explanation=f"{source}: {declaration.reason}" if declaration else source,
        basis=basis,
    )


def _tie_out_ratio(r: Detected, ctx: Context) -> tuple[TieOut, str] | None:
    """A percentage recomputed from its restated components, as known on the restating date."""
    parts = RATIOS.get(local_name(r.concept))
    if parts is None or r.unit != "%":
        return None
    prefix = r.concept.split(":", 1)[0]
    found = []
    for part in parts:
        figure = None
        for candidate in (f"ifrs-full:{part}", f"ext:{part}", f"{prefix}:{part}"):
            figure = ctx.find(r.issuer, candidate, r.period, r.dimensions, r.new.published_on)
            if figure is not None:
                break
        if figure is None:
            return None
        found.append(figure)
    numerator, denominator = found
    if denominator.value == 0:
        return None
    recomputed = numerator.value / denominator.value * 100
    allowed = tolerance(r.new.decimals, r.new.decimals)
    passed = abs(recomputed - r.new.value) <= allowed
    tie = TieOut(
        rule="ratio-of-restated-figures",
        expected=recomputed.quantize(Decimal("0.0001")),
        actual=r.new.value,
        tolerance=allowed,
        passed=passed,
        evidence=f"{numerator.document} lines {numerator.line}, {denominator.line}",
    )
    verb = "equals" if passed else "does not equal"
    text = (
        f"the restated ratio {verb} {local_name(numerator.concept)} / "
        f"{local_name(denominator.concept)} as restated: {numerator.printed} / "
        f"{denominator.printed} = {recomputed.quantize(Decimal('0.01'))}%"
    )
    return tie, text


def _discontinued_amount(r: Detected, ctx: Context) -> tuple[Evidence, str] | None:
    """The discontinued operation's amount for the restated line, with a note on how it was
    matched: the line's own amount; failing that, for a breakdown line (e.g. one customer
    group), the whole discontinued amount, which can fall in that one line."""
    candidates = [(Dimensions({**r.dimensions.as_dict(), "operations": "discontinued"}), "")]
    if r.dimensions:
        whole = " (the whole discontinued amount falls in this line)"
        candidates.append((Dimensions({"operations": "discontinued"}), whole))
    for dims, note in candidates:
        # A discontinued operation is often printed as a segment column as well.
        evidence = ctx.find(
            r.issuer, r.concept, r.period, dims, r.new.published_on, extra=("segment",)
        )
        if evidence is not None:
            return evidence, note
    return None


def _tie_out_ifrs5(r: Detected, ctx: Context, source: str, basis: str) -> Assessment:
    if r.statement == "balance":
        return _flagged(
            "re-presentation",
            f"{source}; but IFRS 5 does not re-present the comparative balance sheet",
            basis,
            "ifrs5-balance-sheet-changed",
        )
    if local_name(r.concept) in BELOW_THE_LINE and not r.dimensions:
        return _flagged(
            "re-presentation",
            f"{source}; but IFRS 5 leaves totals below the discontinued line unchanged",
            basis,
            "ifrs5-total-changed",
        )
    found = _discontinued_amount(r, ctx)
    if found is None:
        return _flagged(
            "re-presentation",
            f"{source}; no discontinued-operation amount is disclosed for this line",
            basis,
            "unexplained",
        )
    evidence, note = found
    # Re-presenting removes the discontinued part: new = previous - discontinued.
    expected = -evidence.value
    allowed = max(r.tolerance, tolerance(evidence.decimals, evidence.decimals))
    passed = abs(r.delta - expected) <= allowed
    where = f"{evidence.document} line {evidence.line}"
    tie = TieOut(
        rule="ifrs5-discontinued-amount",
        expected=expected,
        actual=r.delta,
        tolerance=allowed,
        passed=passed,
        evidence=where,
    )
    if passed:
        text = (
            f"{source}; the change removes exactly the discontinued operation's amount "
            f"{evidence.printed} ({where}){note}"
        )
    else:
        text = (
            f"{source}; the change {printed_figure(r.delta, evidence.scale)} does not match the "
            f"discontinued operation's amount {evidence.printed} ({where})"
        )
    return Assessment(
        kind="re-presentation",
        explained=passed,
        explanation=text,
        basis=basis,
        flags=() if passed else ("tie-out-failed",),
        tieouts=(tie,),
    )


@attrs.frozen
class TotalCheck:
    """Whether a pair of moves preserved the total both lines add into, by the filings'
    calculation linkbases; ``note`` says which rule applied, for the explanation."""

    passed: bool
    note: str


def total_preserved(r: Detected, other: str, other_delta: Decimal, ctx: Context) -> TotalCheck:
    """Does moving ``r.delta`` into (or out of) ``r``'s line and ``other_delta`` into
    ``other``'s leave their total unchanged?

    With a calculation linkbase (of the restating filing, or of the restated one for a line
    only it states), both lines must add into one total, their moves weighted by the arcs must
    cancel, and that total, where the two filings state it, must be unchanged. Without one, the
    moves are taken as they are (equal and opposite), and the note says so.
    """
    new = ctx.calculations.get(r.new.disclosure_id, {})
    old = ctx.calculations.get(r.previous.disclosure_id, {})
    if not new and not old:
        return TotalCheck(True, "no calculation linkbase given: equal and opposite moves")
    mine = {**dict(old.get(r.concept, ())), **dict(new.get(r.concept, ()))}
    theirs = {**dict(old.get(other, ())), **dict(new.get(other, ()))}
    shared = sorted(set(mine) & set(theirs))
    if not shared:
        return TotalCheck(
            False, f"the calculation linkbase adds {r.concept} and {other} into no common total"
        )
    total = shared[0]
    moved = mine[total] * r.delta + theirs[total] * other_delta
    stated = next((f for f in _beside(r, ctx) if f.concept == total), None)
    allowed = r.tolerance
    if abs(moved) > allowed:
        return TotalCheck(
            False,
            f"by the calculation linkbase the moves change {total} by {moved.normalize():f}",
        )
    if stated is not None and stated.value is not None and stated.new_value is not None:
        change = stated.new_value - stated.value
        precision = min(stated.decimals or 0, stated.new_decimals or 0)
        if abs(change) > max(allowed, tolerance(precision, precision)):
            return TotalCheck(
                False, f"{total}, the total both add into, changed by {change.normalize():f}"
            )
    return TotalCheck(
        True, f"checked with the calculation linkbase: {total}, which both add into, is unchanged"
    )


def _partner(r: Detected, group: Sequence[Detected], ctx: Context) -> Detected | None:
    """The equal and opposite move of the same statement and period, that preserves the total
    both lines add into where the filings' calculation linkbases say which it is."""
    for other in _in_order(group):
        if (
            other.series_id != r.series_id
            and other.period == r.period
            and other.statement == r.statement
            and other.unit == r.unit
            and local_name(other.concept) not in BALANCE_TOTALS
            and abs(other.delta + r.delta) <= max(r.tolerance, other.tolerance)
            and total_preserved(r, other.concept, other.delta, ctx).passed
        ):
            return other
    return None


def _tie_out_reclassification(
    r: Detected, group: Sequence[Detected], ctx: Context, source: str, basis: str
) -> Assessment:
    flags: list[str] = []
    moved_totals = [
        g
        for g in group
        if g.period == r.period and local_name(g.concept) in BALANCE_TOTALS and not g.dimensions
    ]
    if moved_totals:
        flags.append("totals-changed")
    partner = _partner(r, group, ctx)
    tie = TieOut(
        rule="equal-and-opposite",
        expected=None if partner is None else -partner.delta,
        actual=r.delta,
        tolerance=r.tolerance,
        passed=partner is not None,
        evidence="" if partner is None else f"{partner.concept} {partner.period.label}",
    )
    if partner is None:
        flags.append("unexplained")
        text = f"{source}; no equal and opposite move found in the same statement and period"
        if ctx.calculations.get(r.new.disclosure_id) or ctx.calculations.get(
            r.previous.disclosure_id
        ):
            text += " that preserves its total by the calculation linkbase"
    else:
        check = total_preserved(r, partner.concept, partner.delta, ctx)
        text = f"{source}; offset by {partner.concept} ({partner.delta}) ({check.note})"
    if moved_totals:
        text += "; but totals changed: " + ", ".join(
            sorted({local_name(t.concept) for t in moved_totals})
        )
    return Assessment(
        kind="reclassification",
        explained=partner is not None and not moved_totals,
        explanation=text,
        basis=basis,
        flags=tuple(flags),
        tieouts=(tie,),
    )


def _by_shape(kind: str, tie: TieOut, text: str) -> Assessment:
    """The verdict of a change a shape rule ties out."""
    return Assessment(kind=kind, explained=True, explanation=text, basis="shape", tieouts=(tie,))


def _found(
    rule: str,
    expected: Decimal | None,
    actual: Decimal,
    allowed: Decimal,
    concept: str,
    period: Period,
) -> TieOut:
    """A shape rule's passed tie-out, its evidence the other line of the same period."""
    return TieOut(
        rule=rule,
        expected=expected,
        actual=actual,
        tolerance=allowed,
        passed=True,
        evidence=f"{concept} {period.label}",
    )


def _in_order(group: Sequence[Detected]) -> list[Detected]:
    """A disclosure's restatements in a fixed order, whatever order they were read in."""
    return sorted(group, key=lambda d: (d.concept, d.period.label, str(d.series_id)))


def _beside(r: Detected, ctx: Context) -> tuple[Earlier, ...]:
    key = (r.previous.disclosure_id, r.new.disclosure_id, r.period.label, r.unit)
    return ctx.earlier.get(key, ())


def folded_line(
    r: Detected, ctx: Context, group: Sequence[Detected] = ()
) -> tuple[TieOut, str] | None:
    """A line the restated disclosure stated and the restating one no longer states, whose
    amount is exactly the change: it was folded into this line (added, or subtracted)."""
    if r.dimensions:
        return None
    for figure in _beside(r, ctx):
        if figure.new_value is not None or figure.concept == r.concept or not figure.value:
            continue
        precision = figure.decimals if figure.decimals is not None else r.previous.decimals
        allowed = max(r.tolerance, tolerance(precision, precision))
        for sign, verb in ((1, "plus"), (-1, "minus")):
            expected = sign * figure.value
            if abs(r.delta - expected) > allowed:
                continue
            # The folded line went to nil: its move is minus its amount.
            check = total_preserved(r, figure.concept, -figure.value, ctx)
            if not check.passed:
                continue
            tie = _found("folded-line", expected, r.delta, allowed, figure.concept, r.period)
            text = (
                f"{figure.concept}, stated by the earlier disclosure and no longer by this "
                f"one, is folded into this line: {r.previous.value.normalize():f} {verb} "
                f"{figure.value.normalize():f} = {r.new.value.normalize():f} ({check.note})"
            )
            return tie, text
    return None


def moved_line(
    r: Detected, ctx: Context, group: Sequence[Detected] = ()
) -> tuple[TieOut, str] | None:
    """A line whose whole amount is now stated on another line: it went to nil and another
    restated line of the same period now holds exactly its earlier amount (or the reverse)."""
    for other in _in_order(group):
        if other.series_id == r.series_id or other.period != r.period or other.unit != r.unit:
            continue
        if other.dimensions or r.dimensions:
            continue
        allowed = max(r.tolerance, other.tolerance)
        if (
            not r.new.value
            and r.previous.value
            and abs(other.new.value - r.previous.value) <= allowed
        ):
            what = f"its {r.previous.value.normalize():f} is now stated as {other.concept}"
        elif (
            not other.new.value
            and other.previous.value
            and abs(r.new.value - other.previous.value) <= allowed
        ):
            what = f"it now states the {other.previous.value.normalize():f} of {other.concept}"
        else:
            continue
        check = total_preserved(r, other.concept, other.delta, ctx)
        if not check.passed:
            continue
        tie = _found("moved-line", None, r.delta, allowed, other.concept, other.period)
        return tie, f"a line moved: {what} ({check.note})"
    return None


_SPLIT = re.compile(r"Non[Cc]urrent|Current")


def _unsplit(concept: str) -> str:
    """``ifrs-full:NoncurrentLeaseLiabilities`` -> ``LeaseLiabilities``: the line a current or
    non-current part belongs to (the taxonomies name the parts after the whole)."""
    return _SPLIT.sub("", local_name(concept))


def adds_up_to_earlier(
    r: Detected, ctx: Context, group: Sequence[Detected] = ()
) -> tuple[TieOut, str] | None:
    """The current and non-current parts of a line, both restated, whose new amounts add up
    exactly to the whole the restated disclosure stated (a lease liability re-split between
    its current and non-current parts)."""
    if r.dimensions or _unsplit(r.concept) == local_name(r.concept):
        return None
    whole = _unsplit(r.concept)
    figures = [f for f in _beside(r, ctx) if local_name(f.concept) == whole and f.value]
    for other in _in_order(group):
        if (
            other.series_id == r.series_id
            or other.period != r.period
            or other.unit != r.unit
            or other.dimensions
            or _unsplit(other.concept) != whole
        ):
            continue
        total = r.new.value + other.new.value
        allowed = max(r.tolerance, other.tolerance)
        for figure in figures:
            if figure.value is None:
                continue
            precision = figure.decimals if figure.decimals is not None else r.previous.decimals
            if abs(total - figure.value) <= max(allowed, tolerance(precision, precision)):
                tie = _found(
                    "parts-add-up-to-earlier-whole",
                    figure.value,
                    total,
                    allowed,
                    figure.concept,
                    r.period,
                )
                text = (
                    f"re-split with {other.concept}: the two now add up to {figure.concept} as "
                    f"the earlier disclosure stated it: {r.new.value.normalize():f} + "
                    f"{other.new.value.normalize():f} = {figure.value.normalize():f}"
                )
                return tie, text
    return None


_DISCONTINUED = re.compile(r"DiscontinuedOperation", re.I)


def discontinued_recast(r: Detected, ctx: Context) -> Assessment | None:
    """An income or cash-flow line restated by a disclosure that newly states (or changes) a
    discontinued-operations figure of the same period: the comparatives were re-presented for
    a discontinued operation. Explained when the change is exactly the discontinued figure's."""
    if r.dimensions or (r.statement not in INCOME_STATEMENTS and r.statement != "cashflow"):
        return None
    moved = [
        f
        for f in _beside(r, ctx)
        if _DISCONTINUED.search(local_name(f.concept))
        and f.new_value
        and f.new_value != (f.value or 0)
        and f.concept != r.concept
    ]
    if not moved:
        return None
    for figure in moved:
        change = figure.new_value - (figure.value or 0) if figure.new_value is not None else None
        if change is None:
            continue
        allowed = max(r.tolerance, tolerance(figure.new_decimals or 0, figure.new_decimals or 0))
        if abs(abs(r.delta) - abs(change)) <= allowed:
            tie = _found("discontinued-amount", -change, r.delta, allowed, figure.concept, r.period)
            text = (
                f"re-presented for a discontinued operation: the change is the "
                f"{abs(change).normalize():f} the restating disclosure now states as "
                f"{figure.concept}"
            )
            return _by_shape("re-presentation", tie, text)
    names = ", ".join(sorted({f.concept for f in moved}))
    return _flagged(
        "re-presentation",
        f"re-presented for a discontinued operation ({names}); the change does not tie out to it",
        "shape",
        "unexplained",
    )
