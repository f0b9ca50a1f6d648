"""Figures of highlight bullets: measure, amount, scale, period and sign from the wording."""

from __future__ import annotations

from datetime import date

from ledger.ingest.extractor.facts.highlights import highlight_candidates

RELEASE = """\
Second Quarter 2024 Highlights
- Revenue reached US$120.5 million, up 3% year over year and 1% below the prior-year quarter.
- Net loss was US$8 million, against net income of US$2 million in the second quarter of 2023.
- At June 30, 2024 the balance of loans stood at RMB2.5 billion, against RMB3.0 billion a year ago.
"""


def found(text: str, months: int = 3) -> dict[tuple[str, str, str, str], tuple[str, int]]:
    """(label, period, line, unit) -> (value as printed, scale) of each figure found."""
    cands = highlight_candidates(text.splitlines(), date(2024, 6, 30), months)
    return {(c.label, c.period.label, str(c.line), c.unit): (str(c.value), c.scale) for c in cands}


def test_highlights__amount_scale_and_the_sections_period() -> None:
    facts = found(RELEASE)
    # The percentage after the amount does not move it to the prior-year quarter.
    assert facts[("Revenue", "Q2 2024", "2", "USD")] == ("120.5", 6)


def test_highlights__sign_from_the_nearest_loss_or_income_word() -> None:
    facts = found(RELEASE)
    assert facts[("Net loss", "Q2 2024", "3", "USD")] == ("-8", 6)
    assert facts[("Net loss", "Q2 2023", "3", "USD")] == ("2", 6)


def test_highlights__balances_at_the_date_a_clause_opens_with() -> None:
    facts = found(RELEASE)
    loans = {k[1]: v for k, v in facts.items() if k[0] == "balance of loans"}
    assert loans == {"2024-06-30": ("2.5", 9), "2023-06-30": ("3.0", 9)}


def test_highlights__only_bullets_of_a_highlights_section() -> None:
    text = "Risk Factors\n- Revenue may fall below US$100 million if demand weakens.\n"
    assert found(text) == {}


def test_highlights__chinese_amounts_periods_and_growth() -> None:
    text = (
        "2024年第二季度业绩要点\n"
        "●营业收入：2024年第二季度为1,250亿元人民币（约172亿美元），同比增长4.5%。\n"
        "●经营利润率为3.2%，2023年第二季度为2.9%。\n"
    )
    facts = found(text)
    assert facts[("营业收入", "Q2 2024", "2", "RMB")] == ("1250", 8)
    assert facts[("营业收入", "Q2 2024", "2", "USD")] == ("172", 8)
    assert facts[("营业收入同比增长", "Q2 2024", "2", "%")] == ("4.5", 0)
    assert facts[("经营利润率", "Q2 2024", "3", "%")] == ("3.2", 0)
    assert facts[("经营利润率", "Q2 2023", "3", "%")] == ("2.9", 0)
