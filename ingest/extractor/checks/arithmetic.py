"""The calculation model: which lines sum to which, checked with rounding tolerances.

Arithmetic does two jobs. It checks a document (gross profit = revenue - cost of revenue,
continuing + discontinued = total, assets = liabilities + equity, ...), and it decides conflicts:
when a document prints two values for one series (a garbled duplicate row next to the right one),
the value with which the calculations foot is kept, and the other is recorded with the arithmetic
that rejected it. A conflict no calculation can decide is reported unresolved, never dropped.

Values are compared in the printed scale of their series; the tolerance is one unit of the last
printed digit per term (a total of three rounded figures may differ from their sum by up to 3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import product

import attrs

from ..facts.candidates import NO_LABEL, Candidate

Key = tuple[str, str, tuple[tuple[str, str], ...], str]


@attrs.frozen
class Rule:
    """``sum(terms) = total`` for one period and one set of dimensions."""

    name: str
    description: str
    terms: tuple[str, ...]
    total: str


def _ifrs(name: str) -> str:
    return f"ifrs-full:{name}"


RULES: tuple[Rule, ...] = (
    Rule(
        "gross-profit",
        "Revenue - Cost of revenue = Gross profit",
        (_ifrs("Revenue"), _ifrs("CostOfSales")),
        _ifrs("GrossProfit"),
    ),
    Rule(
        "income-tax",
        "Profit before tax - income tax = profit from continuing operations",
        (_ifrs("ProfitLossBeforeTax"), _ifrs("IncomeTaxExpenseContinuingOperations")),
        _ifrs("ProfitLossFromContinuingOperations"),
    ),
    Rule(
        "continuing-discontinued",
        "Continuing + discontinued operations = profit for the year",
        (
            _ifrs("ProfitLossFromContinuingOperations"),
            _ifrs("ProfitLossFromDiscontinuedOperations"),
        ),
        _ifrs("ProfitLoss"),
    ),
    Rule(
        "attribution",
        "Owners of the parent + non-controlling interests = profit for the year",
        (
            _ifrs("ProfitLossAttributableToOwnersOfParent"),
            _ifrs("ProfitLossAttributableToNoncontrollingInterests"),
        ),
        _ifrs("ProfitLoss"),
    ),
    Rule(
        "owners-continuing-discontinued",
        "Owners' share: continuing + discontinued = attributable to owners",
        (
            _ifrs("ProfitLossFromContinuingOperationsAttributableToOwnersOfParent"),
            _ifrs("ProfitLossFromDiscontinuedOperationsAttributableToOwnersOfParent"),
        ),
        _ifrs("ProfitLossAttributableToOwnersOfParent"),
    ),
    Rule(
        "comprehensive-income",
        "Profit + other comprehensive income = total comprehensive income",
        (_ifrs("ProfitLoss"), _ifrs("OtherComprehensiveIncome")),
        _ifrs("ComprehensiveIncome"),
    ),
    Rule(
        "comprehensive-attribution",
        "Owners + non-controlling interests = total comprehensive income",
        (
            _ifrs("ComprehensiveIncomeAttributableToOwnersOfParent"),
            _ifrs("ComprehensiveIncomeAttributableToNoncontrollingInterests"),
        ),
        _ifrs("ComprehensiveIncome"),
    ),
    Rule(
        "finance-net",
        "Finance income + finance costs = finance income - net",
        (_ifrs("FinanceIncome"), _ifrs("FinanceCosts")),
        "ext:FinanceIncomeCostNet",
    ),
    Rule(
        "tax-split",
        "Current tax + deferred tax = income tax expense",
        (_ifrs("CurrentTaxExpenseIncome"), _ifrs("DeferredTaxExpenseIncome")),
        _ifrs("IncomeTaxExpenseContinuingOperations"),
    ),
    Rule(
        "cash-flows",
        "Operating + investing + financing cash flows = net change in cash",
        (
            _ifrs("CashFlowsFromUsedInOperatingActivities"),
            _ifrs("CashFlowsFromUsedInInvestingActivities"),
            _ifrs("CashFlowsFromUsedInFinancingActivities"),
        ),
        _ifrs("IncreaseDecreaseInCashAndCashEquivalents"),
    ),
    Rule(
        "assets",
        "Current + non-current assets = total assets",
        (_ifrs("CurrentAssets"), _ifrs("NoncurrentAssets")),
        _ifrs("Assets"),
    ),
    Rule(
        "liabilities",
        "Current + non-current liabilities = total liabilities",
        (_ifrs("CurrentLiabilities"), _ifrs("NoncurrentLiabilities")),
        _ifrs("Liabilities"),
    ),
    Rule(
        "balance",
        "Liabilities + equity = total assets",
        (_ifrs("Liabilities"), _ifrs("Equity")),
        _ifrs("Assets"),
    ),
    Rule(
        "equity-and-liabilities",
        "Total equity and liabilities = total assets",
        (_ifrs("EquityAndLiabilities"),),
        _ifrs("Assets"),
    ),
    Rule(
        "equity-attribution",
        "Equity of owners + non-controlling interests = total equity",
        (_ifrs("EquityAttributableToOwnersOfParent"), _ifrs("NoncontrollingInterests")),
        _ifrs("Equity"),
    ),
)
#: Axes whose members add up to the undimensioned (or ``operations=all``) figure.
SUM_AXES = ("customer", "segment")


@attrs.frozen
class Check:
    """One evaluated calculation."""

    rule: str
    description: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    lines: tuple[int, ...]
    expected: Decimal
    actual: Decimal
    tolerance: Decimal
    passed: bool

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "description": self.description,
            "period": self.period,
            "lines": [min(self.lines), max(self.lines)] if self.lines else [],
            "expected": str(self.expected),
            "actual": str(self.actual),
            "tolerance": str(self.tolerance),
            "passed": self.passed,
        }
        if self.dimensions:
            out["dimensions"] = dict(self.dimensions)
        return out


@attrs.frozen
class Instance:
    """A rule applied to one period, dimension set and unit: the keys of its terms and total."""

    rule: str
    description: str
    terms: tuple[Key, ...]
    total: Key


def instances(keys: Iterable[Key]) -> list[Instance]:
    """Every rule instance whose keys all exist among ``keys``."""
    present = set(keys)
    by_slot: dict[tuple[str, tuple[tuple[str, str], ...], str], set[str]] = defaultdict(set)
    for concept, period, dims, unit in present:
        by_slot[(period, dims, unit)].add(concept)
    out: list[Instance] = []
    for (period, dims, unit), concepts in sorted(by_slot.items()):
        for rule in RULES:
            if rule.total in concepts and all(t in concepts for t in rule.terms):
                out.append(
                    Instance(
                        rule.name,
                        rule.description,
                        tuple((t, period, dims, unit) for t in rule.terms),
                        (rule.total, period, dims, unit),
                    )
                )
    # Members of an axis sum to the figure without that axis (revenue by customer type; the
    # segments of a segment note to the consolidated column).
    for axis in SUM_AXES:
        groups: dict[Key, list[Key]] = defaultdict(list)
        for key in present:
            concept, period, dims, unit = key
            d = dict(dims)
            if axis not in d or unit == "%":
                continue  # rates (growth, margins) of members do not add up to the total's
            rest = {k: v for k, v in d.items() if k not in (axis, "operations")}
            total_dims = dict(rest)
            if axis == "segment":
                total_dims["operations"] = "all"
            groups[(concept, period, tuple(sorted(total_dims.items())), unit)].append(key)
        for total, members in sorted(groups.items()):
            if total in present and len(members) >= 2:
                out.append(
                    Instance(
                        f"{axis}-sum",
                        f"Sum of {axis} members = total",
                        tuple(sorted(members)),
                        total,
                    )
                )
    return out


def amount(cand: Candidate) -> Decimal:
    """The figure in units of its unit (3,667,508 printed in RMB'000 -> 3667508000)."""
    return cand.value.scaleb(cand.scale)


def _tolerance(values: Sequence[Candidate]) -> Decimal:
    """One unit of the last printed digit per figure involved, in units of the coarsest figure."""
    unit = max(Decimal(1).scaleb(-c.decimals) for c in values)
    return unit * (len(values) - 1)


def _passes(
    inst: Instance, choice: Mapping[Key, Candidate]
) -> tuple[bool, Decimal, Decimal, Decimal]:
    terms = [choice[k] for k in inst.terms]
    total = choice[inst.total]
    scale = total.scale
    actual = sum((amount(t) for t in terms), Decimal(0)).scaleb(-scale)
    tol = _tolerance([*terms, total]).scaleb(-scale)
    return (
        abs(actual - total.value) <= tol,
        total.value,
        actual.normalize() + 0,
        tol.normalize() + 0,
    )


def same_figure(a: Candidate, b: Candidate) -> bool:
    """Two printings of one figure: equal once the finer one is rounded to the coarser one."""
    coarse = max(Decimal(1).scaleb(-a.decimals), Decimal(1).scaleb(-b.decimals))
    return abs(amount(a) - amount(b)) <= coarse / 2


def resolve_conflicts(
    groups: Mapping[Key, Sequence[Candidate]],
) -> tuple[dict[Key, Candidate], list[dict[str, object]]]:
    """Choose one value per series; record the others as conflicts with what decided them.

    Args:
        groups: all candidates per series key (several lines may print the same value).

    Returns:
        The chosen candidate per key (undecidable keys are absent) and the conflict records.
    """
    chosen, options = _distinct(groups)
    conflicts = _decide_by_sums(groups, chosen, options)
    conflicts += _decide_by_sign(chosen, options)
    conflicts += _decide_by_fallback(chosen, options)
    for key, cands in options.items():
        first, *rest = sorted(cands, key=lambda c: c.line)
        for other in rest:
            conflicts.append(
                conflict_record(
                    key,
                    None,
                    other,
                    "no calculation decides between "
                    f"{first.raw} (line {first.line}) and {other.raw}",
                    False,
                    first,
                )
            )
    return chosen, conflicts


def _distinct(
    groups: Mapping[Key, Sequence[Candidate]],
) -> tuple[dict[Key, Candidate], dict[Key, list[Candidate]]]:
    """The keys printed with one figure (chosen) and those with several (the options)."""
    chosen: dict[Key, Candidate] = {}
    options: dict[Key, list[Candidate]] = {}
    for key, cands in groups.items():
        distinct: list[Candidate] = []
        # Prefer the most precise printing, then the primary statements, then the first line.
        # Labelled lines before rows matched by value (an unlabelled duplicate row).
        ordered = sorted(
            cands, key=lambda c: (-c.decimals, c.label.startswith(NO_LABEL), c.rank, c.line)
        )
        for cand in ordered:
            if not any(same_figure(cand, d) for d in distinct):
                distinct.append(cand)
        if len(distinct) == 1:
            chosen[key] = distinct[0]
        else:
            options[key] = distinct
    return chosen, options


def _decide_by_sums(
    groups: Mapping[Key, Sequence[Candidate]],
    chosen: dict[Key, Candidate],
    options: dict[Key, list[Candidate]],
) -> list[dict[str, object]]:
    """Keep the one option that makes more calculations foot than any other (two rounds, so a
    key decided in the first helps decide its neighbours in the second)."""
    touching: dict[Key, list[Instance]] = defaultdict(list)
    for inst in instances(groups.keys()):
        for key in (*inst.terms, inst.total):
            touching[key].append(inst)
    conflicts: list[dict[str, object]] = []
    for _round in range(2):
        for key, cands in list(options.items()):
            if key in chosen:
                continue
            scores = {cand.value: _footings(key, cand, touching, chosen, options) for cand in cands}
            best = max(len(v) for v in scores.values())
            winners = [c for c in cands if len(scores[c.value]) == best]
            if best > 0 and len(winners) == 1:
                kept = winners[0]
                chosen[key] = kept
                why = "; ".join(sorted(set(scores[kept.value]))) + f" foots with {kept.raw} only"
                for other in cands:
                    if other is not kept:
                        conflicts.append(conflict_record(key, kept, other, why, True))
                del options[key]
    return conflicts


def _footings(
    key: Key,
    cand: Candidate,
    touching: Mapping[Key, Sequence[Instance]],
    chosen: Mapping[Key, Candidate],
    options: Mapping[Key, Sequence[Candidate]],
) -> list[str]:
    """The calculations that foot with ``cand`` for ``key`` and some choice of the others."""
    passed: list[str] = []
    for inst in touching.get(key, []):
        others = [k for k in (*inst.terms, inst.total) if k != key]
        pools = [[chosen[k]] if k in chosen else options.get(k, []) for k in others]
        for combo in product(*pools):
            choice = dict(zip(others, combo, strict=True))
            choice[key] = cand
            if _passes(inst, choice)[0]:
                passed.append(inst.description)
                break
    return passed


def _decide_by_sign(
    chosen: dict[Key, Candidate], options: dict[Key, list[Candidate]]
) -> list[dict[str, object]]:
    """The same figure under two sign conventions (a note printing a tax credit as a negative
    expense): keep the primary statement's sign."""
    conflicts: list[dict[str, object]] = []
    for key, cands in list(options.items()):
        signs = sorted(cands, key=lambda c: (c.rank, c.line))
        if len(signs) == 2 and amount(signs[0]) == -amount(signs[1]):
            kept, other = signs
            chosen[key] = kept
            why = (
                "sign convention: same amount with the "
                f"opposite sign; kept the {kept.statement} line's sign"
            )
            conflicts.append(conflict_record(key, kept, other, why, True))
            del options[key]
    return conflicts


def _decide_by_fallback(
    chosen: dict[Key, Candidate], options: dict[Key, list[Candidate]]
) -> list[dict[str, object]]:
    """No calculation decides: the value kept is named with the reason, and the conflict stays
    unresolved for the reader to review."""
    conflicts: list[dict[str, object]] = []
    for key, cands in list(options.items()):
        kept, why = _fallback(cands)
        if kept is None:
            continue
        chosen[key] = kept
        for other in cands:
            if other is not kept:
                conflicts.append(conflict_record(key, kept, other, why, False))
        del options[key]
    return conflicts


def _fallback(cands: Sequence[Candidate]) -> tuple[Candidate | None, str]:
    """The value to keep when no calculation decides, or None when nothing tells them apart.

    One value on a row whose label reads as printed against values on a garbled repeat of it;
    or one value on a primary statement against values in notes or summaries.
    """
    clean = [c for c in cands if not c.continued]
    if len(clean) == 1:
        return clean[0], (
            f"no calculation decides; kept the line whose label reads cleanly ({clean[0].line})"
        )
    best = min(c.rank for c in cands)
    top = [c for c in cands if c.rank == best]
    if len(top) == 1 and best == 0:
        return top[0], (
            f"no calculation decides; kept the {top[0].statement} statement's line ({top[0].line})"
        )
    return None, ""


def _side(cand: Candidate) -> dict[str, object]:
    return {"value": str(cand.value), "line": cand.line, "raw": cand.raw, "label": cand.label}


def conflict_record(
    key: Key,
    kept: Candidate | None,
    rejected: Candidate,
    why: str,
    resolved: bool,
    other: Candidate | None = None,
) -> dict[str, object]:
    """A conflict as the disclosure format records it: the fact's key, the value kept (None
    when nothing decides), the rejected one, what decided and whether arithmetic did."""
    concept, period, dims, unit = key
    record: dict[str, object] = {
        "concept": concept,
        "period": period,
        "dimensions": dict(dims),
        "unit": unit,
        "kept": _side(kept) if kept is not None else None,
        "rejected": _side(rejected),
        "decided_by": why,
        "resolved": resolved,
    }
    if other is not None:
        record["other"] = _side(other)
    return record


def run_checks(chosen: Mapping[Key, Candidate]) -> list[Check]:
    """Evaluate every calculation whose lines are all present among the chosen facts."""
    out: list[Check] = []
    for inst in instances(chosen.keys()):
        ok, expected, actual, tol = _passes(inst, chosen)
        lines = tuple(chosen[k].line for k in (*inst.terms, inst.total))
        out.append(
            Check(
                inst.rule,
                inst.description,
                inst.total[1],
                inst.total[2],
                lines,
                expected,
                actual,
                tol,
                ok,
            )
        )
    return out


def cross_references(
    chosen: Mapping[Key, Candidate], groups: Mapping[Key, Sequence[Candidate]]
) -> list[Check]:
    """A figure printed in two places (a five-year summary and the statements, highlights and
    the statements) must agree: one check per other place that prints it."""
    out: list[Check] = []
    for key, kept in chosen.items():
        seen: set[str] = {kept.statement}
        # The fullest printing of each other place: a table before a sentence of it.
        for other in sorted(groups.get(key, ()), key=lambda c: (c.subject == "highlights", c.line)):
            if other.statement in seen or not same_figure(kept, other):
                continue
            seen.add(other.statement)
            tol = max(Decimal(1).scaleb(-kept.decimals), Decimal(1).scaleb(-other.decimals)) / 2
            out.append(
                Check(
                    "cross-reference",
                    f"{other.statement} figure = {kept.statement} figure",
                    key[1],
                    key[2],
                    (other.line, kept.line),
                    kept.value,
                    amount(other).scaleb(-kept.scale),
                    tol.scaleb(-kept.scale),
                    True,
                )
            )
    return out
