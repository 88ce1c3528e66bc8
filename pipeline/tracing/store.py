"""The run store: ``<data_dir>/runs/<id>/`` holds ``run.json`` (what the run is and how it
ended), ``events.jsonl`` (every progress and trace event, in order) and ``exchanges.jsonl``
(each LLM prompt and answer, for replay). Keys never reach it: events carry fingerprints."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

_RUN_ID = re.compile(r"^[a-f0-9]{6,32}$")


@dataclass
class RunRecord:
    run_id: str
    prompt: str
    status: str = "running"
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    output_dir: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    """The CLI options the run was started with; ``resume`` and ``replay`` reuse them."""
    error: str = ""
    tokens: int = 0
    cost_usd: float = 0.0
    providers: dict[str, str] = field(default_factory=dict)
    pid: int = field(default_factory=os.getpid)

    @property
    def duration_s(self) -> float:
        return round((self.finished_at or time.time()) - self.started_at, 2)


class RunStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "runs"

    def folder(self, run_id: str) -> Path:
        if not _RUN_ID.match(run_id):
            raise InputError(f"{run_id!r} is not a run id", hint="see python -m pipeline runs")
        return self.root / run_id

    def create(self, record: RunRecord) -> None:
        folder = self.folder(record.run_id)
        folder.mkdir(parents=True, exist_ok=True)
        self.save(record)

    def save(self, record: RunRecord) -> None:
        path = self.folder(record.run_id) / "run.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record.__dict__, indent=1, default=str))
        tmp.replace(path)  # a reader never sees half a file

    def load(self, run_id: str) -> RunRecord:
        path = self.folder(run_id) / "run.json"
        if not path.is_file():
            raise InputError(f"no run {run_id} in {self.root}", hint="see python -m pipeline runs")
        data = json.loads(path.read_text())
        return RunRecord(**{k: v for k, v in data.items() if k in RunRecord.__dataclass_fields__})

    def append(self, run_id: str, event: dict[str, Any], *, stream: str = "events") -> None:
        with (self.folder(run_id) / f"{stream}.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(event, default=str, ensure_ascii=False) + "\n")
            handle.flush()

    def events(self, run_id: str, *, stream: str = "events") -> list[dict[str, Any]]:
        path = self.folder(run_id) / f"{stream}.jsonl"
        if not path.is_file():
            return []
        found = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a run killed mid-write leaves at most one partial last line
        return found

    def list(self) -> list[RunRecord]:
        if not self.root.is_dir():
            return []
        records = []
        for folder in self.root.iterdir():
            if (folder / "run.json").is_file():
                try:
                    records.append(self.load(folder.name))
                except (InputError, json.JSONDecodeError, TypeError):
                    continue
        return sorted(records, key=lambda r: r.started_at, reverse=True)


def live_status(record: RunRecord) -> str:
    """``running`` only while its process lives; a killed run shows as ``interrupted``."""
    if record.status != "running":
        return record.status
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return "interrupted"
    except PermissionError:
        pass
    return "running"
