"""Resume (§7.4): SIGKILL a scripted run at random points, restart until done, and check that no
finished sample is lost or duplicated and the aggregates equal an uninterrupted run's."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from steering_test_helpers import grid_pattern, instances, write_rules

from steering.runner.resume import read_state
from symbench.errors import SymbenchError

N = 16


def _rules(tmp: Path) -> str:
    insts = instances(N)
    rules = []
    for i, inst in enumerate(insts):
        reply = f"<<<{inst.answer}>>>" if i % 3 else "<<<wrong>>>"
        rules.append(
            {
                "match": grid_pattern(inst.question),
                "reply": reply,
                "delay_s": 0.25,
                "usage": {"input": 10 + i, "output": 3},
            }
        )
    return write_rules(tmp / "rules.json", rules)


def _cmd(spec: str, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "symbench.cli",
        "eval",
        "--method",
        "only_question",
        "--model",
        spec,
        "--task",
        "matrix_transformation",
        "--complexity",
        "1",
        "-n",
        str(N),
        "--concurrency",
        "3",
        "--output-dir",
        str(out),
        "--no-cache",
        "--no-progress",
        "--sandbox",
        "plain",
        "--cold-sandbox",
        "--json",
    ]


def _records(out: Path) -> list[dict]:
    (run_dir,) = [p for p in out.iterdir() if p.is_dir()]
    return [json.loads(line) for line in (run_dir / "samples.jsonl").read_text().splitlines()]


def _results(out: Path) -> dict:
    (run_dir,) = [p for p in out.iterdir() if p.is_dir()]
    return json.loads((run_dir / "results.json").read_text())


def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path):
    spec = _rules(tmp_path)
    reference = tmp_path / "reference"
    subprocess.run(_cmd(spec, reference), check=True, capture_output=True, timeout=120)
    killed = tmp_path / "killed"
    rng = random.Random(1234)
    kills = 0
    for _ in range(N):
        existing = list(killed.glob("*/samples.jsonl"))
        n_done = len(existing[0].read_bytes().splitlines()) if existing else 0
        # Kill once the file has reached a random count, after a random extra delay: the kill lands
        # while other samples are in flight, sometimes in the middle of a write.
        target = n_done + rng.randint(1, max(1, (N - n_done) // 3)) if n_done < N - 2 else None
        proc = subprocess.Popen(_cmd(spec, killed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and target is not None:
            files = list(killed.glob("*/samples.jsonl"))
            if files and files[0].read_bytes().count(b"\n") >= target:
                time.sleep(rng.uniform(0.0, 0.1))
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.005)
        proc.wait(timeout=120)
        if proc.returncode == 0:
            break
        assert proc.returncode == -signal.SIGKILL
    else:
        pytest.fail("the run never completed")
    assert kills >= 2
    recs = _records(killed)
    done = Counter(r["key"] for r in recs if r["status"] == "done")
    assert len(done) == N and set(done.values()) == {1}, "a sample was lost or duplicated"
    assert {r["key"] for r in _records(reference)} == set(done)
    a, b = _results(reference), _results(killed)
    assert a["per_task"]["matrix_transformation"]["rate"] == b["per_task"]["matrix_transformation"]["rate"]
    assert a["per_task"]["matrix_transformation"]["n"] == b["per_task"]["matrix_transformation"]["n"] == N
    assert a["groups"]["total"]["ave_norm"] == b["groups"]["total"]["ave_norm"]
    assert a["tokens"]["task_headline"] == b["tokens"]["task_headline"]
    config = json.loads(next(p for p in killed.iterdir() if p.is_dir()).joinpath("config.json").read_text())
    # A process killed before it wrote its session leaves none; the completed one is closed.
    assert 1 <= len(config["sessions"]) <= kills + 1 and config["sessions"][-1]["ended_at"]
    assert sum(s["n_done"] for s in config["sessions"] if s["ended_at"]) <= N


def test_torn_last_line_is_truncated_and_the_sample_rerun(tmp_path):
    path = tmp_path / "samples.jsonl"
    good = (
        json.dumps({"key": "a", "status": "done"}) + "\n" + json.dumps({"key": "b", "status": "error"}) + "\n"
    )
    path.write_text(good + '{"key": "c", "status": "do')
    state = read_state(path)
    assert state.done == {"a"} and state.attempts == Counter({"a": 1, "b": 1}) and state.truncated_bytes > 0
    assert path.read_text() == good


def test_corruption_in_the_middle_stops_unless_repair(tmp_path):
    path = tmp_path / "samples.jsonl"
    path.write_text('{"key": "a", "status": "done"}\nGARBAGE\n{"key": "b", "status": "done"}\n')
    with pytest.raises(SymbenchError, match="corrupt"):
        read_state(path)
    state = read_state(path, repair=True)
    assert state.done == {"a", "b"} and state.repaired_lines == 1
    assert (tmp_path / "samples.jsonl.corrupt").exists() and "GARBAGE" not in path.read_text()


def test_error_samples_are_retried_up_to_the_cap(tmp_path):
    inst = instances(1)[0]
    spec = write_rules(tmp_path / "r.json", [{"match": grid_pattern(inst.question), "error": 400}])
    cmd = [a if a != str(N) else "1" for a in _cmd(spec, tmp_path / "out")] + ["--max-sample-attempts", "2"]
    for _ in range(3):
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    recs = _records(tmp_path / "out")
    assert [r["status"] for r in recs] == ["error", "error"]
    assert _results(tmp_path / "out")["per_task"]["matrix_transformation"]["n_error"] == 1
