"""Identity of a local model directory or hub id (§5.1): what weights, tokenizer and template are used."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "tokenizer.model",
    "special_tokens_map.json",
    "chat_template.jinja",
    "chat_template.json",
    "generation_config.json",
)


def split_revision(target: str) -> tuple[str, str | None]:
    """`path-or-id@REVISION` -> (path-or-id, revision)."""
    if "@" in target and not Path(target).exists():
        name, _, rev = target.rpartition("@")
        return name, rev or None
    return target, None


def directory_digest(path: Path) -> str:
    """sha256 over config, tokenizer and template files' bytes and the weight files' names and sizes."""
    h = hashlib.sha256()
    for name in ("config.json", *TOKENIZER_FILES):
        f = path / name
        if f.is_file():
            h.update(name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    for f in sorted(path.iterdir()):
        if f.suffix in (".safetensors", ".bin", ".gguf", ".pt", ".pth"):
            h.update(f"{f.name}\0{f.stat().st_size}\n".encode())
    return h.hexdigest()


def local_identity(backend: str, target: str, kind: str, template_sha256: str | None) -> dict[str, Any]:
    name, revision = split_revision(target)
    path = Path(name).expanduser()
    ident: dict[str, Any] = {
        "backend": backend,
        "name": name,
        "kind": kind,
        "template_sha256": template_sha256,
    }
    if path.is_dir():
        ident["name"] = path.name
        ident["dir_sha256"] = directory_digest(path.resolve())
    else:
        ident["revision"] = _resolve_commit(name, revision)
    return ident


def _resolve_commit(repo: str, revision: str | None) -> str | None:
    """The hub commit a name resolves to (from the local hub cache when offline)."""
    try:
        from huggingface_hub import HfApi

        return HfApi().model_info(repo, revision=revision).sha
    except Exception:  # noqa: BLE001 - offline or no hub: fall back to what the user pinned
        return revision
