"""A generated app ships as a container image that runs: podman builds its Dockerfile unchanged
(on local stand-ins for the base images, from ``scripts/container-base``), the page and the API
answer on one port, and a record survives a container restart through its volume."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import generate
from tests.templates.test_generated_apps import _free_port

ROOT = Path(__file__).resolve().parents[2]
# this machine's podman needs runc and explicit limits (crun refuses its cgroups)
PODMAN = ["podman"]
RUN_FLAGS = ["--runtime", "runc", "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"]


def podman(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def base_images() -> None:
    """The stand-in base images (built once; CI's test script builds them before the suite)."""
    assert shutil.which("podman"), "podman is not installed: scripts/test installs it"
    made = subprocess.run(
        ["bash", str(ROOT / "scripts" / "container-base")], capture_output=True, text=True, timeout=1800
    )
    assert made.returncode == 0, made.stderr[-2000:]


@pytest.fixture
def names() -> Iterator[dict[str, str]]:
    tag = uuid.uuid4().hex[:10]
    found = {"image": f"localhost/pipeline-test-{tag}", "container": f"app-{tag}", "volume": f"data-{tag}"}
    yield found
    podman("rm", "-f", "-t", "0", found["container"])
    podman("volume", "rm", "-f", found["volume"])
    podman("rmi", "-f", found["image"])
    podman("image", "prune", "-f")  # the build stage's layers: nothing else refers to them


def answer(url: str, body: dict[str, object] | None = None, timeout: float = 60) -> tuple[int, bytes]:
    """The first answer from ``url`` within ``timeout`` (the container may still be starting)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
def test_the_todo_image_builds_serves_page_and_api_and_keeps_records(
    base_images: None, names: dict[str, str], tmp_path: Path
) -> None:
    project = tmp_path / "todo"
    generate("build a todo app", out=project)
    for shipped in (
        "Dockerfile",
        "compose.yaml",
        ".env.example",
        ".dockerignore",
        ".github/workflows/ci.yml",
    ):
        assert (project / shipped).is_file(), shipped

    built = podman("build", "--format", "docker", *RUN_FLAGS, "-t", names["image"], str(project), timeout=900)
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    user = podman("image", "inspect", "--format", "{{.Config.User}}", names["image"])
    assert user.stdout.strip() == "app"  # not root

    port = _free_port()
    run = [
        "run", "-d", "--name", names["container"], *RUN_FLAGS, "-p", f"127.0.0.1:{port}:8000",
        "-v", f"{names['volume']}:/data", names["image"],
    ]  # fmt: skip
    started = podman(*run)
    assert started.returncode == 0, started.stderr
    base = f"http://127.0.0.1:{port}"

    status, page = answer(f"{base}/")
    assert status == 200 and b'<div id="root">' in page  # the built page, from the API's port
    status, created = answer(f"{base}/api/todos", {"title": "written before a restart"})
    assert status == 201, created

    restarted = podman("restart", names["container"])
    assert restarted.returncode == 0, restarted.stderr
    status, listed = answer(f"{base}/api/todos")
    assert status == 200
    assert [t["title"] for t in json.loads(listed)] == ["written before a restart"]
