"""The typed things that flow through the graph.

CORE makes a :class:`Plan`, ARCH a :class:`Design` (whose ``contract`` is an OpenAPI 3.1
document), BACKEND and UIX each a :class:`FileSet`, DEBUG a list of :class:`Diagnostic`,
and the run ends in a :class:`RunSummary`. All are plain pydantic models, so they
serialize into checkpoints, traces and JSON output unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    computed_field,
    model_serializer,
    model_validator,
)

from pipeline.names import AGENTS, AgentName
from pipeline.safe_values import (
    ApiPath,
    Choice,
    FieldName,
    Identifier,
    Label,
    Prose,
    Slug,
    Word,
    check_contract_names,
)

__all__ = ["AGENTS", "AgentName"]  # and the models below

FieldType = Literal[
    "string", "text", "integer", "number", "boolean", "date", "datetime", "email", "url", "tags", "reference"
]
Severity = Literal["error", "warning", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=False)


class EntityField(_Model):
    """One column of an entity, typed the way the generated code types it."""

    name: FieldName
    type: FieldType = "string"
    required: bool = False
    label: Label | Literal[""] = ""
    references: Identifier | None = None
    """For ``reference`` fields: the name of the entity referred to."""
    choices: list[Choice] = Field(default_factory=list, max_length=40)
    """When set, the value must be one of these (rendered as a select)."""


class Entity(_Model):
    """A thing the app stores: one table, one set of CRUD routes, one view."""

    name: Identifier
    """Singular, lower snake case: ``todo``, ``book_loan``."""
    plural: Identifier
    label: Label
    plural_label: Label
    fields: list[EntityField] = Field(max_length=40)
    title_field: Identifier = "name"
    """The field that names an item in lists and selects."""

    def field(self, name: str) -> EntityField | None:
        return next((f for f in self.fields if f.name == name), None)


HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-f]{6}$")]
ThemeRole = Literal["background", "accent", "text", "heading"]
Fit = Literal["full", "partial", "none"]


class Theme(_Model):
    """How the app looks, as the request asked: colours (hex), dark or light, a font, a density.
    Every value is checked here: only these become CSS."""

    background: HexColour | None = None
    accent: HexColour | None = None
    """Buttons, tabs, links: the request's "components"."""
    text: HexColour | None = None
    heading: HexColour | None = None
    """Headings and titles; the text's colour when none is asked."""
    names: dict[ThemeRole, Annotated[str, StringConstraints(pattern=r"^[a-z ]{1,40}$")]] = Field(
        default_factory=dict
    )
    """The colour names the request used, for the README."""
    mode: Literal["dark", "light"] | None = None
    font: Literal["sans", "serif", "monospace", "rounded"] | None = None
    density: Literal["compact", "spacious"] | None = None


class Plan(_Model):
    """CORE's output: what to build. The offline extractor's AppSpec is this same model."""

    app_name: Label
    slug: Slug
    summary: Prose
    features: list[Label] = Field(default_factory=list, max_length=40)
    entities: list[Entity] = Field(max_length=12)
    pages: list[Label] = Field(default_factory=list, max_length=20)
    kind: Identifier = "generic"
    """Which known app kind the request matched, or ``generic``."""
    theme: Theme | None = None
    """Colours, mode, font and density the request asked for (None: the default look)."""
    fit: Fit = "full"
    """How well the app fits the request: ``partial`` or ``none`` when it leaves out what ``unmet`` says."""
    unmet: list[Prose] = Field(default_factory=list, max_length=20)
    """The request's asks the app does not do, in words."""

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)


class Resource(_Model):
    """The handshake for one entity: where its routes live and what they are called."""

    entity: Identifier
    collection_path: ApiPath
    item_path: ApiPath
    operations: dict[Word, Identifier]
    """CRUD verb (list, create, read, update, delete, plus extras) → OpenAPI operationId."""


class QueryParam(_Model):
    name: Identifier
    schema_: dict[str, Any] = Field(alias="schema", default_factory=lambda: {"type": "string"})
    required: bool = True

    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class CustomOperation(_Model):
    """An operation beyond CRUD that ARCH declared: rolling dice on the server, converting units."""

    method: Literal["get", "post", "put", "patch", "delete"]
    path: ApiPath
    operation_id: Identifier
    summary: Label | Literal[""] = ""
    description: Prose = ""
    """What it must do, in words: the rule BACKEND implements."""
    query: list[QueryParam] = Field(default_factory=list)
    request: dict[str, Any] | None = None
    """JSON schema of the request body (an object), or None."""
    response: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
    """JSON schema of the success answer: an object, or an array of objects."""
    status: int = Field(default=200, ge=200, le=299)
    entity: Identifier | None = None
    """The entity whose data it reads or writes, if any."""
    scaffold: bool = False
    """Part of the app kind's scaffold (a game's moves): implemented by the kind's own code, kept
    when a side falls back, and never asked of a model."""


