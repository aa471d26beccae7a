"""Puzzle generators and solvers, one module per task; they know nothing of the checkers."""
