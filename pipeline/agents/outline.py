"""A module's outline for a prompt: what a caller needs of it (its names, signatures,
docstrings and short literal constants), not its bodies."""

from __future__ import annotations

import ast
import re

from pipeline._ast import parse as safe_parse

CONSTANT_SHOWN = 800
"""Characters up to which an outline shows a literal module constant whole, values and all."""


def outline(path: str, text: str) -> str:
    """A file's public face in a few lines: Python constants, classes, signatures and the first
    line of each docstring; JavaScript exports."""
    if not path.endswith(".py"):
        return "\n".join(line for line in text.split("\n") if re.match(r"\s*export ", line))
    try:
        tree = safe_parse(text)
    except SyntaxError:
        return text[:1_500]

    def signature(node: ast.FunctionDef | ast.ClassDef, indent: str) -> str:
        head = (ast.get_source_segment(text, node) or "").split(":\n", 1)[0].strip() + ":"
        doc = " ".join((ast.get_docstring(node) or "").split())  # whole: it holds the types and limits
        return indent + " ".join(head.split()) + (f"  # {doc}" if doc else "")

    module_doc = ast.get_docstring(tree)
    lines: list[str] = [f'"""{module_doc}"""'] if module_doc else []
    for node in tree.body:
        targets = (
            [node.target] if isinstance(node, ast.AnnAssign) and node.value else getattr(node, "targets", [])
        )
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and targets
            and all(isinstance(t, ast.Name) and t.id.isupper() for t in targets)
        ):
            # a short literal whole: its values are what a caller needs (conftest's SAMPLES
            # decide what ``make`` fills in; a test that relies on them must know them)
            segment = ast.get_source_segment(text, node) or ""
            if len(segment) <= CONSTANT_SHOWN and _literal(node.value):
                lines.append(segment)
                continue
            names = ", ".join(t.id for t in targets if isinstance(t, ast.Name))
            keys = [k.value for k in getattr(node.value, "keys", []) if isinstance(k, ast.Constant)]
            shown = "{" + ", ".join(f"{k!r}: ..." for k in keys) + "}" if keys else "..."
            lines.append(f"{names} = {shown}")
        elif isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            lines.append(signature(node, ""))
        elif isinstance(node, ast.ClassDef):
            lines.append(signature(node, ""))
            lines += [
                signature(item, "    ")
                for item in node.body
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
            ]
    return "\n".join(lines)


def _literal(node: ast.expr | None) -> bool:
    try:
        ast.literal_eval(node)  # type: ignore[arg-type]
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return False
    return True
