"""`symbench methods [--json]`: method names, roles and default config."""

from __future__ import annotations

import json


def main(argv: list[str]) -> int:
    from steering.methods.registry import get_method, method_names

    rows = []
    for name in method_names():
        m = get_method(name)
        rows.append(
            {"name": name, "roles": list(m.roles), "defaults": m.all_defaults(), "description": m.description}
        )
    if "--json" in argv:
        print(json.dumps(rows, indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="symbench methods")
    for col in ("method", "roles", "defaults", "description"):
        table.add_column(col)
    for row in rows:
        defaults = ", ".join(f"{k}={v}" for k, v in row["defaults"].items())
        table.add_row(row["name"], ", ".join(row["roles"]), defaults, row["description"])
    Console().print(table)
    return 0