class Design(_Model):
    """ARCH's output: the API contract both code agents build against."""

    contract: dict[str, Any]
    """An OpenAPI 3.1 document."""
    resources: list[Resource]
    backend_port: int = Field(default=8000, ge=1024, le=65535)
    frontend_port: int = Field(default=5173, ge=1024, le=65535)
    api_prefix: ApiPath = "/api"
    backend_files: list[str] = Field(default_factory=list)
    frontend_files: list[str] = Field(default_factory=list)
    custom_operations: list[CustomOperation] = Field(default_factory=list, max_length=30)
    """Operations beyond CRUD; the contract holds them too."""

    @model_validator(mode="after")
    def _contract_names(self) -> Design:
        """The contract's paths and operation ids become code (the API client): names only."""
        paths = self.contract.get("paths", {})
        if not isinstance(paths, dict):
            raise ValueError("the contract's paths must be an object")
        for path, item in paths.items():
            check_contract_names(str(path), None)
            if not isinstance(item, dict):
                raise ValueError(f"the contract's entry for {path} must be an object")
            for method, op in item.items():
                if method in {"get", "post", "put", "patch", "delete"} and isinstance(op, dict):
                    op_id = op.get("operationId")
                    check_contract_names(str(path), None if op_id is None else str(op_id))
        return self

    def operations(self) -> list[tuple[str, str, str]]:
        """(method, path, operationId) for every operation in the contract."""
        found: list[tuple[str, str, str]] = []
        for path, item in self.contract.get("paths", {}).items():
            for method, op in item.items():
                if method in {"get", "post", "put", "patch", "delete"}:
                    found.append((method, path, str(op.get("operationId", ""))))
        return found


class FileSet(_Model):
    """Relative path → file contents, with who made it."""

    files: dict[str, str] = Field(default_factory=dict)
    agent: str = ""
    provider: str = ""
    deleted: list[str] = Field(default_factory=list)
    """Paths this set removes when merged onto an earlier one (a model's ``<delete>``): a
    tombstone, so a merge of "the files that changed" can also say "gone"."""

    def total_bytes(self) -> int:
        return sum(len(c.encode("utf-8")) for c in self.files.values())


class Diagnostic(_Model):
    """One finding of DEBUG. ``owner`` is the agent that must fix it."""

    file: str
    line: int = 0
    check: str
    message: str
    severity: Severity = "error"
    owner: Literal["backend", "uix", "debug"] = "backend"
    evidence: str = ""
    """What the check saw, for whoever fixes it: a failing test's assertion with its actual and
    expected values, and the traceback's frames in the project's own files."""
    related: list[str] = Field(default_factory=list)
    """Files of the project the evidence names besides ``file`` (the code under test)."""
    operations: list[str] = Field(default_factory=list)
    """The custom operations (operationId) a failing test calls: the ones it speaks for."""

    def key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.check, self.message)


class AgentReport(_Model):
    """What one agent step did: who answered, at what cost."""

    agent: str
    provider: str
    """``deepseek``, ``gemini`` … or ``template`` when the offline path answered."""
    model: str = ""
    key_fingerprint: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: float = 0.0
    cache_hit: bool = False
    tokens_estimated: bool = False
    """The provider reported no usage for some call; its tokens are estimated."""
    calls: int = 0
    """Provider calls made, continuations and retries included."""
    cost_usd: float | None = None
    """What the calls cost at the catalog's prices; None when a model's price is unknown."""
    continuations: int = 0
    fallback_reason: str = ""
    """Why the agent did not use the first provider of its chain (empty when it did)."""
    round: int = 0


DropCause = Literal[
    "not_understood", "not_built", "undesigned_edit", "lost_edit", "back_to_passing", "left_out"
]
"""Why something is in ``dropped``. ``not_understood``: a part of the request the offline templates
could not read. ``not_built``: an operation ARCH declared that could not be built.
``undesigned_edit``: a model's edit that never applied and no designed operation needed (a label,
a style): the design is still whole. ``lost_edit``: such an edit for a designed operation.
``back_to_passing``: a side went back to its last passing version. ``left_out``: a custom
operation, a CRUD change, a test or the frontend's changes removed to keep the app working."""

