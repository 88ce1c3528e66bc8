"""One run request: every edge (the CLI, the service's route and worker, ``agenerate`` and
``aedit``) builds the same :class:`RunRequest` for the same ask, checks it once, and drives the
graph through the runner's one path with the same settings and initial state."""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import pipeline.request
import pipeline.runner
from pipeline import aedit, agenerate, generate
from pipeline.cache import open_cache
from pipeline.cli import main
from pipeline.cli.parsing import Parser, edit_request, generation_parser, generation_request, run_options
from pipeline.errors import InputError, PromptError, RunFailed
from pipeline.keypool.factory import pool_from_settings
from pipeline.projects import archive
from pipeline.request import EditBase, RunOptions, RunRequest, run_settings
from pipeline.runner import initial_state
from pipeline.server import run_requests
from pipeline.server.daily import MemoryDaily
from pipeline.server.execute import JobWorker, job_settings
from pipeline.server.jobs import MemoryJobs, new_job_id, new_record
from pipeline.server.run_requests import JobOrder
from pipeline.server.schemas import GenerateOptions
from pipeline.server.store_kept import open_kept
from pipeline.settings import Settings
from pipeline.stores.file_store import version_key
from tests.server.test_service import Service

ASK = "  build a todo app\n"
SERVICE_OPTIONS = GenerateOptions(offline=True, level="static", no_cache=True, review=False)


def cli_generation(*argv: str) -> tuple[RunRequest, Settings]:
    ns = generation_parser().parse_args(list(argv))
    return generation_request(ns, io.StringIO())


def cli_edit(*argv: str) -> tuple[RunRequest, Settings]:
    parser = Parser()
    parser.add_argument("project")
    parser.add_argument("change")
    parser.add_argument("--dry-run", action="store_true")
    run_options(parser)
    return edit_request(parser.parse_args(list(argv)), io.StringIO())


def comparable(settings: Settings) -> dict[str, Any]:
    # the worker's job folder is archived and deleted, so it alone keeps no git history
    return settings.model_dump(exclude={"project_history"})


def test_the_cli_and_the_service_make_the_same_generation_request(tmp_path: Path) -> None:
    cli, cli_settings = cli_generation(ASK, "--offline", "--no-cache", "--level", "static")
    route = run_requests.generate_request(ASK, SERVICE_OPTIONS, max_chars=8000)
    order = JobOrder(job_id=new_job_id(), prompt=route.prompt, options=SERVICE_OPTIONS.model_dump())
    worker = run_requests.order_request(JobOrder.from_dict(order.to_dict()))
    # an order queued by an older version (it carried ``base_archive``, always None) still runs
    older = JobOrder.from_dict({**order.to_dict(), "base_archive": None})

    assert route.prompt == "build a todo app" and not route.is_edit and route.mode == "generate"
    assert worker == route  # through the queue and back, unchanged
    assert older == order
    # the CLI writes under ./out/<slug>; the worker sets its own job folder; the rest is the same
    assert cli.out is None and cli.out_root == cli_settings.out_dir
    assert dataclasses.replace(cli, out_root=None) == route
    assert comparable(cli_settings) == comparable(job_settings(Settings(), order.options))
    assert cli_settings.validate_level == "static" and cli_settings.cache is False
    assert {cli_settings.agent_core, cli_settings.agent_backend} == {"template"}
    assert initial_state(dataclasses.replace(cli, out_root=None), "r1") == initial_state(worker, "r1")


def test_options_become_settings_in_one_place() -> None:
    base = Settings(cache=True, validate_level="run")
    options = RunOptions(level="full", offline=True, no_cache=True, max_fix_rounds=4, max_cost_usd=0.5)
    made = run_settings(options, base)
    assert made.validate_level == "full" and made.cache is False and made.max_fix_rounds == 4
    assert made.max_cost_usd == 0.5 and made.agent_arch == "template"
    assert base.validate_level == "run" and base.cache is True  # the base is not changed
    assert run_settings(RunOptions(), base) == base  # no option, no change: the settings' own level
    with pytest.raises(ValueError, match="max_fix_rounds"):
        run_settings(RunOptions(max_fix_rounds=-1), base)  # checked as settings are


