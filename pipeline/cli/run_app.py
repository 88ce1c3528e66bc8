"""``python -m pipeline run DIR``: a generated app on one port, its frontend built and its API
running in the sandbox, until Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import tempfile
import uuid
from pathlib import Path
from typing import TextIO

from rich.console import Console

from pipeline.cli.parsing import Parser
from pipeline.errors import InputError


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class Terminated(Exception):
    """SIGTERM arrived: stop as Ctrl-C does."""


def _stop_on_sigterm() -> None:
    """SIGTERM ends the command like Ctrl-C, so the sandbox's cgroup and the stage go with it
    (uvicorn handles it itself while it serves, and raises it again once it has stopped)."""

    def stop(_signum: int, _frame: object) -> None:
        from pipeline.sandbox import stop_all

        stop_all()  # holds even if the exception below lands where it is swallowed
        raise Terminated

    signal.signal(signal.SIGTERM, stop)


def _stages_folder() -> Path:
    """This user's folder for ``run``'s stages, refused if someone made it a link or owns it."""
    folder = Path(tempfile.gettempdir()) / f"pipeline-run-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise InputError(f"{folder} is not a folder of this user's", hint=f"remove {folder}")
    return folder


def run_app_command(argv: list[str], console: Console, stdin: TextIO) -> int:
    parser = Parser(
        prog="python -m pipeline run",
        description="Build a generated app's frontend and serve it with its API on one port (the API runs in "
        "the sandbox: no network, no keys). Ctrl-C stops it.",
    )
    parser.add_argument("path", help="the project folder (as written by python -m pipeline)")
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (default 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to serve on (default 127.0.0.1)")
    ns = parser.parse_args(argv)
    _stop_on_sigterm()
    project = Path(ns.path).resolve()
    if not (project / "backend" / "app" / "main.py").is_file():
        raise InputError(
            f"{ns.path} is not a generated project (no backend/app/main.py)",
            hint="python -m pipeline run DIR",
        )
    if not _port_free(ns.host, ns.port):
        raise InputError(
            f"port {ns.port} on {ns.host} is taken", hint=f"pass another with --port {ns.port + 1}"
        )
    import uvicorn

    from pipeline.preview import SocketProxy, start_app
    from pipeline.preview.sites import build_or_reuse
    from pipeline.sandbox import Stopping, sandbox_status

    status = sandbox_status()
    if not status.can_run:
        console.print(
            f"[red]Not run:[/] the app's code runs only in the sandbox, and there is none here: {status.reason}"
        )
        return 3
    if not status.available:
        console.print(
            f"[bold red]Running this app WITHOUT a sandbox[/] (PIPELINE_UNSANDBOXED=1): {status.reason}"
        )
    from pipeline.preview.stage import Stage, copy_project_in, load_backend_data, save_backend_data
    from pipeline.sandbox.scratch import release_stale

    folder = _stages_folder()
    release_stale(folder)
    stage = Stage.create(folder, uuid.uuid4().hex[:12])
    app = None
    try:
        copy_project_in(project, stage)  # the app and its build never run in the project itself
        load_backend_data(project, stage)
        console.print("Building the frontend…")
        if not build_or_reuse(stage):
            console.print("(unchanged since its last build: that build is served)")
        app = start_app(stage.project, site=stage.site, data=stage.data, runtime=stage.run)
        console.print(
            f"[bold green]Running[/] {project.name} at [link]http://{ns.host}:{ns.port}/[/link]  (Ctrl-C stops it)"
        )
        uvicorn.run(SocketProxy(app.socket), host=ns.host, port=ns.port, log_level="warning", lifespan="on")
    except (Terminated, Stopping):
        pass
    finally:
        if app is not None:
            app.stop()
            save_backend_data(project, stage)
        stage.release()
    console.print("Stopped.")
    return 0
