"""The passes in order, and the compiled-guideline cache.

``load(path)`` reads a guideline and returns a :class:`~sirules.engine.checker.CompiledGuideline`:
syntax -> nodes -> model -> generated check function. The model and the
compiled code are cached by content hash and sirules version, so a warm start
imports neither lark nor the analyser.
"""

from __future__ import annotations

from sirules.language.i18n import later

import functools
import marshal
import os
import sys

from ..language import cache
from ..language.cache import blake2b as _sha
from ..language.diagnostics import SirulesError, error
from ..language.source import SourceFile, Span

VERSION = "0.1.0"
_CACHE_FORMAT = 7
#: ``syntax.MAX_GUIDELINE_BYTES`` (a test holds them equal): a warm start does not import syntax
GUIDELINE_LIMIT = 2_000_000


def read_source(path: str) -> SourceFile:
    return decode_source(read_guideline_bytes(path), path)


def read_guideline_bytes(path: str) -> bytes:
    """The bytes of a guideline file, read once and no more of them than the size limit allows.

    The limit counts characters, and a character is at most four bytes: more than four times the
    limit cannot be a guideline under it (the exact count is made on the text)."""
    from ..language import limits
    from ..language.fileio import read_input
    most = limits.get("GUIDELINE_BYTES", GUIDELINE_LIMIT)

    def too_large(size: str) -> SirulesError:
        return SirulesError([error("SIR401", later("guideline is {size}; the limit is {most} characters", size=size, most=most),
                                   Span(path, 1, 1, 1, 1),
                                   later("split the guideline or {how}", how=limits.hint("GUIDELINE_BYTES")))])
    return read_input(path, 4 * most, later("a guideline file"), too_large)


def decode_source(data: bytes, path: str) -> SourceFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SirulesError([error("SIR004", later("byte {byte} is not UTF-8", byte=exc.start), Span(path, line, 1, line, 2),
                                  later("save the guideline as UTF-8 text"))]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    from ..language.source import keep
    keep(path, text)                  # diagnostics show its lines without reading the file again
    return SourceFile(path, text)


def parse(source: SourceFile):
    """Text -> nodes (pass 1 and 2)."""
    from ..language import build, syntax
    from ..language.i18n import seen
    lang = syntax.detect_language(source.text)
    seen(lang)                          # its errors are shown in its language (it is not loaded yet)
    try:
        return build.from_source(source, lang)
    except RecursionError:
        raise _too_deep(source) from None


def _too_deep(source: SourceFile) -> SirulesError:
    """A chain of hundreds of och/eller, inte or + (no parentheses needed) outgrows Python's stack."""
    return SirulesError([error("SIR402", later("an expression is nested too deeply to handle"), source.point(1, 1),
                               later("split the rule into several rules: long chains of och/eller, inte or "
                                     "arithmetic nest like parentheses"))])


def analyse(source: SourceFile):
    """Text -> model (passes 1-3)."""
    from ..language import analyse as _analyse
    return _analyse.from_nodes(parse(source), source)


def compile_source(source: SourceFile, name: str | None = None):
    """Text -> (model, generated Python source), or (model, code object) with a ``name`` for it.

    The garbage collector is paused meanwhile: the passes build many objects and no cycles, and
    collector passes over a growing heap would make a long guideline cost more than linear time.
    """
    import gc
    from . import codegen
    enabled = gc.isenabled()
    gc.disable()
    try:
        g = analyse(source)
        import attrs
        import hashlib                 # compiling only: a warm start reads the digest from the cache
        g = attrs.evolve(g, source_hash=_hash(source.text),
                         text_hash=hashlib.sha256(source.text.encode("utf-8")).hexdigest())
        src = codegen.source(g)
        return g, (src if name is None else compile(src, name, "exec"))
    except RecursionError:
        raise _too_deep(source) from None
    finally:
        if enabled:
            gc.enable()


def load(path: str, use_cache: bool = True, light: bool = False):
    """Load a guideline file, from the cache when it is fresh.

    A cache hit imports neither lark nor the compiler. With ``light`` it does not import attrs
    either: checking and rendering then read the light copy of the model
    (:mod:`sirules.language.modelview`), and the attrs model is unpickled only if something asks for
    :attr:`~sirules.engine.checker.CompiledGuideline.model` (``sirules check`` uses this).
    """
    from .checker import CompiledGuideline
    source = read_source(path)
    key = _hash(source.text)
    cache_file = _cache_path(key) if use_cache else None
    if cache_file:
        hit = _read_cache(cache_file)
        if hit is not None:
            pickled, code = hit
            if light:
                from ..language import modelview
                try:
                    view = modelview.loads(pickled)
                except Exception:          # damaged: rebuild below
                    view = None
                if view is not None:
                    view.path = path          # the same text may be read from another place
                    return CompiledGuideline(code=code, view=view, pickled=pickled)
            else:
                g = _unpickle(pickled)
                if g is not None:
                    if g.path != path:
                        import attrs
                        g = attrs.evolve(g, path=path)
                    return CompiledGuideline(g, code=code)
    g, code = compile_source(source, f"<sirules {os.path.basename(path)}>")
    if cache_file:
        _write_cache(cache_file, g, code)
    return CompiledGuideline(g, code=code)


def load_text(text: str, path: str = "<text>"):
    from .checker import CompiledGuideline
    g, code = compile_source(SourceFile(path, text.replace("\r\n", "\n")), f"<sirules {path}>")
    return CompiledGuideline(g, code=code)


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Size and modification time of every module and the grammar: a changed sirules rebuilds the cache."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))      # the sirules package
    base = len(os.path.dirname(root))      # paths are named from the folder above (os.path.relpath
    parts = []                             # would cost a millisecond or more on every start)
    folders = [root, os.path.join(os.path.dirname(root), "grammar")]
    while folders:
        folder = folders.pop(0)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.name.endswith((".py", ".lark")):
                st = e.stat()
                parts.append(f"{e.path[base:]}:{st.st_size}:{st.st_mtime_ns}")
            elif e.is_dir() and not e.name.startswith((".", "__")):
                folders.append(e.path)
    return _sha("\n".join(parts).encode()).hexdigest()


def _hash(text: str) -> str:
    h = _sha()
    h.update(f"{VERSION}/{_CACHE_FORMAT}/{sys.version_info[:2]}/{_code_fingerprint()}\n".encode())
    h.update(text.encode("utf-8"))
    return h.hexdigest()


def _cache_path(key: str) -> str | None:
    return cache.entry(key[:40] + ".sirc")


def _read_cache(path: str):
    """(pickled model, code) from a cache entry, or None when it is missing or damaged."""
    data = cache.read_bytes(path)          # None: missing, or not safe to use (cache.py says why)
    if data is None:
        return None
    try:
        fmt, pickled, code = marshal.loads(data)
        if fmt != _CACHE_FORMAT or not isinstance(pickled, bytes) or not hasattr(code, "co_code"):
            return None
        return pickled, code
    except Exception:          # missing, truncated or corrupt: rebuild silently
        return None


def _unpickle(pickled: bytes):
    import pickle
    try:
        return pickle.loads(pickled)
    except Exception:          # damaged: rebuild
        return None


def _write_cache(path: str, g, code) -> None:
    import pickle
    pickled = pickle.dumps(g, protocol=pickle.HIGHEST_PROTOCOL)
    cache.write_bytes(path, marshal.dumps((_CACHE_FORMAT, pickled, code)))
