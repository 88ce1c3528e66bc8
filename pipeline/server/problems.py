"""Every error answer of the service: RFC 9457 problem JSON, one sentence with what to do."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from pipeline.server.jobs import is_job_id

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details: every error this service answers."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route can give, as problem JSON."""
    words = {
        400: "unreadable body or header",
        403: "not the job's owner",
        404: "no such job",
        409: "not ready",
        410: "expired",
        413: "body too large",
        422: "invalid request",
        429: "rate limited",
        503: "job queue full",
    }
    schema = Problem.model_json_schema()
    return {
        code: {"description": words.get(code, "error"), "content": {PROBLEM: {"schema": schema}}}
        for code in codes
    }


def problem(status: int, title: str, detail: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, **({"detail": detail} if detail else {})}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def bearer(request: Request) -> str:
    return request.headers.get("authorization", "").removeprefix("Bearer ").strip()


def no_such_job(job_id: str) -> JSONResponse:
    return problem(404, "no such job", job_id[:64] if is_job_id(job_id) else "not a job id")


def not_the_owner() -> JSONResponse:
    return problem(
        403,
        "only the job's creator can change it",
        "send the API token that made the job (Authorization: Bearer …), or with tokens off the job's "
        "X-Job-Secret given when it was created",
    )


def token_needed(kind: str) -> JSONResponse:
    """401: this endpoint needs a bearer token (admin or API)."""
    return problem(
        401,
        f"an {kind} token is needed",
        "send Authorization: Bearer <token>",
        {"WWW-Authenticate": "Bearer"},
    )
