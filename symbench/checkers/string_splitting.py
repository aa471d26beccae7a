"""string_splitting answers: six final counts A, B, C, X, Y, Z (see `counts`)."""

from symbench.checkers.counts import check, parse_counts

NUM_COUNTS = 6

__all__ = ["NUM_COUNTS", "check", "parse_counts"]
