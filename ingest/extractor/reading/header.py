"""A transcriber's header block: ``key: value`` records above a rule line of ``=`` signs.

Documents captured by hand open with a block that describes them rather than being part of
them ("issuer: ...", "document title: ...", "publication date: ...", "note: units ..."),
closed by a line of ``=====``. The block is metadata: its records may name the issuer, the
publication date and the unit of the amounts, but its sentences are never statement text (a
note that compares two releases' figures is no figure of this one, a note about discontinued
operations no declaration). :func:`split_header` takes it out of the lines every other pass
reads, keeping the line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

#: The rule that closes a header block: a line of at least five ``=`` signs and nothing else.
_RULE = re.compile(r"^\s*={5,}\s*$")
#: A record: a short key of words ("publication date", "source URL(s)"), a colon, a value.
_RECORD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ()/-]{0,30}?)\s*:\s+(?P<value>\S.*)$")
#: The furthest line a header block's rule may stand on.
MAX_HEADER_LINES = 60


@attrs.frozen
class Header:
    """The records of a header block: (1-based line, key in lower case, value), in order."""

    records: tuple[tuple[int, str, str], ...]
    #: The line of the rule that closes the block.
    rule_line: int
    #: The block's lines as printed (lines 1 to ``rule_line``).
    text: tuple[str, ...] = ()

    def values(self, key: str) -> list[str]:
        """Every value recorded under ``key`` ("note" gives all the notes)."""
        return [value for _, k, value in self.records if k == key]

    def first(self, key: str) -> tuple[int, str] | None:
        """(line, value) of the first record under ``key``, or None."""
        return next(((n, v) for n, k, v in self.records if k == key), None)


def split_header(lines: Sequence[str]) -> tuple[Header | None, tuple[str, ...]]:
    """The header block at the top of ``lines`` and the lines with the block blanked.

    A block is two or more records from the first non-blank line down to a rule line, with
    nothing else but blank lines between them. Without one, the lines are returned as they are.
    """
    records: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines[:MAX_HEADER_LINES], start=1):
        if _RULE.match(line):
            if len(records) < 2:
                return None, tuple(lines)
            blanked = tuple("" if i < number else text for i, text in enumerate(lines))
            return Header(tuple(records), number, tuple(lines[:number])), blanked
        if not line.strip():
            continue
        m = _RECORD.match(line.strip())
        if m is None:
            return None, tuple(lines)
        records.append((number, m["key"].strip().lower(), m["value"].strip()))
    return None, tuple(lines)
