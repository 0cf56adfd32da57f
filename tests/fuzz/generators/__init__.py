"""Generators of hostile inputs, one module each, found by name.

Every module in this folder whose name does not start with ``_`` is used: adding a generator is
adding a module (nothing to register). A module defines any of these functions; each target of
the campaign draws about one input in six from them:

``application(rnd, fmt) -> (bytes, note)``
    an application file in ``fmt`` (``toml``, ``json`` or ``yaml``): application and cli targets
``guideline(rnd) -> (bytes, note)``
    a guideline file: guideline and cli targets
``batch(rnd) -> (bytes, suffix, note)``
    a ``--batch`` file (``suffix`` ``.jsonl`` or ``.csv``): the cli target

A function may return None to pass its turn. Inputs must stay under the limits the campaign
expects to be quick (a case slower than ``--timeout`` is a hang).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import random

_MODULES: list | None = None


def modules() -> list:
    global _MODULES
    if _MODULES is None:
        here = os.path.dirname(os.path.abspath(__file__))
        _MODULES = [importlib.import_module(f"{__name__}.{m.name}")
                    for m in sorted(pkgutil.iter_modules([here]), key=lambda m: m.name) if not m.name.startswith("_")]
    return _MODULES


def draw(kind: str, rnd: random.Random, *args):
    """The result of ``kind`` from a module that has it (chosen by ``rnd``), or None."""
    found = [getattr(m, kind) for m in modules() if callable(getattr(m, kind, None))]
    if not found:
        return None
    fn = rnd.choice(found)
    got = fn(rnd, *args)
    if got is None:
        return None
    return got[:-1] + (f"{fn.__module__.rsplit('.', 1)[1]}: {got[-1]}",)
