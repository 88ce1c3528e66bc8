"""The user's request: one typed :class:`RunRequest`, built and checked once at the edge.

Every entry point (the CLI's generation and ``edit``, the service's routes, ``agenerate`` and
``aedit``) builds one with :meth:`RunRequest.build`, which refuses a bad prompt with
:class:`PromptError`; the runner takes it as it is. Whether a run is an edit is
:attr:`RunRequest.is_edit`, nowhere else, and :func:`run_settings` is the one map from the
options to the run's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline.errors import PromptError

if TYPE_CHECKING:
    from pipeline.settings import Settings

Level = Literal["static", "run", "full"]


def check_prompt(text: str, *, max_chars: int = 8000) -> str:
    """Return the request with outer whitespace removed, or raise :class:`PromptError`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PromptError(
            "the request is not valid UTF-8 text",
            hint="check the terminal's encoding, or pass the request with --prompt-file",
        ) from exc
    cleaned = text.strip()
    if not cleaned:
        raise PromptError(
            "the request is empty", hint='say what to build, e.g. python -m pipeline "build a todo app"'
        )
    if "\x00" in cleaned:
        raise PromptError("the request contains a NUL byte")
    if len(cleaned) > max_chars:
        raise PromptError(
            f"the request is {len(cleaned):,} characters; the limit is {max_chars:,}",
            hint="describe the app in a few sentences, or raise PIPELINE_MAX_PROMPT_CHARS",
        )
    return cleaned


@dataclass(frozen=True)
class RunOptions:
    """What a person may choose for one run; :func:`run_settings` turns it into settings."""

    level: Level | None = None
    """DEBUG's checks; None keeps the settings' own (``PIPELINE_VALIDATE_LEVEL``)."""
    offline: bool = False
    """Every agent uses the offline templates, even with keys."""
    no_cache: bool = False
    """Ask the models again even for inputs answered before."""
    review: bool = False
    """Stop after the plan and after the design for a person to approve, edit or reject."""
    max_fix_rounds: int | None = None
    max_tokens: int | None = None
    max_cost_usd: float | None = None


@dataclass(frozen=True)
class EditBase:
    """The version an edit changes: a project folder, or (in the service) a version the worker
    loads from the stores into the job's folder, which then becomes ``project``."""

    project: Path | None = None
    """A folder pipeline generated (the CLI, ``aedit``, a worker after unpacking)."""
    job_id: str | None = None
    """The service: the id of the version it changes (its files are in the stores)."""


@dataclass(frozen=True)
class RunRequest:
    """One run: the prompt, a generation or an edit of ``base``, where to write, the options."""

    prompt: str
    options: RunOptions = RunOptions()
    base: EditBase | None = None
    """An edit's base; None for a generation."""
    out: Path | None = None
    """Where to write the project; an edit writes into its base folder."""
    out_root: Path | None = None
    """Without ``out``: write to ``<out_root>/<slug>``; with neither, nothing is written."""
    force: bool = False
    """Write into ``out`` even if it is not empty."""
    dry_run: bool = False
    """An edit: compute the change and its diff, write nothing."""

    @property
    def is_edit(self) -> bool:
        return self.base is not None

    @property
    def mode(self) -> Literal["generate", "edit"]:
        return "edit" if self.is_edit else "generate"

    @classmethod
    def build(
        cls,
        prompt: str,
        *,
        max_chars: int,
        options: RunOptions | None = None,
        base: EditBase | None = None,
        out: str | Path | None = None,
        out_root: str | Path | None = None,
        force: bool = False,
        dry_run: bool = False,
    ) -> RunRequest:
        """The one check of a request, at the edge that received it: a bad prompt raises
        :class:`PromptError`; a non-empty ``out`` without ``force``, or an edit's folder that
        pipeline did not make, an input error."""
        cleaned = check_prompt(prompt, max_chars=max_chars)
        if base is not None and base.project is not None:
            from pipeline.projects import load_project

            load_project(base.project)  # a folder pipeline did not make is refused here (parsed once)
            out, force = base.project, True  # an edit changes its project where it is
        elif out is not None:
            from pipeline.writer import ensure_writable_dir

            ensure_writable_dir(Path(out), force=force)
        return cls(
            prompt=cleaned,
            options=options or RunOptions(),
            base=base,
            out=Path(out) if out is not None else None,
            out_root=Path(out_root) if out_root is not None else None,
            force=force,
            dry_run=dry_run,
        )


def settings_overrides(options: RunOptions) -> dict[str, Any]:
    """The settings the options change (recorded with a run, so a resume or replay uses them)."""
    from pipeline.names import AGENTS

    overrides: dict[str, Any] = {}
    if options.max_fix_rounds is not None:
        overrides["max_fix_rounds"] = options.max_fix_rounds
    if options.max_tokens is not None:
        overrides["max_tokens"] = options.max_tokens
    if options.max_cost_usd is not None:
        overrides["max_cost_usd"] = options.max_cost_usd
    if options.level is not None:
        overrides["validate_level"] = options.level
    if options.no_cache:
        overrides["cache"] = False
    if options.offline:
        overrides.update({f"agent_{a}": "template" for a in AGENTS})
    return overrides


def run_settings(options: RunOptions, base: Settings | None = None) -> Settings:
    """The run's settings: ``base`` (the environment's when None) with the options applied,
    validated as settings are (a bad number is a settings error, not a silent default)."""
    from pipeline.settings import Settings

    overrides = settings_overrides(options)
    if base is None:
        return Settings(**overrides)
    checked = Settings.model_validate(overrides)
    return base.model_copy(update={k: getattr(checked, k) for k in overrides})
