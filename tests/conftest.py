"""Shared fixtures.

Tests that read the real documents in ``../shared`` use the ``shared`` fixture: they skip when the
folder is absent (a fresh clone) and fail when ``CI`` is set, where the documents are required.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LEDGER_SHARED", ROOT.parent / "shared"))
DISCLOSURES = SHARED / "disclosures"
SEC = SHARED / "sec"


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a pipe gets them, whole: a test that fits a width sets ``COLUMNS`` itself.

    pytest-xdist's workers inherit a ``COLUMNS`` of 80, which the CLI would fit tables to.
    """
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def shared() -> Path:
    """The ``../shared/disclosures`` folder; skip (or fail under CI) when it is missing."""
    if not (DISCLOSURES / "manifest.toml").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the real documents at {DISCLOSURES}")
        pytest.skip("../shared/disclosures is not present")
    return DISCLOSURES


@pytest.fixture
def sec() -> Path:
    """The ``../shared/sec`` folder (FSDS quarters, XBRL instances, companyfacts); skip (or fail
    under CI) when it is missing."""
    if not (SEC / "README.md").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the SEC documents at {SEC}")
        pytest.skip("../shared/sec is not present")
    return SEC


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger of the six sample disclosures, recorded and replayed once for the session.

    Shared by every test that only reads it; a test that changes a ledger copies this one.
    """
    from .helpers import SAMPLES, run

    path = tmp_path_factory.mktemp("samples")
    result = run(path, "ingest", "--manifest", str(SAMPLES / "manifest.toml"))
    assert result.exit_code == 0, result.output
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line that says why tests were skipped, grouped by reason, most frequent first.

    pytest's ``-q`` summary only counts skips; most of them need ``../shared`` (the real
    documents beside the clone), which a reader of ``make test`` should know without ``-rs``.
    """
    reasons: Counter[str] = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    if reasons:
        parts = [f"{n} because {reason}" for reason, n in reasons.most_common()]
        terminalreporter.write_line("skipped: " + "; ".join(parts))
