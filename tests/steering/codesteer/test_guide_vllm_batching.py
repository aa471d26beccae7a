"""`--guide vllm:…` in process, with a stand-in `vllm` module: the engine is loaded once per process
(not per call, not per run) and the guide calls of concurrent samples share `generate` batches."""

from __future__ import annotations

import json
import sys
import threading
import time
import types

from codesteer_helpers import TASK, code_answer, instance, write_rules

from steering.backends import vllm_engine
from steering.runner.scheduler import EvalOptions, run_eval
from steering.runner.selection import Selection


class FakeTokenizer:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lock = threading.Lock()

    def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
        with self.lock:
            self.texts.append(text)
            return [len(self.texts) - 1] + [0] * len(text.split())


class FakeLLM:
    created: list[dict] = []

    def __init__(self, **kwargs) -> None:
        FakeLLM.created.append(kwargs)
        self.tokenizer = FakeTokenizer()
        self.batches: list[int] = []

    def get_tokenizer(self) -> FakeTokenizer:
        return self.tokenizer

    def generate(self, prompts, params, use_tqdm=False):
        self.batches.append(len(prompts))
        time.sleep(0.05)
        outputs = []
        for prompt in prompts:
            text = self.tokenizer.texts[prompt["prompt_token_ids"][0]]
            reply = "<<<Return Answer>>>" if "The latest answer" in text else "Write one program."
            gen = types.SimpleNamespace(text=reply, token_ids=[1, 2, 3], finish_reason="stop")
            outputs.append(types.SimpleNamespace(outputs=[gen]))
        return outputs


def _fake_vllm(monkeypatch) -> None:
    vllm = types.ModuleType("vllm")
    vllm.LLM = FakeLLM
    vllm.SamplingParams = lambda **kw: types.SimpleNamespace(**kw)
    inputs = types.ModuleType("vllm.inputs")
    inputs.TokensPrompt = lambda prompt_token_ids: {"prompt_token_ids": prompt_token_ids}
    monkeypatch.setitem(sys.modules, "vllm", vllm)
    monkeypatch.setitem(sys.modules, "vllm.inputs", inputs)
    monkeypatch.setattr(vllm_engine, "_ENGINES", {})
    FakeLLM.created = []


def test_in_process_guide_loaded_once_and_batched(tmp_path, sandbox, monkeypatch):
    _fake_vllm(monkeypatch)
    model = tmp_path / "guide-model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    a = instance()
    task = write_rules(
        tmp_path / "task.json", [{"role": "task", "reply": code_answer(a.answer), "delay_s": 0.05}]
    )
    for repeat in range(2):  # two runs in one process: still one engine
        result = run_eval(
            EvalOptions(
                method="codesteer",
                models={"task": task, "guide": f"vllm:{model}?template=llama3_raw&context=8192"},
                selection=Selection(tasks=[TASK], complexity=1, n=6, seed=repeat),
                method_config={"self_check": "off"},
                concurrency=6,
                output_dir=tmp_path / "runs",
                progress=False,
                cache_mode="off",
                sandbox_obj=sandbox,
            )
        )
        assert result.n_done == 6 and result.n_error == 0
    assert len(FakeLLM.created) == 1 and FakeLLM.created[0]["max_model_len"] == 8192
    engine = next(iter(vllm_engine._ENGINES.values()))
    assert sum(engine.batches) == 2 * 6 * 2  # two guide calls per sample
    assert max(engine.batches) > 1, engine.batches  # concurrent samples shared a batch
    rec = json.loads((result.run_dir / "samples.jsonl").read_text().splitlines()[0])
    assert rec["stop_reason"] == "return_answer"
    guide_calls = [c for c in rec["calls"] if c["role"] == "guide"]
    assert all(c["usage"]["source"] == "local" for c in guide_calls)
    assert (
        rec["decisions"][1]["tokenizer"].startswith("vllm:") and not rec["decisions"][1]["tokens_estimated"]
    )
