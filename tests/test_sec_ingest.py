"""SEC filings as a source: the three forms read into one disclosure per filing.

Golden figures are the README's of ../shared/sec (cases 1 to 4), read back through the CLI.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .helpers import home_fingerprint, run

FY2022 = "xbrl/aapl-10k-fy2022/aapl-20220924_htm.xml"
FY2023 = "xbrl/aapl-10k-fy2023/aapl-20230930_htm.xml"
LPA = "companyfacts/lpa_facts.json"


def _json(home: Path, *args: str) -> list[dict[str, Any]]:
    result = run(home, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def _restated(rows: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    return {
        (r["concept"].split(":")[1], r["period"]): (
            Decimal(str(r["original_value"])),
            Decimal(str(r["restated_value"])),
        )
        for r in rows
    }


@pytest.fixture(scope="module")
def apple_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import SEC

    if not (SEC / FY2022).exists():
        pytest.skip("../shared/sec is not present")
    home = tmp_path_factory.mktemp("apple")
    # The FY2022 instance has no filing metadata beside it: its EDGAR filing date is given.
    first = run(home, "ingest", str(SEC / FY2022), "--published-on", "2022-10-28")
    assert first.exit_code == 0, first.output
    second = run(home, "ingest", str(SEC / FY2023))
    assert second.exit_code == 0, second.output
    return home


def test_instance__filer_registered_from_the_data(apple_home: Path, sec: Path) -> None:
    # CIK, name and ticker come from the instance's dei facts; the ticker names the issuer.
    [disclosure] = [
        d
        for d in _json(apple_home, "query", "SELECT * FROM disclosures ORDER BY published_on")
        if d["published_on"] == "2023-11-03"
    ]
    assert disclosure["issuer"] == "cik320193"
    assert disclosure["kind"] == "annual-report"
    assert "10-K 0000320193-23-000106" in disclosure["title"]
    issuers = _json(apple_home, "query", "SELECT issuer, name, aliases FROM issuers")
    assert issuers == [{"issuer": "cik320193", "name": "Apple Inc.", "aliases": ["320193", "AAPL"]}]


def test_instance__apple_cash_flow_lines_merged_are_restated(apple_home: Path, sec: Path) -> None:
    # README case 2 (USD millions): each FY2023 line is its FY2022 value plus a merged line.
    restated = _restated(_json(apple_home, "restatements", "--issuer", "AAPL"))
    fy2021, fy2022 = "2020-09-27..2021-09-25", "2021-09-26..2022-09-24"
    million = Decimal(1_000_000)
    expected = {
        ("IncreaseDecreaseInOtherOperatingLiabilities", fy2021): (5_799, 7_475),
        ("IncreaseDecreaseInOtherOperatingLiabilities", fy2022): (5_632, 6_110),
        ("PaymentsForProceedsFromOtherInvestingActivities", fy2021): (352, 385),
        ("PaymentsForProceedsFromOtherInvestingActivities", fy2022): (1_780, 2_086),
        ("OtherNoncashIncomeExpense", fy2021): (147, 4_921),
        ("OtherNoncashIncomeExpense", fy2022): (-111, -1_006),
        ("IncomeTaxReconciliationOtherAdjustments", fy2022): (-86, 456),
        ("HedgeAccountingAdjustmentsRelatedToLongTermDebt", "2022-09-24"): (-1_363, 1_363),
        ("DeferredTaxAssetsGross", "2022-09-24"): (27_624, 29_206),
        ("DeferredTaxAssetsNet", "2022-09-24"): (20_094, 21_676),
        ("DeferredIncomeTaxLiabilities", "2022-09-24"): (5_557, 7_139),
        ("DeferredTaxAssetsOther", "2022-09-24"): (1_596, 3_407),
    }
    assert restated == {k: (a * million, b * million) for k, (a, b) in expected.items()}


def test_instance__precision_only_difference_is_no_restatement(apple_home: Path, sec: Path) -> None:
    # UnrecognizedTaxBenefits at 2021-09-25: 15,500M (decimals -8) and 15,477M (-6) in the
    # FY2022 instance, 15,477M in FY2023: one figure at two roundings, kept once, not restated.
    rows = _json(
        apple_home,
        "facts",
        "--issuer",
        "AAPL",
        "--concept",
        "us-gaap:UnrecognizedTaxBenefits",
        "--period",
        "2021-09-25",
    )
    assert [(Decimal(str(r["value"])), r["decimals"]) for r in rows] == [
        (Decimal(15_477_000_000), -6)
    ]
    restated = _json(apple_home, "restatements", "--issuer", "AAPL")
    assert not [r for r in restated if r["concept"] == "us-gaap:UnrecognizedTaxBenefits"]


def test_instance__totals_unchanged_are_not_restated(apple_home: Path, sec: Path) -> None:
    restated = {r["concept"] for r in _json(apple_home, "restatements", "--issuer", "AAPL")}
    for total in (
        "NetCashProvidedByUsedInOperatingActivities",
        "NetCashProvidedByUsedInInvestingActivities",
        "NetIncomeLoss",
    ):
        assert f"us-gaap:{total}" not in restated


def test_instance__same_filing_twice_writes_nothing(apple_home: Path, sec: Path) -> None:
    before = home_fingerprint(apple_home)
    result = run(apple_home, "ingest", str(sec / FY2023))
    assert result.exit_code == 0, result.output
    assert "already recorded aapl-20230930_htm.xml (published 2023-11-03)" in result.output
    assert home_fingerprint(apple_home) == before


def test_companyfacts__one_disclosure_per_filing(tmp_path: Path, sec: Path) -> None:
    result = run(tmp_path, "ingest", str(sec / LPA))
    assert result.exit_code == 0, result.output
    rows = _json(
        tmp_path, "query", "SELECT title, published_on FROM disclosures ORDER BY published_on"
    )
    assert [(r["title"].split()[0], r["published_on"]) for r in rows] == [
        ("20-F", "2024-04-26"),
        ("20-F", "2025-04-02"),
        ("20-F/A", "2025-04-07"),
    ]


def test_companyfacts__lease_liabilities_restated(tmp_path: Path, sec: Path) -> None:
    # README case 3: the 2023-12-31 balance sheet of the 20-F of 2024-04-26, as the 20-F of
    # 2025-04-02 restated it; the subtotals are unchanged.
    assert run(tmp_path, "ingest", str(sec / LPA)).exit_code == 0
    restated = _restated(_json(tmp_path, "restatements", "--issuer", "1997711"))
    at = "2023-12-31"
    assert restated[("OtherNoncurrentLiabilities", at)] == (Decimal(2_936_555), Decimal(0))
    assert restated[("NoncurrentLeaseLiabilities", at)] == (Decimal(135_612), Decimal(2_936_555))
    assert restated[("CurrentLeaseLiabilities", at)] == (Decimal(65_886), Decimal(238_849))
    assert restated[("OtherCurrentLiabilities", at)] == (Decimal(959_539), Decimal(349_729))
    for total in ("NoncurrentLiabilities", "CurrentLiabilities", "Liabilities"):
        assert (total, at) not in restated
    assert len(restated) == 23


def _apple_fsds(
    home: Path,
    sec: Path,
    tmp_path: Path,
    quarters: tuple[str, ...] = ("2009q3", "2010q1"),
    submitted: dict[str, tuple[str, str]] | None = None,
) -> None:
    """The two FSDS quarters cut down to Apple's and Southern Co's filings (same layout).

    ``submitted`` gives some accessions another sub.txt ``filed`` and ``accepted``.
    """
    for quarter in quarters:
        folder = tmp_path / quarter
        folder.mkdir(exist_ok=True)
        with zipfile.ZipFile(sec / "fsds" / f"{quarter}.zip") as archive:
            for table in ("sub", "num", "pre", "tag"):
                lines = archive.read(f"{table}.txt").decode("utf-8").split("\n")
                keep = [
                    line
                    for line in lines[1:]
                    if table == "tag" or line.split("\t", 2)[0] in APPLE_AND_SOUTHERN
                ]
                if table == "sub" and submitted:
                    keep = [_resubmitted(lines[0], line, submitted) for line in keep]
                (folder / f"{table}.txt").write_text("\n".join([lines[0], *keep]), "utf-8")
        result = run(home, "ingest", str(folder))
        assert result.exit_code == 0, result.output


def _resubmitted(header: str, line: str, submitted: dict[str, tuple[str, str]]) -> str:
    columns, cells = header.split("\t"), line.split("\t")
    if cells[0] in submitted:
        filed, accepted = submitted[cells[0]]
        cells[columns.index("filed")], cells[columns.index("accepted")] = filed, accepted
    return "\t".join(cells)


APPLE_AND_SOUTHERN = {
    "0001193125-09-153165",  # Apple 10-Q, filed 2009-07-22
    "0001193125-10-012091",  # Apple 10-K/A, filed 2010-01-25
    "0000092122-09-000072",  # Southern Co 10-Q/A, filed 2009-08-27
    "0000092122-10-000009",  # Southern Co 10-K, filed 2010-02-25
}


def test_fsds__apple_balance_sheet_restated_by_its_amendment(tmp_path: Path, sec: Path) -> None:
    # README case 1: the balance sheet at 2008-09-30 of the 10-Q of 2009-07-22, restated by
    # the 10-K/A of 2010-01-25 (14 changed, among them these).
    home = tmp_path / "home"
    _apple_fsds(home, sec, tmp_path)
    rows = [
        r
        for r in _json(home, "restatements", "--issuer", "320193")
        if r["period"] == "2008-09-30" and not r["dimensions"]
    ]
    restated = _restated(rows)
    million = Decimal(1_000_000)
    expected = {
        "Assets": (39_572, 36_171),
        "DeferredRevenueCurrent": (4_853, 1_617),
        "DeferredRevenueNoncurrent": (3_029, 768),
        "Liabilities": (18_542, 13_874),
        "RetainedEarningsAccumulatedDeficit": (13_845, 15_129),
        "StockholdersEquity": (21_030, 22_297),
        "AccumulatedOtherComprehensiveIncomeLossNetOfTax": (8, -9),
    }
    for tag, (before, after) in expected.items():
        assert restated[(tag, "2008-09-30")] == (before * million, after * million)
    assert len(restated) == 14
    assert {r["restated_published_on"] for r in rows} == {"2010-01-25"}
    assert ("CashAndCashEquivalentsAtCarryingValue", "2008-09-30") not in restated


def test_fsds__rounding_to_millions_is_no_restatement(tmp_path: Path, sec: Path) -> None:
    # README case 4: Southern Co's 10-K states in millions what its 10-Q/A stated in thousands.
    home = tmp_path / "home"
    _apple_fsds(home, sec, tmp_path)
    rows = _json(home, "restatements", "--issuer", "92122", "--period", "2008-12-31")
    assert not [
        r for r in rows if r["concept"] in ("us-gaap:Assets", "us-gaap:AccountsPayableCurrent")
    ]
    facts = _json(
        home, "facts", "--issuer", "92122", "--concept", "us-gaap:Assets", "--period", "2008-12-31"
    )
    assert Decimal(str(facts[0]["value"])) == Decimal(48_347_000_000)


def test_fsds__provenance_is_the_filings_presentation(tmp_path: Path, sec: Path) -> None:
    home = tmp_path / "home"
    _apple_fsds(home, sec, tmp_path)
    [row] = _json(
        home,
        "facts",
        "--issuer",
        "320193",
        "--concept",
        "us-gaap:Assets",
        "--period",
        "2008-09-30",
        "--as-at",
        "2009-12-31",
    )
    assert row["document"] == "2009q3#0001193125-09-153165 R2"
    assert row["label"] == "Total assets"


def test_fsds__restatements_whatever_the_ingestion_order(tmp_path: Path, sec: Path) -> None:
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    _apple_fsds(forward, sec, tmp_path)
    _apple_fsds(backward, sec, tmp_path, ("2010q1", "2009q3"))
    assert _json(backward, "restatements") == _json(forward, "restatements")


APPLE_10Q, APPLE_10KA = "0001193125-09-153165", "0001193125-10-012091"


@pytest.mark.parametrize(("first", "second"), [(APPLE_10Q, APPLE_10KA), (APPLE_10KA, APPLE_10Q)])
def test_fsds__filings_of_one_day_are_ordered_by_acceptance_time(
    tmp_path: Path, sec: Path, first: str, second: str
) -> None:
    # As if Apple's 10-Q (Assets at 2008-09-30: 39,572M) and its 10-K/A (36,171M) had been
    # filed the same day: the one EDGAR accepted later is the value as known that day, the
    # current one, and the other is the first reported. Both orders are tried, so one of them
    # goes against the order of the disclosures' ids.
    home = tmp_path / "home"
    submitted = {
        first: ("20100125", "2010-01-25 09:05:00.0"),
        second: ("20100125", "2010-01-25 16:30:00.0"),
    }
    _apple_fsds(home, sec, tmp_path, submitted=submitted)
    assets = {APPLE_10Q: Decimal(39_572_000_000), APPLE_10KA: Decimal(36_171_000_000)}

    def assets_at(*args: str) -> Decimal:
        wanted = ("--concept", "us-gaap:Assets", "--period", "2008-09-30", "--dimensions", "")
        [row] = _json(home, "facts", "--issuer", "320193", *wanted, *args)
        return Decimal(str(row["value"]))

    assert assets_at("--as-at", "2010-01-25") == assets[second]
    assert assets_at() == assets[second]
    [row] = _json(
        home,
        "query",
        "SELECT f.value FROM facts_as_first_reported f JOIN series s USING (series_id)"
        " WHERE s.issuer = 'cik320193' AND s.concept = 'us-gaap:Assets'"
        " AND s.period = '2008-09-30' AND s.dimensions = ''",
    )
    assert Decimal(str(row["value"])) == assets[first]
    # Every filing's acceptance time is recorded (Southern Co's as sub.txt gives them).
    accepted = _json(home, "query", "SELECT accepted_at FROM disclosures ORDER BY accepted_at")
    assert [d["accepted_at"] for d in accepted] == [
        "2009-08-27T11:36:00",
        "2010-01-25T09:05:00",
        "2010-01-25T16:30:00",
        "2010-02-25T16:39:00",
    ]


def test_fsds__both_quarters_recorded_in_batches(tmp_path: Path, sec: Path) -> None:
    # Later quarter first: the projection must come out as a rebuild from the log would.
    home = tmp_path / "home"
    for quarter in ("2010q1", "2009q3"):
        result = run(home, "ingest", str(sec / "fsds" / f"{quarter}.zip"), "--batch", "200")
        assert result.exit_code == 0, result.output
    [counts] = _json(
        home,
        "query",
        "SELECT (SELECT count(*) FROM disclosures) AS filings,"
        " (SELECT count(*) FROM fact_versions) AS facts",
    )
    assert counts == {"filings": 930, "facts": 126_598 + 194_594}
    verified = run(home, "verify")
    assert verified.exit_code == 0, verified.output


@pytest.mark.parametrize("quarter", ["2009q3", "2010q1"])
def test_fsds__whole_quarter_is_read(quarter: str, sec: Path) -> None:
    from ledger.ingest.sec import detect, read_sec

    path = sec / "fsds" / f"{quarter}.zip"
    assert detect(path) == "fsds"
    filings = facts = 0
    for draft in read_sec(path, "fsds"):
        filings += 1
        facts += len(draft.facts)
    # Every submission with an amount; every num row with a value (README: counts).
    assert (filings, facts) == {"2009q3": (435, 126_598), "2010q1": (495, 194_594)}[quarter]


# Bad inputs: one line naming the file and the problem, exit 1, nothing written.


def _refused(home: Path, path: Path, message: str) -> None:
    before = home_fingerprint(home)
    result = run(home, "ingest", str(path))
    assert result.exit_code == 1, result.output
    assert result.output.strip() == f"Error: {message}"
    assert home_fingerprint(home) == before


def test_bad_input__truncated_zip(tmp_path: Path, sec: Path) -> None:
    data = (sec / "fsds" / "2009q3.zip").read_bytes()
    path = tmp_path / "2009q3.zip"
    path.write_bytes(data[: len(data) // 2])
    result = run(tmp_path / "home", "ingest", str(path))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and str(path) in result.output
    assert not (tmp_path / "home" / "events.sqlite").exists()


def test_bad_input__num_value_not_a_number(tmp_path: Path, sec: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    with zipfile.ZipFile(sec / "fsds" / "2009q3.zip") as archive:
        archive.extractall(folder)
    lines = (folder / "num.txt").read_text("utf-8").split("\n")
    cells = lines[5].split("\t")
    cells[8] = "12x4"
    lines[5] = "\t".join(cells)
    (folder / "num.txt").write_text("\n".join(lines), "utf-8")
    _refused(
        tmp_path / "home",
        folder,
        f'{folder}: num.txt:6: value "12x4" is not a number (or has more than 28 digits)',
    )


def _instance(tmp_path: Path, sec: Path, old: str, new: str) -> Path:
    text = (sec / FY2023).read_text("utf-8")
    assert old in text
    path = tmp_path / "aapl-20230930_htm.xml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_bad_input__instance_undefined_context(tmp_path: Path, sec: Path) -> None:
    path = _instance(
        tmp_path,
        sec,
        'contextRef="c-20" decimals="-6" id="f-338"',
        'contextRef="c-999" decimals="-6" id="f-338"',
    )
    _refused(
        tmp_path / "home",
        path,
        f"{path}:2885: us-gaap:ProceedsFromPaymentsForOtherFinancingActivities names context "
        "'c-999', which the instance does not define",
    )


def test_bad_input__instance_undefined_unit(tmp_path: Path, sec: Path) -> None:
    path = _instance(tmp_path, sec, 'id="f-338" unitRef="usd"', 'id="f-338" unitRef="u-none"')
    _refused(
        tmp_path / "home",
        path,
        f"{path}:2885: us-gaap:ProceedsFromPaymentsForOtherFinancingActivities names unit "
        "'u-none', which the instance does not define",
    )


def _instance_with_metadata(tmp_path: Path, sec: Path, **metadata: str) -> Path:
    """Apple's FY2023 instance alone in a folder, its metadata.json with ``metadata`` added."""
    folder = tmp_path / "aapl-10k-fy2023"
    folder.mkdir()
    path = folder / Path(FY2023).name
    shutil.copyfile(sec / FY2023, path)
    beside = json.loads((sec / FY2023).with_name("metadata.json").read_text("utf-8"))
    (folder / "metadata.json").write_text(json.dumps({**beside, **metadata}), "utf-8")
    return path


