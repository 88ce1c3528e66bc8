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


@dataclass(frozen=True)
class Collision:
    """Lines where the new scaffold and an earlier model change touched the same place: the
    model's lines were kept; the scaffold had ``before`` there and now has ``wanted``."""

    path: str
    wanted: str
    before: str = ""


def _settle(base: list[str], made: list[str], new: list[str]) -> list[str] | None:
    """One conflicting region resolved when one side only added lines around the other's
    change (a stub implemented, a new stub appended after it); None when both rewrote it."""
    n = len(base)
    if new[:n] == base:
        return made + new[n:]
    if n and new[len(new) - n :] == base:
        return new[: len(new) - n] + made
    if made[:n] == base:
        return new + made[n:]
    if n and made[len(made) - n :] == base:
        return made[: len(made) - n] + new
    return None


def carry(old: str, made: str, new: str) -> tuple[str, list[tuple[str, str]]]:
    """A model's file carried onto the new scaffold's version of it. Where both changed the
    same lines and neither only added around the other, the model's lines are kept and the
    scaffold's (before, now) are returned, so the agent is told what it still has to apply."""
    a, b, base = made.splitlines(keepends=True), new.splitlines(keepends=True), old.splitlines(keepends=True)
    out: list[str] = []
    wanted: list[tuple[str, str]] = []
    for region in merge3.Merge3(base, a, b).merge_regions():
        kind = region[0]
        if kind in ("unchanged", "same"):
            out += base[region[1] : region[2]] if kind == "unchanged" else a[region[1] : region[2]]
        elif kind == "a":
            out += a[region[1] : region[2]]
        elif kind == "b":
            out += b[region[1] : region[2]]
        else:
            _, z0, z1, a0, a1, b0, b1 = region  # type: ignore[misc]
            settled = _settle(base[z0:z1], a[a0:a1], b[b0:b1])
            if settled is None:
                out += a[a0:a1]
                wanted.append(("".join(base[z0:z1]), "".join(b[b0:b1])))
            else:
                out += settled
    return "".join(out), wanted


def rebase(
    old_scaffold: Mapping[str, str],
    previous: Mapping[str, str],
    new_scaffold: Mapping[str, str],
    deleted: Collection[str] = (),
) -> tuple[dict[str, str], list[Collision]]:
    """The last generation carried onto a new scaffold: what the scaffold changed (a new field, a
    new entity, a new operation's stub) applied to the files as the models left them. Model code
    is never replaced by scaffold text: where the two collide the model's lines stay, and the
    scaffold's lines are returned so the agent applies what still applies. ``deleted``: scaffold
    files the last generation removed (a model's ``<delete>``): they stay gone."""
    files: dict[str, str] = {}
    collided: list[Collision] = []
    for path in sorted(set(new_scaffold) | set(previous)):
        new, before, made = new_scaffold.get(path), old_scaffold.get(path), previous.get(path)
        if path in deleted and before is not None and made is None:
            continue  # the last generation deleted it: a <delete> holds through every merge
        if new is not None and before is not None and made is not None:
            files[path], wanted = carry(before, made, new)
            collided += [Collision(path, now, was) for was, now in wanted]
        elif new is not None:
            files[path] = new
        elif made is not None and before is None:
            files[path] = made  # a file a model added: still the app's
        # in the old scaffold and gone from the new one (an entity or every operation removed): dropped
    return files, collided
