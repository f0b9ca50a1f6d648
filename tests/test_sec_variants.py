"""SEC data as other filers write it: the inline XBRL formats of every transformation registry
EDGAR accepts, instance variants (IFRS, typed members, forever, footnotes, duplicates) and a
US-GAAP companyfacts file with the forms and JSON numbers EDGAR has. Each document is written
here, in our own words and figures; a variant is read right, or refused in one line."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ledger.domain.drafts import DisclosureDraft
from ledger.ingest.sec import detect
from ledger.ingest.sec.companyfacts import read_companyfacts
from ledger.ingest.sec.filings import filing_currency
from ledger.ingest.sec.instance import read_instance

from .helpers import home_fingerprint, run

TR3 = "http://www.xbrl.org/inlineXBRL/transformation/2015-02-26"
TR4 = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
SEC_TR = "http://www.sec.gov/inlineXBRL/transformation/2015-08-31"

_CONTEXT = (
    '<xbrli:context id="{id}"><xbrli:entity>'
    '<xbrli:identifier scheme="http://www.sec.gov/CIK">0000999999</xbrli:identifier>{segment}'
    "</xbrli:entity><xbrli:period>{period}</xbrli:period></xbrli:context>"
)
_FY = "<xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate>"


def _inline(
    body: str,
    *,
    ixt: str = TR4,
    gaap: str = "us-gaap",
    hidden: str = "",
    period_end: str = '<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="fy">'
    "2023-12-31</ix:nonNumeric>",
    amendment: str = '<ix:nonNumeric name="dei:AmendmentFlag" contextRef="fy">false'
    "</ix:nonNumeric>",
) -> str:
    """An inline XBRL 10-K of Example Corp (CIK 999999) for 2023, ``body`` in its text."""
    segment = (
        f'<xbrli:segment><xbrldi:explicitMember dimension="{gaap}:StatementBusinessSegmentsAxis">'
        "ex:EuropeMember</xbrldi:explicitMember></xbrli:segment>"
    )
    contexts = "".join(
        (
            _CONTEXT.format(id="fy", segment="", period=_FY),
            _CONTEXT.format(id="eu", segment=segment, period=_FY),
            _CONTEXT.format(
                id="end", segment="", period="<xbrli:instant>2023-12-31</xbrli:instant>"
            ),
        )
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
 xmlns:ixt="{ixt}" xmlns:ixt-sec="{SEC_TR}"
 xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xbrldi="http://xbrl.org/2006/xbrldi"
 xmlns:dei="http://xbrl.sec.gov/dei/2023" xmlns:{gaap}="http://fasb.org/us-gaap/2023"
 xmlns:ex="http://example.com/20231231">
<head><title>Example Corp 10-K</title></head>
<body>
<div style="display:none"><ix:header>
<ix:hidden>
<ix:nonNumeric name="dei:EntityCentralIndexKey" contextRef="fy">0000999999</ix:nonNumeric>
{amendment}
{hidden}
</ix:hidden>
<ix:resources>
{contexts}
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
<xbrli:unit id="pure"><xbrli:measure>xbrli:pure</xbrli:measure></xbrli:unit>
<xbrli:unit id="usd-per-share"><xbrli:divide>
<xbrli:unitNumerator><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unitNumerator>
<xbrli:unitDenominator><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unitDenominator>
</xbrli:divide></xbrli:unit>
</ix:resources>
</ix:header></div>
<p>Form <ix:nonNumeric name="dei:DocumentType" contextRef="fy">10-K</ix:nonNumeric>
for the year ended {period_end}</p>
{body}
</body></html>
"""


def _figure(
    text: str,
    fmt: str = "ixt:num-dot-decimal",
    attributes: str = 'decimals="0"',
    *,
    name: str = "us-gaap:Revenues",
    context: str = "fy",
    unit: str = "usd",
) -> str:
    formatted = f' format="{fmt}"' if fmt else ""
    return (
        f'<ix:nonFraction name="{name}" contextRef="{context}" unitRef="{unit}"{formatted} '
        f"{attributes}>{text}</ix:nonFraction>"
    )


def _read(tmp_path: Path, text: str, name: str = "ex-20231231.htm") -> DisclosureDraft:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    assert detect(path) == "instance"
    (draft,) = read_instance(path, {"published_on": date(2024, 2, 20)})
    return draft


def _values(draft: DisclosureDraft) -> dict[tuple[str, str, str], tuple[Decimal, str]]:
    return {(f.concept, f.period.label, f.dimensions.key): (f.value, f.unit) for f in draft.facts}


