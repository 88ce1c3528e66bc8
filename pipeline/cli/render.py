"""What a run looks like at a terminal: live progress per agent, and the summary at the end."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from pipeline.names import AGENTS

if TYPE_CHECKING:
    from pipeline.artifacts import RunSummary


class Progress:
    """Per-agent state folded from the run's events; pure, so it is easy to test."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {
            a: {"state": "waiting", "provider": "", "time": "", "tokens": ""} for a in AGENTS
        }
        self.started: dict[str, float] = {}

    def apply(self, event: dict[str, Any]) -> None:
        agent = event.get("agent")
        kind = event.get("event")
        if agent not in self.rows:
            return
        row = self.rows[agent]
        if kind == "agent_start":
            self.started[agent] = time.monotonic()
            row["state"] = "running" if not event.get("round") else f"fixing (round {event['round']})"
        elif kind == "provider_call":
            row["provider"] = f"{event['provider']}:{event['model']}"
        elif kind == "streaming":
            files = f", {event['files']} file(s)" if event.get("files") else ""
            row["state"] = f"receiving ({event['chars'] // 1000} kB{files})"
        elif kind == "continuation":
            row["state"] = "continuing a cut answer"
        elif kind == "agent_end":
            row["state"] = "done"
            row["provider"] = (
                event["provider"]
                if event["provider"] in ("template", "rules")
                else f"{event['provider']}:{event['model']}"
            )
            row["time"] = f"{event['latency_ms'] / 1000:.2f}s"
            row["tokens"] = str(event.get("tokens", 0))

    def table(self) -> Table:
        table = Table(title="pipeline", show_lines=False)
        for column in ("agent", "state", "provider", "time", "tokens"):
            table.add_column(column)
        for agent, row in self.rows.items():
            table.add_row(agent.upper(), row["state"], row["provider"], row["time"], row["tokens"])
        return table


def _note(provider: str, reason: str) -> str:
    """Short words for why an agent answered as it did."""
    parts = [p.strip() for p in reason.split(";") if p.strip()]
    no_keys = [p.split(":")[0] for p in parts if p.endswith("no keys configured")]
    others = [p for p in parts if not p.endswith("no keys configured")]
    words = ([f"no keys for {', '.join(no_keys)}"] if no_keys else []) + others
    if provider == "template":
        return "offline template" + (f": {'; '.join(words)}" if words else "")
    return ("fell back: " + "; ".join(words)) if words else ""


def print_summary(summary: RunSummary, console: Console) -> None:
    if summary.status == "rejected":
        console.print(f"Rejected: {'; '.join(summary.notes)}.", markup=False)
        return
    table = Table(title=f"{summary.app_name} — run {summary.run_id}")
    for column in ("agent", "provider", "model", "key", "tokens", "latency"):
        table.add_column(column)
    notes: list[str] = []
    for r in summary.agents:
        label = r.agent.upper() + (f" #{r.round}" if r.round else "")
        table.add_row(
            label,
            r.provider,
            r.model,
            r.key_fingerprint or "-",
            str(r.tokens_in + r.tokens_out),
            f"{r.latency_ms:.0f} ms",
        )
        if note := _note(r.provider, r.fallback_reason):
            notes.append(f"{label}: {note}")
    console.print(table)
    for note in notes:
        console.print(f"  {note}", markup=False)
    for event in summary.key_events:
        until = (
            f" until {time.strftime('%H:%M:%S', time.localtime(event['until']))}" if "until" in event else ""
        )
        console.print(
            f"  key {event['key']} ({event['provider']}): {event['to']}{until}: {event['reason']}",
            markup=False,
        )
    if summary.fit != "full" or summary.unmet:
        console.print(f"  [yellow]fit: {summary.fit}[/] — not made:", markup=True, highlight=False)
        for ask in summary.unmet:
            console.print(f"    - {ask}", markup=False, highlight=False)
    else:
        console.print("  fit: full", markup=False, highlight=False)
    for item in summary.dropped:
        console.print(f"  [yellow]left out:[/] {item.text}", markup=True, highlight=False)
    for note in summary.notes:
        console.print(f"  {note}", markup=False)
    for path in summary.conflicts:
        console.print(
            f"  [red]conflict:[/] {path} (both changed the same lines: resolve the markers)",
            markup=True,
            highlight=False,
        )
    if summary.diff:
        console.print("Dry run: nothing was written. The change would be:")
        console.file.write(summary.diff)
    errors = [d for d in summary.diagnostics if d.severity == "error"]
    estimated = " (some estimated)" if any(r.tokens_estimated for r in summary.agents) else ""
    console.print(
        f"{summary.tokens:,} tokens in {sum(r.calls for r in summary.agents)} model call(s){estimated}."
    )
    console.print(
        f"{len(summary.files_written)} files written to [bold]{summary.output_dir}[/] in {summary.duration_s:.1f}s; "
        f"{summary.fix_rounds} fix round(s); {len(errors)} error(s) left; {summary.cache_hits} cache hit(s)."
    )
    console.print("Run it:")
    for command in summary.run_commands:
        console.print(f"  {command}", markup=False)
