"""Every kind and shared piece, found in their folders: ``kinds/<key>/`` and ``features/<name>/``.

A kind's folder holds its definition (``__init__.py``: ``DEFINITION``, its cues, entities,
operations, pins and its line in CORE's prompt) and, for a kind with rules, its backend module
and tests and its view with its CSS. Adding a kind is adding a folder: the registries below, the
page's list of kinds and CORE's prompt are all made from the folders.

A kind's operations are normal custom operations of the contract, marked ``scaffold``: the API
client, the contract checks and the fall-back policy treat them like any other, and the stub
template renders the call of the kind's own function instead of a 501. The calls are ours: they
are looked up here by operation id, never read from a plan or a model's answer.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from pipeline.artifacts import CustomOperation, Design, Plan
from pipeline.templates.binding import RouteCall, bind
from pipeline.templates.blueprint import Blueprint, FeatureDefinition, KindDefinition, View
from pipeline.templates.operations import normalize_operation, with_operations
from pipeline.templates.vocabulary import Kind

__all__ = [
    "BLUEPRINTS",
    "DEFINITIONS",
    "FEATURES",
    "KINDS",
    "SHARED",
    "Blueprint",
    "View",
    "blueprints_of",
    "call_for",
    "core_kind_lines",
    "with_blueprint",
]

_TEMPLATES = "pipeline.templates"


def _folders(package: str) -> list[tuple[str, str]]:
    """(name, folder under ``templates/``) of every sub-package: ``("chess", "kinds/chess")``."""
    root = resources.files(package)
    under = package.removeprefix(_TEMPLATES + ".").replace(".", "/")
    names = sorted(c.name for c in root.iterdir() if c.is_dir() and (c / "__init__.py").is_file())
    return [(name, f"{under}/{name}") for name in names]


def kind_definitions(package: str = f"{_TEMPLATES}.kinds") -> tuple[KindDefinition, ...]:
    """Every kind folder's definition, in priority order (the order that breaks ties between cues)."""
    found: list[KindDefinition] = []
    for name, folder in _folders(package):
        definition = importlib.import_module(f"{package}.{name}").DEFINITION
        if not isinstance(definition, KindDefinition) or definition.key != name:
            raise TypeError(f"{folder}/__init__.py: DEFINITION must be the KindDefinition of {name!r}")
        blueprint = definition.blueprint
        if blueprint is not None:
            if blueprint.name != name:
                raise ValueError(f"{folder}: its blueprint is named {blueprint.name!r}, not {name!r}")
            definition = replace(definition, blueprint=replace(blueprint, folder=folder))
        found.append(definition)
    priorities = sorted(d.priority for d in found)
    if len(set(priorities)) != len(priorities):
        raise ValueError(f"{package}: two kinds share a priority ({priorities})")
    return tuple(sorted(found, key=lambda d: d.priority))


def feature_definitions(package: str = f"{_TEMPLATES}.features") -> tuple[FeatureDefinition, ...]:
    """Every shared piece's definition (accounts, the owner, uploads, ...)."""
    found: list[FeatureDefinition] = []
    for name, folder in _folders(package):
        definition = importlib.import_module(f"{package}.{name}").DEFINITION
        if not isinstance(definition, FeatureDefinition) or definition.blueprint.name != name:
            raise TypeError(f"{folder}/__init__.py: DEFINITION must be the FeatureDefinition of {name!r}")
        found.append(replace(definition, blueprint=replace(definition.blueprint, folder=folder)))
    return tuple(found)


def kinds_of(definitions: tuple[KindDefinition, ...]) -> tuple[Kind, ...]:
    """One ``Kind`` per cue, kinds in priority order and each kind's cues in its own order."""
    return tuple(
        Kind(d.key, cue.pattern, cue.app_name, cue.entities, d.features)
        for d in definitions
        for cue in d.cues
    )


DEFINITIONS = kind_definitions()
KINDS: tuple[Kind, ...] = kinds_of(DEFINITIONS)
"""What the words of a request name (``kind_cues``), first to last: a tie goes to the first."""
BLUEPRINTS: dict[str, Blueprint] = {d.key: d.blueprint for d in DEFINITIONS if d.blueprint is not None}
"""The kinds with rules of their own, by kind."""
_FEATURE_DEFINITIONS = feature_definitions()
SHARED: dict[str, Blueprint] = {f.blueprint.name: f.blueprint for f in _FEATURE_DEFINITIONS}
"""Blueprints that kinds use (``uses``) or features bring, by folder name."""
FEATURES: dict[str, Blueprint] = {f.asked_as: f.blueprint for f in _FEATURE_DEFINITIONS if f.asked_as}
"""Blueprints a plan feature adds to any kind ("photos you can upload")."""


@dataclass(frozen=True)
class _Group:
    key: str
    heading: str
    """What the group's kinds have in common (empty: each kind's own words say it)."""


# CORE's list of kinds, one line per group, in this order
_PROMPT_GROUPS = (
    _Group("games", "games with rules on the server"),
    _Group("people", ""),
    _Group("tools", "tools that compute on the server"),
    _Group("business", ""),
)


def core_kind_lines(definitions: tuple[KindDefinition, ...] = DEFINITIONS) -> str:
    """The kinds CORE may choose, a line per group, from the folders' prompt lines."""
    unknown = {d.prompt_group for d in definitions if d.prompt} - {g.key for g in _PROMPT_GROUPS}
    if unknown:
        raise ValueError(
            f"a kind's prompt_group is none of {[g.key for g in _PROMPT_GROUPS]}: {sorted(unknown)}"
        )
    lines = []
    for group in _PROMPT_GROUPS:
        entries = [d.prompt for d in definitions if d.prompt and d.prompt_group == group.key]
        if entries:
            lines.append(
                f"- {group.heading}: {', '.join(entries)}" if group.heading else f"- {'; '.join(entries)}"
            )
    return "\n".join(lines)


def blueprints_of(plan: Plan) -> list[Blueprint]:
    """The kind's blueprint, then those of the features asked for, each followed by the shared
    ones it uses (once each)."""
    kind = BLUEPRINTS.get(plan.kind)
    asked = [*([kind] if kind else []), *(FEATURES[f] for f in sorted(plan.features) if f in FEATURES)]
    found: dict[str, Blueprint] = {}

    def add(blueprint: Blueprint) -> None:
        if blueprint.name not in found:
            found[blueprint.name] = blueprint
            for name in blueprint.uses:
                add(SHARED[name])

    for blueprint in asked:
        add(blueprint)
    return list(found.values())


@cache
def _declaring() -> dict[str, Blueprint]:
    every = (*BLUEPRINTS.values(), *SHARED.values())
    return {operation_id: b for b in every for operation_id in b.handlers}


def call_for(op: CustomOperation) -> RouteCall | None:
    """What a scaffold operation's route calls, from the blueprint that declares it."""
    if not op.scaffold:
        return None
    blueprint = _declaring().get(op.operation_id)
    return bind(blueprint, op) if blueprint is not None else None


def with_blueprint(plan: Plan, design: Design) -> Design:
    """The design with the kind's own operations (scaffold) in its contract."""
    blueprints = blueprints_of(plan)
    if not blueprints:
        return design
    ops: list[CustomOperation] = []
    for raw in (raw for b in blueprints for raw in b.operations):
        op = normalize_operation(raw, with_operations(design, ops))
        ops.append(op.model_copy(update={"scaffold": True}))
    return with_operations(design.model_copy(update={"custom_operations": ops}), [])