def test_instance__acceptance_time_from_the_metadata_beside_it(tmp_path: Path, sec: Path) -> None:
    path = _instance_with_metadata(tmp_path, sec, acceptanceDateTime="2023-11-02T18:08:27.000Z")
    home = tmp_path / "home"
    assert run(home, "ingest", str(path)).exit_code == 0
    [row] = _json(home, "query", "SELECT published_on, accepted_at FROM disclosures")
    assert row == {"published_on": "2023-11-03", "accepted_at": "2023-11-02T18:08:27"}


def test_bad_input__instance_acceptance_time_not_a_time(tmp_path: Path, sec: Path) -> None:
    path = _instance_with_metadata(tmp_path, sec, acceptanceDateTime="Nov 2, 2023")
    _refused(
        tmp_path / "home",
        path,
        f"{path}: metadata.json: acceptance time 'Nov 2, 2023' is not an ISO date and time",
    )


def test_bad_input__companyfacts_missing_field(tmp_path: Path, sec: Path) -> None:
    document = json.loads((sec / LPA).read_text("utf-8"))
    values = document["facts"]["ifrs-full"]["Assets"]["units"]["USD"]
    del values[1]["accn"]
    path = tmp_path / "lpa_facts.json"
    path.write_text(json.dumps(document), "utf-8")
    _refused(
        tmp_path / "home",
        path,
        f"{path}: facts.ifrs-full.Assets.units.USD[1]: has no 'accn'",
    )


