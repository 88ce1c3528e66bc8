"""Sweeping a dead host's stages: each step (its data kept, its tmpfs unmounted, the folder
removed) handles its own errors and logs what it could not do with the stage's path, and the
steps after it still run: a real failure is visible, never silent, and never leaves the rest
undone."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.preview import manager as manager_module
from pipeline.preview.manager import PreviewManager
from pipeline.sandbox import scratch


def _dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def _stage_of_a_dead_host(root: Path, job: str) -> Path:
    """A stage folder as a killed host leaves it (named for its dead maker), with a database."""
    stage = root / "work" / f"{job}.{_dead_pid()}"
    (stage / "data").mkdir(parents=True)
    (stage / "data" / "app.db").write_text("rows")
    return stage


def test_a_stage_whose_data_cannot_be_kept_is_logged_and_still_unmounted_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root, job = tmp_path / "previews", "e" * 32
    stage = _stage_of_a_dead_host(root, job)

    def full(self: object, kept: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(manager_module.Stage, "keep_data", full)
    with caplog.at_level(logging.WARNING):
        manager = PreviewManager(root)
    said = [r.getMessage() for r in caplog.records]
    assert any(str(stage) in m and "could not be kept" in m and "No space left" in m for m in said), said
    assert not stage.exists() and not manager.kept_data(job).exists()


def test_a_stage_that_cannot_be_unmounted_is_logged_and_its_data_kept_and_its_folder_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root, job = tmp_path / "previews", "f" * 32
    stage = _stage_of_a_dead_host(root, job)
    monkeypatch.setattr(scratch, "_mounted", lambda path: True)  # umount2 refuses a folder no tmpfs is on
    with caplog.at_level(logging.WARNING):
        manager = PreviewManager(root)
    said = [r.getMessage() for r in caplog.records]
    assert any(str(stage) in m and "could not be unmounted" in m for m in said), said
    assert (manager.kept_data(job) / "app.db").read_text() == "rows"  # the step before it ran
    assert not stage.exists()  # and the step after it


def test_a_sweep_with_nothing_wrong_logs_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root, job = tmp_path / "previews", "a" * 32
    stage = _stage_of_a_dead_host(root, job)
    with caplog.at_level(logging.WARNING):
        manager = PreviewManager(root)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert (manager.kept_data(job) / "app.db").read_text() == "rows" and not stage.exists()
