"""Previews and ``run``: a generated app built and served from the sandbox through a unix socket,
reachable at / or under a prefix; one that cannot start says why, with its last lines."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

import pipeline
from pipeline import generate
from pipeline.preview import PreviewError, SocketProxy, build_frontend, start_app
from pipeline.preview.manager import PreviewManager
from pipeline.projects.archive import diff_archives, unpack, zip_folder
from tests.mounts import mounted_under
from tests.templates.test_generated_apps import _free_port


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "todo"
    generate("build a todo app", out=out)
    return out


def test_the_app_runs_in_the_sandbox_behind_its_socket(project: Path, tmp_path: Path) -> None:
    site = build_frontend(project, tmp_path / "site")
    assert 'src="./assets/' in (site / "index.html").read_text()  # works under a prefix
    app = start_app(project, site=site)
    try:
        transport = httpx.HTTPTransport(uds=str(app.socket))
        with httpx.Client(transport=transport, base_url="http://app") as client:
            assert client.post("/api/todos", json={"title": "milk"}).status_code == 201
            assert [t["title"] for t in client.get("/api/todos").json()] == ["milk"]
            assert "<title>Todo List</title>" in client.get("/").text
        assert app.process.isolation in ("bwrap", "none") and app.process.memory_bytes() > 10 * 2**20
    finally:
        app.stop()
    assert not app.socket_file.exists() and not app.process.running()


def test_an_app_that_cannot_start_says_why_with_its_last_lines(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    unpack(zip_folder(project), broken)
    main = broken / "backend" / "app" / "main.py"
    main.write_text(main.read_text() + "\nraise RuntimeError('the database is on fire')\n")
    with pytest.raises(PreviewError) as caught:
        start_app(broken, wait_s=20)
    assert caught.value.reason == "the app did not start"
    assert "RuntimeError: the database is on fire" in caught.value.lines


def test_a_zip_cannot_write_outside_its_folder(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escaped.txt", "no")
        archive.writestr("backend/ok.txt", "yes")
    unpack(buffer.getvalue(), tmp_path / "in")
    assert (tmp_path / "in" / "backend" / "ok.txt").read_text() == "yes"
    assert not (tmp_path / "escaped.txt").exists()


def test_a_diff_shows_what_changed_between_versions(project: Path, tmp_path: Path) -> None:
    before = zip_folder(project)
    changed = tmp_path / "v2"
    unpack(before, changed)
    (changed / "README.md").write_text((changed / "README.md").read_text() + "\nRatings, too.\n")
    (changed / ".git").mkdir(exist_ok=True)
    (changed / ".git" / "NEW_HEAD").write_text("ref: refs/heads/main\n")
    diff = diff_archives(before, zip_folder(changed), "v1", "v2")
    assert "--- v1/README.md" in diff and "+Ratings, too." in diff and ".git" not in diff


def test_the_manager_stops_the_idlest_past_its_limit_and_the_idle(project: Path, tmp_path: Path) -> None:
    data = zip_folder(project)

    async def scenario() -> None:
        manager = PreviewManager(tmp_path / "previews", max_previews=1, idle_s=0.6)

        async def load() -> bytes:
            return data

        try:
            first = await manager.open("a" * 32, load)
            assert first.started_s > 0 and first.app.process.running()
            second = await manager.open("b" * 32, load)  # past the limit: the first one stops
            assert list(manager.running) == ["b" * 32] and not first.app.process.running()
            deadline = time.monotonic() + 10
            # idle past idle_s: the reaper stops it (polled: it looks every idle_s / 4)
            while (manager.running or second.app.process.running()) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert manager.running == {} and not second.app.process.running()
            again = await manager.open("b" * 32, load)  # opened again, it starts again
            assert again.app.process.running()
            for bad in ("../" + "b" * 32, "a/b", "", "x" * 65):
                with pytest.raises(PreviewError, match="no such job"):
                    await manager.open(bad, load)
        finally:
            await manager.close()

    asyncio.run(scenario())


@pytest.mark.slow
def test_run_serves_the_app_on_one_port_and_stops_on_ctrl_c(project: Path) -> None:
    port = _free_port()
    cli = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(project), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and cli.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/todos").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            cli.send_signal(2)
            raise AssertionError(cli.communicate(timeout=30)[0])
        page = httpx.get(f"http://127.0.0.1:{port}/")
        assert page.status_code == 200 and "<title>Todo List</title>" in page.text
        assert httpx.post(f"http://127.0.0.1:{port}/api/todos", json={"title": "kept"}).status_code == 201
    finally:
        cli.send_signal(2)  # Ctrl-C
        output = cli.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output and "Stopped." in output and cli.returncode == 0
    assert not (project / "backend" / ".run" / "app.sock").exists()
    database = sqlite3.connect(project / "backend" / "app.db")  # its data, back in the project
    assert ("kept",) in database.execute("SELECT title FROM todos").fetchall()
    database.close()


def test_run_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "is not a generated project" in done.stdout + done.stderr


def test_the_proxy_answers_502_when_the_app_is_gone(tmp_path: Path) -> None:
    proxy = SocketProxy(tmp_path / "nothing.sock")

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=proxy), base_url="http://t") as client:
            return await client.get("/api/todos")

    answer = asyncio.run(call())
    assert answer.status_code == 502 and "not running" in answer.text


def test_a_stage_left_by_a_killed_process_gives_its_data_back_and_goes(tmp_path: Path) -> None:
    root = tmp_path / "previews"
    job = "d" * 32
    made = subprocess.run(
        [sys.executable, "-c", (
            "import os, sys; from pathlib import Path; from pipeline.preview.stage import Stage\n"
            f"stage = Stage.create(Path({str(root / 'work')!r}), {job!r}, size_mb=8)\n"
            "stage.restore_data(None); (stage.data / 'app.db').write_text('rows')\n"
            "(stage.data / 'leak').symlink_to('/etc/passwd')\n"
            "print(stage.scratch.capped); sys.stdout.flush(); os._exit(9)  # killed: nothing cleaned up"
        )],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(Path(pipeline.__file__).parents[1])},
    )  # fmt: skip
    assert made.returncode == 9, made.stderr
    assert len(list((root / "work").iterdir())) == 1
    manager = PreviewManager(root)
    kept = manager.kept_data(job)
    assert (kept / "app.db").read_text() == "rows" and not (kept / "leak").is_symlink()
    assert list((root / "work").iterdir()) == []
    assert str(root) not in Path("/proc/self/mountinfo").read_text()


def _stage_of_a_killed_host(work: Path, job: str) -> Path:
    """A stage made by another process, with an upload in its data, then the process killed
    (``os._exit``: no atexit, no unmount)."""
    made = subprocess.run(
        [sys.executable, "-c", (
            "import os, sys; from pathlib import Path; from pipeline.preview.stage import Stage\n"
            f"stage = Stage.create(Path({str(work)!r}), {job!r}, size_mb=8)\n"
            "stage.restore_data(None); (stage.data / 'uploads').mkdir()\n"
            "(stage.data / 'uploads' / 'note.txt').write_text('written before it died')\n"
            "print(stage.root); sys.stdout.flush(); os._exit(9)"
        )],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(Path(pipeline.__file__).parents[1])},
    )  # fmt: skip
    assert made.returncode == 9, made.stderr
    return Path(made.stdout.strip())


def test_a_running_manager_sweeps_a_killed_hosts_stage_and_starts_on_its_data(
    project: Path, tmp_path: Path
) -> None:
    data = zip_folder(project)
    root, job = tmp_path / "previews", "c" * 32

    async def scenario() -> None:
        manager = PreviewManager(root)  # made before the other host died: its own sweep saw nothing

        async def load() -> bytes:
            return data

        try:
            dead = _stage_of_a_killed_host(manager.work, job)
            assert mounted_under(root) == ([dead] if os.geteuid() == 0 else [])
            preview = await manager.open(job, load)  # the preview moved here: the dead stage swept first
            assert preview.stage is not None
            assert (preview.stage.data / "uploads" / "note.txt").read_text() == "written before it died"
            assert not dead.exists() and mounted_under(root) == (
                [preview.stage.root] if os.geteuid() == 0 else []
            )
        finally:
            await manager.close()
        assert mounted_under(root) == [] and list(manager.work.iterdir()) == []

    asyncio.run(scenario())


def test_eight_concurrent_scrypt_logins_fit_in_an_apps_memory(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    generate("a notes app where people sign up and log in to keep their own notes", out=out)
    assert (out / "backend" / "app" / "accounts.py").is_file()
    app = start_app(out)
    statuses: list[int | str] = []

    def client() -> httpx.Client:
        return httpx.Client(
            transport=httpx.HTTPTransport(uds=str(app.socket)), base_url="http://app", timeout=120
        )

    def log_in() -> None:
        with client() as session:
            for _ in range(3):
                try:
                    answer = session.post(
                        "/api/auth/login", json={"email": "ada@example.com", "password": "correct horse"}
                    )
                    statuses.append(answer.status_code)
                except httpx.HTTPError as exc:
                    statuses.append(type(exc).__name__)

    try:
        with client() as session:
            made = session.post(
                "/api/auth/register", json={"email": "ada@example.com", "password": "correct horse"}
            )
            assert made.status_code == 202  # the same answer whether or not the email was taken
        threads = [threading.Thread(target=log_in) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [200] * 24 and app.process.running()
        assert app.process.group is None or not app.process.group.memory_exhausted()
    finally:
        app.stop()


def test_a_new_versions_preview_starts_on_the_records_of_the_version_it_was_made_from(
    project: Path, tmp_path: Path
) -> None:
    from pipeline.cli import main

    first = zip_folder(project)
    edited = tmp_path / "v2"
    unpack(first, edited)
    with open(os.devnull, "w") as sink:
        assert main(["edit", str(edited), "add a rating to todos", "--offline", "--json"], stdout=sink) == 0
    second = zip_folder(edited)
    v1, v2 = "1" * 32, "2" * 32

    async def scenario() -> None:
        manager = PreviewManager(tmp_path / "previews", max_previews=2)

        def loader(data: bytes) -> Callable[[], Awaitable[bytes]]:
            async def load() -> bytes:
                return data

            return load

        try:
            old = await manager.open(v1, loader(first))
            async with httpx.AsyncClient(
                transport=httpx.AsyncHTTPTransport(uds=str(old.app.socket))
            ) as client:
                made = await client.post("http://app/api/todos", json={"title": "typed into v1"})
                assert made.status_code == 201, made.text
            new = await manager.open(v2, loader(second), base_id=v1)  # v1's app stops: its data is kept
            async with httpx.AsyncClient(
                transport=httpx.AsyncHTTPTransport(uds=str(new.app.socket))
            ) as client:
                listed = (await client.get("http://app/api/todos")).json()
                assert [(t["title"], t["rating"]) for t in listed] == [("typed into v1", None)]
                rated = await client.patch(f"http://app/api/todos/{listed[0]['id']}", json={"rating": 4})
                assert rated.status_code == 200 and rated.json()["rating"] == 4
            again = await manager.open(v1, loader(first))  # v1 keeps its own data, as it was
            async with httpx.AsyncClient(
                transport=httpx.AsyncHTTPTransport(uds=str(again.app.socket))
            ) as client:
                assert [t["title"] for t in (await client.get("http://app/api/todos")).json()] == [
                    "typed into v1"
                ]
        finally:
            await manager.close()

    asyncio.run(scenario())


def test_an_apps_per_client_limits_count_each_visitor_not_the_forwarder(tmp_path: Path) -> None:
    project = tmp_path / "notes"
    generate("a notes app where users can sign up and log in", out=project)
    app = start_app(project)
    try:

        async def scenario() -> None:
            proxy = SocketProxy(app.socket)

            async def login(visitor: str, email: str) -> int:
                transport = httpx.ASGITransport(app=proxy, client=(visitor, 40000))
                async with httpx.AsyncClient(transport=transport, base_url="http://preview") as client:
                    answer = await client.post(
                        "/api/auth/login", json={"email": email, "password": "wrong-pass"}
                    )
                    return answer.status_code

            try:
                codes = [await login("203.0.113.5", f"guess{n}@example.com") for n in range(21)]
                assert codes[:20] == [401] * 20 and codes[20] == 429  # one visitor's guesses are throttled
                assert await login("198.51.100.7", "other@example.com") == 401  # another visitor is not
            finally:
                await proxy.aclose()

        asyncio.run(scenario())
    finally:
        app.stop()


def test_a_forgotten_preview_stops_and_its_kept_data_goes(project: Path, tmp_path: Path) -> None:
    data = zip_folder(project)
    job = "f" * 32

    async def scenario() -> None:
        manager = PreviewManager(tmp_path / "previews")

        async def load() -> bytes:
            return data

        try:
            preview = await manager.open(job, load)
            await manager.stop(job)
            assert manager.kept_data(job).is_dir()  # stopped: its data is kept for the next start
            await manager.open(job, load)
            await manager.forget(job)  # its project was deleted
            assert job not in manager.running and not preview.app.process.running()
            assert not manager.kept_data(job).exists()
        finally:
            await manager.close()

    asyncio.run(scenario())
