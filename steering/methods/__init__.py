"""Methods (§4): solvers with one interface, `solve(instance, ctx) -> Trajectory`."""
