"""Inline XBRL (.htm): facts read from the XHTML a filer publishes, on a document written here."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from .helpers import run

INLINE = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
      xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
      xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
      xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
      xmlns:xbrldi="http://xbrl.org/2006/xbrldi" xmlns:dei="http://xbrl.sec.gov/dei/2023"
      xmlns:us-gaap="http://fasb.org/us-gaap/2023" xmlns:ex="http://example.com/20231231">
<head><title>Example Corp 10-K</title></head>
<body>
<div style="display:none"><ix:header>
<ix:references><link:schemaRef xlink:type="simple" xlink:href="ex-20231231.xsd"/></ix:references>
<ix:resources>
<xbrli:context id="fy23"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000999999</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2023-01-01</xbrli:startDate><xbrli:endDate>2023-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="fy22"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000999999</xbrli:identifier></xbrli:entity>
<xbrli:period><xbrli:startDate>2022-01-01</xbrli:startDate><xbrli:endDate>2022-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="fy22-prev"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000999999</xbrli:identifier>
<xbrli:segment><xbrldi:explicitMember dimension="srt:RestatementAxis">srt:ScenarioPreviouslyReportedMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
<xbrli:period><xbrli:startDate>2022-01-01</xbrli:startDate><xbrli:endDate>2022-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
</ix:resources>
</ix:header></div>
<p>Registrant: <ix:nonNumeric name="dei:EntityRegistrantName" contextRef="fy23">Example Corp</ix:nonNumeric>,
CIK <ix:nonNumeric name="dei:EntityCentralIndexKey" contextRef="fy23">0000999999</ix:nonNumeric>,
ticker <ix:nonNumeric name="dei:TradingSymbol" contextRef="fy23">EXMP</ix:nonNumeric>,
form <ix:nonNumeric name="dei:DocumentType" contextRef="fy23">10-K</ix:nonNumeric>
for the year ended <ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="fy23">2023-12-31</ix:nonNumeric>.</p>
<table>
<tr><td>Revenue</td><td>$&nbsp;<ix:nonFraction name="us-gaap:Revenues" contextRef="fy23" unitRef="usd" decimals="-6" scale="6" format="ixt:num-dot-decimal"><span>1,234</span></ix:nonFraction></td>
<td><ix:nonFraction name="us-gaap:Revenues" contextRef="fy22" unitRef="usd" decimals="-6" scale="6" format="ixt:num-dot-decimal">1,100</ix:nonFraction></td>
<td><ix:nonFraction name="us-gaap:Revenues" contextRef="fy22-prev" unitRef="usd" decimals="-6" scale="6" format="ixt:num-dot-decimal">1,050</ix:nonFraction></td></tr>
<tr><td>Other expense</td><td>(<ix:nonFraction name="ex:OtherExpense" contextRef="fy23" unitRef="usd" decimals="-6" scale="6" sign="-" format="ixt:num-dot-decimal">12</ix:nonFraction>)</td>
<td><ix:nonFraction name="ex:OtherExpense" contextRef="fy22" unitRef="usd" decimals="-6" scale="6" format="ixt:fixed-zero">—</ix:nonFraction></td></tr>
</table>
</body></html>
"""


def test_inline__facts_scaled_signed_and_declared(tmp_path: Path) -> None:
    path = tmp_path / "ex-20231231.htm"
    path.write_text(INLINE, "utf-8")
    home = tmp_path / "home"
    result = run(home, "ingest", str(path), "--published-on", "2024-02-20")
    assert result.exit_code == 0, result.output
    out = run(home, "facts", "--issuer", "EXMP", "--format", "json")
    rows = {(r["concept"], r["period"], r["dimensions"]): r for r in json.loads(out.output)}
    assert Decimal(str(rows[("us-gaap:Revenues", "FY2023", "")]["value"])) == 1_234_000_000
    assert rows[("us-gaap:Revenues", "FY2023", "")]["line"] == 29
    assert Decimal(str(rows[("ex:OtherExpense", "FY2023", "")]["value"])) == -12_000_000
    assert Decimal(str(rows[("ex:OtherExpense", "FY2022", "")]["value"])) == 0
    previously = (
        "us-gaap:Revenues",
        "FY2022",
        "srt:RestatementAxis=srt:ScenarioPreviouslyReportedMember",
    )
    assert Decimal(str(rows[previously]["value"])) == 1_050_000_000
    # The previously-reported member is the filer's own declaration that FY2022 was restated.
    declared = run(
        home,
        "query",
        "SELECT kind, standard, periods FROM declared_restatements",
        "--format",
        "json",
    )
    assert json.loads(declared.output) == [
        {"kind": "other", "standard": "ASC 250", "periods": ["FY2022"]}
    ]


def test_inline__not_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ex-20231231.htm"
    path.write_text(INLINE.replace("<span>1,234</span>", "<span>n/a</span>"), "utf-8")
    result = run(tmp_path / "home", "ingest", str(path), "--published-on", "2024-02-20")
    assert result.exit_code == 1
    assert result.output == f"Error: {path}:29: us-gaap:Revenues 'n/a' is not a number\n"
    assert not (tmp_path / "home" / "events.sqlite").exists()
