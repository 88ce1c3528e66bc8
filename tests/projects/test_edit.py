"""Changing an app after it is made: the user's own changes survive, conflicts are reported,
dry runs write nothing, and edits are runs like any other."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline import edit, generate
from pipeline.agents.types import FixedModels
from pipeline.artifacts import FileSet
from pipeline.cli import main
from pipeline.projects import load_project
from pipeline.projects.record import blob_id
from pipeline.validate.runtime import run_backend_tests

HEALTH = """
    @app.get("/api/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

"""


def run(*args: str, stdin: str = "") -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()

    class In(io.StringIO):
        buffer = io.BytesIO(stdin.encode())

    code = main([*args, "--json"], stdout=out, stdin=In(stdin))
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def git_log(root: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%s"], capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


@pytest.fixture
def todo(tmp_path: Path) -> Path:
    root = tmp_path / "todo"
    code, _ = run("build a todo app", "--offline", "--out", str(root))
    assert code == 0
    return root


def test_a_generated_project_records_how_it_was_made_and_is_a_git_repository(todo: Path) -> None:
    record = load_project(todo)
    assert record.request == "build a todo app" and record.plan.app_name == "Todo List"
    assert record.design.contract["paths"]
    for path, blob in record.files.items():
        assert blob_id((todo / path).read_text()) == blob, path
    assert {"README.md", "openapi.json", ".gitignore", "backend/app/main.py"} <= set(record.files)
    assert git_log(todo) == ["pipeline: build a todo app"]
    readme = (todo / "README.md").read_text()
    assert "github.com" not in readme and "http" not in readme.split("## Run it")[0]  # no made-up address


@pytest.mark.slow
def test_an_offline_edit_adds_a_field_and_an_entity_and_keeps_a_hand_change(todo: Path) -> None:
    main_py = todo / "backend" / "app" / "main.py"
    anchor = "    origins = [o.strip()"
    main_py.write_text(main_py.read_text().replace(anchor, HEALTH.lstrip("\n") + anchor))
    change = "add a rating to todos and add an entity project with name and deadline"
    code, events = run("edit", str(todo), change, "--offline")
    summary = events[-1]
    assert code == 0 and summary["status"] == "succeeded" and summary["mode"] == "edit"
    assert summary["conflicts"] == []
    merged = main_py.read_text()
    assert '@app.get("/api/health"' in merged  # the hand change survived
    assert "app.include_router(projects.router)" in merged  # and the new entity's router came in beside it
    contract = json.loads((todo / "openapi.json").read_text())
    assert "rating" in contract["components"]["schemas"]["TodoCreate"]["properties"]
    assert "/api/projects" in contract["paths"]
    views = todo / "frontend" / "src" / "views"
    assert "rating: values.rating" in (views / "TodoForm.jsx").read_text()  # the new field, written out
    assert all((views / f"Project{part}.jsx").is_file() for part in ("View", "Form", "List"))
    backend = FileSet(files={str(p.relative_to(todo)): p.read_text() for p in (todo / "backend").rglob("*.*")
                             if "__pycache__" not in p.parts})  # fmt: skip
    assert run_backend_tests(backend) == []  # the app's own suite, the new entity's tests included
    assert git_log(todo) == [
        f"pipeline edit: {change[:60]}",
        f"Your changes before the edit: {change[:60]}",
        "pipeline: build a todo app",
    ]
    record = load_project(todo)
    assert [s.kind for s in record.history] == ["generate", "edit"]
    assert record.files["backend/app/main.py"] != blob_id(merged)  # the record keeps what was generated
    # an edit is a run like any other
    out = io.StringIO()
    assert main(["runs", "--json"], stdout=out) == 0
    runs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any(r["run_id"] == summary["run_id"] for r in runs)
    assert main(["trace", str(summary["run_id"])], stdout=io.StringIO()) == 0


def test_a_conflicting_hand_change_is_left_marked_and_reported(todo: Path) -> None:
    models = todo / "backend" / "app" / "models.py"
    text = models.read_text()
    anchor = "    tags: list[str] = Field(default_factory=list)\n"
    models.write_text(text.replace(anchor, anchor + "    estimate: int | None = None\n", 1))
    code, events = run("edit", str(todo), "add a rating to todos", "--offline")
    summary = events[-1]
    assert code == 1
    assert summary["conflicts"] == ["backend/app/models.py"]
    merged = models.read_text()
    assert "<<<<<<< yours\n    estimate: int | None = None\n" in merged
    assert "||||||| as generated before" in merged and ">>>>>>> new generation" in merged
    assert "    rating: int | None = None\n>>>>>>> new generation" in merged


def test_a_dry_run_shows_the_diff_and_writes_nothing(todo: Path) -> None:
    before = {p: p.read_bytes() for p in todo.rglob("*") if p.is_file() and ".git" not in p.parts}
    code, events = run("edit", str(todo), "add a rating to todos", "--offline", "--dry-run")
    summary = events[-1]
    assert code == 0
    assert "+    rating: int | None = None" in str(summary["diff"])
    assert "b/openapi.json" in str(summary["diff"])
    after = {p: p.read_bytes() for p in todo.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before and git_log(todo) == ["pipeline: build a todo app"]


def test_edit_refuses_a_folder_pipeline_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    err = io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err):
        code = main(["edit", str(tmp_path / "other"), "add a rating to todos"], stdout=io.StringIO())
    assert code == 2


@pytest.mark.parametrize(
    ("answers", "written"),
    [
        ([{"action": "approve"}, {"action": "approve"}], True),
        ([{"action": "reject"}], False),
        ([{"action": "approve"}, {"action": "reject"}], False),
    ],
)
def test_review_over_the_cli_with_piped_json(
    tmp_path: Path, answers: list[dict[str, str]], written: bool
) -> None:
    out = tmp_path / "app"
    code, events = run("build a todo app", "--offline", "--review", "--out", str(out),
                       stdin="".join(json.dumps(a) + "\n" for a in answers))  # fmt: skip
    reviews = [e for e in events if e["event"] == "review"]
    assert [r["stage"] for r in reviews] == ["plan", "design"][: len(answers)]
    assert reviews[0]["plan"]["app_name"] == "Todo List"  # type: ignore[index]
    assert code == 0
    assert events[-1]["status"] == ("succeeded" if written else "rejected")
    assert out.exists() == written


def test_review_edits_the_plan_and_a_bad_edit_is_asked_again(tmp_path: Path) -> None:
    out = tmp_path / "app"
    code, events = run("build a todo app", "--offline", "--review", "--out", str(out), stdin="")
    plan = next(e for e in events if e["event"] == "review")["plan"]
    plan["entities"][0]["fields"].append({"name": "effort", "type": "integer", "required": False})  # type: ignore[index]
    answers = [
        {"action": "edit", "plan": {"app_name": "no entities at all"}},  # not a plan: asked again
        {"action": "edit", "plan": plan},
        {"action": "approve"},
    ]
    code, events = run("build a todo app", "--offline", "--review", "--out", str(out),
                       stdin="".join(json.dumps(a) + "\n" for a in answers))  # fmt: skip
    reviews = [e for e in events if e["event"] == "review"]
    assert [r["stage"] for r in reviews] == ["plan", "plan", "design"]
    assert "cannot be used" in str(reviews[1]["error"])
    assert code == 0 and events[-1]["status"] == "succeeded"
    contract = json.loads((out / "openapi.json").read_text())
    assert "effort" in contract["components"]["schemas"]["TodoCreate"]["properties"]


def test_an_edit_can_be_reviewed_and_rejected(todo: Path) -> None:
    before = (todo / "openapi.json").read_text()
    code, events = run("edit", str(todo), "add a rating to todos", "--offline", "--review",
                       stdin=json.dumps({"action": "reject"}) + "\n")  # fmt: skip
    assert code == 0 and events[-1]["status"] == "rejected"
    review = next(e for e in events if e["event"] == "review")
    assert any(f["name"] == "rating" for f in review["plan"]["entities"][0]["fields"])  # type: ignore[index]
    assert (todo / "openapi.json").read_text() == before


def test_a_model_change_that_collides_with_the_new_scaffold_keeps_the_models_code() -> None:
    from pipeline.projects.merge import Collision, rebase

    old = {"a.py": "x = 1\ny = 2\n", "gone.py": "old\n"}
    made = {"a.py": "x = 100\ny = 2\n", "gone.py": "old\n", "model.py": "kept\n"}
    new = {"a.py": "x = 5\ny = 2\n"}
    files, collided = rebase(old, made, new)
    assert files["a.py"] == "x = 100\ny = 2\n"  # the model's code, never the scaffold's text
    assert collided == [Collision("a.py", "x = 5\n", "x = 1\n")]  # and the scaffold's change, for the agent
    assert files["model.py"] == "kept\n"  # a file a model added stays
    assert "gone.py" not in files  # the scaffold dropped it (an entity removed)
    base = "x = 1\nkeep\nkeep\ny = 2\n"
    merged, collided = rebase(
        {"a.py": base}, {"a.py": base.replace("y = 2", "y = 3")}, {"a.py": base.replace("x = 1", "x = 5")}
    )
    assert merged["a.py"] == "x = 5\nkeep\nkeep\ny = 3\n" and collided == []  # apart, both changes stay


def test_a_stub_implemented_and_a_new_stub_appended_after_it_both_stay() -> None:
    from pipeline.projects.merge import rebase

    stub = "def roll():\n    raise NotImplementedError  # stub\n"
    made = "def roll():\n    return 4\n"
    added = "\n\ndef stats():\n    raise NotImplementedError  # stub\n"
    files, collided = rebase({"ops.py": stub}, {"ops.py": made}, {"ops.py": stub + added})
    assert files["ops.py"] == made + added and collided == []


async def test_an_edit_that_fails_mid_way_resumes_and_finishes_the_merge(todo: Path, tmp_path: Path) -> None:
    import uuid

    from langchain_core.language_models import BaseChatModel

    from pipeline.providers.errors import ProviderUnavailable
    from pipeline.request import EditBase, RunRequest
    from pipeline.runner import aresume, astream_run
    from pipeline.settings import ChainLink, Settings
    from pipeline.tracing.checkpoints import open_checkpointer

    class BrokenUntilFixed(FixedModels):
        """BACKEND's model source has a bug (not a provider error): the run stops, resumable."""

        broken = True

        def chat_model(self, link: ChainLink) -> BaseChatModel:
            if self.broken and link.model == "backend":
                raise RuntimeError("a bug in a custom model source")
            raise ProviderUnavailable("not configured", provider=link.provider)

    readme = todo / "README.md"
    readme.write_text(readme.read_text() + "\nOur notes.\n")
    settings = Settings(data_dir=tmp_path / "data", agent_backend="local:backend")
    models = BrokenUntilFixed()
    run_id = uuid.uuid4().hex[:12]
    change = "add a rating to todos"
    async with open_checkpointer(settings) as saver:
        with pytest.raises(RuntimeError, match="a bug"):
            request = RunRequest.build(change, max_chars=8000, base=EditBase(project=todo))
            async for _ in astream_run(request, settings=settings, models=models, checkpointer=saver,
                                       run_id=run_id):  # fmt: skip
                pass
        assert "rating" not in (todo / "openapi.json").read_text()  # nothing was written
        models.broken = False
        events = [e async for e in aresume(run_id, checkpointer=saver, settings=settings, models=models)]
    summary = events[-1]["summary"]
    assert summary.mode == "edit" and summary.status == "succeeded" and summary.conflicts == []
    assert "rating" in (todo / "openapi.json").read_text()
    assert "Our notes." in readme.read_text()
    assert git_log(todo)[0] == f"pipeline edit: {change}"


def test_an_edit_reads_project_json_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.projects import record as project_record

    out = tmp_path / "todo"
    generate("build a todo app", out=out)
    reads: list[str] = []
    real = project_record.ProjectRecord.model_validate_json

    def counting(data: str | bytes, **kwargs: Any) -> Any:
        reads.append("read")
        return real(data, **kwargs)

    monkeypatch.setattr(project_record.ProjectRecord, "model_validate_json", counting)
    project_record._parsed.cache_clear()
    summary = edit(out, "add a rating to todos")
    assert summary.status == "succeeded"
    assert len(reads) == 1
