"""Documents read in order, their extraction side by side: the drafts and the refusals are those
of reading the documents one after another, each knowing the issuers the ones before it
introduced."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from ledger.domain.issuers import IssuerDirectory
from ledger.ingest import Job, Read, ordered, read_in_order, read_manifest

from ..helpers import dated_disclosure, run
from ..pdfs import build_pdf
from ..reliability.stores import LEDGER

# The first document describes its issuer (legal name and ticker near the top); the second names
# it only by its ticker, so it is read only once the first has taught who ACME is.
INTRODUCES = """\
Acme Holdings Limited (NYSE: ACME)
Annual results for the year ended December 31, 2024
Published: 2025-03-20

Consolidated income statement
\t2024\t2023
\tRMB'000\tRMB'000
Revenue\t3,000\t2,800
Gross profit\t1,700\t1,500
"""
NAMES_BY_TICKER = """\
Interim update of NYSE: ACME
Interim results for the six months ended June 30, 2025
Published: 2025-08-20

Condensed income statement
\tSix months ended June 30, 2025\tSix months ended June 30, 2024
\tRMB'000\tRMB'000
Revenue\t16,000\t14,500
Gross profit\t9,000\t7,800
"""
# The first document again without its publication date: it introduces the issuer in its opening
# lines, and is refused once its tables are read (the date must then be given).
INTRODUCES_UNDATED = INTRODUCES.replace("Published: 2025-03-20\n", "")


def _jobs(tmp_path: Path, *texts: str) -> list[Job]:
    jobs = []
    for i, text in enumerate(texts):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(text)
        jobs.append(Job(path))
    return jobs


def _outcomes(reads: list[Read]) -> list[tuple[str, str, object]]:
    return [
        (r.job.path.name, "error", str(r.error))
        if r.error is not None
        else (r.job.path.name, "draft", r.draft)
        for r in reads
    ]


def test_a_document_knows_the_issuer_an_earlier_one_introduced(tmp_path: Path) -> None:
    reads, issuers = read_in_order(_jobs(tmp_path, INTRODUCES, NAMES_BY_TICKER), IssuerDirectory())
    assert [r.draft.meta.issuer for r in reads if r.draft] == ["acme", "acme"]
    assert issuers.find("ACME") is not None


@pytest.mark.parametrize("cores", [1, 2, 3])
def test_side_by_side_gives_the_drafts_of_reading_one_after_another(
    tmp_path: Path, cores: int
) -> None:
    jobs = _jobs(tmp_path, INTRODUCES, NAMES_BY_TICKER, INTRODUCES, NAMES_BY_TICKER)
    alone = [read_in_order([job], IssuerDirectory())[0][0] for job in jobs[:1]]
    one_by_one, _ = read_in_order(jobs, IssuerDirectory(), cores=1)
    side_by_side, _ = read_in_order(jobs, IssuerDirectory(), cores=cores)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)
    assert side_by_side[0].draft == alone[0].draft
    assert all(r.extraction is None for r in side_by_side)


def test_a_long_run_of_documents_side_by_side_as_one_after_another(tmp_path: Path) -> None:
    # More documents than may wait for the worker: this process finishes some while planning.
    # An empty file among them is refused as it is read; the ones after it are still read
    # side by side.
    texts = [INTRODUCES, *[NAMES_BY_TICKER, INTRODUCES_UNDATED] * 8, "", NAMES_BY_TICKER]
    jobs = _jobs(tmp_path, *texts)
    one_by_one, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=1)
    side_by_side, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=2)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)
    assert sum(r.error is not None for r in side_by_side) == 9
    assert "empty" in str(side_by_side[-2].error)


def test_structured_and_text_documents_with_a_broken_one_between(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, INTRODUCES, NAMES_BY_TICKER)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "ledger-disclosure/1", "facts": [}')
    structured = tmp_path / "structured.json"
    structured.write_text(json.dumps(dated_disclosure(1, "2025-01-10", [])))
    jobs = [jobs[0], Job(broken), Job(structured), jobs[1]]
    one_by_one, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=1)
    side_by_side, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=2)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)
    assert [r.job for r in side_by_side] == jobs
    assert [r.error is None for r in side_by_side] == [True, False, True, True]


def test_a_refused_document_teaches_no_issuer_to_the_ones_after_it(tmp_path: Path) -> None:
    # Its opening lines name the issuer, so the second document is planned as knowing it; the
    # first is refused, and the second must then be read as not knowing it, as alone.
    jobs = _jobs(tmp_path, INTRODUCES_UNDATED, NAMES_BY_TICKER)
    one_by_one, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=1)
    side_by_side, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=2)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)
    assert [r.error is not None for r in side_by_side] == [True, True]
    assert "publication date not found" in str(side_by_side[0].error)
    assert "names no known issuer" in str(side_by_side[1].error)


def test_without_keep_going_the_first_refusal_is_raised(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, INTRODUCES, INTRODUCES_UNDATED, NAMES_BY_TICKER)
    with pytest.raises(Exception, match=r"doc1\.txt: publication date not found"):
        read_in_order(jobs, IssuerDirectory(), cores=2)


def test_ingest_of_a_manifest_records_every_document_in_order(tmp_path: Path) -> None:
    _jobs(tmp_path, INTRODUCES, NAMES_BY_TICKER, INTRODUCES)
    manifest = tmp_path / "manifest.toml"
    manifest.write_text("".join(f'[[disclosure]]\nfile = "doc{i}.txt"\n\n' for i in range(3)))
    result = run(tmp_path / "home", "ingest", "--manifest", str(manifest), "--no-replay")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines] == [
        "recorded doc0.txt",
        "recorded doc1.txt",
        "already recorded doc2.txt",
    ]


def test_the_six_real_documents_read_side_by_side_as_one_after_another(shared: Path) -> None:
    listed = read_manifest(shared / "manifest.toml")
    jobs = [Job(entry.path, entry.overrides()) for entry in listed]
    one_by_one, _ = read_in_order(jobs, listed.issuers, cores=1)
    side_by_side, _ = read_in_order(jobs, listed.issuers, cores=2)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)
    assert sum(len(r.draft.facts) for r in side_by_side if r.draft) == 2873


# The executor's own threads may report the pipe to the killed worker as broken.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_worker_killed_on_the_way_leaves_its_documents_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = _jobs(tmp_path, INTRODUCES, NAMES_BY_TICKER, INTRODUCES, NAMES_BY_TICKER)
    one_by_one, _ = read_in_order(jobs, IssuerDirectory(), cores=1)
    parent, finish = os.getpid(), ordered._finish

    def killed_in_a_worker(begun: Any) -> Any:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return finish(begun)

    # The workers are forked from this process, so they see the patch too.
    monkeypatch.setattr(ordered, "_finish", killed_in_a_worker)
    side_by_side, _ = read_in_order(jobs, IssuerDirectory(), cores=2)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc")
def test_workers_end_with_a_command_killed_outright(tmp_path: Path) -> None:
    documents = _jobs(tmp_path, INTRODUCES, *[NAMES_BY_TICKER] * 60)
    command = [*LEDGER, "--home", str(tmp_path / "home"), "ingest", "--no-replay"]
    proc = subprocess.Popen([*command, *(str(job.path) for job in documents)])
    try:
        deadline = time.monotonic() + 30
        while not (workers := _children(proc.pid)) and proc.poll() is None:
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.01)
    finally:
        proc.kill()
        proc.wait()
    assert workers, "the command ended before its workers could be seen"
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers):
        assert time.monotonic() < deadline, f"workers {workers} outlived their command"
        time.sleep(0.05)


def test_pdf_documents_read_ahead_give_the_drafts_of_reading_one_after_another(
    tmp_path: Path,
) -> None:
    texts = (INTRODUCES, NAMES_BY_TICKER, INTRODUCES_UNDATED, NAMES_BY_TICKER)
    jobs = [Job(build_pdf(text, tmp_path / f"doc{i}.pdf")) for i, text in enumerate(texts)]
    one_by_one, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=1)
    side_by_side, _ = read_in_order(jobs, IssuerDirectory(), keep_going=True, cores=2)
    assert _outcomes(side_by_side) == _outcomes(one_by_one)
    assert [r.error is None for r in side_by_side] == [True, True, False, True]
    assert [len(r.draft.facts) for r in side_by_side if r.draft] == [4, 4, 4]


@pytest.mark.parametrize("cores", [1, 2])
def test_progress_counts_the_documents_read_up_to_all_of_them(tmp_path: Path, cores: int) -> None:
    jobs = _jobs(tmp_path, INTRODUCES, *[NAMES_BY_TICKER] * 9)
    seen: list[tuple[int, int]] = []
    read_in_order(jobs, IssuerDirectory(), cores=cores, progress=lambda *p: seen.append(p))
    assert seen[-1] == (10, 10)
    assert all(total == 10 for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
