"""Build PDF documents from text dumps, as a typesetter would print them (for the PDF tests).

Each line of text is one printed line; a run of tab-separated lines is a ruled table, one row per
line and one cell per tab-separated field; a blank line is vertical space. Pages break where the
page is full, so a document of a thousand lines has dozens of pages and a table can run over two.
The page is as wide as the widest line needs: the text dumps keep some pages as one long line,
and a PDF of them keeps that line whole rather than wrapping it into other lines.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

FONT = "LedgerTestSans"
# Superscripts, arrows and more, when the system has DejaVu (Debian's fonts-dejavu-core).
WIDE = "LedgerTestWide"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Chinese and full-width punctuation: a CID font every PDF reader knows, not embedded.
CJK = "STSong-Light"
SIZE = 7.0


def _register_fonts() -> dict[str, set[int]]:
    """Register the fonts; return, per embedded font, the characters it has."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        # Bitstream Vera ships with reportlab: an embedded TrueType font keeps curly quotes and
        # dashes extractable, where the 14 standard fonts only know Latin-1.
        vera = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
        pdfmetrics.registerFont(TTFont(FONT, vera))
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))
        if DEJAVU.exists():
            pdfmetrics.registerFont(TTFont(WIDE, str(DEJAVU)))
    fonts = [FONT, WIDE] if WIDE in pdfmetrics.getRegisteredFontNames() else [FONT]
    return {name: set(pdfmetrics.getFont(name).face.charToGlyph) for name in fonts}


def _markup(text: str, fonts: dict[str, set[int]]) -> str:
    """``text`` as reportlab markup, each character in the first font that has it.

    Chinese goes to the CID font; what no font has is printed as its compatibility form (a
    superscript ``⁽¹⁾`` as ``(1)``), as a typesetter without the glyph would print it.
    """
    out = []
    for char in text:
        name = next((n for n, chars in fonts.items() if ord(char) in chars), None)
        if name is None and unicodedata.normalize("NFKC", char) != char:
            out.append(_markup(unicodedata.normalize("NFKC", char), fonts))
            continue
        escaped = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(char, char)
        if name == FONT:
            out.append(escaped)
        else:
            out.append(f'<font name="{name or CJK}">{escaped}</font>')
    return "".join(out)


def build_pdf(text: str, target: Path, *, ruled: bool = True) -> Path:
    """Typeset ``text`` (a text dump's lines) into the PDF ``target``; returns ``target``.

    ``ruled=False`` prints the tables without rules, their columns set apart by space only, as
    many reports print them.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle, XPreformatted

    fonts = _register_fonts()
    style = ParagraphStyle("line", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.25)
    lines = text.split("\n")
    story: list = []
    width = A4[0] - 72
    block: list[list[str]] = []

    def flush() -> None:
        nonlocal width
        if not block:
            return
        columns = max(len(r) for r in block)
        rows = [r + [""] * (columns - len(r)) for r in block]
        # A heading row (one cell, unruled tables only) spans the table and sets no width.
        spans = [i for i, r in enumerate(block) if len(r) == 1]
        widths = [
            max(stringWidth(r[i], FONT, SIZE) for k, r in enumerate(rows) if k not in spans) + 8
            for i in range(columns)
        ]
        width = max(width, sum(widths))
        cells = [[XPreformatted(_markup(c, fonts), style) if c else "" for c in r] for r in rows]
        table = Table(cells, colWidths=widths, repeatRows=0, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, SIZE),
                    *([("GRID", (0, 0), (-1, -1), 0.25, colors.grey)] if ruled else []),
                    *[("SPAN", (0, i), (-1, i)) for i in spans],
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)
        block.clear()

    for number, line in enumerate(lines):
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if not ruled and block and line.strip() and "\t" in following:
            # A heading inside an unruled table (a section of rows): the columns go on below
            # it, as a typesetter keeps them, where a ruled table is drawn in pieces.
            block.append([line])
            continue
        flush()
        if not line.strip():
            story.append(Spacer(1, SIZE * 1.25))
            continue
        width = max(width, stringWidth(line, FONT, SIZE))
        story.append(XPreformatted(_markup(line, fonts), style))
    flush()
    document = SimpleDocTemplate(
        str(target),
        pagesize=(width + 72, A4[1]),
        leftMargin=36,
        rightMargin=36,
        topMargin=36,
        bottomMargin=36,
    )
    document.build(story)
    return target
