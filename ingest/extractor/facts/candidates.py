"""Tables -> candidate facts: concept, period, dimensions, unit and scale for every printed value.

A candidate is a value with everything a fact needs; whether it becomes a fact is decided later
(one value per series, arithmetic for conflicts). Every numeric cell of a table row is either a
candidate or classified (percentage change, share of total, nil, range, unresolved period,
unlabelled subtotal, junk), so the report can say what share of the printed numbers was used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from ledger.domain.taxonomy import concept_info
from ledger.domain.values import Period

from ..reading.headers import Column, period_kind, years_in
from ..reading.numbers import (
    AMOUNT,
    NIL,
    PERCENT,
    RANGE,
    Number,
    Scale,
    decimals_of,
    parse_number,
    read_scale,
)
from ..reading.tables import Row, Table
from .concepts import (
    adjustment_concept,
    breakdown_axis,
    customer_member,
    extension,
    member_name,
    normalize,
    resolve,
)
from .context import (
    ALLOWANCE,
    ALLOWANCE_CONCEPT,
    DEFERRED_TAX,
    allowance_on,
    asset_name,
    before_offsetting,
    is_numbered_heading,
    is_operations_reconciliation,
    reconciliation_end,
)
from .movements import movement, movement_dates

_STATEMENTS = (
    (r"comprehensive income|comprehensive loss|income statement|profit or loss", "income"),
    (r"balance sheet|financial position", "balance"),
    (r"cash flows?", "cashflow"),
    (r"changes in equity", "equity"),
)
#: Provenance preference when one figure is printed on several lines: the primary statements
#: first, then notes and segment tables, then summaries and highlights.
RANK = {
    "income": 0,
    "comprehensive-income": 0,
    "balance": 0,
    "cashflow": 0,
    "equity": 0,
    "notes": 1,
    "segment": 1,
    "five-year": 2,
    "highlights": 3,
    "esg": 1,
}
_SECTION = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\.?\s+[A-Z(*]|[A-Z][A-Z ,()'’&\-–]{8,}$)")


@attrs.frozen
class Candidate:
    """A value with its concept, period, dimensions, unit and provenance."""

    concept: str
    period: Period
    dimensions: tuple[tuple[str, str], ...]
    value: Decimal
    unit: str
    scale: int
    decimals: int
    line: int
    label: str
    raw: str
    statement: str
    known: bool = True
    continued: bool = False
    #: what the table measures (its title or header label), to tell apart extension lines of
    #: different tables that print the same label ("Additions" in two roll-forwards)
    subject: str = ""
    #: provenance preference among lines printing the same figure (lower wins)
    rank: int = 1

    @property
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
        return (self.concept, self.period.label, self.dimensions, self.unit)


@attrs.frozen
class DocContext:
    """Document-wide defaults the tables fall back on."""

    currency: str | None = "RMB"
    scale: int | None = 3
    disposal_date: date | None = None
    lines: tuple[str, ...] = ()
    #: segment names the document prints ("our Generative AI segment")
    segments: frozenset[str] = frozenset()


def sections(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Note and section headings (line, text): ``9 DISCONTINUED OPERATIONS``, statement titles."""
    out = []
    vocabulary: Counter[str] | None = None
    for number, raw in enumerate(lines, start=1):
        text = raw.strip().replace("**", "")
        # Trailing tabs are no columns: "11 INT<tab>" is a heading.
        if "\t" in raw.rstrip() or not text or len(text) > 90:
            continue
        if _SECTION.match(text):
            if vocabulary is None:
                vocabulary = Counter(
                    w.lower() for line in lines for w in re.findall(r"[A-Za-z]+", line)
                )
            out.append((number, _bottom_up(text, lines, number, vocabulary)))
    return out


def _bottom_up(text: str, lines: Sequence[str], number: int, words: Counter[str]) -> str:
    """Repair a heading printed bottom-up in fragments ("ASSETS" / "ANGIBLE" / "11 INT" is
    "11 INTANGIBLE ASSETS"): its last word is no word of the document, and joined with the short
    capitals lines just above it (nearest first) it makes words the document uses."""
    last = text.split()[-1]
    if not last.isupper() or words[last.lower()] > 1:
        return text
    above = []
    for index in range(number - 2, max(number - 4, -1), -1):
        fragment = lines[index].strip()
        if not re.fullmatch(r"[A-Z]{2,}", fragment):
            break
        above.append(fragment)
    if not above or words[(last + above[0]).lower()] < 2:
        return text
    joined = text + above[0] + "".join(f" {f}" for f in above[1:] if words[f.lower()] >= 2)
    return joined


