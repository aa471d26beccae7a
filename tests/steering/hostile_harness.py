"""Run hostile snippets in a sandbox from a separate 'harness' process whose environment holds
canaries, beside a loopback listener answering CANARY; print one JSON report per snippet.

Usage: python hostile_harness.py KIND WARM OUTSIDE_DIR NAME...
"""

from __future__ import annotations

import json
import os
import resource
import socket
import sys
import threading
import time

from steering.sandbox.factory import make_sandbox
from steering.sandbox.hardening import make_non_dumpable

LIMIT_S = 5.0


def snippets(port: int, outside: str) -> dict[str, str]:
    return {
        "fork_bomb": "import os\nwhile True:\n    os.fork()\n",
        "busy_loop": "while True:\n    pass\n",
        "busy_loop_sigterm": "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass\n",
        "alloc_16g": (
            # untouched pages: this VM faults pages in at ~10 us each, which would hide the limit
            "import numpy\nchunks = []\nfor _ in range(64):\n    chunks.append(numpy.empty(256 << 20, numpy.uint8))\n"
            "print('allocated 16 GiB')\n"
        ),
        "flood_stdout": "import sys\nblock = b'x' * (1 << 20)\nfor _ in range(200):\n    sys.stdout.buffer.write(block)\n",
        "write_outside": f"open({os.path.join(outside, 'escaped.txt')!r}, 'w').write('x')\nprint('wrote')\n",
        "print_environ": "import os\nprint(dict(os.environ))\nprint(open('/proc/self/environ', 'rb').read())\n",
        "read_all_proc": (
            "import os\nfor p in os.listdir('/proc'):\n    if not p.isdigit():\n        continue\n"
            "    for f in ('environ', 'cmdline'):\n        try:\n"
            "            print(p, f, open(f'/proc/{p}/{f}', 'rb').read())\n"
            "        except OSError as e:\n            print(p, f, 'denied', e.errno)\n"
        ),
        "network_public": (
            "import socket, time\nt = time.time()\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=4)\n"
            "    print('connected')\nexcept OSError as e:\n    print('connect failed', e)\n"
            "try:\n    socket.getaddrinfo('example.com', 80)\n    print('resolved')\n"
            "except OSError as e:\n    print('resolve failed', e)\nprint('elapsed', time.time() - t)\n"
        ),
        "network_loopback": (
            f"import socket\ntry:\n    s = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
            "    print(s.recv(100))\nexcept OSError as e:\n    print('refused', e)\n"
        ),
        "sleeper": (
            "import os, subprocess, sys\nsubprocess.Popen(['sleep', '1000'])\n"
            "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp('sleep', ['sleep', '1000'])\n"
            "    os._exit(0)\nprint('parent done')\nsys.exit(3)\n"
        ),
        "kill_parent": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.killpg(0, signal.SIGKILL)\n",
        "background_shell": "import os\nos.system('echo hi; sleep 100 &')\n",
        "garbage_bytes": (
            "import os, sys\nsys.stdout.buffer.write(os.urandom(4096) + b'\\x00\\xff\\xfe abc \\x00')\n"
            "sys.stderr.buffer.write(b'\\xc3\\x28 \\x00')\n"
        ),
        "segfault": "import ctypes\nctypes.string_at(0)\n",
        "stdin_eof": "import sys, time\nt = time.time()\ndata = sys.stdin.read()\nprint(repr(data), time.time() - t)\n",
    }


def rss_kib() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> int:
    kind, warm, outside, names = sys.argv[1], sys.argv[2].startswith("warm"), sys.argv[3], sys.argv[4:]
    make_non_dumpable()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
                conn.sendall(b"CANARY")
                conn.close()
            except OSError:
                return

    threading.Thread(target=serve, daemon=True).start()
    sandbox = make_sandbox(kind, warm=warm, concurrency=1)
    if warm:
        sandbox.prewarm(1)
    code = snippets(port, outside)
    for name in names:
        before = rss_kib()
        started = time.monotonic()
        result = sandbox.run(code[name], LIMIT_S, purpose="test")
        elapsed = time.monotonic() - started
        dirs = [w.host_dir for w in sandbox._all]
        dirs_empty = all(not os.listdir(d) for d in dirs if os.path.isdir(d))
        report = {
            "name": name,
            "result": result.to_json(),
            "elapsed": elapsed,
            "rss_growth_kib": rss_kib() - before,
            "dirs_empty": dirs_empty,
            "harness_self": os.getpid(),
            "cpu_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime,
        }
        print(json.dumps(report), flush=True)
    all_dirs = [w.host_dir for w in sandbox._all]
    sandbox.close()
    print(
        json.dumps(
            {
                "name": "_closed",
                "dirs_gone": not any(os.path.exists(d) for d in all_dirs),
                "isolation": sandbox.isolation,
                "kind": sandbox.kind,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
