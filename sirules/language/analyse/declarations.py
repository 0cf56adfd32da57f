"""The first pass: the guideline's own names (participant kinds, project types, parts, facts,
groups and constants), each defined once, and the value of every constant."""

from __future__ import annotations

from ..i18n import later
from .. import model as m
from .. import nodes as n
from .. import vocabulary as voc
from ..diagnostics import error
from .state import _Problem
from .words import kinds_hint, suggest


class Declarations:
    """Mixed into the analyser: reads the declarations before anything that uses them."""

    def _define(self, name: str, node) -> bool:
        if name in self.defined:
            first = self.defined[name]
            self.diags.append(error("SIR102", later('"{name}" is defined twice', name=name), node.span,
                                    later("give each definition its own name"),
                                    ((later("first defined here"), first),) if first else ()))
            return False
        self.defined[name] = node.span
        return True

    def _declarations(self) -> None:
        items = self.g.items
        self._declare_names(items)
        self._declare_groups(items)
        self._declare_constants(items)

    def _declare_names(self, items) -> None:
        for item in items:
            if isinstance(item, n.KindDecl) and self._define(item.name, item):
                self.kinds[item.name] = item.label or item.name
                self.kind_names[item.name] = item.name
            elif isinstance(item, n.TypeDecl) and self._define(item.name, item):
                self.project_types[item.name] = item.label or item.name
            elif isinstance(item, n.PartDecl):
                key = self.part_names.get(item.name, item.name)
                self.parts[key] = item.label or self.parts.get(key, item.name)
                self.part_names[item.name] = key
            elif isinstance(item, n.FactDecl) and self._define(item.name, item):
                self._declare_fact(item)
            elif isinstance(item, n.FieldDecl) and self._define(item.name, item):
                self._declare_field(item)
            elif isinstance(item, n.ReferenceDecl) and self._define(item.name, item):
                self._declare_reference(item)

    def _declare_fact(self, item: n.FactDecl) -> None:
        ftype = voc.FACT_TYPES.get(item.type)
        std = voc.FACT_INDEX.get(item.name)
        if std is not None and ftype == std.type and (item.attested_by or item.per):
            # a standard fact that someone attests: the same fact (same key in applications), annotated
            self.facts[std.key] = m.FactInfo(key=std.key, type=std.type, label=item.question or std.label(self.lang),
                                             choices=std.choices, attested_by=item.attested_by, per=item.per)
            return
        if ftype is None:
            self.diags.append(error("SIR201", later('unknown type "{type}" for fact "{name}"', type=item.type, name=item.name),
                                    item.span, suggest(item.type, voc.FACT_TYPES) or
                                    later("use one of: {names}", names=", ".join(sorted(voc.FACT_TYPES)))))
            return
        self.facts[item.name] = m.FactInfo(key=item.name, type=ftype, label=item.question or item.name,
                                           choices=item.choices, declared=True,
                                           attested_by=item.attested_by, per=item.per)
        self.fact_names[item.name] = voc.Term(item.name, item.name, ftype, item.name, item.name,
                                              item.choices)

    def _declare_field(self, item: n.FieldDecl) -> None:
        """A participant field of the guideline's own, typed as a fact."""
        if item.name in voc.FIELD_INDEX:
            self.diags.append(error("SIR120", later('"{name}" is already a field of every participant', name=item.name),
                                    item.span, later("give the declared field another name, or use the standard one")))
            return
        ftype = voc.FACT_TYPES.get(item.type)
        if ftype is None:
            self.diags.append(error("SIR201", later('unknown type "{type}" for participant field "{name}"', type=item.type,
                                                          name=item.name),
                                    item.span, suggest(item.type, voc.FACT_TYPES) or
                                    later("use one of: {names}", names=", ".join(sorted(voc.FACT_TYPES)))))
            return
        self.fields[item.name] = m.FactInfo(key=item.name, type=ftype, label=item.question or item.name,
                                            choices=item.choices, declared=True)
        self.field_names[item.name] = voc.Term(item.name, item.name, ftype, item.name, item.name, item.choices)

    def _declare_reference(self, item: n.ReferenceDecl) -> None:
        """A yearly table of reference values: each year's value, all of one type."""
        if item.name in voc.FACT_INDEX or item.name in self.fact_names:
            self.diags.append(error("SIR120", later('"{name}" is already a fact of the application', name=item.name),
                                    item.span, later("give the reference value another name")))
            return
        years: dict[int, object] = {}
        rtype = None
        for year_q, value in item.years:
            year = year_q.value
            if year != int(year) or not 1900 <= year <= 2200:
                self.diags.append(error("SIR005", later("{text} is not a year (1900–2200)", text=year_q.text), year_q.span))
                continue
            try:
                e = self._expr(value, None)
            except _Problem as p:
                self.diags.append(p.diag)
                continue
            if int(year) in years:
                self.diags.append(error("SIR121", later('reference value "{name}" gives {year} twice', name=item.name,
                                                              year=int(year)),
                                        year_q.span, later("give each year once")))
                continue
            if rtype is not None and e.type != rtype:
                self.diags.append(error("SIR210", later('"{name}": {text} is not of the same type as the other years',
                                                        name=item.name, text=e.text),
                                        value.span, later("write every year with the same unit")))
                continue
            rtype = e.type
            years[int(year)] = e.value
        self.references[item.name] = m.ReferenceInfo(key=item.name, type=rtype or "number",
                                                     label=item.label or item.name,
                                                     years=tuple(sorted(years.items())))

    def _declare_groups(self, items) -> None:
        for item in items:
            if isinstance(item, n.Group) and self._define(item.name, item):
                members = []
                for name in item.members:
                    if name in self.groups:
                        members.extend(self.groups[name])
                    elif name in self.kind_names:
                        members.append(self.kind_names[name])
                    else:
                        self.diags.append(error("SIR103", later('unknown participant kind "{name}" in group "{group}"',
                                                                      name=name, group=item.name),
                                                item.span, suggest(name, self.kind_names) or kinds_hint(self.lang)))
                self.groups[item.name] = frozenset(members)

    def _declare_constants(self, items) -> None:
        for item in items:
            if isinstance(item, n.Constant) and self._define(item.name, item) and item.name not in self.constants:
                try:
                    self._resolving = {item.name}
                    self.constants[item.name] = self._const(item.value, set())
                except _Problem as p:
                    self.diags.append(p.diag)

    def _const(self, node, seen: set) -> tuple[str, object]:
        if isinstance(node, n.Name) and node.id in self.constants:
            return self.constants[node.id]
        if isinstance(node, n.Name):
            for item in self.g.items:
                if isinstance(item, n.Constant) and item.name == node.id:
                    self._resolving.add(node.id)
                    try:
                        value = self._const(item.value, seen)
                    finally:
                        self._resolving.discard(node.id)
                    self.constants[node.id] = value
                    return value
        e = self._expr(node, scope=None)
        if not isinstance(e, m.Const):
            raise self._err("SIR201", later("a constant must be a fixed value, not a fact of the application"), node)
        return e.type, e.value
