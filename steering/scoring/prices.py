"""Optional cost (§8.5): a price table of model-name globs -> $ per 1M input/output/cached tokens."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Any

from symbench.errors import SymbenchError


def load_prices(path: str | Path) -> dict[str, dict[str, float]]:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise SymbenchError("YAML price tables need PyYAML; use JSON") from None
        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    if not isinstance(data, dict):
        raise SymbenchError(f"{path}: a price table maps model-name globs to prices")
    for glob, price in data.items():
        if not isinstance(price, dict) or "input" not in price or "output" not in price:
            raise SymbenchError(f"{path}: {glob!r} needs 'input' and 'output' prices")
    return data


def price_for(model: str, prices: dict[str, dict[str, float]]) -> dict[str, float] | None:
    for glob, price in prices.items():
        if fnmatch.fnmatchcase(model, glob):
            return price
    return None


def call_cost(usage: dict[str, Any], price: dict[str, float]) -> float:
    cached = int(usage.get("cached_input", 0))
    inp = int(usage.get("input", 0))
    out = int(usage.get("output", 0))
    cached_price = float(price.get("cached_input", price["input"]))
    return (
        (inp - cached) * float(price["input"]) + cached * cached_price + out * float(price["output"])
    ) / 1e6
