"""Every error pipeline raises, in one tree. Each says what happened and what to do; the CLI
shows it as one line and leaves with its ``exit_code``.

    PipelineError                          base; ``exit_code`` tells the CLI how to leave    errors
    ├── InputError                         the caller's input is unusable (exit 2)          errors
    │   ├── PromptError                    empty, too long, or not UTF-8                    errors
    │   ├── OutputDirError                 output folder not empty / not a folder           errors
    │   └── ConfigError                    a setting or key list that cannot be read        errors
    ├── UnsafePathError                    a generated path that would leave its folder     errors
    ├── ProjectTooLargeError               a generated file or project over the size caps   errors
    ├── RunFailed                          a run could not finish; it can be resumed        errors
    ├── ParseError                         a model's answer is not in the format asked      agents.parsing
    ├── OperationError                     a custom operation that cannot be built          templates.operations
    ├── UnescapedValue                     a template printed a value with no filter        templates.escaping
    ├── SandboxUnavailable                 no sandbox here: generated code is not run       sandbox.process
    ├── Stopping                           the process is ending: no sandbox runs on        sandbox.process
    ├── Refused                            an untrusted tree holds a link or too much       sandbox.nofollow
    ├── PreviewError                       an app that could not be built or started        preview.app
    ├── NoCapacity                         no key with room                                 keypool.pool
    └── ProviderError                      a chat model call failed; ``action``, ``kind``    providers.errors
        ├── ProviderUnavailable            no key or link could answer
        ├── RateLimited                    429: cool the key until the provider's time
        │   └── QuotaExhausted             the day's quota is spent
        ├── KeyInvalid                     401/403: the key is retired
        ├── PaymentRequired                402: the key is retired
        ├── BadRequest                     400: the request, not the key
        │   └── ModelRetired               the provider says the model is gone
        ├── StreamStalled                  a stream went quiet or closed early
        ├── ProviderDown                   5xx, timeouts: the breaker counts them
        ├── MalformedResponse              an answer that is not the provider's format
        └── ContentBlocked                 the provider refused the content

The right column is the module under ``pipeline`` where each class lives (next to what raises
it); ``tests/test_errors.py`` keeps this drawing equal to the classes that exist. Messages
never contain a key: keys are shown as fingerprints (see ``keypool.keys.fingerprint``).
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
