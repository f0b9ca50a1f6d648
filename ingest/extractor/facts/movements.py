"""Movement tables (roll-forwards): balances at dates, and the movements between them.

A movement table prints balance rows ("At December 31, 2023", "As at January 1, 2024") and the
movements between them ("Additions", "Recognized in profit or loss"), with components as
columns (the statement of changes in equity, deferred tax, intangible assets). Balance rows are
instants; movements are durations from one balance to the next.
"""

from __future__ import annotations

import re
from datetime import date

from ledger.domain.taxonomy import concept_info
from ledger.domain.values import Period

from ...errors import calendar_date
from ..reading.headers import MONTH_NAMES, Column
from ..reading.tables import Row, Table
from .concepts import extension, lookup

#: "At December 31, 2023", or a balance named before its date ("Ordinary shares of USD0.00001
#: at December 31, 2020"): one date at the end of the label.
_DATE_LABEL = re.compile(
    r"^(?:balance |.{0,60}?\s)?(?:as )?at\s+(?:(\d{1,2})\s+)?(" + "|".join(MONTH_NAMES) + r")\s*"
    r"(\d{1,2})?,?\s*(\d{4})$",
    re.IGNORECASE,
)


def _date_of(label: str) -> date | None:
    m = _DATE_LABEL.match(" ".join(label.split()))
    if not m:
        return None
    month = MONTH_NAMES.index(m[2].lower()) + 1
    day = int(m[1] or m[3] or 1)
    found = calendar_date(int(m[4]), month, day, label)
    if day == 1 and month == 1:
        # An opening balance "as at January 1, 2023" is the closing balance of 2022-12-31.
        found = date(found.year - 1, 12, 31)
    return found


_OPENING = re.compile(
    r"^(?:opening (?:net book amount|net carrying amount|carrying amount|balance)|"
    r"(?:at |as at )?(?:the )?beginning of (?:the )?(?:year|period))$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:closing (?:net book amount|net carrying amount|carrying amount|balance)|"
    r"(?:at |as at )?(?:the )?end of (?:the )?(?:year|period))$",
    re.IGNORECASE,
)
#: Lines analysing the last balance of a roll-forward (cost, accumulated amortisation, ...).
_ANALYSIS = re.compile(
    r"^(?:cost|gross carrying amount|accumulated (?:amorti[sz]ation|depreciation|impairment)"
    r"|exchange differences|net book amount|net carrying amount|carrying amount)\b",
    re.IGNORECASE,
)


def balance_date(label: str, year: int | None) -> date | None:
    """The date of a balance row: printed ("At December 31, 2023"), or the start or end of the
    year the columns cover ("Opening net book amount" in a "Year ended December 31, 2023"
    roll-forward is the balance at 2022-12-31)."""
    found = _date_of(label)
    if found is not None or year is None:
        return found
    text = " ".join(label.split())
    if _OPENING.match(text):
        return date(year - 1, 12, 31)
    if _CLOSING.match(text):
        return date(year, 12, 31)
    return None


def movement_dates(table: Table) -> list[tuple[int, date]]:
    """(line, date) of the balance rows of a movement table (a roll-forward), if it is one."""
    values = [c for c in table.columns if c.role == "value"]
    members = any(c.member for c in values)
    resolved = any(c.year for c in values)
    if resolved and not members:
        return []
    # Component columns of one financial year ("Year ended December 31, 2023" over the
    # columns): its opening and closing rows are balances at the year's ends.
    years = {c.year for c in values if c.year and c.kind == "duration" and c.month in (None, 12)}
    year = years.pop() if len(years) == 1 else None
    if any(r.period_label for r in table.rows):
        year = None  # several years stacked ("Year ended ... 2022" further down): not one year
    return [(r.line, d) for r in table.rows if (d := balance_date(r.label, year)) is not None]


def movement(
    row: Row,
    column: Column,
    subject: str,
    dates: list[tuple[int, date]],
    dims: dict[str, str],
    qualify: bool = True,
) -> tuple[str, dict[str, str], Period | None, bool]:
    """Concept, dimensions and period of a cell of a movement table.

    Balance rows ("At December 31, 2024") are instants; the rows between two balances are
    movements over the period between them. The column member names the component (a column
    that is itself a concept, such as "Share capital", is that concept). A movement line is
    named after the table's subject ("Intangible assets Additions") unless ``qualify`` is False:
    the columns of one item in several units (a share capital table: number of shares, USD,
    RMB) print lines that say what moves ("Newly issued ordinary shares").
    """
    own = next(
        (d for line, d in dates if line == row.line and (_date_of(row.label) or _is_end(row))),
        None,
    )
    member = column.member
    base = lookup(member) if member else None
    info = concept_info(base) if base else None
    dims = {k: v for k, v in dims.items() if k not in ("component", "segment", "timing")}
    if own is not None:
        if info is not None and info.period == "instant":
            return base or "", dims, Period(end=own), True
        concept = lookup(subject) or extension(subject or "Balance")
        if member and not re.fullmatch(r"total", member, re.IGNORECASE):
            dims["component"] = member
        return concept, dims, Period(end=own), True
    after = [d for line, d in dates if line > row.line]
    # The opening balance is the latest balance above that precedes the closing one (a ghost
    # balance row with a misread year does not break the period).
    before = [d for line, d in dates if line <= row.line and (not after or d < after[0])]
    period = None
    if before and after:
        start = before[-1]
        period = Period(start=date(start.year, start.month, start.day), end=after[0])
        if start.month == 12 and start.day == 31:
            period = Period(start=date(start.year + 1, 1, 1), end=after[0])
    if not after and before and _ANALYSIS.match(" ".join(row.label.split())):
        # "Cost", "Accumulated amortization", "Net book amount" after the last balance row
        # analyse that balance.
        period = Period(end=before[-1])
    named = subject and qualify
    concept = extension(f"{subject} {row.label}") if named else extension(row.label)
    if member and not re.fullmatch(r"total", member, re.IGNORECASE):
        dims["component"] = member
    return concept, dims, period, False


def _is_end(row: Row) -> bool:
    text = " ".join(row.label.split())
    return bool(_OPENING.match(text) or _CLOSING.match(text))
