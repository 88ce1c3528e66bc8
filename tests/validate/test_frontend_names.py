"""The frontend is checked against its own modules and the build's output says what broke: an
import of an API function ``api.js`` does not export is a static finding for the UI's agent, and a
failed build's finding is its first error line, not a stack's tail."""

from __future__ import annotations

from pathlib import Path

from pipeline import generate
from pipeline.artifacts import FileSet
from pipeline.templates import extract_spec
from pipeline.templates.contract import build_design
from pipeline.validate import check_static
from pipeline.validate.js_names import check_imported_names
from pipeline.validate.runtime import first_build_error


def test_an_import_of_a_function_api_js_does_not_export_is_a_finding(tmp_path: Path) -> None:
    out = tmp_path / "todo"
    generate("build a todo app", out=out)
    files = {
        p.relative_to(out).as_posix(): p.read_text()
        for p in (out / "frontend" / "src").rglob("*")
        if p.is_file()
    }
    frontend = FileSet(files=files, agent="uix", provider="template")
    assert check_imported_names(frontend) == []
    view = "frontend/src/views/Streak.jsx"
    files[view] = (
        "import { listTodos, dailyStreak as streak } from '../api.js';\nexport default function Streak() { return null; }\n"
    )
    findings = check_imported_names(FileSet(files=files, agent="uix", provider="model"))
    assert [(d.file, d.line, d.check, d.owner) for d in findings] == [(view, 1, "js.missing-export", "uix")]
    assert "dailyStreak" in findings[0].message and "listTodos" in findings[0].message  # what does exist
    design = build_design(extract_spec("build a todo app"))
    static = check_static(design, FileSet(), FileSet(files=files, agent="uix", provider="model"))
    assert any(d.check == "js.missing-export" for d in static)


def test_a_failed_build_is_told_by_its_first_error_line() -> None:
    output = "\n".join(
        [
            "vite v5.4.21 building for production...",
            "transforming...",
            "✓ 30 modules transformed.",
            "x Build failed in 412ms",
            "error during build:",
            'src/views/Streak.jsx (1:27): "dailyStreak" is not exported by "src/api.js", imported by "src/views/Streak.jsx".',
            "    at getRollupError (file:///app/node_modules/rollup/dist/es/shared/parseAst.js:396:41)",
            "    at error (file:///app/node_modules/rollup/dist/es/shared/parseAst.js:392:42)",
        ]
    )
    said = first_build_error(output)
    assert (
        said.startswith('src/views/Streak.jsx (1:27): "dailyStreak" is not exported')
        and "at getRollupError" not in said
    )
