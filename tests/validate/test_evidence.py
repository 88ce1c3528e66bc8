"""What a failing test shows a fix round: pytest's report read into evidence, frames mapped to the
project's own files, and each failure attributed to the operation it speaks for."""

from __future__ import annotations

from pipeline.artifacts import CustomOperation, Diagnostic
from pipeline.validate.evidence import attribute, operations_called, parse_pytest_report, project_path

ROOT = "/tmp/pipeline-tests-abc123/backend"
FILES = {
    "backend/app/main.py": "app = 1\n",
    "backend/app/routes/operations.py": '@router.get("/api/cards/due")\ndef due_cards(): ...\n'
    '@router.post("/api/cards/{card_id}/review")\ndef review_card(card_id: int): ...\n',
    "backend/tests/test_cards.py": (
        "def test_a_reviewed_card_is_not_due(client):\n"
        "    card = client.post('/api/cards', json={'front': 'a'}).json()\n"
        "    client.post(f\"/api/cards/{card['id']}/review\", json={'rating': 'good'})\n"
        "    assert client.get('/api/cards/due').json() == []\n"
    ),
}
OPERATIONS = [
    CustomOperation(method="get", path="/api/cards/due", operation_id="due_cards"),
    CustomOperation(method="post", path="/api/cards/{card_id}/review", operation_id="review_card"),
]
REPORT = f"""
=================================== FAILURES ===================================
_______________________ test_a_reviewed_card_is_not_due ________________________
tests/test_cards.py:4: in test_a_reviewed_card_is_not_due
    assert client.get('/api/cards/due').json() == []
/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/starlette/testclient.py:473: in get
    return super().get(url)
{ROOT}/app/routes/operations.py:2: in due_cards
    return db.due(today)
/root/.pyenv/versions/3.11.7/lib/python3.11/typing.py:310: in inner
    return func(*args)
E   AssertionError: assert [{{'id': 1, 'due': '2026-01-04'}}] == []
E     Left contains one more item: {{'id': 1, 'due': '2026-01-04'}}
E     read from {ROOT}/app/db.sqlite
=========================== short test summary info ============================
FAILED tests/test_cards.py::test_a_reviewed_card_is_not_due - AssertionError: assert [{{'id': 1, 'due': '2026-01-04'}}] == []
1 failed, 3 passed in 0.20s
"""


def test_a_failure_carries_its_assertion_and_only_the_projects_frames_with_no_machine_path() -> None:
    [found] = parse_pytest_report(REPORT, FILES, ROOT)
    assert (found.file, found.line, found.check) == ("backend/tests/test_cards.py", 4, "tests.failed")
    assert found.message == (
        "test_a_reviewed_card_is_not_due failed: AssertionError: assert [{'id': 1, 'due': '2026-01-04'}] == []"
    )
    assert "Left contains one more item: {'id': 1, 'due': '2026-01-04'}" in found.evidence
    assert "backend/tests/test_cards.py:4 in test_a_reviewed_card_is_not_due" in found.evidence
    assert "backend/app/routes/operations.py:2 in due_cards\n    return db.due(today)" in found.evidence
    assert "read from backend/app/db.sqlite" in found.evidence  # the sandbox's folder is the project's
    for machine in ("/root/", "/tmp/", "typing.py", "starlette", "site-packages"):
        assert machine not in found.evidence
    assert found.related == ["backend/app/routes/operations.py"]


def test_a_path_maps_to_the_projects_file_or_to_nothing() -> None:
    assert project_path("tests/test_cards.py", FILES) == "backend/tests/test_cards.py"
    assert project_path(f"{ROOT}/app/main.py", FILES) == "backend/app/main.py"
    assert project_path("/home/me/elsewhere/backend/app/main.py", FILES) == "backend/app/main.py"
    assert project_path("/usr/lib/python3.11/typing.py", FILES) is None
    assert project_path("/venv/lib/python3.11/site-packages/app/main.py", FILES) is None
    assert project_path("app/missing.py", FILES) is None


def test_a_failing_test_speaks_for_the_operation_it_called_last_before_the_failing_line() -> None:
    source = FILES["backend/tests/test_cards.py"]
    test = "test_a_reviewed_card_is_not_due"
    assert operations_called(source, test, OPERATIONS, failed_at=4) == ["due_cards"]
    assert operations_called(source, test, OPERATIONS, failed_at=3) == ["review_card"]
    assert operations_called(source, test, OPERATIONS) == ["review_card", "due_cards"]
    [found] = attribute(parse_pytest_report(REPORT, FILES, ROOT), OPERATIONS, FILES)
    assert found.operations == ["due_cards"]
    other = Diagnostic(file="backend/app/main.py", check="python.syntax", message="bad")
    assert attribute([other], OPERATIONS, FILES) == [other]


