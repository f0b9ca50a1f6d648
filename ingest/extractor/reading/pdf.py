"""Read a PDF disclosure into the line-oriented text the extractor reads.

A page becomes lines from top to bottom. A ruled table (cells drawn with lines, as annual reports
print their statements) becomes one line per row, its cells joined by tabs with the empty cells
kept, so the columns of a header still line up with the figures below it. A table printed
without rules is found from where its figures stand (``_columns``) and becomes tab-separated rows
the same way. The rest of the page is set out as it is printed: characters on one baseline form a
line, and a horizontal gap wider than a space becomes as many spaces as would fill it; a vertical
gap of a line or more becomes one blank line, as paragraph breaks are in a text dump. Each line
keeps its page number, so a fact's provenance reads ``p. 12, line 4``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ...errors import ExtractError

#: What a PDF file starts with (ISO 32000: the header may follow a few bytes of junk).
MAGIC = b"%PDF-"


@attrs.frozen
class PdfLine:
    """One printed line: its text, the page it is on (1-based) and its line on that page."""

    text: str
    page: int
    line_on_page: int


@attrs.frozen
class _Item:
    """A line or a table row of one page, before the page's items are put in reading order."""

    top: float
    bottom: float
    text: str
    # Rows of one table follow each other without blank lines between them.
    table: int | None = None


def looks_like_pdf(data: bytes) -> bool:
    """True when ``data`` is a PDF file (its header in the first kilobyte, as readers accept)."""
    return MAGIC in data[:1024]


def read_pdf_lines(data: bytes, where: str) -> tuple[PdfLine, ...]:
    """The printed lines of a PDF, page by page.

    Args:
        data: the bytes of the file.
        where: the file as the user named it, for error messages.

    Raises:
        ExtractError: the file is damaged, encrypted, or has no text (a scan without OCR).
    """
    # Imported here: only PDF documents need the PDF library and its start-up cost.
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    lines: list[PdfLine] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                texts = page_lines(page)
                lines += [PdfLine(t, number, i) for i, t in enumerate(texts, start=1)]
                # pdfplumber caches each page's objects; a long report would keep them all.
                page.close()
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ExtractError(where, "is an encrypted PDF (a password is needed)") from None
        raise ExtractError(where, f"is not a readable PDF ({_reason(cause)})") from None
    except Exception as exc:  # noqa: BLE001 - a damaged PDF can fail anywhere in the parser
        raise ExtractError(where, f"is not a readable PDF ({_reason(exc)})") from None
    if not any(line.text.strip() for line in lines):
        raise ExtractError(where, "is a PDF without text (a scanned image needs OCR first)")
    return tuple(lines)


def page_lines(page: Any) -> list[str]:
    """The lines of one pdfplumber page: ruled tables as tab-separated rows, the rest as printed."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[_Item] = []
    for index, table in enumerate(tables):
        for row, cells in zip(table.rows, table.extract(), strict=True):
            text = _row_text(cells)
            if text:
                items.append(_Item(row.bbox[1], row.bbox[3], text, index))
    outside = [c for c in page.chars if not any(_inside(c, box) for box in boxes)]
    items += _text_lines(outside)
    items.sort(key=lambda i: (i.top, i.table if i.table is not None else -1))
    out: list[str] = []
    previous: _Item | None = None
    for item in items:
        if previous is not None and _paragraph_break(previous, item):
            out.append("")
        out.append(item.text)
        previous = item
    return out


def _row_text(cells: Sequence[str | None]) -> str:
    """A table row as tab-separated cells: empty cells kept inside, dropped at the end, but a
    row keeps at least one tab, so a lone heading cell still reads as a row of its table."""
    texts = [" ".join((c or "").split()) for c in cells]
    while len(texts) > 1 and not texts[-1]:
        texts.pop()
    if len(texts) == 1 and len(cells) > 1:
        texts.append("")
    return "\t".join(texts) if any(texts) else ""


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _text_lines(chars: Iterable[dict[str, Any]]) -> list[_Item]:
    """Characters -> lines: one line per baseline, horizontal gaps as spaces."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if not char.get("upright", True):
            continue
        # Characters share a line when their baselines are within a third of the font size
        # (superscript footnote marks sit a little higher, and belong to the line).
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) <= char["size"] / 3:
            rows[-1].append(char)
        else:
            rows.append([char])
    items = []
    # Lines are set out from the page's left edge of text, so a header over the figure columns
    # keeps its indentation ("2023  2022" above the figures, not above the labels).
    left = min((c["x0"] for row in rows for c in row), default=0.0)
    # One character width for the whole page: lines of narrow or wide letters then put a
    # column at the same place.
    glyphs = [c["x1"] - c["x0"] for row in rows for c in row if c["text"].strip()]
    cell = sum(glyphs) / len(glyphs) if glyphs else 0.0
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    laid = _columns(rows)
    for row in rows:
        text = laid.get(id(row)) or _set_out(row, left, cell)
        if text.strip():
            top = min(c["top"] for c in row)
            bottom = max(c["bottom"] for c in row)
            items.append(_Item(top, bottom, text.rstrip()))
    return items


#: The nil marks a figure column holds.
_NIL = frozenset({"-", "–", "—", "nil"})


def _is_figure(text: str) -> bool:
    """Whether a run of words is what a figure column holds: ``1,234``, ``(1,234)``,
    ``-12.5 %``, ``RMB'000``, ``2023``, a nil mark, a figure in markup; not a heading
    (``Year ended December 31``) or a label."""
    if text.lower() in _NIL:
        return True
    letters = sum(c.isalpha() for c in text)
    return any(c.isdigit() for c in text) and len(text.split()) <= 2 and 2 * letters <= len(text)


