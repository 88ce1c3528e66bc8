"""The service's side of :class:`RunRequest`: built and checked by the route that received it,
carried to a worker as plain data (the job's options), and read back there unchanged.

A job's options dict keeps the shape clients see on its record (``offline``, ``level``,
``no_cache``, ``review``; an edit's ``edit_of``); these functions are the only readers of it
that decide what the run is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from pipeline.request import EditBase, Level, RunOptions, RunRequest

if TYPE_CHECKING:
    from pipeline.server.execute import JobOrder
    from pipeline.server.schemas import GenerateOptions


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
    edit = base_job is not None or order.base_archive is not None
    base = EditBase(job_id=str(base_job) if base_job else None, archive=order.base_archive) if edit else None
    return RunRequest(prompt=order.prompt, options=options_of(order.options), base=base)
