"""The guidelines a service serves: loaded once at start (through the compile cache), by id.

A guideline's id is its file stem (``ale`` for ``guidelines/ale.sir``). Ids are looked up in a
dictionary made at start, never joined to a path, so no request can name a file outside the
folders served. Two files with the same stem are refused at start (SIR630).
"""

from __future__ import annotations

import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later


class Served:
    """One guideline served: its id, path, compiled guideline and (made on first use) its skeleton."""

    def __init__(self, ident: str, path: str, compiled) -> None:
        self.id = ident
        self.path = path
        self.compiled = compiled
        self._skeleton = None
        self._text = None

    @property
    def model(self):
        return self.compiled.model

    @property
    def lang(self) -> str:
        return self.compiled.view.lang

    @property
    def title(self) -> str:
        return self.compiled.view.title

    @property
    def text(self) -> str:
        if self._text is None:
            from ..engine import pipeline
            self._text = pipeline.read_source(self.path).text
        return self._text

    @property
    def skeleton(self):
        """What an application gives (:func:`sirules.authoring.template.skeleton`), with optional parts."""
        if self._skeleton is None:
            from ..authoring import template
            from ..engine import pipeline
            nodes = pipeline.parse(pipeline.read_source(self.path))
            self._skeleton = template.skeleton(self.model, nodes)
        return self._skeleton


    @property
    def facts(self) -> tuple:
        """The facts the form asks for: the skeleton's, and the amount applied for (which the
        register reads) where no rule reads it."""
        facts = self.skeleton.facts
        if any(e.key == "amount" for e in facts):
            return facts
        from ..authoring.template import Entry
        from ..language.i18n import tr
        amount = Entry(key="amount", type="money", label=tr("The amount applied for", self.lang))
        return (*facts[:2], amount, *facts[2:])


class Catalogue:
    """The guidelines served, in the order of their ids."""

    def __init__(self, entries: dict[str, Served]) -> None:
        self.entries = dict(sorted(entries.items()))

    def get(self, ident: str) -> Served:
        found = self.entries.get(ident) if isinstance(ident, str) else None
        if found is None:
            from ..language.printable import printable
            shown = printable(str(ident))[:80]
            raise SirulesError([error("SIR631", f"no guideline {shown!r} is served here",
                                      hint="GET /api/v1/guidelines lists the ids served: "
                                           + ", ".join(self.entries)[:300])])
        return found

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)


def load(paths: list[str]) -> Catalogue:
    """Every guideline in ``paths`` (files or folders of .sir files), compiled once."""
    from ..engine import pipeline
    files = _files(paths or ["."])
    entries: dict[str, Served] = {}
    seen: dict[str, str] = {}
    for path in files:
        real = os.path.realpath(path)
        ident = os.path.splitext(os.path.basename(path))[0]
        if ident in seen:
            if seen[ident] == real:
                continue
            raise SirulesError([error("SIR630", later("two guidelines would be served as {id}: {first} and {second}",
                                                      id=repr(ident), first=entries[ident].path, second=path),
                                      hint=later("a guideline's id is its file stem; rename one of the files "
                                                 "or serve the folders separately"))])
        seen[ident] = real
        entries[ident] = Served(ident, path, pipeline.load(path))
    return Catalogue(entries)


def _files(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".sir"))
            if not found:
                raise SirulesError([error("SIR403", f"no guideline files (.sir) in {p}")])
            out.extend(found)
        elif os.path.exists(p):
            out.append(p)
        else:
            raise SirulesError([error("SIR403", f"{p}: no such file or folder",
                                      hint="give guideline files (.sir) or folders of them")])
    return out
