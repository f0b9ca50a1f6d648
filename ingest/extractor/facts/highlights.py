"""Figures stated in highlight sentences, in English and in Chinese.

A results release often prints its key figures only as bullets under a highlights heading:
"Revenue reached US$120 million, up 3% year over year", "Net loss was US$8 million, against
net income of US$2 million in the second quarter of 2022", "营业收入：2024年第二季度为100亿元".
Each bullet is read by rules about the wording, never about one document:

- a bullet is cut into clauses (";", ", while", "；"); a clause names its measure in the words
  before its first amount and its verb ("Revenue", "adjusted net loss", "营业收入"); a clause
  without a measure of its own ("the comparable figures were ...") speaks of the one before;
- an amount is a currency and a number with its scale word (``US$120 million``, ``RMB2.5
  billion``, ``100亿元`` with 亿 = 10^8 and 万 = 10^4, ``14亿美元``), kept at the printed scale
  and precision; an amount without a scale word after one with it shares its scale;
- its period is the one a phrase next to it names ("in the second quarter of 2022", "a year
  earlier", "in the same quarter of the prior fiscal year", "for the year ended ...",
  "2023年第二季度为"), else the section's (a "quarter" heading: the three months ending on the
  period end), else the document's; "At June 30, 2024" at the head of a clause makes its
  amounts balances at that date;
- its sign is the wording's: the nearest "loss" or "income"/"profit" word before it in its
  clause ("a net loss of US$5 million" is -5);
- Chinese measures are named through a glossary of statement terms; a percentage after 同比 or
  相比 (year on year) is the measure's growth rate, one after 率为 the rate itself.

The figures are candidates like a table's; ``sentences.reconcile`` keeps a table's value for the
same series (a sentence printing the same figure is another printing of it).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ledger.domain.values import Period

from ..reading.numbers import decimals_of, parse_number
from .candidates import Candidate, months_ending
from .concepts import growth_concept, resolve

_BULLET = re.compile(r"^\s*(?:[-–•●▪*]|\d{1,2}[.)])\s+|^\s*●")
_HEADING_MAX = 120
_HIGHLIGHTS = re.compile(r"highlights|要点|摘要|亮点", re.IGNORECASE)
#: The announcement that opens a lead paragraph, up to the colon its figures follow.
_LEAD = re.compile(
    r"^[^:：]{0,160}?(?:披露|发布|公布|announced|reported|released)[^:：]{0,80}?"
    r"(?:业绩|results)[^:：]{0,40}?[:：]",
    re.IGNORECASE,
)
#: Words of a measure worth a fact when the taxonomy does not know the measure itself.
_FINANCIAL = re.compile(
    r"revenues?|income|profit|loss(?:es)?|expenses?|margin|ebitda|earnings|cash|assets?|"
    r"liabilities|equity|loans?|balance|impairment|收入|利润|亏损",
    re.IGNORECASE,
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINAL["4th"] = 4
_ZH_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_EN_AMOUNT = re.compile(
    r"(?P<neg>-|\()?(?P<cur>US\$|HK\$|RMB|USD|HKD|¥)\s?(?P<num>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s?(?P<word>thousand|million|billion)s?\b)?",
    re.IGNORECASE,
)
_ZH_AMOUNT = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<word>亿|万)?(?P<cur>美元|港元|元)(?:人民币)?"
)
_ZH_PERCENT = re.compile(r"(?P<num>-?\d+(?:\.\d+)?)\s?%")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: The label suffix of a year-on-year growth rate (同比增长: growth on the same period).
_GROWTH = "同比增长"
#: Chinese financial terms and the English labels the taxonomy knows them by (longest first).
_GLOSSARY = (
    ("归属于本公司普通股股东的净利润", "net profit attributable to ordinary shareholders"),
    ("归属于母公司股东的净利润", "net profit attributable to owners of the parent"),
    ("非美国通用会计准则（non-gaap）", "non-GAAP "),
    ("非美国通用会计准则", "non-GAAP "),
    ("营业收入", "operating revenue"),
    ("经营利润率", "operating margin"),
    ("经营利润", "operating profit"),
    ("净利润率", "net margin"),
    ("净利润", "net profit"),
    ("毛利率", "gross margin"),
    ("毛利", "gross profit"),
    ("净收入", "net revenues"),
    ("收入", "revenues"),
    ("同比增长", " year-on-year growth"),
)
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "亿": 8, "万": 4}
_CURRENCIES = {"US$": "USD", "USD": "USD", "HK$": "HKD", "HKD": "HKD", "RMB": "RMB", "¥": "RMB"}
_ZH_CURRENCIES = {"美元": "USD", "港元": "HKD", "元": "RMB"}

_CLAUSES = re.compile(r";|；|,\s+while\b|,\s+whereas\b|。")
#: Words that end a clause's measure: its verb, or the preposition before its amount.
_VERB = re.compile(
    r"\s+(?:reached|amounted|was|were|came|rose|grew|increased|decreased|declined|fell|"
    r"dropped|shrank|widened|narrowed|totall?ed|stood|contributed|is|are|booked|"
    r"recorded|reported|generated)\b|\s*[:：]|为|达到|同比",
    re.IGNORECASE,
)
#: "a net loss of": the preposition before an amount, when the clause has no verb.
_OF = re.compile(r"\s+of\b", re.IGNORECASE)
#: A period phrase inside a measure ("Total income for the third quarter of 2024").
_PERIOD_IN_MEASURE = re.compile(
    r"\s+(?:for|in|during) the (?:(?:first|second|third|fourth) quarter|year|period|quarter)\b.*$",
    re.IGNORECASE,
)
_LOSS = re.compile(r"\bloss(?:es)?\b|亏损|净亏", re.IGNORECASE)
_GAIN = re.compile(r"\b(?:income|profit|earnings)\b|利润|盈利", re.IGNORECASE)
_COMPARABLE = re.compile(r"\b(?:comparable|comparatives?|compared|prior|previous)\b", re.I)
_AT_DATE = re.compile(
    rf"^\W*(?:at|as (?:at|of))\s+({_MONTHS})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})", re.I
)


def _scale(word: str | None) -> int:
    return _SCALES.get((word or "").lower(), 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _earlier(period: Period, years: int = 1) -> Period:
    """The same period ``years`` years before."""

    def back(day: date) -> date:
        last = calendar.monthrange(day.year - years, day.month)[1]
        return date(day.year - years, day.month, min(day.day, last))

    if period.start is None:
        return Period(end=back(period.end))
    return Period(start=back(period.start), end=back(period.end))


def _quarter(number: int, year: int, fiscal: tuple[int, int], fiscal_year: bool) -> Period:
    """Quarter ``number`` of ``year``: a calendar quarter, or a fiscal one when the issuer's
    year ends in another month ("the fourth quarter of fiscal 2024" ends with fiscal 2024)."""
    month = fiscal[0] - 3 * (4 - number)
    end_year = year
    if fiscal[0] != 12 or fiscal_year:
        while month <= 0:
            month += 12
            end_year -= 1
    else:
        month = 3 * number
    return months_ending(_month_end(end_year, month), 3)


_EN_QUARTER = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter of (fiscal (?:year )?)?(\d{4})"
    r"|\bQ([1-4]) (FY)?(\d{4})",
    re.IGNORECASE,
)
_EN_PRIOR = re.compile(
    r"\ba year (?:earlier|ago|before)\b|\bsame (?:quarter|period) (?:of|in) "
    r"(?:the )?(?:previous|prior|last) (?:fiscal )?year\b|\bprior[- ]year (?:quarter|period)\b"
    r"|\bsame (?:quarter|period) (?:of|in) (?:last|previous) year\b",
    re.IGNORECASE,
)
_EN_ENDED = re.compile(
    rf"\bfor the (year|three|six|nine|twelve)(?: months)? ended ({_MONTHS}) (\d{{1,2}}), (\d{{4}})",
    re.IGNORECASE,
)
_EN_SAME_PERIOD_OF = re.compile(r"\bsame (?:quarter|period) of (\d{4})\b", re.IGNORECASE)
_ZH_QUARTER = re.compile(r"(\d{4})年第?([一二三四1-4])季度")
#: A quarter a heading names with its year ("Third Quarter 2024", "Q3 2024"): the phrase's
#: forms, the year right after the quarter.
_EN_QUARTER_HEADING = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?(fiscal (?:year )?)?(\d{4})"
    r"|\bQ([1-4]) (FY)?(\d{4})",
    re.IGNORECASE,
)


def _section_period(
    heading: str, period_end: date | None, default_months: int, fiscal: tuple[int, int] = (12, 31)
) -> Period | None:
    """The period of a section's bullets: the length its heading names, ending on the
    document's period end; without one, the quarter the heading names ("2024年第三季度业绩要点",
    "Third Quarter 2024 Highlights"), else none."""
    if period_end is None:
        if m := _ZH_QUARTER.search(heading):
            return _quarter(_ZH_ORDINAL[m.group(2)], int(m.group(1)), fiscal, False)
        if m := _EN_QUARTER_HEADING.search(heading):
            return _en_quarter(m, fiscal)
        return None
    low = heading.lower()
    months = default_months
    if re.search(r"quarter|季度", low):
        months = 3
    elif re.search(r"half|six months|interim|半年", low):
        months = 6
    elif re.search(r"nine months|前三季度", low):
        months = 9
    elif re.search(r"\b(?:full|fiscal) year\b|\bannual\b|年度", low):
        months = 12
    return months_ending(period_end, months)


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and len(stripped) <= _HEADING_MAX
        and not _BULLET.match(stripped)
        and not _EN_AMOUNT.search(stripped)
        and not _ZH_AMOUNT.search(stripped)
        and "\t" not in text
    )


def highlight_candidates(
    lines: Sequence[str],
    period_end: date | None,
    months: int,
    fiscal: tuple[int, int] = (12, 31),
) -> list[Candidate]:
    """Candidate facts of the highlight bullets and sentences of a document.

    Args:
        lines: the document's lines.
        period_end: the end of its reporting period.
        months: the length of its reporting period (3 for a quarterly release), the default
            for bullets under a heading that names none.
        fiscal: (month, day) the issuer's fiscal year ends on.
    """
    out: list[Candidate] = []
    heading = ""
    before_highlights = True
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if _is_heading(text):
            heading = text
            before_highlights = before_highlights and not _HIGHLIGHTS.search(text)
            continue
        lead = _LEAD.match(text) if before_highlights and "\t" not in raw else None
        if lead is not None and not _BULLET.match(text):
            # The lead paragraph announcing the results states its key figures after the
            # announcement ("...披露2024年三季度业绩：本季收入...达到2604亿元"), for the period
            # the announcement names.
            current = _section_period(lead.group(0), period_end, months, fiscal)
            if current is not None:
                out.extend(_bullet(text[lead.end() :], number, current, fiscal))
            continue
        # Bullets of a highlights section only: elsewhere a bullet lists risks or policies.
        if not _BULLET.match(text) or "\t" in raw or not _HIGHLIGHTS.search(heading):
            continue
        current = _section_period(heading, period_end, months, fiscal)
        if current is None:
            continue
        out.extend(_bullet(_BULLET.sub("", text, count=1), number, current, fiscal))
    return out


def _bullet(text: str, line: int, current: Period, fiscal: tuple[int, int]) -> list[Candidate]:
    found: list[Candidate] = []
    measure = ""
    for clause in _CLAUSES.split(text):
        amounts = _amounts(clause)
        percent = _ZH_PERCENT.search(clause)
        if not amounts and not (percent and _CJK.search(clause)):
            continue
        own = _measure(clause[: amounts[0][0] if amounts else percent.start() if percent else 0])
        if own and not _COMPARABLE.search(own):
            measure = own
        if not measure:
            continue
        at = _AT_DATE.match(clause)
        for index, (start, end, raw, unit, scale, negative) in enumerate(amounts):
            following = clause[end : amounts[index + 1][0] if index + 1 < len(amounts) else None]
            preceding = clause[amounts[index - 1][1] if index else 0 : start]
            period = _period_of(following, preceding, current, fiscal)
            if at is not None:
                month = _MONTHS.split("|").index(at.group(1).lower()) + 1
                when = date(int(at.group(3)), month, int(at.group(2)))
                period = Period(end=when) if period is current else Period(end=period.end)
            sign = _sign(clause[:start])
            cand = _candidate(measure, period, raw, unit, scale, line, negative or sign < 0)
            if cand is not None:
                found.append(cand)
        found.extend(_rates(clause, measure, line, current, fiscal))
    return found


def _amounts(clause: str) -> list[tuple[int, int, str, str, int, bool]]:
    """(start, end, number, unit, scale, printed negative) of each amount in a clause. An amount
    printed without a scale word after one with it ("RMB12.5 million, against RMB11.0") is at
    the same scale."""
    found = []
    last: dict[str, int] = {}
    for m in _EN_AMOUNT.finditer(clause):
        cur = _CURRENCIES[m.group("cur").upper() if m.group("cur") != "¥" else "¥"]
        scale = _scale(m.group("word")) if m.group("word") else last.get(cur, 0)
        last[cur] = scale
        negative = bool(m.group("neg"))
        found.append((m.start(), m.end(), m.group("num"), cur, scale, negative))
    for m in _ZH_AMOUNT.finditer(clause):
        cur = _ZH_CURRENCIES[m.group("cur")]
        found.append((m.start(), m.end(), m.group("num"), cur, _scale(m.group("word")), False))
    return sorted(found)


def _measure(text: str) -> str:
    """The measure a clause names before its first amount: the words before its verb, without
    a leading date or period words, articles and footnote marks."""
    text = re.sub(
        rf"^\W*(?:at|as (?:at|of))\s+(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}},?\s*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    cut = _VERB.search(text) or _OF.search(text)
    words = text[: cut.start()] if cut else text
    words = _PERIOD_IN_MEASURE.sub("", words)
    # "Excluding that charge, adjusted net income was": the measure follows the last comma
    # before the verb.
    words = words.rstrip(" ,，").rsplit(",", 1)[-1].rsplit("，", 1)[-1]
    words = re.sub(r"\[\d+\]|\(\[?\d+\]?\)|\(\d\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", words)
    words = re.sub(
        r"^\W*(?:the|a|an|our|its|total of)\s+|^\W*(?:(?:first|second|third|fourth)[- ]quarter|"
        r"quarterly|full[- ]year|annual)\s+",
        "",
        words.strip(),
        flags=re.IGNORECASE,
    )
    words = re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.IGNORECASE)
    words = re.sub(r"^\d{4}年第?[一二三四1-4]季度", "", words.strip())
    words = " ".join(words.split()).strip(" ,:：")
    if _CJK.search(words) and _english(words) is None:
        # "本季收入加速增长" (this quarter's revenue grew faster): the measure is the statement
        # term the words name, the last one when they name several.
        terms = [
            (m.end(), len(t), t)
            for t, english in _GLOSSARY
            if "growth" not in english
            for m in re.finditer(re.escape(t), words)
        ]
        if terms:
            return max(terms)[2]
    return words


def _sign(before: str) -> int:
    """-1 when the nearest loss word before an amount is nearer than any income word."""
    losses = [m.end() for m in _LOSS.finditer(before)]
    gains = [m.end() for m in _GAIN.finditer(before)]
    if not losses:
        return 1
    return -1 if max(losses) > max(gains, default=-1) else 1


def _period_of(following: str, preceding: str, current: Period, fiscal: tuple[int, int]) -> Period:
    """The period a phrase next to an amount names; the section's when none does."""
    # A phrase belongs to the amount it follows, not to a percentage printed after it ("US$50
    # million, 2% below the prior-year quarter" is this quarter's).
    near = re.split(r"\d+(?:\.\d+)?\s?%", following[:80], maxsplit=1)[0]
    if m := _EN_ENDED.search(near):
        months = {"year": 12, "three": 3, "six": 6, "nine": 9, "twelve": 12}[m.group(1).lower()]
        month = _MONTHS.split("|").index(m.group(2).lower()) + 1
        return months_ending(date(int(m.group(4)), month, int(m.group(3))), months)
    if m := _EN_QUARTER.search(near):
        return _en_quarter(m, fiscal)
    if _EN_PRIOR.search(near):
        return _earlier(current)
    if m := _EN_SAME_PERIOD_OF.search(near):
        return _earlier(current, current.end.year - int(m.group(1)))
    tail = preceding[-20:]
    if m := _ZH_QUARTER.search(tail):
        return _quarter(_ZH_ORDINAL[m.group(2)], int(m.group(1)), fiscal, False)
    return current


