"""``python -m pipeline keys``: the pool's stats as a table, or JSON with ``--json``."""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from pipeline._sync import run_sync
from pipeline.cli.parsing import Parser
from pipeline.keypool.factory import pool_from_settings
from pipeline.settings import Settings


def keys_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(
        prog="python -m pipeline keys", description="Key pool stats; keys are shown by fingerprint only."
    )
    parser.add_argument("--json", action="store_true", help="print the stats object as JSON")
    ns = parser.parse_args(argv)
    pool = pool_from_settings(Settings())

    async def collect() -> dict[str, Any]:
        try:
            return await pool.stats()
        finally:
            await pool.close()

    stats = run_sync(collect())
    if ns.json:
        console.file.write(json.dumps(stats, ensure_ascii=False) + "\n")
        return 0
    for problem in pool.problems:
        console.print(f"[yellow]skipped[/] {problem.source}: {problem.message}", markup=True, highlight=False)
    if not stats:
        console.print("No provider keys configured: every agent uses the offline templates.")
        console.print(
            "Set GEMINI_API_KEY, GROQ_API_KEY, DEEPSEEK_API_KEY or OPENROUTER_API_KEY (see README)."
        )
        return 0
    for provider, figures in stats.items():
        capacity = figures["total_capacity"]
        table = Table(
            title=f"{provider}: {figures['active_keys']}/{figures['total_keys']} active, "
            f"{figures['total_requests']} requests, capacity {capacity if capacity is not None else 'unlimited'}/day "
            f"in {figures['limit_groups']} limit group(s)"
        )
        for column in ("key", "label", "group", "state", "today", "left rpm", "left rpd", "tokens"):
            table.add_column(column, no_wrap=column in ("key", "group", "state"))
        for key in figures["keys"]:
            left = key["remaining"]
            table.add_row(
                key["fingerprint"],
                key["label"],
                "own" if key["group"] == key["fingerprint"] else key["group"],
                key["state"],
                str(key["usage"]["requests_today"]),
                "∞" if left["rpm"] is None else str(left["rpm"]),
                "∞" if left["rpd"] is None else str(left["rpd"]),
                str(key["usage"]["total_tokens"]),
            )
        console.print(table)
    return 0
