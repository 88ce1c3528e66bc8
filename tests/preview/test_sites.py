"""``run`` builds a frontend once per set of sources: an unchanged project is served from the kept
build, a changed one is built again, and a refused build is never kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.preview import PreviewError
from pipeline.preview.sites import build_or_reuse
from pipeline.preview.stage import Stage, copy_project_in
from tests.sandbox.hostile_app import hostile_files, write_project


def _stage(tmp_path: Path, project: Path, name: str) -> Stage:
    stage = Stage.create(tmp_path / "stages", name, size_mb=32)
    copy_project_in(project, stage)
    return stage


def test_an_unchanged_frontend_is_built_once(tmp_path: Path) -> None:
    files = hostile_files(attack="none", secret_dir=tmp_path, host_socket=tmp_path / "none.sock")
    project = write_project(tmp_path / "app", files)
    cache = tmp_path / "sites"
    stages = [_stage(tmp_path, project, f"s{i}") for i in range(3)]
    try:
        assert build_or_reuse(stages[0], cache=cache)
        assert not build_or_reuse(stages[1], cache=cache)
        assert (stages[1].site / "index.html").read_text() == "<title>Hostile</title>"
        (stages[2].project / "frontend" / "build.js").write_text(
            files["frontend/build.js"].replace("<title>Hostile</title>", "<title>Changed</title>")
        )
        assert build_or_reuse(stages[2], cache=cache)
        assert (stages[2].site / "index.html").read_text() == "<title>Changed</title>"
    finally:
        for stage in stages:
            stage.release()


def test_a_refused_build_is_not_kept(tmp_path: Path) -> None:
    files = hostile_files(attack="dist-to-etc", secret_dir=tmp_path, host_socket=tmp_path / "none.sock")
    stage = _stage(tmp_path, write_project(tmp_path / "app", files), "s")
    try:
        with pytest.raises(PreviewError, match="not served"):
            build_or_reuse(stage, cache=tmp_path / "sites")
    finally:
        stage.release()
    assert not (tmp_path / "sites").exists() or list((tmp_path / "sites").iterdir()) == []
