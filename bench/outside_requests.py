"""What the offline path makes of requests written in styles the kinds were not written for.

    python bench/outside_requests.py [--half tune|heldout|fresh|blind|both|all] [--details] [--full N]
                                     [--checkout DIR]

The corpus (``bench/corpus/outside_tune.jsonl`` and ``outside_heldout.jsonl``, 166 requests
split 83/83 by ``random.Random(28)`` before any result was read; ``outside_fresh.jsonl``, 90
requests in styles the first two do not use, written 2026-12-07, never tuned on) records for
each request the name a person would expect (``|`` between acceptable ones; ``product``: the
request gives the product's own name), the kind (``none``: no kind of ours does its core job;
``generic``: a plain list of the things it names is the job), the colours by role, the fields of
"each X has A, B and C", and the core job in words. Tune on the tune half only; the held-out and
fresh halves are measured, never tuned on. ``outside_blind.jsonl`` (120 requests in seven styles,
written and labelled on 2026-12-07 by a writer who had read neither the code nor the other corpora)
was split 58/62 within each style by ``random.Random(1208)`` (``outside_blind_split.json``) before
any row's result was read: the tune part was tuned on, the held-out part never.
``both`` is tune and held-out; ``all`` adds fresh and blind.

Per half: names that fit, colours in their roles, styling words kept as data, the kind as
expected, an honest ``fit`` (a request no kind fits is not called ``full``), named fields kept
exactly, and offline generation (plan, contract and every file rendered; ``--full N`` also runs
the whole graph offline for the first N requests of each half). ``--checkout DIR`` reads the
corpus with another checkout's ``pipeline`` (say, the commit before a change), by the same rules.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("BENCH_CHECKOUT") or str(ROOT))

from pipeline.artifacts import Plan  # noqa: E402
from pipeline.templates import extract_spec  # noqa: E402
from pipeline.templates.contract import build_design  # noqa: E402
from pipeline.templates.render import project_files, render_backend, render_frontend  # noqa: E402

HALVES = {
    "tune": ROOT / "bench/corpus/outside_tune.jsonl",
    "heldout": ROOT / "bench/corpus/outside_heldout.jsonl",
    "fresh": ROOT / "bench/corpus/outside_fresh.jsonl",
    "blind": ROOT / "bench/corpus/outside_blind.jsonl",
}
# words that may stand beside the expected name: they say what sort of app it is
APP_WORDS = {
    "game", "tracker", "log", "manager", "list", "planner", "board", "hub", "book", "catalogue", "catalog",
    "maker", "finder", "comparison", "booking", "reservation", "calendar", "collection", "diary", "journal",
    "record", "schedule", "club", "weekly", "monthly", "daily", "online", "personal", "local", "small",
    "portal", "directory", "app", "library", "puzzle", "trainer", "marketplace", "reviews", "lending",
}  # fmt: skip
ROLE_WORDS = {"background", "backdrop", "component", "components", "colour", "color", "accent", "accents"}


def load(half: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in HALVES[half].read_text().splitlines() if line.strip()]


def _norm(word: str) -> str:
    word = word.lower().replace("é", "e")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def name_fits(row: dict[str, Any], name: str) -> bool:
    """The product's own name, exactly; else one of the expected names, with at most words that
    say what sort of app it is ("Game", "Tracker", "Weekly") beside it."""
    if row["product"]:
        return name.lower().replace(" ", "") == str(row["name"]).lower().replace(" ", "")
    words = [_norm(w) for w in re.findall(r"[A-Za-z0-9é]+", name)]
    for alternative in row["name"].split("|"):
        wanted = {_norm(w) for w in re.findall(r"[A-Za-z0-9é]+", alternative)}
        if wanted <= set(words) and set(words) - wanted <= APP_WORDS and len(words) <= 5:
            return True
    return False


def colours_in_roles(row: dict[str, Any], plan: Plan) -> bool:
    theme = plan.theme
    for role, asked in row.get("colours", {}).items():
        got = getattr(theme, role) if theme else None
        if got is None or (asked["hex"] != "~" and got != asked["hex"]):
            return False
    return True


def styling_as_data(row: dict[str, Any], plan: Plan) -> list[str]:
    """Entity and field names that are colour names the request used, or words about the look
    (a field the request asked for by name, like a climb's ``colour``, is data)."""
    colour_words = {
        w
        for c in row.get("colours", {}).values()
        for w in c["name"].split()
        if w not in ("~", "light", "dark")
    }
    asked = {name for names in row.get("fields", {}).values() for name in names}
    found = []
    for entity in plan.entities:
        for name in (entity.name, *(f.name for f in entity.fields)):
            if name not in asked and set(name.split("_")) & (colour_words | ROLE_WORDS):
                found.append(name)
    return found


def fields_exact(row: dict[str, Any], plan: Plan) -> bool:
    """The thing named, with exactly the fields named (a name the generated code reserves, like
    ``date``, may carry a suffix)."""
    (entity_name, wanted), *_ = row["fields"].items()
    entity = plan.entity(entity_name)
    if entity is None:
        return False
    names = [f.name for f in entity.fields]
    return len(names) == len(wanted) and all(
        any(n == w or n.startswith(w + "_") for n in names) for w in wanted
    )


def kind_as_expected(row: dict[str, Any], plan: Plan) -> bool:
    expected = row["kind"].split("|")
    return plan.kind in expected or ("none" in expected and plan.kind == "generic")


def honest(row: dict[str, Any], plan: Plan) -> bool | None:
    """A kind that does the job does not say ``none``; anything else does not say ``full``."""
    fit = getattr(plan, "fit", None)
    if fit is None:
        return None
    kinds = set(row["kind"].split("|")) - {"none"}
    return bool(fit != "none") if plan.kind in kinds else bool(fit != "full")


def generates(plan: Plan) -> bool:
    design = build_design(plan)
    files = {
        **render_backend(plan, design).files,
        **render_frontend(plan, design).files,
        **project_files(plan, design),
    }
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
    return bool(files)


def full_generation(requests: list[str]) -> int:
    from pipeline import generate

    done = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, request in enumerate(requests):
            done += generate(request, out=Path(tmp) / f"app{n}").status == "succeeded"
    return done


def measure(rows: list[dict[str, Any]], details: bool) -> dict[str, str]:
    counts = {k: [0, 0] for k in ("name", "colours", "styling", "kind", "honest", "fields", "generates")}
    for row in rows:
        plan = extract_spec(row["request"])
        checks: dict[str, bool | None] = {
            "name": name_fits(row, plan.app_name),
            "colours": colours_in_roles(row, plan) if row.get("colours", {}) else None,
            "styling": not styling_as_data(row, plan),
            "kind": kind_as_expected(row, plan),
            "honest": honest(row, plan),
            "fields": fields_exact(row, plan) if row.get("fields") else None,
            "generates": generates(plan),
        }
        for key, ok in checks.items():
            if ok is not None:
                counts[key][0] += int(ok)
                counts[key][1] += 1
        if details:
            misses = " ".join(k for k, ok in checks.items() if ok is False)
            fit = getattr(plan, "fit", "-")
            print(f"{row['id']} {plan.app_name!r} kind={plan.kind} fit={fit} want={row['kind']} {misses}")
    return {k: f"{ok}/{n} ({100 * ok / n:.0f}%)" if n else "-" for k, (ok, n) in counts.items()}


LABELS = {
    "name": "names fit (product's own name kept)",
    "colours": "colours in the roles asked",
    "styling": "no styling words as entities or fields",
    "kind": "kind as expected",
    "honest": "fit honest (none/partial when no kind does the job)",
    "fields": '"each X has A, B and C" kept exactly',
    "generates": "generates offline (plan, contract, files)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=(*HALVES, "both", "all"), default="both")
    parser.add_argument("--details", action="store_true", help="one line per request, with its misses")
    parser.add_argument(
        "--full", type=int, default=0, help="also run the whole graph for N requests per half"
    )
    parser.add_argument("--checkout", type=Path, help="read with this checkout's pipeline package instead")
    args = parser.parse_args()
    if args.checkout and not os.environ.get("BENCH_CHECKOUT"):  # its own imports: a child process
        argv = [a for a in sys.argv[1:] if a not in ("--checkout", str(args.checkout))]
        env = {**os.environ, "BENCH_CHECKOUT": str(args.checkout.resolve())}
        raise SystemExit(subprocess.run([sys.executable, __file__, *argv], env=env, check=False).returncode)
    halves = {"both": ["tune", "heldout"], "all": list(HALVES)}.get(args.half, [args.half])
    results = {half: measure(load(half), args.details) for half in halves}
    if args.full:
        for half in halves:
            chosen = [r["request"] for r in load(half)[: args.full]]
            results[half]["full"] = f"{full_generation(chosen)}/{len(chosen)}"
        LABELS["full"] = "whole graph offline, succeeded"
    table = Table(title="Outside requests, offline")
    table.add_column("measure")
    for half in halves:
        table.add_column(f"{half} ({len(load(half))})", justify="right")
    for key, label in LABELS.items():
        table.add_row(label, *(results[h].get(key, "-") for h in halves))
    Console().print(table)


if __name__ == "__main__":
    main()
