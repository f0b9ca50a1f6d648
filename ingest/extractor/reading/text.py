"""Read a disclosure: bytes -> lines, with its sha256, refusing non-documents.

Text dumps are read as UTF-8 lines; PDF files through :mod:`.pdf` into the same
lines, each with the page it is printed on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import attrs

from ...errors import ExtractError
from .header import Header, split_header
from .pdf import looks_like_pdf, read_pdf_lines


@attrs.frozen
class Document:
    """A document as read from disk: its file name, sha256 and lines (1-based access).

    ``pages`` gives the printed page of each line for a PDF (empty for a text dump).
    ``header`` is a transcriber's header block (see :mod:`.header`): its lines are blank in
    ``lines``, so only the metadata pass reads them (``printed_lines``).
    """

    file: str
    sha256: str
    lines: tuple[str, ...]
    pages: tuple[int, ...] = ()
    header: Header | None = None

    @property
    def printed_lines(self) -> tuple[str, ...]:
        """Every line as printed, the header block's included."""
        if self.header is None:
            return self.lines
        return self.header.text + self.lines[len(self.header.text) :]

    def line(self, number: int) -> str:
        """Return line ``number`` (1-based, as ``cat -n`` prints it)."""
        return self.lines[number - 1]

    def page(self, number: int) -> int | None:
        """The printed page of line ``number`` (1-based), or None for a text dump."""
        return self.pages[number - 1] if self.pages else None


#: The largest file a user may name (documents, structured disclosures and manifests are a
#: few megabytes at most; the largest real one is under 1 MiB).
MAX_INPUT_BYTES = 64 * 2**20


def read_bytes(path: Path, *, kind: str, missing: str = "no such file") -> bytes:
    """The bytes of a file a user named, or one line saying why it cannot be read.

    Args:
        kind: what the file should be, for the directory message ("document", "manifest").
        missing: the message for a path that does not exist.

    Raises:
        ExtractError: missing, a directory, larger than ``MAX_INPUT_BYTES``, or unreadable
            (permissions, a name too long for the file system).
    """
    name = str(path)
    try:
        if not path.exists():
            raise ExtractError(name, missing)
        if path.is_dir():
            raise ExtractError(name, f"is a directory, not a {kind}")
        # Read at most one byte past the limit: a device such as /dev/zero or a runaway file
        # is refused without filling the memory.
        with path.open("rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            msg = f"is larger than {MAX_INPUT_BYTES // 2**20} MiB: not a {kind} the ledger reads"
            raise ExtractError(name, msg)
        return data
    except OSError as exc:
        raise ExtractError(name, f"cannot be read ({exc.strerror})") from None


def read_document(path: Path) -> Document:
    """Read ``path`` as a PDF or a UTF-8 text document.

    Raises:
        ExtractError: missing file, directory, empty, binary or non-UTF-8 content, a damaged or
            encrypted PDF, or one without text.
    """
    data = read_bytes(path, kind="document")
    if looks_like_pdf(data):
        return pdf_document(path.name, data, display=str(path))
    return document_from_bytes(path.name, data, display=str(path))


def pdf_document(file: str, data: bytes, display: str | None = None) -> Document:
    """Build a :class:`Document` from the bytes of a PDF: its printed lines and their pages."""
    lines = read_pdf_lines(data, display or file)
    return Document(
        file=file,
        sha256=hashlib.sha256(data).hexdigest(),
        lines=tuple(line.text for line in lines),
        pages=tuple(line.page for line in lines),
    )


def document_from_bytes(file: str, data: bytes, display: str | None = None) -> Document:
    """Build a :class:`Document` from raw bytes (``file`` is the name kept as provenance)."""
    where = display or file
    if not data.strip():
        raise ExtractError(where, "is empty")
    if b"\x00" in data:
        raise ExtractError(where, "is a binary file, not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            where, f"is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # Split on "\n" only: str.splitlines() also breaks on form feeds and other separators
    # that PDF dumps contain, which would shift every line number after them.
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    header, lines = split_header([p[:-1] if p.endswith("\r") else p for p in parts])
    return Document(file=file, sha256=hashlib.sha256(data).hexdigest(), lines=lines, header=header)
