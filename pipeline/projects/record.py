"""``.pipeline/project.json`` inside a generated project: how it was made.

File hashes are git blob ids (``sha1("blob <size>\\0" + bytes)``): computed without git, they
still find the generated version of a file in the project's git history when there is one.
"""

from __future__ import annotations

import hashlib
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from pipeline.artifacts import Design, Plan
from pipeline.errors import InputError

RECORD = Path(".pipeline") / "project.json"


def blob_id(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class Step(BaseModel):
    kind: Literal["generate", "edit"]
    request: str
    run_id: str
    at: float = Field(default_factory=time.time)
    conflicts: list[str] = Field(default_factory=list)


class ProjectRecord(BaseModel):
    """What a project was made from; rewritten by every generation and edit."""

    request: str
    """The request that first generated the project."""
    plan: Plan
    design: Design
    run_id: str
    files: dict[str, str] = Field(default_factory=dict)
    """Each file's git blob id as the pipeline generated it (before any merge with your changes)."""
    history: list[Step] = Field(default_factory=list)

    def changed_by_you(self, root: Path) -> dict[str, str]:
        """Generated files whose text on disk differs from what was generated: path → your text."""
        changed: dict[str, str] = {}
        for path, generated in self.files.items():
            target = root / path
            if target.is_file():
                text = target.read_text(encoding="utf-8", errors="replace")
                if blob_id(text) != generated:
                    changed[path] = text
        return changed


def load_project(root: Path) -> ProjectRecord:
    """The record of a generated project, or an InputError that says what to do. An edit asks
    for it from several steps; the file is read and parsed once per version of it on disk."""
    path = root / RECORD
    if not root.is_dir():
        raise InputError(f"{root} is not a folder", hint="give the folder of a generated project")
    if not path.is_file():
        raise InputError(
            f"{root} has no {RECORD}: it was not made by pipeline (or by a version before edits existed)",
            hint='generate it first: python -m pipeline "..." --out DIR',
        )
    seen = path.stat()
    return _parsed(str(path.resolve()), seen.st_mtime_ns, seen.st_size).model_copy(deep=True)


@lru_cache(maxsize=32)
def _parsed(path: str, mtime_ns: int, size: int) -> ProjectRecord:
    try:
        return ProjectRecord.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except (ValidationError, ValueError) as exc:
        raise InputError(
            f"{path} is damaged: {str(exc)[:200]}", hint="restore it from the project's git history"
        ) from exc


def record_json(record: ProjectRecord) -> str:
    data: dict[str, Any] = record.model_dump(mode="json")
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
