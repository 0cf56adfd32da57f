"""Reading an application file: TOML, JSON or YAML by the file's extension, within the limits on
size, nesting and YAML aliases, and the parsers' errors as diagnostics with a line and a hint."""

from __future__ import annotations


import json
import re

from ...language import limits
from ...language.diagnostics import Diagnostic, SirulesError, error
from ...language.i18n import later
from ...language.source import Span
from .form import MAX_APPLICATION_BYTES, MAX_DEPTH, MAX_VALUES, MAX_YAML_ALIASES


def read_file(path: str, types=None, lang: str | None = None) -> tuple[dict, str]:
    """Read and parse an application file by its extension (read once, at most the size limit + 1 bytes).

    An Excel workbook (a zip file, or a file named .xlsx) is read by :mod:`.workbook`; ``types``
    (fact key -> type) and ``lang`` (of its messages) are for it."""
    from ...language.fileio import read_input
    from ...language.source import keep
    most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)

    def too_large(size: str) -> SirulesError:
        return SirulesError([error("SIR401", later("application is {size}; the limit is {most}", size=size, most=most),
                                   Span(path, 1, 1, 1, 1),
                                   later("split the file or {how}", how=limits.hint("APPLICATION_BYTES")))])
    data = read_input(path, most, later("an application file"), too_large)
    if data[:4] == b"PK\x03\x04" or path.lower().endswith((".xlsx", ".xlsm")):
        from .workbook import read_workbook
        keep(path, "")                # no lines to show: diagnostics name the sheet, row and column
        raw = read_workbook(data, path, types, lang)
        _check_depth(raw, path)
        return raw, ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SirulesError([error("SIR301", later("{path} is not UTF-8 text (byte {byte})", path=path, byte=exc.start),
                                  Span(path, 1, 1, 1, 1), later("save the file as UTF-8"))]) from None
    keep(path, text)                  # diagnostics show its lines without reading the file again
    return parse_text(text, path), text


def parse_text(text: str, path: str, fmt: str | None = None) -> dict:
    fmt = fmt or _format_of(path)
    most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)
    if len(text) > most:
        raise SirulesError([error("SIR401", later("application is {n} characters; the limit is {most}", n=len(text),
                                                  most=most),
                                  Span(path, 1, 1, 1, 1),
                                  later("split the file or {how}", how=limits.hint("APPLICATION_BYTES")))])
    try:
        if fmt == "toml":
            import tomllib
            _check_toml_keys(text, path)
            raw = tomllib.loads(text)
        elif fmt == "json":
            raw = json.loads(text, parse_constant=_bad_constant, object_pairs_hook=unique_pairs)
        else:
            raw = _load_yaml(text, path)
    except RecursionError:
        raise SirulesError([error("SIR402", later("{path} is nested too deeply", path=path), Span(path, 1, 1, 1, 1))]) from None
    except SirulesError:
        raise
    except DuplicateKey as dup:
        raise SirulesError([_duplicate(dup, path, text)]) from None
    except Exception as exc:   # the parsers' own error types; translated here only
        raise SirulesError([_syntax_error(exc, path, fmt, text)]) from None
    if not isinstance(raw, dict):
        raise SirulesError([error("SIR301", later("{path} must hold a table of keys and values at the top", path=path),
                                  Span(path, 1, 1, 1, 1))])
    # a lone surrogate comes from the text itself (given as a str) or from an escape such as \ud800
    if not text.isascii():
        check_text(text, path)
    escaped = fmt != "toml" and "\\" in text and re.search(_SURROGATE_ESCAPE, text) is not None
    _check_depth(raw, path, texts=escaped)
    return raw


# patterns as text: the re module compiles (and keeps) each one when it is first used, so a check
# of a TOML file does not pay at start for the YAML pattern, nor the other way round
_SURROGATE_ESCAPE = r"\\(?:u|U0000)[dD][89a-fA-F]"


class DuplicateKey(Exception):
    """A key given twice in one table (JSON and YAML would keep the second silently)."""

    def __init__(self, key, line: int | None = None, col: int = 1):
        self.key, self.line, self.col = key, line, col