def statement_of(table: Table, section: str, first_statement: int, lead: str = "") -> str:
    """Which statement a table prints (income, balance, cashflow, equity, segment, notes...)."""
    # Only heading-like title lines name a statement, not a sentence that mentions one
    # ("Depreciation charges were expensed ... in the consolidated income statements:").
    headings = [t for t in table.title.split(" / ") if len(t.split()) <= 12 and not t.endswith(":")]
    title = f"{' '.join(headings)} {table.header[:80]}".lower()
    for pattern, name in _STATEMENTS:
        if re.search(pattern, title) and not re.search(
            r"\bnotes?\b|reconciliation", table.title, re.IGNORECASE
        ):
            return name
    text = f"{title} {section.lower()}"
    if "segment" in text:
        return "segment"
    if re.search(r"financial summary|five[- ]year", text):
        years = {c.year for c in table.columns if c.year}
        return "five-year" if len(years) >= 4 else "highlights"
    if re.search(r"environmental|social indicators|key performance", text):
        return "esg"
    if table.first_line < first_statement or re.search(r"management discussion|highlights", text):
        return "highlights"
    return "notes"


def _period(column: Column, row: Row, concept: str, statement: str) -> Period | None:
    year = column.year
    kind = column.kind
    if row.period_label and (year is None or column.member):
        years = years_in(row.period_label)
        if years:
            year = years[0]
            kind = (
                "instant" if re.search(r"\bas (?:at|of)\b", row.period_label, re.I) else "duration"
            )
    if year is None:
        return None
    info = concept_info(concept)
    balance_heading = re.fullmatch(
        r"(?:total )?(?:non-?\s?current |current )?(?:assets|liabilities)",
        row.heading.strip(),
        re.I,
    )
    if (info is not None and info.period == "instant") or (info is None and balance_heading):
        kind = "instant"
    elif info is not None and info.period == "duration" and statement != "balance":
        kind = kind if kind == "duration" else "duration"
    if not kind:
        kind = "instant" if statement == "balance" else "duration"
    if kind == "instant":
        month = column.month or 12
        end = date(year, month, 28)
        end = date(
            year,
            month,
            {2: 29 if year % 4 == 0 else 28}.get(month, 30 if month in (4, 6, 9, 11) else 31),
        )
        return Period(end=end)
    if column.half:
        return Period.parse(f"H{column.half} {year}")
    if column.quarter:
        return Period.parse(f"Q{column.quarter} {year}")
    return Period.parse(f"FY{year}")


def _column_dimensions(table: Table, column: Column, context: str) -> dict[str, str]:
    """Dimensions a member column adds: segment, operations (discontinued / continuing / all)."""
    members = [c.member for c in table.columns if c.role == "value"]
    if not column.member or len(set(members)) < 2:
        return {}
    dims: dict[str, str] = {}
    header = table.header.lower()
    order = [w for w in re.findall(r"\b(discontinued|continuing)\b", header)]
    deduped = [w for i, w in enumerate(order) if i == 0 or order[i - 1] != w]
    member = column.member
    low = member.lower()
    if re.search(r"\bconsolidated\b|^total$", low):
        if "discontinued" in header:
            dims["operations"] = "all"
        return dims
    own = re.search(r"\b(discontinued|continuing)\b", low)
    index = [c.member for c in table.columns if c.role == "value"].index(member)
    if own:
        dims["operations"] = own[1]
    elif index < len(deduped):
        dims["operations"] = deduped[index]
    name = re.sub(r"\b(?:discontinued|continuing)\s+operations?\b", "", member, flags=re.I)
    name = " ".join(name.split())
    if "segment" in context or dims.get("operations"):
        if name:
            dims["segment"] = name
    elif re.search(r"point in time|over time", low):
        dims["timing"] = name
    elif name:
        dims["component"] = name
    if dims.get("operations") == "continuing":
        # A continuing-operations segment column is the segment; the face figure has no axis.
        dims.pop("operations")
    return dims


