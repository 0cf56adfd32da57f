"""How the suggestions read: the sentences for a changed number, date or yes/no fact, the names
of facts, parts, participants and kinds, the placeholder names of new participants, and what to
say when no change could be derived."""

from __future__ import annotations

from ...language import model as m
from ...language import vocabulary as voc
from ...language.i18n import Tables, mark
from ...language.modelview import walk
from ...language.money import format_money
from .. import explain
from ..explain import fmt, value, word


#: an aggregate of the yearly budget, as a suggestion names it
AGGREGATES = Tables({"sum": mark("sum budget"), "max": mark("max budget"), "min": mark("min budget")})


class Wording:
    """The words of one guideline's suggestions, in its language (``t`` is :func:`.phrases.table` of it)."""

    def __init__(self, g, t: dict, kinds):
        self.g, self.t, self.lang, self.kinds = g, t, g.lang, kinds

    # ---- values -------------------------------------------------------------------------------

    def fmt(self, v, typ) -> str:
        """:func:`sirules.engine.explain.fmt`, with one year and one month in the singular."""
        if typ == "duration" and v in (1, 12):
            return {("sv", 1): "1 månad", ("en", 1): "1 month", ("sv", 12): "1 år", ("en", 12): "1 year"}[
                (self.lang, v)]
        return fmt(v, typ, self.lang)

    def table(self, nb, old=None) -> str:
        items = []
        for y, v in nb.items():
            if old is not None and old.get(y) == v:
                continue
            items.append(f"{y}: {format_money(v, self.lang)}")
        return ", ".join(items)

    def agg_name(self, fn) -> str:
        return AGGREGATES[self.lang][fn]

    def num_sentence(self, key, name, typ, op, old, new, bound) -> str:
        t, lang = self.t, self.lang
        x = self.label(key, name)
        if old is None:
            req = explain.T[lang][op].format(r=self.fmt(bound, typ)) if op != "!=" else \
                explain.T[lang]["!="].format(r=self.fmt(bound, typ))
            return t["state"].format(x=x, n=name, req=req)
        o, v, b = fmt(old, typ, lang), fmt(new, typ, lang), self.fmt(bound, typ)
        if op == "!=":
            return t["change_not"].format(x=x, o=o)
        if typ == "date":
            if op == "=":
                return t["change"].format(x=x, o=o, v=v)
            return t["earlier" if new < old else "later"].format(x=x, o=o, v=v)
        if op == "=":
            return t["change"].format(x=x, o=o, v=v)
        if op in ("<", ">"):
            return t["lower_strict" if new < old else "raise_strict"].format(x=x, o=o, b=b)
        d = self.fmt(abs(new - old), typ)
        return t["lower" if new < old else "raise"].format(x=x, d=d, v=v)

    def bool_sentence(self, key, name, old, new, purpose) -> str:
        t, lang = self.t, self.lang
        v = fmt(new, "bool", lang)
        if old is not None:
            sentence = t["change_bool"].format(x=name, o=fmt(old, "bool", lang), v=v)
            return sentence + (t["exempt"] if purpose == "exempt" else "")
        label = self.fact_label(key)
        exempt = "_exempt" if purpose == "exempt" else ""
        if label is None or label.endswith("?"):
            return t["answer" + exempt].format(x=label or name, n=name, v=v)
        return t["state_bool" + exempt].format(x=label, n=name, v=v)

    # ---- names ----------------------------------------------------------------------------------

    def part_name(self, key) -> str:
        return self.g.parts.get(key) or key

    def part_phrase(self, key) -> str:
        label = self.part_name(key)
        if self.lang == "sv":
            return label
        low = label.lower()
        if low.startswith(("how ", "what ", "why ", "who ", "when ")):
            return f"a description of {label}"
        if low.startswith(("the ", "a ", "an ")):
            return label
        return f"the {label}"

    def fact_label(self, key) -> str | None:
        term = voc.FACTS.get(key)
        if term is not None:
            return term.label(self.lang)
        info = self.g.facts.get(key)
        return info.label if info and info.label else None

    def label(self, key, name) -> str:
        """How a numeric or choice fact reads in a sentence: its label, or its name."""
        label = self.fact_label(key)
        if label is None or label.endswith("?"):
            return name or key
        if " (" in label:
            label = label[:label.index(" (")]
        return label

    def who(self, q: dict, idx: int) -> str:
        t = self.t
        if q.get("name"):
            return q["name"]
        return t["who_kind"].format(k=word(q.get("kind", "?"), self.lang)) if idx else t["who_applicant"]

    def filter_desc(self, f) -> str:
        t, lang = self.t, self.lang
        if f is None:
            return t["any"]
        if isinstance(f, m.Member) and isinstance(f.item, m.PField) and f.item.key == "kind":
            kinds = self.kinds.order(f.values)
            words = [word(k, lang) for k in kinds]
            if f.negated:
                return t["kind_not"].format(ks=join(words, lang, t["list_or"]))
            if f.group:
                return t["kind_group"].format(g=f.group, ks=", ".join(words))
            if len(kinds) == 1:
                return t["kind_one"].format(k=words[0])
            return t["kind_set"].format(ks=join(words, lang, t["list_or"]))
        text = f.text
        if text.count("(") > text.count(")"):
            text += ")" * (text.count("(") - text.count(")"))
        return t["where"].format(f=text)

    def kind_actor(self, e: m.Member, inside: bool) -> str:
        t, lang = self.t, self.lang
        kinds = self.kinds.order(e.values)
        if inside and e.group:
            return article(t["group_actor"].format(g=e.group, ks=", ".join(word(k, lang) for k in kinds)), lang)
        if inside:
            return article(join([word(k, lang) for k in kinds], lang, t["list_or"]), lang)
        return article(t["kind_not"].format(ks=join([word(k, lang) for k in kinds], lang, t["list_or"])), lang)

    # ---- placeholders for new participants ----------------------------------------------------

    def placeholders(self) -> set:
        return {self.t["new_name"].format(i=i) for i in range(1, 100)}

    def fresh_name(self, parts, extra=()) -> str:
        return self.free("new_name", {q.get("name") for q in parts} | set(extra))

    def fresh(self, field, parts, start=1) -> str:
        key = {"committee": "new_committee", "area": "new_area", "name": "new_name"}.get(field, "new_value")
        return self.free(key, {q.get(field) for q in parts}, start)

    def free(self, key: str, taken, start: int = 1) -> str:
        """The first of the placeholders ``key`` ("new participant 1", 2, ...) from ``start`` not ``taken``."""
        i = start
        while self.t[key].format(i=i) in taken:
            i += 1
        return self.t[key].format(i=i)

    # ---- what a fix asks for; no fix ------------------------------------------------------------

    def what(self, fx) -> str:
        """What a fix asks for, short: the bounds it sets (for a conflict message), or its sentence."""
        t = self.t
        needs = []
        for c in fx.changes:
            if c.bound is not None:
                op, v, typ, name = c.bound
                text = (name if self.lang == "sv" else f"the {name}") + " " + \
                    t["bound"][op].format(v=self.fmt(v, typ))
                if text not in needs:
                    needs.append(text)
        return t["and"].join(needs) if needs else fx.sentence.split(t["or"])[0].split(t["alt"])[0]

    def look(self, rule: m.Rule, st, nothing_left: bool = False) -> str:
        """No change could be derived: say which facts to give, or which rule and clause to look at;
        with ``nothing_left``, that only applying for nothing would pass it (the fund or cap is used up)."""
        t = self.t
        where = (rule.origin.clause() + ", " if rule.origin.clause() else "") + f"{t['line']} {rule.origin.line}"
        text = rule.expr.text if rule.expr is not None else self.part_name(rule.part)
        if text.count("(") > text.count(")"):
            text += ")" * (text.count("(") - text.count(")"))
        label = f" «{rule.label}»" if rule.label and rule.strength == "must" else ""
        if nothing_left:
            return t["nothing_left"].format(id=rule.id, label=label, where=where, text=text)
        attested = self.attested(rule)
        if attested is not None:
            key, info = attested
            name = next((x.text for x in walk(rule.expr) if isinstance(x, m.Fact) and x.key == key), key)
            per = t["attested_per"].format(doc=f"«{info.per}»") if info.per else ""
            return t["attested"].format(fact=name, who=f"«{info.attested_by}»", per=per, id=rule.id, label=label,
                                        where=where, text=text)
        ref = next((x for x in walk(rule.expr) if isinstance(x, m.Dated) and x.key.startswith("reference:")), None) \
            if rule.expr is not None else None
        if ref is not None:
            v = value(ref, st.data)
            shown = fmt(v, ref.type, self.lang) if v is not None else explain.T[self.lang]["none"]
            return t["reference"].format(x=ref.text, v=shown, id=rule.id, label=label, where=where, text=text)
        missing = []
        if rule.expr is not None:
            for x in walk(rule.expr):
                if isinstance(x, (m.Fact, m.Agg)) and value(x, st.data) is None and x.text not in missing:
                    missing.append(x.text)
        if missing:
            return t["state_for"].format(facts=join(missing, self.lang), text=text, id=rule.id, label=label,
                                         where=where)
        reg = next((x for x in walk(rule.expr) if isinstance(x, m.RegisterValue)), None) \
            if rule.expr is not None else None
        if reg is not None:                      # the fund's history: nothing the applicant changes
            from ...language.i18n import tr
            v = value(reg, st.data)
            if v is None:
                return tr("{x} comes from the fund's register, which was not given (--register PATH); it is not "
                          "something the applicant changes: the rule {id}{label} ({where}): {text}", self.lang,
                          x="«" + reg.text + "»", id=rule.id, label=label, where=where, text=text)
            return tr("{x} comes from the fund's register ({v}); it is not something the applicant changes: the "
                      "rule {id}{label} ({where}): {text}", self.lang, x="«" + reg.text + "»",
                      v=fmt(v, reg.type, self.lang), id=rule.id, label=label, where=where, text=text)
        return t["look"].format(id=rule.id, label=label, where=where, text=text)


    def attested(self, rule: m.Rule):
        """(key, info) of the first fact the rule reads that someone attests, or None."""
        for key in rule.facts:
            info = self.g.facts.get(key)
            if info is not None and getattr(info, "attested_by", None):
                return key, info
        return None


def join(items, lang: str, last: str | None = None) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    last = last if last is not None else (" och " if lang == "sv" else " and ")
    return ", ".join(items[:-1]) + last + items[-1]


def article(text: str, lang: str) -> str:
    if lang == "sv":
        return text
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text
