"""Find tables in a text dump and read them into rows of cells under resolved columns.

A text dump prints a table as consecutive lines whose cells are separated by tabs, or (in some
highlight tables) by spaces at the end of the line. This module does no interpretation of
labels: it finds table blocks, reads the header into columns (periods, members, units), joins
labels wrapped over lines, splits cells that hold several labels and several values, and keeps
the line of every value. Concepts and arithmetic come later (``concepts``, ``arithmetic``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from .headers import YEAR, Column, period_kind, years_in
from .headers import columns as header_columns
from .numbers import (
    AMOUNT,
    JUNK,
    MISREAD_DASHES,
    NIL,
    PERCENT,
    Number,
    clean_cell,
    is_value_token,
    parse_number,
    read_scale,
    split_tokens,
)

_STRONG_VALUE = re.compile(r"[,.()%]")
_CONNECTIVE = re.compile(
    r"(?:\b(?:of|from|the|and|to|for|in|on|at|through|other|with|by|or|upon|its|as|per)|[,–-])$",
    re.IGNORECASE,
)
_STOPWORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "to",
        "for",
        "in",
        "on",
        "at",
        "from",
        "through",
        "with",
        "by",
        "or",
        "a",
        "an",
        "its",
        "as",
        "per",
        "than",
    ]
)


@attrs.frozen
class Cell:
    """A value printed in a row: the column it belongs to and the parsed token."""

    column: int
    number: Number


@attrs.frozen
class Row:
    """One labelled line of figures (a multi-label line yields one row per label)."""

    line: int
    label: str
    cells: tuple[Cell, ...]
    heading: str = ""
    parent: str = ""
    period_label: str = ""
    continued: bool = False


@attrs.frozen
class Table:
    """A table block: where it is, its caption and header text, columns and rows."""

    first_line: int
    last_line: int
    title: str
    header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    layout: str  # "tab" or "space"
    junk_lines: tuple[int, ...] = ()
    #: the label printed in the header block ("Amortization of intangible assets"), if any
    header_label: str = ""

    @property
    def resolved(self) -> bool:
        return any(c.year is not None for c in self.columns if c.role == "value")


@attrs.frozen
class _Line:
    number: int
    label: str
    cells: tuple[tuple[int, str], ...]  # (position, cell text) of non-label cells
    tokens: tuple[tuple[int, tuple[str, ...]], ...]  # (position, value tokens)
    layout: str
    raw: str

    @property
    def has_values(self) -> bool:
        data = [t for _, toks in self.tokens for t in toks if _is_data_token(t)]
        # One bare small integer is a stray mark (a page number, a junk "2" or "7"), not a
        # figure; unless a nil mark fills another column and the integer has two or more
        # digits ("—<tab>342": nil in 2023, 342 in 2022).
        nil = any(parse_number(t).kind == NIL for _, toks in self.tokens for t in toks)
        paired = nil and any(len(t.strip()) >= 2 for t in data)
        return len(data) >= 2 or any(_STRONG_VALUE.search(t) for t in data) or paired


def _is_data_token(token: str) -> bool:
    number = parse_number(token)
    if number.kind not in (AMOUNT, PERCENT):
        return False
    return not (number.kind == AMOUNT and YEAR.fullmatch(token.strip()))


def _value_like(token: str) -> bool:
    return is_value_token(token)


def _read_line(number: int, raw: str) -> _Line:
    """Split a physical line into a label and value tokens, in tab or space layout."""
    cells = [clean_cell(c) for c in raw.split("\t")]
    label = cells[0]
    rest = [(i, c) for i, c in enumerate(cells[1:], start=1) if c]
    tab_tokens = [
        (i, tuple(split_tokens(c)))
        for i, c in rest
        if all(_value_like(t) for t in split_tokens(c)) or not re.search(r"[A-Za-z]{2,}", c)
    ]
    strong_tab = any(
        _value_like(t) and _STRONG_VALUE.search(t) for _, toks in tab_tokens for t in toks
    )
    words = label.split()
    peeled: list[str] = []
    while words and _value_like(words[-1]):
        peeled.insert(0, words.pop())
    peeled = split_tokens(" ".join(peeled))
    strong_peel = any(_STRONG_VALUE.search(t) and parse_number(t).kind != NIL for t in peeled)
    if not strong_tab and peeled and strong_peel and words:
        # Space layout: the figures trail the label; any tab cells left are junk characters.
        return _Line(number, " ".join(words), tuple(rest), ((0, tuple(peeled)),), "space", raw)
    if (
        label
        and not re.search(r"[A-Za-z\u4e00-\u9fff]", label)
        and any(_value_like(t) for t in label.split())
    ):
        # A row printed without its label: the first cell holds a figure.
        tab_tokens.insert(0, (0, tuple(split_tokens(label))))
        label = ""
    return _Line(number, label, tuple(rest), tuple(tab_tokens), "tab", raw)


def _is_prose(raw: str) -> bool:
    text = clean_cell(raw)
    if "\t" in raw:
        return False
    return len(text) > 110 or bool(re.search(r"[a-z]{3,}\. [A-Z]", text))


# --- headers -----------------------------------------------------------------------------------


# --- labels ------------------------------------------------------------------------------------


def split_labels(text: str, count: int, known: Sequence[str] = ()) -> list[str]:
    """Split a cell that prints several labels into its labels.

    Boundaries: a dash item (``– Owners``), a capitalised word after a lower-case word that is
    not a connective, a word after an all-capitals heading, or the start of a known label.
    Returns the parts found (callers align them with the values).
    """
    words = text.split()
    if count <= 1 or len(words) < 2:
        return [text]
    starts = {0}
    low_text = [w.lower() for w in words]
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if word in ("–", "-", "—"):
            starts.add(i)
            continue
        if prev in ("–", "-", "—"):
            continue
        if not word[:1].isupper() and word[:1] != "(":
            continue
        prev_plain = prev.strip("(),:")
        if (
            prev.endswith(":")
            or YEAR.fullmatch(prev_plain)  # "At December 31, 2023 Recognized in ..."
            or prev_plain.isupper()
            and len(prev_plain) > 2
            or prev_plain[:1].islower()
            and prev_plain.lower() not in _STOPWORDS
        ):
            starts.add(i)
        else:
            rest = " ".join(low_text[i:])
            if any(rest.startswith(k) for k in known if " " in k):
                starts.add(i)
    bounds = sorted(starts) + [len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def _migrated_digit(label: str, line: _Line) -> str:
    """A leading digit of the first figure printed at the end of the label ("... combination 3"
    followed by "27,385" for 327,385): returns the digit, or "" when there is none."""
    m = re.search(r"[a-z]\s+(\d{1,2})$", label)
    if not m or line.layout != "tab" or not line.tokens:
        return ""
    first = line.tokens[0][1][0] if line.tokens[0][1] else ""
    head = re.match(r"^\(?(\d{1,3}),\d{3}", first)
    if head and len(m[1]) + len(head[1]) <= 3:
        return m[1]
    return ""


def _is_wrapped(label: str, following: _Line | None) -> bool:
    """A label-only line continues on the next line (values printed after the wrap)."""
    if following is None:
        return False
    nxt = following.label
    if not nxt:
        return False
    if nxt[:1].islower() and not label.rstrip().endswith(":"):
        return True
    return bool(_CONNECTIVE.search(label.rstrip(" ,")) and not label.rstrip().endswith(":"))


_DATE_NO_YEAR = re.compile(r"^(?:as )?at \d{0,2}\s*[A-Za-z]+(?: \d{1,2})?,?$", re.IGNORECASE)


def _leading_year(tokens: tuple[tuple[int, tuple[str, ...]], ...]) -> bool:
    return bool(tokens) and tokens[0][0] == 0 and bool(YEAR.fullmatch(tokens[0][1][0].strip()))


def misread_dashes(tokens: Sequence[str], numbers: list[Number]) -> list[Number]:
    """``1 1`` in one cell (two labels sharing a line, both nil) is two misread dashes: a cell of
    several tokens that are all a bare ``1`` (or ``I``) holds no figure."""
    if len(tokens) >= 2 and all(t.strip() in ("1", *MISREAD_DASHES) for t in tokens):
        return [Number(t, NIL) for t in tokens]
    return numbers


def _values(
    line: _Line, by_position: Mapping[int, int], migrated: str
) -> list[tuple[int, list[Number]]]:
    """A line's values per column: several tokens in a cell when several labels share the line.

    ``migrated`` is the leading digit a figure lost to the label ("" for none): that figure is
    not the printed value.
    """
    per_column: list[tuple[int, list[Number]]] = []
    for position, tokens in line.tokens:
        if line.layout == "space":
            for i, token in enumerate(tokens):
                if i in by_position:
                    per_column.append((by_position[i], [parse_number(token)]))
            continue
        if position not in by_position:
            continue
        numbers = [parse_number(t) for t in tokens]
        numbers = [n for n in numbers if n.kind != JUNK] or numbers
        numbers = misread_dashes(tokens, numbers)
        if migrated and not per_column and numbers:
            numbers = [Number(migrated + numbers[0].raw, JUNK), *numbers[1:]]
        per_column.append((by_position[position], numbers))
    return per_column


def _rows(
    body: Sequence[_Line],
    columns: Sequence[Column],
    known: Sequence[str],
    words: Counter[str],
    heading: str = "",
) -> list[Row]:
    by_position = {c.position: i for i, c in enumerate(columns)}
    rows: list[Row] = []
    parent = ""
    period_label = ""
    pending = ""
    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if not line.has_values:
            if not line.label:
                continue
            dated = bool(_DATE_NO_YEAR.search(line.label)) and (
                following is not None and _leading_year(following.tokens)
            )
            if dated or _is_wrapped(line.label, following):
                pending = (pending + " " + line.label).strip()
                continue
            if period_kind(line.label)[0] and years_in(line.label):
                period_label = line.label
                continue
            heading = (pending + " " + line.label).strip()
            parent = heading
            pending = ""
            continue
        if _DATE_NO_YEAR.search(pending) and not line.label and _leading_year(line.tokens):
            # "As at December 31," then "2023<tab>447,564 ...": the year ends the label.
            first = line.tokens[0][1]
            pending = f"{pending} {first[0]}"
            rest = line.tokens[1:]
            line = attrs.evolve(line, tokens=((0, first[1:]), *rest) if len(first) > 1 else rest)
        label = (pending + " " + line.label).strip()
        pending = ""
        continued = False
        after_row = bool(rows) and rows[-1].line == line.number - 1
        tail = line.label[:1].islower() or (
            line.label.startswith("(") and not re.match(r"\((?:loss|profit)", line.label, re.I)
        )
        interleaved = (
            after_row
            and tail
            and _CONNECTIVE.search(rows[-1].label)
            and sum(1 for r in rows if r.line == rows[-1].line) == 1
        )
        parts = split_labels(rows[-1].label, 2, known) if interleaved else []
        if len(parts) == 2:
            # "Cash flows Acquisition of" over "right-of-use assets", both with figures: the
            # first line is "Cash flows"; "Acquisition of" starts the label wrapped below it.
            rows[-1] = attrs.evolve(rows[-1], label=parts[0])
            label = f"{parts[1]} {line.label}"
        elif after_row and tail:
            previous = rows[-1].label
            # A misread repeat of the line above ("ring All Gloup ...") is that line again;
            # otherwise the text completes the label above.
            label = (
                previous
                if _similar(_plain(line.label), _plain(previous), words)
                else (previous + " " + line.label)
            )
            continued = True
        migrated = _migrated_digit(label, line)
        if migrated:
            label = label[: -len(migrated)].rstrip()
        per_column = _values(line, by_position, migrated)
        width = max((len(nums) for _, nums in per_column), default=0)
        if width <= 1:
            cells = tuple(Cell(c, nums[0]) for c, nums in per_column if nums)
            rows.append(Row(line.number, label, cells, heading, parent, period_label, continued))
            if label and not re.match(r"[–—\-•]", label):
                parent = label
            continue
        parts = split_labels(label, width, known)
        if len(parts) == 1:
            # One label over several figures in a cell (a ghost figure printed next to the
            # right one): each figure is a candidate; arithmetic decides between them.
            for k in range(width):
                cells = tuple(Cell(c, nums[k]) for c, nums in per_column if k < len(nums))
                rows.append(Row(line.number, label, cells, heading, parent, period_label, True))
            continue
        sub_heading = heading
        if len(parts) > width:
            sub_heading = " ".join(parts[: len(parts) - width])
            parts = parts[len(parts) - width :]
        for k, part in enumerate(parts):
            cells = tuple(Cell(c, nums[k]) for c, nums in per_column if k < len(nums))
            rows.append(Row(line.number, part, cells, sub_heading, heading, period_label))
    return rows


# --- blocks ------------------------------------------------------------------------------------


def _title_before(lines: Sequence[str], start: int) -> str:
    """The nearest short title lines above a table (statement names, note headings)."""
    found: list[str] = []
    i = start - 1
    while i >= 0 and len(found) < 3 and start - i <= 6:
        text = clean_cell(lines[i])
        if text and not _is_prose(lines[i]) and "\t" not in lines[i]:
            found.insert(0, text)
        elif text:
            break
        i -= 1
    return " / ".join(found)


def find_tables(lines: Sequence[str], known: Sequence[str] = ()) -> list[Table]:
    """Find every table block in ``lines`` (1-based line numbers in the result).

    Args:
        lines: the document's lines.
        known: known labels (lower case), used to split cells holding several labels.
    """
    parsed = [_read_line(i + 1, raw) for i, raw in enumerate(lines)]
    words = Counter(w.lower() for raw in lines for w in re.findall(r"[A-Za-z]{3,}", raw))
    tables: list[Table] = []
    i = 0
    total = len(lines)
    while i < total:
        if not clean_cell(lines[i]) or _is_prose(lines[i]):
            i += 1
            continue
        j = i
        while j < total and clean_cell(lines[j]) and not _is_prose(lines[j]):
            j += 1
        block = parsed[i:j]
        first_data = next((k for k, line in enumerate(block) if line.has_values), None)
        if first_data is None:
            i = j
            continue
        again = _header_again(block, first_data)
        if again is not None:
            # A second header row inside the block (the columns change: "Number of shares |
            # USD" over the authorised shares, then "Number of shares | USD | Equivalent to
            # RMB" over the issued ones) starts a new table with its own columns.
            j = i + again
            block = parsed[i:j]
        # Header lines are the lines before the first figure; a header printed just above the
        # block (separated by a blank line, as "**Year ended 31 December**") counts too.
        # Label-only lines between the last header line and the first figure are row headings
        # ("Non-current assets") or the start of a wrapped label: they belong to the body.
        last = max((k for k in range(first_data) if _is_header_line(block[k])), default=-1)
        header = [line.raw for line in block[: last + 1]]
        extra = _title_before(lines, i)
        grouped = sum(1 for line in block[last + 1 :] if _COMMA_GROUPED.search(line.raw))
        junk = tuple(
            line.number
            for line in block[last + 1 :]
            if _is_junk_line(line) or (grouped >= 3 and _is_garbled_figures(line))
        )
        body = [line for line in block[last + 1 :] if line.number not in junk]
        layout = "space" if sum(1 for b in body if b.layout == "space") > len(body) / 2 else "tab"
        # The title gives the period kind ("Year ended 31 December") but never years: a page
        # footer or "FOR THE YEAR ENDED ... 2024" above a table is not a column header.
        columns = header_columns(header, [b.tokens for b in body], layout, extra)
        columns = _caption_year(columns, extra)
        columns = _unit_columns(columns)
        rows = _rows(body, columns, known, words) if body else []
        rows = [r for r in rows if r.line not in junk]
        tables.append(
            Table(
                i + 1,
                j,
                extra,
                " ".join(clean_cell(h) for h in header),
                columns,
                tuple(rows),
                layout,
                junk,
                _header_label(block[: last + 1]),
            )
        )
        i = j
    return [
        attrs.evolve(t, rows=tuple(_merge_garbled(t.rows, words)))
        for t in _borrow_members(_resolve_siblings(tables))
    ]


_CAPTION = re.compile(
    r"^(?:for )?(?:the )?year ended (?:[A-Za-z]+ \d{1,2},?|\d{1,2} [A-Za-z]+) ((?:19|20)\d{2}):$",
    re.IGNORECASE,
)


def _caption_year(columns: Sequence[Column], title: str) -> tuple[Column, ...]:
    """A caption line "Year ended December 31, 2023:" introduces the table below it (the colon
    says so, unlike a page header): year-less value columns are that year."""
    caption = _CAPTION.match(title.split(" / ")[-1].strip())
    values = [c for c in columns if c.role == "value"]
    if caption is None or not values or any(c.year is not None for c in values):
        return tuple(columns)
    year = int(caption[1])
    return tuple(
        attrs.evolve(c, year=year, kind="duration", month=12, resolved_by="caption")
        if c.role == "value"
        else c
        for c in columns
    )


def _borrow_members(tables: list[Table]) -> list[Table]:
    """Columns printed without names take those of the next table of the same note that prints
    the same rows with the same number of columns (the FY2023 half of a FY2023/FY2024 pair
    whose column names were lost)."""
    out = list(tables)
    for index, table in enumerate(tables):
        values = [c for c in table.columns if c.role == "value"]
        if not values or any(c.member for c in values):
            continue
        labels = {r.label for r in table.rows if r.label}
        for other in tables[index + 1 : index + 3]:
            theirs = [c for c in other.columns if c.role == "value"]
            shared = labels & {r.label for r in other.rows if r.label}
            if (
                other.first_line - table.last_line <= 40
                and len(theirs) == len(values)
                and all(c.member for c in theirs)
                and len(shared) >= 3
            ):
                members = iter(c.member for c in theirs)
                columns = tuple(
                    attrs.evolve(c, member=next(members)) if c.role == "value" else c
                    for c in table.columns
                )
                out[index] = attrs.evolve(table, columns=columns)
                break
    return out


def _similar(a: str, b: str, words: Counter[str]) -> bool:
    """A misread copy of label ``b``: ``a`` has a word printed nowhere else in the document
    (a misreading, not a sibling line such as "Disposal of ..." under "Acquisition of ..."), and
    is word by word alike, or has the same tail after one or two misread words."""
    from difflib import SequenceMatcher

    wa, wb = a.lower().split(), b.lower().split()
    if not wa or not wb or wa == wb:
        return False
    if not any(len(w) >= 3 and words[w] <= 1 and w not in wb for w in wa):
        return False
    if len(wa) == len(wb) and all(
        SequenceMatcher(None, x, y).ratio() >= 0.5 for x, y in zip(wa, wb, strict=True)
    ):
        return True
    shared = 0
    for x, y in zip(reversed(wa), reversed(wb), strict=False):
        if x != y:
            break
        shared += 1
    # The same tail of three or more words after one or two misread words.
    return shared >= 3 and len(wa) - shared <= 2 and len(wb) - shared <= 2


def _merge_garbled(rows: Sequence[Row], words: Counter[str]) -> list[Row]:
    """A row printed again on the next line with a misread label is the same line item.

    A garbled duplicate ("rotal carrent nabilities" under "Total current liabilities",
    "Tronvicossy from discontinued operation" under "Profit/(Loss) from discontinued operation")
    takes the label of the row above and is marked ``continued``, so that its figures compete
    with the right ones as candidates of one series and arithmetic decides between them.
    """
    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if (
            prev is not None
            and row.line == prev.line + 1
            and row.label
            and row.label != prev.label
            and row.heading == prev.heading
            and _similar(_plain(row.label), _plain(prev.label), words)
        ):
            row = attrs.evolve(row, label=prev.label, continued=True)
        out.append(row)
    return out


def _plain(label: str) -> str:
    text = re.sub(r"\([^)]*\)|[^A-Za-z ]", " ", label)
    return " ".join(text.split())


def _header_again(block: Sequence[_Line], first_data: int) -> int | None:
    """Index of a header row printed again after figures, over more columns than the first
    header: no label, no figures, more cells of words than any header line above, and figures
    below it."""
    width = max(
        (sum(1 for _, c in line.cells if c) for line in block[:first_data] if not line.has_values),
        default=0,
    )
    for k in range(first_data + 1, len(block) - 1):
        line = block[k]
        texts = [c for _, c in line.cells if re.search(r"[A-Za-z]{2,}", c)]
        if line.label or line.has_values or len(texts) < 2 or len(texts) <= width:
            continue
        if any(b.has_values for b in block[k + 1 :]):
            return k
    return None


#: Header cells that name a column's unit, not a member: a count of shares, or an amount in a
#: currency printed in units ("Equivalent to RMB" next to "USD" in a share capital table).
_UNIT_MEMBERS = (
    (re.compile(r"^number of (?:ordinary )?shares\b", re.IGNORECASE), "shares"),
    (re.compile(r"^(?:equivalent to |in )?(RMB|USD|HKD|US\$|HK\$)(?:\s|$)", re.IGNORECASE), ""),
)


def _unit_columns(columns: Sequence[Column]) -> tuple[Column, ...]:
    """Columns whose header names a unit ("Number of shares", "USD", "Equivalent to RMB") when
    no column names a period or a member proper: unit columns, each with its own unit."""
    values = [c for c in columns if c.role == "value"]
    units: dict[int, str] = {}
    for column in values:
        for pattern, unit in _UNIT_MEMBERS:
            found = pattern.match(column.member.strip())
            if found and not read_scale(column.member).scale:
                code = found[1].upper() if found.lastindex else ""
                units[column.position] = unit or code.replace("US$", "USD").replace("HK$", "HKD")
                break
    if len(units) < 2 or any(c.year is not None for c in values):
        return tuple(columns)
    return tuple(
        attrs.evolve(c, member="", unit_text=units[c.position]) if c.position in units else c
        for c in columns
    )


def _header_label(header: Sequence[_Line]) -> str:
    """A label printed in the header block itself (the measure of a note table)."""
    for line in header:
        label = line.label
        if (
            label
            and re.search(r"[A-Za-z]{3,}", label)
            and not period_kind(label)[0]
            and not re.search(r"RMB|^Note$|^\(?Unaudited", label)
        ):
            return label
    return ""


def _is_header_line(line: _Line) -> bool:
    """Column headers: years, units, period words, "Note", or text over the value columns."""
    text = clean_cell(line.raw)
    if years_in(text) or period_kind(text)[0]:
        return True
    if re.search(r"RMB|HK\$|US\$|\bNote\b|\(Unaudited\)|\(Restated\)|%|'000", text):
        return True
    return any(cell for _, cell in line.cells) and not line.label


def _is_junk_line(line: _Line) -> bool:
    """Chart residue and glued rows: two years glued together, or digits glued across groups."""
    text = clean_cell(line.raw)
    tokens = text.split()
    if not line.label and len(tokens) >= 3 and all(re.fullmatch(r"\d{1,2}", t) for t in tokens):
        return True
    return bool(re.search(r"(?:19|20)\d{2}(?:19|20)\d{2}|\d,\d{3}\d", text))


_COMMA_GROUPED = re.compile(r"\d,\d{3}\b")
#: Figures no table of comma-grouped thousands prints: dot or space groups, six bare digits,
#: letters inside digits ("600.010", "15 103", "150513", "909 CU8").
_MALFORMED = re.compile(
    r"\d{1,3}\.\d{3}|\d{1,3} \d{3}(?: \d)?|\(?\d{5,}\)?|\d+ ?[A-Z]{1,2}\d+|[A-Z]{1,2}\d{2,}"
)


def _is_garbled_figures(line: _Line) -> bool:
    """A line of unreadable figures in a table of comma-grouped thousands (an OCR'd cost row
    "600.010  909 CU8  81.078  150513  15 103 ..."): most of its cells are malformed. Such a
    line is junk: its tokens would otherwise compete with the right figures as values."""
    cells = [clean_cell(c) for c in line.raw.split("\t")[1:]]
    cells = [c for c in cells if re.search(r"\d", c)]
    bad = [c for c in cells if _MALFORMED.fullmatch(c.strip())]
    return len(bad) >= 3 and len(bad) * 2 >= len(cells)


def _resolve_siblings(tables: list[Table]) -> list[Table]:
    """Give year-less columns the years of the nearest table with the same column count.

    A header that prints only ``RMB'000`` per column is resolved from a sibling table (the
    five-year summary prints its years only over its balance-sheet half). Never guessed: a table
    with no sibling stays unresolved.
    """
    out = list(tables)
    for index, table in enumerate(tables):
        values = [c for c in table.columns if c.role == "value"]
        if not values or all(c.year is not None for c in values):
            continue
        if any(c.member for c in values) or len({c.unit_text for c in values}) > 1:
            continue  # members, or columns of different units: no periods to borrow
        candidates = sorted(
            (
                t
                for t in tables
                if t is not table
                and abs(t.first_line - table.first_line) <= 400
                and len([c for c in t.columns if c.role == "value"]) == len(values)
                and all(c.year is not None for c in t.columns if c.role == "value")
                and len({c.year for c in t.columns if c.role == "value"}) == len(values)
                and not any(c.member for c in t.columns if c.role == "value")
            ),
            key=lambda t: abs(t.first_line - table.first_line),
        )
        if not candidates:
            continue
        sibling = [c for c in candidates[0].columns if c.role == "value"]
        columns = []
        value_index = 0
        for column in table.columns:
            if column.role != "value":
                columns.append(column)
                continue
            source = sibling[value_index]
            value_index += 1
            if column.year is not None:
                columns.append(column)
                continue
            if any(c.year == source.year for c in values):
                columns.append(column)  # the sibling's year is already taken: leave unresolved
                continue
            kind = column.kind or ""
            columns.append(attrs.evolve(column, year=source.year, kind=kind, resolved_by="sibling"))
        out[index] = attrs.evolve(table, columns=tuple(columns))
    return out
