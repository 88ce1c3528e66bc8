"""The fields a plan keeps for one of its things, for tests that read a request's details."""

from __future__ import annotations

from pipeline.templates import extract_spec


def fields_of(request: str, thing: str) -> list[str]:
    """The names of the fields ``thing`` keeps in the plan made from ``request``, in order."""
    found = extract_spec(request).entity(thing)
    assert found is not None, f"no {thing} in {request!r}"
    return [f.name for f in found.fields]
