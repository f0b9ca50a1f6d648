"""Printed labels -> concepts and dimensions, using the taxonomy (``ledger.domain.taxonomy``).

Many printed labels name one concept ("Total", under a "Revenue" heading, and "Revenue" are both
``ifrs-full:Revenue``). Labels that name nothing in the taxonomy are kept as extension concepts
(``ext:`` + CamelCase of the label), never dropped. Dimensions come from the context a label is
printed in: a column header (segment, discontinued/continuing, consolidated), the table's title
(revenue by customer type, by service line, related parties), or the note it sits in (parent
company only, discontinued operations).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache

import attrs

from ledger.domain.taxonomy import Concept, concept_info, taxonomy

from ..reading.numbers import clean_cell


@attrs.frozen
class Resolution:
    """What a printed row means: concept, dimensions and (for per-share or % lines) a unit."""

    concept: Concept
    dimensions: tuple[tuple[str, str], ...] = ()
    unit: str = ""
    known: bool = True


_FOOTNOTE = re.compile(
    r"\s*(?:\((?:note\s*)?[a-z0-9]{1,4}(?:\s*,\s*[a-z0-9]{1,4})*\)|\(note\)|\*|\(unaudited\)|"
    r"\(restated\)|\(rmb\)|（\d）|\[\s*\d{1,2}\s*\]\.?)",
    re.IGNORECASE,
)


#: A plural printed as an option: "fee(s)", "expense(s)".
_PLURAL_MARK = re.compile(r"([a-z])\((?:e?s)\)", re.IGNORECASE)


# Pure and called for every label of every pass (about 6,500 times for the six sample
# documents, each call a dozen substitutions): a label is normalised once.
@lru_cache(maxsize=65536)
def normalize(label: str) -> str:
    """Canonical form of a label for matching: lower case, no marks, "loss" read as "profit"."""
    text = label.lower().replace("’", "'")
    text = _PLURAL_MARK.sub(r"\1s", text)  # "fee(s)" is "fees"
    text = re.sub(r"\((?:expressed in|see) (?:[^()]|\([^()]*\))*\)", " ", text)
    text = _FOOTNOTE.sub(" ", text)
    # A unit printed in the label ("(RMB'000)", "(RMB in thousands)") is not part of its name.
    text = re.sub(r"\((?:rmb|hk\$|us\$|in rmb)[^)]*\)", " ", text)
    text = re.sub(r"\(?loss\)?\s*/\s*\(?(?:profit|earnings|gain)\)?", "profit", text)
    text = re.sub(r"\(?(?:profit|earnings|gain)\)?\s*/\s*\(?loss\)?", "profit", text)
    text = re.sub(r"\(?(?:expense|expenses)\)?\s*/\s*\(?(?:benefit|credit)\)?", "expense", text)
    text = re.sub(r"\(?(?:benefit|credit)\)?\s*/\s*\(?(?:expense|expenses)\)?", "expense", text)
    text = re.sub(r"\bloss\b", "profit", text)
    text = re.sub(r"\bearnings\b", "profit", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@cache
def _by_label() -> dict[str, Concept]:
    table: dict[str, Concept] = {}
    for info in taxonomy():
        for label in (info.label, *info.labels):
            table.setdefault(normalize(label), info.name)
    return table


def known_labels() -> tuple[str, ...]:
    """Printed forms of taxonomy labels (lower case) used to split multi-label cells."""
    out = {lab.lower() for i in taxonomy() for lab in (i.label, *i.labels)}
    out |= {"non-controlling interests", "owners of the company"}
    return tuple(sorted(out, key=len, reverse=True))


#: "Accounts receivable, net", "Property and equipment – net": a balance stated net of its
#: allowance or depreciation is the line the taxonomy names without the word.
_NET_SUFFIX = re.compile(r"\s*(?:,|[–—-])\s*net\s*$", re.IGNORECASE)
#: "Net (Loss)/Income for the quarter": the period a label names is its column's, no part of it.
_PERIOD_SUFFIX = re.compile(r"\s+for the (?:quarter|year|period)\s*$", re.IGNORECASE)


@cache
def _by_singular_label() -> dict[str, Concept]:
    table: dict[str, Concept] = {}
    for text, name in _by_label().items():
        table.setdefault(_singular_words(text), name)
    return table


@lru_cache(maxsize=8192)
def _singular_words(text: str) -> str:
    """A normalised label with each word in the singular ("net of taxes" -> "net of tax")."""
    return " ".join(singular(word.capitalize()).lower() for word in text.split())


def lookup(label: str) -> Concept | None:
    """The taxonomy concept a printed label names, or None: as printed, else in the singular
    ("Other comprehensive income for the year, net of taxes" is the taxonomy's "... net of
    tax")."""
    table = _by_label()
    norm = normalize(label)
    found = table.get(norm)
    if found is None and _NET_SUFFIX.search(label):
        norm = normalize(_NET_SUFFIX.sub("", label))
        found = table.get(norm)
    if found is None:
        found = _by_singular_label().get(_singular_words(norm))
    return found


#: Words ending in "s" that are no plural ("Loss", "Gross", "Basis", "Series").
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ics)$|^(?:Series|Species|News|Ifrs|Always|Perhaps|Whereas)$")
#: Plurals in "-es" whose singular drops both letters ("Taxes", "Branches", "Losses").
_ES_PLURAL = re.compile(r"(?:sses|xes|ches|shes|zzes)$")


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """A capitalised word in its singular form: "Banks" -> "Bank", "Subsidiaries" ->
    "Subsidiary", "Taxes" -> "Tax", "Expenses" -> "Expense"; short words ("Ads"), words in
    capitals and words that are no plural ("Loss", "Basis", "Ifrs") as they are."""
    if len(word) <= 3 or not word.endswith("s") or word.isupper() or _NOT_PLURAL.search(word):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if _ES_PLURAL.search(word):
        return word[:-2]
    return word[:-1]