def _en_quarter(m: re.Match[str], fiscal: tuple[int, int]) -> Period:
    if m.group(1):
        return _quarter(_ORDINAL[m.group(1).lower()], int(m.group(3)), fiscal, bool(m.group(2)))
    return _quarter(int(m.group(4)), int(m.group(6)), fiscal, bool(m.group(5)))


def _rates(
    clause: str, measure: str, line: int, current: Period, fiscal: tuple[int, int]
) -> list[Candidate]:
    """Chinese percentages: a growth rate after 同比 / 相比 (year on year) and a rate after 率为."""
    found: list[Candidate] = []
    for m in _ZH_PERCENT.finditer(clause):
        before = clause[max(0, m.start() - 16) : m.start()]
        if re.search(r"同比|相比", before) and not re.search(r"率", before):
            label = f"{measure}{_GROWTH}"
            value = m.group("num")
            if re.search(r"下降|减少|下滑", before):
                value = f"-{value}"
            period = current
        elif re.search(r"率(?:为|达到)|为$", before) and "率" in clause[: m.start()]:
            label = measure if measure.endswith("率") else _rate_label(clause[: m.start()])
            value = m.group("num")
            period = _period_of("", clause[: m.start()], current, fiscal)
        else:
            continue
        cand = _candidate(label, period, value, "%", 0, line, False)
        if cand is not None:
            found.append(cand)
    return found


