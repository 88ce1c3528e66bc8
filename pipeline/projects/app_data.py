"""An app's own data across the versions of its project.

A new version's app starts on the data of the version it was made from: its preview opens on a
copy of that version's data folder (the database and uploads), and the app brings the database
up to its own schema at start-up (``backend/app/migrations``). The version before keeps its
data as it was. A version's own data, once it has some, is always its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def made_from(record: Mapping[str, Any]) -> str | None:
    """The job id of the version a job's version was made from (an edit's base), if any."""
    options = record.get("options") or {}
    base = options.get("edit_of") if isinstance(options, Mapping) else None
    return str(base) if base else None


def data_to_start_from(kept: Callable[[str], Path], job_id: str, base_id: str | None) -> Path:
    """The data folder a version's app starts on: its own kept one when it has one, else its base
    version's (copied in by the caller, never used in place), else its own (empty).

    ``kept`` maps a job id to where that job's data is kept between starts."""
    own = kept(job_id)
    if own.is_dir() or base_id is None or base_id == job_id:
        return own
    base = kept(base_id)
    return base if base.is_dir() and not base.is_symlink() else own
