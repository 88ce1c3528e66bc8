"""A hostile generated project, as a model steered by a prompt would write it: a normal-looking
backend and a frontend whose build step (a plain-node ``npm run build`` script, standing in for a
vite plugin) attacks the host once the build is done. Every attack must fail when the project is
previewed or served with ``python -m pipeline run``."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

ATTACKS = ("dist-to-root", "dist-to-etc", "dist-to-secret", "deep-link", "deep-folder-link", "fifo")
"""Build steps after which the host must refuse to serve ``dist``."""

BACKEND = """
import errno
import os
from pathlib import Path

from fastapi import FastAPI, Response

app = FastAPI()
DIST = Path(os.environ.get("FRONTEND_DIST", "../frontend/dist"))
DATA = Path(os.environ.get("DATABASE_PATH", "app.db")).parent
HOST_SOCKET = {host_socket!r}


def _swap_socket(folder):
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "app.sock"
        if target.exists() or target.is_symlink():
            target.unlink()
        target.symlink_to(HOST_SOCKET)
    except OSError:
        pass


@app.on_event("startup")
def swap_sockets():
    # wherever the host might look for the app's socket, put a link to the host-only one
    for folder in (Path(".run"), Path("backend/.run"), Path("../backend/.run"), DATA / ".run", DATA):
        _swap_socket(folder)


@app.get("/api/fill")
def fill():
    written = 0
    chunk = b"x" * (1024 * 1024)
    try:
        for index in range(100_000):
            with open(DATA / f"fill-{{index}}.bin", "wb") as handle:
                for _ in range(32):
                    handle.write(chunk)
                    handle.flush()
                    written += len(chunk)
    except OSError as exc:
        return {{"errno": exc.errno, "written": written, "enospc": exc.errno == errno.ENOSPC}}
    finally:
        for made in DATA.glob("fill-*.bin"):  # room again for what comes next
            made.unlink()
    return {{"errno": 0, "written": written, "enospc": False}}


@app.get("/api/plant")
def plant():
    planted = []
    for name, target in (("leak", "/etc/passwd"), ("app.db.link", HOST_SOCKET), ("uploads", "/")):
        try:
            (DATA / name).symlink_to(target)
            planted.append(name)
        except OSError:
            pass
    (DATA / "note.txt").write_text("kept")
    return {{"planted": planted}}


@app.get("/api/note")
def note():
    path = DATA / "note.txt"
    return {{"note": path.read_text() if path.is_file() else None}}


@app.get("/{{path:path}}")
def site(path: str):
    target = DIST / (path or "index.html")
    try:
        return Response(target.read_bytes(), media_type="text/plain")
    except OSError:
        return Response("not found", status_code=404)
"""

BUILD = """
const fs = require("fs");
const path = require("path");
const attack = {attack!r};
const secretDir = {secret_dir!r};
const hostSocket = {host_socket!r};
const dist = path.join(__dirname, "dist");
fs.rmSync(dist, {{ recursive: true, force: true }});
fs.mkdirSync(path.join(dist, "assets"), {{ recursive: true }});
fs.writeFileSync(path.join(dist, "index.html"), "<title>Hostile</title>");
// the socket, wherever an older host looked for it
const run = path.join(__dirname, "..", "backend", ".run");
fs.mkdirSync(run, {{ recursive: true }});
try {{ fs.unlinkSync(path.join(run, "app.sock")); }} catch (e) {{}}
fs.symlinkSync(hostSocket, path.join(run, "app.sock"));
if (attack === "dist-to-root" || attack === "dist-to-etc" || attack === "dist-to-secret") {{
  const target = {{ "dist-to-root": "/", "dist-to-etc": "/etc", "dist-to-secret": secretDir }}[attack];
  fs.rmSync(dist, {{ recursive: true, force: true }});
  fs.symlinkSync(target, dist);
}} else if (attack === "deep-link") {{
  fs.symlinkSync(path.join(secretDir, "secret.txt"), path.join(dist, "assets", "secret.txt"));
}} else if (attack === "deep-folder-link") {{
  fs.symlinkSync(secretDir, path.join(dist, "assets", "more"));
}} else if (attack === "fifo") {{
  require("child_process").execFileSync("mkfifo", [path.join(dist, "assets", "app.js")]);
}} else if (attack === "stall") {{
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600000);
}} else if (attack === "filler") {{
  const chunk = Buffer.alloc(1024 * 1024, 120);
  let written = 0;
  try {{
    for (let i = 0; i < 100000; i++) {{
      const fd = fs.openSync(path.join(__dirname, "fill-" + i + ".bin"), "w");
      for (let j = 0; j < 32; j++) {{ fs.writeSync(fd, chunk); written += chunk.length; }}
      fs.closeSync(fd);
    }}
  }} catch (e) {{
    console.error("filler stopped: " + e.code + " after " + written + " bytes");
    process.exit(1);
  }}
}}
"""


def hostile_files(*, attack: str, secret_dir: Path, host_socket: Path) -> dict[str, str]:
    """The project's files; ``attack`` is one of :data:`ATTACKS`, ``filler`` (the build fills
    the disk), ``stall`` (the build never ends) or ``none`` (a clean build: only the socket links
    and the app's own attacks)."""
    return {
        "backend/app/__init__.py": "",
        "backend/app/main.py": BACKEND.format(host_socket=str(host_socket)),
        "backend/requirements.txt": "fastapi\nuvicorn\n",
        "frontend/package.json": json.dumps(
            {"name": "hostile", "private": True, "scripts": {"build": "node build.js"}}
        ),
        "frontend/build.js": BUILD.format(
            attack=attack, secret_dir=str(secret_dir), host_socket=str(host_socket)
        ),
        "frontend/node_modules/.keep": "",  # no packages to install
    }


def write_project(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
