"""The candidate builders for ``in`` / ``not in``: a choice, a word added to or taken from a list,
a participant's field, and the applicant's kind (a fitting participant or a new actor becomes
the applicant)."""

from __future__ import annotations

from ...language import model as m
from .. import explain
from ..explain import fmt, value, word
from .context import COST_ADD, COST_SET, Fix
from .results import Change
from .wording import join


class ChoiceFixes:
    """Fixes that pick a value in (or out of) a set of words."""

    def __init__(self, ctx, candidates):
        self.ctx, self.c = ctx, candidates
        self.t, self.lang, self.words, self.raw, self.kinds = ctx.t, ctx.lang, ctx.words, ctx.raw, ctx.kinds

    def member(self, e: m.Member, st, want, p, purpose) -> list:
        inside = want != e.negated                  # the value must be in the set
        item = e.item
        q = None if p is None else st.data["_participants"][p]
        if isinstance(item, m.ApplicantField) and item.key == "kind":
            return self._applicant_kind(e, inside, st)
        if isinstance(item, m.PField) and item.key == "kind":
            return []                                   # an existing participant does not change kind
        old = value(item, st.data, q)
        if item.type == "tags":
            return self._tags(e, inside, old, st)
        choices = self._choices(e, inside)
        if not choices:
            return []
        new = choices[0]
        if isinstance(item, m.Fact):
            return [self._choose(item, old, choices, st)]
        if isinstance(item, (m.PField, m.ApplicantField)):
            idx = p if isinstance(item, m.PField) else (0 if st.data["_applicant"] is not None else None)
            if idx is None:
                return []
            return [self.c.people.set_field(idx, item.key, new, st)]
        return []

    def _tags(self, e: m.Member, inside: bool, old, st) -> list:
        """A list of words: add the first word of the set, or take the words of the set away."""
        t, lang, item = self.t, self.lang, e.item
        have = tuple(old or ())
        if inside:
            v = self.kinds.order(e.values)[0]
            new = have + (v,)
            sentence = t["tag_add"].format(v=word(v, lang), x=self.words.label(item.key, item.text), n=item.text)
        else:
            new = tuple(x for x in have if x not in e.values)
            gone = [x for x in have if x in e.values]
            sentence = t["tag_remove"].format(v=join([word(x, lang) for x in gone], lang),
                                              x=self.words.label(item.key, item.text), n=item.text)
        if isinstance(item, m.Fact):
            return [Fix(COST_SET, (Change(self.raw.raw_key(st.raw, item.key), old, new,
                                          target=("fact", item.key, "tags")),), sentence)]
        return []

    def _choices(self, e: m.Member, inside: bool) -> list:
        """The values to offer, best first: those of the set, or the fact's other choices."""
        if inside:
            return self.kinds.order(e.values)
        item, g = e.item, self.ctx.g
        info = g.facts.get(getattr(item, "key", None))
        pool = list(info.choices) if info and info.choices else \
            list(g.project_types) if getattr(item, "key", None) == "project_type" else []
        return [c for c in pool if c not in e.values]

    def _choose(self, item: m.Fact, old, choices: list, st) -> Fix:
        t, lang = self.t, self.lang
        new = choices[0]
        x = self.words.label(item.key, item.text)
        alts = [word(c, lang) for c in choices[1:4]]
        if old is None:
            sentence = t["state"].format(x=x, n=item.text, req=explain.T[lang]["member"].format(
                r=join([word(c, lang) for c in choices[:4]], lang, t["list_or"])))
        else:
            sentence = t["change"].format(x=x, o=fmt(old, item.type, lang), v=word(new, lang))
            if alts:
                sentence += f" ({t['list_or'].strip()} {', '.join(alts)})"
        return Fix(COST_SET, (Change(self.raw.raw_key(st.raw, item.key), old, new,
                                     target=("fact", item.key, item.type)),), sentence)

    def _applicant_kind(self, e: m.Member, inside: bool, st) -> list:
        t, lang, words = self.t, self.lang, self.words
        kinds = self.kinds.order(e.values) if inside else [k for k in self.kinds.all_kinds() if k not in e.values]
        if not kinds:
            return []
        parts = st.data["_participants"]
        app = st.data["_applicant"]
        desc = words.kind_actor(e, inside)
        out = []
        if app is None:
            new = {"kind": kinds[0], "name": words.fresh_name(parts)}
            return [Fix(COST_ADD, (Change("applicant", None, new, target=("applicant",)),),
                        t["state_applicant"].format(d=desc))]
        # an existing participant of a fitting kind becomes the applicant
        for i, q in enumerate(parts[1:], start=1):
            if (q.get("kind") in e.values) == inside:
                out.append(Fix(COST_SET, (
                    Change("applicant", dict(app), dict(q), target=("swap", i)),
                    Change(f"participants[{i - 1}]", dict(q), dict(app), target=("noop", i))),
                    t["swap"].format(who=words.who(q, i), old=words.who(app, 0))))
        new = {"kind": kinds[0], "name": words.fresh_name(parts)}
        names = join([word(k, lang) for k in self.kinds.order(e.values)], lang, t["list_or"])
        sentence = t["new_applicant"].format(d=desc, old=words.who(app, 0)) if inside else \
            t["other_applicant"].format(old=words.who(app, 0), ks=names)
        out.append(Fix(COST_ADD, (
            Change("applicant", dict(app), new, target=("newapp",)),
            Change("participants", add=dict(app), op="add", target=("noop",))),
            sentence))
        return out