def _ingested(
    tmp_path: Path, path: Path, published_on: str, issuer: str
) -> list[tuple[str, Decimal]]:
    """``ledger ingest PATH --published-on D``, then the concepts and values ``ledger facts``
    lists for ``issuer``."""
    home = tmp_path / "home"
    result = run(home, "ingest", str(path), "--published-on", published_on)
    assert result.exit_code == 0, result.output
    rows = json.loads(run(home, "facts", "--issuer", issuer, "--format", "json").output)
    return [(r["concept"], Decimal(str(r["value"]))) for r in rows]


def _refused(tmp_path: Path, path: Path, message: str) -> None:
    home = tmp_path / "home"
    result = run(home, "ingest", str(path), "--published-on", "2024-02-20")
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: {path}{message}\n"
    assert home_fingerprint(home) == {} or not (home / "events.sqlite").exists()


# Inline XBRL: the transformation formats of every registry in use on EDGAR.

FORMATS = [
    # (namespace bound to ixt:, format, displayed, attributes, unit, value)
    (TR4, "ixt:num-dot-decimal", "1,234", 'decimals="-6" scale="6"', "usd", "1234000000"),
    (TR4, "ixt:num-dot-decimal", "1,234.5", 'decimals="-5" scale="6"', "usd", "1234500000"),
    (TR4, "ixt:num-dot-decimal", "12", 'decimals="-3" scale="3" sign="-"', "usd", "-12000"),
    (TR4, "ixt:num-dot-decimal", "12.5", 'decimals="3" scale="-2"', "pure", "0.125"),
    (TR4, "ixt:num-dot-decimal", " 1 234 ", 'decimals="0"', "usd", "1234"),
    (TR4, "ixt:num-dot-decimal", "1&nbsp;234", 'decimals="0"', "usd", "1234"),
    (TR4, "ixt:num-dot-decimal", "<span>1,2</span><span>34</span>", 'decimals="0"', "usd", "1234"),
    # Parentheses are display: the sign is the sign attribute's.
    (TR4, "ixt:num-dot-decimal", "(12)", 'decimals="0" sign="-"', "usd", "-12"),
    (TR4, "ixt:num-dot-decimal", "(12)", 'decimals="0"', "usd", "12"),
    (TR4, "ixt:num-dot-decimal", "4.25", 'decimals="INF"', "usd-per-share", "4.25"),
    (TR4, "ixt:num-comma-decimal", "1.234,56", 'decimals="2"', "usd", "1234.56"),
    (TR4, "ixt:num-comma-decimal", "1 234,5", 'decimals="1"', "usd", "1234.5"),
    (TR4, "ixt:fixed-zero", "-", 'decimals="0"', "usd", "0"),
    (TR4, "ixt:fixed-zero", "&mdash;", 'decimals="0" sign="-"', "usd", "0"),
    (TR4, "ixt:num-unit-decimal", "5 dollars 25 cents", 'decimals="2"', "usd-per-share", "5.25"),
    (TR4, "ixt:num-unit-decimal", "3 dollars 5 cents", 'decimals="2"', "usd-per-share", "3.05"),
    (TR3, "ixt:numdotdecimal", "1,234.56", 'decimals="2"', "usd", "1234.56"),
    (TR3, "ixt:numcommadecimal", "1.234,56", 'decimals="2"', "usd", "1234.56"),
    (TR3, "ixt:zerodash", "—", 'decimals="0"', "usd", "0"),
    (TR3, "ixt:zerodash", "–", 'decimals="0"', "usd", "0"),
    (TR3, "ixt:fixedzero", "nil", 'decimals="0"', "usd", "0"),
    (TR3, "ixt:numunitdecimal", "1,000 dollars 50 cents", 'decimals="2"', "usd", "1000.50"),
    (TR3, "ixt-sec:numwordsen", "no", 'decimals="0"', "pure", "0"),
    (TR3, "ixt-sec:numwordsen", "None", 'decimals="0"', "pure", "0"),
    (TR3, "ixt-sec:numwordsen", "one", 'decimals="0"', "pure", "1"),
    (TR3, "ixt-sec:numwordsen", "Twenty-five", 'decimals="0"', "pure", "25"),
    (TR3, "ixt-sec:numwordsen", "one hundred and five thousand", 'decimals="0"', "pure", "105000"),
    (TR4, "ixt-sec:num-word-en", "three", 'decimals="0"', "pure", "3"),
    (TR4, "", "1234.5", 'decimals="1"', "usd", "1234.5"),
]


