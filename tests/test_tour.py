"""The README's tour works as written, in a fresh copy of the repository.

Every ``$ command`` of the tour's console blocks runs in order, in one bash session, in a copy
of the files git tracks (no ledger, no exports, no ``../shared``), with ``.venv`` the one the
tests run from. Where the tour prints a command's output, the output must be exactly that (a
line ``...`` stands for any lines, ``...`` within a line for any text), so the figures it shows
can never go stale.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from .helpers import ROOT

#: Where the tour starts and ends in the README (after a split, ``docs/tour.md`` is the tour).
TOUR_START, TOUR_END = "## A short tour", "\n## "
ELIDED = "..."
# Marks each command's output in the session's stdout; no command prints it.
MARK = "@@ledger-tour-step@@"


@attrs.frozen
class Step:
    """One ``$ command`` of the tour, the output the tour shows, and where it is written."""

    command: str
    expected: tuple[str, ...]
    line: int


def tour_text() -> tuple[Path, str, int]:
    """The tour's file, its text and the line it starts on."""
    page = ROOT / "docs" / "tour.md"
    if page.exists():
        return page, page.read_text(encoding="utf-8"), 1
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index(TOUR_START)
    end = text.find(TOUR_END, start + len(TOUR_START))
    return readme, text[start : end if end >= 0 else len(text)], text[:start].count("\n") + 1


def steps(text: str, first_line: int) -> list[Step]:
    """The ``$ command`` lines of the console blocks of ``text``, with their outputs."""
    found: list[Step] = []
    block = False
    for number, line in enumerate(text.splitlines(), start=first_line):
        if line.startswith("```"):
            block = line.strip() == "```console" and not block
            continue
        if not block:
            continue
        if line.startswith("$ "):
            found.append(Step(line[2:], (), number))
        elif found:
            last = found[-1]
            found[-1] = attrs.evolve(last, expected=(*last.expected, line))
    return found


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` line for line: a line ``...`` stands for any lines,
    ``...`` within a line for any text (a timing, a hash, a timestamp)."""
    while actual and not actual[-1].strip():
        actual = actual[:-1]
    pattern = "".join(_pattern(line) for line in expected)
    return re.fullmatch(pattern, "".join(f"{a.rstrip()}\n" for a in actual)) is not None


def _pattern(line: str) -> str:
    if line.strip() == ELIDED:
        return r"(?:.*\n)*?"
    return ".*?".join(re.escape(part) for part in line.rstrip().split(ELIDED)) + r"\n"


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files git tracks, copied as a clone would check them out, beside the tests' venv."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("the tour runs in a copy of a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    copy = tmp_path_factory.mktemp("clone") / "ledger"
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # The venv `make demo` would create: the tests' own (an editable install of this tree).
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


def test_tour__runs_as_written_in_a_fresh_copy(fresh_copy: Path) -> None:
    page, text, first = tour_text()
    tour = steps(text, first)
    assert tour, f"{page.name}: no console blocks in the tour"
    script = ["set -u"]
    for step in tour:
        script += [f"echo '{MARK}'", step.command]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEDGER_", "COLUMNS"))}
    env["PATH"] = os.defpath  # the tour must put `ledger` on the PATH itself
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=fresh_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # a terminal shows both, and so does the tour
        text=True,
        timeout=900,
    )
    outputs = result.stdout.split(f"{MARK}\n")[1:]
    assert len(outputs) == len(tour), result.stdout
    wrong = [
        f"{page.name}:{step.line}: `{step.command}` printed otherwise:\n"
        + "\n".join(difflib.unified_diff(step.expected, output.splitlines(), lineterm="", n=1))
        for step, output in zip(tour, outputs, strict=True)
        if step.expected and not matches(step.expected, output.splitlines())
    ]
    assert not wrong, "\n".join(wrong)
