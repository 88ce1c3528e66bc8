"""``--level run`` runs the app on its own pinned packages: a venv made from wheels per
requirements hash, outside the project, or a refusal that says why, and never a quiet pass."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.artifacts import Design, FileSet
from pipeline.cli import main
from pipeline.templates.render import BACKEND_PINS
from pipeline.validate import validate
from pipeline.validate.app_env import ENV_CHECK, app_environment, parse_requirements
from pipeline.validate.runtime import run_backend_tests

PINNED = "".join(f"{name}=={version}\n" for name, version in BACKEND_PINS.items())
APP = {
    "backend/app/__init__.py": "",
    "backend/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/api/ping')\ndef ping() -> dict[str, str]:\n    return {'pong': 'yes'}\n",
    "backend/tests/__init__.py": "",
    "backend/tests/test_ping.py": (
        "import sys\n\nfrom fastapi.testclient import TestClient\n\nfrom app.main import app\n\n\n"
        "def test_ping() -> None:\n    assert TestClient(app).get('/api/ping').json() == {'pong': 'yes'}\n\n\n"
        "def test_runs_in_a_venv() -> None:\n    assert sys.prefix != sys.base_prefix\n"
    ),
}


def test_only_plain_package_requirements_are_installed_and_the_rest_refused_with_why() -> None:
    wanted, refused = parse_requirements(
        "fastapi==0.115.0  # the API\n\n-e git+https://x/y\nevil @ https://x/e.whl\n"
        "--index-url https://mirror\nhttpx>=0.27,<1\nuvicorn[standard]==0.30.0\nweird name!\n"
    )
    assert wanted == ["fastapi==0.115.0", "httpx>=0.27,<1", "uvicorn[standard]==0.30.0"]
    assert [r.rsplit(": ", 1)[1] for r in refused] == [
        "pip options are not allowed in a generated project",
        "only registry packages by name and version are installed",
        "pip options are not allowed in a generated project",
        "not a package requirement",
    ]
    found = app_environment("-e git+https://x/y\n")
    assert found.python is None and found.findings[0].check == ENV_CHECK
    assert "pip options are not allowed" in found.findings[0].message


def test_the_running_interpreter_serves_when_it_has_every_pin() -> None:
    import sys

    assert app_environment(PINNED).python == sys.executable


@pytest.mark.slow
def test_the_app_runs_on_a_venv_of_its_pins_made_once_from_wheels_outside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_APP_ENVS_DIR", str(tmp_path / "envs"))
    requirements = PINNED + "iniconfig\n"  # not all pinned here: this interpreter will not do
    made = app_environment(requirements)
    assert made.findings == [] and made.python is not None
    python = Path(made.python)
    assert python.parent.parent.parent == tmp_path / "envs"
    assert app_environment(requirements).python == made.python  # cached per requirements hash
    backend = FileSet(files={**APP, "backend/requirements.txt": requirements})
    assert run_backend_tests(backend, python=made.python) == []
    assert not [
        d
        for d in validate(Design(contract={}, resources=[]), backend, FileSet(), "run")
        if d.severity == "error"
    ]


@pytest.mark.slow
def test_check_level_run_exits_3_when_the_apps_packages_cannot_be_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_APP_ENVS_DIR", str(tmp_path / "envs"))
    project = tmp_path / "app"
    files = {**APP, "backend/requirements.txt": PINNED + "no-such-package-pipeline-test==9.9.9\n"}
    for path, text in files.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text)
    out = io.StringIO()
    assert main(["check", str(project), "--level", "run", "--json"], stdout=out) == 3
    [refused] = [d for d in map(json.loads, out.getvalue().splitlines()) if d.get("check") == ENV_CHECK]
    assert refused["severity"] == "error" and refused["file"] == "backend/requirements.txt"
    assert "could not be installed from wheels" in refused["message"]
    assert "no-such-package-pipeline-test" in refused["message"]
    out = io.StringIO()
    assert main(["check", str(project), "--level", "run"], stdout=out) == 3
    assert "Not proven" in out.getvalue()
    assert [p.name for p in (tmp_path / "envs").iterdir() if not p.name.startswith(".")] == []


def test_a_kinds_own_pin_counts_as_the_templates_so_a_failed_install_is_this_machines() -> None:
    from pipeline.validate.app_env import _scaffold_only

    assert _scaffold_only([*PINNED.split(), "chess==1.10.0"])  # the chess kind's python-chess
    assert not _scaffold_only(["chess==1.9.0"])