def _scale_for(table: Table, column: Column, doc: DocContext) -> Scale:
    if column.unit_text in ("RMB", "USD", "HKD"):
        # A column in currency units ("USD", "Equivalent to RMB" in a share capital table).
        return Scale(column.unit_text, 0)
    if column.unit_text:
        found = read_scale(column.unit_text)
        if found.scale is not None:
            return found
    found = read_scale(f"{table.header} {table.title}")
    if found.scale is not None:
        return Scale(found.currency or doc.currency, found.scale)
    return Scale(doc.currency, doc.scale)


def table_candidates(
    table: Table, section: str, statement: str, doc: DocContext, lead: str = ""
) -> tuple[list[Candidate], Counter[str]]:
    """Candidates from one table, and the classification of every other numeric cell."""
    out: list[Candidate] = []
    tally: Counter[str] = Counter()
    if is_numbered_heading(table):
        # "Stakeholder engagement 1.2": a heading with its section number, not a figure.
        tally["section number"] += len(table.rows[0].cells)
        return out, tally
    orphans: list[tuple[Row, Column, Number]] = []
    context = f"{table.title} {table.header} {section} {lead}".lower()
    axis = breakdown_axis(f"{table.title} {table.header} {lead}")
    if axis and doc.segments and any(member_name(r.label) in doc.segments for r in table.rows):
        axis = "segment"
    parent_only = bool(re.search(r"parent company|company only", section + table.title, re.I))
    discontinued_note = bool(re.search(r"discontinued operation", section, re.I))
    to_disposal = bool(re.search(r"to the date of disposal", lead, re.I))
    at_disposal = bool(re.search(r"as at the date of disposal", f"{table.header} {lead}", re.I))
    subject = table_subject(table, section)
    repeated = Counter(r.label for r in table.rows if r.label)
    commitment = _commitment(f"{table.header} {table.title} {section}")
    target = re.search(r"\bof ((?:Target )?Company [IVX\d]+)\b", f"{table.title} {section}")
    rank = RANK.get(statement, 1)
    if statement == "highlights" and re.search(r"reconciliation", f"{table.title} {lead}", re.I):
        rank = 2  # a reconciliation table states its lines more fully than the highlights
    allocation = _is_allocation(table, statement, context)
    reconciliation = is_operations_reconciliation(table, context)
    people = ""
    if normalize(table.header_label) == "name" and section:
        people = asset_name(re.sub(r"\(continued\)", "", section, flags=re.IGNORECASE))
    before_offset = before_offsetting(table, statement, context, doc.lines)
    dates = movement_dates(table)
    tested = tested_unit(doc.lines, table.first_line)
    ghosts = _ghost_balances(table, dates)
    values = [c for c in table.columns if c.role == "value"]
    in_units = len({c.unit_text for c in values}) > 1 and not any(c.member for c in values)
    for row in table.rows:
        if row.line in ghosts:
            tally["junk"] += len(row.cells)
            continue
        res = resolve(row.label, row.heading, context, row.parent)
        if people and res.concept and not res.known:
            # A table of people ("Name" over the rows: directors' remuneration) states one
            # measure, the note's, per person.
            res = attrs.evolve(
                res, concept=extension(people), dimensions=(("person", member_name(row.label)),)
            )
        elif reconciliation and res.concept and not reconciliation_end(res.concept, row.label):
            # Lines between profit before tax and cash from operations are adjustments.
            working = bool(re.search(r"working capital", row.heading, re.I))
            res = attrs.evolve(
                res, concept=adjustment_concept(row.label, working), dimensions=(), known=True
            )
        elif statement != "balance" and ALLOWANCE.search(row.label):
            # "Less: impairment loss allowance" is an allowance on something (trade
            # receivables, other receivables, contract assets): one concept, qualified by it.
            allowance = allowance_on(row, table, subject, lead)
            if allowance:
                res = attrs.evolve(res, concept=ALLOWANCE_CONCEPT, dimensions=allowance, known=True)
        if not res.known and res.concept and repeated[row.label] > 1 and row.heading:
            # One label under several headings ("Ping An Group" under each transaction type):
            # the heading is part of the line's name.
            res = attrs.evolve(res, concept=extension(f"{row.heading} {row.label}"))
        if (
            not reconciliation
            and res.concept
            and _is_working_capital_change(res.concept, statement, context, row)
        ):
            res = attrs.evolve(
                res, concept=extension(f"Increase decrease in {row.label}"), known=False
            )
        if commitment and res.concept:
            # Targets agreed with vendors are not the company's results: their own lines.
            bare = re.sub(r"\s*\([^)]*(?:RMB|HK\$|US\$)[^)]*\)", "", row.label)
            res = attrs.evolve(res, concept=extension(f"{commitment} {bare}"), known=False)
        if allocation and res.concept in _FUNCTIONS:
            # "Amortization of intangible assets" charged to cost of revenue, R&D, ...: an
            # allocation of another measure by function, not the income statement line.
            res = attrs.evolve(res, concept=extension(f"{subject} in {row.label}"), known=False)
        if (
            statement == "balance"
            and re.search(r"non-?\s?current", row.heading, re.I)
            and row.label
            and not re.search(r"^total|current", row.label, re.I)
            and res.concept
            and normalize(row.label) in _current_labels(table)
        ):
            # The same label under "Non-current assets" and "Current assets" is two lines.
            res = attrs.evolve(res, concept=extension(f"Noncurrent {row.label}"), known=False)
        for cell in row.cells:
            number = cell.number
            column = table.columns[cell.column]
            if number.kind == NIL:
                tally["nil"] += 1
                continue
            if number.kind == RANGE:
                tally["range"] += 1
                continue
            if number.kind not in (AMOUNT, PERCENT):
                tally["junk"] += 1
                continue
            if column.role != "value":
                tally["percentage change" if column.role == "change" else "share of total"] += 1
                continue
            if not res.concept:
                if not row.label and number.kind == AMOUNT:
                    orphans.append((row, column, number))
                tally["unlabelled subtotal"] += 1
                continue
            concept = res.concept
            dims: dict[str, str] = dict(res.dimensions)
            known = res.known
            customer = (
                customer_member(row.label)
                if concept in ("ifrs-full:Revenue", "") or (concept.startswith("ext:Revenue"))
                else None
            )
            if customer:
                concept, known = "ifrs-full:Revenue", True
                dims["customer"] = customer
            elif axis and not known and not concept.startswith("ext:Total"):
                concept, known = "ifrs-full:Revenue", True
                dims[axis] = member_name(row.label)
            elif not known and re.search(r"related part", context) and row.heading:
                # The heading names the line ("Revenue", "Purchase of services"); the row
                # names the related party.
                parent = resolve(row.heading, "", context)
                concept, known = parent.concept, parent.known
                dims["related_party"] = member_name(row.label)
            dims.update(_column_dimensions(table, column, context))
            if parent_only:
                dims["entity"] = "parent"
            if commitment and target:
                dims["entity"] = target[1]
            if discontinued_note and "operations" not in dims:
                dims["operations"] = "discontinued"
            if tested and concept == HEADROOM:
                dims["segment"] = tested
            period = _period(column, row, concept, statement)
            if dates:
                concept, dims, period, known = movement(
                    row, column, subject, dates, dims, qualify=not in_units
                )
            if before_offset and concept in DEFERRED_TAX:
                # A deferred tax note states balances before the set-off the balance sheet
                # shows (and a roll-forward's balances are the note's, whatever their label).
                dims["offsetting"] = "before"
            if period is None:
                tally["unresolved period"] += 1
                continue
            at_date = at_disposal or "as at the date of disposal" in row.heading.lower()
            if at_date and doc.disposal_date and period.end.year == doc.disposal_date.year:
                period = Period(end=doc.disposal_date)
            elif (
                doc.disposal_date
                and not period.is_instant
                and period.end.year == doc.disposal_date.year
                and (to_disposal or dims.get("operations") == "discontinued" and "segment" in dims)
            ):
                period = Period(start=period.start, end=doc.disposal_date)
            unit, scale, value, places = _unit_value(
                number.raw, res.unit, concept, row, table, column, doc
            )
            if value is None:
                tally["junk"] += 1
                continue
            if unit == "shares" and concept == "ifrs-full:IssuedCapital":
                concept = "ifrs-full:NumberOfSharesIssued"  # the capital counted in shares
            out.append(
                Candidate(
                    concept=concept,
                    period=period,
                    dimensions=tuple(sorted(dims.items())),
                    value=value,
                    unit=unit,
                    scale=scale,
                    decimals=decimals_of(places, scale),
                    line=row.line,
                    label=row.label or unlabelled(row.heading),
                    raw=number.raw,
                    statement=statement,
                    known=known,
                    continued=row.continued,
                    subject=subject,
                    rank=rank,
                )
            )
    out.extend(_orphans(orphans, statement, table, doc))
    return out, tally


