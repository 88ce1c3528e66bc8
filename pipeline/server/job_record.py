"""A job's record: one model, made in one place (``new_record``), whether a generation, an edit
or a go-back made the job. The job stores keep it as JSON; the worker running the job adds to it
as it goes (status, progress, summary), through the store's ``update``."""

from __future__ import annotations

import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

JobStatus = Literal[
    "queued", "running", "awaiting_review", "succeeded", "partial", "failed", "rejected", "expired"
]
Made = Literal["generate", "edit", "restore"]


class VersionEntry(BaseModel):
    """One version of a project, as its first version's record lists it."""

    version: int
    job_id: str
    request: str
    made: Made


class JobRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    owner: str = ""
    """Who may change the job (a hash of the token or the job's secret); never shown."""
    status: JobStatus = "queued"
    prompt: str
    """The request that made the job: a generation's prompt, an edit's change, "Go back to vN"."""
    options: dict[str, Any] = Field(default_factory=dict)
    created_at: float = Field(default_factory=time.time)
    project: str
    """The job id of the project's first version (the job's own for a generation)."""
    version: int = 1
    made: Made = "generate"
    versions: list[VersionEntry] | None = None
    """On the project's first version only: every version, in order."""
    progress: dict[str, str] = Field(default_factory=dict)
    summary: dict[str, Any] | None = None
    error: str | None = None

    def stored(self) -> dict[str, Any]:
        """As the job stores keep it."""
        return self.model_dump(mode="json", exclude_none=True) | {"summary": None, "error": None}


def new_record(
    job_id: str,
    prompt: str,
    options: dict[str, Any],
    owner: str = "",
    *,
    project: str | None = None,
    version: int = 1,
    made: Made = "generate",
) -> JobRecord:
    """The record of a new job: the first version of a new project unless ``project`` names the
    project it is a later ``version`` of (which the project's list gets atomically elsewhere)."""
    first = project is None or project == job_id
    return JobRecord(
        id=job_id, owner=owner, prompt=prompt, options=options, project=project or job_id, version=version, made=made,
        versions=[VersionEntry(version=1, job_id=job_id, request=prompt, made=made)] if first else None,
    )  # fmt: skip
