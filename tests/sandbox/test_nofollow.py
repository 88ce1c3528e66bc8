"""The host's walk through trees that untrusted code wrote: no link is followed at any depth,
nothing but folders and regular files is taken, and caps hold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.sandbox.nofollow import (
    Refused,
    TreeCap,
    copy_tree,
    is_own_socket,
    open_folder,
    opened,
    read_beneath,
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "assets" / "deep").mkdir(parents=True)
    (root / "index.html").write_text("<title>ok</title>")
    (root / "assets" / "deep" / "app.js").write_text("run()")
    return root


def test_a_plain_tree_is_copied_whole(tree: Path, tmp_path: Path) -> None:
    with opened(open_folder(tree)) as source:
        count = copy_tree(source, tmp_path / "copy")
    assert (tmp_path / "copy" / "assets" / "deep" / "app.js").read_text() == "run()"
    assert count.files == 4 and count.bytes == len("<title>ok</title>") + len("run()")


@pytest.mark.parametrize("plant", ["file-link", "folder-link", "fifo"])
def test_a_link_or_fifo_anywhere_is_refused_or_skipped(tree: Path, tmp_path: Path, plant: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("host only")
    where = tree / "assets" / "deep" / "leak"
    if plant == "file-link":
        where.symlink_to(secret)
    elif plant == "folder-link":
        where.symlink_to(tmp_path)
    else:
        os.mkfifo(where)
    with opened(open_folder(tree)) as source, pytest.raises(Refused, match="assets/deep/leak"):
        copy_tree(source, tmp_path / "refused")
    with opened(open_folder(tree)) as source:
        count = copy_tree(source, tmp_path / "skipped", other="skip")
    assert count.skipped == 1 and not (tmp_path / "skipped" / "assets" / "deep" / "leak").exists()


def test_caps_on_size_and_count_hold(tree: Path, tmp_path: Path) -> None:
    with opened(open_folder(tree)) as source, pytest.raises(Refused, match="more than 10 bytes"):
        copy_tree(source, tmp_path / "big", cap=TreeCap(max_bytes=10))
    with opened(open_folder(tree)) as source, pytest.raises(Refused, match="more than 2 files"):
        copy_tree(source, tmp_path / "many", cap=TreeCap(max_files=2))


def test_a_link_on_the_way_to_a_file_is_not_followed(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "app.db").write_text("another job's data")
    (tree / "backend").symlink_to(tmp_path / "outside")
    with pytest.raises(OSError):
        read_beneath(tree, "backend/app.db")
    assert read_beneath(tree, "assets/deep/app.js") == b"run()"
    with pytest.raises(Refused):
        read_beneath(tree, "../tree/index.html")


def test_only_a_real_socket_of_ours_counts(tmp_path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "real.sock"))
        (tmp_path / "link.sock").symlink_to(tmp_path / "real.sock")
        (tmp_path / "file.sock").write_text("")
        with opened(os.open(tmp_path, os.O_PATH | os.O_DIRECTORY)) as folder:
            assert is_own_socket(folder, "real.sock")
            assert not is_own_socket(folder, "link.sock") and not is_own_socket(folder, "file.sock")
            assert not is_own_socket(folder, "real.sock", uid=os.getuid() + 1)