def _ghost_balances(table: Table, dates: Sequence[tuple[int, date]]) -> set[int]:
    """Lines of a roll-forward printing figures on the first line of a wrapped balance label
    ("Ordinary shares of USD0.00001" with figures, then "at December 31, 2020" with figures):
    a balance prints its figures once, on the line that completes its label and its date; the
    figures above are a misprinted ghost of that row."""
    dated = {line for line, _ in dates}
    out = set()
    for row, below in zip(table.rows, table.rows[1:], strict=False):
        if (
            row.label
            and row.cells
            and row.line not in dated
            and below.line == row.line + 1
            and below.line in dated
            and below.continued
            and below.label.startswith(row.label)
        ):
            out.add(row.line)
    return out


def _orphans(
    orphans: list[tuple[Row, Column, Number]], statement: str, table: Table, doc: DocContext
) -> list[Candidate]:
    """Unlabelled rows as placeholder candidates (concept ``""``), matched later by value."""
    out = []
    for row, column, number in orphans:
        period = _period(column, row, "", statement)
        if period is None:
            continue
        unit, scale, value, places = _unit_value(number.raw, "", "", row, table, column, doc)
        if value is None:
            continue
        out.append(
            Candidate(
                "",
                period,
                (),
                value,
                unit,
                scale,
                decimals_of(places, scale),
                row.line,
                unlabelled(row.heading),
                number.raw,
                statement,
                known=False,
            )
        )
    return out


