"""`ledger report`: the auditor's HTML working paper, on the sample disclosures.

The unit tests read the HTML back with the standard library's parser. The browser tests open
the page in headless Chromium (Debian's `chromium`, installed by `.ci/run`): they read the DOM
back, prove the page makes no network request and take a screenshot that must not be blank.
They skip without Chromium on a developer's machine and fail under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from .helpers import dated_disclosure, fact, home_fingerprint, run, write_json

# --- a small DOM over html.parser --------------------------------------------------------------

VOID = {"meta", "link", "br", "img", "input", "hr", "circle", "line", "polyline", "path", "rect"}


class Node:
    """An element: its tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Descendants with this tag, class and attribute values (``data_concept`` for
        ``data-concept``)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            n
            for n in self.iter()
            if n is not self
            and (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k) == v for k, v in wanted.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one {tag}.{cls} {attrs}, found {len(found)}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def restatement(page: Node, concept: str, period: str, dimensions: str = "") -> Node:
    return page.one(
        "tbody", "restatement", data_concept=concept, data_period=period, data_dimensions=dimensions
    )


def cell(row: Node, cls: str) -> str:
    return row.one(cls=cls).text


def figure(row: Node, cls: str) -> str:
    return row.one("td", cls).one("span", "value").text


def source(row: Node, cls: str) -> str:
    return row.one("td", cls).one("span", "source").text


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(sample_home: Path) -> Path:
    """The six sample disclosures, recorded and replayed (read only here)."""
    return sample_home