def _rate_label(text: str) -> str:
    m = list(re.finditer(r"([^\s，,；;：:（）()0-9%]+率)", text))
    return m[-1].group(1) if m else "比率"


def _english(label: str) -> str | None:
    """The English label of a measure printed in Chinese, or None when a term is unknown."""
    text = label.lower()
    for chinese, english in _GLOSSARY:
        text = text.replace(chinese, english)
    text = " ".join(text.split())
    return None if _CJK.search(text) else text


def _candidate(
    label: str, period: Period, raw: str, unit: str, scale: int, line: int, negative: bool
) -> Candidate | None:
    number = parse_number(raw, dot_thousands=False)
    if number.value is None:
        return None
    value = number.value
    if negative and value > 0:
        value = -value
    growth = label.endswith(_GROWTH)
    english = _english(label[: -len(_GROWTH)] if growth else label)
    if english is None:
        return None
    resolution = resolve(english)
    if not resolution.known and not _FINANCIAL.search(english):
        return None  # a sentence about something else than a statement's measure
    concept = resolution.concept
    if not re.fullmatch(r"[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9_]*", concept or ""):
        return None  # a measure named only in words the taxonomy does not know (Chinese)
    if growth:
        concept = growth_concept(concept)  # the same series as a table's change column
    return Candidate(
        concept=concept,
        period=period,
        dimensions=(),
        value=Decimal(value),
        unit=unit,
        scale=scale,
        decimals=decimals_of(number.places, scale),
        line=line,
        label=label,
        raw=raw,
        statement="highlights",
        known=resolution.known,
        subject="highlights",
        rank=4,
    )
