"""The hostile project through the preview manager and through ``python -m pipeline run``, as
root: a ``dist`` that became a link (to /, /etc, a secret folder, another job's data), links and
fifos deeper in it, sockets swapped for links to a host-only socket, links planted in the data
folder, and disk fillers in the build and in the app. Nothing is served from outside the build,
the host-only socket is never connected to, fillers meet ENOSPC, and every run ends in a clear
state with nothing left behind (no stage, no mount, no cgroup)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline.preview import PreviewError
from pipeline.preview.build import BUILD_LIMITS
from pipeline.preview.manager import PreviewManager
from pipeline.sandbox import cgroups
from tests.sandbox.hostile_app import ATTACKS, hostile_files, write_project, zipped
from tests.templates.test_generated_apps import _free_port

STAGE_MB = 64


class HostSocket:
    """A host-only unix socket (as docker.sock or PostgreSQL's would be) that records callers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connections = 0
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nHOST SOCKET")
            conn.close()


@pytest.fixture
def host_socket(tmp_path: Path) -> Iterator[HostSocket]:
    folder = tmp_path / "host"
    folder.mkdir()
    server = HostSocket(folder / "host.sock")
    yield server
    server.server.close()


@pytest.fixture
def secret_dir(tmp_path: Path, secret: str) -> Path:
    folder = tmp_path / "secret"
    folder.mkdir()
    (folder / "secret.txt").write_text(secret)
    return folder


def _leftovers(root: Path) -> list[Path]:
    work = root / "work"
    mounts = Path("/proc/self/mountinfo").read_text()
    found = [p for p in work.iterdir()] if work.is_dir() else []
    return found + [root for line in mounts.splitlines() if str(root) in line]


def _own_cgroups(pid: int) -> list[Path]:
    return [folder for parent in cgroups._parents() for folder in parent.glob(f"{cgroups.PREFIX}{pid}-*")]


def _building(pid: int) -> bool:
    """A sandbox of the build's size runs for ``pid`` (not the sandbox probe's small one)."""
    for folder in _own_cgroups(pid):
        for name in ("memory.limit_in_bytes", "memory.max"):
            with contextlib.suppress(OSError, ValueError):
                if int((folder / name).read_text()) == BUILD_LIMITS.memory_mb * 2**20:
                    return True
    return False


def _get(socket_path: Path, path: str) -> httpx.Response:
    with httpx.Client(
        transport=httpx.HTTPTransport(uds=str(socket_path)), base_url="http://app", timeout=60
    ) as c:
        return c.get(path)


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_build_that_links_or_plants_in_dist_is_refused_by_the_preview(
    tmp_path: Path, attack: str, secret: str, secret_dir: Path, host_socket: HostSocket
) -> None:
    root = tmp_path / "previews"
    other_job = root / "data" / ("b" * 32)
    other_job.mkdir(parents=True)
    (other_job / "app.db").write_text(secret)  # another user's preview data
    target = other_job if attack == "dist-to-secret" else secret_dir
    archive = zipped(hostile_files(attack=attack, secret_dir=target, host_socket=host_socket.path))

    async def scenario() -> tuple[PreviewError, PreviewError, float]:
        manager = PreviewManager(root, stage_mb=STAGE_MB, retry_after_s=60)

        async def load() -> bytes:
            return archive

        try:
            with pytest.raises(PreviewError) as first:
                await manager.open("a" * 32, load)
            began = time.monotonic()
            with pytest.raises(PreviewError) as again:  # remembered: the slot is not taken again
                await manager.open("a" * 32, load)
            return first.value, again.value, time.monotonic() - began
        finally:
            await manager.close()

    first, again, took = asyncio.run(scenario())
    assert "the built frontend is not served" in first.reason, first
    assert ("link" in first.reason) or ("not a regular file" in first.reason), first
    assert again is first and took < 1.0
    assert secret not in str(first)
    assert host_socket.connections == 0
    assert _leftovers(root) == [] and _own_cgroups(os.getpid()) == []


def test_a_preview_serves_its_own_app_and_nothing_it_links_to(
    tmp_path: Path, secret: str, secret_dir: Path, host_socket: HostSocket
) -> None:
    root = tmp_path / "previews"
    archive = zipped(hostile_files(attack="none", secret_dir=secret_dir, host_socket=host_socket.path))

    async def scenario() -> None:
        manager = PreviewManager(root, stage_mb=STAGE_MB)

        async def load() -> bytes:
            return archive

        try:
            preview = await manager.open("a" * 32, load)
            assert preview.app.socket_is_safe()
            page = await asyncio.to_thread(_get, preview.app.socket, "/")
            assert page.status_code == 200 and page.text == "<title>Hostile</title>"
            fill = (await asyncio.to_thread(_get, preview.app.socket, "/api/fill")).json()
            assert fill["enospc"], fill  # the stage's cap, not the host's disk
            assert fill["written"] <= STAGE_MB * 1024 * 1024
            planted = (await asyncio.to_thread(_get, preview.app.socket, "/api/plant")).json()
            assert planted["planted"]  # links made in its data folder...
            await manager.stop("a" * 32)
            kept = manager.kept_data("a" * 32)
            assert (kept / "note.txt").read_text() == "kept"  # ...its data kept when it stops...
            assert not [p for p in kept.rglob("*") if p.is_symlink()]  # ...but never its links
            again = await manager.open("a" * 32, load)  # started again, with its data
            note = (await asyncio.to_thread(_get, again.app.socket, "/api/note")).json()
            assert note == {"note": "kept"}
            leak = await asyncio.to_thread(_get, again.app.socket, "/secret.txt")
            assert leak.status_code == 404 and secret not in leak.text
        finally:
            await manager.close()

    asyncio.run(scenario())
    assert host_socket.connections == 0
    assert _leftovers(root) == [] and _own_cgroups(os.getpid()) == []


def test_a_build_that_fills_the_disk_meets_enospc(
    tmp_path: Path, secret_dir: Path, host_socket: HostSocket
) -> None:
    root = tmp_path / "previews"
    archive = zipped(hostile_files(attack="filler", secret_dir=secret_dir, host_socket=host_socket.path))

    async def scenario() -> PreviewError:
        manager = PreviewManager(root, stage_mb=STAGE_MB)

        async def load() -> bytes:
            return archive

        try:
            with pytest.raises(PreviewError) as caught:
                await manager.open("a" * 32, load)
            return caught.value
        finally:
            await manager.close()

    error = asyncio.run(scenario())
    assert error.reason == "the frontend did not build" and "filler stopped: ENOSPC" in error.lines
    assert _leftovers(root) == [] and _own_cgroups(os.getpid()) == []


def test_a_stalled_build_holds_the_start_slot_only_until_its_timeout(
    tmp_path: Path, secret_dir: Path, host_socket: HostSocket
) -> None:
    root = tmp_path / "previews"
    stalled = zipped(hostile_files(attack="stall", secret_dir=secret_dir, host_socket=host_socket.path))
    clean = zipped(hostile_files(attack="none", secret_dir=secret_dir, host_socket=host_socket.path))

    async def scenario() -> None:
        manager = PreviewManager(root, stage_mb=STAGE_MB, build_timeout_s=3, max_waiting=1)

        async def load_stalled() -> bytes:
            return stalled

        async def load_clean() -> bytes:
            return clean

        try:
            began = time.monotonic()
            first = asyncio.create_task(manager.open("a" * 32, load_stalled))
            await asyncio.sleep(0.5)
            second = asyncio.create_task(manager.open("b" * 32, load_clean))  # waits its turn
            await asyncio.sleep(0.2)
            with pytest.raises(PreviewError, match="too many previews are starting"):
                await manager.open("c" * 32, load_clean)  # past the queue's room: told at once
            with pytest.raises(PreviewError, match="took more than 3 s"):
                await first
            preview = await second
            assert preview.app.process.running() and time.monotonic() - began < 60
        finally:
            await manager.close()

    asyncio.run(scenario())
    assert _leftovers(root) == [] and _own_cgroups(os.getpid()) == []


def _run(project: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(project), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("attack", ["dist-to-etc", "deep-link"])
def test_run_refuses_a_build_that_links_out_of_dist(
    tmp_path: Path, attack: str, secret: str, secret_dir: Path, host_socket: HostSocket
) -> None:
    project = write_project(
        tmp_path / "app", hostile_files(attack=attack, secret_dir=secret_dir, host_socket=host_socket.path)
    )
    cli = _run(project, _free_port())
    output = cli.communicate(timeout=180)[0]
    assert cli.returncode == 1 and "the built frontend is not served" in output, output
    assert secret not in output and host_socket.connections == 0
    assert not (project / "frontend" / "dist").exists()  # the build ran in a stage, not here
    assert _own_cgroups(cli.pid) == []


def test_run_serves_its_app_keeps_its_data_and_leaves_nothing_after_sigterm(
    tmp_path: Path, secret: str, secret_dir: Path, host_socket: HostSocket
) -> None:
    project = write_project(
        tmp_path / "app", hostile_files(attack="none", secret_dir=secret_dir, host_socket=host_socket.path)
    )
    port = _free_port()
    cli = _run(project, port)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and cli.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        assert httpx.get(f"http://127.0.0.1:{port}/").text == "<title>Hostile</title>"
        fill = httpx.get(f"http://127.0.0.1:{port}/api/fill", timeout=120).json()
        assert fill["enospc"], fill
        assert httpx.get(f"http://127.0.0.1:{port}/api/plant").json()["planted"]
        assert secret not in httpx.get(f"http://127.0.0.1:{port}/assets/secret.txt").text
    finally:
        cli.send_signal(signal.SIGTERM)
        output = cli.communicate(timeout=60)[0]
    assert cli.returncode == 0 and "Stopped." in output, output
    assert host_socket.connections == 0
    backend = project / "backend"
    assert not [p for p in backend.rglob("*") if p.is_symlink()]  # the app's links stayed in its stage
    assert not (backend / "fill-0.bin").exists()
    assert _own_cgroups(cli.pid) == []
    stages = Path(tempfile.gettempdir()) / f"pipeline-run-{os.getuid()}"
    assert not list(stages.glob(f"*.{cli.pid}"))
    assert f"pipeline-run-{os.getuid()}" not in Path("/proc/self/mountinfo").read_text()


def test_run_stopped_by_sigterm_during_a_stalled_build_leaves_nothing(
    tmp_path: Path, secret_dir: Path, host_socket: HostSocket
) -> None:
    project = write_project(
        tmp_path / "app", hostile_files(attack="stall", secret_dir=secret_dir, host_socket=host_socket.path)
    )
    cli = _run(project, _free_port())
    deadline = time.monotonic() + 60
    while not _building(cli.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _building(cli.pid), "the build never started"
    cli.send_signal(signal.SIGTERM)
    output = cli.communicate(timeout=30)[0]
    assert "Stopped." in output, output
    assert _own_cgroups(cli.pid) == []
    assert not list((Path(tempfile.gettempdir()) / f"pipeline-run-{os.getuid()}").glob(f"*.{cli.pid}"))


def test_groups_left_by_a_killed_process_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    parents = cgroups._parents()
    made = [parent / f"{cgroups.PREFIX}{dead.pid}-{uuid.uuid4().hex[:12]}" for parent in parents]
    for folder in made:
        folder.mkdir()
    removed = cgroups.remove_stale()
    assert set(made) <= set(removed) and not any(folder.exists() for folder in made)
