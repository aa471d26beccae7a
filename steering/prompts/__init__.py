"""Prompt packs (§3): every string the harness sends, other than questions and model output."""
