"""DEBUG's verdict is trustworthy: every injected fault is caught, clean projects pass."""

from __future__ import annotations

import pytest

from pipeline.validate import errors, validate
from tests.validate.faults import APPS, FAULTS, Fault, clean, faulty

CASES = [(app, fault) for fault in FAULTS for app in APPS]


@pytest.mark.parametrize(("app", "fault"), CASES, ids=[f"{f.kind}-{a}" for a, f in CASES])
def test_every_injected_fault_is_detected(app: str, fault: Fault) -> None:
    project = faulty(app, fault)
    found = errors(validate(project.design, project.backend, project.frontend, fault.level))  # type: ignore[arg-type]
    assert fault.check in {d.check for d in found}, [(d.check, d.message) for d in found]
    owner = {d.owner for d in found if d.check == fault.check}
    assert owner == (
        {"uix"} if fault.check.startswith(("js.", "contract.unknown", "contract.base")) else {"backend"}
    )


@pytest.mark.parametrize("app", sorted(APPS))
def test_clean_projects_have_no_error_at_any_level_that_runs_here(app: str) -> None:
    project = clean(app)
    for level in ("static", "run"):
        found = errors(validate(project.design, project.backend, project.frontend, level))  # type: ignore[arg-type]
        assert found == [], [(d.check, d.message) for d in found]


def test_the_corpus_covers_ten_kinds_several_times_each() -> None:
    assert len({f.kind.split(" (")[0] for f in FAULTS}) >= 10
    assert len(APPS) >= 3
