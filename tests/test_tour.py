"""The tour (``docs/tour.md``) works as typed, in a fresh copy of the repository.

``tests/test_docs.py`` checks what every example prints, with ``ledger`` put on the path for
it. This test types the tour as a newcomer does after ``make demo``: every ``$ command`` in order,
in one bash session whose PATH has no ``ledger`` until the tour's own ``source
.venv/bin/activate``, in a copy of the files git tracks (no ledger, no exports), beside the venv
the tests run from.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT
from .test_docs import examples, matches

TOUR = ROOT / "docs" / "tour.md"
# Marks each command's output in the shell's stdout; no command prints it.
MARK = "@@ledger-tour-step@@"


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


def test_tour__runs_as_typed_in_a_fresh_copy(fresh_copy: Path) -> None:
    if shutil.which("jq") is None:
        if os.environ.get("CI"):
            pytest.fail("CI requires jq (the tour uses it)")
        pytest.skip("jq is not installed")
    tour = [e for e in examples(TOUR) if not e.command.startswith("make ")]
    assert tour, f"{TOUR.name}: no console blocks"
    script = ["set -u"]
    for example in tour:
        script += [f"echo '{MARK}'", example.command]
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
        f"{TOUR.name}:{example.line}: `{example.command}` printed otherwise:\n"
        + "\n".join(difflib.unified_diff(example.expected, output.splitlines(), lineterm="", n=1))
        for example, output in zip(tour, outputs, strict=True)
        if not matches(example.expected, output)
    ]
    assert not wrong, "\n".join(wrong)