NOT_UNDERSTOOD = "not understood offline: "
UNDESIGNED_EDIT = "an edit outside the design's operations was not applied: "
BACK_TO_PASSING = (
    "backend changes after its last passing version",
    "frontend changes after its last passing version",
)
"""How a side that went back to its last passing version is named (backend, frontend)."""


Route = Annotated[
    str, StringConstraints(pattern=r"^(GET|POST|PUT|PATCH|DELETE) /[\w/{}.-]*$", max_length=220)
]
"""An operation's method and path as the contract names it: ``GET /sessions/{id}``."""


class Dropped(_Model):
    """One thing a run left out: why (``cause``, which decides the run's status) and, in words,
    what and why (``text``, what the CLI, the README and the page show). A custom operation left
    out of the design also names itself (``route``, ``operation_id``), for the README to list."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    cause: DropCause
    text: str
    route: Route | None = None
    operation_id: Identifier | None = None

    @model_serializer(mode="wrap")
    def _named_only_when_an_operation(self, handler: SerializerFunctionWrapHandler) -> Any:
        # an entry that is no operation is written as before, {cause, text}: summaries and
        # checkpoints do not grow a pair of nulls for every dropped entry
        data = handler(self)
        if isinstance(data, dict):
            for name in ("route", "operation_id"):
                if data.get(name) is None:
                    data.pop(name, None)
        return data

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        # traces, summaries and checkpoints written before the cause was kept hold the text alone:
        # its wording says the cause (these were the prefixes the status was decided by)
        if isinstance(data, str):
            return {"cause": _legacy_cause(data), "text": data}
        return data

    def __str__(self) -> str:
        return self.text


def _legacy_cause(text: str) -> DropCause:
    if text.startswith(NOT_UNDERSTOOD):
        return "not_understood"
    if text.startswith(UNDESIGNED_EDIT):
        return "undesigned_edit"
    if text.startswith(BACK_TO_PASSING):
        return "back_to_passing"
    if text.startswith("operation not built: "):
        return "not_built"
    if text.startswith("an edit for operation "):
        return "lost_edit"
    return "left_out"


class RunSummary(_Model):
    """The end of a run: everything a user or a tool wants to know about it."""

    run_id: str
    prompt: str
    app_name: str = ""
    slug: str = ""
    status: Literal["succeeded", "partial", "failed", "running", "rejected"] = "succeeded"
    """``partial``: the project was written but does less than the design asked (see ``dropped``)
    or its checks still find errors; ``succeeded`` means everything in the design works."""
    mode: Literal["generate", "edit"] = "generate"
    output_dir: str | None = None
    files_written: list[str] = Field(default_factory=list)
    agents: list[AgentReport] = Field(default_factory=list)
    fix_rounds: int = 0
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    duration_s: float = 0.0
    run_commands: list[str] = Field(default_factory=list)
    rounds: list[dict[str, Any]] = Field(default_factory=list)
    """DEBUG's rounds: errors and warnings found, files fixed by rules, who got a fix round and why."""
    key_events: list[dict[str, Any]] = Field(default_factory=list)
    """Key-pool state changes during the run (keys by fingerprint)."""
    conflicts: list[str] = Field(default_factory=list)
    """Files where your changes and the new generation changed the same lines (left marked)."""
    notes: list[str] = Field(default_factory=list)
    """What an edit did with files you changed (merged, kept, left deleted)."""
    diff: str = ""
    """A dry run's unified diff of what it would change on disk."""
    dropped: list[Dropped] = Field(default_factory=list)
    """What the run left out, each with its cause and why in words (a side that kept failing went
    back to its last passing version). A summary written before causes were kept lists the words
    alone: they load too."""
    fit: Fit = "full"
    """How well the app fits the request (``full``, ``partial``, ``none``)."""
    unmet: list[str] = Field(default_factory=list)
    """The request's asks the app does not do, in words."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tokens(self) -> int:
        return sum(a.tokens_in + a.tokens_out for a in self.agents)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cost_usd(self) -> float:
        """USD at the catalog's prices for the calls whose price is known."""
        return round(sum(a.cost_usd or 0.0 for a in self.agents), 8)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cache_hits(self) -> int:
        return sum(1 for a in self.agents if a.cache_hit)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cache_misses(self) -> int:
        """Agent steps a model answered (the ones a cache could have saved)."""
        return sum(1 for a in self.agents if not a.cache_hit and a.provider not in ("template", "rules"))