def unique_pairs(pairs: list) -> dict:
    """``object_pairs_hook`` for JSON: a dict, or DuplicateKey for a key given twice."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return out


def _duplicate(dup: DuplicateKey, path: str, text: str) -> Diagnostic:
    line, col = dup.line, dup.col
    if line is None:                 # JSON: the second place the key is written as a key
        found = [m for m in re.finditer(re.escape(json.dumps(dup.key, ensure_ascii=False)) + r"\s*:", text)]
        found = found or [m for m in re.finditer(re.escape(json.dumps(dup.key)) + r"\s*:", text)]
        line, col = 1, 1
        if len(found) >= 2:
            start = found[1].start()
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
    key = str(dup.key)[:80]
    return error("SIR301", later('{path}: the key "{key}" is given twice in one table', path=path, key=key),
                 Span(path, line, col, line, col + 1),
                 later("a key is given twice; keep one (the file would otherwise mean the last one silently)"))


def _bad_constant(name: str):
    raise ValueError(later("{name} is not a number sirules accepts", name=name))


def _format_of(path: str) -> str:
    low = path.lower()
    if low.endswith(".json") or low.endswith(".jsonl"):
        return "json"
    if low.endswith((".yaml", ".yml")):
        return "yaml"
    return "toml"


_YAML_QUOTED_OR_COMMENT = r'(?m)"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|(?:^|(?<=\s))#[^\n]*'


_TOML_KEY = r'(?m)^[ \t]*\[*([^=\n"\'#\]]*(?:(?:"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')[^=\n"\'#\]]*)*)(?=[=\]])'


def _check_toml_keys(text: str, path: str) -> None:
    """Python's TOML parser is quadratic in the parts of a dotted key (``a.a.a…`` of 80 KB took 22 s
    and gigabytes): a key of more parts than the nesting limit allows is refused before it starts."""
    if text.count(".") <= MAX_DEPTH:
        return
    deepest = limits.get("APPLICATION_DEPTH", MAX_DEPTH)
    for m in re.finditer(_TOML_KEY, text):
        key = m.group(1)
        if key.count(".") >= deepest and re.sub(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'', "", key).count(".") >= deepest:
            line = text.count("\n", 0, m.start()) + 1
            raise SirulesError([error("SIR402", later("{path}: a key of more than {most} dotted parts is nested more "
                                                      "than {most} levels deep", path=path, most=deepest),
                                      Span(path, line, 1, line, 2),
                                      limits.hint("APPLICATION_DEPTH"))])


def _load_yaml(text: str, path: str):
    import yaml

    big = limits.get("YAML_BYTES", limits.YAML_BYTES)
    if len(text) > big:
        _yaml_too_big(path, later("{path} is {n} characters; the limit on a YAML application is {most}", path=path,
                                  n=len(text), most=big), "YAML_BYTES")
    most = limits.get("YAML_ALIASES", MAX_YAML_ALIASES)
    if len(re.findall(r"(?m)(?:^|[\s\[{,])\*[\w-]+", text)) > most:
        raise SirulesError([error("SIR401", later("{path} uses more than {most} YAML aliases", path=path, most=most),
                                  Span(path, 1, 1, 1, 1),
                                  later("write the values out instead of using anchors and aliases, or {how}",
                                        how=limits.hint("YAML_ALIASES")))])
    # PyYAML's scanner is quadratic in the depth of [ and { nesting: refuse a deep one before it starts
    deepest = limits.get("APPLICATION_DEPTH", MAX_DEPTH)
    depth = 0
    for ch in re.sub(r"[^\[\]{}]+", "", re.sub(_YAML_QUOTED_OR_COMMENT, "", text)):
        depth = depth + 1 if ch in "[{" else max(0, depth - 1)
        if depth > 4 * deepest:
            _too_deep(path, deepest)
    # PyYAML builds each value in Python (15-20 µs each, with libyaml's parser): bound their number,
    # counted from the separators, before it starts
    nodes = limits.get("YAML_NODES", limits.YAML_NODES)
    if text.count("\n") + text.count(",") + text.count("[") + text.count("{") > nodes:
        _yaml_too_big(path, later("{path} has more than {most} lines and list items; the limit on a YAML application "
                                  "is {most}", path=path, most=nodes), "YAML_NODES")
    return yaml.load(text, Loader=_unique_loader())


_LOADER = None


def _unique_loader():
    """PyYAML's safe loader, refusing a key given twice in one mapping (merge keys ``<<`` may still be
    overridden), and keeping a key that reads as a whole number as written: ``0x7dd`` or ``02013`` is
    not the year 2013."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):     # libyaml's parser when installed
            def construct_mapping(self, node, deep=False):
                if not isinstance(node, yaml.MappingNode):
                    return super().construct_mapping(node, deep)
                explicit = sum(k.tag != "tag:yaml.org,2002:merge" for k, _ in node.value)
                self.flatten_mapping(node)
                merged = len(node.value) - explicit
                out: dict = {}
                written: set = set()           # the keys written in this mapping (not merged into it)
                for i, (key_node, value_node) in enumerate(node.value):
                    if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:int":
                        key = key_node.value
                    else:
                        key = self.construct_object(key_node, deep=deep)
                    try:
                        hash(key)
                    except TypeError:
                        raise yaml.constructor.ConstructorError("while constructing a mapping", node.start_mark,
                                                                "found an unhashable key", key_node.start_mark)
                    if i >= merged:
                        if key in written:
                            raise DuplicateKey(key, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                        written.add(key)
                    out[key] = self.construct_object(value_node, deep=deep)
                return out

        _LOADER = Loader
    return _LOADER


def _yaml_too_big(path: str, message: str, limit: str):
    raise SirulesError([error("SIR401", message, Span(path, 1, 1, 1, 1),
                              later("write the application as TOML or JSON, which are read much faster, or {how}",
                                    how=limits.hint(limit)))])


def _syntax_error(exc, path: str, fmt: str, text: str = "") -> Diagnostic:
    from .parse_messages import said
    line, col, msg = 1, 1, str(exc)
    if fmt == "json" and hasattr(exc, "lineno"):
        line, col, msg = exc.lineno, exc.colno, said(exc.msg)
    elif fmt == "toml":
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            msg = said(msg[:m.start()].strip())
        m = re.search(r"\(at end of document\)", msg)
        if m:
            msg = later("{message} at the end of the file", message=said(msg[:m.start()].strip()))
    elif fmt == "yaml":
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line, col = mark.line + 1, mark.column + 1
        msg = said(getattr(exc, "problem", None) or msg)
    name = {"toml": "TOML", "json": "JSON", "yaml": "YAML"}[fmt]
    lines = text.splitlines() if text else []
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    return error("SIR301", later("{path} is not valid {format}: {message}", path=path, format=name, message=msg),
                 Span(path, line, col, line, col + 1),
                 _format_hint(fmt, msg, line_text))


def _format_hint(fmt: str, msg: str, line_text: str = "") -> str | None:
    key = line_text.split("=")[0].strip()
    if fmt == "toml" and "Expected '=' after a key" in msg and any(ord(c) > 127 for c in key):
        return later("a key with å, ä or ö needs quotes in TOML: {key} = …", key=_quote_key(key))
    header = re.fullmatch(r"\s*(\[\[?)([^\[\]\"']*)(\]?\]?)\s*(?:#.*)?", line_text)
    if fmt == "toml" and header and any(ord(c) > 127 for c in header.group(2)):
        opening = header.group(1)
        closing = "]" * len(opening)
        return later("a table name with å, ä or ö needs quotes in TOML: {name}",
                     name=f"{opening}{_quote_key(header.group(2))}{closing}")

    if fmt == "toml" and "Invalid value" in msg:
        return later('text values need quotes, e.g. title = "Tidiga insatser"')
    if fmt == "toml" and "Illegal character '\\n'" in msg:
        return later('a text is missing its closing quote (")')
    if fmt == "toml" and "Cannot overwrite" in msg:
        return later("a key is given twice; keep one")
    return None


def _quote_key(key: str) -> str:
    """A dotted TOML key with every part that is not a bare key (å, ä, ö, spaces) in quotes."""
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"'
                    for p in (part.strip() for part in key.split(".")))


