"""`bench/fuzz.py` itself works: a short campaign reports zero failures (the 10,000-input run
is a bench, see the README's Reliability section).

Each run draws a new seed, so the suite explores new inputs every time; the seed is in the
failure message with the command that runs the same campaign again, and ``LEDGER_FUZZ_SEED=N``
makes this test run campaign N.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys

import pytest

from ..helpers import ROOT

INPUTS, CLI_EVERY = 120, 6


def test_fuzz__short_campaign_finds_no_uncaught_exception_or_partial_write() -> None:
    seed = int(os.environ.get("LEDGER_FUZZ_SEED") or random.randrange(2**32))
    command = [
        sys.executable,
        str(ROOT / "bench" / "fuzz.py"),
        "--inputs",
        str(INPUTS),
        "--cli-every",
        str(CLI_EVERY),
        "--seed",
        str(seed),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    again = (
        f"fuzz seed {seed}: run it again with LEDGER_FUZZ_SEED={seed} or "
        f"python bench/fuzz.py --inputs {INPUTS} --cli-every {CLI_EVERY} --seed {seed}\n"
    )
    # Check: the seed is the campaign's first line, printed before any input is tried.
    assert result.stdout.startswith(f"fuzz: seed {seed};"), again + result.stdout + result.stderr
    assert result.returncode == 0, again + result.stdout + result.stderr
    assert "uncaught exceptions 0, multi-line messages 0, partial writes 0, hangs 0" in (
        result.stdout
    ), again + result.stdout


def test_fuzz__short_invariant_campaign_checks_kills_and_finds_no_failure() -> None:
    # 40 inputs: every command checked twice, two commands killed at a random moment.
    seed = int(os.environ.get("LEDGER_FUZZ_SEED") or random.randrange(2**32))
    options = ["--invariant", "40", "--check-every", "20", "--kill-every", "20"]
    command = [sys.executable, str(ROOT / "bench" / "fuzz.py"), *options, "--seed", str(seed)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    again = f"run it again with: python bench/fuzz.py {' '.join(options)} --seed {seed}\n"
    assert result.stdout.startswith(f"fuzz: seed {seed};"), again + result.stdout + result.stderr
    assert result.returncode == 0, again + result.stdout + result.stderr
    assert "invariant: 40 inputs" in result.stdout and "failures 0" in result.stdout
    assert "every command checked" in result.stdout, result.stdout


def test_fuzz__json_mutations_never_share_or_change_the_weird_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    import fuzz

    pristine = copy.deepcopy(fuzz.WEIRD_VALUES)
    sample = (ROOT / "samples" / "oneconnect-fy2023-results-2024-03-18.json").read_bytes()
    for seed in range(300):
        rng = random.Random(seed)
        data = sample
        # Stacked mutations: a list or dict inserted by one is walked into by the next, which
        # once appended a table entry to itself ("Circular reference detected", seed 76).
        for _ in range(6):
            data = fuzz.json_tree(rng, data)
        json.loads(data)
    assert pristine == fuzz.WEIRD_VALUES
