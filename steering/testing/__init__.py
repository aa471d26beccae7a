"""Test and benchmark helpers (a scripted OpenAI-compatible server on loopback); not used by runs."""
