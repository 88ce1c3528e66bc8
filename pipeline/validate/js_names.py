"""The names a frontend module imports from another of the project's modules exist there: an
import of an API function the contract (and so ``api.js``) no longer has fails the build, and
is caught here at the static level, with the names that do exist.

Read by patterns, like the other JavaScript checks: named imports (``import { a, b as c } from
'./api.js'``) against the target's named exports (``export function``/``const``/``class``,
``export { … }``). A module with ``export *`` is not judged."""

from __future__ import annotations

import posixpath
import re

from pipeline.artifacts import Diagnostic, FileSet

_NAMED_IMPORT = re.compile(r"""import\s*(?:\w+\s*,\s*)?\{([^}]*)\}\s*from\s*['"](\.[^'"]+)['"]""")
_EXPORT_DECL = re.compile(r"export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)")
_EXPORT_LIST = re.compile(r"export\s*\{([^}]*)\}")
_SUFFIXES = ("", ".js", ".jsx", "/index.js", "/index.jsx")


def exported_names(source: str) -> set[str] | None:
    """The module's named exports; None when it re-exports everything of another (not judged)."""
    if re.search(r"export\s*\*", source):
        return None
    names = set(_EXPORT_DECL.findall(source))
    for listed in _EXPORT_LIST.findall(source):
        names |= {part.split(" as ")[-1].strip() for part in listed.split(",") if part.strip()}
    return names


def check_imported_names(files: FileSet, root: str = "frontend") -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for path, source in sorted(files.files.items()):
        if not (path.startswith(root + "/") and path.endswith((".js", ".jsx"))):
            continue
        for match in _NAMED_IMPORT.finditer(source):
            base = posixpath.normpath(posixpath.join(posixpath.dirname(path), match[2]))
            target = next((base + s for s in _SUFFIXES if base + s in files.files), None)
            exports = exported_names(files.files[target]) if target else None
            if exports is None:
                continue  # a missing file is js.missing-file's finding
            wanted = [part.split(" as ")[0].strip() for part in match[1].split(",") if part.strip()]
            for name in [n for n in wanted if n not in exports]:
                found.append(
                    Diagnostic(
                        file=path,
                        line=source.count("\n", 0, match.start()) + 1,
                        check="js.missing-export",
                        message=f"imports {name} from {match[2]!r}, which has no such export "
                        f"(it has: {', '.join(sorted(exports)[:25])})",
                        owner="uix",
                    )
                )
    return found
