"""``python -m pipeline models [--check] [--json]``: the catalog, and each chain link's state.

Without ``--check`` it reads only the catalog. With it, every provider that has keys (and a
local server) is asked for its live model list, and each link of each agent's chain is marked
``available``, ``missing`` (not in the live list), ``retired``, or ``retiring`` (its provider
announced a shutdown within ``RETIRING_SOON``). Exit code 1 when a link is missing, retired or
retiring, so a scheduled check can alert before users notice: the calendar is this command's
business, never the test suite's.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table

from pipeline._sync import run_sync
from pipeline.catalog import load_catalog
from pipeline.cli.parsing import Parser
from pipeline.names import AGENTS
from pipeline.settings import ChainLink, Settings

if TYPE_CHECKING:
    from pipeline.keypool.pool import KeyPool
    from pipeline.providers.live_models import LiveModel


RETIRING_SOON = timedelta(days=31)
"""How far ahead ``--check`` warns of an announced shutdown."""


def link_state(
    link: ChainLink, live: list[LiveModel] | None, error: str | None, *, today: date | None = None
) -> dict[str, Any]:
    """One chain link's row: what the catalog says, and what the live list says when asked.
    ``today`` is the day to judge retirements by (the real one when None)."""
    info = load_catalog().model(link.provider, link.model)
    row: dict[str, Any] = {"link": str(link), "in_catalog": info.known, "replacement": info.replacement}
    use = f"; use {link.provider}:{info.replacement}" if info.replacement else ""
    day = today or date.today()
    if info.is_retired(day):
        row["status"], row["detail"] = "retired", f"retired on {info.retired}{use}"
        return row
    if live is not None and info.is_retired(day + RETIRING_SOON):
        row["status"], row["detail"] = "retiring", f"retires on {info.retired}{use}"
        return row
    if error is not None:
        row["status"], row["detail"] = "unchecked", error
        return row
    if live is None:
        row["status"], row["detail"] = (
            ("listed" if info.known else "unknown"),
            "catalog only (run with --check)",
        )
        return row
    if link.provider == "openrouter" and link.model == "free":
        from pipeline.providers.live_models import pick_free_model

        chosen = pick_free_model(live)
        row["status"] = "available" if chosen else "missing"
        row["detail"] = f"resolves to {chosen}" if chosen else "no free code model in the live list"
        return row
    if link.provider == "local" or any(m.id == link.model for m in live):
        row["status"], row["detail"] = (
            "available",
            "in the live list" if link.provider != "local" else "server answers",
        )
        return row
    row["status"], row["detail"] = "missing", "not in the provider's live list"
    return row


async def _live(
    settings: Settings, pool: KeyPool, providers: set[str]
) -> dict[str, tuple[list[LiveModel] | None, str | None]]:
    # provider code only for a live check: `models` alone stays a light command
    from pipeline.providers.errors import ProviderError
    from pipeline.providers.live_models import list_models

    found: dict[str, tuple[list[LiveModel] | None, str | None]] = {}
    for provider in sorted(providers):
        borrowed = pool.listing_key(provider) if provider != "local" else ("", "")
        if borrowed is None:
            found[provider] = (None, "no keys configured")
            continue
        try:
            models = await list_models(
                provider, settings.base_url(provider), borrowed[0] or None, fingerprint=borrowed[1]
            )
            found[provider] = (models, None)
        except ProviderError as exc:
            found[provider] = (None, exc.message)
    return found


def models_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(prog="python -m pipeline models", description="The model catalog and the agents' chains.")
    parser.add_argument(
        "--check", action="store_true", help="ask each provider with keys for its live model list"
    )
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    ns = parser.parse_args(argv)
    settings = Settings()
    links = {
        agent: [link for link in settings.chain(agent) if link.provider != "template"] for agent in AGENTS
    }
    live: dict[str, tuple[list[LiveModel] | None, str | None]] = {}
    if ns.check:
        from pipeline.keypool.factory import pool_from_settings

        pool = pool_from_settings(settings)

        async def collect() -> dict[str, tuple[list[LiveModel] | None, str | None]]:
            try:
                return await _live(
                    settings, pool, {link.provider for chain in links.values() for link in chain}
                )
            finally:
                await pool.close()

        live = run_sync(collect())
    chains = {
        agent: [link_state(link, *live.get(link.provider, (None, None))) for link in agent_links]
        for agent, agent_links in links.items()
    }
    bad = any(row["status"] in ("retired", "retiring", "missing") for rows in chains.values() for row in rows)
    if ns.json:
        result = {
            "catalog": [asdict(m) for m in load_catalog().rows()],
            "chains": chains,
            "live": {
                p: (len(m) if m is not None else None) if err is None else err for p, (m, err) in live.items()
            },
        }
        console.file.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 1 if bad else 0
    catalog = Table(title="model catalog (pipeline/catalog/models.toml)")
    for column in (
        "provider",
        "model",
        "context",
        "max out",
        "free rpm/rpd/tpm/tpd",
        "per",
        "$/1M in/out",
        "json",
        "retired",
        "checked",
    ):
        catalog.add_column(column)
    for m in load_catalog().rows():
        limits = "/".join("-" if v is None else str(v) for v in (m.rpm, m.rpd, m.tpm, m.tpd))
        price = f"{m.price_in}/{m.price_out}" if m.price_in is not None else "-"
        retired = f"{m.retired} → {m.replacement}" if m.retired else ""
        catalog.add_row(m.provider, m.model, str(m.context), str(m.max_output), limits, m.limit_scope, price,
                        "yes" if m.json_mode else "no", retired, m.checked)  # fmt: skip
    console.print(catalog)
    table = Table(title="chains" + (" (checked live)" if ns.check else ""))
    for column in ("agent", "link", "status", "detail"):
        table.add_column(column)
    for agent, rows in chains.items():
        for row in rows:
            color = {
                "available": "green",
                "listed": "green",
                "retired": "red",
                "retiring": "red",
                "missing": "red",
            }.get(row["status"], "yellow")
            table.add_row(agent.upper(), row["link"], f"[{color}]{row['status']}[/]", row["detail"])
    console.print(table)
    return 1 if bad else 0
