"""Harness self-protection: a non-dumpable process cannot have its memory or `/proc/<pid>/environ`
read by same-user processes that lack CAP_SYS_PTRACE (sandbox jobs drop every capability)."""

from __future__ import annotations

import ctypes

PR_SET_DUMPABLE = 4


def make_non_dumpable() -> bool:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