#: Label given to a line printed without one (the format requires a label).
NO_LABEL = "(no label)"


def unlabelled(heading: str) -> str:
    """The label of a line printed without one: ``(no label)``, with the heading it sits under."""
    return f"{NO_LABEL} under {heading}" if heading else NO_LABEL


def _current_labels(table: Table) -> set[str]:
    """Labels printed outside a non-current section of a balance sheet table."""
    return {
        normalize(r.label)
        for r in table.rows
        if not re.search(r"non-?\s?current", r.heading, re.IGNORECASE)
    }


def _unit_value(
    raw: str, unit: str, concept: str, row: Row, table: Table, column: Column, doc: DocContext
) -> tuple[str, int, Decimal | None, int]:
    """Unit, scale and value of a token; the unit decides whether ``d.ddd`` is a separator."""
    info = concept_info(concept)
    label = row.label.lower()
    if column.unit_text == "shares":
        number = parse_number(raw, dot_thousands=True)
        return "shares", 0, number.value, number.places
    if unit in ("RMB/share", "RMB/ADS"):
        number = parse_number(raw, dot_thousands=False)
        return unit, 0, number.value, number.places
    number = parse_number(raw, dot_thousands=False)
    if number.kind == PERCENT or (info is not None and info.unit == "%") or column.unit_text == "%":
        return "%", 0, number.value, number.places
    if (info is not None and info.unit == "shares") or re.search(
        r"number of (?:ordinary )?shares", label
    ):
        scale = 3 if re.search(r"'000|’000|thousand", row.label) else 0
        number = parse_number(raw, dot_thousands=True)
        return "shares", scale, number.value, number.places
    if re.search(r"^(?:total )?number of|headcount|employees$", label):
        number = parse_number(raw, dot_thousands=True)
        noun = re.sub(r"\(.*?\)", "", label).split()[-1] if label.split() else "count"
        unit = "persons" if re.search(r"employee|staff|headcount|people", label) else noun
        return unit, 0, number.value, number.places
    own = read_scale(row.label)
    found = own if own.scale is not None else _scale_for(table, column, doc)
    currency = found.currency or doc.currency or "RMB"
    scale = found.scale if found.scale is not None else 0
    number = parse_number(raw, dot_thousands=scale in (0, 3, 4))
    return currency, scale, number.value, number.places


