"""Command-line entry points registered under `symbench.commands` (loaded only when called)."""