@pytest.mark.parametrize(("ixt", "fmt", "shown", "attributes", "unit", "value"), FORMATS)
def test_inline__formats(
    tmp_path: Path, ixt: str, fmt: str, shown: str, attributes: str, unit: str, value: str
) -> None:
    draft = _read(tmp_path, _inline(_figure(shown, fmt, attributes, unit=unit), ixt=ixt))
    (fact,) = draft.facts
    # The exact figure, written plain: no exponent from the scale, no float between.
    assert str(fact.value) == value
    assert fact.unit == {"usd": "USD", "pure": "pure", "usd-per-share": "USD/shares"}[unit]


def test_inline__decimals_as_stated_or_shown(tmp_path: Path) -> None:
    body = _figure("1,234", attributes='decimals="-6" scale="6"') + _figure(
        "4.25", attributes='decimals="INF"', name="us-gaap:EarningsPerShareBasic"
    )
    decimals = {f.concept: f.decimals for f in _read(tmp_path, _inline(body)).facts}
    assert decimals == {"us-gaap:Revenues": -6, "us-gaap:EarningsPerShareBasic": 2}


def test_inline__facts_nested_hidden_and_nil(tmp_path: Path) -> None:
    # A note's text block holds its table's figures; one figure is hidden in the header, one
    # is nil; a footnote and a continuation sit beside them.
    body = (
        '<ix:nonNumeric name="us-gaap:RevenueTextBlock" contextRef="fy" continuedAt="more">'
        "<table><tr><td>Revenue</td><td>"
        + _figure("700", attributes='decimals="0" id="f1"')
        + "</td></tr></table></ix:nonNumeric>"
        '<ix:continuation id="more"><p>'
        + _figure("5", name="us-gaap:Assets", context="end")
        + "</p></ix:continuation>"
        '<ix:footnote id="fn1" xml:lang="en-US">Includes <b>100</b> of services.</ix:footnote>'
        '<ix:relationship fromRefs="f1" toRefs="fn1"/>'
        '<ix:nonFraction name="us-gaap:Liabilities" contextRef="end" unitRef="usd" '
        'xsi:nil="true"/>'
    )
    hidden = _figure("40", name="us-gaap:CostOfRevenue")
    values = _values(_read(tmp_path, _inline(body, hidden=hidden)))
    assert values == {
        ("us-gaap:CostOfRevenue", "FY2023", ""): (Decimal(40), "USD"),
        ("us-gaap:Revenues", "FY2023", ""): (Decimal(700), "USD"),
        ("us-gaap:Assets", "2023-12-31", ""): (Decimal(5), "USD"),
    }


def test_inline__figure_in_a_figure(tmp_path: Path) -> None:
    body = (
        '<ix:nonFraction name="us-gaap:Assets" contextRef="end" unitRef="usd" decimals="0" '
        f'format="ixt:num-dot-decimal">{_figure("8")}</ix:nonFraction>'
    )
    values = _values(_read(tmp_path, _inline(body)))
    assert values[("us-gaap:Assets", "2023-12-31", "")] == (Decimal(8), "USD")
    assert values[("us-gaap:Revenues", "FY2023", "")] == (Decimal(8), "USD")


def test_inline__exclude_continuation_and_entities_in_text(tmp_path: Path) -> None:
    body = (
        '<ix:nonNumeric name="dei:EntityRegistrantName" contextRef="fy" continuedAt="c1">'
        "Exemple <ix:exclude>(formerly Sample)</ix:exclude>Soci&eacute;t&eacute;\n  "
        '</ix:nonNumeric> <ix:continuation id="c1">Corp</ix:continuation>' + _figure("1")
    )
    assert _read(tmp_path, _inline(body)).filer.name == "Exemple Société Corp"


def test_inline__other_prefix_for_us_gaap(tmp_path: Path) -> None:
    body = _figure("3", name="usgaap:Revenues", context="eu")
    values = _values(_read(tmp_path, _inline(body, gaap="usgaap")))
    axis = "us-gaap:StatementBusinessSegmentsAxis=ex:EuropeMember"
    assert values == {("us-gaap:Revenues", "FY2023", axis): (Decimal(3), "USD")}


def test_inline__infinite_amount_is_no_figure(tmp_path: Path) -> None:
    body = _figure("Unlimited", "ixt-sec:numinf", unit="pure") + _figure("2", name="ex:Other")
    assert [f.concept for f in _read(tmp_path, _inline(body)).facts] == ["ex:Other"]