def _too_deep(path: str, most: int):
    raise SirulesError([error("SIR402", later("{path} is nested more than {most} levels deep", path=path, most=most),
                              Span(path, 1, 1, 1, 1), limits.hint("APPLICATION_DEPTH"))])


def _check_depth(obj, path: str, texts: bool = True) -> None:
    """Nesting depth and number of values; YAML aliases count once per use (a shared list is walked
    each time it is used, so "billion laughs" documents stop at the value limit, not after hours).
    With ``texts``, every text and key is also checked to be Unicode characters (JSON's and YAML's
    ``\\ud800`` escapes give a lone surrogate, which no output can write)."""
    most, values = limits.get("APPLICATION_DEPTH", MAX_DEPTH), limits.get("APPLICATION_VALUES", MAX_VALUES)
    seen = 0
    stack = [(obj, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > most:
            _too_deep(path, most)
        seen += 1
        if seen > values:
            raise SirulesError([error("SIR401", later("{path} holds more than {most} values (YAML aliases counted "
                                                      "each time they are used); the limit is {most}", path=path,
                                                      most=values),
                                      Span(path, 1, 1, 1, 1), limits.hint("APPLICATION_VALUES"))])
        if isinstance(obj, dict):
            stack.extend((v, depth + 1) for v in obj.values())
            if texts:
                stack.extend((k, depth + 1) for k in obj if type(k) is str)
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj)
        elif texts and type(obj) is str and not obj.isascii():
            check_text(obj, path)


check_size = _check_depth


def check_text(text: str, path: str) -> None:
    """A text that holds a lone surrogate (not a character: from a ``\\ud800`` escape or a byte that is
    not UTF-8) is an error."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise SirulesError([error("SIR301", later("{path} holds {escape}, which is not a character (a lone surrogate, or "
                                                  "a byte that is not UTF-8)", path=path, escape=f"\\u{ord(bad):04x}"),
                                  Span(path, 1, 1, 1, 1),
                                  later("write the character itself in UTF-8; an escape needs both halves of a "
                                        "surrogate pair"))]) from None
