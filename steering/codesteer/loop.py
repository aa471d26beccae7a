"""The CodeSteer loop (§1.3): the turn-0 code/text choice, up to `max_turns` guidance turns, stop
signals recognised structurally (§1.4), and one canonical final answer (§1.9).

Three conversations: the guide's `G` (payloads, never raw outputs, §1.2), the TaskLLM's `T` (raw
answers), and one checker conversation per self-check. Every guide call goes through the context
policy (§5.6); every decision and check is recorded.
"""

from __future__ import annotations

from typing import Any

from steering.backends.spec import parse_spec
from steering.codesteer.checks import install_checkers, observe
from steering.codesteer.context import Context, InstanceView, Trajectory
from steering.codesteer.decisions import Decision, Kind, recognise
from steering.codesteer.feedback import body_parts, exec_status, render_body, turn_facts
from steering.codesteer.guide_context import Body, ContextPolicy, guide_counter, prompt_budget
from steering.methods.base import assistant, user

LOOP_DEFAULTS: dict[str, Any] = {
    "max_turns": 5,
    "guide_protocol": "finetuned",
    "task_sees_execution": False,
    "self_check": "on",
    "symbolic_check": "v2",
    "low_complexity_threshold": 2.0,
    "first_turn_fallback": "code",
    "paraphrase_first": False,
    "guide_invalid_retries": 1,
    "guide_context_policy": "truncate",
    "guide_prompt_budget": 7000,
    "decision_variant": "default",
    "checker_max_calls": 3,
    "checker_on_text_turns": True,
    "first_choice": "guide",
}
DECISION_PROMPTS = {
    "default": "decision",
    "to_code": "decision_to_code",
    "complex_code": "decision_complex_code",
    "code_first": "decision_code_first",
}
STOPS = {Kind.RETURN_ANSWER: "return_answer", Kind.TERMINATE: "terminate"}


def loop_roles(config: dict[str, Any]) -> tuple[str, ...]:
    """The roles one sample with this config calls (their identities enter the sample key)."""
    roles = ["task"]
    if config.get("first_choice", "guide") == "guide" or int(config.get("max_turns", 5)) > 0:
        roles.append("guide")
    if config.get("self_check", "on") == "on" and int(config.get("max_turns", 5)) > 0:
        roles.append("checker")
    if config.get("guide_protocol") == "api" and config.get("paraphrase_first"):
        roles.append("paraphraser")
    return tuple(roles)


