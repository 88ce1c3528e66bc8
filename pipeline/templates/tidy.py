"""Generated Python, tidied the way its owner's tools would: imports sorted and unused ones
removed, then formatted, by ruff under the ``ruff.toml`` the backend ships.

Templates print code fragments in many combinations (a feature in or out, one entity or ten);
tidying the result once is what makes every combination pass ``ruff check`` and ``ruff format
--check`` without hand-formatting each branch of each template. Model-written files go through
the same step before they are written, so a project on disk never fails its own format check.
Only whole-file rewrites ruff itself calls safe are applied; ruff reads the code, never runs it.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from ruff.__main__ import find_ruff_bin

FIXED_ON_WRITE = ("I001", "F401")
"""Import order and unused imports: fixed when written, never worth a model's fix round."""


@cache
def ruff_config() -> str:
    """The ``ruff.toml`` every generated backend ships (its owner's CI runs ruff under it)."""
    return (resources.files("pipeline.templates") / "files" / "backend" / "ruff.toml").read_text("utf-8")


def ruff(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """ruff in ``folder`` under our config only (``--isolated``: a ruff.toml a model wrote is ignored)."""
    (folder / "pipeline-ruff.toml").write_text(ruff_config(), encoding="utf-8")
    return subprocess.run(
        [str(find_ruff_bin()), *args, "--config", str(folder / "pipeline-ruff.toml"), "--no-cache", "."],
        cwd=folder, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def python_sources(files: Mapping[str, str], root: str = "backend/") -> dict[str, str]:
    return {path: text for path, text in files.items() if path.startswith(root) and path.endswith(".py")}


def tidy_python(files: Mapping[str, str], root: str = "backend/") -> dict[str, str]:
    """``files`` with every Python file under ``root`` tidied; other files as they were. A file
    ruff cannot parse is left as it is (DEBUG's checks report it)."""
    sources = python_sources(files, root)
    if not sources:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="pipeline-tidy-") as tmp:
        folder = Path(tmp)
        for path, text in sources.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        ruff(["check", "--fix", "--select", ",".join(FIXED_ON_WRITE), "--exit-zero", "-q"], folder)
        ruff(["format", "-q"], folder)
        tidied = {path: (folder / path).read_text(encoding="utf-8") for path in sources}
    return {**files, **tidied}
