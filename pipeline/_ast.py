"""One lock for every ``ast.parse`` in the process.

CPython 3.11's parser fails when several threads parse at once ("AST constructor recursion
depth mismatch", fixed in later releases); agents and DEBUG parse in worker threads, so they
take turns. Re-entrant: a check that holds it may parse again.
"""

from __future__ import annotations

import ast
import threading

AST_LOCK = threading.RLock()


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    with AST_LOCK:
        return ast.parse(source, filename=filename)
