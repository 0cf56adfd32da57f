"""Expression typing, the leaves: the dispatch from a node to its ``_e_<Node>`` method, literals
with their units, names (constants, facts, participant fields, the fund's size), an applicant's
fields, sums over tables and parts present."""

from __future__ import annotations

import datetime
from fractions import Fraction

from ..i18n import later
from .. import model as m
from .. import nodes as n
from .. import vocabulary as voc
from ..money import UNITS
from .words import MONTH_UNITS, PERCENT_UNITS, SPECIAL, YEAR_UNITS, suggest


class Expressions:
    """Mixed into the analyser: ``_expr`` finds ``_e_`` + the node's class name on the analyser, so
    every ``_e_`` method of every mixin takes part."""

    def _expr(self, node, scope) -> m.Expr:
        method = getattr(self, "_e_" + type(node).__name__)
        return method(node, scope)

    def _e_Quantity(self, q: n.Quantity, scope):
        text = self._text(q)
        unit = (q.unit or "").lower()
        if not unit:
            v = Fraction(q.value)
            return m.Const(type="number", value=int(v) if v.denominator == 1 else v, text=text)
        if unit in PERCENT_UNITS:
            return m.Const(type="percent", value=Fraction(q.value), text=text)
        if unit in YEAR_UNITS or unit in MONTH_UNITS:
            months = Fraction(q.value) * (12 if unit in YEAR_UNITS else 1)
            if months.denominator != 1:
                raise self._err("SIR005", later("{text} is not a whole number of months", text=text), q)
            return m.Const(type="duration", value=int(months), text=text)
        ore = Fraction(q.value) * UNITS[unit]
        if ore.denominator != 1:
            raise self._err("SIR005", later("{text} is not a whole number of öre", text=text), q)
        return m.Const(type="money", value=int(ore), text=text)

    def _e_DateLit(self, d, scope):
        return m.Const(type="date", value=d.value, text=self._text(d))

    def _e_Text(self, t, scope):
        return m.Const(type="text", value=t.value, text=self._text(t))

    def _e_Bool(self, b, scope):
        return m.Const(type="bool", value=b.value, text=self._text(b))

    def _e_Name(self, node: n.Name, scope):
        text = self._text(node)
        name = node.id
        if scope == "participant" and name in self.field_names:
            t = self.field_names[name]
            return m.PField(type=t.type, key=t.key, text=text)
        if name in self.constants:
            t, v = self.constants[name]
            return m.Const(type=t, value=v, text=text)
        if name in SPECIAL:
            key = "yearly_size" if SPECIAL[name] == "yearly_fund_size" else "size"
            size = self._fund_size(key)
            if size is None:
                raise self._err("SIR101", later('"{name}" needs a fund block with a yearly size', name=name)
                                if key == "yearly_size" else
                                later('"{name}" needs a fund block with a size', name=name), node)
            if isinstance(size, tuple):
                return m.Dated(type="money", key=SPECIAL[name], periods=size, text=text)
            return m.Const(type="money", value=size, text=text)
        if name in self.references:
            ref = self.references[name]
            periods = tuple((datetime.date(y, 1, 1), datetime.date(y, 12, 31), v) for y, v in ref.years)
            return m.Dated(type=ref.type, key="reference:" + name, periods=periods, text=text)
        if name in self.fact_names:
            t = self.fact_names[name]
            self.used_facts.add(t.key)
            if hasattr(self, "rule_facts"):
                self.rule_facts.add(t.key)
            ftype = t.type
            if t.key == "project_type" and not self.project_types:
                raise self._err("SIR101", later('"{name}" needs project types; declare them with '
                                               '"project type social_investment"', name=name), node)
            return m.Fact(type=ftype, key=t.key, text=text)
        if any(isinstance(i, n.Constant) and i.name == name for i in self.g.items):
            if name in self._resolving:
                raise self._err("SIR208", later('constant "{name}" refers to itself', name=name), node,
                                later("a constant must be computed from values and other constants"))
            t, v = self._const(n.Name(id=name, span=node.span), set())
            return m.Const(type=t, value=v, text=text)
        if (word := self._calendar_word(name, node)) is not None:     # juli, måndag
            return word
        candidates = list(self.constants) + list(self.fact_names) + list(SPECIAL)
        if scope == "participant":
            candidates += list(voc.FIELD_INDEX)
        hint = suggest(name, candidates)
        if hint is None and name in self.kind_names:
            hint = later('a participant kind is compared with "is": kind is {name}', name=name)
        raise self._err("SIR101", later('unknown name "{name}"', name=name), node,
                        hint or later("declare it as a fact or a constant"))

    def _fund_size(self, key: str = "size"):
        """The fund's size: one amount, or ((from, to, amount), ...) when dated fund blocks give
        different sizes (the size in force on the date used), or None."""
        names = {t.key: t for t in voc.SETTINGS["fund"].values()}[key]
        periods = []
        for item in self.g.items:
            if isinstance(item, n.Block) and item.kind == "FUND":
                for s in item.settings:
                    if s.key in (names.key, names.sv):
                        e = self._expr(s.values[0], None)
                        if not (e.type == "money" and hasattr(e, "value")):     # a fact: unknown
                            return None
                        v = item.validity
                        periods.append((v.start if v else None, v.end if v else None, e.value))
                        break
        if not periods:
            return None
        if all(p[2] == periods[0][2] for p in periods):
            return periods[0][2]
        return tuple(periods)

    def _e_Field(self, node: n.Field, scope):
        if scope is None and (part := self._date_part(node)) is not None:     # inlämnad.månad
            return part
        if node.obj not in ("applicant", "sökande"):
            raise self._err("SIR101", later('unknown name "{name}"', name=node.obj), node,
                            suggest(node.obj, ["applicant", "sökande"]) or later('only "applicant" / "sökande" has fields'))
        t = self.field_names.get(node.field)
        if t is None:
            raise self._err("SIR106", later('a participant has no field "{name}"', name=node.field), node,
                            suggest(node.field, self.field_names) or later("fields: {names}", names=", ".join(
                                [f.name(self.lang) for f in voc.FIELDS.values()] + list(self.fields))))
        return m.ApplicantField(type=t.type, key=t.key, text=self._text(node))

    def _e_Aggregate(self, node: n.Aggregate, scope):
        t = self.fact_names.get(node.name)
        if t is None or t.type not in ("table", "savings"):
            raise self._err("SIR201", later('"{fn}" needs a table of yearly amounts such as budget or savings, '
                                            'not "{name}"', fn=node.fn, name=node.name), node, suggest(node.name, ["budget", "savings", "besparingar"]))
        self.used_facts.add(t.key)
        if hasattr(self, "rule_facts"):          # also used in settings, outside any rule
            self.rule_facts.add(t.key)
        return m.Agg(type="money", fn=node.fn, key=t.key, text=self._text(node))

    def _e_PartPresent(self, node: n.PartPresent, scope):
        key = self.part_names.get(node.part)
        if key is None:
            raise self._err("SIR104", later('unknown application part "{name}"', name=node.part), node,
                            suggest(node.part, self.part_names) or later("declare it with a part declaration"))
        return m.PartPresent(type="bool", key=key, name=node.part, text=self._text(node))
