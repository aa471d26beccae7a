"""string_synthesis answers: nine final block counts (see `counts`)."""

from symbench.checkers.counts import check, parse_counts

NUM_COUNTS = 9

__all__ = ["NUM_COUNTS", "check", "parse_counts"]
