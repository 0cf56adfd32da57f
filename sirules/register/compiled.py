"""The guideline versions kept in a register, compiled through sirules' compile cache: a command
that checks or reads an application with a version compiles it once on the machine, then loads it
as ``sirules check`` loads a guideline file (the cache is keyed by the text's hash)."""

from __future__ import annotations


def guideline(text: str, name: str):
    """The :class:`~sirules.engine.checker.CompiledGuideline` of a version's ``text``."""
    from ..engine import pipeline
    from ..engine.checker import CompiledGuideline
    text = text.replace("\r\n", "\n")
    path = pipeline._cache_path(pipeline._hash(text))
    hit = pipeline._read_cache(path) if path else None
    model = pipeline._unpickle(hit[0]) if hit else None
    if model is not None:
        return CompiledGuideline(model, code=hit[1])
    model, code = pipeline.compile_source(pipeline.SourceFile(name, text), f"<sirules {name}>")
    if path:
        pipeline._write_cache(path, model, code)
    return CompiledGuideline(model, code=code)
