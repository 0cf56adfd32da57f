"""sirules: guidelines of social investment funds as checkable programs.

>>> import sirules
>>> g = sirules.load("guidelines/ale.sir")            # doctest: +SKIP
>>> g.check("examples/ale/accepted-two-sectors.toml").verdict   # doctest: +SKIP
'accepted'
"""

from __future__ import annotations

from .language.diagnostics import Diagnostic as Diagnostic
from .language.diagnostics import SirulesError as SirulesError
from .engine.pipeline import VERSION as __version__
from .engine.pipeline import load as load
from .engine.pipeline import load_text as load_text


def check_many(guideline, applications, on=None):
    """Stream results for many applications (see CompiledGuideline.check_many)."""
    return guideline.check_many(applications, on)


def __getattr__(name: str):
    """``sirules.CompiledGuideline``, imported when first asked for (a cold start does not pay for it)."""
    if name == "CompiledGuideline":
        from .engine.checker import CompiledGuideline
        return CompiledGuideline
    raise AttributeError(f"module 'sirules' has no attribute {name!r}")


__all__ = ["load", "load_text", "check_many", "CompiledGuideline", "Diagnostic", "SirulesError", "__version__"]
