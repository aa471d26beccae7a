"""The steering harness: model backends, the code sandbox, methods, the runner, scoring and reports.

`steering` imports `symbench`; never the reverse. Heavy libraries (torch, transformers, vllm, openai)
are imported only inside the backend that needs them, so importing this package stays cheap.
"""

from __future__ import annotations