@attrs.frozen
class _Chunk:
    """Words of a line set close together: a cell, when the line is a table row."""

    x0: float
    x1: float
    text: str


def _chunks(row: Sequence[dict[str, Any]]) -> list[_Chunk]:
    """A line's characters in runs separated by gaps wider than two spaces."""
    spaces = [c["x1"] - c["x0"] for c in row if c["text"] == " " and c["x1"] > c["x0"]]
    space = sorted(spaces)[len(spaces) // 2] if spaces else row[0]["size"] / 4
    out: list[_Chunk] = []
    start, end, text = row[0]["x0"], row[0]["x1"], [row[0]["text"]]
    for char in row[1:]:
        if char["x0"] - end > 2 * space and "".join(text).strip():
            out.append(_Chunk(start, end, "".join(text).strip()))
            start, text = char["x0"], []
        if char["text"].strip() or text:
            text.append(char["text"])
        if char["text"].strip():
            end = char["x1"]
    if "".join(text).strip():
        out.append(_Chunk(start, end, "".join(text).strip()))
    return out


def _columns(rows: Sequence[Sequence[dict[str, Any]]]) -> dict[int, str]:
    """Tables printed without rules, as tab-separated rows: {id(row): text}.

    A run of lines at least two of which set figures apart from their label by a wide gap is a
    table; its columns are where its figures stand (the figures' extents, overlapping ones
    merged), and each cell goes to the first column it overlaps (a heading spanning two columns
    to the first, as a ruled table's merged cell), or the nearest. Lines with one run of text
    stay text (a heading inside the table, a paragraph). A table ends at a vertical gap, or, once
    two of its rows hold figures, where most of a line's figures stand where none of the
    table's did (the next table; its header lines alone do not set the columns)."""
    out: dict[int, str] = {}
    block: list[tuple[Sequence[dict[str, Any]], list[_Chunk]]] = []
    spans: list[list[float]] = []
    counted = 0  # rows of the block that hold figures
    bottom = None
    for row in rows:
        chunks = _chunks(row)
        top = min(c["top"] for c in row)
        height = max(c["bottom"] for c in row) - top
        gap = bottom is not None and top - bottom > 0.8 * height
        bottom = max(c["bottom"] for c in row)
        figures = [c for c in chunks[1:] if _is_figure(c.text)]
        apart = sum(1 for c in figures if not any(c.x0 < b and c.x1 > a for a, b in spans))
        if gap or (counted >= 2 and 2 * apart > len(figures)):
            out.update(_lay_out(block))
            block, spans, counted = [], [], 0
        if len(chunks) < 2:
            continue  # a heading or a wrapped label inside the table stays text
        block.append((row, chunks))
        spans += [[c.x0, c.x1] for c in figures]
        counted += bool(figures)
    out.update(_lay_out(block))
    return out


def _lay_out(block: Sequence[tuple[Sequence[dict[str, Any]], list[_Chunk]]]) -> dict[int, str]:
    """The rows of one unruled table as tab-separated cells (none unless two rows hold
    figures: two runs of words on one line are not yet a table)."""
    figures = [c for _, chunks in block for c in chunks[1:] if _is_figure(c.text)]
    rows_with_figures = sum(1 for _, chunks in block if any(_is_figure(c.text) for c in chunks[1:]))
    if rows_with_figures < 2:
        return {}
    columns: list[list[float]] = []
    for c in sorted(figures, key=lambda c: c.x0):
        if columns and c.x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], c.x1)
        else:
            columns.append([c.x0, c.x1])
    out: dict[int, str] = {}
    for row, chunks in block:
        cells = [""] * (len(columns) + 1)
        for k, c in enumerate(chunks):
            if k == 0 and c.x1 <= columns[0][0]:
                cells[0] = c.text
                continue
            overlapping = [i for i, (a, b) in enumerate(columns) if c.x0 < b and c.x1 > a]
            if overlapping:
                i = overlapping[0]
            else:
                middle = (c.x0 + c.x1) / 2
                i = min(range(len(columns)), key=lambda j: abs(sum(columns[j]) / 2 - middle))
            cells[i + 1] = f"{cells[i + 1]} {c.text}".strip()
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        out[id(row)] = "\t".join(cells)
    return out


def _set_out(row: Sequence[dict[str, Any]], left: float, cell: float) -> str:
    """One line's characters left to right from ``left``: a gap wider than half a space
    becomes spaces, as many as characters ``cell`` wide would fill, so columns set at the same
    place on the page start near the same place in the text."""
    spaces = [c["x1"] - c["x0"] for c in row if c["text"] == " " and c["x1"] > c["x0"]]
    # Without these in the file: a character is about half the font size, a space a quarter.
    cell = cell or row[0]["size"] / 2
    space = sorted(spaces)[len(spaces) // 2] if spaces else row[0]["size"] / 4
    parts: list[str] = []
    end = left
    for char in row:
        gap = char["x0"] - end
        if gap > space / 2:
            parts.append(" " * max(1, round(gap / cell)))
        parts.append(char["text"])
        end = char["x1"]
    return "".join(parts)


def _paragraph_break(previous: _Item, item: _Item) -> bool:
    """A vertical gap of most of a line between two items (not rows of one table)."""
    if previous.table is not None and previous.table == item.table:
        return False
    height = previous.bottom - previous.top
    return item.top - previous.bottom > 0.8 * height


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]
