"""One escaping filter per target language, and the rule that nothing reaches a template without one.

Every ``{{ … }}`` in a code template must end in one of these filters (or print a value built
by our own code from checked names, marked :class:`Code`). The environment's ``finalize``
raises :class:`UnescapedValue` for anything else, so a new template cannot forget: a plain
string in a template fails its first render, in the tests.

=========  ==========================================  ============================================
filter     target                                      how
=========  ==========================================  ============================================
``py``     a Python literal (str, number, list, dict)  a JSON string for str; containers by element
``js``     a JavaScript / JSON value                   JSON, with ``<``, ``>``, ``&``, U+2028/9 as
                                                       ``\\u`` escapes (safe in a ``<script>`` too)
``json``   a JSON document value                       as ``js``
``jsx``    JSX text                                    ``{"…"}``: an expression holding a JS string
``html``   HTML text or attribute                      ``markupsafe.escape``
``toml``   a TOML basic string                         quotes, backslash, control chars escaped
``md``     Markdown text                               one line; punctuation and HTML escaped
``ident``  a name in code                              checked against the identifier pattern
``path``   an API path in code or docs                 checked against the API path pattern
=========  ==========================================  ============================================
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import markupsafe

from pipeline.errors import PipelineError
from pipeline.safe_values import check_contract_names, check_identifier


class Code(str):
    """Text that is already code: the output of a filter here, or a fragment our own code built
    from checked names and escaped literals."""

    __slots__ = ()


class UnescapedValue(PipelineError, TypeError):
    """A template printed a value that went through no escaping filter."""


def finalize(value: Any) -> Any:
    if isinstance(value, Code):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise UnescapedValue(
        f"a template printed {str(value)[:60]!r} without an escaping filter: add | py, | js, | jsx, "
        "| html, | json, | toml, | md, | ident or | path for where it lands"
    )


def _python(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a number must be finite")
        return repr(value)
    if isinstance(value, str):
        # a JSON string is a valid Python literal (its escapes are Python's too), double-quoted
        # as black writes them
        return _no_surrogates(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list | tuple):
        inner = ", ".join(_python(v) for v in value)
        return f"[{inner}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_python(str(k))}: {_python(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Python literal for a {type(value).__name__}")


def _no_surrogates(text: str) -> str:
    """A lone surrogate cannot be written as UTF-8: keep it as its escape."""
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m[0]):04x}", text)


def py(value: Any) -> Code:
    return Code(_python(value))


_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def js(value: Any, indent: int | None = None) -> Code:
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return Code(_no_surrogates(re.sub("[<>&\u2028\u2029]", lambda m: _JS_UNSAFE[m[0]], text)))


def jsx(value: Any) -> Code:
    return Code("{" + js(str(value)) + "}")


def html(value: Any) -> Code:
    return Code(str(markupsafe.escape(str(value))))


def toml(value: Any) -> Code:
    out = ['"']
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return Code("".join(out))


_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~])")
_MD_LINE_START = re.compile(r"^(?:([#+=>-])|(\d+)([.)]))")


def md(value: Any) -> Code:
    """Text that stays text in Markdown: one line, inline markup and a block marker at its
    start escaped, HTML escaped (so ``<script>`` shows as text)."""
    text = " ".join(str(value).split())
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], text)
    return Code(str(markupsafe.escape(text)))


def ident(value: Any) -> Code:
    return Code(check_identifier(str(value)))


def path(value: Any) -> Code:
    text = str(value)
    check_contract_names(text, None)
    return Code(text)


FILTERS = {
    "py": py,
    "js": js,
    "json": js,
    "jsx": jsx,
    "html": html,
    "toml": toml,
    "md": md,
    "ident": ident,
    "path": path,
}