def test_fsds__same_quarter_twice_writes_nothing(tmp_path: Path, sec: Path) -> None:
    home = tmp_path / "home"
    _apple_fsds(home, sec, tmp_path)
    before = home_fingerprint(home)
    result = run(home, "ingest", str(tmp_path / "2010q1"))
    assert result.exit_code == 0, result.output
    assert result.output.count("already recorded") == 2
    assert home_fingerprint(home) == before


def test_detect__other_documents_are_not_sec(tmp_path: Path) -> None:
    from ledger.ingest.sec import detect

    from .helpers import FIRST_REPORTED

    assert detect(FIRST_REPORTED) is None
    copy = tmp_path / "x.zip"
    shutil.copy(FIRST_REPORTED, copy)
    assert detect(copy) is None


# Restatements typed from the filers' own data.


def test_instance__sign_flip_is_a_tagging_correction(apple_home: Path, sec: Path) -> None:
    # HedgeAccountingAdjustmentsRelatedToLongTermDebt: -1,363 (FY2022 10-K) -> 1,363 (FY2023).
    [row] = [
        r
        for r in _json(apple_home, "restatements", "--issuer", "AAPL")
        if r["concept"] == "aapl:HedgeAccountingAdjustmentsRelatedToLongTermDebt"
    ]
    assert (row["kind"], row["explained"]) == ("tagging-correction", True)


