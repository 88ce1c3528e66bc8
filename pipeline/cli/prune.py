"""``python -m pipeline prune``: removes the projects retention says have expired (anonymous ones
nobody changed for ``PIPELINE_ANONYMOUS_RETENTION_DAYS``, 7 by default), with their versions,
files and traces, and says what it freed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from typing import TextIO

from rich.console import Console

from pipeline.settings import Settings

ANONYMOUS = ("secret", "anonymous")
"""Users who never signed in: a job's secret is all that owns their projects."""


def prune_command(args: list[str], console: Console, stdin: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="pipeline prune", description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="say what would go; remove nothing")
    parser.add_argument("--json", action="store_true")
    ns = parser.parse_args(args)
    from pipeline.server.store_kept import open_kept
    from pipeline.tracing.store import RunStore

    settings = Settings()
    days = float(os.environ.get("PIPELINE_ANONYMOUS_RETENTION_DAYS", "7"))
    projects, files = open_kept(settings.postgres_url, settings.data_dir)
    runs = RunStore(settings.data_dir)
    expired = projects.stale(ANONYMOUS, time.time() - days * 86_400)
    freed = versions = 0
    for project_id, owner, held in expired:
        found = projects.project(project_id, owner)
        if found is None or ns.dry_run:
            freed, versions = freed + held, versions + len(found.versions if found else ())
            continue
        for key in projects.delete(project_id, owner) or []:
            files.delete(key)
        for version in found.versions:
            shutil.rmtree(runs.folder(version.job_id), ignore_errors=True)
        freed, versions = freed + held, versions + len(found.versions)
    projects.close()
    report = {"projects": len(expired), "versions": versions, "bytes": freed, "retention_days": days,
              "dry_run": ns.dry_run}  # fmt: skip
    if ns.json:
        console.file.write(json.dumps(report) + "\n")
    else:
        verb = "would free" if ns.dry_run else "freed"
        console.print(
            f"{len(expired)} expired project(s), {versions} version(s): {verb} {freed / 2**20:.1f} MiB "
            f"(anonymous projects unchanged for {days:g} days)"
        )
    return 0
