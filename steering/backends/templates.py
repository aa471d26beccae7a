"""Chat templates the harness renders itself: `llama3_raw` keeps message contents byte for byte (§5.3)."""

from __future__ import annotations

from importlib import resources

from symbench.canonical import sha256_hex

BOS = "<|begin_of_text|>"
EOT = "<|eot_id|>"


def llama3_raw(messages: list[dict[str, str]]) -> str:
    """BOS, then per message the role header, a blank line, the content unchanged and end-of-turn;
    then the assistant header and a blank line. No default system message is added."""
    parts = [BOS]
    for m in messages:
        parts.append(f"<|start_header_id|>{m['role']}<|end_header_id|>\n\n{m['content']}{EOT}")
    parts.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
    return "".join(parts)


def template_file(name: str = "llama3_raw") -> str:
    return str(resources.files("steering.backends").joinpath("templates", f"{name}.jinja"))


def template_sha256(name: str) -> str | None:
    if name in ("auto", "", None):
        return None
    if name == "llama3_raw":
        return sha256_hex(
            resources.files("steering.backends").joinpath("templates", "llama3_raw.jinja").read_text()
        )
    from pathlib import Path

    return sha256_hex(Path(name).read_text(encoding="utf-8"))
