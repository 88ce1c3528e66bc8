"""Where previews are served from: the service's own origin (``/preview/{job}/``), or an origin of
their own (``PIPELINE_PREVIEW_ORIGIN``).

On the service's origin, the browser's CSP sandbox is the only wall between a preview's scripts and
the service page's storage. On an origin of its own, a preview cannot reach that storage whatever
it sends, and the sandbox is a second wall. With a ``{job}`` label (``https://{job}.preview.example
.com``) every preview also has an origin apart from every other preview; with a plain origin
(``https://preview.example.com``) previews share one, apart from the service's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.errors import ConfigError
from pipeline.server.jobs import is_job_id

JOB_LABEL = "{job}"
PATH_PREFIX = "/preview/"
Asgi = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


class PreviewOrigin:
    """The preview origin as configured ("" for the service's own)."""

    def __init__(self, setting: str = "") -> None:
        self.setting = setting.strip().rstrip("/")
        self.per_job = JOB_LABEL in self.setting
        self._host = re.compile("$^")  # matches nothing: with no origin of their own
        if not self.setting:
            return
        parts = urlsplit(self.setting.replace(JOB_LABEL, "job"))
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise ConfigError(
                f"PIPELINE_PREVIEW_ORIGIN={self.setting!r} is not an origin",
                hint="write https://{job}.preview.example.com or https://preview.example.com",
            )
        if self.per_job and not self.setting.startswith(f"{parts.scheme}://{JOB_LABEL}."):
            raise ConfigError(
                "PIPELINE_PREVIEW_ORIGIN: {job} must be the host's first label",
                hint="write https://{job}.preview.example.com",
            )
        host = self.setting.split("://", 1)[1].lower()
        pattern = re.escape(host).replace(re.escape(JOB_LABEL), "(?P<job>[0-9a-f]{32})")
        self._host = re.compile(f"^{pattern}$")

    @classmethod
    def from_env(cls) -> PreviewOrigin:
        return cls(os.environ.get("PIPELINE_PREVIEW_ORIGIN", ""))

    def url(self, job_id: str) -> str:
        """Where a job's preview is opened."""
        if self.per_job:
            return self.setting.replace(JOB_LABEL, job_id) + "/"
        return f"{self.setting}{PATH_PREFIX}{job_id}/"

    def frame_source(self) -> str:
        """The page's CSP ``frame-src`` for previews."""
        if not self.setting:
            return "'self'"
        return "'self' " + self.setting.replace(JOB_LABEL, "*")

    def match(self, scope: MutableMapping[str, Any]) -> tuple[bool, str | None]:
        """Whether the request came to the preview origin, and (with a ``{job}`` label) whose."""
        host = next((v for k, v in scope["headers"] if k == b"host"), b"").decode("latin-1").lower()
        found = self._host.match(host)
        if found is None:
            return False, None
        return True, found.groupdict().get("job")


def split_path(raw: str, prefix: str, job_id: str | None = None) -> tuple[str, str] | None:
    """The job id and the app's path (still percent-encoded) in a preview request's raw path:
    ``{prefix}{job}/{path}``, or the whole path when the job came from the host. None when the
    path is not plain: a ``.`` or ``..`` segment, or an encoded slash, backslash or NUL, however
    it was written, so ``/preview/A/../B/`` is never read as B's."""
    for segment in raw.split("/"):
        decoded = unquote(segment)
        if decoded in (".", "..") or any(c in decoded for c in "/\\\0"):
            return None
    if job_id is not None:
        return job_id, raw or "/"
    if not raw.startswith(prefix):
        return None
    job_id, slash, rest = raw.removeprefix(prefix).partition("/")
    return job_id, slash + rest


def page_policy() -> str:
    """The service page's Content-Security-Policy: everything from here, previews framed from
    where they are served."""
    frames = PreviewOrigin.from_env().frame_source()
    return f"default-src 'self'; img-src 'self' data:; frame-src {frames}; frame-ancestors 'none'"


class PreviewOriginGate:
    """In front of the API: a request to the preview origin reaches only previews (never the
    API); with an origin of their own, ``/preview/…`` on the service's origin is redirected there."""

    def __init__(self, app: Asgi, previews: Asgi) -> None:
        self.app = app
        self.previews = previews

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin: PreviewOrigin = scope["app"].state.preview_origin
        on_preview_origin, job_id = origin.match(scope)
        if on_preview_origin:
            scope["preview_job"] = job_id  # None: the job is in the path
            await self.previews(scope, receive, send)
        elif origin.setting and scope["path"].startswith(PATH_PREFIX):
            raw = scope.get("raw_path") or scope["path"].encode()
            job_id, _, rest = raw.decode("latin-1").removeprefix(PATH_PREFIX).partition("/")
            if not is_job_id(job_id):  # never a redirect to an address the visitor wrote
                await self.previews(scope, receive, send)
                return
            query = scope.get("query_string", b"").decode("latin-1")
            target = origin.url(job_id) + rest + (f"?{query}" if query else "")
            await send({"type": "http.response.start", "status": 308,
                        "headers": [(b"location", target.encode("latin-1")), (b"content-length", b"0")]})  # fmt: skip
            await send({"type": "http.response.body", "body": b""})
        else:
            await self.app(scope, receive, send)