def test_fsds__previously_reported_tags_are_declarations(sec: Path) -> None:
    # 2010q1 filings tag comparatives Scenario=ScenarioPreviouslyReported: each such filing
    # declares that it restated the tagged periods.
    from ledger.ingest.sec import read_sec

    declaring = {}
    for draft in read_sec(sec / "fsds" / "2010q1.zip", "fsds"):
        tagged = [
            f
            for f in draft.facts
            if ("Scenario", "ScenarioPreviouslyReported") in f.dimensions.items
        ]
        if tagged:
            declaring[draft.meta.title.split()[1]] = (draft.restatements, tagged)
    assert declaring
    for restatements, tagged in declaring.values():
        periods = {p for r in restatements for p in r.periods}
        assert {f.period.label for f in tagged} <= periods
        assert all(r.standard == "ASC 250" for r in restatements)


def test_instance__merged_cash_flow_lines_are_reclassifications(
    apple_home: Path, sec: Path
) -> None:
    # README case 2: each change is exactly a FY2022 line the FY2023 10-K no longer states.
    rows = _json(apple_home, "restatements", "--issuer", "AAPL")
    folded = {
        (r["concept"].split(":")[1], r["period"]): r["tieouts"][0]["evidence"]
        for r in rows
        if r["kind"] == "reclassification" and r["explained"] is True
    }
    fy2021, fy2022 = "2020-09-27..2021-09-25", "2021-09-26..2022-09-24"
    assert folded == {
        ("IncreaseDecreaseInOtherOperatingLiabilities", fy2021): (
            f"us-gaap:IncreaseDecreaseInContractWithCustomerLiability {fy2021}"
        ),
        ("IncreaseDecreaseInOtherOperatingLiabilities", fy2022): (
            f"us-gaap:IncreaseDecreaseInContractWithCustomerLiability {fy2022}"
        ),
        ("PaymentsForProceedsFromOtherInvestingActivities", fy2021): (
            f"us-gaap:PaymentsToAcquireBusinessesNetOfCashAcquired {fy2021}"
        ),
        ("PaymentsForProceedsFromOtherInvestingActivities", fy2022): (
            f"us-gaap:PaymentsToAcquireBusinessesNetOfCashAcquired {fy2022}"
        ),
        ("OtherNoncashIncomeExpense", fy2021): f"us-gaap:DeferredIncomeTaxExpenseBenefit {fy2021}",
        ("OtherNoncashIncomeExpense", fy2022): f"us-gaap:DeferredIncomeTaxExpenseBenefit {fy2022}",
        ("IncomeTaxReconciliationOtherAdjustments", fy2022): (
            f"us-gaap:EffectiveIncomeTaxRateReconciliationTaxCutsAndJobsActOf2017Amount {fy2022}"
        ),
    }
    # The deferred-tax balances move for reasons no tag states: flagged, not explained away.
    other = {r["concept"] for r in rows if r["kind"] == "other"}
    assert "us-gaap:DeferredTaxAssetsOther" in other


