"""Signing in and out, and who the caller is.

```
GET  /api/v1/auth      whether sign-in is on, and where it starts (for the page's button)
GET  /auth/login       to the provider, with state, nonce and PKCE kept in a short signed cookie
GET  /auth/callback    the provider's answer: code exchanged, id_token checked, session set
POST /auth/logout      the session's cookies cleared
GET  /api/v1/me        the signed-in person (or the API token's user), with the CSRF token
POST /api/v1/me/claim  the projects of the job secrets this browser holds move to the person
```
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from pipeline.server.oidc import OidcClient, SignInFailed, display_name
from pipeline.server.problems import bearer, problem, problems, token_needed
from pipeline.server.sessions import Session, Sessions
from pipeline.stores.accounts import MAX_SECRETS, claim
from pipeline.stores.project_store import ProjectStore

router = APIRouter()
log = logging.getLogger(__name__)


class Claim(BaseModel):
    secrets: list[str] = Field(max_length=MAX_SECRETS)
    """The job secrets this browser holds (each the secret of a project's first version or of an
    edit of it)."""


def signed_in_user(request: Request) -> tuple[str, Session] | None:
    """(project-store user id, session) of the signed-in person, or None. Blocking: the store
    makes the user's row on first sight, once (again if their account was deleted meanwhile:
    at once in this process, within ``USER_SEEN_S`` when another process deleted it)."""
    sessions: Sessions = request.app.state.sessions
    session = sessions.read(request)
    if session is None or not session.subject:
        return None
    projects: ProjectStore = request.app.state.projects
    return projects.user("oidc", session.subject), session


def holds_project(request: Request, job_id: str) -> bool:
    """Whether the signed-in person holds the project ``job_id`` is a version of (so may change
    it from any browser, without the job's secret). Blocking."""
    found = signed_in_user(request)
    if found is None:
        return False
    projects: ProjectStore = request.app.state.projects
    version = projects.version(job_id)
    return version is not None and projects.project(version[0], found[0]) is not None


def _callback_url(request: Request) -> str:
    public: str = request.app.state.public_url
    return f"{public}/auth/callback" if public else str(request.url_for("auth_callback"))


def _client(request: Request) -> OidcClient | None:
    client: OidcClient | None = request.app.state.oidc
    return client


@router.get("/api/v1/auth")
async def auth_info(request: Request) -> dict[str, Any]:
    """Whether people can sign in here, with which provider, and where sign-in starts."""
    client = _client(request)
    if client is None:
        return {"oidc": False}
    return {"oidc": True, "provider": client.config.name or "your provider", "login_url": "/auth/login"}


@router.get("/auth/login", include_in_schema=False)
async def login(request: Request) -> Any:
    client = _client(request)
    if client is None:
        return problem(404, "sign-in is not configured on this server")
    redirect_uri = _callback_url(request)
    try:
        started = await client.start(redirect_uri)
    except SignInFailed as exc:
        return problem(502, "the sign-in provider's configuration is not usable", str(exc))
    except Exception as exc:  # discovery: the provider is down or answered something else
        log.warning("OIDC discovery failed: %s", exc)
        return problem(
            503, "the sign-in provider cannot be reached", "try again shortly", {"Retry-After": "30"}
        )
    response = RedirectResponse(started["url"], status_code=303)
    response.headers["Cache-Control"] = "no-store"
    sessions: Sessions = request.app.state.sessions
    sessions.start_login(response, request, {k: started[k] for k in ("state", "nonce", "code_verifier")})
    return response


@router.get("/auth/callback", name="auth_callback", include_in_schema=False)
async def callback(request: Request) -> Any:
    client = _client(request)
    if client is None:
        return problem(404, "sign-in is not configured on this server")
    sessions: Sessions = request.app.state.sessions
    pending = sessions.pending_login(request)
    query = request.query_params
    if pending is None:
        return problem(
            400, "sign-in failed", "no sign-in was started here, or it took over 10 minutes: start again"
        )
    if not hmac.compare_digest(query.get("state", "").encode(), pending["state"].encode()):
        return problem(400, "sign-in failed", "the state does not match the sign-in this browser started")
    said = query.get("error")
    if said:  # the person declined, or the provider refused this client
        return problem(400, "sign-in failed", f"the provider said: {said[:200]}")
    try:
        claims = await client.finish(_callback_url(request), query.get("code", ""), pending)
    except SignInFailed as exc:
        return problem(400, "sign-in failed", str(exc)[:300])
    subject = f"{client.config.issuer}|{claims['sub']}"
    projects: ProjectStore = request.app.state.projects
    await asyncio.to_thread(projects.user, "oidc", subject)
    response = RedirectResponse("/", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    sessions.sign_in(response, request, subject, display_name(claims))
    sessions.end_login(response, request)
    return response


@router.post("/auth/logout", status_code=204, response_class=Response, response_model=None)
async def logout(request: Request) -> Any:
    """Clears the session's cookies (the CSRF guard has checked this came from the page)."""
    response = Response(status_code=204)
    sessions: Sessions = request.app.state.sessions
    sessions.sign_out(response, request)
    return response


@router.get("/api/v1/me", responses=problems(401))
async def me(request: Request) -> Any:
    """Who the caller is: the signed-in person (with the session's CSRF token, for the page), or
    the API token's user."""
    found = await asyncio.to_thread(signed_in_user, request)
    if found is not None:
        user, session = found
        return {"id": user, "kind": "oidc", "name": session.name, "csrf_token": session.csrf}
    token = bearer(request)
    tokens: list[str] = request.app.state.config.api_tokens
    if token and any(hmac.compare_digest(token.encode(), t.encode()) for t in tokens):
        projects: ProjectStore = request.app.state.projects
        user = await asyncio.to_thread(projects.user, "token", hashlib.sha256(token.encode()).hexdigest())
        return {"id": user, "kind": "token", "name": "API token"}
    if token:
        return token_needed("API")
    return problem(401, "nobody is signed in", "sign in at /auth/login")


@router.post("/api/v1/me/claim", responses=problems(400, 401, 403, 422))
async def claim_projects(body: Claim, request: Request) -> Any:
    """Moves the projects made anonymously with these secrets to the signed-in person. A secret
    whose project belongs to someone signed in (or to a token) moves nothing."""
    found = await asyncio.to_thread(signed_in_user, request)
    if found is None:
        return problem(401, "nobody is signed in", "sign in, then claim")
    projects: ProjectStore = request.app.state.projects
    moved = await asyncio.to_thread(claim, projects, [s[:200] for s in body.secrets], found[0])
    return {"claimed": moved}
