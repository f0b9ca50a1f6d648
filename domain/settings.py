"""Settings a user gives through the environment, checked into plain values (one-line errors).

Reading the process environment is no I/O: every layer may ask for these.
"""

from __future__ import annotations

import math
import os

from .errors import LedgerError

#: Environment variable: seconds a process waits for another one to release the projection.
LOCK_TIMEOUT_ENV = "LEDGER_LOCK_TIMEOUT"
#: How long readers and writers wait for each other by default.
DEFAULT_LOCK_TIMEOUT = 120.0


def lock_timeout() -> float:
    """Seconds to wait for the projection: ``LEDGER_LOCK_TIMEOUT``, or 120.

    Raises:
        LedgerError: the variable is not a finite number of seconds from 0 up.
    """
    text = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    # nan would wait forever (no comparison with a deadline is ever true), inf likewise.
    if not math.isfinite(seconds) or seconds < 0:
        msg = f"{LOCK_TIMEOUT_ENV}={text!r}: expected a number of seconds (0 or more)"
        raise LedgerError(msg)
    return seconds
