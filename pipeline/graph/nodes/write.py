"""The last node: the project written to its folder (new, or an edit merged with your changes),
and the run's summary."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from pipeline.graph.nodes.step import Update, context, emitter
from pipeline.graph.nodes.summary import dropped_of, left_out_section, rejected_summary, run_summary
from pipeline.graph.state import PipelineState, is_edit
from pipeline.projects.write import WriteLimits, Written, all_files, write_edit, write_new


async def write_node(state: PipelineState) -> Update:
    ctx, emit = context(), emitter()
    if state.get("rejected"):
        return {"summary": rejected_summary(state)}
    plan, design = state["plan"], state["design"]
    files = all_files(state)
    if "README.md" in files and state.get("dropped"):
        files["README.md"] = files["README.md"].rstrip("\n") + "\n" + left_out_section(dropped_of(state))
    editing = is_edit(state)
    out = state.get("output_dir") or _free_folder(
        state.get("output_root"), plan.slug, bool(state.get("force"))
    )
    written = Written()
    if out:
        s = ctx.settings
        limits = WriteLimits(s.max_file_bytes, s.max_project_bytes, s.max_files)
        common: dict[str, Any] = {
            "plan": plan, "design": design, "request": state["prompt"], "run_id": state.get("run_id", ""),
            "limits": limits,
        }  # fmt: skip
        if editing:
            written = await asyncio.to_thread(
                write_edit, Path(out), files, dry_run=bool(state.get("dry_run")), **common
            )
        else:
            written = await asyncio.to_thread(
                write_new,
                Path(out),
                files,
                force=bool(state.get("force")),
                history=s.project_history,
                **common,
            )
        emit({"event": "written", "output_dir": out, "files": len(written.files), "removed": written.removed,
              "conflicts": written.conflicts, "dry_run": bool(state.get("dry_run"))})  # fmt: skip
    summary = run_summary(state, out, written, files)
    return {"summary": summary}


def _free_folder(root: str | None, slug: str, force: bool) -> str | None:
    if not root:
        return None
    candidate = Path(root) / slug
    n = 1
    while not force and candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        n += 1
        candidate = Path(root) / f"{slug}-{n}"
    return str(candidate)
