"""The service's side of :class:`RunRequest`: built and checked by the route that received it,
carried to a worker as plain data (the job's options), and read back there unchanged.

A job's options dict keeps the shape clients see on its record (``offline``, ``level``,
``no_cache``, ``review``; an edit's ``edit_of``); these functions are the only readers of it
that decide what the run is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from pipeline.request import EditBase, Level, RunOptions, RunRequest

if TYPE_CHECKING:
    from pipeline.server.schemas import GenerateOptions


@dataclass(frozen=True)
class JobOrder:
    """What a worker is asked to do; plain data, so it travels through a queue."""

    job_id: str
    prompt: str
    options: dict[str, Any]
    answer: dict[str, Any] | None = None
    """A reviewer's answer: resume the job that waited for it."""
    progress: dict[str, Any] | None = None
    """The progress the job's record shows already (a resumed job keeps it)."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobOrder:
        """An order read back from a queue. Keys this version does not know are let go: an order
        queued by an older version still runs (those carried ``base_archive``, always None)."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def options_of(options: Mapping[str, Any]) -> RunOptions:
    """A job's options (as its record keeps them) as the run's options."""
    return RunOptions(
        level=cast(Level, options.get("level") or "static"),
        offline=bool(options.get("offline")),
        no_cache=bool(options.get("no_cache")),
        review=bool(options.get("review")),
    )


def generate_request(prompt: str, options: GenerateOptions, *, max_chars: int) -> RunRequest:
    """``POST /api/v1/generate``'s request, checked once here (a :class:`PromptError` is the
    client's 422); the worker writes it into the job's own folder."""
    return RunRequest.build(prompt, max_chars=max_chars, options=options_of(options.model_dump()))


def edit_request(change: str, options: Mapping[str, Any], base_job: str, *, max_chars: int) -> RunRequest:
    """``POST /api/v1/jobs/{id}/edits``' request: the change to the version ``base_job``."""
    return RunRequest.build(
        change, max_chars=max_chars, options=options_of(options), base=EditBase(job_id=base_job)
    )


def order_request(order: JobOrder) -> RunRequest:
    """The request a worker runs, read back from the order the route queued. The route checked
    the prompt when it built the request; the queue is the service's own, so it is not checked
    again."""
    base_job = order.options.get("edit_of")
    base = EditBase(job_id=str(base_job)) if base_job is not None else None
    return RunRequest(prompt=order.prompt, options=options_of(order.options), base=base)