def _explanations(home: Path) -> dict[tuple[str, str], str]:
    rows = _json(home, "restatements", "--issuer", "AAPL")
    return {(r["concept"].split(":")[1], r["period"]): r["explanation"] for r in rows}


def test_instance__folded_lines_checked_with_the_calculation_linkbase(
    apple_home: Path, sec: Path
) -> None:
    # README case 2, FY2021: both lines add into one total of the calculation linkbases
    # (FY2022 _cal.xml lines 147 and 160), which the FY2023 10-K states unchanged.
    explained = _explanations(apple_home)
    fy2021 = "2020-09-27..2021-09-25"
    assert explained[("IncreaseDecreaseInOtherOperatingLiabilities", fy2021)].endswith(
        "5799000000 plus 1676000000 = 7475000000 (checked with the calculation linkbase: "
        "us-gaap:NetCashProvidedByUsedInOperatingActivities, which both add into, is unchanged)"
    )
    assert explained[("PaymentsForProceedsFromOtherInvestingActivities", fy2021)].endswith(
        "352000000 plus 33000000 = 385000000 (checked with the calculation linkbase: "
        "us-gaap:NetCashProvidedByUsedInInvestingActivities, which both add into, is unchanged)"
    )


def test_instance__a_fold_that_does_not_preserve_its_total_is_no_reclassification(
    tmp_path: Path, sec: Path
) -> None:
    # The same two 10-Ks, but FY2022's calculation linkbase subtracts the contract-liability
    # line from operating cash flow (line 147, weight -1): folding it into the other
    # liabilities line (+1) would then change the total by twice its amount.
    for folder in ("aapl-10k-fy2022", "aapl-10k-fy2023"):
        shutil.copytree(sec / "xbrl" / folder, tmp_path / folder)
    calculation = tmp_path / "aapl-10k-fy2022" / "aapl-20220924_cal.xml"
    lines = calculation.read_text("utf-8").split("\n")
    assert 'order="11" weight="1.0"' in lines[146]
    lines[146] = lines[146].replace('weight="1.0"', 'weight="-1.0"')
    calculation.write_text("\n".join(lines), "utf-8")
    home = tmp_path / "home"
    first = run(
        home, "ingest", str(tmp_path / FY2022.removeprefix("xbrl/")), "--published-on", "2022-10-28"
    )
    assert first.exit_code == 0, first.output
    second = run(home, "ingest", str(tmp_path / FY2023.removeprefix("xbrl/")))
    assert second.exit_code == 0, second.output
    rows = {
        (r["concept"].split(":")[1], r["period"]): r
        for r in _json(home, "restatements", "--issuer", "AAPL")
    }
    fy2021 = "2020-09-27..2021-09-25"
    moved = rows[("IncreaseDecreaseInOtherOperatingLiabilities", fy2021)]
    assert (moved["kind"], moved["explained"]) == ("other", False)
    # The investing-activities fold is untouched by the change: still a reclassification.
    kept = rows[("PaymentsForProceedsFromOtherInvestingActivities", fy2021)]
    assert (kept["kind"], kept["explained"]) == ("reclassification", True)


