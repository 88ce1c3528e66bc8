"""A change request → the plan changed, offline: what CORE does for ``edit`` with no model.

Understands, clause by clause: "add X (and Y) to Z", "remove X from Z", "rename X to Y" (a field,
or an entity) and "add an entity Z with A, B and C". What it does not understand is said, not
guessed: a model (when one answers) reads the whole request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.artifacts import Entity, EntityField, Plan
from pipeline.templates import naming
from pipeline.templates.extract import split_list
from pipeline.templates.fields import field_from_words
from pipeline.templates.kind_fit import make_entity
from pipeline.templates.theme import described, merge_theme, read_theme
from pipeline.templates.vocabulary import NOUNS, canonical_noun

_CLAUSES = re.compile(
    r"[;.\n]+|,?\s+then\s+|,?\s+and\s+(?=(?:add|remove|delete|drop|rename)\b)", re.IGNORECASE
)
_ENTITY = re.compile(
    r"^(?:add|create)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:entity|table|model|resource)\s+(?:called\s+|named\s+)?"
    r"(?P<name>[a-z][\w ]*?)(?:\s+(?:with|having|that has)\s+(?P<fields>.+))?$"
    r"|^(?:add|create)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?P<name2>[a-z][\w ]*?)\s+(?:entity|table|model|resource)"
    r"(?:\s+(?:with|having|that has)\s+(?P<fields2>.+))?$",
    re.IGNORECASE,
)
_ADD = re.compile(
    r"^(?:add|include|give)\s+(?P<fields>.+?)\s+(?:to|on|for|in)\s+(?:the\s+|each\s+|every\s+|all\s+)?(?P<entity>[a-z][\w ]*)$",
    re.IGNORECASE,
)
_REMOVE = re.compile(
    r"^(?:remove|delete|drop)\s+(?P<fields>.+?)\s+(?:from|of|on)\s+(?:the\s+|each\s+)?(?P<entity>[a-z][\w ]*)$",
    re.IGNORECASE,
)
_RENAME = re.compile(
    r"^rename\s+(?:the\s+)?(?P<old>[a-z][\w ]*?)(?:\s+(?:in|of|on)\s+(?:the\s+)?(?P<entity>[a-z][\w ]*?))?\s+(?:to|as|into)\s+(?P<new>[a-z][\w ]*?)"
    r"(?:\s+(?:in|of|on)\s+(?:the\s+|each\s+|every\s+|all\s+)?(?P<entity2>[a-z][\w ]*))?$",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"\s+(?:and|,)\s+(?:sort|order|show|display|filter|make|let)\b.*$", re.IGNORECASE)


@dataclass
class ChangeResult:
    plan: Plan
    done: list[str] = field(default_factory=list)
    """What was changed, in words."""
    not_understood: list[str] = field(default_factory=list)
    renamed_entities: dict[str, str] = field(default_factory=dict)
    """Entities renamed: name before the change → name after (their tables move, rows kept)."""
    renamed_fields: dict[str, dict[str, str]] = field(default_factory=dict)
    """Fields renamed, per entity (its name after the change): name before → name after."""

    def rename_entity(self, old: str, new: str) -> None:
        first = next((before for before, after in self.renamed_entities.items() if after == old), old)
        self.renamed_entities[first] = new
        if old in self.renamed_fields:
            self.renamed_fields[new] = self.renamed_fields.pop(old)

    def rename_field(self, entity: str, old: str, new: str) -> None:
        fields = self.renamed_fields.setdefault(entity, {})
        first = next((before for before, after in fields.items() if after == old), old)
        fields[first] = new


def _entity(plan: Plan, words: str) -> Entity | None:
    words = naming.snake(words.strip())
    for candidate in (words, naming.singularize(words), canonical_noun(words) or ""):
        for e in plan.entities:
            if candidate and candidate in (
                e.name,
                e.plural,
                naming.snake(e.label),
                naming.snake(e.plural_label),
            ):
                return e
    return None


def _field_name(entity: Entity, words: str) -> EntityField | None:
    name = naming.identifier(words.strip().removeprefix("the ").removeprefix("a "), fallback="")
    for candidate in (name, f"{name}_id", name.removesuffix("s")):
        found = entity.field(candidate)
        if found is not None:
            return found
    return next((f for f in entity.fields if naming.snake(f.label) == name), None)


def apply_change(plan: Plan, request: str) -> ChangeResult:
    """``plan`` with every clause of ``request`` applied that the offline path understands."""
    result = ChangeResult(plan.model_copy(deep=True))
    asked = read_theme(request)
    if asked is not None:  # "make it dark", "buttons in teal": the look changes, the rest stays
        result.plan.theme = merge_theme(plan.theme, asked)
        result.done.append("theme: " + "; ".join(described(asked)))
    for clause in (c.strip(" ,") for c in _CLAUSES.split(request.strip())):
        if not clause or (asked is not None and _only_looks(clause)):
            continue
        rest = _TRAILING.search(clause)
        if rest:
            result.not_understood.append(rest[0].strip(" ,").removeprefix("and ").strip())
            clause = clause[: rest.start()]
        if not _apply(result, clause):
            result.not_understood.append(clause)
    return result


def _only_looks(clause: str) -> bool:
    """A clause about the look alone ("make the background honeydew"), which the theme took."""
    return read_theme(clause) is not None and not _ENTITY.match(clause) and " to " not in f" {clause} "


def _apply(result: ChangeResult, clause: str) -> bool:
    plan = result.plan
    if m := _ENTITY.match(clause):
        name = naming.identifier(naming.singularize(m["name"] or m["name2"]), fallback="item")
        if plan.entity(name) is not None:
            return False
        specs = split_list((m["fields"] or m["fields2"] or "").lower())
        fields = [f for f in (field_from_words(s) for s in specs) if f is not None]
        noun = canonical_noun(name)
        entity = make_entity(name, NOUNS[noun]) if noun and not fields else None
        if entity is None:
            fields = fields or [EntityField(name="name", type="string", required=True, label="Name")]
            if not any(f.required for f in fields):
                fields[0].required = True
            entity = Entity(
                name=name, plural=naming.pluralize(name), label=naming.label(name),
                plural_label=naming.label(naming.pluralize(name)), fields=_unique(fields),
                title_field=next((f.name for f in fields if f.type in ("string", "text")), fields[0].name),
            )  # fmt: skip
        plan.entities.append(entity)
        result.done.append(f"added the entity {entity.name} ({', '.join(f.name for f in entity.fields)})")
        return True
    if m := _RENAME.match(clause):
        named = m["entity"] or m["entity2"]
        target = _entity(plan, named) if named else None
        for entity in [target] if target else plan.entities:
            found = _field_name(entity, m["old"])
            if found is not None:
                old, found.name = found.name, naming.identifier(m["new"], fallback=found.name)
                found.label = naming.label(found.name)
                if entity.title_field == old:
                    entity.title_field = found.name
                result.rename_field(entity.name, old, found.name)
                result.done.append(f"renamed {entity.name}.{old} to {found.name}")
                return True
        entity = _entity(plan, m["old"])
        if entity is not None and not named:
            new = naming.identifier(naming.singularize(m["new"]), fallback=entity.name)
            for other in plan.entities:
                for f in other.fields:
                    if f.references == entity.name:
                        f.references = new
            result.rename_entity(entity.name, new)
            entity.name, entity.plural = new, naming.pluralize(new)
            entity.label, entity.plural_label = naming.label(new), naming.label(entity.plural)
            result.done.append(f"renamed the entity to {new}")
            return True
        return False
    if m := _REMOVE.match(clause):
        entity = _entity(plan, m["entity"])
        if entity is None:
            return False
        names = [_field_name(entity, words) for words in split_list(m["fields"].lower())]
        gone = {f.name for f in names if f is not None}
        if not gone or gone >= {f.name for f in entity.fields}:
            return False
        entity.fields = [f for f in entity.fields if f.name not in gone]
        if entity.title_field in gone:
            entity.title_field = entity.fields[0].name
        if not any(f.required for f in entity.fields):
            entity.fields[0].required = True
        result.done.append(f"removed {', '.join(sorted(gone))} from {entity.name}")
        return True
    if m := _ADD.match(clause):
        entity = _entity(plan, m["entity"])
        if entity is None:
            return False
        wanted = [f for f in (field_from_words(s) for s in split_list(m["fields"].lower())) if f is not None]
        added = [f for f in wanted if entity.field(f.name) is None]
        if wanted and not added:
            result.done.append(f"{entity.name} already has {', '.join(f.name for f in wanted)}")
            return True
        if not added:
            return False
        entity.fields.extend(added)
        result.done.append(f"added {', '.join(f.name for f in added)} to {entity.name}")
        return True
    return False


def _unique(fields: list[EntityField]) -> list[EntityField]:
    seen: set[str] = set()
    return [f for f in fields if not (f.name in seen or seen.add(f.name))]  # type: ignore[func-returns-value]
