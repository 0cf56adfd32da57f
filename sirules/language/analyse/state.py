"""What the analyser knows while it works: the tables of names it resolves against (kinds, groups,
facts, parts, constants, project types), the diagnostics so far, and how a node becomes an error,
an origin or the text it was written as."""

from __future__ import annotations

from .. import model as m
from .. import nodes as n
from .. import vocabulary as voc
from ..diagnostics import Diagnostic, error
from ..source import SourceFile, Span


class _Problem(Exception):
    def __init__(self, diag: Diagnostic):
        self.diag = diag


class State:
    """The analyser's tables and its ways of pointing at the source; the passes are mixed in."""

    def __init__(self, g: n.Guideline, source: SourceFile):
        self.g = g
        self.source = source
        self.lang = g.lang
        self.diags: list[Diagnostic] = []
        self.section: m.Section | None = None
        self.constants: dict[str, tuple[str, object]] = {}
        self.groups: dict[str, frozenset] = {}
        self.kinds = {k: t.label(self.lang) for k, t in voc.KINDS.items()}
        self.kind_names = {name: t.key for name, t in voc.KIND_INDEX.items()}
        self.facts = {}
        self.fact_names = dict(voc.FACT_INDEX)
        self.parts = {k: t.label(self.lang) for k, t in voc.PARTS.items()}
        self.part_names = {name: t.key for name, t in voc.PART_INDEX.items()}
        self.project_types: dict[str, str] = {}
        self.defined: dict[str, Span | None] = {}
        self.used_facts: set[str] = set()
        self.fields: dict = {}                          # declared participant field key -> FactInfo
        self.field_names = dict(voc.FIELD_INDEX)        # every participant field name -> Term
        self.references: dict = {}                      # reference value name -> ReferenceInfo
        self._resolving: set[str] = set()

    def _fact_info(self, key: str) -> m.FactInfo:
        if key in self.facts:
            return self.facts[key]
        t = voc.FACTS[key]
        choices = t.choices
        if key == "project_type":
            choices = tuple(self.project_types)
        return m.FactInfo(key=key, type=t.type, label=t.label(self.lang), choices=choices)

    def _err(self, code: str, message: str, node, hint: str | None = None, related=()) -> _Problem:
        span = node.span if node is not None and not isinstance(node, Span) else node
        return _Problem(error(code, message, span, hint, related))

    def _origin(self, node) -> m.Origin:
        sp = node.span
        sec = self.section
        return m.Origin(sp.line if sp else 0, sp.column if sp else 0,
                        sec.number if sec else None, sec.heading if sec else None)

    def _text(self, node) -> str:
        """The node as written; parentheses that the parse tree leaves out are put back."""
        sp = node.span
        if sp is None:
            return ""
        if sp.line == sp.end_line:
            text = self.source.columns(sp.line, sp.column, sp.end_column)
            if "(" not in text and ")" not in text:
                return text
            first = last = self.source.line_text(sp.line)
        else:
            first = self.source.line_text(sp.line)
            lines = [self.source.line_text(i) for i in range(sp.line, sp.end_line + 1)]
            last = lines[-1]
            lines[-1] = last[:sp.end_column - 1]
            lines[0] = first[sp.column - 1:]
            text = " ".join(" ".join(lines).split())
        if "(" not in text and ")" not in text:
            return text
        after = last[sp.end_column - 1:]
        before = first[:sp.column - 1]
        while text.count("(") > text.count(")") and after.lstrip().startswith(")"):
            after = after.lstrip()[1:]
            text += ")"
        while text.count(")") > text.count("(") and before.rstrip().endswith("("):
            before = before.rstrip()[:-1]
            text = "(" + text
        return text
