"""`bench/fuzz.py` itself works: a short campaign reports zero failures (the 10,000-input run
is a bench, see the README's Reliability section)."""

from __future__ import annotations

import subprocess
import sys

from ..helpers import ROOT


def test_fuzz__short_campaign_finds_no_uncaught_exception_or_partial_write() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fuzz.py"), "--inputs", "120", "--cli-every", "6"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "uncaught exceptions 0, multi-line messages 0, partial writes 0, hangs 0" in (
        result.stdout
    )
