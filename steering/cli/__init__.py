"""Command groups that `symbench` loads from the `symbench.commands` entry points."""
