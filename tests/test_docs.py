"""Docs that cannot drift: every command has help and is documented in the README."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ledger.cli.main import cli

from .helpers import ROOT

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command__has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command__appears_in_the_readme(name: str) -> None:
    assert f"ledger {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_listing_commands__all_take_the_format_option() -> None:
    for name in ("facts", "query", "restatements", "diff", "statement", "extract"):
        params = {p.name for p in cli.commands[name].params}
        assert "fmt" in params, name