def test_a_failing_test_relates_to_the_helpers_its_route_imports_and_the_fixtures_that_made_its_records() -> (
    None
):
    # an assertion on an answer names no app frame: the rule lives in a helper the model wrote,
    # and the records the test made carry conftest's sample values
    files = {
        **FILES,
        "backend/app/routes/operations.py": "from app.db import Database\nfrom app.forecast import totals\n"
        + FILES["backend/app/routes/operations.py"],
        "backend/app/db.py": "", "backend/app/forecast.py": "def totals(): ...\n",
        "backend/tests/conftest.py": "SAMPLES = {}\n",
        "backend/tests/test_cards.py": "from tests.conftest import make\n\n\n" + FILES["backend/tests/test_cards.py"],
    }  # fmt: skip
    failure = Diagnostic(
        file="backend/tests/test_cards.py", line=7, check="tests.failed",
        message="test_a_reviewed_card_is_not_due failed: AssertionError",
    )  # fmt: skip
    [found] = attribute([failure], OPERATIONS, files)
    assert found.related == [
        "backend/app/routes/operations.py", "backend/app/forecast.py", "backend/tests/conftest.py"
    ]  # fmt: skip
    [alone] = attribute([failure], OPERATIONS, {**FILES, "backend/tests/conftest.py": ""})
    assert alone.related == ["backend/app/routes/operations.py"]  # no fixtures used, no helper imported


def test_a_run_with_no_summary_line_is_still_one_failure_without_a_machine_path() -> None:
    [found] = parse_pytest_report(
        f"ImportError while loading conftest '{ROOT}/tests/conftest.py'.", FILES, ROOT
    )
    assert found.file == "backend/tests/" and "backend/tests/conftest.py" in found.message
    assert "/tmp/" not in found.message


def test_a_fix_request_shows_the_first_failures_evidence_within_its_limit_and_every_finding() -> None:
    from pipeline.agents.coding import EVIDENCE_SHOWN, fix_request

    failures = [
        Diagnostic(
            file=f"backend/tests/test_{i}.py",
            check="tests.failed",
            message=f"test_{i} failed",
            evidence=f"E{i}:" + "x" * 1_000,
        )
        for i in range(12)
    ]
    request = fix_request(
        failures,
        {"backend/app/main.py": "look at the router order"},
        request="flashcards",
        shown=["backend/app/main.py"],
    )
    assert all(f"test_{i} failed" in request for i in range(12))
    shown = [i for i in range(12) if f"E{i}:" in request]
    assert shown == list(range(EVIDENCE_SHOWN // 1_004))
    assert (
        "The user asked: flashcards" in request
        and "for the files shown below (backend/app/main.py)" in request
    )
    assert "## backend/app/main.py\nAdvice: look at the router order" in request


def test_an_import_of_a_name_that_moved_names_the_module_that_defines_it_now() -> None:
    from pipeline.artifacts import FileSet
    from pipeline.validate.python_checks import check_python

    files = FileSet(
        files={
            "backend/app/__init__.py": "",
            "backend/app/routes/__init__.py": "",
            "backend/app/routes/operations.py": "from app.scheduling import next_due\n\nX = next_due\n",
            "backend/app/scheduling.py": 'DAYS = {"good": 3}\n\n\ndef next_due(): ...\n',
            "backend/tests/test_intervals.py": "from app.routes.operations import DAYS, GONE\n\nY = (DAYS, GONE)\n",
            "backend/tests/test_scheduling.py": "from app.scheduling import DAYS, next_due\n",
        }
    )
    found = [d for d in check_python(files) if d.check == "python.missing-name"]
    assert [(d.message, d.related) for d in found] == [
        (
            "'app.routes.operations' has no 'DAYS' (backend/app/scheduling.py defines it)",
            [
                "backend/app/routes/operations.py",
                "backend/app/scheduling.py",
                "backend/tests/test_scheduling.py",
            ],
        ),
        ("'app.routes.operations' has no 'GONE'", ["backend/app/routes/operations.py"]),
    ]
