"""The safe writer refuses every path that could leave the output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import OutputDirError, ProjectTooLargeError, UnsafePathError
from pipeline.writer import check_relative_path, write_project

HOSTILE = {
    "../escape.txt": "'..' would leave",
    "backend/../../escape.txt": "'..' would leave",
    "/etc/passwd": "absolute paths",
    "C:/Windows/win.ini": "absolute paths",
    "~/.bashrc": "absolute paths",
    "backend\\app\\main.py": "backslashes",
    "": "empty",
    "   ": "empty",
    "./.": "names no file",
    "CON": "reserved device name",
    "frontend/nul.txt": "reserved device name",
    "frontend/COM1.js": "reserved device name",
    "a/b\x00c.py": "forbidden character",
    "a/b:c.py": "forbidden character",
    "a/trailing. ": "ends with a space or a dot",
    ".git/hooks/pre-commit": ".git",
    "x/" + "y" * 300: "longer than",
}


@pytest.mark.parametrize(("path", "reason"), HOSTILE.items())
def test_hostile_paths_are_refused_with_a_reason(path: str, reason: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="refused") as caught:
        check_relative_path(path)
    assert reason in str(caught.value)
    with pytest.raises(UnsafePathError):
        write_project(tmp_path / "out", {path: "x", "ok.txt": "fine"})
    assert not (tmp_path / "out").exists(), "nothing is written when any path is refused"
    assert not (tmp_path / "escape.txt").exists()


def test_paths_are_normalized() -> None:
    assert check_relative_path("./backend//app/./main.py") == "backend/app/main.py"


def test_a_symlinked_folder_inside_the_output_is_never_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    out.mkdir()
    os.symlink(outside, out / "backend")
    with pytest.raises(UnsafePathError, match="symbolic link"):
        write_project(out, {"backend/app.py": "print('hi')"}, force=True)
    assert list(outside.iterdir()) == []


def test_a_symlinked_file_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "secret.txt"
    target.write_text("keep me")
    os.symlink(target, out / "README.md")
    with pytest.raises(UnsafePathError, match="cannot be written safely"):
        write_project(out, {"README.md": "overwritten"}, force=True)
    assert target.read_text() == "keep me"


def test_the_output_folder_itself_may_not_be_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    with pytest.raises(OutputDirError, match="symbolic link"):
        write_project(tmp_path / "link", {"a.txt": "x"})


def test_size_caps(tmp_path: Path) -> None:
    with pytest.raises(ProjectTooLargeError, match="cap per file"):
        write_project(tmp_path / "a", {"big.txt": "x" * 101}, max_file_bytes=100)
    with pytest.raises(ProjectTooLargeError, match="the project is"):
        write_project(
            tmp_path / "b",
            {f"f{i}.txt": "x" * 60 for i in range(3)},
            max_file_bytes=100,
            max_project_bytes=150,
        )
    with pytest.raises(ProjectTooLargeError, match="files; the cap is 2"):
        write_project(tmp_path / "c", {f"f{i}.txt": "x" for i in range(3)}, max_files=2)


def test_non_empty_folder_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("user file")
    with pytest.raises(OutputDirError, match="not empty"):
        write_project(out, {"a.txt": "x"})
    assert write_project(out, {"a.txt": "x", "sub/b.txt": "y"}, force=True) == ["a.txt", "sub/b.txt"]
    assert (out / "mine.txt").read_text() == "user file"
    assert (out / "sub" / "b.txt").read_text() == "y"
