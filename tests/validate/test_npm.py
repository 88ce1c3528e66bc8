"""Frontend packages: the templates' own come from a shared read-only cache installed once from
the shipped lockfile (builds need no network); anything else is installed with scripts off, only
from registry versions, and reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.artifacts import FileSet
from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.templates.render import render_frontend
from pipeline.validate.npm import shared_node_modules, uses_template_packages
from pipeline.validate.runtime import npm_build
from pipeline.writer import write_project


@pytest.fixture
def frontend() -> FileSet:
    plan = extract_spec("build a todo app")
    return render_frontend(plan, build_design(plan))


def test_the_templates_packages_are_installed_once_read_only_and_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frontend: FileSet
) -> None:
    monkeypatch.setenv("PIPELINE_FRONTEND_DEPS_DIR", str(tmp_path / "deps"))
    root = tmp_path / "app"
    write_project(root, {p.removeprefix("frontend/"): c for p, c in frontend.files.items()})
    assert uses_template_packages(root)
    shared = shared_node_modules()
    assert (shared / "vite" / "package.json").is_file() and (shared / "react" / "package.json").is_file()
    assert not os.access(shared / "vite" / "package.json", os.W_OK) or os.getuid() == 0
    assert not (shared / "vite" / "package.json").stat().st_mode & 0o222  # no write bit, even for root
    assert shared_node_modules() == shared  # once
    assert npm_build(frontend) == []


def test_a_project_asking_for_other_packages_is_not_given_the_shared_ones(
    tmp_path: Path, frontend: FileSet
) -> None:
    manifest = json.loads(frontend.files["frontend/package.json"])
    manifest["dependencies"]["is-number"] = "7.0.0"
    root = tmp_path / "app"
    write_project(root, {"package.json": json.dumps(manifest)})
    assert not uses_template_packages(root)
    changed = FileSet(files={**frontend.files, "frontend/package.json": json.dumps(manifest)})
    changed.files.pop("frontend/package-lock.json")
    found = npm_build(changed)
    assert [(d.check, d.severity) for d in found] == [("js.dependency-added", "info")]
    assert "is-number@7.0.0" in found[0].message
