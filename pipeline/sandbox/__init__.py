"""The sandbox for generated (untrusted) code: bubblewrap with every namespace, a cgroup, rlimits.

``run_sandboxed`` is the only way the project runs code a model or a template wrote. See
SECURITY.md for what it keeps out, and :mod:`pipeline.sandbox.policy` for the exact mounts.
"""

from pipeline.sandbox.policy import SandboxLimits
from pipeline.sandbox.process import (
    Outcome,
    Sandboxed,
    SandboxStatus,
    SandboxUnavailable,
    Stopping,
    run_sandboxed,
    sandbox_status,
    start_sandboxed,
    stop_all,
)

__all__ = [
    "Outcome",
    "SandboxLimits",
    "SandboxStatus",
    "SandboxUnavailable",
    "Sandboxed",
    "Stopping",
    "run_sandboxed",
    "sandbox_status",
    "start_sandboxed",
    "stop_all",
]