def extension(label: str) -> Concept:
    """An extension concept named after the label: ``ext:`` + CamelCase of its words, each in
    its singular form (one line whether printed "Cash at bank" or "Cash at banks", "Interest
    expense(s) on lease liabilities") and in one case whatever the printing ("Non-GAAP net
    income" in a table, "non-gaap net income" read from a sentence, "NET INCOME" are
    ``NonGaapNetIncome``, ``NetIncome``), at most 90 chars."""
    label = re.sub(r"\((?:expressed in|see) (?:[^()]|\([^()]*\))*\)", " ", label, flags=re.I)
    label = _PLURAL_MARK.sub(r"\1s", label)  # "fee(s)" is "fees", no footnote mark
    label = _FOOTNOTE.sub(" ", label)
    # One line in any of its wordings: "Accounts receivable, net" and "Net (loss)/income for
    # the quarter" are "Accounts receivable" and "Net (loss)/income".
    label = _PERIOD_SUFFIX.sub("", _NET_SUFFIX.sub("", label.strip()))
    # A unit printed in the label ("(RMB'000)") is no part of the line's name.
    label = re.sub(r"\((?:rmb|hk\$|us\$|in rmb)[^)]*\)", " ", label, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z0-9]+", label.replace("’", "'"))
    name = "".join(singular(w[:1].upper() + w[1:].lower()) for w in words)[:90]
    if not name or not name[0].isalpha():
        name = "Line" + name
    return f"ext:{name}"


#: Words of a line printed with either sign ("Income tax (expense)/credit", "Net impairment
#: losses and reversals"): its printed sign is the figure's.
_SIGNED_WORDING = re.compile(r"\b(?:credits?|benefits?|gains?|reversals?|income|profit)\b|/")


def conventional_sign(concept: Concept, label: str, value: Decimal, raw: str) -> Decimal:
    """``value`` under the concept's sign convention (the taxonomy's ``sign``): an expense
    printed as a positive amount ("Cost of revenue 1,234" in a note, "cost of sales of RMB1.2
    billion" in a sentence) is recorded negative, as the face of the income statement prints
    it; a line worded both ways keeps the sign it prints."""
    info = concept_info(concept)
    if info is None or info.sign != "negative" or value <= 0 or re.search(r"[(\-−]", raw):
        return value
    wording = re.sub(r"\bincome tax(?:es)?\b", " ", label.lower())
    if wording.startswith("(no label)") or _SIGNED_WORDING.search(wording):
        # A line without a label names no expense: the arithmetic that matched it to one
        # decided its sign.
        return value
    return -value


def growth_concept(concept: Concept) -> Concept:
    """The year-on-year growth rate of a measure (a "YoY % change" column, "同比增长 5.1%"):
    one extension concept per measure, whichever table or sentence prints it."""
    local = concept.split(":", 1)[-1]
    return f"ext:{local}YearOnYearGrowth"


_GENERIC = {"", "total", "sub total", "subtotal", "others", "other", "total revenue"}
_DASH = re.compile(r"^[–—\-•·]+\s*")


#: The qualifier of a non-GAAP (non-IFRS) measure printed before its name.
_NON_GAAP = re.compile(r"^\s*(adjusted|non-gaap|non-ifrs)\b")
_NON_GAAP_NAMES = {"adjusted": "Adjusted", "non-gaap": "NonGaap", "non-ifrs": "NonIfrs"}


