"""A new generation merged into the files on disk, keeping the user's own changes.

Pure: texts in, decisions out. Per file, three versions: *base* (as the pipeline generated it
last time), *yours* (on disk now) and *theirs* (the new generation). ``git merge-file``
semantics through the merge3 library: a file only you changed keeps your text, one only the
pipeline changed takes the new text, one both changed is merged line by line, and lines both
changed differently are left between conflict markers and reported.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

import merge3

from pipeline.projects.record import blob_id

YOURS, BASE, THEIRS = "yours", "as generated before", "new generation"


@dataclass(frozen=True)
class FileMerge:
    path: str
    action: Literal["write", "delete", "keep"]
    text: str | None = None
    conflict: bool = False
    note: str = ""


def three_way(base: str, yours: str, theirs: str) -> tuple[str, bool]:
    """The merged text, and whether it holds conflicts (left marked in the text)."""
    merger = merge3.Merge3(
        base.splitlines(keepends=True), yours.splitlines(keepends=True), theirs.splitlines(keepends=True)
    )
    lines = list(merger.merge_lines(name_a=YOURS, name_b=THEIRS, name_base=BASE, base_marker="|||||||"))
    conflict = any(kind == "conflict" for kind, *_ in merger.merge_regions())
    return "".join(lines), conflict


def merge_generation(
    *,
    recorded: Mapping[str, str],
    base: Mapping[str, str],
    on_disk: Mapping[str, str],
    theirs: Mapping[str, str],
) -> list[FileMerge]:
    """What to do with every file the last or the new generation has.

    ``recorded``: path → blob id as generated last time; ``base``: path → that text, where it
    can still be had (git); ``on_disk``: path → text now (only files that exist);
    ``theirs``: path → the new generation.
    """
    plan: list[FileMerge] = []
    for path in sorted(set(recorded) | set(theirs)):
        new = theirs.get(path)
        yours = on_disk.get(path)
        before = recorded.get(path)
        yours_changed = yours is not None and before is not None and blob_id(yours) != before
        if new is None:  # the new generation no longer has this file
            if yours is None:
                continue
            if yours_changed:
                plan.append(
                    FileMerge(path, "keep", note="kept: you changed it; the new generation no longer has it")
                )
            else:
                plan.append(FileMerge(path, "delete", note="removed: the new generation no longer has it"))
            continue
        if yours is None:
            if before is not None and blob_id(new) == before:
                plan.append(
                    FileMerge(
                        path, "keep", note="left deleted: you deleted it and the generation did not change it"
                    )
                )
            else:
                plan.append(FileMerge(path, "write", new))
            continue
        if yours == new:
            continue
        if before is not None and not yours_changed:
            plan.append(FileMerge(path, "write", new))
            continue
        if before is not None and blob_id(new) == before:
            continue  # only you changed it: yours stays
        known_base = base.get(path, "") if before is not None else ""
        if before is not None and path not in base:
            note = "conflict: you changed it, the generation changed it, and the text generated before is gone (no git)"
        elif before is None:
            note = "conflict: you created it, and the new generation has a file at the same path"
        else:
            note = ""
        merged, conflict = three_way(known_base, yours, new)
        plan.append(
            FileMerge(
                path,
                "write",
                merged,
                conflict,
                note or ("conflict: both changed the same lines" if conflict else "merged your changes"),
            )
        )
    return plan


def rebase(
    old_scaffold: Mapping[str, str],
    previous: Mapping[str, str],
    new_scaffold: Mapping[str, str],
    deleted: Collection[str] = (),
) -> tuple[dict[str, str], list[str]]:
    """The last generation carried onto a new scaffold: what the scaffold changed (a new field, a
    new entity) applied to the files as the models left them. A file where the two collide takes
    the new scaffold's text; those paths are returned so the agent can redo its change there.
    ``deleted``: scaffold files the last generation removed (a model's ``<delete>``): they stay
    gone."""
    files: dict[str, str] = {}
    collided: list[str] = []
    for path in sorted(set(new_scaffold) | set(previous)):
        new, before, made = new_scaffold.get(path), old_scaffold.get(path), previous.get(path)
        if path in deleted and before is not None and made is None:
            continue  # the last generation deleted it: a <delete> holds through every merge
        if new is not None and before is not None and made is not None:
            merged, conflict = three_way(before, made, new)
            files[path] = new if conflict else merged
            if conflict:
                collided.append(path)
        elif new is not None:
            files[path] = new
        elif made is not None and before is None:
            files[path] = made  # a file a model added: still the app's
        # in the old scaffold and gone from the new one (an entity removed): dropped
    return files, collided