_FUNCTIONS = frozenset(
    {
        "ifrs-full:CostOfSales",
        "ifrs-full:ResearchAndDevelopmentExpense",
        "ifrs-full:SellingGeneralAndAdministrativeExpense",
        "ifrs-full:AdministrativeExpense",
    }
)
_RESULTS = frozenset(
    {
        "ifrs-full:Revenue",
        "ifrs-full:GrossProfit",
        "ifrs-full:ProfitLossFromOperatingActivities",
        "ifrs-full:ProfitLossBeforeTax",
    }
)


def table_subject(table: Table, section: str) -> str:
    """What a note table measures: its first header label, else its title, else its section."""
    titles = list(reversed(table.title.split(" / "))) if table.title else []
    for text in (table.header_label, *titles, section):
        text = re.sub(r"^\(?[a-z0-9]{1,3}\)\s*|^\d{1,2}(?:\.\d)?\s+", "", text.strip())
        text = re.sub(
            r"^(?:the )?(?:movements?|analysis|details|breakdown) (?:of|in) (?:the )?",
            "",
            text,
            flags=re.IGNORECASE,
        )
        text = re.sub(r"\s+(?:were|was|is|are) as follows:?$", "", text, flags=re.IGNORECASE)
        text = re.sub(r"\(continued\)|:$", "", text, flags=re.IGNORECASE).strip()
        # "UNAUDITED CONSOLIDATED STATEMENTS OF CHANGES IN EQUITY" measures changes in equity.
        text = re.sub(
            r"\b(?:unaudited|audited|condensed|consolidated|statements? of)\s+",
            "",
            text,
            flags=re.I,
        ).strip()
        if text.isupper():
            text = text.capitalize()
        if period_kind(text)[0] or years_in(text):
            continue  # "FOR THE YEAR ENDED DECEMBER 31, 2024" says when, not what
        if re.search(r"[A-Za-z]{3,}", text) and len(text) < 90:
            return text
    return ""


def _is_allocation(table: Table, statement: str, context: str) -> bool:
    """A note table that splits one measure by function (cost of revenue, R&D, G&A...)."""
    if statement in ("income", "balance", "cashflow", "equity", "five-year"):
        return False
    found = {resolve(r.label, r.heading, context, r.parent).concept for r in table.rows}
    return len(found & _FUNCTIONS) >= 2 and not found & _RESULTS


def _is_working_capital_change(concept: str, statement: str, context: str, row: Row) -> bool:
    """A balance-sheet line printed in a cash flow (changes in working capital) is its change."""
    info = concept_info(concept)
    if info is None or info.period != "instant" or concept == "ifrs-full:CashAndCashEquivalents":
        return False
    text = f"{context} {row.heading}".lower()
    return statement == "cashflow" or bool(
        re.search(r"working capital|cash (?:generated from|used in) operations", text)
    )


HEADROOM = "ext:RecoverableAmountExceedingCarryingAmount"
_TESTED = re.compile(
    r"\b(?:group of )?(?:CGUs?|cash[- ]generating units?) of (?:the )?"
    r"((?:[A-Z][\w&-]*\s)+?)segment\b"
)


def tested_unit(lines: Sequence[str], first_line: int, reach: int = 15) -> str:
    """The segment whose cash-generating units an impairment test covers, from the note's prose
    above the table ("... attributable to the group of CGUs of Technology Solutions segment")."""
    for index in range(first_line - 2, max(first_line - 2 - reach, -1), -1):
        found = _TESTED.search(lines[index])
        if found:
            return found[1].strip()
    return ""


def _commitment(text: str) -> str:
    """ "Performance commitment" or "Target" when a table states targets rather than results."""
    if re.search(r"performance commitment", text, re.IGNORECASE):
        return "Performance commitment"
    if re.search(r"\b(?:profit guarantee|forecast|budget)\b", text, re.IGNORECASE):
        return "Target"
    return ""
