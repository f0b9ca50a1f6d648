"""Reading prose in noisy text dumps: cleaning a line, finding dates, sentences and amounts.

Shared by the metadata and narrative passes. Everything here works on one line at a time, so
line numbers (the provenance of every decision) are never lost.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal

import attrs

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th)?"
# "December 31, 2024", "31 December 2023", "2024-03-18"; an optional "and 2024" / ", 2023"
# continuation names more years on the same day and month ("December 31, 2023 and 2024").
_DATE = re.compile(
    rf"(?P<md>\b(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>(?:19|20)\d{{2}})\b)"
    rf"|(?P<dm>\b(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d{{2}})\b)"
    r"|(?P<iso>\b(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{2})-(?P<d3>\d{2})\b)",
    re.IGNORECASE,
)
_MORE_YEARS = re.compile(r"(?:\s*(?:,|and|&)\s*((?:19|20)\d{2})\b(?!-))+")
_YEAR_IN_LIST = re.compile(r"(?:19|20)\d{2}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")
# A hyphen between two lower-case letters is almost always a PDF line-break artefact
# ("ap-proved", "Finan-cial"); "re-presented" is the exception that changes the meaning.
_SOFT_HYPHEN = re.compile(r"(?<![A-Za-z])(?![Rr]e-)([A-Za-z]*[a-z])-(?=[a-z])")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "′": "'", "\u00a0": " "})


@attrs.frozen
class DateMatch:
    """A date found in a line: the date and where it was printed (character offsets)."""

    value: date
    start: int
    end: int


# Cached: the metadata, narrative and prose passes each clean the same lines.
@functools.lru_cache(maxsize=32768)
def clean(text: str) -> str:
    """Return ``text`` without markup and line-break artefacts, for matching words in it.

    Removes HTML tags, markdown emphasis and backslash escapes, straightens quotes, joins words
    split by a soft hyphen and collapses white space (tabs included).
    """
    text = _TAG.sub(" ", text).translate(_QUOTES)
    text = text.replace("\\", "").replace("**", "").replace("*", " ")
    text = _SOFT_HYPHEN.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def cells(text: str) -> list[str]:
    """Split a table line on tabs into cleaned cells (a line without tabs is one cell)."""
    return [clean(cell) for cell in text.split("\t")]


def _make_date(year: str, month: str, day: str) -> date | None:
    number = int(month) if month.isdigit() else _MONTHS[month.lower()]
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every calendar date printed in ``text`` (already cleaned), in order of appearance.

    ``December 31, 2023 and 2024`` yields two dates, both ending at the first one's offsets
    plus the continuation, so a caller can still tell what words surround each.
    """
    found: list[DateMatch] = []
    for m in _DATE.finditer(text):
        if m["md"]:
            month, day, year = m["m1"], m["d1"], m["y1"]
        elif m["dm"]:
            month, day, year = m["m2"], m["d2"], m["y2"]
        else:
            month, day, year = m["m3"], m["d3"], m["y3"]
        value = _make_date(year, month, day)
        if value is None:
            continue
        found.append(DateMatch(value, m.start(), m.end()))
        more = _MORE_YEARS.match(text, m.end())
        if more and not m["iso"]:
            for extra in _YEAR_IN_LIST.findall(more.group(0)):
                again = _make_date(extra, month, day)
                if again is not None:
                    found.append(DateMatch(again, m.start(), more.end()))
    return found


_NEGATION = re.compile(r"\b(?:not|no|never|without|nor)\b", re.IGNORECASE)


def negated(sentence: str, at: int) -> bool:
    """Whether a negation ("not", "no", "without" ...) comes shortly before offset ``at``."""
    return bool(_NEGATION.search(sentence[max(0, at - 60) : at]))


def long_date(value: date) -> str:
    """``December 31, 2024``: the form our titles use."""
    return f"{value.strftime('%B')} {value.day}, {value.year}"


_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Co|Ltd|Inc|Mr|Mrs|Ms|Dr|Prof|No|Nos|approx|etc|i\.e|e\.g|vs|St|Cap|Corp)\.|\b[A-Z]\.)$"
)


