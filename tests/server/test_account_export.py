"""The export's zip as a person opens it: each version's files unpacked under its project and
number, ``records.json`` with every record, a version whose files are gone listed without them,
an archive that is no zip kept as it is, and no entry name that leaves its folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from pipeline.server.account import write_export
from pipeline.stores.file_store import FolderFiles, version_key
from pipeline.stores.project_store import Project, Version


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_the_export_unpacks_every_version_and_lists_every_record(tmp_path: Path) -> None:
    files = FolderFiles(tmp_path / "files")
    a, b, c, d = ("a" * 32, "b" * 32, "c" * 32, "d" * 32)
    files.put(version_key(a), zipped({"README.md": b"# Todo", "backend/app/main.py": b"app = 1"}))
    files.put(
        version_key(b),
        zipped({"README.md": b"# Todo 2", "../../etc/x": b"no", "/abs": b"no", "a/../b.txt": b"b"}),
    )
    files.put(version_key(d), b"not a zip")
    version = Version(number=1, job_id=a, request="build a todo app", made="generate", status="succeeded",
                      created_at=1.0, summary={"app_name": "Todo"}, files_key=version_key(a), files_bytes=9)  # fmt: skip
    todo = Project(id=a, owner="u", name="Todo", created_at=1.0, updated_at=3.0, versions=(
        version,
        Version(number=2, job_id=b, request="add a rating", made="edit", status="succeeded", created_at=2.0,
                options={"edit_of": a}),
        Version(number=3, job_id=c, request="add tags", made="edit", status="failed", created_at=3.0),
    ))  # fmt: skip
    odd = Project(id=d, owner="u", name="Odd", created_at=4.0, updated_at=4.0, versions=(
        Version(number=1, job_id=d, request="x", made="generate", status="succeeded", created_at=4.0),
    ))  # fmt: skip
    out = io.BytesIO()
    write_export(out, [todo, odd], files)

    with zipfile.ZipFile(out) as export:
        assert sorted(export.namelist()) == [
            f"projects/{a}/v1/README.md", f"projects/{a}/v1/backend/app/main.py",
            f"projects/{a}/v2/README.md", f"projects/{a}/v2/b.txt",  # the names that left are left out
            f"projects/{d}/v1.zip", "records.json",
        ]  # fmt: skip
        assert export.read(f"projects/{a}/v2/README.md") == b"# Todo 2"
        assert export.read(f"projects/{d}/v1.zip") == b"not a zip"
        records = json.loads(export.read("records.json"))
    first, second = records["projects"]
    assert (first["id"], first["name"], second["name"]) == (a, "Todo", "Odd")
    assert [(v["version"], v["request"], v["status"], v["files"]) for v in first["versions"]] == [
        (1, "build a todo app", "succeeded", f"projects/{a}/v1/"),
        (2, "add a rating", "succeeded", f"projects/{a}/v2/"),
        (3, "add tags", "failed", None),  # it made no files: listed all the same
    ]  # fmt: skip
    assert first["versions"][0]["summary"] == {"app_name": "Todo"}
    assert first["versions"][1]["options"] == {"edit_of": a}
    assert second["versions"][0]["files"] == f"projects/{d}/v1.zip"
