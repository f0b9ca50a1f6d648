"""Concept context: what a note's table is about qualifies the concepts of its lines.

The same printed label means different things in different tables. So that one series means
the same thing in every document (the ledger calls a different value for a series a
restatement), a line is qualified by its table's subject and context:

- a table reconciling profit or loss to cash generated from (used in) operations states
  adjustments (``ifrs-full:AdjustmentsForFinanceCosts``), not the income statement lines;
- deferred tax balances in a note that also sets assets off against liabilities are before the
  set-off (``offsetting=before``), unlike the balance sheet's;
- an impairment or loss allowance is an allowance *on* something (``allowance_on``);
- a lone heading with its section number ("Stakeholder engagement 1.2") is no figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..reading.tables import Row, Table
from .concepts import member_name, resolve

_OPERATIONS_CASH = re.compile(
    r"cash (?:\(used in\)/generated from|generated from/\(used in\)|generated from|used in|"
    r"(?:generated )?from) operations|reconciliation of [^.]{0,60}(?:profit|loss)[^.]{0,60} to "
    r"[^.]{0,40}cash",
    re.IGNORECASE,
)
_STARTS = frozenset({"ifrs-full:ProfitLossBeforeTax", "ifrs-full:ProfitLoss"})
DEFERRED_TAX = frozenset({"ifrs-full:DeferredTaxAssets", "ext:DeferredTaxLiability"})
ALLOWANCE = re.compile(
    r"^(?:less:?\s*)?(?:(?:impairment|credit)?\s*loss(?:es)? allowance|provision for impairment|"
    r"allowance for (?:impairment|expected credit loss|doubtful))",
    re.IGNORECASE,
)
#: IFRS 7's allowance account; what it is an allowance on is the ``allowance_on`` dimension.
ALLOWANCE_CONCEPT = "ifrs-full:AllowanceAccountForCreditLossesOfFinancialAssets"


_CURRENT = re.compile(r"(non-?\s?)?current(?: assets)?", re.IGNORECASE)
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|as follows)\b", re.IGNORECASE)
_ASSET_WORDS = re.compile(r"receivable|asset|loan|deposit|investment|debt|contract", re.I)


def allowance_on(row: Row, table: Table, subject: str, lead: str) -> tuple[tuple[str, str], ...]:
    """What an allowance line reduces, as dimensions (``allowance_on``, maybe ``classification``).

    A table with one allowance per group names the asset in the group's heading or in the line
    just above the allowance; otherwise the sentence above the table or the table's subject
    does. A group that is only "Current assets" / "Non-current assets" classifies the subject's
    allowance. Empty when nothing names an asset (the line keeps its own concept).
    """
    named = ""
    classification = ""
    if sum(1 for r in table.rows if ALLOWANCE.search(r.label)) > 1:
        above = [
            r.label
            for r in table.rows
            if r.line < row.line and r.label and not ALLOWANCE.search(r.label)
        ]
        group = row.heading or (above[-1] if above else "")
        current = _CURRENT.fullmatch(group.strip(" :"))
        if current:
            classification = "non-current" if current[1] else "current"
        elif group:
            named = asset_name(group)
    if not named:
        said = re.search(
            r"allowance (?:of|on|for) ((?:[a-z]+ )*?[a-z]*(?:receivables?|assets?|loans?))\b",
            f"{lead} {table.title}",
            re.IGNORECASE,
        )
        names = [said[1]] if said else []
        names += [subject, *reversed(table.title.split(" / "))]
        # A sentence above the table ("The Group has recognised the following contract
        # assets") says what, but is no name: take the first short heading naming an asset.
        named = next(
            (
                asset_name(n)
                for n in names
                if _ASSET_WORDS.search(n) and len(n.split()) <= 8 and not _VERB.search(n)
            ),
            "",
        )
    if not named:
        return ()
    dims = [("allowance_on", named)]
    if classification:
        dims.append(("classification", classification))
    return tuple(dims)


def asset_name(text: str) -> str:
    """``## 11 TRADE RECEIVABLES (b)`` -> ``Trade receivables``."""
    text = re.sub(r"^[#\s]*(?:\d{1,2}(?:\.\d{1,2})?\.?\s+)?", "", member_name(text))
    text = text.replace("*", "").strip(" :")
    words = text.split()
    if text.isupper() or all(w[:1].isupper() for w in words):
        text = text.lower()  # "TRADE RECEIVABLES", "Trade Receivables": a heading's case
    return text[:1].upper() + text[1:]


def is_numbered_heading(table: Table) -> bool:
    """A lone line "Heading words 1.2" without a column header: a numbered section heading."""
    if table.header or len(table.rows) != 1:
        return False
    row = table.rows[0]
    return (
        bool(re.search(r"[A-Za-z]{3,}", row.label))
        and len(row.cells) == 1
        and bool(re.fullmatch(r"\d{1,2}\.\d{1,2}", row.cells[0].number.raw))
    )


def is_operations_reconciliation(table: Table, context: str) -> bool:
    """A table reconciling profit or loss to cash generated from (used in) operations: its title
    says so and its first line is the profit it starts from."""
    if not _OPERATIONS_CASH.search(context):
        return False
    first = next((r for r in table.rows if r.label and r.cells), None)
    return first is not None and resolve(first.label, first.heading).concept in _STARTS


def reconciliation_end(concept: str, label: str) -> bool:
    """The first and last lines of a reconciliation: the profit it starts from, the cash it
    ends with."""
    return concept in _STARTS or bool(re.match(r"(?:net )?cash", label.strip(), re.I))


def before_offsetting(table: Table, statement: str, context: str, lines: Sequence[str]) -> bool:
    """A deferred tax note table whose note also sets assets off against liabilities (IAS 12.74):
    its balances are before the set-off, unlike the balance sheet's."""
    if statement in ("balance", "five-year", "highlights") or "deferred" not in context:
        return False
    if re.search(r"set-?\s?off|offsetting", context, re.I):
        return True
    # The set-off is often a later table of the same note: look a page around the table.
    window = " ".join(lines[max(table.first_line - 40, 0) : table.last_line + 40])
    return bool(re.search(r"set-?\s?off of deferred|offsetting of deferred", window, re.I))