def sentences(text: str) -> list[tuple[int, str]]:
    """Split cleaned prose into sentences; returns (offset, sentence) pairs.

    Company names ("Co., Ltd."), titles ("Mr.") and initials do not end a sentence.
    """
    out: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer(r"[.;](?=\s+[\"(A-Z0-9])", text):
        if _ABBREVIATIONS.search(text[start : m.end()]):
            continue
        piece = text[start : m.end()]
        out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start = m.end()
    rest = text[start:]
    if rest.strip():
        out.append((start + len(rest) - len(rest.lstrip()), rest.strip()))
    return out


_CURRENCY = r"(?P<cur>HK\$|HKD|US\$|USD|RMB|Rmb|CNY|RM\s?B)"
_AMOUNT = re.compile(
    _CURRENCY + r"\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>billion|million|thousand|bn|mn|m)\b)?",
)
_CURRENCY_CODES = {"HK$": "HKD", "HKD": "HKD", "US$": "USD", "USD": "USD"}
_MULTIPLIERS = {"billion": 9, "bn": 9, "million": 6, "mn": 6, "m": 6, "thousand": 3}


@attrs.frozen
class Amount:
    """A sum of money printed in prose, in full units (``HK$933 million`` -> 933000000 HKD)."""

    value: Decimal
    currency: str
    start: int


def find_amounts(text: str) -> list[Amount]:
    """Every sum of money printed in ``text`` (cleaned), converted to full units."""
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        number = Decimal(m["num"].replace(",", ""))
        if m["mult"]:
            number = number.scaleb(_MULTIPLIERS[m["mult"].lower()])
        currency = _CURRENCY_CODES.get(m["cur"].upper().replace(" ", ""), "RMB")
        out.append(Amount(number, currency, m.start()))
    return out


def decimal_text(value: Decimal) -> str:
    """A decimal as a plain string without exponent or trailing ``.0`` (``933000000``)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@attrs.frozen
class Sentence:
    """A sentence of prose and the 1-based lines it was printed on (first and last)."""

    first: int
    last: int
    text: str
    #: Sentences of one paragraph share this number (in document order).
    paragraph: int = 0


def prose_sentences(raw_lines: tuple[str, ...] | list[str]) -> list[Sentence]:
    """The sentences of a document's prose, with the lines each one spans.

    Consecutive non-blank lines without tabs form one paragraph, so a sentence wrapped over
    several lines (fixed-width press releases) is read whole; table rows (tab-separated) and
    blank lines end a paragraph.
    """
    out: list[Sentence] = []
    run: list[tuple[int, str]] = []
    paragraph = [0]

    def flush() -> None:
        if not run:
            return
        paragraph[0] += 1
        text, starts = "", []
        for number, line in run:
            piece = clean(line)
            if text and not (text.endswith("-") and text[-2:-1].isalpha()):
                text += " "
            starts.append((len(text), number))
            text += piece
        for offset, sentence in sentences(text):
            end = offset + len(sentence)
            lines = [n for at, n in starts if at <= end] or [run[0][0]]
            first = max((n for at, n in starts if at <= offset), default=run[0][0])
            out.append(Sentence(first, max(lines), clean(sentence), paragraph[0]))
        run.clear()

    for number, line in enumerate(raw_lines, start=1):
        if _RULE.match(line):
            flush()  # a rule ("=====") separates blocks like a blank line
            continue
        if not line.strip() or "\t" in line:
            flush()
            if line.strip():
                paragraph[0] += 1
                out.extend(
                    Sentence(number, number, s, paragraph[0]) for _, s in sentences(clean(line))
                )
            continue
        if _NEW_ITEM.match(line):
            flush()  # a bullet, footnote or heading starts a paragraph of its own
        run.append((number, line))
    flush()
    return out


_RULE = re.compile(r"^\s*([=_*~-])\1{2,}\s*$")
_NEW_ITEM = re.compile(r"^\s*(?:[-•*–#>]|[¹²³⁴⁵⁶⁷⁸⁹⁽]|\(?\d{1,2}\)\s|\([a-z]{1,4}\)\s)")
