"""The code sandbox (§6): every piece of model-written code runs here, never in the harness."""

from __future__ import annotations

from steering.sandbox.api import ExecResult, Limits, Sandbox
from steering.sandbox.factory import make_sandbox

__all__ = ["ExecResult", "Limits", "Sandbox", "make_sandbox"]
