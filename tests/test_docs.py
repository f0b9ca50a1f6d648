"""Docs that cannot drift: every command has help and a place in the docs, and every console
example of the README and of ``docs/`` runs and prints what the page shows.

A page's ``console`` blocks run in order, in a fresh folder holding ``samples/`` (and
``../shared`` when present), with an empty ledger: a page that needs data records it first
(``ledger --quiet ingest --manifest samples/manifest.toml``). ``ledger`` commands run in-process;
``export NAME=VALUE`` sets the environment of the commands after it; other commands (``cat``,
``python``, pipes) run in bash with the project's ``ledger`` and ``python`` first on the path.
``make`` and ``source .venv/bin/activate`` are not run: they build and enter the environment this
test runs in (``tests/test_tour.py`` runs the tour as typed, ``source`` included). A program the
machine lacks (``jq``) skips the page, and fails it under CI, where ``.ci/run`` installs it.

In the shown output, a line ``...`` stands for any number of lines and ``...`` within a line for
any text (timings, dates of creation); trailing spaces are ignored.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from ledger.cli.main import cli

from .conftest import SHARED
from .helpers import ROOT

COMMANDS = sorted(cli.commands)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\s*$")


@attrs.frozen
class Example:
    """One command of a console block and the output the page shows for it."""

    page: str
    line: int
    command: str
    expected: tuple[str, ...]


def examples(page: Path) -> list[Example]:
    """The commands of the page's ``console`` blocks, in order, with their shown output."""
    out: list[Example] = []
    fence: str | None = None
    current: tuple[int, str, list[str]] | None = None

    def close() -> None:
        if current is not None:
            line, command, expected = current
            out.append(Example(page.name, line, command, tuple(expected)))

    for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        fenced = _FENCE.match(text)
        if fenced and fence is None:
            fence = fenced[1]
            continue
        if fenced:
            close()
            fence, current = None, None
            continue
        if fence != "console":
            continue
        if text.startswith("$ "):
            close()
            current = (number, text[2:], [])
        elif current is not None:
            current[2].append(text)
    return out


