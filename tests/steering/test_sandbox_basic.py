"""Sandbox behaviour a job relies on, the same warm (forked) and cold (fresh interpreter), and
isolation between consecutive jobs of one warm worker."""

from __future__ import annotations

import concurrent.futures

import pytest

from steering.sandbox.factory import make_sandbox

SCRIPT = """
import os, sys, numpy, sympy
print(__name__, sys.argv, os.path.basename(__file__), os.getcwd())
print(int(numpy.arange(5).sum()), sympy.factorint(360), hash('abc'))
print(sorted(k for k in os.environ))
if __name__ == '__main__':
    print('main guard ran', sys.stdin.read())
"""


@pytest.fixture(scope="module")
def pair():
    warm = make_sandbox("auto", warm=True, concurrency=1)
    cold = make_sandbox(warm.kind, warm=False, concurrency=1)
    yield warm, cold
    warm.close()
    cold.close()


def test_warm_and_cold_behave_the_same(pair):
    warm, cold = pair
    a = warm.run(SCRIPT, 20, purpose="t", stdin=b"input!")
    b = cold.run(SCRIPT, 20, purpose="t", stdin=b"input!")
    assert a.status == b.status == "ok" and a.stdout == b.stdout
    assert "__main__ ['main.py'] main.py /sandbox" in a.stdout and "main guard ran input!" in a.stdout
    assert "{2: 3, 3: 2, 5: 1}" in a.stdout
    assert a.warm and not b.warm and a.cpu_s is not None and a.max_rss_kib


def test_tracebacks_show_only_the_job(pair):
    for sb in pair:
        r = sb.run("def f():\n    raise ValueError('boom')\nf()\n", 10, purpose="t")
        assert r.status == "error" and r.exit_code == 1
        assert 'File "/sandbox/main.py", line 3' in r.stderr and "ValueError: boom" in r.stderr
        assert "_launch" not in r.stderr


def test_exit_codes_and_system_exit_messages(pair):
    for sb in pair:
        assert sb.run("raise SystemExit(7)", 10, purpose="t").exit_code == 7
        r = sb.run("import sys\nsys.exit('bye')", 10, purpose="t")
        assert r.exit_code == 1 and "bye" in r.stderr


def test_warm_jobs_are_reseeded_and_isolated(pair):
    warm, _ = pair
    code = "import random, numpy\nprint(random.random(), numpy.random.rand())"
    outs = {warm.run(code, 10, purpose="t").stdout for _ in range(3)}
    assert len(outs) == 3, "forked jobs must not share random state"
    first = warm.run(
        "open('left.txt', 'w').write('x')\nopen('/tmp/t.txt', 'w').write('y')\nimport sys\n"
        "sys.modules['json'].dumps = None\nprint('ok')",
        10,
        purpose="t",
    )
    assert first.stdout.strip() == "ok"
    second = warm.run(
        "import os, json\nprint(sorted(os.listdir('.')), os.path.exists('/tmp/t.txt') and "
        "open('/tmp/t.txt').read() == 'y', json.dumps([1]))",
        10,
        purpose="t",
    )
    assert second.stdout.strip() == "['main.py'] False [1]"


def test_concurrent_runs(pair):
    warm, _ = pair
    sb = make_sandbox(warm.kind, warm=True, concurrency=2)
    try:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda i: sb.run(f"print({i} * 2)", 10, purpose="t"), range(8)))
        assert [r.stdout.strip() for r in results] == [str(i * 2) for i in range(8)]
        assert len(sb._all) <= 2
    finally:
        sb.close()
