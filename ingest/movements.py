"""Movement tables (roll-forwards): balances at dates, and the movements between them.

A movement table prints balance rows ("At December 31, 2023", "As at January 1, 2024") and the
movements between them ("Additions", "Recognized in profit or loss"), with components as
columns (the statement of changes in equity, deferred tax, intangible assets). Balance rows are
instants; movements are durations from one balance to the next.
"""

from __future__ import annotations

import re
from datetime import date

from ledger.domain.values import Period

from .concepts import concept_info, extension, lookup
from .headers import Column
from .tables import Row, Table

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE_LABEL = re.compile(
    r"^(?:balance )?(?:as )?at\s+(?:(\d{1,2})\s+)?(" + "|".join(_MONTH_NAMES) + r")\s*"
    r"(\d{1,2})?,?\s*(\d{4})$",
    re.IGNORECASE,
)


def _date_of(label: str) -> date | None:
    m = _DATE_LABEL.match(" ".join(label.split()))
    if not m:
        return None
    month = _MONTH_NAMES.index(m[2].lower()) + 1
    day = int(m[1] or m[3] or 1)
    found = date(int(m[4]), month, day)
    if day == 1 and month == 1:
        # An opening balance "as at January 1, 2023" is the closing balance of 2022-12-31.
        found = date(found.year - 1, 12, 31)
    return found


def movement_dates(table: Table) -> list[tuple[int, date]]:
    """(line, date) of the balance rows of a movement table (a roll-forward), if it is one."""
    members = any(c.member for c in table.columns if c.role == "value")
    resolved = any(c.year for c in table.columns if c.role == "value")
    if resolved and not members:
        return []
    return [(r.line, d) for r in table.rows if (d := _date_of(r.label)) is not None]


def movement(
    row: Row,
    column: Column,
    subject: str,
    dates: list[tuple[int, date]],
    dims: dict[str, str],
) -> tuple[str, dict[str, str], Period | None, bool]:
    """Concept, dimensions and period of a cell of a movement table.

    Balance rows ("At December 31, 2024") are instants; the rows between two balances are
    movements over the period between them. The column member names the component (a column
    that is itself a concept, such as "Share capital", is that concept).
    """
    own = _date_of(row.label)
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
    concept = extension(f"{subject} {row.label}") if subject else extension(row.label)
    if member and not re.fullmatch(r"total", member, re.IGNORECASE):
        dims["component"] = member
    return concept, dims, period, False
