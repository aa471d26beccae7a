"""What the SFT and DPO exports share: reading run directories, suite exclusion, rebuilding each
guide turn as it was sent (§5.6 reductions applied) and the `finetuned` view without API heads."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from steering.backends.usage import estimate_tokens
from steering.codesteer.guide_context import sent_view
from steering.codesteer.loop import DECISION_PROMPTS
from steering.prompts.pack import PromptPack, load_pack
from symbench.canonical import sha256_hex
from symbench.errors import SymbenchError

GUIDE_METHODS = ("codesteer", "symbolic_agent", "code_first_agent")
DEFAULT_EXCLUDED = ("symbench-v1", "symbench-v1-mini")
VIEWS = ("finetuned", "as-sent")


@dataclasses.dataclass
class RunData:
    path: Path
    config: dict[str, Any]
    pack: PromptPack
    records: list[dict[str, Any]]

    @property
    def method(self) -> str:
        return str(self.config.get("method", {}).get("name"))

    @property
    def method_config(self) -> dict[str, Any]:
        return dict(self.config.get("method", {}).get("config") or {})


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a torn last line of an interrupted run
    return out


def load_run(path: Path, records_file: str = "samples.jsonl") -> RunData:
    path = Path(path)
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SymbenchError(f"{path}: not a run directory ({exc})") from None
    pack_file = path / "prompt_pack.json"
    pack = load_pack(str(pack_file)) if pack_file.exists() else load_pack()
    return RunData(path, config, pack, read_jsonl(path / records_file))


def _suite_cache_file(name: str) -> Path:
    from steering.local_default import cache_root
    from symbench.registry import all_tasks

    versions = sha256_hex(",".join(f"{t.name}={t.version}" for t in all_tasks()))[:16]
    return cache_root() / "suite-hashes" / f"{name}-{versions}.txt"


def suite_hashes(name: str) -> set[str]:
    """Instance hashes of a named suite (cached on disk per task-version set), or of a file: JSONL
    instances (their `hash`) or one hash per line."""
    path = Path(name)
    if path.is_file():
        hashes = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("{"):
                hashes.add(str(json.loads(line)["hash"]))
            elif line:
                hashes.add(line)
        return hashes
    from symbench.suites import SUITES, iter_suite

    if name not in SUITES:
        raise SymbenchError(f"--exclude-suite {name!r}: not a suite ({', '.join(SUITES)}) nor a file")
    cache = _suite_cache_file(name)
    if cache.is_file():
        return set(cache.read_text().split())
    hashes = {inst.hash for inst in iter_suite(name)}
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text("\n".join(sorted(hashes)) + "\n")
    tmp.replace(cache)
    return hashes


def excluded_hashes(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        if name != "none":
            out |= suite_hashes(name)
    return out


def count_tokens(*texts: str) -> int:
    return sum(estimate_tokens(t)[0] for t in texts)


def question_of(record: dict[str, Any], pack: PromptPack) -> str:
    """The question, from `G.user[0]` = choice prompt + joiner + question (records hold no question)."""
    first = record["conversations"]["guide"][0]["content"]
    prefix = pack.prompt("choice") + pack.render("choice_joiner")
    return first[len(prefix) :] if first.startswith(prefix) else first


def strip_head(content: str, head: str) -> str:
    return content[len(head) :] if head and content.startswith(head) else content


@dataclasses.dataclass
class GuideTurn:
    """One guide turn: the messages of its call as sent, and its output `G.assistant[t]`."""

    turn: int
    sent: list[dict[str, str]]
    output: str
    decision: dict[str, Any]


def guide_turns(record: dict[str, Any], run: RunData, view: str) -> Iterator[GuideTurn]:
    """Every guide turn that a guide call produced; `view=finetuned` drops API decision heads."""
    G = record["conversations"].get("guide") or []
    head = ""
    if view == "finetuned" and run.method_config.get("guide_protocol") == "api":
        key = DECISION_PROMPTS[str(run.method_config.get("decision_variant", "default"))]
        head = run.pack.render(
            "decision_head", decision=run.pack.prompt(key), question=question_of(record, run.pack)
        )
    for d in record.get("decisions") or []:
        t = int(d["turn"])
        if d.get("raw") is None or 2 * t + 1 >= len(G):
            continue
        calls = [
            c for c in record["calls"] if c["role"] == "guide" and c["conv"] == "guide" and c["turn"] == t
        ]
        if not calls:
            continue
        sent = sent_view(G, calls[-1]["upto"], calls[-1]["reductions"])
        if head:
            sent = [
                {**m, "content": strip_head(m["content"], head)} if i > 0 and m["role"] == "user" else m
                for i, m in enumerate(sent)
            ]
        yield GuideTurn(t, sent, G[2 * t + 1]["content"], d)


def check_packs(runs: list[RunData], allow_mixed: bool) -> list[str]:
    hashes = sorted({r.pack.hash for r in runs})
    if len(hashes) > 1 and not allow_mixed:
        raise SymbenchError(
            f"the runs use {len(hashes)} different prompt packs ({', '.join(h[:12] for h in hashes)}); "
            "pass --allow-mixed-packs to export them together"
        )
    return hashes


def write_outputs(
    out: Path, items: list[dict[str, Any]], dataset_info: dict[str, Any], manifest: dict[str, Any]
) -> tuple[Path, Path]:
    """The data file, `<stem>.dataset_info.json` and `<stem>.manifest.json` beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    info = out.with_name(out.stem + ".dataset_info.json")
    info.write_text(json.dumps(dataset_info, indent=1) + "\n", encoding="utf-8")
    man = out.with_name(out.stem + ".manifest.json")
    man.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return info, man
