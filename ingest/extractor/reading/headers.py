"""Table headers -> columns: years, period kinds, members, units and column roles.

Headers are the noisiest part of a text dump: years split over cells ("Year ended D 2023" /
"ecember 31, 2024", "2" + ".023"), years printed with a separator ("2,024"), the year order
changing table by table, year-on-year and "% of revenue" columns between the figures, and headers
that print no year at all (those are left unresolved here, for sibling tables to resolve).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def period_kind(text: str) -> tuple[str, int, int, int]:
    """(kind, month, half, quarter) from header words such as "As at 31 December"."""
    low = clean_cell(text).lower()
    month = 12
    for name, index in _MONTHS.items():
        if re.search(rf"\b{name[:3]}\w*", low) and name[:3] in low:
            month = index
            break
    if re.search(r"six months|half[- ]year|\binterim\b", low):
        return "duration", month, 1 if month <= 6 else 2, 0
    if re.search(r"three months|quarter", low):
        return "duration", month, 0, (month + 2) // 3
    if re.search(r"\bas (?:at|of)\b|\bat (?:\d|dec|jun|31|30)", low):
        return "instant", month, 0, 0
    if re.search(r"year(?:s)? ended|for the year|fiscal year|year end", low):
        return "duration", 12, 0, 0
    return "", month, 0, 0


def _header_cells(lines: Sequence[str]) -> list[list[str]]:
    return [[clean_cell(c) for c in raw.split("\t")] for raw in lines]


_PERIOD_WORD = re.compile(
    r"^(?:year|years|end|ended|ded|\d+,?|\.\d+|dec\w*|ecember|ember|jun\w*|"
    r"\(unaudited\)|\(restated\)|\(note|\d+\)|rmb\S*|'000|’000|′000)$",
    re.IGNORECASE,
)


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
                years = years_in(row[pos])
                if len(years) == 1 and pos not in found:
                    found[pos] = years[0]
    return found


def _kinds_by_position(
    cells: list[list[str]], positions: Sequence[int]
) -> dict[int, tuple[str, int, int, int]]:
    """Period words ("Three Months Ended", "Year Ended") spanning the columns to their right."""
    found: dict[int, tuple[str, int, int, int]] = {}
    for row in cells:
        for pos in positions:
            text = next((row[k] for k in range(min(pos, len(row) - 1), 0, -1) if row[k]), "")
            kind = period_kind(text)
            if kind[0] and pos not in found:
                found[pos] = kind
    return found


def columns(
    header: Sequence[str], body: Sequence[BodyTokens], layout: str, title: str = ""
) -> tuple[Column, ...]:
    """Resolve value columns from the header lines and the positions the body uses."""
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
    kind, month, half, quarter = period_kind(header_text)
    if not kind:
        kind, month, half, quarter = period_kind(title)
    # Years: prefer the header line that prints the most years, in its own order.
    per_line = [years_in(line) for line in header]
    best = max(per_line, key=len, default=[])
    years = best if len(best) >= 2 else [y for ys in per_line for y in ys]
    roles = ["value"] * len(positions)
    low = header_text.lower()
    n = len(positions)
    units = [""] * n
    for row in cells:
        unit_cells = [
            c for c in row[1:] if c and re.fullmatch(r"(?:RMB|HK\$|US\$)[^%]*|%|\(?%\)?", c)
        ]
        if len(unit_cells) == n and n > 1:
            units = unit_cells
    if units.count("%") and len(years) >= 1:
        # "RMB million | % | RMB million | %": the years sit over the money columns.
        money = [i for i, u in enumerate(units) if u != "%"]
        year_at = {}
        for i, year in zip(money, years, strict=False):
            year_at[i] = year
        cols = []
        for i, pos in enumerate(positions):
            role = "share" if units[i] == "%" else "value"
            cols.append(Column(pos, year_at.get(i), kind, month, "", units[i], role, "header"))
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
            k, m, h, q = kinds.get(pos, (kind, month, half, quarter))
            over = " ".join(row[pos] for row in cells if pos < len(row)).lower()
            role = "change" if at is None and re.search(r"yoy|change", over) else "value"
            out.append(Column(pos, at, k, m, "", units[i], role, "header" if at else "", h, q))
        return tuple(out)
    if len(years) >= 2 or (len(years) == 1 and n == 1):
        # Period words over each column ("As at 30 June" | "As at 31 December") win over the
        # words of the whole header.
        kinds = _kinds_by_position(cells, positions) if layout == "tab" else {}
        for i, pos in enumerate(positions):
            printed: int | None = years[i] if i < len(years) else None
            by = "header" if printed else ""
            k, m, h, q = kinds.get(pos, (kind, month, half, quarter))
            out.append(Column(pos, printed, k, m, "", units[i], roles[i], by, h, q))
        return tuple(out)
    # One year (or none) over several columns: the columns are members (segments, components).
    shared: int | None = years[0] if years else None
    for i, pos in enumerate(positions):
        by = "header" if shared else ""
        out.append(
            Column(pos, shared, kind, month, members[i], units[i], "value", by, half, quarter)
        )
    return tuple(out)


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
