"""Scratch files and folders of a command, named after its process so that the next run can
remove what a killed one left behind.

A command writes beside its target (an export's staging folder, a file renamed over the report
or draft) or in the home (``ledger verify``'s copies of the projection). Each scratch name holds
the writer's process id: ``.NAME.export-<pid>-<random>``. Before writing, a command removes the
scratch of processes that no longer run; a live process's scratch is never touched.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


def scratch_name(prefix: str) -> str:
    """A new scratch name for this process: ``prefix``, the process id, a random part."""
    return f"{prefix}{os.getpid()}-{uuid.uuid4().hex[:12]}"


def ended_scratch(folder: Path, prefix: str) -> list[Path]:
    """The scratch files and folders named ``prefix<pid>-...`` under ``folder`` whose process
    has ended."""
    ended = []
    for path in sorted(folder.glob(f"{prefix}*")):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            ended.append(path)
    return ended


def remove_leftovers(folder: Path, prefix: str) -> None:
    """Remove the scratch of ended processes named ``prefix<pid>-...`` under ``folder``."""
    for path in ended_scratch(folder, prefix):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True


def file_mode() -> int:
    """The mode a new file gets under the process's umask (0o666 without the masked bits)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