#: The profit of the owners of the parent in any of its wordings ("Net profit attributable to
#: shareholders of the Company", "net income attributable to ordinary shareholders", "GAAP net
#: loss attributable to Acme Limited"), normalised (loss and earnings read as profit); never a
#: non-GAAP measure, a part of it or the non-controlling interests' share.
_OWNERS_SHARE = re.compile(
    r"^(?:gaap )?(?:net )?(?:profit|income)(?: from (?P<ops>continuing|discontinued) operations?)?"
    r" attributable to (?:the )?"
    r"(?:(?:owners|equity holders|shareholders|ordinary shareholders|holders of ordinary shares)"
    r"(?: of (?:the )?(?:company|parent|group))?"
    r"|(?!non controlling)[a-z0-9 ]{2,40} (?:limited|ltd|inc|corporation|holdings))$"
)


def _eps(text: str, measure_of: str = "") -> Resolution | None:
    """The per-share concept ``text`` names; ``measure_of`` is the text whose qualifier says
    whether it is a non-GAAP measure (the line's own label, or the full line above a child)."""
    low = text.lower()
    if not re.search(r"per (?:share|ads)\b", low) or "basic" not in low and "per ads" not in low:
        return None
    if re.search(r"weighted|used in calculating|number of", low):
        return None
    unit = "RMB/ADS" if "per ads" in low else "RMB/share"
    name = "ifrs-full:BasicAndDilutedEarningsLossPerShare"
    measure = _NON_GAAP.match((measure_of or text).lower())
    if measure:
        # "Adjusted Basic and Diluted Loss per ADS (6)" is a non-GAAP measure of its own, never
        # the earnings per share of the statements.
        name = f"ext:{_NON_GAAP_NAMES[measure[1]]}BasicAndDilutedEarningsLossPerShare"
    if "continuing and discontinued" in low:
        pass  # both together: the total figure
    elif "discontinued" in low:
        name += "FromDiscontinuedOperations"
    elif "continuing" in low:
        name += "FromContinuingOperations"
    return Resolution(name, (), unit)


def resolve(label: str, heading: str = "", context: str = "", parent: str = "") -> Resolution:
    """Map a printed row label to a concept, using its heading and its table's context.

    Args:
        label: the row label as printed (wrapped lines joined).
        heading: the nearest label-only line above it (a group heading such as "Revenue" or
            "Loss attributable to:").
        context: the table's title, header and section text (lower case is fine).
    """
    child = _DASH.sub("", label).strip()
    norm = normalize(child)
    low_heading = heading.lower()
    is_child = bool(_DASH.match(label)) or bool(re.match(r"basic", child, re.I))
    # A child line ("- Basic and diluted") reads its measure from the nearest full line above.
    # "Basic and Diluted Loss per Share" below "Adjusted EBITDA" is the statements' figure: a
    # non-GAAP qualifier counts only when the line is a dash child of an adjusted line.
    line_above = parent or heading
    qualifier = f"{line_above} {child}" if _DASH.match(label) else child
    per_row = _eps(f"{line_above} {child}", qualifier) if is_child else _eps(child)
    if per_row is not None and is_child and re.search(r"per (?:share|ads)\b", child, re.I):
        # The child prints its own unit ("- Basic and diluted loss per ADS"); keep the
        # heading's continuing/discontinued qualifier.
        own = _eps(child)
        if own is not None:
            per_row = attrs.evolve(per_row, unit=own.unit)
    if per_row is not None:
        return per_row
    if norm in ("owners of the company", "equity holders of the company", "owners of the parent"):
        if "comprehensive" in low_heading:
            return Resolution("ifrs-full:ComprehensiveIncomeAttributableToOwnersOfParent")
        return Resolution("ifrs-full:ProfitLossAttributableToOwnersOfParent")
    if norm in ("non controlling interests", "non controlling interest"):
        if "comprehensive" in low_heading:
            return Resolution("ifrs-full:ComprehensiveIncomeAttributableToNoncontrollingInterests")
        if "balance" in context or "equity and liabilities" in context:
            return Resolution("ifrs-full:NoncontrollingInterests")
        return Resolution("ifrs-full:ProfitLossAttributableToNoncontrollingInterests")
    if (
        norm in ("continuing operations", "discontinued operations")
        and "attributable" in low_heading
    ):
        which = "Continuing" if norm.startswith("continuing") else "Discontinued"
        return Resolution(f"ifrs-full:ProfitLossFrom{which}OperationsAttributableToOwnersOfParent")
    found: Concept | None = lookup(child)
    owners = _OWNERS_SHARE.match(norm) if found is None else None
    if owners is not None:
        ops = f"From{owners['ops'].capitalize()}Operations" if owners["ops"] else ""
        found = f"ifrs-full:ProfitLoss{ops}AttributableToOwnersOfParent"
    if found is None:
        # "(Loss)/profit from discontinued operations (attributable to owners...)": the wrapped
        # tail in brackets qualifies the line; match without it. "Net Loss for the quarter" is
        # the line "Net loss" of a quarter's column.
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", child)
        bare = _PERIOD_SUFFIX.sub("", bare)
        if bare != child:
            found = lookup(bare)
    if found is not None:
        return Resolution(found)
    if norm in _GENERIC or norm.startswith("sub total") or norm.startswith("total "):
        heading_norm = normalize(_DASH.sub("", heading).rstrip(":"))
        # "Total" or an unlabelled line sums its heading; "Total X" only when X is the heading.
        names_heading = norm in _GENERIC or norm.endswith(heading_norm)
        if heading and names_heading:
            above = lookup(_DASH.sub("", heading).rstrip(":"))
            if above is not None:
                return Resolution(above)
        if norm.startswith("total "):
            return Resolution(extension(child), known=False)
        return Resolution("", known=False)
    base = child if not heading or not _DASH.match(label) else f"{heading} {child}"
    return Resolution(extension(base), known=False)