@pytest.mark.parametrize(
    ("shown", "fmt", "period_end"),
    [
        ("December 29, 2023", "ixt:date-monthname-day-year-en", date(2023, 12, 29)),
        ("29 December 2023", "ixt:date-day-monthname-year-en", date(2023, 12, 29)),
        ("Dec. 29, 2023", "ixt:datemonthdayyearen", date(2023, 12, 29)),
        ("12/29/2023", "ixt:date-month-day-year", date(2023, 12, 29)),
        ("29.12.2023", "ixt:date-day-month-year", date(2023, 12, 29)),
        ("2023-12-29", "", date(2023, 12, 29)),
        # Not a date: the document's period is its context's.
        ("the last Friday of December", "ixt:date-monthname-day-year-en", date(2023, 12, 31)),
    ],
)
def test_inline__period_end_as_displayed(
    tmp_path: Path, shown: str, fmt: str, period_end: date
) -> None:
    formatted = f' format="{fmt}"' if fmt else ""
    ped = (
        f'<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="fy"{formatted}>'
        f"{shown}</ix:nonNumeric>"
    )
    draft = _read(tmp_path, _inline(_figure("1"), period_end=ped))
    assert draft.meta.period_end == period_end


@pytest.mark.parametrize(
    ("flag", "form"),
    [
        ('format="ixt-sec:boolballotbox">&#9746;', "10-K/A"),
        ('format="ixt-sec:boolballotbox">&#9744;', "10-K"),
        ('format="ixt:fixed-true">Amendment No. 1', "10-K/A"),
        ('format="ixt:fixed-false">Original', "10-K"),
        (">true", "10-K/A"),
    ],
)
def test_inline__amendment_flag_as_displayed(tmp_path: Path, flag: str, form: str) -> None:
    amendment = f'<ix:nonNumeric name="dei:AmendmentFlag" contextRef="fy" {flag}</ix:nonNumeric>'
    draft = _read(tmp_path, _inline(_figure("1"), amendment=amendment))
    assert draft.meta.title.split()[0] == form


def test_inline__xhtml_with_a_bom_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "ex-20231231.xhtml"
    path.write_bytes(
        b"\xef\xbb\xbf" + _inline(_figure("1,234", attributes='decimals="0"')).encode()
    )
    assert _ingested(tmp_path, path, "2024-02-20", "999999") == [
        ("us-gaap:Revenues", Decimal(1234))
    ]


@pytest.mark.parametrize(
    ("figure", "problem"),
    [
        (
            _figure("December", "ixt:date-monthname-day-year-en"),
            "us-gaap:Revenues 'December' is in format 'ixt:date-monthname-day-year-en', "
            "not a number format",
        ),
        (_figure("several", "ixt-sec:numwordsen"), "us-gaap:Revenues 'several' is not a number"),
        (
            _figure("-12", attributes='decimals="0" sign="-"'),
            "us-gaap:Revenues '-12' is not a number",
        ),
        (
            _figure("5 dollars", "ixt:num-dot-decimal"),
            "us-gaap:Revenues '5 dollars' is not a number",
        ),
        (
            _figure("3", name="gaap:Revenues"),
            "fact 'gaap:Revenues' names a prefix the document does not declare",
        ),
    ],
)
def test_inline__bad_figure_is_refused(tmp_path: Path, figure: str, problem: str) -> None:
    text = _inline(figure)
    line = text.split("\n").index(figure) + 1
    path = tmp_path / "ex-20231231.htm"
    path.write_text(text, "utf-8")
    _refused(tmp_path, path, f":{line}: {problem}")


