"""Tables -> candidate facts: concept, period, dimensions, unit and scale for every printed value.

A candidate is a value with everything a fact needs; whether it becomes a fact is decided later
(one value per series, arithmetic for conflicts). Every numeric cell of a table row is either a
candidate or classified (percentage change, share of total, nil, range, unresolved period,
unlabelled subtotal, junk), so the report can say what share of the printed numbers was used.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Sequence
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
    currencies_in,
    decimals_of,
    parse_number,
    read_scale,
)
from ..reading.tables import Row, Table
from .concepts import (
    Resolution,
    adjustment_concept,
    breakdown_axis,
    customer_member,
    extension,
    growth_concept,
    lookup,
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
    #: the end and length in months of the document's own period, and its fiscal year end,
    #: which date the columns headed "The Reporting Period" or "From the beginning of the year"
    period_end: date | None = None
    months: int = 12
    fiscal: tuple[int, int] = (12, 31)
    #: the scale the document states in words for its amounts ("amounts are RMB thousands")
    stated_scale: int | None = None
    #: the operations the document declares discontinued ("YY Live")
    discontinued: tuple[str, ...] = ()


#: A caption that makes a table a schedule of a discontinued business: its results, its assets
#: and liabilities held for sale, a disposal group's figures.
_ABOUT_DISCONTINUED = re.compile(
    r"\bdiscontinued[\s-]operations?\b|\bheld for sale\b|\bdisposal groups?\b", re.IGNORECASE
)
_CONTINUING = re.compile(r"\bcontinuing\b", re.IGNORECASE)
#: How many lines above a table its caption may stand (header lines skipped).
_CAPTION_REACH = 3


def caption(table: Table, lines: Sequence[str]) -> str:
    """The text that says what a table is about: its title and header, and the headings
    printed right above its header lines (a 20-F schedule's "Summary of assets ... of
    discontinued operations"); a blank line or a sentence (ending in a full stop) ends them."""
    above: list[str] = []
    number = table.first_line - 1
    while number >= 1 and len(above) < _CAPTION_REACH:
        text = lines[number - 1]
        number -= 1
        if text.startswith("\t") and text.strip():
            continue  # a header line of the table (its period, its currency)
        if not text.strip() or "\t" in text or text.rstrip().endswith("."):
            break  # a gap, a row of the table before, or prose
        above.append(text.strip())
    title = "" if table.title.rstrip().endswith(".") else table.title  # prose, no title
    return " ".join([title, table.header, *above])


def about_discontinued(text: str, operations: Sequence[str] = ()) -> bool:
    """True when a table's caption says it is about a discontinued business ("Summary of
    assets ... of discontinued operations", "Disposal of YY Live business" for an operation the
    document declares discontinued), not both kinds of operations."""
    if _CONTINUING.search(text):
        return False
    if _ABOUT_DISCONTINUED.search(text):
        return True
    low = text.lower()
    return any(f"disposal of {name.lower()}" in low for name in operations if name)


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
        return Period(end=_end_date(year, column.month or 12, column.day))
    if column.months:
        # A duration of a stated length ending in a stated month: "Third Fiscal Quarter Ended
        # May 31" is March to May, "Year Ended August 31" September to August. Calendar
        # periods come out the same as their labels (Q4 2023, 9M 2024, FY2023).
        return months_ending(_end_date(year, column.month, column.day), column.months)
    if column.half:
        return Period.parse(f"H{column.half} {year}")
    if column.quarter:
        return Period.parse(f"Q{column.quarter} {year}")
    return Period.parse(f"FY{year}")


def _end_date(year: int, month: int, day: int = 0) -> date:
    """The day a period ends: the printed day, else the month's last day."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, day if 1 <= day <= last else last)


def months_ending(end: date, months: int) -> Period:
    """The duration of ``months`` whole months ending on ``end`` (a month's last day)."""
    first = end.month - months + 1
    year = end.year
    while first <= 0:
        first += 12
        year -= 1
    return Period(start=date(year, first, 1), end=end)


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


#: A caption above a table that states its unit: "(Amounts in thousands of Renminbi ...)",
#: "All amounts in thousands, except for per share data", "¥ in Thousands, $ in Thousands".
_UNIT_CAPTION = re.compile(
    r"\b(?:amounts?|expressed|stated|presented)\b[^.]{0,80}?\bin (?:thousands|millions)\b"
    r"|(?:RMB|¥|\$|US\$|HK\$)\s+in\s+(?:thousands|millions)\b",
    re.IGNORECASE,
)


def _caption_scale(table: Table, doc: DocContext) -> Scale:
    """The unit a caption just above ``table`` states (up to four lines above its header)."""
    first = table.first_line - 1
    for index in range(first - 1, max(first - 5, -1), -1):
        if index >= len(doc.lines):
            continue
        text = doc.lines[index]
        if _UNIT_CAPTION.search(text):
            found = read_scale(text)
            if found.scale is not None:
                return found
    return Scale(None, None)


#: "¥ in Thousands, $ in Thousands" (an SEC rendering): a scale stated for one currency.
_CURRENCY_SCALE = re.compile(
    r"(US\$|HK\$|RMB|CNY|¥|\$)\s*in\s+(thousands|millions)\b", re.IGNORECASE
)
_CURRENCY_SYMBOLS = {"US$": "USD", "HK$": "HKD", "$": "USD", "RMB": "RMB", "CNY": "RMB", "¥": "RMB"}


def _currency_scales(table: Table, doc: DocContext) -> dict[str, int]:
    """The scales a table's caption or header states per currency, read from the printed lines
    (an SEC page may state "$ in Thousands" only, its yuan columns being in full units)."""
    last = min((row.line for row in table.rows), default=table.first_line) - 1
    found: dict[str, int] = {}
    for index in range(max(table.first_line - 4, 1), last + 1):
        if index > len(doc.lines):
            break
        for m in _CURRENCY_SCALE.finditer(doc.lines[index - 1]):
            code = _CURRENCY_SYMBOLS[m.group(1).upper() if m.group(1) != "¥" else "¥"]
            found.setdefault(code, 3 if m.group(2).lower() == "thousands" else 6)
    return found


def _scale_for(table: Table, column: Column, doc: DocContext) -> Scale:
    """The unit of a column. A table's own unit (its header, title or caption) wins over the
    document's default; a column printing only a currency ("RMB" | "US$") takes the table's
    scale in that currency, else (under a period) the scale the document states in words, else
    units."""
    stated = read_scale(f"{table.header} {table.title}")
    if len(currencies_in(table.header)) > 1:
        # "RMB | RMB | USD": the header's currencies belong to their columns, not the table.
        stated = Scale(None, stated.scale)
    if stated.scale is None:
        stated = _caption_scale(table, doc)
    if column.unit_text:
        own = read_scale(column.unit_text)
        currency_only = re.fullmatch(r"(?:RMB|USD|HKD|US\$|HK\$|¥|CNY)", column.unit_text)
        if currency_only or column.unit_text in ("RMB", "USD", "HKD"):
            currency = own.currency or column.unit_text
            per_currency = _currency_scales(table, doc)
            if per_currency:
                return Scale(currency, per_currency.get(currency, 0))
            if stated.scale is not None and stated.scale != 0:
                return Scale(currency, stated.scale)
            if column.year is not None and doc.stated_scale is not None:
                # "2020" over "RMB": the currency of a period's figures, whose scale the
                # document states elsewhere ("amounts are RMB thousands").
                return Scale(currency, doc.stated_scale)
            # A column in currency units ("USD", "Equivalent to RMB" in a share capital table).
            return Scale(currency, 0)
        if own.scale is not None:
            return own
    if stated.scale is not None:
        return Scale(stated.currency or doc.currency, stated.scale)
    return Scale(doc.currency, doc.scale)


@attrs.frozen
class TableContext:
    """What a table says about every one of its lines, worked out once per table.

    ``context`` is the lower-cased title, header, section and lead the label rules read;
    the flags and names below are what the rules ask of it.
    """

    table: Table
    section: str
    statement: str
    doc: DocContext
    lead: str
    context: str
    #: the axis a revenue breakdown splits by (None: not a breakdown)
    axis: str | None
    parent_only: bool
    discontinued_note: bool
    to_disposal: bool
    at_disposal: bool
    subject: str
    #: labels printed on more than one row
    repeated: frozenset[str]
    commitment: str
    #: the acquired company a commitment table is about ("Target Company I")
    target: str | None
    rank: int
    allocation: bool
    reconciliation: bool
    #: what a table of people ("Name" over the rows) measures per person
    people: str
    before_offset: bool
    #: (line, date) of a roll-forward's balance rows
    dates: list[tuple[int, date]]
    tested: str
    ghosts: frozenset[int]
    #: value columns in different units (a roll-forward's figures and its share counts)
    in_units: bool


def table_context(
    table: Table, section: str, statement: str, doc: DocContext, lead: str = ""
) -> TableContext:
    """Everything the line and figure rules need to know about ``table``."""
    context = f"{table.title} {table.header} {section} {lead}".lower()
    axis = breakdown_axis(f"{table.title} {table.header} {lead}")
    if axis and doc.segments and any(member_name(r.label) in doc.segments for r in table.rows):
        axis = "segment"
    subject = table_subject(table, section)
    repeated = Counter(r.label for r in table.rows if r.label)
    target = re.search(r"\bof ((?:Target )?Company [IVX\d]+)\b", f"{table.title} {section}")
    rank = RANK.get(statement, 1)
    if statement == "highlights" and re.search(r"reconciliation", f"{table.title} {lead}", re.I):
        rank = 2  # a reconciliation table states its lines more fully than the highlights
    people = ""
    if normalize(table.header_label) == "name" and section:
        people = asset_name(re.sub(r"\(continued\)", "", section, flags=re.IGNORECASE))
    dates = movement_dates(table)
    values = [c for c in table.columns if c.role == "value"]
    return TableContext(
        table=table,
        section=section,
        statement=statement,
        doc=doc,
        lead=lead,
        context=context,
        axis=axis,
        parent_only=bool(re.search(r"parent company|company only", section + table.title, re.I)),
        discontinued_note=bool(re.search(r"discontinued operation", section, re.I))
        or about_discontinued(caption(table, doc.lines), doc.discontinued),
        to_disposal=bool(re.search(r"to the date of disposal", lead, re.I)),
        at_disposal=bool(re.search(r"as at the date of disposal", f"{table.header} {lead}", re.I)),
        subject=subject,
        repeated=frozenset(label for label, count in repeated.items() if count > 1),
        commitment=_commitment(f"{table.header} {table.title} {section}"),
        target=target[1] if target else None,
        rank=rank,
        allocation=_is_allocation(table, statement, context),
        reconciliation=is_operations_reconciliation(table, context),
        people=people,
        before_offset=before_offsetting(table, statement, context, doc.lines),
        dates=dates,
        tested=tested_unit(doc.lines, table.first_line),
        ghosts=frozenset(_ghost_balances(table, dates)),
        in_units=len({c.unit_text for c in values}) > 1 and not any(c.member for c in values),
    )


# --- line rules: what a row's label means in its table ------------------------------------------

#: A line rule returns the row's new resolution, or None when it does not apply.
LineRule = Callable[[TableContext, Row, Resolution], Resolution | None]


def _person(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # A table of people ("Name" over the rows: directors' remuneration) states one measure,
    # the note's, per person.
    if not (ctx.people and res.concept and not res.known):
        return None
    dimensions = (("person", member_name(row.label)),)
    return attrs.evolve(res, concept=extension(ctx.people), dimensions=dimensions)


def _adjustment(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # Lines between profit before tax and cash from operations are adjustments.
    if not (ctx.reconciliation and res.concept and not reconciliation_end(res.concept, row.label)):
        return None
    working = bool(re.search(r"working capital", row.heading, re.I))
    concept = adjustment_concept(row.label, working)
    return attrs.evolve(res, concept=concept, dimensions=(), known=True)


def _allowance(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # "Less: impairment loss allowance" is an allowance on something (trade receivables,
    # other receivables, contract assets): one concept, qualified by it.
    if ctx.statement == "balance" or not ALLOWANCE.search(row.label):
        return None
    allowance = allowance_on(row, ctx.table, ctx.subject, ctx.lead)
    if not allowance:
        return None
    return attrs.evolve(res, concept=ALLOWANCE_CONCEPT, dimensions=allowance, known=True)


def _heading_in_name(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # One label under several headings ("Ping An Group" under each transaction type): the
    # heading is part of the line's name.
    if res.known or not res.concept or row.label not in ctx.repeated or not row.heading:
        return None
    return attrs.evolve(res, concept=extension(f"{row.heading} {row.label}"))


def _working_capital(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    if ctx.reconciliation or not res.concept:
        return None
    if not _is_working_capital_change(res.concept, ctx.statement, ctx.context, row):
        return None
    return attrs.evolve(res, concept=extension(f"Increase decrease in {row.label}"), known=False)


def _commitment_line(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # Targets agreed with vendors are not the company's results: their own lines.
    if not (ctx.commitment and res.concept):
        return None
    bare = re.sub(r"\s*\([^)]*(?:RMB|HK\$|US\$)[^)]*\)", "", row.label)
    return attrs.evolve(res, concept=extension(f"{ctx.commitment} {bare}"), known=False)


def _allocated(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # "Amortization of intangible assets" charged to cost of revenue, R&D, ...: an allocation
    # of another measure by function, not the income statement line.
    if not (ctx.allocation and res.concept in _FUNCTIONS):
        return None
    return attrs.evolve(res, concept=extension(f"{ctx.subject} in {row.label}"), known=False)


def _noncurrent(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # The same label under "Non-current assets" and "Current assets" is two lines.
    if (
        ctx.statement != "balance"
        or not re.search(r"non-?\s?current", row.heading, re.I)
        or not row.label
        or re.search(r"^total|current", row.label, re.I)
        or not res.concept
        or normalize(row.label) not in _current_labels(ctx.table)
    ):
        return None
    return attrs.evolve(res, concept=extension(f"Noncurrent {row.label}"), known=False)


_GENERIC_TOTAL = frozenset({"total", "subtotal", "sub total", "total revenue", "total revenues"})
_GENERIC_OTHER = frozenset({"others", "other", "other revenue", "other revenues"})


def _breakdown_generic(ctx: TableContext, row: Row, res: Resolution) -> Resolution | None:
    # A generic row of a revenue breakdown takes the table's meaning: "Total" is the revenue
    # it breaks down, "Others" one more member of its axis.
    if not ctx.axis or row.heading and lookup(row.heading.rstrip(":")) is not None:
        return None
    norm = normalize(row.label)
    if norm in _GENERIC_TOTAL:
        return Resolution("ifrs-full:Revenue")
    if norm in _GENERIC_OTHER and not res.known:
        return Resolution(extension(row.label), known=False)
    return None


#: In order; within a group the first rule that applies wins.
LINE_RULES: tuple[tuple[LineRule, ...], ...] = (
    (_breakdown_generic,),
    (_person, _adjustment, _allowance),
    (_heading_in_name,),
    (_working_capital,),
    (_commitment_line,),
    (_allocated,),
    (_noncurrent,),
)


def line_resolution(ctx: TableContext, row: Row) -> Resolution:
    """What ``row`` states: the taxonomy's reading of its label, then the line rules."""
    res = resolve(row.label, row.heading, ctx.context, row.parent)
    for group in LINE_RULES:
        for rule in group:
            found = rule(ctx, row, res)
            if found is not None:
                res = found
                break
    return res


# --- figure rules: one printed value's concept, dimensions and period ---------------------------


@attrs.define
class Figure:
    """One value of a row while the figure rules work on it (rules change it in place)."""

    concept: str
    dims: dict[str, str]
    known: bool
    period: Period | None = None


#: A figure rule qualifies the figure of ``row`` in ``column``.
FigureRule = Callable[[TableContext, Row, Column, Figure], None]


def _member(ctx: TableContext, row: Row, column: Column, fig: Figure) -> None:
    revenue_line = fig.concept in ("ifrs-full:Revenue", "") or fig.concept.startswith("ext:Revenue")
    customer = customer_member(row.label) if revenue_line else None
    if customer:
        fig.concept, fig.known = "ifrs-full:Revenue", True
        fig.dims["customer"] = customer
    elif ctx.axis and not fig.known and not fig.concept.startswith("ext:Total"):
        fig.concept, fig.known = "ifrs-full:Revenue", True
        fig.dims[ctx.axis] = member_name(row.label)
    elif not fig.known and re.search(r"related part", ctx.context) and row.heading:
        # The heading names the line ("Revenue", "Purchase of services"); the row names the
        # related party.
        parent = resolve(row.heading, "", ctx.context)
        fig.concept, fig.known = parent.concept, parent.known
        fig.dims["related_party"] = member_name(row.label)


def _qualifiers(ctx: TableContext, row: Row, column: Column, fig: Figure) -> None:
    fig.dims.update(_column_dimensions(ctx.table, column, ctx.context))
    if ctx.parent_only:
        fig.dims["entity"] = "parent"
    if ctx.commitment and ctx.target:
        fig.dims["entity"] = ctx.target
    if ctx.discontinued_note and "operations" not in fig.dims:
        fig.dims["operations"] = "discontinued"
    if ctx.tested and fig.concept == HEADROOM:
        fig.dims["segment"] = ctx.tested


def _column_period(ctx: TableContext, row: Row, column: Column, fig: Figure) -> None:
    fig.period = _period(column, row, fig.concept, ctx.statement)


def _roll_forward(ctx: TableContext, row: Row, column: Column, fig: Figure) -> None:
    if ctx.dates:
        qualify = not ctx.in_units
        fig.concept, fig.dims, fig.period, fig.known = movement(
            row, column, ctx.subject, ctx.dates, fig.dims, qualify=qualify
        )


def _offsetting(ctx: TableContext, row: Row, column: Column, fig: Figure) -> None:
    # A deferred tax note states balances before the set-off the balance sheet shows (and a
    # roll-forward's balances are the note's, whatever their label).
    if ctx.before_offset and fig.concept in DEFERRED_TAX:
        fig.dims["offsetting"] = "before"


def _disposal_date(ctx: TableContext, row: Row, column: Column, fig: Figure) -> None:
    # Figures of a disposed business end on the day of its disposal, not at the year's end.
    period, disposal = fig.period, ctx.doc.disposal_date
    if period is None or disposal is None or period.end.year != disposal.year:
        return
    if ctx.at_disposal or "as at the date of disposal" in row.heading.lower():
        fig.period = Period(end=disposal)
    elif not period.is_instant and (
        ctx.to_disposal or fig.dims.get("operations") == "discontinued" and "segment" in fig.dims
    ):
        fig.period = Period(start=period.start, end=disposal)


#: In order: each rule sees what the ones before it decided.
FIGURE_RULES: tuple[FigureRule, ...] = (
    _member,
    _qualifiers,
    _column_period,
    _roll_forward,
    _offsetting,
    _disposal_date,
)


def _classify(number: Number, column: Column) -> str | None:
    """Why a cell is no candidate ("nil", "range", ...), or None for a value to read."""
    if number.kind == NIL:
        return "nil"
    if number.kind == RANGE:
        return "range"
    if number.kind not in (AMOUNT, PERCENT):
        return "junk"
    if column.role != "value":
        return "percentage change" if column.role == "change" else "share of total"
    return None


def _dated(table: Table, doc: DocContext) -> Table:
    """``table`` with its columns headed by the document's own period dated: the reporting
    period is the document's (three months for a quarterly report), the year to date runs from
    the start of the fiscal year."""
    if doc.period_end is None or not any(c.relative for c in table.columns):
        return table
    end = doc.period_end
    start_month = doc.fiscal[0] % 12 + 1
    ytd_months = (end.month - start_month) % 12 + 1
    columns = tuple(
        attrs.evolve(
            c,
            year=end.year,
            month=end.month,
            day=end.day,
            kind="duration",
            months=ytd_months if c.relative == "ytd" else doc.months,
            resolved_by="document",
        )
        if c.relative
        else c
        for c in table.columns
    )
    return attrs.evolve(table, columns=columns)


def table_candidates(
    table: Table,
    section: str,
    statement: str,
    doc: DocContext,
    lead: str = "",
    unresolved: list[tuple[int, int]] | None = None,
) -> tuple[list[Candidate], Counter[str]]:
    """Candidates from one table, and the classification of every other numeric cell.

    ``unresolved`` receives (line, column index) of each value cell whose period cannot be
    resolved: no fact is made of it, and the caller reports the column.
    """
    out: list[Candidate] = []
    tally: Counter[str] = Counter()
    if is_numbered_heading(table):
        # "Stakeholder engagement 1.2": a heading with its section number, not a figure.
        tally["section number"] += len(table.rows[0].cells)
        return out, tally
    table = _dated(table, doc)
    ctx = table_context(table, section, statement, doc, lead)
    orphans: list[tuple[Row, Column, Number]] = []
    for row in table.rows:
        if row.line in ctx.ghosts:
            tally["junk"] += len(row.cells)
            continue
        res = line_resolution(ctx, row)
        for cell in row.cells:
            number = cell.number
            column = table.columns[cell.column]
            skipped = _classify(number, column)
            if skipped == "percentage change" and _is_growth(row, table, number, res):
                growth = _growth(ctx, row, column, number, res)
                if growth is not None:
                    out.append(growth)
                    continue
            if skipped is None and not res.concept:
                if not row.label and number.kind == AMOUNT:
                    orphans.append((row, column, number))
                skipped = "unlabelled subtotal"
            if skipped is not None:
                tally[skipped] += 1
                continue
            found = _candidate(ctx, row, column, number, res)
            if isinstance(found, str):
                tally[found] += 1
                if found == "unresolved period" and unresolved is not None:
                    unresolved.append((row.line, cell.column))
            else:
                out.append(found)
    out.extend(_orphans(orphans, statement, table, doc))
    return out, tally


def _candidate(
    ctx: TableContext, row: Row, column: Column, number: Number, res: Resolution
) -> Candidate | str:
    """The candidate of one value cell, or why it is none ("unresolved period", "junk")."""
    fig = Figure(res.concept, dict(res.dimensions), res.known)
    for rule in FIGURE_RULES:
        rule(ctx, row, column, fig)
    if fig.period is None:
        return "unresolved period"
    unit, scale, value, places = _unit_value(
        number.raw, res.unit, fig.concept, row, ctx.table, column, ctx.doc
    )
    if value is None:
        return "junk"
    concept = fig.concept
    if unit == "shares" and concept == "ifrs-full:IssuedCapital":
        concept = "ifrs-full:NumberOfSharesIssued"  # the capital counted in shares
    return Candidate(
        concept=concept,
        period=fig.period,
        dimensions=tuple(sorted(fig.dims.items())),
        value=value,
        unit=unit,
        scale=scale,
        decimals=decimals_of(places, scale),
        line=row.line,
        label=row.label or unlabelled(row.heading),
        raw=number.raw,
        statement=ctx.statement,
        known=fig.known,
        continued=row.continued,
        subject=ctx.subject,
        rank=ctx.rank,
    )


def _is_growth(row: Row, table: Table, number: Number, res: Resolution) -> bool:
    """A percentage in a year-on-year change column of an amount's row: the amount's growth
    rate (a ratio's change, in percentage points, is no growth rate)."""
    if number.kind != PERCENT or not res.concept or res.unit:
        return False
    info = concept_info(res.concept)
    if info is not None and info.unit in ("%", "shares"):
        return False
    amounts = [
        c.number for c in row.cells if table.columns[c.column].role == "value" and c.number.is_value
    ]
    return bool(amounts) and all(n.kind == AMOUNT for n in amounts)


def _compared(table: Table, column: Column) -> Column | None:
    """The value column a change column compares: its own period when it has one, else the
    latest of the value columns of its group (those between the previous change column and
    it: "Three Months Ended 2023 | 2022 | YoY | Year Ended 2023 | 2022 | YoY")."""
    if column.year is not None:
        return column
    index = table.columns.index(column)
    group: list[Column] = []
    for other in reversed(table.columns[:index]):
        if other.role == "change":
            break
        if other.role == "value" and other.year is not None:
            group.append(other)
    if not group:
        return None
    return max(group, key=lambda c: (c.year or 0, c.month or 0))


def _growth(
    ctx: TableContext, row: Row, column: Column, number: Number, res: Resolution
) -> Candidate | None:
    """The growth rate a change column prints for ``row``: the measure, dimensions and period
    of the figure it compares (``_compared``), as a percentage."""
    compared = _compared(ctx.table, column)
    if compared is None or number.value is None:
        return None
    fig = Figure(res.concept, dict(res.dimensions), res.known)
    for rule in FIGURE_RULES:
        rule(ctx, row, compared, fig)
    if fig.period is None or not fig.concept:
        return None
    return Candidate(
        concept=growth_concept(fig.concept),
        period=fig.period,
        dimensions=tuple(sorted(fig.dims.items())),
        value=number.value,
        unit="%",
        scale=0,
        decimals=number.places,
        line=row.line,
        label=f"{row.label} (year-on-year change)",
        raw=number.raw,
        statement=ctx.statement,
        known=False,
        subject=ctx.subject,
        rank=ctx.rank,
    )


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
