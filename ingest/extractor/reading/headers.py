"""Table headers -> columns: years, period kinds, members, units and column roles.

Headers are the noisiest part of a text dump: years split over cells ("Year ended D 2023" /
"ecember 31, 2024", "2" + ".023"), years printed with a separator ("2,024"), the year order
changing table by table, year-on-year and "% of revenue" columns between the figures, and headers
that print no year at all (those are left unresolved here, for sibling tables to resolve).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

import attrs

from .numbers import clean_cell, is_value_token

#: The value tokens of one body line: (cell position, tokens in that cell).
BodyTokens = tuple[tuple[int, tuple[str, ...]], ...]

_NOTE_REF = re.compile(r"^\d{1,2}(?:\([a-z]{1,3}\))?(?:,\s+\d{1,2}(?:\([a-z]{1,3}\))?)*$|^[-_]$")

MONTH_NAMES = (
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
)
_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d,])")
_YEAR_COMMA = re.compile(r"(?<![\d,.])2,0(\d{2})(?![\d,])")


@attrs.frozen
class Column:
    """One value column of a table.

    Attributes:
        position: cell index (tab layout) or token index (space layout) of the column.
        year: the year its header prints (or that a sibling table resolves), None if unknown.
        kind: ``instant``, ``duration`` or ``""`` (header says neither "As at" nor "Year ended").
        member: header text when columns are members (segments, components) rather than years.
        unit_text: unit words printed over this column (``RMB million``, ``%``), if any.
        role: ``value`` for figures, ``change`` for a year-on-year column, ``share`` for a
            "% of revenue" column; only ``value`` columns become facts.
        resolved_by: ``header``, ``sibling`` or ``""`` (unresolved).
    """

    position: int
    year: int | None = None
    kind: str = ""
    month: int = 12
    member: str = ""
    unit_text: str = ""
    role: str = "value"
    resolved_by: str = ""
    half: int = 0
    quarter: int = 0
    #: Length in months of a duration the header states ("Three Months Ended" -> 3, "Nine
    #: months" -> 9, "12 Months Ended" or "Year ended" -> 12); 0 when it states none.
    months: int = 0
    #: Day of the month the period ends on, when the header prints it ("May 31" -> 31).
    day: int = 0
    #: A column headed by the document's own period rather than a date: ``current`` ("The
    #: Reporting Period") or ``ytd`` ("From the beginning of the year to the end of the
    #: Reporting Period"); dated from the document's period end.
    relative: str = ""


class PeriodWords(NamedTuple):
    """What a header's period words say: kind, end month, half, quarter, length, end day."""

    kind: str
    month: int
    half: int
    quarter: int
    months: int = 0
    day: int = 0


#: A header cell that only names a unit: a currency with or without a scale ("RMB", "US$",
#: "USD", "RMB'000", "RMB million", "CNY (¥)"), or a percentage.
_UNIT_CELL = re.compile(r"(?:RMB|HK\$|US\$|USD|HKD|CNY|¥)[^%]*|%|\(?%\)?")


def years_in(text: str) -> list[int]:
    text = clean_cell(text)
    found = [(m.start(), int(m[1])) for m in YEAR.finditer(text)]
    found += [(m.start(), 2000 + int(m[1])) for m in _YEAR_COMMA.finditer(text)]
    if not found:
        # A year split by the dump: "2" in one cell and ".023" in another.
        split = re.search(r"(?<![\d,.])2\b.*?(?<![\d,])\.?0(\d{2})(?![\d,])", text)
        if split:
            found.append((split.start(), 2000 + int(split[1])))
    return [year for _, year in sorted(found)]


_LENGTHS = (
    (re.compile(r"\b(?:three|3)[ -]months?\b|\bquarter(?:ly)?\b"), 3),
    (re.compile(r"\b(?:six|6)[ -]months?\b|\bhalf[- ]year\b|\binterim\b"), 6),
    (re.compile(r"\b(?:nine|9)[ -]months?\b"), 9),
    (re.compile(r"\b(?:twelve|12)[ -]months?\b|\byears?\b"), 12),
)