def test_the_cli_and_the_service_make_the_same_edit_request(tmp_path: Path) -> None:
    project = tmp_path / "todo"
    generate("build a todo app", out=project)
    cli, cli_settings = cli_edit(
        str(project), " add a rating to todos ", "--offline", "--no-cache", "--level", "static"
    )
    options = {**SERVICE_OPTIONS.model_dump(), "edit_of": "j" * 24}
    route = run_requests.edit_request(" add a rating to todos ", options, "j" * 24, max_chars=8000)
    worker = run_requests.order_request(JobOrder(job_id=new_job_id(), prompt=route.prompt, options=options))

    assert cli.is_edit and route.is_edit and worker.is_edit and cli.mode == "edit"
    assert worker == route and route.base == EditBase(job_id="j" * 24)
    assert cli.base == EditBase(project=project) and cli.out == project and cli.force
    # once the worker has the base version in a folder, the request is the CLI's
    unpacked = dataclasses.replace(worker, base=EditBase(project=project), out=project, force=True)
    assert unpacked == cli
    assert comparable(cli_settings) == comparable(job_settings(Settings(), options))
    state = initial_state(cli, "r1")
    assert state["mode"] == "edit" and state["base_plan"].app_name == "Todo List"
    assert state == initial_state(unpacked, "r1")


