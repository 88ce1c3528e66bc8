"""The CLI, in-process (as simonw/llm tests its own) and, for argv bytes, as a real process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out = io.StringIO()
    err = io.StringIO()
    real_err = sys.stderr
    sys.stderr = err
    try:
        code = main(list(argv), stdin=io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"), stdout=out)
    finally:
        sys.stderr = real_err
    return code, out.getvalue(), err.getvalue()


def test_generates_into_out_slug_and_reports_templates(isolated: Path) -> None:
    code, out, err = run("build a todo app")
    assert code == 0, err
    project = isolated / "out" / "todo-list"
    assert (project / "backend" / "app" / "main.py").is_file()
    assert (project / "frontend" / "src" / "App.jsx").is_file()
    assert "offline template: no keys for deepseek, openrouter" in out
    assert "cd out/todo-list/backend" in out
    # a second run does not overwrite the first: it takes a fresh folder
    assert run("build a todo app")[0] == 0
    assert (isolated / "out" / "todo-list-2" / "README.md").is_file()


def test_json_mode_prints_events_then_the_summary(tmp_path: Path) -> None:
    code, out, _ = run("build a todo app", "--json", "--out", str(tmp_path / "x"))
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[-1]["event"] == "summary"
    summary = lines[-1]
    assert lines[0]["event"] == "run_start" and lines[0]["run_id"] == summary["run_id"]
    assert {a["agent"]: a["provider"] for a in summary["agents"]} == {
        "core": "template",
        "arch": "template",
        "backend": "template",
        "uix": "template",
        "debug": "rules",
    }
    assert summary["output_dir"] == str(tmp_path / "x")
    events = [line["event"] for line in lines[:-1]]
    assert events.count("agent_start") == 5 and events.count("agent_end") == 5
    assert "fallback" in events and "validation" in events


def test_refuses_a_non_empty_out_without_force(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    code, out, err = run("build a todo app", "--out", str(tmp_path / "x"))
    assert code == 2
    assert "not empty" in err and "--force" in err
    assert out == ""
    assert run("build a todo app", "--out", str(tmp_path / "x"), "--force")[0] == 0
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (("",), b"", "the request is empty"),
        (("   \t\n",), b"", "the request is empty"),
        (("-",), b"x" * 1_000_000, "the limit is 8,000"),
        (("-",), b"build a \xff\xfe todo app", "not valid UTF-8"),
        ((), b"", "no request given"),
        (("--bogus-flag", "x"), b"", "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(argv: tuple[str, ...], stdin: bytes, message: str) -> None:
    code, out, err = run(*argv, stdin=stdin)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and out == ""


def test_non_utf8_bytes_on_argv_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if "_API_KEY" not in k}
    proc = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"pipeline",
            b"build a \xff todo app",
            b"--out",
            str(tmp_path / "o").encode(),
        ],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert b"not valid UTF-8" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_prompt_file_and_help(tmp_path: Path) -> None:
    request = tmp_path / "req.txt"
    request.write_text("make a recipe book where recipes have ingredients and cooking time\n")
    code, out, _ = run("--prompt-file", str(request), "--out", str(tmp_path / "r"))
    assert code == 0
    assert "Recipe Book" in out
    help_text = io.StringIO()
    real_out = sys.stdout
    sys.stdout = help_text
    try:
        assert main(["--help"]) == 0
    finally:
        sys.stdout = real_out
    for documented in ("--out", "--force", "--json", "--prompt-file", "exit codes", "GEMINI_API_KEY"):
        assert documented in help_text.getvalue()


def test_keys_command_shows_fingerprints_never_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    secret_a = "gsk_FAKEtestkeyAAAAAAAAAAAAAAAA01"
    secret_b = "gsk_FAKEtestkeyBBBBBBBBBBBBBBBB02"
    monkeypatch.setenv("GROQ_API_KEYS", f"{secret_a},{secret_b}")
    monkeypatch.setenv("GEMINI_API_KEY", "AIza broken paste")
    code, out, _ = run("keys", "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["groq"]["total_keys"] == 2 and stats["groq"]["active_keys"] == 2
    assert stats["groq"]["total_capacity"] == 2000
    assert "gemini" not in stats
    code, table, _ = run("keys")
    assert code == 0
    assert "groq: 2/2 active" in table and "has spaces or characters" in table
    for text in (out, table):
        assert secret_a not in text and secret_b not in text and "broken paste" not in text


def test_keys_command_without_keys_explains_the_offline_path() -> None:
    code, out, _ = run("keys")
    assert code == 0
    assert "offline templates" in out


def test_a_worker_without_redis_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIPELINE_REDIS_URL", raising=False)
    code, _, err = run("worker", "--concurrency", "2")
    assert code == 2
    assert "workers take their jobs from Redis" in err and "PIPELINE_REDIS_URL=" in err
    code, _, err = run("worker", "--concurrency", "0")
    assert code == 2 and "--concurrency must be at least 1" in err
