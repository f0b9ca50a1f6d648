"""Score the extractor against the hand-checked facts of a folder of real documents.

Usage:
    .venv/bin/python bench/golden_score.py               # ../shared/disclosures/other-issuers
    .venv/bin/python bench/golden_score.py --folder DIR  # any folder with golden.toml

Runs ``ledger extract`` on every document of the folder's manifest with the manifest's metadata
(as a user would, with a fresh ledger home: no issuer registered beforehand; a document that
fails scores nothing, and its error is printed), then checks every ``[[fact]]`` of golden.toml: a
fact is exact when the extraction has a fact printed on the golden line with the same amount,
unit, period and operation (a label about a discontinued business, by its words or by naming an
operation the document declares discontinued, must carry ``operations=discontinued`` or a
concept of discontinued operations, any other neither).
Prints one row per document and the total; ``tests/ingest/test_other_issuers.py`` asserts the
thresholds with the same functions.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ledger.cli.main import cli
from ledger.domain.values import Period

ROOT = Path(__file__).resolve().parent.parent
OTHER_ISSUERS = ROOT.parent / "shared" / "disclosures" / "other-issuers"

#: Golden units -> (unit, power of ten) of our facts.
UNITS = {
    "RMB": ("RMB", 0),
    "RMB'000": ("RMB", 3),
    "RMB million": ("RMB", 6),
    "RMB billion": ("RMB", 9),
    "亿元": ("RMB", 8),
    "USD'000": ("USD", 3),
    "USD million": ("USD", 6),
    "亿美元": ("USD", 8),
    "%": ("%", 0),
    "RMB per ADS": ("RMB/ADS", 0),
    "RMB per share": ("RMB/share", 0),
}
_MONTHS = {"Q": 3, "H": 6, "9M": 9, "FY": 12}


@dataclass
class Score:
    """One document's golden facts: how many, how many exact, and why the others were not."""

    file: str
    golden: int = 0
    exact: int = 0
    misses: list[str] = field(default_factory=list)
    facts: int = 0
    seconds: float = 0.0

    @property
    def share(self) -> float:
        return self.exact / self.golden if self.golden else 1.0


def golden_facts(folder: Path) -> list[dict[str, Any]]:
    """The ``[[fact]]`` tables of ``folder/golden.toml``."""
    return list(tomllib.loads((folder / "golden.toml").read_text("utf-8"))["fact"])


def expected_span(golden: dict[str, Any]) -> tuple[date | None, date]:
    """(start, end) of a golden period: ``Q3 2024``, ``Q4 FY2022``, ``H1 2024``, ``9M 2024``,
    ``FY2023`` (ending on ``period_end``) or an ISO date (an instant)."""
    end = date.fromisoformat(str(golden["period_end"]))
    label = str(golden["period"])
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", label):
        return None, date.fromisoformat(label)
    m = re.match(r"(9M|FY|Q|H)", label)
    if m is None:
        msg = f"golden period {label!r} is not understood"
        raise ValueError(msg)
    months = _MONTHS[m[1]]
    first_month = end.month - months + 1
    year = end.year
    while first_month <= 0:
        first_month += 12
        year -= 1
    # Fiscal periods end on a month's last day, so they start on a month's first.
    return date(year, first_month, 1), end


def fact_span(fact: dict[str, Any]) -> tuple[date | None, date]:
    """(start, end) of an extracted fact's period label."""
    period = Period.parse(fact["period"])
    return period.start, period.end


def _amount(value: Any, power: int) -> Decimal:
    return Decimal(str(value)).scaleb(power)


def _discontinued(label: str, operations: Iterable[str] = ()) -> bool:
    """A golden label about a discontinued business: it says so ("... from discontinued
    operations", "held for sale"), or its qualifier names an operation the document declares
    discontinued ("Total assets (YY Live, held for sale)", "Live streaming (YY Live)")."""
    if re.search(r"continuing operations", label, re.IGNORECASE):
        return False
    if re.search(r"discontinued operations?|held for sale", label, re.IGNORECASE):
        return True
    qualifier = " ".join(re.findall(r"\(([^)]*)\)", label)).lower()
    return any(name.lower() in qualifier for name in operations if name)


def _is_discontinued(fact: dict[str, Any]) -> bool:
    """A fact about discontinued operations: by its dimension, or by a concept that means
    them (``ifrs-full:ProfitLossFromDiscontinuedOperations`` on the face of a statement)."""
    dims = fact.get("dimensions") or {}
    return dims.get("operations") == "discontinued" or "Discontinued" in fact["concept"]


