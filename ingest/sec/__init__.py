"""SEC filings as a source: one module per form, each yielding one draft per filing.

- ``filings``       what the forms share: accession, form -> kind, filer, inferred precision
- ``fsds``          Financial Statement Data Sets quarters (zip or folder), read by DuckDB
- ``instance``      XBRL instances (``.xml``) and inline XBRL (``.htm``), with the linkbases
                    beside them
- ``companyfacts``  the SEC's companyfacts JSON (every filing's values of one filer)

``detect`` recognises the form by content, ``read_sec`` streams a path's drafts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ledger.domain.drafts import DisclosureDraft

from .fsds import is_fsds, read_fsds


def detect(path: Path) -> str | None:
    """``fsds``, ``instance``, ``companyfacts`` or None (not an SEC form), from the content."""
    if is_fsds(path):
        return "fsds"
    from .companyfacts import is_companyfacts
    from .instance import is_instance

    if is_instance(path):
        return "instance"
    if is_companyfacts(path):
        return "companyfacts"
    return None


def read_sec(
    path: Path, form: str, overrides: Mapping[str, Any] | None = None
) -> Iterator[DisclosureDraft]:
    """The drafts of an SEC document of a detected ``form``, one per filing.

    Raises:
        ExtractError: one line naming the file and the problem; raised before the first draft
            for every problem the document's own data can show.
    """
    if form == "fsds":
        return read_fsds(path)
    if form == "instance":
        from .instance import read_instance

        return iter(read_instance(path, overrides))
    from .companyfacts import read_companyfacts

    return iter(read_companyfacts(path))


__all__ = ["detect", "read_sec"]
