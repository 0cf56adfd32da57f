"""Expression typing, the yes/no side: and, or, not, if-then, comparisons and whether two types
can be compared, "is" and "in" with the kinds, groups and choices they name, ranges, and the
counts and "every" over the participants."""

from __future__ import annotations

from ..i18n import later
from .. import model as m
from .. import nodes as n
from .. import vocabulary as voc
from .words import TYPE_WORDS, bool_hint, kinds_hint, suggest


class Conditions:
    """Mixed into the analyser: the ``_e_`` methods of conditions."""

    def _bool(self, node, scope) -> m.Expr:
        e = self._expr(node, scope)
        if e.type != "bool":
            raise self._err("SIR204", later("expected a yes/no condition here, got {type}", type=TYPE_WORDS.get(e.type, e.type)), node,
                            bool_hint(node, self.lang))
        return e

    def _e_And(self, node, scope):
        return m.And(type="bool", items=tuple(self._bool(i, scope) for i in node.items), text=self._text(node))

    def _e_Or(self, node, scope):
        return m.Or(type="bool", items=tuple(self._bool(i, scope) for i in node.items), text=self._text(node))

    def _e_Not(self, node, scope):
        return m.Not(type="bool", item=self._bool(node.item, scope), text=self._text(node))

    def _e_IfThen(self, node, scope):
        return m.Implies(type="bool", cond=self._bool(node.cond, scope), then=self._bool(node.then, scope),
                         text=self._text(node))

    def _e_Compare(self, node, scope):
        left, right = self._yearly_sides(self._expr(node.left, scope), self._expr(node.right, scope))
        self._comparable(left, right, node)
        if node.op not in ("=", "!=") and left.type in ("bool", "text", "kind", "choice", "tags"):
            raise self._err("SIR201", later("{type} cannot be compared with {op}", type=TYPE_WORDS[left.type], op=node.op), node)
        return m.Cmp(type="bool", op=node.op, left=left, right=right, text=self._text(node))

    def _comparable(self, left: m.Expr, right: m.Expr, node) -> None:
        lt, rt = left.type, right.type
        if lt == rt:
            return
        if {lt, rt} == {"percent", "ratio"} or {lt, rt} == {"monthday", "yearly"}:
            return
        from .unit_hints import unit_hint           # the hint points at the side to change
        hint = unit_hint(left, right, node, self.lang)
        raise self._err("SIR201", later("cannot compare {left} ({left_text}) with {right} ({right_text})",
                                        left=TYPE_WORDS.get(lt, lt), left_text=left.text,
                                        right=TYPE_WORDS.get(rt, rt), right_text=right.text), node, hint)

    def _e_Is(self, node: n.Is, scope):
        left = self._expr(node.left, scope)
        text = self._text(node)
        r = node.right
        if left.type in ("kind", "choice", "tags"):
            if isinstance(r, n.Text) and not r.triple:
                r = n.Name(id=r.value, span=r.span)
            if not isinstance(r, n.Name):
                raise self._err("SIR201", later('expected a word after "is", got {text}', text=self._text(r)), r)
            value = self._choice_value(left, r)
            return m.Member(type="bool", item=left, values=frozenset([value]), negated=node.negated, text=text)
        left, right = self._yearly_sides(left, self._expr(r, scope))
        if left.type == "bool" and isinstance(right, m.Const) and right.type == "bool":
            pass
        self._comparable(left, right, node)
        cmp = m.Cmp(type="bool", op="!=" if node.negated else "=", left=left, right=right, text=text)
        return cmp

    def _choice_value(self, left: m.Expr, r: n.Name) -> str:
        if left.type == "kind":
            if r.id in self.kind_names:
                return self.kind_names[r.id]
            if r.id in self.groups:
                raise self._err("SIR103", later('"{name}" is a group; write "in {name}"', name=r.id), r)
            raise self._err("SIR103", later('unknown participant kind "{name}"', name=r.id), r,
                            suggest(r.id, self.kind_names) or kinds_hint(self.lang))
        if left.type == "tags":
            return r.id
        choices = self._choices_of(left)
        word = voc.CHOICE_INDEX.get(r.id, r.id)
        if word in choices:
            return word
        raise self._err("SIR108", later('"{name}" is not one of the values of {text}', name=r.id, text=left.text), r,
                        suggest(r.id, list(choices) + [voc.CHOICE_SV.get(c, c) for c in choices])
                        or later("values: {names}", names=", ".join(choices)))

    def _choices_of(self, e: m.Expr) -> tuple:
        if isinstance(e, m.Fact):
            if e.key == "project_type":
                return tuple(self.project_types)
            if e.key in self.facts:
                return self.facts[e.key].choices
            return voc.FACTS[e.key].choices
        if isinstance(e, (m.PField, m.ApplicantField)) and e.key in self.fields:
            return self.fields[e.key].choices
        return ()

    def _e_InGroup(self, node: n.InGroup, scope):
        left = self._expr(node.left, scope)
        if left.type in ("choice", "tags") and node.group not in self.groups:
            sv = self.lang == "sv"                    # the code in the hint is in the file's language
            inside = ("inte i" if sv else "not in") if node.negated else ("i" if sv else "in")
            raise self._err("SIR110", later('"{name}" is not a group; a list of words is written in parentheses', name=node.group), node,
                            later("write `{code}`, or `{other}`", code=f"{left.text} {inside} ({node.group})",
                                  other=f"{left.text} {'är' if sv else 'is'} {node.group}"))
        if left.type != "kind":
            raise self._err("SIR201", later('"in {name}" needs a participant kind on the left, got {text}', name=node.group,
                                            text=left.text), node)
        if node.group not in self.groups:
            raise self._err("SIR107", later('unknown group "{name}"', name=node.group), node,
                            suggest(node.group, self.groups) or
                            later("declare it, e.g. group external = association, foundation"))
        return m.Member(type="bool", item=left, values=self.groups[node.group], group=node.group,
                        negated=node.negated, text=self._text(node))

    def _e_InList(self, node: n.InList, scope):
        left = self._expr(node.left, scope)
        if left.type == "number" and all(isinstance(i, n.Name) and (i.id in self.constants
                                                                    or self._calendar_word(i.id, i) is not None)
                                         for i in node.items):
            return self._numbers_in_list(left, node, scope)
        if left.type not in ("kind", "choice", "tags"):
            word = ("inte i" if node.negated else "i") if self.lang == "sv" else ("not in" if node.negated else "in")
            raise self._err("SIR110", later('"{word} (...)" needs a kind, a choice, a project type or words on the left, '
                                            'got {text} ({type})', word=word, text=left.text,
                                            type=TYPE_WORDS.get(left.type, left.type)), node,
                            later('compare a number with "between" or "<=", e.g. "amount between 10 000 kr and 1 mnkr"'))
        values = []
        for item in node.items:
            word = n.Name(id=item.value, span=item.span) if isinstance(item, n.Text) else item
            value = self._choice_value(left, word)
            if value in values:
                raise self._err("SIR111", later('"{name}" is listed twice',
                                                name=item.value if isinstance(item, n.Text) else item.id),
                                item, later("list each word once"))
            values.append(value)
        return m.Member(type="bool", item=left, values=frozenset(values), negated=node.negated,
                        text=self._text(node))

    def _numbers_in_list(self, left: m.Expr, node: n.InList, scope):
        """``inlämnad.månad inte i (juli, december)``: a number in a list of named numbers (months,
        weekdays, constants) is the comparisons it stands for, joined by "or" (by "and" when negated)."""
        op, seen, cmps = "!=" if node.negated else "=", [], []
        for item in node.items:
            right = self._expr(item, scope)
            self._comparable(left, right, item)
            if right.value in seen:
                raise self._err("SIR111", later('"{name}" is listed twice', name=item.id), item, later("list each word once"))
            seen.append(right.value)
            cmps.append(m.Cmp(type="bool", op=op, left=left, right=right, text=f"{left.text} {op} {right.text}"))
        join = m.And if node.negated else m.Or
        return cmps[0] if len(cmps) == 1 else join(type="bool", items=tuple(cmps), text=self._text(node))

    def _e_Between(self, node, scope):
        item, low, high = self._yearly_sides(*(self._expr(x, scope) for x in (node.item, node.low, node.high)))
        self._comparable(item, low, node)
        self._comparable(item, high, node)
        if isinstance(low, m.Const) and isinstance(high, m.Const) and low.value > high.value:
            raise self._err("SIR202", later("the range {low} – {high} is empty (the low end is above the high end)",
                                        low=low.text, high=high.text),
                            node, later("swap the two ends"))
        return m.Between(type="bool", item=item, low=low, high=high, text=self._text(node))

    def _e_Count(self, node: n.Count, scope):
        if scope == "participant":
            raise self._err("SIR201", later("a count cannot be nested inside a condition on participants"), node)
        flt = self._bool(node.filter, "participant") if node.filter is not None else None
        distinct = None
        if node.distinct is not None:
            t = self.field_names.get(node.distinct)
            if t is None:
                raise self._err("SIR106", later('a participant has no field "{name}"', name=node.distinct), node,
                                suggest(node.distinct, self.field_names))
            distinct = t.key
        return m.Count(type="number", filter=flt, distinct=distinct, text=self._text(node))

    def _e_Every(self, node: n.Every, scope):
        if scope == "participant":
            raise self._err("SIR201", later("a condition on every participant cannot be nested"), node)
        flt = self._bool(node.filter, "participant") if node.filter is not None else None
        cond = self._bool(node.cond, "participant")
        return m.Every(type="bool", filter=flt, cond=cond, text=self._text(node))