def test_companyfacts__lease_lines_are_a_reclassification(tmp_path: Path, sec: Path) -> None:
    # README case 3: the non-current lease liability now holds what "other non-current
    # liabilities" held, and the two lease lines add up to the lease liability of the note.
    assert run(tmp_path, "ingest", str(sec / LPA)).exit_code == 0
    rows = {
        r["concept"].split(":")[1]: r
        for r in _json(tmp_path, "restatements", "--issuer", "1997711", "--period", "2023-12-31")
    }
    for line in (
        "OtherNoncurrentLiabilities",
        "NoncurrentLeaseLiabilities",
        "CurrentLeaseLiabilities",
    ):
        assert (rows[line]["kind"], rows[line]["explained"]) == ("reclassification", True)
    [tie] = rows["CurrentLeaseLiabilities"]["tieouts"]
    assert (tie["expected"], tie["evidence"]) == (
        "3175404",
        "ifrs-full:LeaseLiabilities 2023-12-31",
    )
    # Its deferred-tax line changed sign only.
    assert rows["DeferredTaxLiabilityAsset"]["kind"] == "tagging-correction"


def _statement(home: Path, which: str, period: str, as_at: str) -> list[dict[str, Any]]:
    args = ["--issuer", "AAPL", "--statement", which, "--period", period, "--as-at", as_at]
    return _json(home, "statement", *args)


