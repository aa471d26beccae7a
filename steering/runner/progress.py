"""One rich progress bar per run: done/total, errors, tokens, elapsed, the endpoint window."""

from __future__ import annotations

import sys
from typing import Any


class RunProgress:
    def __init__(self, total: int, description: str, enabled: bool = True) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self.done = 0
        self.errors = 0
        self.tokens = 0
        self._progress: Any = None
        self._task: Any = None
        self.description = description

    def __enter__(self) -> RunProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("errors {task.fields[errors]}"),
                TextColumn("tokens {task.fields[tokens]}"),
                TextColumn("{task.fields[window]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
                refresh_per_second=4,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                self.description, total=self.total, errors=0, tokens=0, window=""
            )
        return self

    def advance(self, error: bool, tokens: int, window: str = "") -> None:
        self.done += 1
        self.errors += int(error)
        self.tokens += tokens
        if self._progress is not None:
            self._progress.update(
                self._task, advance=1, errors=self.errors, tokens=self.tokens, window=window
            )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
