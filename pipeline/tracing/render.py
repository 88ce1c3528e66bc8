"""A run as a person reads it: a tree of agents, their provider calls, fallbacks, key-pool
changes and DEBUG rounds, with totals. Pure: events in, rich renderables out."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pipeline.tracing.store import RunRecord, live_status


def _ms(value: Any) -> str:
    return f"{float(value or 0) / 1000:.2f}s"


def render_trace(record: RunRecord, events: list[dict[str, Any]]) -> Group:
    status = live_status(record)
    root = Tree(
        Text.assemble(
            (f"run {record.run_id}", "bold"), f"  {status}  {record.duration_s:.1f}s  “{record.prompt[:80]}”"
        )
    )
    steps: OrderedDict[tuple[str, int], Tree] = OrderedDict()
    totals: dict[str, float] = {
        "calls": 0, "errors": 0, "tokens_in": 0, "tokens_out": 0, "fallbacks": 0, "cache_hits": 0, "cost": 0.0,
    }  # fmt: skip
    for event in events:
        kind = event.get("event")
        agent = str(event.get("agent", ""))
        key = (agent, int(event.get("round", 0) or 0))
        if kind == "agent_start":
            label = agent.upper() + (f" — fix round {key[1]}" if key[1] else "")
            parallel = "  (parallel)" if agent in ("backend", "uix") and not key[1] else ""
            steps[key] = root.add(Text(label + parallel, style="bold cyan"))
        node = steps.get(key) or next((t for (a, _), t in reversed(steps.items()) if a == agent), root)
        if kind == "provider_end":
            totals["calls"] += 1
            if event.get("error"):
                totals["errors"] += 1
                node.add(
                    Text(
                        f"✗ {event['provider']}:{event['model']} attempt {event.get('attempt', 1)}  {event['error']}  {_ms(event.get('latency_ms'))}  {str(event.get('message', ''))[:120]}",
                        style="red",
                    )
                )
            else:
                totals["tokens_in"] += int(event.get("input_tokens", 0))
                totals["tokens_out"] += int(event.get("output_tokens", 0))
                totals["cost"] += float(event.get("cost_usd") or 0.0)
                tried = int(event.get("keys_tried", 1))
                swapped = f"  (key #{tried}: {tried - 1} key(s) failed first)" if tried > 1 else ""
                estimated = " (estimated)" if event.get("usage_estimated") else ""
                cut = "  cut at the output limit" if event.get("finish_reason") == "length" else ""
                piece = f"  continuation {event['continuation']}" if event.get("continuation") else ""
                node.add(
                    f"✓ {event['provider']}:{event['model']}  key {event.get('key') or '-'}  "
                    f"{event.get('input_tokens', 0)}→{event.get('output_tokens', 0)} tokens{estimated}  "
                    f"{_ms(event.get('latency_ms'))}{_usd(event)}{swapped}{piece}{cut}"
                )
        elif kind == "cache_hit":
            totals["cache_hits"] += 1
            node.add(
                Text(
                    f"♻ cache hit: the answer {event.get('provider')}:{event.get('model')} gave before",
                    style="green",
                )
            )
        elif kind == "continuation":
            node.add(
                Text(
                    f"⤳ answer cut ({event.get('reason', '')}): asked to continue where it stopped",
                    style="cyan",
                )
            )
        elif kind in ("model_retired", "link_skipped"):
            node.add(Text(f"⊘ {event.get('message') or event.get('reason', '')}"[:240], style="yellow"))
        elif kind == "edit_dropped":
            node.add(Text(f"✗ {event.get('reason', '')}"[:240], style="red"))
        elif kind == "dropped" and event.get("stage") != "revert":  # a revert's are listed with it
            node.add(Text(f"✗ left out: {event.get('reason', '')}"[:240], style="red"))
        elif kind == "shortened":
            node.add(Text(f"✂ {event.get('what', '')}"[:240], style="yellow"))
        elif kind == "scaffold_collision":
            files = ", ".join(event.get("files", []))
            node.add(
                Text(
                    f"⚠ the new scaffold met earlier model code in {files}: the code was kept"[:240],
                    style="yellow",
                )
            )
        elif kind == "reverted":
            for item in event.get("dropped", []):
                node.add(Text(f"⟲ dropped: {item}"[:240], style="red"))
        elif kind == "parse_error":
            node.add(Text(f"↻ answer unusable, asked again: {event.get('error', '')[:120]}", style="yellow"))
        elif kind == "key_state":
            node.add(
                Text(
                    f"⚷ key {event.get('key')} ({event.get('provider')}): {event.get('from')} → {event.get('to')}: {event.get('reason', '')}",
                    style="magenta",
                )
            )
        elif kind == "fallback":
            totals["fallbacks"] += 1
            reasons = "; ".join(event.get("reasons", [])) or "template path chosen"
            node.add(Text(f"⤵ offline template ({reasons[:200]})", style="yellow"))
        elif kind == "validation":
            line = f"checks: {event.get('error', 0)} error(s), {event.get('warning', 0)} warning(s)"
            if event.get("fixed"):
                line += f"; fixed by rules: {', '.join(event['fixed'])}"
            line += f"; {event.get('reason', '')}"
            checks = node.add(Text(line, style="green" if not event.get("error") else "yellow"))
            for d in event.get("diagnostics", []):
                where = f"{d['file']}:{d['line']}" if d.get("line") else d["file"]
                checks.add(Text(f"{where}  [{d['check']}] {d['message']}", style="yellow"))
        elif kind == "agent_end":
            node.label = Text.assemble(
                node.label if isinstance(node.label, Text) else Text(str(node.label)),
                f"  → {event.get('provider')}  {_ms(event.get('latency_ms'))}",
            )
        elif kind == "written":
            root.add(
                Text(f"wrote {event.get('files')} files to {event.get('output_dir')}", style="bold green")
            )
    if record.error:
        root.add(Text(f"failed: {record.error}", style="bold red"))
    table = Table(title="totals", show_header=True)
    for column in (
        "provider calls",
        "failed calls",
        "tokens in",
        "tokens out",
        "template fallbacks",
        "cache hits",
        "cost",
    ):
        table.add_column(column, justify="right")
    table.add_row(
        *(
            str(int(totals[k]))
            for k in ("calls", "errors", "tokens_in", "tokens_out", "fallbacks", "cache_hits")
        ),
        f"${totals['cost']:.4f}",
    )
    return Group(root, table)


def _usd(event: dict[str, Any]) -> str:
    cost = event.get("cost_usd")
    return "" if cost is None else f"  ${float(cost):.5f}"


def runs_table(records: list[RunRecord]) -> Table:
    table = Table(title="runs")
    for column in ("id", "request", "status", "duration", "tokens", "cost", "providers", "output"):
        table.add_column(column, overflow="fold")
    for r in records:
        providers = ", ".join(sorted(set(r.providers.values()))) or "-"
        table.add_row(
            r.run_id,
            r.prompt[:50],
            live_status(r),
            f"{r.duration_s:.1f}s",
            str(r.tokens),
            f"${r.cost_usd:.4f}",
            providers,
            r.output_dir or "-",
        )
    return table