def test_statement__laid_out_as_the_filing_presents_it(apple_home: Path, sec: Path) -> None:
    # FY2023 names Apple's fiscal year (2022-09-25..2023-09-30); lines and labels are the
    # 10-K's own (presentation linkbase), in its order, USD millions as filed.
    rows = _statement(apple_home, "income", "FY2023", "2023-12-31")
    lines = [(r["line_item"], Decimal(str(r["value"])) / 1_000_000) for r in rows[:11]]
    assert lines == [
        ("Net sales", 383_285),
        ("Cost of sales", 214_137),
        ("Gross margin", 169_148),
        ("Research and development", 29_915),
        ("Selling, general and administrative", 24_932),
        ("Total operating expenses", 54_847),
        ("Operating income", 114_301),
        ("Other income/(expense), net", -565),
        ("Income before provision for income taxes", 113_736),
        ("Provision for income taxes", 16_741),
        ("Net income", 96_995),
    ]
    assert {r["section_label"] for r in rows} == {"As presented by the filings"}


def test_statement__instance_lines_follow_the_presentation_linkbase(
    apple_home: Path, sec: Path
) -> None:
    # The FY2023 10-K's instance states shares issued (line 2735) before shares outstanding
    # (2736); its presentation linkbase puts outstanding first (_pre.xml lines 265, 267:
    # orders 5 and 6 under liabilities and shareholders' equity). Depth gives the levels:
    # totals of the two sides at 1, the lines they sum at 2.
    rows = _statement(apple_home, "balance", "FY2023", "2023-12-31")
    laid_out = [(r["concept"].split(":")[1], r["level"]) for r in rows]
    assert laid_out[:2] == [
        ("CashAndCashEquivalentsAtCarryingValue", 2),
        ("MarketableSecuritiesCurrent", 2),
    ]
    assert laid_out[20:] == [
        ("LiabilitiesNoncurrent", 2),
        ("Liabilities", 1),
        ("CommonStockSharesOutstanding", 1),
        ("CommonStockSharesIssued", 1),
        ("CommonStocksIncludingAdditionalPaidInCapital", 2),
        ("RetainedEarningsAccumulatedDeficit", 2),
        ("AccumulatedOtherComprehensiveIncomeLossNetOfTax", 2),
        ("StockholdersEquity", 2),
        ("LiabilitiesAndStockholdersEquity", 1),
    ]
    assert [r["line"] for r in rows[22:24]] == [2736, 2735]