def write_report(home: Path, out: Path, *args: str) -> str:
    result = run(home, "report", "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_file(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OneConnect's report with every recorded disclosure."""
    out = tmp_path_factory.mktemp("report") / "oneconnect.html"
    write_report(home, out, "--issuer", "OCFT")
    return out


@pytest.fixture(scope="module")
def page(report_file: Path) -> Node:
    return parse(report_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page_2025_03_31(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Node:
    """OneConnect's report as at 2025-03-31: before the annual report of 2025-04-24."""
    out = tmp_path_factory.mktemp("report") / "oneconnect-2025-03-31.html"
    return parse(write_report(home, out, "--issuer", "oneconnect", "--as-at", "2025-03-31"))


# --- content -----------------------------------------------------------------------------------


def test_report__fy2023_revenue_shows_first_reported_and_re_presented_values(page: Node) -> None:
    row = restatement(page, "ifrs-full:Revenue", "FY2023")
    assert figure(row, "first-reported") == "3,667,508"
    assert figure(row, "restated") == "3,521,591"
    assert cell(row, "unit") == "RMB'000"


def test_report__fy2023_revenue_change_is_shown_as_printed(page: Node) -> None:
    row = restatement(page, "ifrs-full:Revenue", "FY2023")
    assert cell(row, "delta") == "(145,917)"
    assert cell(row, "delta-pct") == "−3.98%"


def test_report__fy2023_revenue_is_an_ifrs5_re_presentation_explained(page: Node) -> None:
    row = restatement(page, "ifrs-full:Revenue", "FY2023")
    assert cell(row, "kind") == "re-presentation"
    assert cell(row, "standard") == "IFRS 5"
    assert cell(row, "tieout") == "explained"
    assert row.attrs["data-explained"] == "yes"


def test_report__each_figure_names_its_document_and_line(page: Node) -> None:
    row = restatement(page, "ifrs-full:Revenue", "FY2023")
    assert source(row, "first-reported") == (
        "oneconnect-fy2023-results-2024-03-18.txt line 18 · 2024-03-18"
    )
    assert source(row, "restated") == (
        "oneconnect-fy2024-annual-results-2025-03-18.txt line 364 · 2025-03-18"
    )


def test_report__tie_out_shows_the_discontinued_amount_and_its_line(page: Node) -> None:
    row = restatement(page, "ifrs-full:Revenue", "FY2023")
    tie = row.one("tr", data_rule="ifrs5-discontinued-amount")
    cells = [td.text for td in tie.find_all("td")]
    assert cells[1:5] == ["(145,917)", "(145,917)", "±0.5", "ties"]
    assert cells[5] == "oneconnect-fy2024-annual-results-2025-03-18.txt line 848"
    assert "145,917" in row.one("p", "explanation").text


def test_report__negative_figures_in_brackets_ratios_with_a_minus_sign(page: Node) -> None:
    loss = restatement(page, "ifrs-full:ProfitLossFromOperatingActivities", "FY2023")
    assert (figure(loss, "first-reported"), figure(loss, "restated")) == ("(368,212)", "(217,285)")
    margin = restatement(page, "ext:OperatingMargin", "FY2023")
    assert (figure(margin, "first-reported"), figure(margin, "restated")) == ("-10.0", "-6.2")
    assert cell(margin, "delta") == "+3.8 pp"


def test_report__restatements_are_grouped_by_the_restating_disclosure(page: Node) -> None:
    groups = page.find_all("section", "group")
    assert [g.attrs["data-document"] for g in groups] == [
        "oneconnect-fy2024-annual-results-2025-03-18.txt",
        "oneconnect-fy2024-annual-report-extract-2025-04-24.txt",
    ]
    first, second = (
        [r.attrs["data-concept"] for r in g.find_all("tbody", "restatement")] for g in groups
    )
    assert len(first) == 7 and first[:2] == ["ifrs-full:Revenue", "ifrs-full:Revenue"]
    assert second == ["ifrs-full:Revenue", "ifrs-full:GrossProfit"]


def test_report__unexplained_fy2022_changes_are_flagged(page: Node) -> None:
    row = restatement(page, "ifrs-full:Revenue", "FY2022")
    assert (figure(row, "first-reported"), figure(row, "restated")) == ("4,464,002", "4,357,462")
    assert cell(row, "tieout") == "flagged"
    assert row.one("p", "flag").text == "⚑ Flagged: no disclosed amount accounts for the change"


def test_report__summary_counts_explained_and_flagged_per_restating_disclosure(
    page: Node,
) -> None:
    summary = page.one("table", "summary")
    counts = {
        tr.attrs["data-document"]: (cell(tr, "count"), cell(tr, "explained"), cell(tr, "flagged"))
        for tr in summary.find_all("tr")
        if "data-document" in tr.attrs
    }
    assert counts == {
        "oneconnect-fy2024-annual-results-2025-03-18.txt": ("7", "7", "0"),
        "oneconnect-fy2024-annual-report-extract-2025-04-24.txt": ("2", "0", "2"),
    }


def test_report__disclosures_are_listed_in_publication_order(page: Node) -> None:
    listed = page.one("ol", "documents").find_all("li")
    documents = [li.attrs["data-document"] for li in listed if "data-document" in li.attrs]
    assert documents == [
        "oneconnect-fy2023-results-2024-03-18.txt",
        "oneconnect-2024-esg-report-2025-03-18.txt",
        "oneconnect-fy2024-annual-results-2025-03-18.txt",
        "oneconnect-fy2024-annual-report-extract-2025-04-24.txt",
    ]
    timeline = page.one("section", id="timeline").one("svg")
    dates = [t.text for t in timeline.find_all("text", "date")]
    assert dates == ["2024-03-18", "2025-03-18", "2025-04-24"]


def test_report__chart_plots_every_vintage_of_the_series(page: Node) -> None:
    chart = restatement(page, "ifrs-full:Revenue", "FY2023").one("svg", "chart")
    labels = [t.text for t in chart.find_all("text") if "date" not in t.classes]
    dates = [t.text for t in chart.find_all("text", "date")]
    assert labels == ["3,667,508", "3,521,591", "3,521,591"]
    assert dates == ["2024-03-18", "2025-03-18", "2025-04-24"]
    assert [c.attrs["class"] for c in chart.find_all("circle")] == ["first", "restated", "other"]
    assert len(chart.one("polyline").attrs["points"].split()) == 3


def test_report__as_at_leaves_out_later_documents_and_their_restatements(
    page_2025_03_31: Node,
) -> None:
    page = page_2025_03_31
    assert [g.attrs["data-document"] for g in page.find_all("section", "group")] == [
        "oneconnect-fy2024-annual-results-2025-03-18.txt"
    ]
    assert not page.find_all("tbody", "restatement", data_period="FY2022")
    documents = [
        li.attrs["data-document"] for li in page.find_all("li") if "data-document" in li.attrs
    ]
    assert "oneconnect-fy2024-annual-report-extract-2025-04-24.txt" not in documents
    chart = restatement(page, "ifrs-full:Revenue", "FY2023").one("svg", "chart")
    assert [t.text for t in chart.find_all("text", "date")] == ["2024-03-18", "2025-03-18"]


def test_report__is_self_contained(report_file: Path, page: Node) -> None:
    csp = page.one("meta", http_equiv="Content-Security-Policy")
    assert csp.attrs["content"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert not page.find_all("script") and not page.find_all("link") and not page.find_all("img")
    links = [n.attrs["href"] for n in page.iter() if "href" in n.attrs]
    assert links and all(href.startswith("#") for href in links)
    assert not [n for n in page.iter() if "src" in n.attrs]
    assert "@import" not in report_file.read_text(encoding="utf-8")


def test_report__has_a_print_stylesheet_with_a_page_per_group(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    assert "@media print" in html
    assert ".group { break-before: page;" in html


def test_report__text_from_documents_is_escaped(tmp_path: Path) -> None:
    label = "Revenue <script>alert(1)</script>"
    first = dated_disclosure(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "100", 3)])
    second = dated_disclosure(
        2, "2025-03-18", [fact("ifrs-full:Revenue", "FY2023", "90", 7, label=label)]
    )
    for n, doc in enumerate((first, second)):
        result = run(tmp_path, "ingest", str(write_json(tmp_path / f"d{n}.json", doc)))
        assert result.exit_code == 0, result.output
    html = write_report(tmp_path, tmp_path / "r.html", "--issuer", "oneconnect")
    assert "<script>" not in html
    assert "Revenue &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report__issuer_without_restatements_says_so(home: Path, tmp_path: Path) -> None:
    page = parse(write_report(home, tmp_path / "st.html", "--issuer", "0020"))
    assert not page.find_all("section", "group")
    assert (
        page.one("p", "none").text == "No figure of these disclosures was restated by a later one."
    )
    declared = page.one("li", data_document="sensetime-fy2024-annual-results-2025-03-26.txt")
    assert "reclassification · IAS 1" in declared.text


def test_report__out_dash_writes_to_standard_output(home: Path) -> None:
    result = run(home, "report", "--issuer", "OCFT", "--out", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_report__template_is_package_data() -> None:
    template = resources.files("ledger.cli").joinpath("templates", "report.html.j2")
    assert template.is_file()


# --- errors ------------------------------------------------------------------------------------


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_report__unknown_issuer_is_one_line(home: Path, tmp_path: Path) -> None:
    result = run(home, "report", "--issuer", "ACME", "--out", str(tmp_path / "r.html"))
    assert one_line_error(result).startswith("Error: unknown issuer 'ACME'")
    assert not list(tmp_path.iterdir())


def test_report__issuer_with_no_disclosure_is_one_line(tmp_path: Path) -> None:
    doc = dated_disclosure(1, "2024-03-18", [fact("ifrs-full:Revenue", "FY2023", "100", 3)])
    assert run(tmp_path, "ingest", str(write_json(tmp_path / "d.json", doc))).exit_code == 0
    # A registered issuer the ledger has recorded no document of.
    assert (
        run(tmp_path, "issuers", "add", "sensetime", "--name", "SenseTime Group Inc.").exit_code
        == 0
    )
    result = run(tmp_path, "report", "--issuer", "sensetime", "--out", str(tmp_path / "r.html"))
    assert one_line_error(result) == (
        "Error: sensetime: no disclosure of this issuer in the projection"
    )


def test_report__as_at_before_the_first_disclosure_is_one_line(home: Path, tmp_path: Path) -> None:
    result = run(
        home, "report", "--issuer", "OCFT", "--as-at", "2023-12-31", "--out", str(tmp_path / "r")
    )
    assert one_line_error(result) == (
        "Error: oneconnect: no disclosure published on or before 2023-12-31 "
        "(the first is 2024-03-18)"
    )


def test_report__without_a_projection_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "report", "--issuer", "OCFT", "--out", str(tmp_path / "r"))
    assert "no projection yet" in one_line_error(result)


def test_report__unwritable_out_is_one_line_and_writes_nothing(home: Path, tmp_path: Path) -> None:
    before = home_fingerprint(home)
    missing = tmp_path / "no" / "such" / "folder" / "r.html"
    result = run(home, "report", "--issuer", "OCFT", "--out", str(missing))
    assert one_line_error(result) == f"Error: {missing}: cannot write: No such file or directory"
    result = run(home, "report", "--issuer", "OCFT", "--out", str(tmp_path))
    assert one_line_error(result) == f"Error: {tmp_path}: is a directory"
    assert home_fingerprint(home) == before
    assert not list(tmp_path.iterdir())


# --- in a browser ------------------------------------------------------------------------------

#: Chromium makes requests of its own (component updates, time queries): these flags stop most,
#: and the unreachable proxy and the resolver rule keep the rest off the network. The page's own
#: requests still appear in the net log, with their initiator (the browser's have none).
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's Chromium; skip without it, fail under CI (where .ci/run installs it)."""
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI requires /usr/bin/chromium (installed by .ci/run)")
        pytest.skip("chromium is not installed")
    return path


def browse(chromium: str, tmp: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` with a fresh profile under ``tmp``."""
    command = [chromium, *BROWSER_FLAGS, f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(
        [*command, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def page_requests(net_log: Path) -> list[str]:
    """URLs the page asked the network for (requests with an initiator), from a net log."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start_job
        and "url" in e.get("params", {})
        and e["params"].get("initiator") != "not an origin"
    ]


def test_browser__dom_shows_the_fy2023_revenue_restatement(
    chromium: str, report_file: Path, tmp_path: Path
) -> None:
    net_log = tmp_path / "netlog.json"
    dom = browse(chromium, tmp_path, report_file, "--dump-dom", f"--log-net-log={net_log}").stdout
    row = restatement(parse(dom), "ifrs-full:Revenue", "FY2023")
    assert figure(row, "first-reported") == "3,667,508"
    assert figure(row, "restated") == "3,521,591"
    assert cell(row, "tieout") == "explained"
    assert page_requests(net_log) == []


def test_browser__net_log_would_show_a_request_of_the_page(chromium: str, tmp_path: Path) -> None:
    # The check above is only worth something if a request would show: a page that asks for
    # an image (sent to the unreachable proxy) does.
    control = tmp_path / "control.html"
    control.write_text('<img src="http://example.invalid/logo.png">', encoding="utf-8")
    net_log = tmp_path / "netlog.json"
    browse(chromium, tmp_path, control, "--dump-dom", f"--log-net-log={net_log}")
    assert page_requests(net_log) == ["http://example.invalid/logo.png"]


def test_browser__screenshot_is_not_blank(chromium: str, report_file: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "report.png"
    browse(chromium, tmp_path, report_file, f"--screenshot={shot}", "--window-size=1280,2000")
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        pixels = image.convert("RGB").resize((320, 500))
        colours = pixels.getcolors(maxcolors=320 * 500) or []
    white = sum(n for n, rgb in colours if min(rgb) >= 245)
    assert len(colours) > 50
    assert 1 - white / (320 * 500) > 0.05
