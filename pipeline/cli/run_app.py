"""``python -m pipeline run DIR``: a generated app on one port, its frontend built and its API
running in the sandbox, until Ctrl-C."""

from __future__ import annotations

import socket
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


def _stale(project: Path) -> bool:
    """Whether ``frontend/dist`` is missing or older than a source file of the frontend."""
    index = project / "frontend" / "dist" / "index.html"
    if not index.is_file():
        return True
    built = index.stat().st_mtime
    sources = [
        p
        for p in (project / "frontend").rglob("*")
        if "node_modules" not in p.parts and "dist" not in p.parts
    ]
    return any(p.is_file() and p.stat().st_mtime > built for p in sources)


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

    from pipeline.preview import SocketProxy, build_frontend, start_app
    from pipeline.sandbox import sandbox_status

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
    if _stale(project):
        console.print("Building the frontend…")
        build_frontend(project)
    app = start_app(project)
    try:
        console.print(
            f"[bold green]Running[/] {project.name} at [link]http://{ns.host}:{ns.port}/[/link]  (Ctrl-C stops it)"
        )
        uvicorn.run(SocketProxy(app.socket), host=ns.host, port=ns.port, log_level="warning", lifespan="on")
    finally:
        app.stop()
    console.print("Stopped.")
    return 0