def matches(expected: tuple[str, ...], actual: str) -> bool:
    """Whether ``actual`` is the output shown, ``...`` standing for what varies."""
    pattern = []
    shown = [line.rstrip() for line in expected]
    while shown and not shown[-1]:
        shown.pop()
    for line in shown:
        if line.strip() == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            parts = [re.escape(part) for part in line.split("...")]
            pattern.append("[^\\n]*?".join(parts) + r"\n")
    lines = [line.rstrip() for line in actual.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    text = "".join(line + "\n" for line in lines)
    return re.fullmatch("".join(pattern), text) is not None


def run_page(page: Path, work: Path) -> list[str]:
    """Run the page's examples in ``work`` (the current directory); the mismatches, readably."""
    (work / "samples").symlink_to(ROOT / "samples")
    if SHARED.exists():
        (work.parent / "shared").symlink_to(SHARED)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # The pages show whole tables, as a pipe or file gets them (a terminal's are fitted to it).
    env.pop("COLUMNS", None)
    problems = []
    for example in examples(page):
        words = shlex.split(example.command, comments=True)
        if not words or words[0] in ("make", "source"):
            continue
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
            continue
        if words[0] == "ledger" and not re.search(r"[|<>;&]", example.command.split("#")[0]):
            result = CliRunner().invoke(
                cli, words[1:], env=env, prog_name="ledger", catch_exceptions=False
            )
            output = result.output
        else:
            program = words[0]
            if shutil.which(program, path=env["PATH"]) is None:
                if os.environ.get("CI"):
                    pytest.fail(f"{example.page}:{example.line}: CI requires {program}")
                pytest.skip(f"{program} is not installed")
            done = subprocess.run(
                ["bash", "-c", example.command],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            output = done.stdout + done.stderr
        if not matches(example.expected, output):
            shown = "\n".join(example.expected)
            problems.append(
                f"{example.page}:{example.line}: $ {example.command}\n"
                f"--- shown\n{shown}\n--- printed\n{output}"
            )
    return problems


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page__every_console_example_prints_what_it_shows(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    if any("../shared" in example.command for example in examples(page)):
        request.getfixturevalue("shared")  # skip, or fail under CI, without the documents
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    problems = run_page(page, work)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("name", COMMANDS)
def test_command__has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command__appears_in_the_readme_and_the_reference(name: str) -> None:
    assert f"ledger {name}" in (ROOT / "README.md").read_text(encoding="utf-8")
    # The reference shows every command's help, which the page's test keeps current.
    assert f"$ ledger {name} --help" in (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def test_listing_commands__all_take_the_format_option() -> None:
    for name in ("facts", "query", "restatements", "diff", "statement", "extract"):
        params = {p.name for p in cli.commands[name].params}
        assert "fmt" in params, name


def test_examples__the_matcher_takes_ellipses_and_refuses_other_output() -> None:
    shown = ("exported 3 tables", "...", "verified in ...s")
    assert matches(shown, "exported 3 tables\nverified in 1.32s\n")
    assert matches(shown, "exported 3 tables\na\nb\nverified in 0.5s  \n")
    assert not matches(shown, "exported 4 tables\nverified in 1.32s\n")
    assert not matches(shown, "exported 3 tables\nverified in 1.32s\nextra line\n")


def test_examples__console_blocks_are_read_command_by_command(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "text\n```console\n$ ledger facts\nrow 1\n$ export A=b\n```\n```sh\n$ not run\n```\n",
        encoding="utf-8",
    )
    assert examples(page) == [
        Example("page.md", 3, "ledger facts", ("row 1",)),
        Example("page.md", 5, "export A=b", ()),
    ]


# --- the README's extraction table ------------------------------------------------------------

_TABLE_ROW = re.compile(r"^\| ([a-z0-9-]+) \| (\d+|–) \| (\d+|–) \| (\d+) \|$")


def _readme_rows() -> dict[str, tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## How well it reads", 1)[1].split("\n## ", 1)[0]
    return {
        m[1]: (m[2], m[3], m[4]) for line in section.splitlines() if (m := _TABLE_ROW.match(line))
    }


def test_readme_extraction_table__a_row_per_real_document_with_its_figures(
    shared: Path, tmp_path: Path
) -> None:
    import json
    import tomllib
    from collections import Counter

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import golden_score
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rows = _readme_rows()
    expected: dict[str, tuple[str, str, str]] = {}
    # The six documents: facts as `make samples` writes them (CI checks samples/ match), golden
    # facts of tests/ingest/golden_facts.toml, which test_golden_facts.py asserts all exact.
    golden = tomllib.loads((ROOT / "tests/ingest/golden_facts.toml").read_text("utf-8"))
    counts = Counter(f["document"].removesuffix(".txt") for f in golden["fact"])
    for entry in tomllib.loads((ROOT / "samples/manifest.toml").read_text("utf-8"))["disclosure"]:
        name = entry["file"].removesuffix(".json")
        facts = len(json.loads((ROOT / "samples" / entry["file"]).read_text("utf-8"))["facts"])
        shown = str(counts[name]) if counts[name] else "–"
        expected[name] = (shown, shown, str(facts))
    # The sixteen of other issuers, scored as bench/golden_score.py scores them.
    folder = shared / "other-issuers"
    documents, errors = golden_score.extract_folder(folder, tmp_path)
    assert errors == {}
    for score in golden_score.score(folder, documents):
        name = score.file.removesuffix(".txt")
        expected[name] = (str(score.golden), str(score.exact), str(score.facts))
    assert rows == expected
    golden_total = sum(int(g) for g, _, _ in rows.values() if g != "–")
    exact_total = sum(int(e) for _, e, _ in rows.values() if e != "–")
    total = f"| all {len(rows)} documents | {golden_total} | {exact_total} | |"
    assert total in (ROOT / "README.md").read_text("utf-8").splitlines()
