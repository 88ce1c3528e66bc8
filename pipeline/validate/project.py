"""A project folder on disk → the FileSets and Design the checks take."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import ValidationError

from pipeline.artifacts import Design, FileSet
from pipeline.errors import InputError

SKIPPED_DIRS = {
    "node_modules",
    "dist",
    "build",
    ".venv",
    "venv",
    "__pycache__",
    ".git",
    ".pytest_cache",
    ".mypy_cache",
}
TEXT_SUFFIXES = {
    ".py",
    ".js",
    ".jsx",
    ".mjs",
    ".ts",
    ".tsx",
    ".json",
    ".txt",
    ".ini",
    ".cfg",
    ".toml",
    ".html",
    ".css",
    ".md",
}
CONTRACT_FILE = "openapi.json"


def load_project(root: Path, *, max_bytes: int = 2_000_000) -> tuple[Design, FileSet, FileSet]:
    if not root.is_dir():
        raise InputError(f"{root} is not a folder", hint="give the folder that holds backend/ and frontend/")
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in SKIPPED_DIRS for part in rel.parts) or path.is_symlink() or not path.is_file():
            continue
        if path.suffix not in TEXT_SUFFIXES or path.stat().st_size > max_bytes:
            continue
        try:
            files[rel.as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
    backend = FileSet(files={p: c for p, c in files.items() if p.startswith("backend/")}, agent="backend")
    frontend = FileSet(files={p: c for p, c in files.items() if p.startswith("frontend/")}, agent="uix")
    if not backend.files and not frontend.files:
        raise InputError(
            f"{root} has neither backend/ nor frontend/", hint="point check at a generated project's folder"
        )
    return _design(root), backend, frontend


def _design(root: Path) -> Design:
    """The contract the project was built against (``openapi.json``), or an empty one."""
    path = root / CONTRACT_FILE
    contract: dict[str, object] = {}
    if path.is_file():
        try:
            contract = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    port = 8000
    servers = contract.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        found = re.search(r":(\d+)", str(servers[0].get("url", "")))
        port = int(found[1]) if found else port
    try:
        return Design(contract=contract, resources=[], backend_port=min(max(port, 1024), 65535))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(
            f"{path} cannot be used as a contract: {first.get('msg', 'not valid')}",
            hint="fix or remove openapi.json",
        ) from exc
