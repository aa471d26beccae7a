"""The `Context`: a method's only access to models, the sandbox and the records (§4.1).

Every model call goes through `ctx.call` and every execution through `ctx.execute`, so recording,
caching, retries, limits and token accounting are the same for all methods. The Context builds the
sample's trajectory (conversations, calls, executions, decisions, checks, final answer, sub-runs).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from steering.backends.base import BackendError, ChatRequest
from steering.backends.usage import estimate_tokens
from steering.codesteer.code_blocks import Block, block_counts, select_block
from steering.prompts.pack import PromptPack
from steering.sandbox.api import ExecResult

if TYPE_CHECKING:
    from steering.runner.services import Services

ROLES = ("task", "guide", "checker", "paraphraser", "summarizer")


class SampleError(Exception):
    """Ends one sample with `status: error` (§1.10); the run goes on and resume retries it."""

    def __init__(self, stage: str, type: str, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.stage = stage
        self.type = type
        self.retryable = retryable

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "type": self.type,
            "message": str(self)[:2000],
            "retryable": self.retryable,
        }


@dataclasses.dataclass(frozen=True)
class InstanceView:
    """What a solver may see: no gold answer, no puzzle data."""

    id: str
    hash: str
    task: str
    task_version: str
    complexity: int | None
    group: str
    question: str

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "question"}


@dataclasses.dataclass
class Observation:
    """What `observe` learned about one answer: its block, execution and (optional) checks."""

    answer: str
    block: Block | None
    counts: dict[str, int]
    exec: ExecResult | None = None
    symbolic: dict[str, Any] | None = None
    check: dict[str, Any] | None = None


@dataclasses.dataclass
class Trajectory:
    conversations: dict[str, Any] = dataclasses.field(default_factory=dict)
    calls: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    executions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    decisions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    checks: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    stop_reason: str | None = None
    guide_overflow: bool = False
    final: dict[str, Any] | None = None
    sub: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    # Not recorded: the full results of executions, for reuse and display views.
    results: list[ExecResult] = dataclasses.field(default_factory=list, repr=False)


# Hooks the CodeSteer issue plugs in (symbolic checker, self-answer checker); None: not run.
ObserveHook = Callable[["Context", Observation, int], Awaitable[None]]


def call_seed(sample_key: str, role: str, turn: int, attempt: int) -> int:
    """§5.4: a per-call seed, so re-running a sample hits the cache and repeats are independent."""
    return int(hashlib.sha256(f"{sample_key}|{role}|{turn}|{attempt}".encode()).hexdigest()[:8], 16)


def conversation_slot(conv: str) -> tuple[str, int | None]:
    """`checker.2` -> ("checker", 2); other conversations have no index."""
    name, _, index = conv.partition(".")
    return name, int(index) if index else None


class Context:
    def __init__(
        self,
        *,
        instance: InstanceView,
        method: str,
        config: dict[str, Any],
        pack: PromptPack,
        services: Services,
        sample_key: str,
        roles: tuple[str, ...],
        repeat: int = 0,
    ) -> None:
        self.instance = instance
        self.method = method
        self.config = config
        self.pack = pack
        self.services = services
        self.sample_key = sample_key
        self.roles = roles
        self.repeat = repeat
        self.trajectory = Trajectory()
        self.symbolic_hook: ObserveHook | None = None
        self.self_check_hook: ObserveHook | None = None
        # Display budgets count with the guide's tokenizer when one is known (§1.6); None: estimate.
        self.token_counter: Callable[[str], int] | None = None

    # ------------------------------------------------------------------ models
    def seed(self, role: str, turn: int, attempt: int = 0) -> int:
        return call_seed(self.sample_key, role, turn, attempt)

    def _store_conversation(self, conv: str, messages: list[dict[str, str]], reply: str | None) -> None:
        name, index = conversation_slot(conv)
        convs = self.trajectory.conversations
        if index is None:
            stored = convs.get(name, [])
        else:
            bucket = convs.setdefault(name, [])
            while len(bucket) <= index:
                bucket.append([])
            stored = bucket[index]
        if stored[: len(messages)] != messages[: len(stored)]:
            raise RuntimeError(f"conversation {conv!r} was rewritten; conversations are append-only")
        new = [dict(m) for m in messages] if len(messages) >= len(stored) else stored
        if reply is not None and len(new) == len(messages):
            new = [*new, {"role": "assistant", "content": reply}]
        if index is None:
            convs[name] = new
        else:
            convs[name][index] = new

    def store_conversation(self, conv: str, messages: list[dict[str, str]]) -> None:
        """Record messages that no call sent (the guide's last payload, a skipped turn 0); the
        stored conversation stays append-only."""
        self._store_conversation(conv, messages, None)

    async def call(
        self,
        role: str,
        conv: str,
        messages: list[dict[str, str]],
        *,
        turn: int = 0,
        attempt: int = 0,
        sampling: dict[str, Any] | None = None,
        sent: list[dict[str, str]] | None = None,
        reductions: list[dict[str, Any]] | None = None,
        keep_reply: bool = True,
    ) -> str:
        """One model call. `messages` is the conversation (stored); `sent` the reduced copy actually
        sent, if §5.6 reductions applied. Returns the reply text; a failure ends the sample.
        `keep_reply=False` stores only `messages`: the guide conversation keeps the decision's
        payload, not the raw output (§1.2), and the caller appends it."""
        if role not in self.roles:
            raise RuntimeError(f"method {self.method} does not declare role {role!r}")
        binding = self.services.roles[role]
        resolved = dict(binding.sampling)
        if sampling:
            resolved.update(sampling)
        request = ChatRequest(
            messages=[dict(m) for m in (sent or messages)],
            sampling=resolved,
            seed=self.seed(role, turn, attempt),
            role=role,
            turn=turn,
            sample_key=self.sample_key,
        )
        record: dict[str, Any] = {
            "role": role,
            "conv": conv,
            "turn": turn,
            "attempt": attempt,
            "upto": len(messages),
            "reductions": list(reductions or []),
            "request_sha256": request.sha256,
            "seed": request.seed,
            "sampling": resolved,
            "identity_hash": binding.identity_hash,
        }
        try:
            outcome = await self.services.caller.call(binding, request)
        except BackendError as exc:
            record.update(
                response=None,
                reasoning=None,
                finish_reason=None,
                served_model=None,
                usage=None,
                latency_s=getattr(exc, "latency_s", None),
                retries=getattr(exc, "retries", 0),
                error_types=getattr(exc, "error_types", [exc.type]),
                cached=False,
            )
            self.trajectory.calls.append(record)
            self._store_conversation(conv, messages, None)
            raise SampleError("call", exc.type, f"{role} call failed: {exc}", exc.retryable) from None
        resp = outcome.response
        record.update(
            response=resp.text,
            reasoning=resp.reasoning,
            reasoning_hidden=resp.reasoning_hidden,
            finish_reason=resp.finish_reason,
            served_model=resp.served_model,
            usage=resp.usage.to_json(),
            latency_s=round(outcome.latency_s, 6),
            retries=outcome.retries,
            error_types=outcome.error_types,
            cached=outcome.cached,
        )
        self.trajectory.calls.append(record)
        self._store_conversation(conv, messages, resp.text if keep_reply else None)
        return resp.text

    # ------------------------------------------------------------------ sandbox
    async def execute(
        self, code: str, *, purpose: str, turn: int = 0, timeout_s: float | None = None
    ) -> ExecResult:
        timeout = float(timeout_s if timeout_s is not None else self.config.get("exec_timeout_s", 30))
        result = await self.services.sandbox.arun(code, timeout, purpose=purpose)
        self.trajectory.results.append(result)
        self.trajectory.executions.append(
            {
                "purpose": purpose,
                "turn": turn,
                "code": code,
                "code_sha256": result.code_sha256,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "exit_code": result.exit_code,
                "signal": result.signal,
                "timed_out": result.timed_out,
                "status": result.status,
                "killed_reason": result.killed_reason,
                "wall_s": result.wall_s,
                "cpu_s": result.cpu_s,
                "stdout_bytes": result.stdout_bytes,
                "stdout_truncated": result.stdout_truncated,
                "stderr_bytes": result.stderr_bytes,
                "stderr_truncated": result.stderr_truncated,
                "timeout_s": timeout,
                "sandbox": result.sandbox,
                "warm": result.warm,
            }
        )
        if result.status == "sandbox_error":
            raise SampleError("sandbox", "sandbox_error", result.stderr[:500], True)
        return result

    def block_of(self, answer: str) -> Block | None:
        return select_block(
            answer, self.config.get("code_block", "first"), bool(self.config.get("accept_unlabeled", False))
        )

    async def observe(self, answer: str, turn: int, *, purpose: str = "observe") -> Observation:
        """§1.3 observe(): extract the block, execute it, then the checker hooks (when plugged in)."""
        block = self.block_of(answer)
        obs = Observation(
            answer, block, block_counts(answer, bool(self.config.get("accept_unlabeled", False)))
        )
        if block is not None:
            obs.exec = await self.execute(block.code, purpose=purpose, turn=turn)
        if self.symbolic_hook is not None:
            await self.symbolic_hook(self, obs, turn)
        if self.self_check_hook is not None:
            await self.self_check_hook(self, obs, turn)
        return obs

    def _reusable(self, code: str, timeout: float) -> ExecResult | None:
        sha = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()
        for record, result in zip(reversed(self.trajectory.executions), reversed(self.trajectory.results)):
            if (
                record["code_sha256"] == sha
                and record["timeout_s"] == timeout
                and record["purpose"] != "checker"
            ):
                return result
        return None

    async def finalize(self, answer: str, *, turn: int = 0) -> dict[str, Any]:
        """§1.9: one canonical candidate from the last answer (text, or its code's stdout)."""
        block = self.block_of(answer)
        if block is None:
            final = {"text": answer, "source": "text", "candidate": answer, "exec_status": None}
        else:
            timeout = float(self.config.get("exec_timeout_s", 30))
            result = self._reusable(block.code, timeout)
            reused = result is not None
            if result is None:
                result = await self.execute(block.code, purpose="final", turn=turn)
            if result.timed_out:
                final = {"text": answer, "source": "code", "candidate": None, "exec_status": "timeout"}
            else:
                final = {
                    "text": answer,
                    "source": "code",
                    "candidate": result.stdout,
                    "exec_status": "ok" if result.status == "ok" else "error",
                }
            final["reused_execution"] = reused
        self.trajectory.final = final
        return final

    # ------------------------------------------------------------------ sub-methods
    async def sub(self, method: str, overrides: dict[str, Any] | None = None) -> Trajectory:
        """Run another method on the same instance as a standalone sample would (same seeds and
        cache keys), keeping it as a sub-trajectory."""
        child, record = await self.services.run_sub(self, method, overrides or {})
        self.trajectory.sub.append(record)
        return child

    # ------------------------------------------------------------------ display
    def count_tokens(self, text: str) -> int:
        if self.token_counter is not None:
            return self.token_counter(text)
        return estimate_tokens(text)[0]

    def display(self, text: str, budget_tokens: int) -> str:
        """Head 70 % and tail 30 % of the budget with the pack's marker where text was cut (§1.6)."""
        n = self.count_tokens(text)
        if n <= budget_tokens or not text:
            return text
        keep = max(0.0, budget_tokens / n)
        head = int(len(text) * keep * 0.7)
        tail = int(len(text) * keep * 0.3)
        marker = self.pack.render("truncation_marker", omitted_tokens=n - budget_tokens)
        return text[:head] + marker + (text[-tail:] if tail else "")

    def exec_display(self, result: ExecResult) -> tuple[str, str]:
        budget = int(self.config.get("exec_display_tokens", 2000))
        stdout = self.display(result.stdout, int(budget * 0.75))
        stderr = result.stderr
        if self.count_tokens(stderr) > min(500, budget // 4):
            lines = stderr.splitlines()
            kept: list[str] = []
            for line in reversed(lines):
                if self.count_tokens("\n".join([line, *kept])) > min(500, budget // 4):
                    break
                kept.insert(0, line)
            omitted = self.count_tokens(stderr) - self.count_tokens("\n".join(kept))
            stderr = self.pack.render("truncation_marker", omitted_tokens=omitted) + "\n".join(kept)
        if result.timed_out:
            timeout = float(self.config.get("exec_timeout_s", 30))
            shown = int(timeout) if timeout == int(timeout) else timeout
            stderr += self.pack.render("timeout_note", timeout_s=shown, command="['python3', 'main.py']")
        return stdout, stderr

    def exec_suffix(self, result: ExecResult | None) -> str:
        """`glue.exec_suffix` with the display views, or `glue.exec_too_long` under `notice`."""
        if result is None:
            return ""
        if self.config.get("exec_display", "truncate") == "notice":
            budget = int(self.config.get("exec_display_tokens", 2000))
            if self.count_tokens(result.stdout + result.stderr) > budget:
                return self.pack.render("exec_too_long")
        stdout, stderr = self.exec_display(result)
        return self.pack.render("exec_suffix", stdout=stdout, stderr=stderr)

    def now(self) -> float:
        return time.time()