def test_statement__comprehensive_income_follows_the_income_statement(
    apple_home: Path, sec: Path
) -> None:
    # Two presentation roles make Apple's income statement: the statement of operations, then
    # that of comprehensive income; each keeps its own order.
    rows = _statement(apple_home, "income", "FY2023", "2023-12-31")
    concepts = [r["concept"].split(":")[1] for r in rows]
    assert concepts.index("NetIncomeLoss") < concepts.index("ComprehensiveIncomeNetOfTax")
    assert concepts[-1] == "ComprehensiveIncomeNetOfTax"
    assert concepts[:3] == [
        "RevenueFromContractWithCustomerExcludingAssessedTax",
        "CostOfGoodsAndServicesSold",
        "GrossProfit",
    ]


def test_statement__fiscal_year_balance_sheet_as_at(apple_home: Path, sec: Path) -> None:
    # The balance sheet of FY2022 (at 2022-09-24) as known before and after the FY2023 10-K.
    rows = _statement(apple_home, "balance", "FY2022", "2022-12-31")
    first = {r["concept"]: Decimal(str(r["value"])) for r in rows}
    assert first["us-gaap:Assets"] == Decimal(352_755_000_000)
    assert first["us-gaap:CashAndCashEquivalentsAtCarryingValue"] == Decimal(23_646_000_000)