def _end_month_day(low: str) -> tuple[int, int]:
    """The month (and day, when printed) a period ends in: the month printed after "ended",
    "as of" or "as at", else the first month named; (12, 0) when none is."""
    named = [
        (m.start(), index, m)
        for name, index in _MONTHS.items()
        for m in re.finditer(rf"\b{name[:3]}[a-z]*\.?(?:\s+(\d{{1,2}})\b)?", low)
        # "Aug." and "August" name a month; "decrease" and "marketing" do not.
        if m.group(0).split()[0].rstrip(".") in (name, name[:3], name[:4])
    ]
    if not named:
        return 12, 0
    ended = re.search(r"\b(?:ended|ending|as (?:at|of)|at)\b", low)
    after = [n for n in named if ended is not None and n[0] > ended.start()]
    _, month, m = min(after or named)
    day = int(m.group(1)) if m.group(1) else 0
    if not day:
        before = re.search(rf"\b(\d{{1,2}})\s+{re.escape(m.group(0).split()[0])}", low)
        day = int(before.group(1)) if before and 1 <= int(before.group(1)) <= 31 else 0
    return month, day if 1 <= day <= 31 else 0


# Pure, and every pass asks again about the same header cells.
@functools.lru_cache(maxsize=16384)
def period_kind(text: str) -> PeriodWords:
    """The period words of a header, such as "As at 31 December" or "Third Fiscal Quarter Ended
    May 31" (an instant at a month end, or a duration of a length ending in a month)."""
    low = clean_cell(text).lower()
    month, day = _end_month_day(low)
    months = next((n for pattern, n in _LENGTHS if pattern.search(low)), 0)
    if re.search(r"six months|half[- ]year|\binterim\b", low):
        return PeriodWords("duration", month, 1 if month <= 6 else 2, 0, 6, day)
    if re.search(r"three months|quarter", low):
        return PeriodWords("duration", month, 0, (month + 2) // 3, 3, day)
    if re.search(r"\bnine months\b|\b9 months ended\b", low):
        return PeriodWords("duration", month, 0, 0, 9, day)
    if re.search(r"\bas (?:at|of)\b|\bat (?:\d|dec|jun|31|30)", low):
        return PeriodWords("instant", month, 0, 0, 0, day)
    if re.search(r"year(?:s)? ended|for the year|fiscal year|year end|12 months ended", low):
        return PeriodWords("duration", month, 0, 0, 12, day)
    return PeriodWords("", month, 0, 0, months if months != 12 else 0, day)


def _line_years(line: str) -> list[int]:
    """The years of a header line, a year printed twice in one cell counted once."""
    whole = years_in(line)
    if "\t" not in line:
        return whole
    cells = [year for cell in line.split("\t") for year in dict.fromkeys(years_in(cell))]
    # A year the dump split over two cells ("2" | ".023") is only seen in the whole line.
    return cells if len(cells) >= len(set(whole)) else whole


def _header_cells(lines: Sequence[str]) -> list[list[str]]:
    return [[clean_cell(c) for c in raw.split("\t")] for raw in lines]


_PERIOD_WORD = re.compile(
    r"^(?:year|years|end|ended|ded|\d+,?|\.\d+|dec\w*|ecember|ember|jun\w*|"
    r"\(unaudited\)|\(restated\)|\(note|\d+\)|rmb\S*|'000|’000|′000)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=16384)
def _member_text(text: str) -> str:
    """Column member words from a header cell, without period words, units and notes."""
    text = re.sub(r"RMB\s*[’'′]\s*0+|\(Note \d+\)|\(Unaudited\)|\(Restated\)", " ", text)
    # A word hyphenated over two header lines ("Non- controlling") is one word.
    words = re.sub(r"(\w)- (\w)", r"\1-\2", text).split()
    # Period fragments split off the header ("Year end", "ded December 31,") sit at the ends
    # of a member name or are numbers; filler words inside a name ("of") are kept.
    # "Equivalent to RMB" names a column's unit (an amount in RMB units): keep the currency.
    words = [
        w
        for i, w in enumerate(words)
        if not re.fullmatch(r"\d+,?|\.\d+|rmb\S*|'000|’000|′000", w, re.I)
        or (w == "RMB" and i > 0 and words[i - 1].lower() == "to")
    ]
    while words and _PERIOD_WORD.match(words[0]):
        words.pop(0)
    while words and _PERIOD_WORD.match(words[-1]) and words[-2:] != ["to", "RMB"]:
        words.pop()
    words = [w for w in words if not re.fullmatch(r"dec\w*|ecember|ember|ended|ded", w, re.I)]
    filler = {"for", "the", "of", "as", "at", "and", "in", "to"}
    if not any(len(w) >= 3 and w.lower().strip(",") not in filler for w in words):
        return ""  # only fragments of a period phrase ("For the", "As at") are left
    return " ".join(words).strip(" ,")


def _years_by_position(cells: list[list[str]], positions: Sequence[int]) -> dict[int, int]:
    """Years printed in a header cell right over a value column (one year per cell)."""
    found: dict[int, int] = {}
    for row in cells:
        for pos in positions:
            if pos < len(row):
                # "Fiscal Year 2023 Ended August 31, 2023" names one year twice.
                years = set(years_in(row[pos]))
                if len(years) == 1 and pos not in found:
                    found[pos] = years.pop()
    return found


def _kinds_by_position(cells: list[list[str]], positions: Sequence[int]) -> dict[int, PeriodWords]:
    """Period words ("Three Months Ended", "Year Ended") spanning the columns to their right; a
    date printed right over a column ("June 30, 2024" under a spanning "As of") gives that
    column its own end month and day."""
    found: dict[int, PeriodWords] = {}
    own: dict[int, tuple[int, int]] = {}
    for row in cells:
        for pos in positions:
            text = next((row[k] for k in range(min(pos, len(row) - 1), 0, -1) if row[k]), "")
            kind = period_kind(text)
            if kind.kind and pos not in found:
                found[pos] = kind
            cell = row[pos].lower() if pos < len(row) else ""
            if pos not in own and years_in(cell) and _end_month_day(cell) != (12, 0):
                own[pos] = _end_month_day(cell)
    for pos, (month, day) in own.items():
        # A date over the column with no period words at all ("Aug. 31, 2024 CNY (¥)" on a
        # balance sheet) still dates it.
        words = found.get(pos, PeriodWords("", month, 0, 0))
        found[pos] = words._replace(month=month, day=day)
    return found


def columns(
    header: Sequence[str], body: Sequence[BodyTokens], layout: str, title: str = ""
) -> tuple[Column, ...]:
    """Resolve value columns from the header lines and the positions the body uses."""
    found = _columns(header, body, layout, title)
    if layout != "tab":
        return found
    return _relative(_translated(_currencies_over(found, _header_cells(header))))


_SHARE_OF = re.compile(r"%\s*of\b|\bpercentage of\b|\bshare of\b", re.IGNORECASE)
_YTD = re.compile(r"beginning of the year|year[- ]to[- ]date|年初至", re.IGNORECASE)
_CURRENT = re.compile(r"\b(?:the )?(?:reporting|current) period\b|本报告期", re.IGNORECASE)
_CHANGE = re.compile(r"increase\s*/\s*decrease|\bchange\b|\byoy\b|增减", re.IGNORECASE)


def _relative(found: tuple[Column, ...]) -> tuple[Column, ...]:
    """Columns headed by the document's own period ("The Reporting Period", "From the beginning
    of the year to the end of the Reporting Period") and the change columns between them."""
    if any(c.year is not None for c in found) or not any(_CURRENT.search(c.member) for c in found):
        return found
    out = []
    for column in found:
        text = column.member
        if _CHANGE.search(text):
            relative = "ytd" if _YTD.search(text) else "current"
            out.append(attrs.evolve(column, member="", role="change", relative=relative))
        elif _YTD.search(text):
            out.append(attrs.evolve(column, member="", kind="duration", relative="ytd"))
        elif _CURRENT.search(text):
            out.append(attrs.evolve(column, member="", kind="duration", relative="current"))
        else:
            out.append(column)
    return tuple(out)


def _currencies_over(found: tuple[Column, ...], cells: list[list[str]]) -> tuple[Column, ...]:
    """Each column's currency, when the header cells right over it name exactly one ("2024 |
    (Unaudited) US$", "Aug. 31, 2021 CNY (¥)") and the columns do not all share it."""
    named: dict[int, str] = {}
    for column in found:
        if column.unit_text:
            continue
        over = " ".join(row[column.position] for row in cells if column.position < len(row))
        codes = {code for pattern, code in _CURRENCY_WORDS if pattern.search(over)}
        if len(codes) == 1:
            named[column.position] = codes.pop()
    if len(set(named.values())) < 2:
        return found
    return tuple(
        attrs.evolve(c, unit_text=named[c.position]) if c.position in named else c for c in found
    )


def _translated(found: tuple[Column, ...]) -> tuple[Column, ...]:
    """A convenience translation ("2024 | 2024 US$": a column in another currency without a
    year of its own) reports the period of the column to its left, in its own currency."""
    out = list(found)
    for i, column in enumerate(out):
        if i == 0 or column.year is not None or column.role != "value":
            continue
        left = out[i - 1]
        currency = column.unit_text.replace("US$", "USD").replace("HK$", "HKD")
        if (
            currency in ("USD", "HKD")
            and left.year is not None
            and left.unit_text != column.unit_text
        ):
            out[i] = attrs.evolve(
                column,
                year=left.year,
                kind=left.kind,
                month=left.month,
                half=left.half,
                quarter=left.quarter,
                months=left.months,
                day=left.day,
                resolved_by=left.resolved_by,
            )
    return tuple(out)


_CURRENCY_WORDS = (
    (re.compile(r"US\$|\bUSD\b|U\.S\. dollars?", re.IGNORECASE), "USD"),
    (re.compile(r"HK\$|\bHKD\b"), "HKD"),
    (re.compile(r"\bRMB\b|\bCNY\b|¥|Renminbi", re.IGNORECASE), "RMB"),
)


def _columns(
    header: Sequence[str], body: Sequence[BodyTokens], layout: str, title: str = ""
) -> tuple[Column, ...]:
    positions = sorted(
        {
            p
            for tokens in body
            for p, toks in tokens
            if toks and any(is_value_token(t) for t in toks)
        }
    )
    if layout == "space":
        width = max((len(toks) for tokens in body for _, toks in tokens), default=0)
        positions = list(range(width))
    cells = _header_cells(header)
    note_positions = {i for row in cells for i, c in enumerate(row) if re.fullmatch(r"Note", c)}
    if not note_positions and layout == "tab" and len(positions) > 1:
        first = positions[0]
        values = [dict(tokens).get(first, ()) for tokens in body]
        flat = [" ".join(v) for v in values if v]
        if flat and all(_NOTE_REF.match(v) for v in flat) and any(v not in "-_" for v in flat):
            note_positions = {first}
    positions = [p for p in positions if p not in note_positions]
    header_text = " ".join(header)
    stated = period_kind(header_text)
    if not stated.kind:
        stated = period_kind(title)
    # Years: prefer the header line that prints the most years, in its own order.
    per_line = [_line_years(line) for line in header]
    best = max(per_line, key=len, default=[])
    years = best if len(best) >= 2 else [y for ys in per_line for y in ys]
    roles = ["value"] * len(positions)
    low = header_text.lower()
    n = len(positions)
    units = _units(cells, positions, layout)
    if units.count("%") and len(years) >= 1:
        # "RMB million | % | RMB million | %": the years sit over the money columns.
        money = [i for i, u in enumerate(units) if u != "%"]
        year_at = {}
        for i, year in zip(money, years, strict=False):
            year_at[i] = year
        cols = []
        for i, pos in enumerate(positions):
            role = "share" if units[i] == "%" else "value"
            cols.append(_column(pos, year_at.get(i), stated, "", units[i], role, "header"))
        return tuple(cols)
    if len(years) >= 2 and len(years) < n:
        for i in range(len(years), n):
            roles[i] = "change" if re.search(r"yoy|change|increase|decrease", low) else "share"
        if re.search(r"percentage of revenue|% of", low):
            for i in range(len(years), n):
                roles[i] = "share"
            if re.search(r"yoy|year-over-year|change", low):
                roles[-1] = "change"
    out: list[Column] = []
    by_pos = _years_by_position(cells, positions) if layout == "tab" and len(best) != n else {}
    members = _members(cells, positions, layout)
    member_mode = sum(1 for m in members if m) >= 2
    if len(by_pos) >= 2 or (by_pos and not member_mode):
        # Years sit over some columns only (YoY columns between them, or a year missing from
        # the header): map by position; the rest are changes or left for sibling tables.
        kinds = _kinds_by_position(cells, positions)
        for i, pos in enumerate(positions):
            at: int | None = by_pos.get(pos)
            w = kinds.get(pos, stated)
            over = " ".join(row[pos] for row in cells if pos < len(row)).lower()
            role = "change" if at is None and re.search(r"yoy|change", over) else "value"
            if _SHARE_OF.search(over):
                # "% of total revenue in F4Q2024": a share of the total, whatever year it names.
                role = "share"
            by = "header" if at else ""
            out.append(_column(pos, at, w, "", units[i], role, by))
        return tuple(out)
    if len(years) >= 2 or (len(years) == 1 and n == 1):
        # Period words over each column ("As at 30 June" | "As at 31 December") win over the
        # words of the whole header.
        kinds = _kinds_by_position(cells, positions) if layout == "tab" else {}
        for i, pos in enumerate(positions):
            printed: int | None = years[i] if i < len(years) else None
            by = "header" if printed else ""
            w = kinds.get(pos, stated)
            out.append(_column(pos, printed, w, "", units[i], roles[i], by))
        return tuple(out)
    # One year (or none) over several columns: the columns are members (segments, components).
    shared: int | None = years[0] if years else None
    for i, pos in enumerate(positions):
        by = "header" if shared else ""
        out.append(_column(pos, shared, stated, members[i], units[i], "value", by))
    return tuple(out)


def _column(
    position: int, year: int | None, words: PeriodWords, member: str, unit: str, role: str, by: str
) -> Column:
    return Column(
        position, year, words.kind, words.month, member, unit, role, by,
        words.half, words.quarter, words.months, words.day,
    )  # fmt: skip


def _units(cells: list[list[str]], positions: Sequence[int], layout: str) -> list[str]:
    """The unit printed over each column ("RMB million | % | RMB million | %", "RMB | RMB |
    USD |"), or "" for every column when no header row prints units."""
    n = len(positions)
    units = [""] * n
    for row in cells:
        unit_cells = [c for c in row[1:] if c and _UNIT_CELL.fullmatch(c)]
        if len(unit_cells) == n and n > 1:
            units = unit_cells
        elif layout == "tab" and len(unit_cells) >= 2:
            # A units row over some columns only ("RMB | RMB | USD |" with a YoY column after):
            # each unit belongs to the column under it.
            under = [
                row[p] if p < len(row) and _UNIT_CELL.fullmatch(row[p]) else "" for p in positions
            ]
            if sum(1 for u in under if u) == len(unit_cells):
                units = under
    return units


def _members(cells: list[list[str]], positions: Sequence[int], layout: str) -> list[str]:
    if layout != "tab":
        return [""] * len(positions)
    best: list[str] = [""] * len(positions)
    score = 0
    for row in cells:
        texts = [_member_text(row[p]) if p < len(row) else "" for p in positions]
        found = sum(1 for t in texts if re.search(r"[A-Za-z]{3,}", t))
        if found > score:
            best, score = texts, found
    # A name wrapped over two header lines ("Share-based" over "payments", "... other
    # allowances" over "and benefits in kind"): the lower-case line continues the one above.
    for i, pos in enumerate(positions):
        if not best[i][:1].islower():
            continue
        above = [
            _member_text(row[pos])
            for row in cells
            if pos < len(row) and _member_text(row[pos]) and _member_text(row[pos]) != best[i]
        ]
        if above:
            best[i] = f"{above[0]} {best[i]}"
    return best
