"""Signed-in people's sessions: signed cookies, and the CSRF guard every change made with one
passes.

Three cookies, each signed with the service's session secret (``PIPELINE_SESSION_SECRET``, or one
made once and kept in the data folder), none holding anything a reader could use elsewhere:

```
pipeline_session  HttpOnly  who is signed in (the provider's issuer|sub, a display name) and the
                            session's CSRF token; 30 days
pipeline_csrf     readable  the same CSRF token, for the page's scripts to send back as X-CSRF-Token
pipeline_login    HttpOnly  a sign-in under way: its state, nonce and PKCE verifier; 10 minutes,
                            on /auth/ only
```

All are SameSite=Lax, and Secure when the request came over TLS (the scheme uvicorn saw, after a
trusted proxy's X-Forwarded-Proto) or ``PIPELINE_PUBLIC_URL`` is an https address.

CSRF: the signed double-submit token (OWASP's recommended form of it). A change (POST, PUT,
PATCH, DELETE) that carries a valid session cookie must send ``X-CSRF-Token`` equal to the token
inside that signed cookie, or it is refused with 403 before any route sees it. Another site can
make a browser send the cookie, but it can neither read the token (no CORS here) nor set a
header on a cross-site form; and since the token is bound to the signed session, a cookie planted
by a neighbouring subdomain does not pass either. Chosen over Origin checks because it holds
behind proxies that rewrite Host and in browsers that leave Origin out. A caller with an
``Authorization`` header is a script with a bearer token, never a cookie caller: its cookies are
ignored and it needs no token.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from pipeline.server.problems import problem

SESSION_COOKIE = "pipeline_session"
CSRF_COOKIE = "pipeline_csrf"
LOGIN_COOKIE = "pipeline_login"
CSRF_HEADER = "x-csrf-token"
SESSION_DAYS = 30
LOGIN_S = 600
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Session:
    """A signed-in person, as their cookie says."""

    subject: str
    """``<issuer>|<sub>``: who the provider says they are (the project store's ``oidc`` user)."""
    name: str
    csrf: str


def session_secret(data_dir: Path) -> str:
    """``PIPELINE_SESSION_SECRET``, or the one kept in the data folder (made on first start, only
    the service's user may read it), so sessions outlive a restart and every worker shares them."""
    given = os.environ.get("PIPELINE_SESSION_SECRET", "").strip()
    if given:
        return given
    path = data_dir / "session-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".session-secret.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        # link, never rename: of several processes starting at once, the first one's secret is
        # the one, whole when it appears, and the others read it
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()


class Sessions:
    def __init__(self, secret: str, public_url: str = "") -> None:
        self._session = URLSafeTimedSerializer(secret, salt="pipeline.session")
        self._login = URLSafeTimedSerializer(secret, salt="pipeline.login")
        self.public_https = public_url.startswith("https://")

    def secure(self, request: Request) -> bool:
        return self.public_https or request.url.scheme == "https"

    def read(self, request: Request) -> Session | None:
        """The signed-in person, or None (no cookie, a forged or expired one, or a bearer caller)."""
        if request.headers.get("authorization"):
            return None
        return self.read_cookie(request.cookies.get(SESSION_COOKIE, ""))

    def read_cookie(self, value: str) -> Session | None:
        if not value:
            return None
        try:
            data = self._session.loads(value, max_age=SESSION_DAYS * 86_400)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        return Session(str(data.get("s", "")), str(data.get("n", "")), str(data.get("c", "")))

    def sign_in(self, response: Response, request: Request, subject: str, name: str) -> None:
        """Sets a new session (and a new CSRF token: none from before sign-in carries over)."""
        csrf = secrets.token_urlsafe(32)
        value = self._session.dumps({"s": subject, "n": name[:200], "c": csrf})
        secure = self.secure(request)
        age = SESSION_DAYS * 86_400
        response.set_cookie(SESSION_COOKIE, value, max_age=age, path="/", httponly=True, secure=secure, samesite="lax")  # fmt: skip
        response.set_cookie(CSRF_COOKIE, csrf, max_age=age, path="/", httponly=False, secure=secure, samesite="lax")  # fmt: skip

    def sign_out(self, response: Response, request: Request) -> None:
        secure = self.secure(request)
        for name, httponly in ((SESSION_COOKIE, True), (CSRF_COOKIE, False)):
            response.delete_cookie(name, path="/", httponly=httponly, secure=secure, samesite="lax")

    def start_login(self, response: Response, request: Request, login: dict[str, str]) -> None:
        value = self._login.dumps(login)
        response.set_cookie(
            LOGIN_COOKIE, value, max_age=LOGIN_S, path="/auth/", httponly=True, secure=self.secure(request),
            samesite="lax",
        )  # fmt: skip

    def pending_login(self, request: Request) -> dict[str, str] | None:
        try:
            data = self._login.loads(request.cookies.get(LOGIN_COOKIE, ""), max_age=LOGIN_S)
        except BadSignature:
            return None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None

    def end_login(self, response: Response, request: Request) -> None:
        response.delete_cookie(LOGIN_COOKIE, path="/auth/", httponly=True, secure=self.secure(request), samesite="lax")  # fmt: skip


class CsrfGuard:
    """Refuses (403) a change made with a session cookie that does not send the session's CSRF
    token. Previews are left alone: their requests go to their own app, which never gets the
    service's cookies. Plain ASGI, like the service's other middleware."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE or _is_preview(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        sessions: Sessions | None = getattr(scope["app"].state, "sessions", None)
        session = sessions.read(request) if sessions is not None else None
        if session is not None:
            given = request.headers.get(CSRF_HEADER, "")
            if not given or not hmac.compare_digest(given.encode(), session.csrf.encode()):
                refused = problem(
                    403, "the CSRF token is missing or wrong",
                    f"a change made while signed in sends the {CSRF_COOKIE} cookie's value as X-CSRF-Token",
                )  # fmt: skip
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _is_preview(scope: Any) -> bool:
    # a request to a preview origin of its own never gets here (PreviewOriginGate sends it on)
    path = str(scope["path"])
    return path == "/preview" or path.startswith("/preview/")