def test_a_folder_pipeline_did_not_make_is_refused_where_the_edit_is_built(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    with pytest.raises(InputError, match="not made by pipeline"):
        RunRequest.build("add a rating", max_chars=8000, base=EditBase(project=tmp_path / "other"))
    # a request the worker has not unpacked yet cannot start a run
    with pytest.raises(RunFailed, match="not in a folder yet"):
        initial_state(RunRequest("add a rating", base=EditBase(job_id="j" * 24)), "r1")


class Spy:
    """Every call of the runner's one path, with the request and settings it was given; the
    real path runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs: list[tuple[RunRequest, Settings]] = []
        self.checks = 0
        real_run, real_check = pipeline.runner.astream_run, pipeline.request.check_prompt

        def astream_run(request: Any, **kwargs: Any) -> AsyncIterator[dict[str, Any]]:
            assert isinstance(request, RunRequest), "an edge built its request"
            self.runs.append((request, kwargs["settings"]))
            return real_run(request, **kwargs)

        def check_prompt(text: str, **kwargs: Any) -> str:
            self.checks += 1
            return real_check(text, **kwargs)

        monkeypatch.setattr(pipeline.runner, "astream_run", astream_run)
        monkeypatch.setattr(pipeline.request, "check_prompt", check_prompt)

    def take(self) -> tuple[RunRequest, Settings, int]:
        assert len(self.runs) == 1, self.runs
        (request, settings), checks = self.runs.pop(), self.checks
        self.checks = 0
        return request, settings, checks


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    yield Spy(monkeypatch)


async def worker_run(tmp_path: Path, order: JobOrder) -> str:
    settings = Settings(data_dir=tmp_path / "data", cache=False)
    jobs = MemoryJobs()
    await jobs.create(order.job_id, new_record(order.job_id, order.prompt, order.options))
    worker = JobWorker(
        settings=settings, pool=pool_from_settings(settings), cache=open_cache(settings.cache_store_url()),
        daily=MemoryDaily(), sink=jobs, workdir=tmp_path / "jobs",
    )  # fmt: skip
    try:
        return await worker.run(order)
    finally:
        await worker.pool.close()
        await worker.cache.close()


async def test_every_entry_point_checks_once_and_runs_the_one_path(tmp_path: Path, spy: Spy) -> None:
    offline = Settings(**{f"agent_{a}": "template" for a in ("core", "arch", "backend", "uix", "debug")})

    # the CLI
    assert main([ASK, "--offline", "--out", str(tmp_path / "cli")], stdout=io.StringIO()) == 0
    cli, cli_settings, checks = spy.take()
    assert checks == 1 and cli.prompt == "build a todo app" and cli.out == tmp_path / "cli"

    # the importable API
    summary = await agenerate(ASK, out=tmp_path / "lib", settings=offline)
    library, _, checks = spy.take()
    assert checks == 1 and summary.status == "succeeded" and summary.mode == "generate"
    assert library == dataclasses.replace(cli, options=RunOptions(), out=tmp_path / "lib")

    # the service's worker: the route checked the prompt; the queue's order is not checked again
    job_id = new_job_id()
    order = JobOrder(job_id=job_id, prompt="build a todo app", options=SERVICE_OPTIONS.model_dump())
    assert await worker_run(tmp_path, order) == "succeeded"
    worker, worker_settings, checks = spy.take()
    assert checks == 0
    assert dataclasses.replace(worker, out=None, force=False) == dataclasses.replace(
        cli, options=dataclasses.replace(cli.options, no_cache=True, level="static"), out=None
    )
    assert worker.out == tmp_path / "jobs" / job_id
    assert worker_settings.agent_core == cli_settings.agent_core == "template"

    # edits: the CLI's, the library's and the worker's
    code = main(["edit", str(tmp_path / "cli"), "add a rating to todos", "--offline"], stdout=io.StringIO())
    assert code == 0
    cli_edit_request, _, checks = spy.take()
    assert checks == 1 and cli_edit_request.is_edit
    summary = await aedit(tmp_path / "lib", "add a rating to todos", settings=offline)
    library_edit, _, checks = spy.take()
    assert checks == 1 and summary.mode == "edit" and summary.status == "succeeded"
    assert library_edit.options == RunOptions() and library_edit.base == EditBase(project=tmp_path / "lib")
    # the worker's edit loads its base version from the stores, by the id the route put in edit_of
    base_id, edit_id = new_job_id(), new_job_id()
    projects, files = open_kept(None, tmp_path / "data")
    projects.create_project(base_id, owner=projects.user("token", "t"), name="lib", request=ASK)
    data = archive.zip_folder(tmp_path / "lib")
    files.put(version_key(base_id), data)
    projects.set_files(base_id, version_key(base_id), len(data))
    edit_order = JobOrder(
        job_id=edit_id,
        prompt="add a rating to todos",
        options={**SERVICE_OPTIONS.model_dump(), "edit_of": base_id},
    )
    assert await worker_run(tmp_path, edit_order) == "succeeded"
    worker_edit, _, checks = spy.take()
    assert checks == 0 and worker_edit.is_edit
    assert worker_edit.base == EditBase(project=tmp_path / "jobs" / edit_id)


BAD = [
    ("   \t ", "the request is empty"),
    ("build a \x00 todo app", "the request contains a NUL byte"),
    ("build a todo app " * 4, "the limit is 40"),
]


@pytest.mark.parametrize(("prompt", "message"), BAD)
async def test_a_bad_prompt_is_refused_at_each_edge_with_the_same_error(
    prompt: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spy: Spy
) -> None:
    monkeypatch.setenv("PIPELINE_MAX_PROMPT_CHARS", "40")
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert main([prompt, "--out", str(tmp_path / "cli")], stdout=io.StringIO()) == 2
    assert message in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
    assert not (tmp_path / "cli").exists()
    (tmp_path / "todo").mkdir()
    assert main(["edit", str(tmp_path / "todo"), prompt], stdout=io.StringIO()) == 2
    assert message in err.getvalue().splitlines()[-1]
    with pytest.raises(PromptError, match=message):
        await agenerate(prompt, out=tmp_path / "lib")
    with pytest.raises(PromptError, match=message):
        await aedit(tmp_path / "todo", prompt)
    with pytest.raises(PromptError, match=message):
        run_requests.generate_request(prompt, SERVICE_OPTIONS, max_chars=40)
    with pytest.raises(PromptError, match=message):
        run_requests.edit_request(prompt, {}, "j" * 24, max_chars=40)
    assert spy.runs == []  # no edge let it through to the runner


def test_the_service_refuses_a_bad_prompt_at_its_route(tmp_path: Path) -> None:
    service = Service(tmp_path, PIPELINE_MAX_PROMPT_CHARS="40")
    try:
        with httpx.Client(base_url=service.url, timeout=30) as client:
            for prompt, message in BAD:
                answer = client.post(
                    "/api/v1/generate", json={"prompt": prompt, "options": {"offline": True}}
                )
                assert answer.status_code == 422, answer.text
                assert answer.json()["title"] == "the request is not valid"
                detail = answer.json()["detail"]
                assert detail.startswith("prompt: the request") and message in detail
            good = client.post(
                "/api/v1/generate", json={"prompt": "  a todo app  ", "options": {"offline": True}}
            )
            assert good.status_code == 202
            assert client.get(good.json()["status_url"]).json()["prompt"] == "a todo app"
    finally:
        service.stop()
