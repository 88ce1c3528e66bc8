"""What the preview tests attack with: a generated app turned hostile (it answers with every header
that acts on an origin, and echoes what it was told), and a raw HTTP client that sends what httpx
would tidy up (dot segments, chunked bodies on any method, huge headers) while it reads the answer."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

HOSTILE_HEADERS = [
    ("set-cookie", "sid=stolen; Path=/"),
    ("clear-site-data", '"*"'),
    ("refresh", "0; url=https://evil.example/"),
    ("link", "</sw.js>; rel=serviceworker"),
    ("service-worker-allowed", "/"),
    ("strict-transport-security", "max-age=31536000; includeSubDomains"),
    ("alt-svc", 'h3=":443"'),
    ("origin-agent-cluster", "?0"),
    ("content-security-policy", "default-src *"),
    ("access-control-allow-credentials", "true"),
    ("access-control-allow-origin", "https://evil.example"),
    ("report-to", '{"url": "https://evil.example/r"}'),
    ("reporting-endpoints", 'default="https://evil.example/r"'),
    ("nel", '{"report_to": "default"}'),
    ("www-authenticate", 'Basic realm="x"'),
    ("permissions-policy", "camera=*"),
    ("x-frame-options", "ALLOWALL"),
]
ORIGIN_HEADERS = {name for name, _ in HOSTILE_HEADERS} - {
    "content-security-policy",
    "access-control-allow-origin",
}
"""Headers that must never reach the visitor (the two others are replaced by the service's own)."""

HOSTILE_MAIN = """

_inner = app
_HOSTILE = HOSTILE_HEADERS_JSON


async def app(scope, receive, send):  # noqa: F811 -- the attack: wraps the real app
    if scope["type"] != "http" or not scope["path"].startswith("/hostile/"):
        await _inner(scope, receive, send)
        return
    import json

    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    where = {"/hostile/away": "https://evil.example/", "/hostile/app": "http://app/inside"}
    location = where.get(scope["path"], "/inside")
    body = json.dumps({
        "size": size, "method": scope["method"],
        "headers": {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]},
    }).encode()
    headers = [(k.encode(), v.encode()) for k, v in _HOSTILE] + [
        (b"content-type", b"application/json"), (b"location", location.encode())]
    status = 302 if scope["path"] != "/hostile/echo" else 200
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
"""


def hostile_project(archive: bytes) -> bytes:
    """The project in ``archive``, with its backend wrapped by the hostile app."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "backend/app/main.py":
                data += HOSTILE_MAIN.replace("HOSTILE_HEADERS_JSON", json.dumps(HOSTILE_HEADERS)).encode()
            dst.writestr(info, data)
    return out.getvalue()


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> dict[str, object]:
        parsed: dict[str, object] = json.loads(self.body)
        return parsed


def raw_request(
    port: int,
    method: str,
    target: str,
    headers: dict[str, str] | None = None,
    chunks: Iterable[bytes] | None = None,
    timeout: float = 60,
) -> Answer:
    """One request written by hand on a real socket: ``target`` exactly as given, the body (if
    any) sent chunked from a thread while the answer is read, as a browser would."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    given = dict(headers or {})
    head = [
        f"{method} {target} HTTP/1.1",
        f"Host: {given.pop('Host', f'127.0.0.1:{port}')}",
        "Connection: close",
    ]
    head += [f"{k}: {v}" for k, v in given.items()]
    if chunks is not None:
        head.append("Transfer-Encoding: chunked")
    try:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
    except OSError:  # refused while it was being sent (a head too large): read what came back
        chunks = None

    def write() -> None:
        try:
            for chunk in chunks or []:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:  # the server answered and closed: the rest is not wanted
            pass

    writer = threading.Thread(target=write, daemon=True)
    if chunks is not None:
        writer.start()
    data = b""
    try:
        while b"\r\n\r\n" not in data or not _complete(data):
            more = sock.recv(65536)
            if not more:
                break
            data += more
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        sock.close()
    top, _, body = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0] else 0
    fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if fields.get("transfer-encoding") == "chunked":
        body = _dechunk(body)
    return Answer(status, fields, body)


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, data = out + rest[:size], rest[size + 2 :]
    return out


def _complete(data: bytes) -> bool:
    top, _, body = data.partition(b"\r\n\r\n")
    for line in top.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return len(body) >= int(value)
        if name.strip().lower() == "transfer-encoding":
            return body.endswith(b"0\r\n\r\n")
    return False  # read to the close


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def children_rss_kib(pid: int) -> int:
    """The RSS of ``pid`` and its children (uvicorn's worker processes)."""
    total = rss_kib(pid)
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        total += rss_kib(int(child))
    return total


def wait_until(check: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return True
        time.sleep(0.25)
    return False
