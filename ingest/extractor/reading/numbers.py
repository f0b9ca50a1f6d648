"""Numbers as printed: cell cleaning, number tokens, nil markers, ranges and scale words.

A printed figure is read into a :class:`Number` that keeps the raw token, its kind (amount, nil,
percentage, range, year, junk) and the decimal value with its sign. Decimal never float.

The one decision that needs context is a ``.`` followed by exactly three digits: in a table of
thousands (``RMB'000``) or of counts, ``209.499`` is 209,499 printed with a dot separator, while
per-share amounts (``(18.42)``) and percentages are real decimals. Callers pass that context as
``dot_thousands``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

# Kinds of token. Only AMOUNT and PERCENT become facts; the others are classified, not dropped.
AMOUNT = "amount"
PERCENT = "percent"
NIL = "nil"
RANGE = "range"
YEAR = "year"
JUNK = "junk"

_TAG = re.compile(r"</?(?:b|i|u|sup|sub|hr|br|em|strong|span)\s*/?>", re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰⁽⁾ᵃᵇᶜᵈᵉⁱⁱ")
_NIL_TOKENS = frozenset({"-", "—", "–", "_", "=", "N.A.", "N/A", "n/a", "nil", "Nil", "—-", "--"})
#: A dash misread by OCR as a letter or a quote ("I", "'"), printed alone in a value cell.
MISREAD_DASHES = frozenset({"I", "l", "|", "'", "‘", "’", "`"})
_NUMBER = re.compile(
    r"^(?P<open>\()?(?P<sign>[-−])?(?P<body>\d{1,3}(?:[,. ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%)?(?P<close>\))?$"
)
_RANGE = re.compile(r"^-?\d+(?:\.\d+)?%?\s*(?:~|to|-|–)\s*-?\d+(?:\.\d+)?%$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


@attrs.frozen
class Number:
    """One printed token and what it means.

    Attributes:
        raw: the token as printed (after tag stripping).
        kind: ``amount``, ``percent``, ``nil``, ``range``, ``year`` or ``junk``.
        value: the signed value in the printed scale (``None`` unless amount or percent).
        places: decimal places printed (``2`` for ``(18.42)``), for precision.
    """

    raw: str
    kind: str
    value: Decimal | None = None
    places: int = 0

    @property
    def is_value(self) -> bool:
        return self.kind in (AMOUNT, PERCENT)


# The passes of the extractor read the same cells again and again (each distinct cell about
# five times in a results announcement); both functions are pure and their results immutable.
@functools.lru_cache(maxsize=65536)
def clean_cell(text: str) -> str:
    """Strip HTML emphasis, markdown, LaTeX wrapping and footnote superscripts from a cell."""
    text = _TAG.sub(" ", text)
    text = text.replace("\\$", "$").replace("\\ ", " ").replace("\\,", ",").replace("\\*", "*")
    text = text.replace("**", "").replace("\u00a0", " ")
    # A "$" after HK/US/S is a currency sign; any other "$" is LaTeX math wrapping.
    text = re.sub(r"(?<![A-Z])\$", " ", text)
    text = text.translate(_SUPERSCRIPT)
    return " ".join(text.split())


@functools.lru_cache(maxsize=65536)
def parse_number(token: str, *, dot_thousands: bool = True) -> Number:
    """Read one printed token (``(1,234)``, ``-44.6%``, ``209.499``, ``-``, ``2.0%~3.0%``).

    Args:
        token: the token, already cleaned of tags.
        dot_thousands: whether ``d.ddd`` is a thousands group (tables of thousands or counts).
    """
    raw = token.strip()
    if raw in _NIL_TOKENS or raw in ("<u> </u>",) or raw in MISREAD_DASHES:
        return Number(raw, NIL)
    if _RANGE.match(raw) or "~" in raw:
        return Number(raw, RANGE)
    text = raw.replace("−", "-").replace("( ", "(").replace(" )", ")")
    # A thousands group split off by a space ("(17 608)", "(126, 433)") is one number.
    text = re.sub(r"(?<=\d),?\s+(?=\d{3}(?!\d))", ",", text)
    match = _NUMBER.match(text)
    if match is None:
        return Number(raw, JUNK)
    if bool(match["open"]) != bool(match["close"]):
        return Number(raw, JUNK)
    body = match["body"]
    if re.match(r"0\d", body):
        # "004,127": a leading zero before a thousands group is a misread figure, not a number.
        return Number(raw, JUNK)
    negative = bool(match["open"]) or bool(match["sign"])
    is_pct = bool(match["pct"])
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", body) and dot_thousands and not is_pct:
        # ``209.499`` in a table of thousands: a dot used as the thousands separator.
        digits = body.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?", body):
        digits = body.replace(",", "").replace(" ", "")
    elif re.fullmatch(r"\d+(?:\.\d+)?", body):
        digits = body
    else:
        return Number(raw, JUNK)
    value = Decimal(digits)
    places = len(digits.split(".")[1]) if "." in digits else 0
    if negative:
        value = -value
    if is_pct:
        return Number(raw, PERCENT, value, places)
    if _YEAR.match(digits) and not negative and not match["open"]:
        # A bare 4-digit year-like token is kept as an amount here; callers that know they are
        # reading a header or a date reclassify it (a count of 2,024 would print a separator).
        return Number(raw, AMOUNT, value, places)
    return Number(raw, AMOUNT, value, places)


def is_value_token(token: str) -> bool:
    """Whether a token reads as a figure, a nil mark or a range (not a word)."""
    return parse_number(token).kind in (AMOUNT, PERCENT, NIL, RANGE)


_GROUP_TAIL = re.compile(r"^\d{3}\)?%?$")
_GROUP_HEAD = re.compile(r"^\(?[-−]?\d{1,3}(?:,?\s?\d{3})*,?$")


def split_tokens(cell: str) -> list[str]:
    """Split a cell into value tokens, re-joining groups split by a space.

    ``(17 608)`` and ``(126, 433)`` are one number whose thousands group was split by a space
    (returned as printed, ``parse_number`` reads them);
    a head of 1-3 digits followed by a tail of exactly three digits is joined. Whether the joined
    number is right is for arithmetic to decide (a garbled ``200 400`` joins too, and fails).
    """
    parts = cell.split()
    out: list[str] = []
    for part in parts:
        if part in ("%", "%)") and out and not out[-1].endswith(("%", ")")):
            # "-28.5 %", "(14.7 %)": a percent sign printed apart from its number (with the
            # closing parenthesis of a negative percentage after it).
            out[-1] += part
            continue
        if (
            out
            and _GROUP_TAIL.match(part)
            and _GROUP_HEAD.match(out[-1])
            and not out[-1].endswith(")")
        ):
            out[-1] = f"{out[-1]} {part}"  # kept as printed; parse_number joins the groups
        else:
            out.append(part)
    return out


# --- units and scale --------------------------------------------------------------------------

_CURRENCIES = (
    (re.compile(r"HK\s?\$|HKD", re.IGNORECASE), "HKD"),
    (re.compile(r"US\s?\$|USD", re.IGNORECASE), "USD"),
    (re.compile(r"RMB|Renminbi|KIMB|CNY|¥", re.IGNORECASE), "RMB"),
)


def currencies_in(text: str) -> set[str]:
    """Every currency ``text`` names (``RMB | RMB | USD`` -> RMB and USD)."""
    cleaned = clean_cell(text)
    # "US$" and "HK$" name their own currency; strip them before looking for the others.
    found = set()
    for pattern, code in _CURRENCIES:
        if pattern.search(cleaned):
            found.add(code)
            cleaned = pattern.sub(" ", cleaned)
    return found


_THOUSANDS = re.compile(
    r"(?:RMB|KIMB|HK\$|US\$|USD|HKD)?\s*[’'′`]?\s*0?0{2}\s*0?\b|in thousands|thousand",
    re.IGNORECASE,
)


@attrs.frozen
class Scale:
    """The currency and power of ten a table header declares (``RMB'000`` -> RMB, 3)."""

    currency: str | None
    scale: int | None


# Cached: headers and captions repeat from table to table (a document asks for about nine
# times as many scales as it has distinct texts), and a Scale is immutable.
@functools.lru_cache(maxsize=4096)
def read_scale(text: str) -> Scale:
    """Find the currency and scale words in header or caption text.

    Recognises ``RMB'000``, ``RMB '000``, ``RMB′000``, ``RMB'00 0``, ``KIMB 000``, ``RMB in
    thousands``, ``RMB million``, ``RMB billion``, ``RMB 10,000`` and ``RMB0'000`` (ten
    thousands), with HK$ and US$ alike.
    """
    cleaned = clean_cell(text)
    currency = None
    for pattern, code in _CURRENCIES:
        if pattern.search(cleaned):
            currency = code
            break
    scale = None
    if re.search(r"(?:RMB|HK\$|US\$)?\s*0\s*['’′]\s*000|10,000|ten thousand", cleaned, re.I):
        scale = 4
    elif re.search(
        r"(?:RMB|KIMB|HK\$|US\$)\s*[’'′]?\s*00\s*0|in thousands|thousand", cleaned, re.I
    ):
        scale = 3
    elif re.search(r"\bmillions?\b", cleaned, re.I):
        scale = 6
    elif re.search(r"\bbillions?\b", cleaned, re.I):
        scale = 9
    elif currency is not None and re.search(r"\bRMB\b\s*$|^RMB$", cleaned):
        scale = 0
    return Scale(currency, scale)


#: A sentence stating the scale of a document's amounts: "amounts are RMB thousands", "all
#: amounts are in thousands of Renminbi", "statements headed '¥ in Thousands'".
_STATED_SCALE = re.compile(
    r"\bamounts?\s+(?:are\s+)?(?:(?:expressed|stated|presented)\s+)?(?:in\s+)?"
    r"(?:(?:RMB|Renminbi|CNY|¥|US\$|USD|HK\$|HKD)\s+(?P<a>thousands|millions)"
    r"|(?P<b>thousands|millions)\s+of\s+(?:RMB|Renminbi|CNY|yuan|US\$|USD|HK\$|HKD))"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)


def stated_scale(lines: Sequence[str]) -> int | None:
    """The scale a document states for its amounts in words ("amounts are RMB thousands"),
    or None: the scale of columns that print only a currency under their period."""
    for line in lines:
        m = _STATED_SCALE.search(line)
        if m:
            return 3 if (m["a"] or m["b"]).lower() == "thousands" else 6
    return None


def decimals_of(value_places: int, scale: int) -> int:
    """XBRL precision of a printed figure: ``-3`` for whole thousands, ``2`` for ``18.42``."""
    return value_places - scale