def judge(
    golden: dict[str, Any], facts: Iterable[dict[str, Any]], operations: Iterable[str] = ()
) -> str | None:
    """None when ``facts`` hold the golden fact exactly; else what is wrong, in a few words.
    ``operations``: the operations the document declares discontinued."""
    unit, power = UNITS[str(golden["unit"])]
    want = _amount(golden["value"], power)
    span = expected_span(golden)
    on_line = [f for f in facts if f["line"] == golden["line"]]
    if not on_line:
        return "no fact on the line"
    same_value = [f for f in on_line if _amount(f["value"], int(f.get("scale") or 0)) == want]
    if not same_value:
        found = ", ".join(sorted({f"{f['value']}e{f.get('scale', 0)}" for f in on_line}))
        return f"value: found {found}"
    same_unit = [f for f in same_value if f["unit"] == unit]
    if not same_unit:
        return f"unit: found {sorted({f['unit'] for f in same_value})}"
    same_period = [f for f in same_unit if fact_span(f) == span]
    if not same_period:
        return f"period: found {sorted({f['period'] for f in same_unit})}"
    discontinued = _discontinued(str(golden["label"]), operations)
    right = [f for f in same_period if _is_discontinued(f) == discontinued]
    if not right:
        return f"dimensions: found {[f.get('dimensions') for f in same_period]}"
    return None


#: The manifest's metadata ``extract_folder`` passes by default.
METADATA = ("issuer", "kind", "period_end", "published_on")


def extract_folder(
    folder: Path, out: Path, metadata: tuple[str, ...] = METADATA
) -> tuple[dict[str, Any], dict[str, str]]:
    """``ledger extract FILE -o JSON`` on every document ``folder/manifest.toml`` lists, with
    its ``metadata`` and a fresh home. Returns the structured disclosures and the errors, each
    by the text file's name; each disclosure carries its wall time under ``seconds``."""
    manifest = tomllib.loads((folder / "manifest.toml").read_text("utf-8"))
    home = out / "home"
    found: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for entry in manifest["disclosure"]:
        target = out / (Path(entry["file"]).stem + ".json")
        args = ["--home", str(home), "-q", "extract", str(folder / entry["file"])]
        for key in metadata:
            if key in entry:
                args += [f"--{key.replace('_', '-')}", str(entry[key])]
        began = time.perf_counter()
        result = CliRunner().invoke(cli, [*args, "--summary", "-o", str(target)])
        seconds = time.perf_counter() - began
        if result.exit_code != 0:
            errors[entry["file"]] = " ".join(result.output.split())
            continue
        found[entry["file"]] = {**json.loads(target.read_text("utf-8")), "seconds": seconds}
    return found, errors


def discontinued_operations(document: dict[str, Any]) -> list[str]:
    """The operations an extracted document declares discontinued (its declarations and
    corporate events name them)."""
    declared = [*document.get("restatements", []), *document.get("corporate_events", [])]
    return [str(d["operation"]) for d in declared if d.get("operation")]


def score(folder: Path, documents: dict[str, dict[str, Any]]) -> list[Score]:
    """Each document's score against ``folder/golden.toml`` (documents in manifest order)."""
    manifest = tomllib.loads((folder / "manifest.toml").read_text("utf-8"))
    scores = {d["file"]: Score(d["file"]) for d in manifest["disclosure"]}
    for golden in golden_facts(folder):
        entry = scores[golden["file"]]
        entry.golden += 1
        document = documents.get(golden["file"], {})
        entry.facts = len(document.get("facts", []))
        entry.seconds = document.get("seconds", 0.0)
        facts = document.get("facts", [])
        problem = judge(golden, facts, discontinued_operations(document))
        if problem is None:
            entry.exact += 1
        else:
            entry.misses.append(
                f"L{golden['line']} {golden['label']!r} {golden['period']}: {problem}"
            )
    return list(scores.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=OTHER_ISSUERS)
    parser.add_argument("--misses", action="store_true", help="List every inexact golden fact.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        documents, errors = extract_folder(args.folder, Path(tmp))
        seconds = time.perf_counter() - began
    scores = score(args.folder, documents)
    width = max(len(s.file) for s in scores)
    print(f"{'document':<{width}}  golden  exact  share  facts  seconds")
    for s in scores:
        print(
            f"{s.file:<{width}}  {s.golden:>6}  {s.exact:>5}  {100 * s.share:5.1f}%"
            f"  {s.facts:>5}  {s.seconds:7.2f}"
        )
        if s.file in errors:
            print(f"    {errors[s.file]}")
        if args.misses:
            for miss in s.misses:
                print(f"    {miss}")
    total = sum(s.golden for s in scores)
    exact = sum(s.exact for s in scores)
    print(f"{'total':<{width}}  {total:>6}  {exact:>5}  {100 * exact / total:5.1f}%")
    print(f"extraction of {len(documents)} documents: {seconds:.2f} s")


if __name__ == "__main__":
    main()
