"""What the service's clients send and get back: the request and answer bodies."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class GenerateOptions(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    offline: bool = Field(default=False, description="use only the offline templates")
    level: Literal["static", "run"] = Field(default="static", description="DEBUG's checks")
    no_cache: bool = False
    review: bool = Field(
        default=False,
        description="pause after the plan and after the design (status awaiting_review) until "
        "POST /api/v1/jobs/{id}/review answers",
    )


class ReviewAnswer(BaseModel):
    """A reviewer's answer to a job waiting in ``awaiting_review``."""

    model_config = ConfigDict(strict=True, extra="forbid")

    action: Literal["approve", "edit", "reject"]
    plan: dict[str, Any] | None = Field(
        default=None, description="with edit at the plan stage: the whole plan"
    )
    design: dict[str, Any] | None = Field(
        default=None, description="with edit at the design stage: {custom_operations: [...]}"
    )


MAX_PROMPT_CHARS = 8000
# The body cap must admit every prompt the schema allows: a character is up to 12 bytes on the wire
# (a JSON \uXXXX escape, twice for a surrogate pair), so 8,000 Devanagari or emoji characters fit.
DEFAULT_MAX_BODY_BYTES = 12 * MAX_PROMPT_CHARS + 4096


class GenerateRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="what to build")
    options: GenerateOptions = Field(default_factory=GenerateOptions)


class Accepted(BaseModel):
    job_id: str
    job_secret: str | None = Field(
        description="with API tokens off: the job's owner secret. Send it as X-Job-Secret to change "
        "the job (review); keep it, it is shown once. With tokens on, the token that made the job is "
        "its owner, and this is null."
    )
    status: str
    status_url: str
    events_url: str
    archive_url: str


class EditRequest(BaseModel):
    request: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS, description="the change, in words")
