"""Progress bars: on a terminal only, never in pipes, under CI or with --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ledger.cli import progress as progress_module
from ledger.cli.progress import DOCUMENTS_THRESHOLD, THRESHOLD, Progress

from .helpers import SAMPLES, run


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def drive(stream: io.StringIO, total: int, quiet: bool = False) -> str:
    with click.Context(click.Command("x")) as ctx:
        progress_module.set_quiet(ctx, quiet)
        bar = Progress("replaying", stream)
        for done in range(0, total + 1, 1_000):
            bar.update(done, total)
        bar.close()
    return stream.getvalue()


@pytest.fixture
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)


def test_bar__drawn_on_a_terminal_for_large_work(no_ci: None) -> None:
    out = drive(FakeTerminal(), 6_000)
    assert "replaying" in out and "6000/6000" in out


def test_bar__silent_below_the_threshold(no_ci: None) -> None:
    assert drive(FakeTerminal(), THRESHOLD - 1) == ""


def test_bar__silent_when_not_a_terminal(no_ci: None) -> None:
    assert drive(io.StringIO(), 6_000) == ""


def test_bar__silent_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert drive(FakeTerminal(), 6_000) == ""


def test_bar__silent_with_quiet(no_ci: None) -> None:
    assert drive(FakeTerminal(), 6_000, quiet=True) == ""


def test_ingest__prints_no_bar_through_a_pipe(no_ci: None, tmp_path: Path) -> None:
    result = run(tmp_path, "ingest", "--manifest", str(SAMPLES / "manifest.toml"))
    assert result.exit_code == 0
    assert "[" not in result.output  # no bar: CliRunner's streams are not terminals
    assert "projection updated: 5809 events replayed" in result.output


def test_quiet__silences_informational_messages(tmp_path: Path) -> None:
    result = run(tmp_path, "--quiet", "ingest", "--manifest", str(SAMPLES / "manifest.toml"))
    assert (result.exit_code, result.output) == (0, "")
    assert run(tmp_path, "--quiet", "replay").output == ""


def test_quiet__keeps_the_data_asked_for(tmp_path: Path) -> None:
    run(tmp_path, "--quiet", "ingest", str(SAMPLES / "oneconnect-fy2023-results-2024-03-18.json"))
    result = run(tmp_path, "--quiet", "facts", "--issuer", "OCFT", "--concept", "Revenue")
    assert "3,667,508" in result.output


def test_quiet__keeps_errors(tmp_path: Path) -> None:
    result = run(tmp_path, "--quiet", "ingest", str(tmp_path / "missing.json"))
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_quiet_and_verbose__are_exclusive(tmp_path: Path) -> None:
    assert run(tmp_path, "--quiet", "--verbose", "replay").exit_code == 2


def test_replay__draws_a_bar_on_a_real_terminal(tmp_path: Path) -> None:
    # 5,743 sample events, over the threshold: a real subprocess with stderr on a pty.
    assert run(tmp_path, "ingest", "--manifest", str(SAMPLES / "manifest.toml")).exit_code == 0
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    command = [sys.executable, "-m", "ledger.cli.main", "--home", str(tmp_path), "replay"]
    done = subprocess.run(
        [*command, "--rebuild"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        timeout=120,
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert done.returncode == 0
    assert b"replaying" in drawn and b"5809/5809" in drawn
    assert b"replaying" not in done.stdout  # the bar never reaches stdout


def test_bar__for_documents_from_their_own_threshold(no_ci: None) -> None:
    stream = FakeTerminal()
    with click.Context(click.Command("x")):
        bar = Progress("reading", stream, threshold=DOCUMENTS_THRESHOLD)
        bar.update(0, DOCUMENTS_THRESHOLD - 1)
        assert stream.getvalue() == ""
        bar.update(3, DOCUMENTS_THRESHOLD)
        bar.close()
    assert "reading" in stream.getvalue() and f"3/{DOCUMENTS_THRESHOLD}" in stream.getvalue()
