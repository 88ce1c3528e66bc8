"""A corpus of faulty projects: clean template projects with one fault injected each.

Each fault kind names the check that must catch it and the level that can.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipeline.artifacts import Design, FileSet, Plan
from pipeline.templates import build_design, extract_spec, render_backend, render_frontend

APPS = {
    "todo": "build a todo app",
    "library": "a library system to track books, members and loans",
    "expenses": "expense tracker with categories and monthly totals",
}

Files = dict[str, str]


@dataclass(frozen=True)
class Project:
    plan: Plan
    design: Design
    backend: FileSet
    frontend: FileSet


@cache
def clean(app: str) -> Project:
    plan = extract_spec(APPS[app])
    design = build_design(plan)
    return Project(plan, design, render_backend(plan, design), render_frontend(plan, design))


def _route_file(project: Project) -> str:
    return f"backend/app/routes/{project.plan.entities[0].plural}.py"


def _sub(text: str, pattern: str, replacement: str) -> str:
    changed, n = re.subn(pattern, replacement, text, count=1)
    assert n == 1, f"fault pattern {pattern!r} not found"
    return changed


def syntax_error(p: Project, b: Files, f: Files) -> None:
    path = _route_file(p)
    b[path] = _sub(b[path], r"def (list_\w+)\(", r"def \1(:")


def undefined_name(p: Project, b: Files, f: Files) -> None:
    path = _route_file(p)
    b[path] = _sub(b[path], r"return db\.list\(TABLE", "return db.list(TABEL")


def missing_import(p: Project, b: Files, f: Files) -> None:
    path = _route_file(p)
    b[path] = _sub(b[path], r"from fastapi import [^\n]+\n", "")


def missing_requirement(p: Project, b: Files, f: Files) -> None:
    b["backend/requirements.txt"] = _sub(b["backend/requirements.txt"], r"fastapi==[^\n]+\n", "")


def frontend_path_drift(p: Project, b: Files, f: Files) -> None:
    plural = p.design.resources[0].collection_path
    f["frontend/src/api.js"] = _sub(f["frontend/src/api.js"], re.escape(f"'{plural}'"), f"'{plural}-list'")


def backend_path_drift(p: Project, b: Files, f: Files) -> None:
    path = _route_file(p)
    b[path] = _sub(b[path], r'prefix="/api/', 'prefix="/api/v2/')


def wrong_http_method(p: Project, b: Files, f: Files) -> None:
    f["frontend/src/api.js"] = _sub(f["frontend/src/api.js"], r"request\('PATCH'", "request('PUT'")


def failing_backend_test(p: Project, b: Files, f: Files) -> None:
    path = f"backend/tests/test_{p.plan.entities[0].plural}.py"
    b[path] = _sub(
        b[path],
        r"assert response\.status_code == 201, response\.text",
        "assert response.status_code == 200, response.text",
    )


def wrong_status_code(p: Project, b: Files, f: Files) -> None:
    path = _route_file(p)
    b[path] = _sub(b[path], r"status_code=201,", "status_code=200,")


def jsx_parse_error(p: Project, b: Files, f: Files) -> None:
    f["frontend/src/App.jsx"] = _sub(f["frontend/src/App.jsx"], r"</header>", "")


def missing_component(p: Project, b: Files, f: Files) -> None:
    f["frontend/src/App.jsx"] = "import GhostView from './views/GhostView.jsx';\n" + f["frontend/src/App.jsx"]


def wrong_api_base_url(p: Project, b: Files, f: Files) -> None:
    f["frontend/vite.config.js"] = _sub(f["frontend/vite.config.js"], r"127\.0\.0\.1:8000", "127.0.0.1:9000")


def hardcoded_wrong_base(p: Project, b: Files, f: Files) -> None:
    f["frontend/src/api.js"] = _sub(
        f["frontend/src/api.js"], r"const BASE = [^\n]+", "const BASE = 'http://localhost:9999';"
    )


@dataclass(frozen=True)
class Fault:
    kind: str
    inject: Callable[[Project, Files, Files], None]
    check: str
    level: str = "static"


FAULTS = [
    Fault("syntax error", syntax_error, "python.syntax"),
    Fault("undefined name", undefined_name, "python.undefined-name"),
    Fault("missing import", missing_import, "python.undefined-name"),
    Fault("missing requirement", missing_requirement, "python.missing-requirement"),
    Fault("route drift (frontend)", frontend_path_drift, "contract.unknown-call"),
    Fault("route drift (backend)", backend_path_drift, "contract.missing-route"),
    Fault("wrong HTTP method", wrong_http_method, "contract.unknown-call"),
    Fault("failing backend test", failing_backend_test, "tests.failed", "run"),
    Fault("wrong status code", wrong_status_code, "contract.status", "run"),
    Fault("JSX parse error", jsx_parse_error, "js.syntax"),
    Fault("import of a missing component", missing_component, "js.missing-file"),
    Fault("wrong API base URL (proxy)", wrong_api_base_url, "contract.base-url"),
    Fault("wrong API base URL (client)", hardcoded_wrong_base, "contract.base-url"),
]


def faulty(app: str, fault: Fault) -> Project:
    project = clean(app)
    backend, frontend = dict(project.backend.files), dict(project.frontend.files)
    fault.inject(project, backend, frontend)
    return Project(
        project.plan,
        project.design,
        FileSet(files=backend, agent="backend"),
        FileSet(files=frontend, agent="uix"),
    )
