"""Exceptions that the CLI turns into one clear line on stderr and exit code 2."""

from __future__ import annotations


class SymbenchError(Exception):
    """A user-facing error: bad input, unknown names, malformed files."""


class UnknownTaskError(SymbenchError):
    pass


class ParamError(SymbenchError):
    pass


class GenerationError(SymbenchError):
    """A generator hit its rejection cap: raised instead of looping forever."""


class DataFormatError(SymbenchError):
    """A file (instances, answers, original data) is malformed."""
