"""An app's suite loads the pytest plugins the app asks for, never the ones that happen to be
installed beside the interpreter that runs it (the service's own), which cost seconds each run."""

from __future__ import annotations

from pipeline.artifacts import FileSet
from pipeline.sandbox import SandboxLimits
from pipeline.validate.runtime import run_backend_tests

# a plugin the service's own environment has and no app of ours asks for: its fixture is there
# only when plugins autoload
USES_BENCHMARK = """
def test_benchmark_fixture(benchmark):
    assert benchmark(lambda: 1) == 1
"""
ASYNC_TEST = """
import pytest


@pytest.mark.anyio
async def test_awaits():
    assert 1 == 1
"""


def _failed(requirements: str, tests: str) -> list[str]:
    backend = FileSet(files={"backend/requirements.txt": requirements, "backend/tests/test_it.py": tests})
    found = run_backend_tests(backend, limits=SandboxLimits(timeout_s=120))
    return [d.message for d in found if d.severity == "error"]


def test_a_plugin_the_app_did_not_ask_for_is_not_loaded() -> None:
    failed = _failed("fastapi\npytest\n", USES_BENCHMARK)
    assert failed and "fixture 'benchmark' not found" in failed[0]


def test_a_plugin_the_app_asks_for_is_loaded() -> None:
    assert _failed("fastapi\npytest\npytest-benchmark==5.2.3\n", USES_BENCHMARK) == []


def test_async_tests_still_run_with_anyio() -> None:
    assert _failed("fastapi\npytest\n", ASYNC_TEST) == []