class GuideLoop:
    """One sample of §1.3."""

    def __init__(self, instance: InstanceView, ctx: Context) -> None:
        self.q = instance.question
        self.ctx = ctx
        self.pack = ctx.pack
        self.cfg = ctx.config
        self.api = self.cfg.get("guide_protocol") == "api"
        self.G: list[dict[str, str]] = []
        self.T: list[dict[str, str]] = []
        self.bodies: dict[int, Body] = {}
        self.retry_convs = 0
        self.policy: ContextPolicy | None = None
        if "guide" in ctx.roles:
            binding = ctx.services.roles["guide"]
            spec = parse_spec(binding.spec_text)
            counter = guide_counter(spec, binding.backend)
            budget = prompt_budget(
                spec, binding.sampling.get("max_tokens"), int(self.cfg.get("guide_prompt_budget", 7000))
            )
            self.policy = ContextPolicy(self.pack, str(self.cfg.get("guide_context_policy")), budget, counter)
            if not counter.estimated:
                ctx.token_counter = counter.count

    # ------------------------------------------------------------------ prompts
    @property
    def code_prompt(self) -> str:
        return self.pack.prompt("code_cot")

    @property
    def text_prompt(self) -> str:
        return self.pack.prompt("text_cot")

    def head(self) -> str:
        if not self.api:
            return ""
        key = DECISION_PROMPTS[str(self.cfg.get("decision_variant", "default"))]
        return self.pack.render("decision_head", decision=self.pack.prompt(key), question=self.q)

    # ------------------------------------------------------------------ guide calls
    async def guide(self, turn: int, msg: str) -> tuple[Decision, dict[str, Any]]:
        """Call the guide on `G + [user(msg)]`, retrying unusable outputs (§1.4); returns the final
        decision and its record (without `fallback`, which the caller decides)."""
        ctx, retries = self.ctx, max(0, int(self.cfg.get("guide_invalid_retries", 1)))
        messages = [*self.G, user(msg)]
        assert self.policy is not None
        view = self.policy.view(messages, self.bodies)
        if view.overflow:
            ctx.trajectory.guide_overflow = True
        protocol = "api" if self.api else "finetuned"
        invalid: list[str] = []
        for attempt in range(retries + 1):
            if attempt == 0 or not self.api:
                conv, stored, sent = "guide", messages, view.sent
                raw = await ctx.call(
                    "guide",
                    conv,
                    stored,
                    turn=turn,
                    attempt=attempt,
                    sent=sent if view.reductions else None,
                    reductions=view.reductions,
                    keep_reply=False,
                )
            else:  # API protocol: show the unusable output and ask again, in a side conversation
                conv = f"guide_retry.{self.retry_convs}"
                self.retry_convs += 1
                tail = [assistant(invalid[-1]), user(self.pack.render("guide_reask"))]
                raw = await ctx.call(
                    "guide",
                    conv,
                    [*messages, *tail],
                    turn=turn,
                    attempt=attempt,
                    sent=[*view.sent, *tail] if view.reductions else None,
                    reductions=view.reductions,
                )
            decision = recognise(raw, turn, self.pack.control_synonyms, protocol=protocol)
            if decision.kind != Kind.INVALID:
                break
            invalid.append(raw)
        call = ctx.trajectory.calls[-1]
        record = {
            "turn": turn,
            "raw": raw,
            **decision.to_json(),
            "retry_used": attempt > 0,
            "attempts": attempt + 1,
            "invalid_outputs": invalid,
            "fallback": None,
            "finish_reason": call.get("finish_reason"),
            "length_cut": call.get("finish_reason") == "length",
            "prompt_tokens": view.tokens,
            "tokenizer": self.policy.counter.name,
            "tokens_estimated": self.policy.counter.estimated,
            "reductions": len(view.reductions),
        }
        return decision, record

    # ------------------------------------------------------------------ turn 0
    async def turn0(self) -> str | None:
        """The code/text choice; returns instruction₀, or None when `first_turn_fallback: fail`."""
        ctx, pack = self.ctx, self.pack
        u0 = pack.prompt("choice") + pack.render("choice_joiner") + self.q
        first = str(self.cfg.get("first_choice", "guide"))
        if first in ("code", "text"):
            instr = self.code_prompt if first == "code" else self.text_prompt
            self.G = [user(u0), assistant(instr)]
            ctx.store_conversation("guide", self.G)
            ctx.trajectory.decisions.append(
                {
                    "turn": 0,
                    "raw": None,
                    "kind": "CODE" if first == "code" else "TEXT",
                    "payload": instr,
                    "rule": None,
                    "retry_used": False,
                    "fallback": None,
                    "finish_reason": None,
                    "first_choice": first,
                }
            )
            return instr
        self.G = []
        d, record = await self.guide(0, u0)
        instr: str | None
        if d.kind == Kind.CODE:
            instr = self.code_prompt
        elif d.kind == Kind.TEXT:
            instr = self.text_prompt
        elif d.kind == Kind.GUIDE and not self.api:
            instr = d.payload
        else:
            fallback = str(self.cfg.get("first_turn_fallback", "code"))
            record["fallback"] = fallback
            instr = {"code": self.code_prompt, "text": self.text_prompt}.get(fallback)
        if instr is not None and self.api and self.cfg.get("paraphrase_first"):
            instr = await self.paraphrase(instr, record)
        ctx.trajectory.decisions.append(record)
        if instr is None:
            ctx.store_conversation("guide", [user(u0)])
            return None
        history = instr if (self.api or record["fallback"]) else d.payload
        self.G = [user(u0), assistant(history)]
        ctx.store_conversation("guide", self.G)
        return instr

    async def paraphrase(self, instr: str, record: dict[str, Any]) -> str:
        pack = self.pack
        msg = pack.prompt("paraphrase") + pack.render("paraphrase_joiner") + instr
        reply = (await self.ctx.call("paraphraser", "paraphraser", [user(msg)], turn=0)).strip()
        record["paraphrased"] = bool(reply)
        return reply or instr

    # ------------------------------------------------------------------ the loop
    async def run(self) -> Trajectory:
        ctx, pack = self.ctx, self.pack
        install_checkers(ctx)
        instr0 = await self.turn0()
        if instr0 is None:
            ctx.trajectory.stop_reason = "no_choice"
            ctx.trajectory.final = None
            return ctx.trajectory
        self.T = [user(instr0 + pack.render("task_joiner") + self.q)]
        answer = await ctx.call("task", "task", self.T, turn=0)
        self.T.append(assistant(answer))
        max_turns = int(self.cfg.get("max_turns", 5))
        stop = "turn_cap"
        last = 0
        for t in range(1, max_turns + 1):
            obs = await observe(ctx, answer, t - 1)
            parts = body_parts(ctx, obs)
            head = self.head()
            msg = head + render_body(pack, parts)
            self.bodies[len(self.G)] = Body(head, parts, t, turn_facts(obs, t))
            d, record = await self.guide(t, msg)
            ctx.trajectory.decisions.append(record)
            self.G += [user(msg), assistant(d.payload)]
            ctx.store_conversation("guide", self.G)
            if d.kind in STOPS:
                stop = STOPS[d.kind]
                break
            if d.kind == Kind.INVALID:
                stop = "guide_invalid"
                break
            nxt = (
                self.code_prompt
                if d.kind == Kind.CODE
                else self.text_prompt
                if d.kind == Kind.TEXT
                else d.payload
            )
            if self.cfg.get("task_sees_execution") and obs.exec is not None:
                stdout, stderr = ctx.exec_display(obs.exec)
                nxt = (
                    pack.render("task_exec_feedback", stdout=stdout, stderr=stderr, status=exec_status(obs))
                    + nxt
                )
            self.T.append(user(nxt))
            answer = await ctx.call("task", "task", self.T, turn=t)
            self.T.append(assistant(answer))
            last = t
        ctx.trajectory.stop_reason = stop
        await ctx.finalize(answer, turn=last)
        return ctx.trajectory


async def solve_codesteer(instance: InstanceView, ctx: Context) -> Trajectory:
    return await GuideLoop(instance, ctx).run()
