"""Reading an application file: TOML, JSON or YAML by the file's extension, within the limits on
size, nesting and YAML aliases, and the parsers' errors as diagnostics with a line and a hint."""

from __future__ import annotations

import json
import re

from ...language import limits
from ...language.diagnostics import Diagnostic, SirulesError, error
from ...language.source import Span
from .form import MAX_APPLICATION_BYTES, MAX_DEPTH, MAX_VALUES, MAX_YAML_ALIASES


def read_file(path: str) -> tuple[dict, str]:
    """Read and parse an application file by its extension (read once, at most the size limit + 1 bytes)."""
    from ...language.fileio import read_input
    from ...language.source import keep
    most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)

    def too_large(size: str) -> SirulesError:
        return SirulesError([error("SIR401", f"application is {size}; the limit is {most}", Span(path, 1, 1, 1, 1),
                                   "split the file or " + limits.hint("APPLICATION_BYTES"))])
    data = read_input(path, most, "an application file", too_large)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SirulesError([error("SIR301", f"{path} is not UTF-8 text (byte {exc.start})",
                                  Span(path, 1, 1, 1, 1), "save the file as UTF-8")]) from None
    keep(path, text)                  # diagnostics show its lines without reading the file again
    return parse_text(text, path), text


def parse_text(text: str, path: str, fmt: str | None = None) -> dict:
    fmt = fmt or _format_of(path)
    most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)
    if len(text) > most:
        raise SirulesError([error("SIR401", f"application is {len(text)} characters; the limit is {most}",
                                  Span(path, 1, 1, 1, 1),
                                  "split the file or " + limits.hint("APPLICATION_BYTES"))])
    try:
        if fmt == "toml":
            import tomllib
            raw = tomllib.loads(text)
        elif fmt == "json":
            raw = json.loads(text, parse_constant=_bad_constant)
        else:
            raw = _load_yaml(text, path)
    except RecursionError:
        raise SirulesError([error("SIR402", f"{path} is nested too deeply", Span(path, 1, 1, 1, 1))]) from None
    except SirulesError:
        raise
    except Exception as exc:   # the parsers' own error types; translated here only
        raise SirulesError([_syntax_error(exc, path, fmt, text)]) from None
    if not isinstance(raw, dict):
        raise SirulesError([error("SIR301", f"{path} must hold a table of keys and values at the top",
                                  Span(path, 1, 1, 1, 1))])
    _check_depth(raw, path)
    return raw


def _bad_constant(name: str):
    raise ValueError(f"{name} is not a number sirules accepts")


def _format_of(path: str) -> str:
    low = path.lower()
    if low.endswith(".json") or low.endswith(".jsonl"):
        return "json"
    if low.endswith((".yaml", ".yml")):
        return "yaml"
    return "toml"


_YAML_QUOTED_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|(?:^|(?<=\s))#[^\n]*', re.M)


def _load_yaml(text: str, path: str):
    import yaml

    most = limits.get("YAML_ALIASES", MAX_YAML_ALIASES)
    if len(re.findall(r"(?m)(?:^|[\s\[{,])\*[\w-]+", text)) > most:
        raise SirulesError([error("SIR401", f"{path} uses more than {most} YAML aliases", Span(path, 1, 1, 1, 1),
                                  "write the values out instead of using anchors and aliases, or "
                                  + limits.hint("YAML_ALIASES"))])
    # PyYAML's scanner is quadratic in the depth of [ and { nesting: refuse a deep one before it starts
    deepest = limits.get("APPLICATION_DEPTH", MAX_DEPTH)
    depth = 0
    for ch in re.sub(r"[^\[\]{}]+", "", _YAML_QUOTED_OR_COMMENT.sub("", text)):
        depth = depth + 1 if ch in "[{" else max(0, depth - 1)
        if depth > 4 * deepest:
            _too_deep(path, deepest)
    return yaml.safe_load(text)


def _syntax_error(exc, path: str, fmt: str, text: str = "") -> Diagnostic:
    line, col, msg = 1, 1, str(exc)
    if fmt == "json" and hasattr(exc, "lineno"):
        line, col, msg = exc.lineno, exc.colno, exc.msg
    elif fmt == "toml":
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            msg = msg[:m.start()].strip()
        m = re.search(r"\(at end of document\)", msg)
        if m:
            msg = msg[:m.start()].strip() + " at the end of the file"
    elif fmt == "yaml":
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line, col = mark.line + 1, mark.column + 1
        msg = getattr(exc, "problem", None) or msg
    name = {"toml": "TOML", "json": "JSON", "yaml": "YAML"}[fmt]
    lines = text.splitlines() if text else []
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    return error("SIR301", f"{path} is not valid {name}: {msg}", Span(path, line, col, line, col + 1),
                 _format_hint(fmt, msg, line_text))


def _format_hint(fmt: str, msg: str, line_text: str = "") -> str | None:
    key = line_text.split("=")[0].strip()
    if fmt == "toml" and "Expected '=' after a key" in msg and any(ord(c) > 127 for c in key):
        return f'a key with å, ä or ö needs quotes in TOML: {_quote_key(key)} = …'
    header = re.fullmatch(r"\s*(\[\[?)([^\[\]\"']*)(\]?\]?)\s*(?:#.*)?", line_text)
    if fmt == "toml" and header and any(ord(c) > 127 for c in header.group(2)):
        opening = header.group(1)
        closing = "]" * len(opening)
        return f"a table name with å, ä or ö needs quotes in TOML: {opening}{_quote_key(header.group(2))}{closing}"

    if fmt == "toml" and "Invalid value" in msg:
        return 'text values need quotes, e.g. title = "Tidiga insatser"'
    if fmt == "toml" and "Illegal character '\\n'" in msg:
        return 'a text is missing its closing quote (")'
    if fmt == "toml" and "Cannot overwrite" in msg:
        return "a key is given twice; keep one"
    return None


def _quote_key(key: str) -> str:
    """A dotted TOML key with every part that is not a bare key (å, ä, ö, spaces) in quotes."""
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"'
                    for p in (part.strip() for part in key.split(".")))


def _too_deep(path: str, most: int):
    raise SirulesError([error("SIR402", f"{path} is nested more than {most} levels deep", Span(path, 1, 1, 1, 1),
                              limits.hint("APPLICATION_DEPTH"))])


def _check_depth(obj, path: str) -> None:
    """Nesting depth and number of values; YAML aliases count once per use (a shared list is walked
    each time it is used, so "billion laughs" documents stop at the value limit, not after hours)."""
    most, values = limits.get("APPLICATION_DEPTH", MAX_DEPTH), limits.get("APPLICATION_VALUES", MAX_VALUES)
    seen = 0
    stack = [(obj, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > most:
            _too_deep(path, most)
        seen += 1
        if seen > values:
            raise SirulesError([error("SIR401", f"{path} holds more than {values} values (YAML aliases counted "
                                                f"each time they are used); the limit is {values}",
                                      Span(path, 1, 1, 1, 1), limits.hint("APPLICATION_VALUES"))])
        if isinstance(obj, dict):
            stack.extend((v, depth + 1) for v in obj.values())
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj)
