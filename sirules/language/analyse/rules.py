"""The rules: each rule's condition, strength, weight and validity, the rules that the parts of an
application add, and the check that no rule id is used twice."""

from __future__ import annotations

from ..i18n import later
from .. import model as m
from .. import nodes as n
from ..diagnostics import error
from ..source import Span
from .words import TYPE_WORDS, bool_hint, suggest


class Rules:
    """Mixed into the analyser: rules and parts."""

    def _rule(self, r: n.Rule) -> m.Rule:
        strength = r.strength.lower()
        self.rule_facts: set[str] = set()
        expr = self._expr(r.expr, scope=None)
        if expr.type != "bool":
            raise self._err("SIR204", later('rule "{name}" must be a yes/no condition, but this is {type}', name=r.name,
                                  type=TYPE_WORDS.get(expr.type, expr.type)),
                            r.expr, bool_hint(r.expr, self.lang))
        weight = 0
        if r.weight is not None:
            if strength != "priority":
                raise self._err("SIR209", later("only a priority rule can have a weight"), r.weight)
            if r.weight.value != int(r.weight.value) or r.weight.value <= 0:
                raise self._err("SIR201", later("a weight must be a whole number above 0"), r.weight)
            weight = int(r.weight.value)
        elif strength == "priority":
            weight = 1
        vf, vt = self._validity(r.validity)
        status = r.validity.status if r.validity is not None else None     # paused | closed: not applied
        return m.Rule(id=r.name, strength=strength, label=r.label, expr=expr, origin=self._origin(r),
                      weight=weight, valid_from=vf, valid_to=vt, facts=tuple(sorted(self.rule_facts)),
                      status=status)

    def _parts(self, p: n.Parts) -> list[m.Rule]:
        out = []
        for line in p.lines:
            keys = []
            for name in line.names:
                key = self.part_names.get(name)
                if key is None:
                    raise self._err("SIR104", later('unknown application part "{name}"', name=name), line,
                                    suggest(name, self.part_names) or
                                    later('declare it first, e.g. part logic_model "Logic model"'))
                keys.append(key)
            if line.mode == "optional":
                continue
            self.rule_facts = set()
            cond = self._condition(line.condition) if line.condition is not None else None
            for key in keys:
                out.append(m.Rule(id=f"part:{key}", strength="part" if line.mode == "required" else "supplied",
                                  label=line.supplier if line.mode == "supplied" else self.parts[key],
                                  expr=cond, origin=self._origin(line), part=key,
                                  facts=tuple(sorted(self.rule_facts))))
        return out

    def _check_ids(self, rules, g) -> None:
        seen: dict[str, m.Rule] = {}
        for r in rules:
            if r.id in seen and not (r.valid_from or r.valid_to or seen[r.id].valid_from or seen[r.id].valid_to):
                self.diags.append(error("SIR102", later('rule "{name}" is defined twice', name=r.id),
                                        Span(self.source.path, r.origin.line, r.origin.column, r.origin.line, r.origin.column + 1),
                                        later("give each rule its own name"),
                                        ((later("first defined here"), Span(self.source.path, seen[r.id].origin.line,
                                                                     seen[r.id].origin.column, seen[r.id].origin.line,
                                                                     seen[r.id].origin.column + 1)),)))
            seen.setdefault(r.id, r)
