"""§1.5 / §3.4 rule 8: flag runs whose guide prompts differ from what the guide was trained on.

The published CodeSteer weights were trained on the original's exact strings; any other wording is
a distribution shift (`guide_prompt_mismatch`). An imported original pack that is incomplete or
whose constants differ from the reference digests gives `guide_prompt_partial`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from steering.backends.spec import parse_spec
from steering.codesteer.guide_context import is_published_guide
from steering.prompts.pack import PromptPack


def guide_prompt_flags(pack: PromptPack, bindings: Mapping[str, Any]) -> tuple[bool, bool, list[str]]:
    """(mismatch, partial, warnings) for a run with these role bindings (`RoleBinding` objects)."""
    origin = pack.origin
    imported = origin.get("kind") == "codesteer-original"
    warnings = []
    mismatch = False
    guide = bindings.get("guide")
    if guide is not None and not imported:
        spec = parse_spec(guide.spec_text)
        if is_published_guide(spec, getattr(guide, "identity", None)):
            mismatch = True
            warnings.append(
                f"the guide is the published CodeSteer model but the prompt pack {pack.name!r} is not an "
                "imported original pack: those weights were trained on the original's exact strings, so "
                "this run is a distribution shift (recorded as guide_prompt_mismatch); build the original "
                "pack with `symbench steer import-prompts PATH/prompt.py`"
            )
    partial = imported and (not origin.get("complete") or origin.get("reference_match") != "exact")
    if partial:
        warnings.append(
            f"the imported prompt pack {pack.name!r} is incomplete or differs from the original's "
            "reference digests (recorded as guide_prompt_partial)"
        )
    return mismatch, partial, warnings
