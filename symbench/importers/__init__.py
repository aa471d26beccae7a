"""Reading the original CodeSteer/SymBench data layout (C8); per-task logic lives in each task."""