def test_inline__truncated_document_is_refused(tmp_path: Path) -> None:
    text = _inline(_figure("1"))
    path = tmp_path / "ex-20231231.htm"
    path.write_text(text[: len(text) // 2], "utf-8")
    home = tmp_path / "home"
    result = run(home, "ingest", str(path), "--published-on", "2024-02-20")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:") and result.output.count("\n") == 1
    assert "is not well-formed XML" in result.output


# XBRL instances.


def _instance(body: str, contexts: str = "", head: str = "") -> str:
    """An instance of Beispiel AG (CIK 1234567), an IFRS filer of 20-Fs in euros."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
{head}<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
 xmlns:xbrldi="http://xbrl.org/2006/xbrldi" xmlns:dei="http://xbrl.sec.gov/dei/2023"
 xmlns:ifrs="https://xbrl.ifrs.org/taxonomy/2023-03-23/ifrs-full"
 xmlns:ecd="http://xbrl.sec.gov/ecd/2023" xmlns:bsp="http://beispiel.example/20231231"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<link:schemaRef xlink:type="simple" xlink:href="bsp-20231231.xsd"/>
<context id="fy"><entity><identifier scheme="http://www.sec.gov/CIK">0001234567</identifier>
</entity><period><startDate>2023-01-01</startDate><endDate>2023-12-31</endDate></period></context>
<context id="end"><entity><identifier scheme="http://www.sec.gov/CIK">0001234567</identifier>
</entity><period><instant>2023-12-31</instant></period></context>
{contexts}
<unit id="EUR"><measure>iso4217:EUR</measure></unit>
<dei:DocumentType contextRef="fy">20-F</dei:DocumentType>
<dei:DocumentPeriodEndDate contextRef="fy">2023-12-31</dei:DocumentPeriodEndDate>
<dei:EntityRegistrantName contextRef="fy">Beispiel AG</dei:EntityRegistrantName>
{body}
</xbrl>
"""


def _fact(name: str, context: str, value: str, decimals: str = "-3", extra: str = "") -> str:
    return (
        f'<{name} contextRef="{context}" unitRef="EUR" decimals="{decimals}"{extra}>'
        f"{value}</{name}>"
    )


def test_instance__ifrs_filer_scenario_typed_members_and_forever(tmp_path: Path) -> None:
    contexts = (
        '<context id="europe"><entity><identifier scheme="http://www.sec.gov/CIK">0001234567'
        "</identifier></entity><period><startDate>2023-01-01</startDate>"
        "<endDate>2023-12-31</endDate></period><scenario>"
        '<xbrldi:explicitMember dimension="ifrs:SegmentsAxis">bsp:EuropeMember'
        "</xbrldi:explicitMember></scenario></context>"
        '<context id="contract"><entity><identifier scheme="http://www.sec.gov/CIK">0001234567'
        '</identifier><segment><xbrldi:typedMember dimension="bsp:ContractAxis">'
        "<bsp:ContractDomain>A-17</bsp:ContractDomain></xbrldi:typedMember></segment></entity>"
        "<period><instant>2023-12-31</instant></period></context>"
        '<context id="always"><entity><identifier scheme="http://www.sec.gov/CIK">0001234567'
        "</identifier></entity><period><forever/></period></context>"
    )
    body = "".join(
        (
            _fact("ifrs:Revenue", "fy", "1250000"),
            _fact("ifrs:Revenue", "europe", "500000"),
            _fact("ifrs:Assets", "contract", "70000"),
            # A figure of no period: not recorded, and no reason to refuse the filing.
            _fact("bsp:PerpetualLicences", "always", "3", decimals="0"),
            '<dei:EntityCentralIndexKey contextRef="always">0001234567</dei:EntityCentralIndexKey>',
            _fact("ecd:PeoTotalCompAmt", "fy", "900000"),
        )
    )
    draft = _read(tmp_path, _instance(body, contexts), "bsp-20231231.xml")
    assert draft.meta.kind == "annual-report" and draft.filer.id == "cik1234567"
    assert _values(draft) == {
        ("ifrs-full:Revenue", "FY2023", ""): (Decimal(1250000), "EUR"),
        ("ifrs-full:Revenue", "FY2023", "ifrs-full:SegmentsAxis=bsp:EuropeMember"): (
            Decimal(500000),
            "EUR",
        ),
        ("ifrs-full:Assets", "2023-12-31", "bsp:ContractAxis=A-17"): (Decimal(70000), "EUR"),
        ("ecd:PeoTotalCompAmt", "FY2023", ""): (Decimal(900000), "EUR"),
    }


def test_instance__a_filer_in_euros_reports_in_euros(tmp_path: Path) -> None:
    body = _fact("ifrs:Revenue", "fy", "1250000") + _fact("ifrs:Assets", "end", "70000")
    draft = _read(tmp_path, _instance(body), "bsp-20231231.xml")
    assert draft.meta.currency == "EUR"


def test_filing_currency__the_most_frequent_iso_code_among_the_units() -> None:
    units = ["shares", "shares", "shares", "JPY", "USD/shares", "pure", "JPY", "USD"]
    assert filing_currency(units) == "JPY"
    assert filing_currency(["shares", "pure"]) == ""


def test_instance__footnotes_text_facts_and_duplicates(tmp_path: Path) -> None:
    footnote = (
        '<link:footnoteLink xlink:type="extended" xlink:role="http://www.xbrl.org/2003/role/link">'
        '<link:loc xlink:type="locator" xlink:href="#r1" xlink:label="fact"/>'
        '<link:footnote xlink:type="resource" xlink:label="note" xml:lang="en-US" '
        'xlink:role="http://www.xbrl.org/2003/role/footnote">'
        '<div xmlns="http://www.w3.org/1999/xhtml">Includes <b>1,000</b> of fees.</div>'
        "</link:footnote>"
        '<link:footnoteArc xlink:type="arc" xlink:from="fact" xlink:to="note" '
        'xlink:arcrole="http://www.xbrl.org/2003/arcrole/fact-footnote"/></link:footnoteLink>'
    )
    body = "\n".join(
        (
            _fact("ifrs:Revenue", "fy", "1234000", extra=' id="r1"'),
            _fact("ifrs:Revenue", "fy", "1200000", decimals="-5"),  # the same, rounded
            _fact("ifrs:Assets", "end", "5000"),
            _fact("ifrs:Assets", "end", "6000"),  # a second, different figure
            '<ifrs:DescriptionOfAccountingPolicy contextRef="fy" xml:lang="en-US">Cost.'
            "</ifrs:DescriptionOfAccountingPolicy>",
            '<ifrs:DescriptionOfAccountingPolicy contextRef="fy" xml:lang="de">Kosten.'
            "</ifrs:DescriptionOfAccountingPolicy>",
            '<ifrs:Liabilities contextRef="end" unitRef="EUR" xsi:nil="true"/>',
            footnote,
        )
    )
    draft = _read(tmp_path, _instance(body), "bsp-20231231.xml")
    assert _values(draft) == {
        ("ifrs-full:Revenue", "FY2023", ""): (Decimal(1234000), "EUR"),
        ("ifrs-full:Assets", "2023-12-31", ""): (Decimal(5000), "EUR"),
    }
    (conflict,) = draft.conflicts
    assert (conflict.kept_value, conflict.rejected_value) == (Decimal(5000), Decimal(6000))


def test_instance__precision_instead_of_decimals(tmp_path: Path) -> None:
    body = '<ifrs:Revenue contextRef="fy" unitRef="EUR" precision="3">1250000</ifrs:Revenue>'
    (fact,) = _read(tmp_path, _instance(body), "bsp-20231231.xml").facts
    assert fact.decimals == -4  # three significant digits of 1,250,000


def test_instance__alone_behind_a_long_comment_through_the_cli(tmp_path: Path) -> None:
    # No schema or linkbases beside it, and a generator's comment before the root element.
    comment = f"<!-- {'generated by a filing agent; ' * 300}-->\n"
    path = tmp_path / "bsp-20231231.xml"
    path.write_text(_instance(_fact("ifrs:Revenue", "fy", "1250000"), head=comment), "utf-8")
    assert detect(path) == "instance"
    assert _ingested(tmp_path, path, "2024-04-30", "1234567") == [
        ("ifrs-full:Revenue", Decimal(1250000))
    ]


# companyfacts.

_ACCESSIONS = {
    "10-K": ("0000999999-24-000010", "2024-02-20"),
    "10-K405": ("0000999999-02-000003", "2002-03-15"),
    "10-KSB": ("0000999999-04-000004", "2004-03-20"),
    "10-QSB": ("0000999999-04-000009", "2004-05-10"),
    "10-KT": ("0000999999-23-000006", "2023-05-01"),
    "20-F/A": ("0000999999-23-000007", "2023-06-01"),
    "40-F": ("0000999999-23-000008", "2023-06-02"),
    "6-K": ("0000999999-23-000011", "2023-06-05"),
    "8-K": ("0000999999-23-000012", "2023-06-06"),
    "S-1": ("0000999999-23-000013", "2023-06-07"),
}


def _entry(form: str, end: str, val: str, start: str = "", frame: str = "") -> str:
    accession, filed = _ACCESSIONS[form]
    fields = [f'"end": "{end}"', f'"val": {val}', f'"accn": "{accession}"', '"fy": 2023']
    fields += ['"fp": "FY"', f'"form": "{form}"', f'"filed": "{filed}"']
    if start:
        fields.insert(0, f'"start": "{start}"')
    if frame:
        fields.append(f'"frame": "{frame}"')
    return "{" + ", ".join(fields) + "}"


def _concept(label: str, unit: str, *entries: str) -> str:
    return (
        f'{{"label": "{label}", "description": "Our words.", '
        f'"units": {{"{unit}": [{", ".join(entries)}]}}}}'
    )


def _companyfacts() -> str:
    """A US-GAAP filer's companyfacts as EDGAR shapes it; numbers written as JSON has them
    (1.5e9 and 2400000000.0 as a float writer leaves them)."""
    year = {"start": "2023-01-01", "end": "2023-12-31"}
    revenues = [
        _entry("10-K", val="1234000000", frame="CY2023", **year),
        _entry("10-K405", "2001-12-31", "1000000", "2001-01-01"),
        _entry("10-KSB", "2003-12-31", "1100000", "2003-01-01"),
        _entry("10-QSB", "2004-03-31", "300000", "2004-01-01"),
        _entry("10-KT", "2023-03-31", "2000000", "2022-04-01"),
        _entry("20-F/A", "2022-12-31", "3000000", "2022-01-01"),
        _entry("40-F", "2022-12-31", "3000000", "2022-01-01"),
        _entry("6-K", "2023-03-31", "800000", "2023-01-01"),
        _entry("8-K", "2023-03-31", "800000", "2023-01-01"),
        _entry("S-1", "2022-12-31", "3000000", "2022-01-01"),
    ]
    dei = {
        "EntityCommonStockSharesOutstanding": _concept(
            "Shares outstanding", "shares", _entry("10-K", "2024-02-09", "123456789")
        ),
        "EntityPublicFloat": _concept("Public float", "USD", _entry("10-K", "2023-06-30", "1.5e9")),
    }
    gaap = {
        "Revenues": _concept("Revenues", "USD", *revenues),
        "EarningsPerShareBasic": _concept(
            "EPS",
            "USD/shares",
            _entry("10-K", val="0.25", **year),
            _entry("10-K", "2022-12-31", "0.1", "2022-01-01"),
        ),
        "EffectiveIncomeTaxRate": _concept("Tax rate", "pure", _entry("10-K", val="0.21", **year)),
        "Assets": _concept(
            "Assets",
            "USD",
            _entry("10-K", "2023-12-31", "2.5E9"),
            _entry("10-K", "2022-12-31", "2400000000.0"),
        ),
    }

    def taxonomy(concepts: dict[str, str]) -> str:
        return "{" + ", ".join(f'"{name}": {body}' for name, body in concepts.items()) + "}"

    return (
        '{"cik": 999999, "entityName": "Example Corp", '
        f'"facts": {{"dei": {taxonomy(dei)}, "us-gaap": {taxonomy(gaap)}}}}}'
    )


@pytest.fixture
def companyfacts(tmp_path: Path) -> Path:
    path = tmp_path / "CIK0000999999.json"
    path.write_bytes(b"\xef\xbb\xbf" + _companyfacts().encode())  # a BOM, as Windows tools write
    return path


def test_companyfacts__us_gaap_filer(companyfacts: Path) -> None:
    assert detect(companyfacts) == "companyfacts"
    drafts = {d.meta.title.split()[0]: d for d in read_companyfacts(companyfacts)}
    kinds = {form: d.meta.kind for form, d in drafts.items()}
    assert kinds == {
        "10-K": "annual-report",
        "10-K405": "annual-report",
        "10-KSB": "annual-report",
        "10-QSB": "quarterly-results",
        "10-KT": "annual-report",
        "20-F/A": "annual-report",
        "40-F": "annual-report",
        "6-K": "press-release",
        "8-K": "press-release",
        "S-1": "other",
    }
    annual = drafts["10-K"]
    # The cover page's share count is dated 2024-02-09: it is not the period's end.
    assert annual.meta.period_end == date(2023, 12, 31)
    values = {(f.concept, f.period.label): (str(f.value), f.unit) for f in annual.facts}
    assert values == {
        ("dei:EntityCommonStockSharesOutstanding", "2024-02-09"): ("123456789", "shares"),
        ("dei:EntityPublicFloat", "2023-06-30"): ("1500000000", "USD"),
        ("us-gaap:Revenues", "FY2023"): ("1234000000", "USD"),
        ("us-gaap:EarningsPerShareBasic", "FY2023"): ("0.25", "USD/shares"),
        ("us-gaap:EarningsPerShareBasic", "FY2022"): ("0.1", "USD/shares"),
        ("us-gaap:EffectiveIncomeTaxRate", "FY2023"): ("0.21", "pure"),
        ("us-gaap:Assets", "2023-12-31"): ("2500000000", "USD"),
        ("us-gaap:Assets", "2022-12-31"): ("2400000000", "USD"),
    }


def test_companyfacts__through_the_cli(tmp_path: Path, companyfacts: Path) -> None:
    home = tmp_path / "home"
    result = run(home, "ingest", str(companyfacts))
    assert result.exit_code == 0, result.output
    rows = json.loads(
        run(
            home,
            "query",
            "SELECT title, kind, period_end FROM disclosures ORDER BY published_on",
            "--format",
            "json",
        ).output
    )
    assert len(rows) == 10
    assert rows[-1] == {
        "title": "10-K 0000999999-24-000010",
        "kind": "annual-report",
        "period_end": "2023-12-31",
    }


def test_companyfacts__a_file_without_figures_says_so(tmp_path: Path) -> None:
    path = tmp_path / "CIK0000999998.json"
    path.write_text('{"cik": 999998, "entityName": "Shell Co", "facts": {}}', "utf-8")
    result = run(tmp_path / "home", "ingest", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "CIK0000999998.json: no figures to record"


def test_companyfacts__value_not_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CIK0000999999.json"
    path.write_text(_companyfacts().replace('"val": 0.21', '"val": "21%"'), "utf-8")
    _refused(
        tmp_path,
        path,
        ": facts.us-gaap.EffectiveIncomeTaxRate.units.pure[0].val: '21%' is not a number",
    )


def test_companyfacts__value_beyond_28_digits_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CIK0000999999.json"
    path.write_text(_companyfacts().replace('"val": 0.21', '"val": 2.1e40'), "utf-8")
    where = "facts.us-gaap.EffectiveIncomeTaxRate.units.pure[0].val"
    _refused(tmp_path, path, f": {where}: 2.1E+40 has more than 28 digits")


def test_companyfacts__ifrs_filer_period_end_is_its_balance_sheet_date(sec: Path) -> None:
    drafts = read_companyfacts(sec / "companyfacts" / "lpa_facts.json")
    # The 20-F/A states only its cover page's share count: its date is all there is.
    assert [(d.meta.title.split()[0], d.meta.period_end) for d in drafts] == [
        ("20-F", date(2023, 12, 31)),
        ("20-F", date(2024, 12, 31)),
        ("20-F/A", date(2025, 4, 2)),
    ]


# FSDS quarters.


def _quarter(sec: Path, into: Path, drop: str = "") -> Path:
    """2009q3's tables, num.txt cut to one filing's rows and without the column ``drop`` (the
    rows of dimensioned figures with it, when it is ``segments``: the data sets had none of
    them before they had the column)."""
    import zipfile

    into.mkdir()
    with zipfile.ZipFile(sec / "fsds" / "2009q3.zip") as archive:
        archive.extractall(into, ["sub.txt", "pre.txt", "tag.txt", "num.txt"])
    rows = [r.split("\t") for r in (into / "num.txt").read_text("utf-8").split("\n") if r]
    keep = [i for i, column in enumerate(rows[0]) if column != drop]
    filing = rows[1][0]
    cut = [rows[0], *(r for r in rows[1:] if r[0] == filing)]
    if drop == "segments":
        where = rows[0].index("segments")
        cut = [cut[0], *(r for r in cut[1:] if not r[where])]
    (into / "num.txt").write_text(
        "\n".join("\t".join(r[i] for i in keep) for r in cut) + "\n", "utf-8"
    )
    return into


def test_fsds__quarter_without_the_segments_column(tmp_path: Path, sec: Path) -> None:
    from ledger.ingest.sec.fsds import read_fsds

    def undimensioned(path: Path) -> set[tuple[str, str, Decimal]]:
        (draft,) = read_fsds(path)
        return {(f.concept, f.period.label, f.value) for f in draft.facts if not f.dimensions}

    # Quarters downloaded before the SEC added segments to num.txt have no such column.
    old = _quarter(sec, tmp_path / "old", drop="segments")
    assert "segments" not in (old / "num.txt").read_text("utf-8").split("\n")[0]
    assert undimensioned(old) == undimensioned(_quarter(sec, tmp_path / "new"))


def test_fsds__quarter_without_values_is_refused(tmp_path: Path, sec: Path) -> None:
    folder = _quarter(sec, tmp_path / "q", drop="value")
    result = run(tmp_path / "home", "ingest", str(folder))
    assert result.exit_code == 1
    assert result.output == f"Error: {folder}: num.txt has no value column (not an FSDS table)\n"
    assert not (tmp_path / "home" / "events.sqlite").exists()