# --- dimensions from context --------------------------------------------------------------------

_BREAKDOWN = re.compile(
    r"revenue (?:by|from)|disaggregation of revenue|breakdown of (?:our )?revenue|"
    r"revenue from continuing operations|by (?:industry|customer|segment|geograph|type of)",
    re.IGNORECASE,
)


def breakdown_axis(context: str) -> str | None:
    """The axis a revenue breakdown table splits by, from its title ("revenue by customer type")."""
    if not _BREAKDOWN.search(context):
        return None
    low = context.lower()
    for pattern, axis in (
        (r"industr", "industry"),
        (r"customer type|type of customer|by customer", "customer"),
        (r"geograph|region|mainland", "geography"),
        (r"segment", "segment"),
    ):
        if re.search(pattern, low):
            return axis
    return "service_line"


def member_name(label: str) -> str:
    """A dimension member as printed, cleaned of dashes and footnote marks."""
    text = _DASH.sub("", clean_cell(label))
    text = _FOOTNOTE.sub(" ", text)
    return " ".join(text.split()).strip(" ,:")


def customer_member(label: str) -> str | None:
    """``Revenue from Ping An Group and Lufax`` -> ``Ping An Group and Lufax``; third parties."""
    m = re.match(r"revenue from (.+)$", member_name(label), re.IGNORECASE)
    if not m:
        return None
    who = m[1].strip()
    if re.match(r"(?:contracts|continuing|discontinued)", who, re.IGNORECASE):
        return None
    if re.match(r"third[- ]party", who, re.IGNORECASE):
        return "third-party"
    return who


# --- reconciliation of profit or loss to cash generated from operations --------------------------

#: Adjustment lines the IFRS taxonomy names (IAS 7.20), by the printed label's normalised form.
_ADJUSTMENTS = (
    (
        r"^depreciation and amorti[sz]ation",
        "ifrs-full:AdjustmentsForDepreciationAndAmortisationExpense",
    ),
    (r"^finance costs?$", "ifrs-full:AdjustmentsForFinanceCosts"),
    (r"^finance income$", "ifrs-full:AdjustmentsForFinanceIncome"),
    (r"^share based (?:payments?|compensation)", "ifrs-full:AdjustmentsForSharebasedPayments"),
    (
        r"^net impairment (?:loss|losses|profits?) on financial",
        "ifrs-full:AdjustmentsForImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss",
    ),
)


def adjustment_concept(label: str, working_capital: bool = False) -> Concept:
    """The concept of a line reconciling profit or loss to cash generated from operations.

    Such a line is an adjustment, not the income statement line it repeats: "Finance costs"
    added back is ``ifrs-full:AdjustmentsForFinanceCosts``, not ``ifrs-full:FinanceCosts`` (the
    amounts differ: the reconciliation starts from the profit of all operations). Lines under
    "Changes in working capital" are the change in the balance they name.

    Args:
        label: the row label as printed.
        working_capital: the line sits under a "changes in working capital" heading.
    """
    child = _DASH.sub("", label).strip()
    if working_capital:
        return extension(f"Adjustments for change in {child}")
    norm = normalize(child)
    for pattern, name in _ADJUSTMENTS:
        if re.search(pattern, norm):
            return name
    return extension(f"Adjustments for {child}")
