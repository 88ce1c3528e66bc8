"""Python checks over a FileSet: syntax, undefined names, imports vs requirements.txt."""

from __future__ import annotations

import ast
import re
import sys

from pyflakes import checker as flakes  # type: ignore[import-untyped]

from pipeline._ast import parse as safe_parse
from pipeline.artifacts import Diagnostic, FileSet

# import name → distribution name, where they differ or come with another package
IMPORT_TO_DIST = {
    "starlette": "fastapi", "fastapi": "fastapi", "pydantic": "pydantic", "pydantic_core": "pydantic",
    "uvicorn": "uvicorn", "httpx": "httpx", "pytest": "pytest", "sqlalchemy": "sqlalchemy",
    "sqlmodel": "sqlmodel", "jose": "python-jose", "jwt": "pyjwt", "dotenv": "python-dotenv",
    "multipart": "python-multipart", "yaml": "pyyaml", "email_validator": "email-validator",
    "passlib": "passlib", "aiosqlite": "aiosqlite", "requests": "requests",
}  # fmt: skip
_ERROR_MESSAGES = (
    flakes.messages.UndefinedName,
    flakes.messages.UndefinedExport,
    flakes.messages.UndefinedLocal,
)


def python_files(files: FileSet) -> dict[str, str]:
    return {p: c for p, c in files.files.items() if p.endswith(".py")}


def check_python(files: FileSet) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, source in sorted(python_files(files).items()):
        try:
            tree = safe_parse(source, filename=path)
        except SyntaxError as exc:
            found.append(
                Diagnostic(
                    file=path,
                    line=exc.lineno or 0,
                    check="python.syntax",
                    message=f"syntax error: {exc.msg}",
                    owner="backend",
                )
            )
            continue
        for message in flakes.Checker(tree, filename=path).messages:
            error = isinstance(message, _ERROR_MESSAGES)
            if not error and not isinstance(
                message, flakes.messages.UnusedImport | flakes.messages.ImportStarUsed
            ):
                continue
            found.append(
                Diagnostic(
                    file=path,
                    line=message.lineno,
                    check="python.undefined-name" if error else "python.unused-import",
                    message=message.message % message.message_args,
                    severity="error" if error else "warning",
                    owner="backend",
                )
            )
        found += _unresolved_local_imports(path, tree, files)
    return found


def _module_exists(module: str, files: FileSet, root: str) -> bool:
    base = f"{root}/" + module.replace(".", "/")
    return f"{base}.py" in files.files or f"{base}/__init__.py" in files.files


def _unresolved_local_imports(path: str, tree: ast.Module, files: FileSet) -> list[Diagnostic]:
    root = path.split("/", 1)[0] if "/" in path else ""
    local_tops = {
        p.split("/")[1] for p in python_files(files) if p.count("/") >= 2 and p.startswith(root + "/")
    }
    found: list[Diagnostic] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            if top in local_tops and not _module_exists(node.module, files, root):
                found.append(
                    Diagnostic(
                        file=path,
                        line=node.lineno,
                        check="python.missing-module",
                        message=f"module {node.module!r} does not exist in the project",
                        owner="backend",
                    )
                )
            elif top in local_tops:
                for alias in node.names:
                    if not _module_exists(f"{node.module}.{alias.name}", files, root) and not _defines(
                        files, root, node.module, alias.name
                    ):
                        # where the name is now (a model moved it): the fix needs that module too
                        now = _defined_in(files, root, alias.name)
                        imported = next(
                            (p for p in (f"{root}/{node.module.replace('.', '/')}{e}" for e in (".py", "/__init__.py")) if p in files.files),
                            None,
                        )  # fmt: skip
                        found.append(
                            Diagnostic(
                                file=path,
                                line=node.lineno,
                                check="python.missing-name",
                                message=f"{node.module!r} has no {alias.name!r}"
                                + (f" ({', '.join(now)} defines it)" if now else ""),
                                owner="backend",
                                related=[
                                    p
                                    for p in [imported, *now, *_tests_importing(files, root, now, alias.name)]
                                    if p and p != path
                                ],
                            )
                        )
    return found


def _defined_in(files: FileSet, root: str, name: str) -> list[str]:
    """The project's modules (tests aside) that define ``name`` at their top level."""
    found = []
    for path, source in sorted(python_files(files).items()):
        if not path.startswith(f"{root}/") or "/tests/" in path:
            continue
        try:
            body = safe_parse(source).body
        except SyntaxError:
            continue
        for node in body:
            named = (
                [node.name] if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else []
            )
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                named = [t.id for t in targets if isinstance(t, ast.Name)]
            if name in named:
                found.append(path)
                break
    return found


def _tests_importing(files: FileSet, root: str, modules: list[str], name: str) -> list[str]:
    """The tests that import ``name`` from where it is now: they may already test it."""
    dotted = [m.removeprefix(f"{root}/").removesuffix(".py").replace("/", ".") for m in modules]
    pattern = re.compile(
        rf"^from ({'|'.join(map(re.escape, dotted))}) import .*\b{re.escape(name)}\b", re.MULTILINE
    )
    return [
        p
        for p, text in sorted(python_files(files).items())
        if dotted and "/tests/" in p and pattern.search(text)
    ]


def _defines(files: FileSet, root: str, module: str, name: str) -> bool:
    base = f"{root}/" + module.replace(".", "/")
    source = files.files.get(f"{base}.py") or files.files.get(f"{base}/__init__.py") or ""
    try:
        tree = safe_parse(source)
    except SyntaxError:
        return True  # reported as a syntax error already
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name:
            return True
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
        if isinstance(node, ast.Import | ast.ImportFrom) and any(
            (a.asname or a.name.split(".")[0]) == name for a in node.names
        ):
            return True
    return False


def third_party_imports(files: FileSet, root: str = "backend") -> dict[str, tuple[str, int]]:
    """Top-level third-party import names → (first file, line) that imports them."""
    local = {
        p.split("/")[1].removesuffix(".py")
        for p in python_files(files)
        if p.startswith(root + "/") and p.count("/") >= 1
    }
    found: dict[str, tuple[str, int]] = {}
    for path, source in sorted(python_files(files).items()):
        if not path.startswith(root + "/"):
            continue
        try:
            tree = safe_parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module.split(".")[0]]
            for name in names:
                if name not in sys.stdlib_module_names and name not in local and name != "__future__":
                    found.setdefault(name, (path, getattr(node, "lineno", 0)))
    return found


def requirement_names(text: str) -> set[str]:
    names: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[\s<>=!~\[;]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def check_requirements(files: FileSet, root: str = "backend") -> list[Diagnostic]:
    req_path = f"{root}/requirements.txt"
    if not python_files(files):
        return []
    if req_path not in files.files:
        return [
            Diagnostic(
                file=req_path,
                check="python.requirements",
                message="requirements.txt is missing",
                owner="backend",
            )
        ]
    declared = requirement_names(files.files[req_path])
    found: list[Diagnostic] = []
    for name, (path, line) in sorted(third_party_imports(files, root).items()):
        dist = IMPORT_TO_DIST.get(name, name).lower().replace("_", "-")
        if dist not in declared:
            found.append(
                Diagnostic(
                    file=path,
                    line=line,
                    check="python.missing-requirement",
                    message=f"imports {name!r} but requirements.txt does not list {dist!r}",
                    owner="backend",
                )
            )
    return found
