"""One card per request: what the offline path makes of it, for a person to judge by hand.

    python bench/app_cards.py CORPUS.jsonl [--ids tune|heldout] [--split SPLIT.json] > cards.md

A card shows the request and the app: its name, its kind, the things it keeps with their fields,
the operations beyond keeping them (a game's moves, a poll's votes), the colours, and what the
app says of its own fit (``fit`` and ``unmet``). It does not show the corpus's labels, so a judge
reading cards judges the app against the request alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.templates import extract_spec  # noqa: E402
from pipeline.templates.contract import build_design  # noqa: E402


def card(row: dict[str, Any]) -> str:
    try:
        return _card(row)
    except Exception as error:  # a request that does not generate is a finding a judge counts
        return (
            f"## {row['id']}\n\n> {row['request']}\n\n- generation failed: {type(error).__name__}: {error}\n"
        )


def _card(row: dict[str, Any]) -> str:
    plan = extract_spec(row["request"])
    design = build_design(plan)
    lines = [
        f"## {row['id']}",
        "",
        f"> {row['request']}",
        "",
        f"- name: **{plan.app_name}**",
        f"- kind: {plan.kind}",
    ]
    for entity in plan.entities:
        fields = ", ".join(f"{f.name} ({f.type})" for f in entity.fields)
        lines.append(f"- keeps {entity.plural_label}: {fields}")
    for op in design.custom_operations:
        lines.append(f"- operation {op.method.upper()} {op.path}: {op.summary or op.operation_id}")
    if plan.theme is not None:
        lines.append(f"- colours: {plan.theme.model_dump(exclude_none=True, exclude_defaults=True)}")
    lines.append(f"- says fit: **{plan.fit}**" + (f"; unmet: {'; '.join(plan.unmet)}" if plan.unmet else ""))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--ids", choices=["tune", "heldout"], help="only this part of --split")
    parser.add_argument("--split", type=Path, default=ROOT / "bench/corpus/outside_fresh_split.json")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    if args.ids:
        wanted = set(json.loads(args.split.read_text())[args.ids])
        rows = [row for row in rows if row["id"] in wanted]
    print("\n".join(card(row) for row in rows))


if __name__ == "__main__":
    main()
