"""Every error pipeline raises, in one tree.

    PipelineError                      base; ``exit_code`` tells the CLI how to leave
    ├── InputError                     the caller's input is unusable (exit 2)
    │   ├── PromptError                empty, too long, or not UTF-8
    │   ├── OutputDirError             output folder not empty / not a folder
    │   └── ConfigError                a setting or key list that cannot be read
    ├── UnsafePathError                a generated path that would leave its folder
    ├── ProjectTooLargeError           a generated file or project over the size caps
    ├── ProviderError                  a chat model call failed (see providers.errors)
    ├── NoCapacity                     no key with room (see keypool)
    └── RunFailed                      a run could not finish; it can be resumed

Messages say what happened and what to do, and never contain a key: keys are
shown as fingerprints (see ``keypool.keys.fingerprint``).
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of all pipeline errors."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(PipelineError):
    exit_code = 2


class PromptError(InputError):
    pass


class OutputDirError(InputError):
    pass


class ConfigError(InputError):
    pass


class UnsafePathError(PipelineError):
    def __init__(self, path: str, reason: str) -> None:
        shown = path if len(path) <= 120 else path[:117] + "..."
        super().__init__(f"refused to write {shown!r}: {reason}")
        self.path = path
        self.reason = reason


class ProjectTooLargeError(PipelineError):
    pass


class RunFailed(PipelineError):
    pass
