"""The structure side of ``sirules compare``: the concepts of each guideline, aligned in a :class:`Comparison`.

Concepts are read off the model's expression trees (with :mod:`sirules.compare.concept_exprs`): ``amount <= 1
mnkr`` is an amount cap, ``amount <= 50 % of total_cost`` a share-of-cost cap, ``duration between 1
year and 3 years`` a duration range, ``count participants where kind is municipal_unit >= 2`` says who
must take part, ``if project_type is X then ...`` gives a cap per project type. What fits no concept
is listed under "other rules", so nothing a guideline demands is lost. Every :class:`Item` keeps the
clause and line it comes from and a canonical, language-neutral key, so a guideline written with
Swedish keywords compares with one written with English keywords by meaning, not by words.
"""

from __future__ import annotations

from ..language.i18n import Tables, mark, tr

import re
from fractions import Fraction

from . import concept_exprs as ex
from ..language import model as m
from ..language import vocabulary as voc
from .data import TOPICS, Cell, Comparison, Concept, Item, Subject, column, in_force, report_lang

# ---- words -------------------------------------------------------------------------------

LABELS = Tables({
    "identity.body": mark("body"), "identity.adopted_by": mark("adopted by"), "identity.adopted": mark("adopted"),
    "identity.reference": mark("reference"), "identity.valid": mark("in force"), "who.applicant": mark("applicant"),
    "who.participants": mark("participants"), "who.every": mark("every participant"), "who.groups": mark("groups"),
    "who.kinds": mark("own kinds"), "caps.amount": mark("amount"), "caps.per_year": mark("per year"),
    "caps.share": mark("share of total cost"), "caps.duration": mark("duration"),
    "caps.per_type": mark("per project type"), "caps.total_cost": mark("total cost"),
    "caps.cofinancing": mark("co-financing"), "caps.evaluation_cost": mark("evaluation cost"),
    "caps.start": mark("start date"), "target.age": mark("age"), "target.group": mark("target group"),
    "target.project_type": mark("project type"), "parts.required": mark("required"),
    "parts.supplied": mark("supplied by others"), "rules.strengths": mark("rule strengths"),
    "criteria.own": mark("own facts"), "other.rules": mark("other"), "who.fields": mark("participant fields"),
    "criteria.attested": mark("attested by"), "criteria.references": mark("reference values"),
    "identity.rounds": mark("call rounds"), "identity.commitments": mark("duties"),
    "identity.status": mark("paused or closed"), "fund.pots": mark("pots"),
}, sv={"identity.status": "pausad eller stängd"})

#: the types of a declared participant field, in words
_TYPE_WORDS = Tables({
    "bool": mark("yes/no"), "money": mark("money"), "number": mark("number"), "percent": mark("percent"),
    "date": mark("date"), "duration": mark("duration"), "text": mark("text"), "choice": mark("choice"),
    "tags": mark("words"),
}, sv={"duration": "tid"})

#: block settings shown, per block, in this order (None: every setting of the vocabulary)
BLOCK_SETTINGS = {"fund": ("size", "source", "model"), "repayment": None, "risk": None, "evaluation": None,
                  "decision": None, "portfolio": None, "calculation": None}


# ---- structural comparison ---------------------------------------------------------------

def compare(subjects, lang: str | None = None) -> Comparison:
    """Align the guidelines concept by concept; rows no guideline fills are left out."""
    lang = report_lang(subjects, lang)
    found = [_Extractor(s, lang).run() for s in subjects]
    keys = _order({k for f in found for k in f})
    concepts = []
    for key in keys:
        cells = tuple(Cell(tuple(sorted(f.get(key, ()), key=lambda i: i.line))) for f in found)
        topic = key.split(".")[0]
        concepts.append(Concept(topic, key, _label(key, lang), cells, summary=key == "rules.strengths"))
    return Comparison(lang, tuple(column(s, lang) for s in subjects), tuple(concepts))


def _order(keys: set) -> list[str]:
    """Topics in the order of :data:`TOPICS`; inside a topic, the order of the labels, the facts and
    the settings in the vocabulary (a setting the vocabulary does not know comes last)."""
    order = list(LABELS["en"]) + [f"criteria.{k}" for k in voc.FACTS] + ["criteria.own"]
    order += [f"{b}.{k}" for b, only in BLOCK_SETTINGS.items() for k in (only or voc.SETTINGS[b])]
    rank = {k: i for i, k in enumerate(order)}
    topics = list(TOPICS["en"])
    return sorted(keys, key=lambda k: (topics.index(k.split(".")[0]), rank.get(k, len(order)), k))


def _label(key: str, lang: str) -> str:
    if key in LABELS[lang]:
        return LABELS[lang][key]
    block, _, name = key.partition(".")
    if block == "criteria":
        return (voc.FACTS[name].name(lang) if name in voc.FACTS else name).replace("_", " ")
    return _term(block, name).name(lang).replace("_", " ")


def _term(block: str, key: str) -> voc.Term:
    """The vocabulary entry of a setting (a plain text one for a key the vocabulary does not know)."""
    term = voc.SETTINGS.get(block, {}).get(key)
    return term if term is not None else voc.Term(key, key, "text*", key, key)


class _Extractor:
    """The concepts of one guideline: concept key -> list of items."""

    def __init__(self, s: Subject, lang: str):
        self.s, self.g, self.on, self.lang = s, s.model, s.on, lang
        self.show = ex.Show(self.g, lang)
        self.canon = ex.Show(self.g, lang, canonical=True)
        self.w = ex.WORDS[lang]
        self.out: dict[str, list[Item]] = {}
        self._lines: list[str] | None = None

    def run(self) -> dict[str, tuple[Item, ...]]:
        self._identity()
        self._blocks()
        self._declarations()
        self._dates()
        rules = tuple(r for r in self.g.rules_on(self.on) if not isinstance(r.expr, m.InForce))
        for r in rules:
            if r.strength in ("part", "supplied"):
                self._part(r)
            else:
                self._rule(r)
        self._strengths(rules)
        return {k: tuple(v) for k, v in self.out.items()}

    def add(self, concept: str, item: Item) -> None:
        self.out.setdefault(concept, []).append(item)

    # ---- source lines of things the model keeps no position for ----
    def _source_line(self, pattern: str) -> int:
        if self._lines is None:
            from ..language.source import kept
            text = kept(self.g.path)          # the text the guideline was read from (a pipe cannot be read twice)
            if text is not None:
                self._lines = text.splitlines()
            else:
                try:
                    with open(self.g.path, encoding="utf-8-sig", errors="replace") as fh:
                        self._lines = fh.read().splitlines()
                except OSError:
                    self._lines = []
        rx = re.compile(pattern)
        return next((i for i, line in enumerate(self._lines, 1) if rx.match(line)), 0)

    def _at(self, line: int) -> dict:
        sec = None
        for s in self.g.sections:
            if s.line and s.line <= line:
                sec = s
        return {"line": line, "section": sec.number if sec else None, "heading": sec.heading if sec else None}

    def _identity(self) -> None:
        g = self.g
        head = self._source_line(r"^\s*(riktlinje|guideline)\b")
        for key in ("body", "adopted_by", "adopted", "reference"):
            v = g.identity.get(key)
            if v is None:
                continue
            term = _term("head", key)
            line = self._source_line(rf"^\s+({re.escape(term.key)}|{re.escape(term.sv)})\s*:") if head else 0
            text = self.show.setting(v, term)
            self.add(f"identity.{key}", Item(text, self.canon.setting(v, term), slot=key, **self._at(line)))
        if g.valid_from or g.valid_to:
            text = self._span_text(g.valid_from, g.valid_to, self.show)
            self.add("identity.valid", Item(text, self._span_text(g.valid_from, g.valid_to, self.canon),
                                            slot="valid", **self._at(head)))

    def _dates(self) -> None:
        """Call rounds and duties (#17 points 2 and 5), one item each."""
        from ..engine.explain_dates import commitment_text, round_text
        for r in self.g.rounds:
            self.add("identity.rounds", Item(round_text(r, self.lang), round_text(r, "en"), slot=r.name,
                                             **self._at(r.origin.line)))
        for c in self.g.commitments:
            self.add("identity.commitments", Item(commitment_text(c, self.lang), commitment_text(c, "en"),
                                                  slot=c.id, **self._at(c.origin.line)))
        self._statuses()

    def _statuses(self) -> None:
        """A paused or closed guideline or block (#17 point 2): what, and from when (a rule says so
        in its own item)."""
        from ..engine.explain_dates import what_word
        g = self.g
        shut = [("guideline", g.valid_from, g.valid_to, g.status, 0)] if getattr(g, "status", None) else []
        shut += [(b.kind, b.valid_from, b.valid_to, b.status, b.origin.line) for b in g.blocks
                 if getattr(b, "status", None) and in_force(b.valid_from, b.valid_to, self.on)]
        for what, start, end, status, line in shut:
            word = tr("paused", self.lang) if status == "paused" else tr("closed", self.lang)
            name = what_word(what, self.lang)
            text = f"{name} {word}" + self._validity(start, end, self.show)
            key = f"{what} {status}" + self._validity(start, end, self.canon)
            self.add("identity.status", Item(text, key, slot=what, **self._at(line)))

    def _span_text(self, start, end, show) -> str:
        w = show.w
        if start and end:
            return f"{start.isoformat()} – {end.isoformat()}"
        return f"{w['from']} {start.isoformat()}" if start else f"{w['until']} {end.isoformat()}"

    def _validity(self, start, end, show) -> str:
        if self.on is not None or not (start or end):
            return ""
        return f" ({self._span_text(start, end, show)})"

    def _blocks(self) -> None:
        for b in self.g.blocks:
            only = BLOCK_SETTINGS.get(b.kind, ())
            if b.kind not in BLOCK_SETTINGS or not in_force(b.valid_from, b.valid_to, self.on):
                continue
            for s in b.settings:
                if only is not None and s.key not in only:
                    continue
                term = _term(b.kind, s.key)
                multi = term.type.endswith("*")
                for v in s.values:
                    text = self.show.setting(v, term)
                    key = self.canon.setting(v, term)
                    cond = None
                    if s.condition is not None:
                        text += f" {self.w['if']} {self.show(s.condition)}"
                        cond = self.canon(s.condition)
                        key += f" if {cond}"
                    text += self._validity(b.valid_from, b.valid_to, self.show)
                    key += self._validity(b.valid_from, b.valid_to, self.canon)
                    self.add(f"{b.kind}.{s.key}", Item(text, key, slot=key if multi else s.key, cond=cond,
                                                       line=s.origin.line, section=s.origin.section,
                                                       heading=s.origin.heading))
            for p in getattr(b, "pots", ()):                 # a fund block's pots (#18 point 3)
                self.add("fund.pots", Item(tr("{pot}: {size} per year", self.lang, pot=p.name,
                                              size=self.show.value(p.size, "money")),
                                           f"{p.name}: {p.size}", slot=p.name, line=p.origin.line,
                                           section=p.origin.section, heading=p.origin.heading))

    def _declarations(self) -> None:
        for name, members in self.g.groups.items():
            line = self._source_line(rf"^\s*(grupp|group)\s+{re.escape(name)}\s*=")
            shown = ", ".join(sorted(self.show.kind(k) for k in members))
            canon = ", ".join(sorted(members))
            self.add("who.groups", Item(f"{name} = {shown}", canon, slot=canon, **self._at(line)))
        for key, label in self.g.kinds.items():
            if key in voc.KINDS:
                continue
            line = self._source_line(rf"^\s*(aktörstyp|kind)\s+{re.escape(key)}\b")
            self.add("who.kinds", Item(f'{key} "{label}"', key, slot=key, **self._at(line)))
        self._own_declarations()

    def _own_declarations(self) -> None:
        """Participant fields of the guideline's own, attested facts and yearly reference values."""
        for key, info in (getattr(self.g, "fields", None) or {}).items():
            line = self._source_line(rf"^\s*(deltagarfält|participant\s+field)\s+{re.escape(key)}\b")
            text = f'{key} ({_TYPE_WORDS[self.lang].get(info.type, info.type)}) "{info.label}"'
            self.add("who.fields", Item(text, f"{key}:{info.type}", slot=key, **self._at(line)))
        for key, info in self.g.facts.items():
            if getattr(info, "attested_by", None) or getattr(info, "per", None):
                names = "|".join(re.escape(x) for x in {key, voc.FACTS[key].sv if key in voc.FACTS else key})
                line = self._source_line(rf"^\s*(faktum|fact)\s+({names})\s*:")
                who = " ".join(x for x in (info.attested_by and f'"{info.attested_by}"',
                                           info.per and f'({"enligt" if self.lang == "sv" else "per"} "{info.per}")') if x)
                self.add("criteria.attested", Item(f"{self.show.fact(key)}: {who}", f"{key}:{info.attested_by}:{info.per}",
                                                   slot=key, **self._at(line)))
        for key, ref in (getattr(self.g, "references", None) or {}).items():
            line = self._source_line(rf"^\s*(referensvärde|reference\s+value)\s+{re.escape(key)}\b")
            years = ", ".join(f"{y} = {self.show.value(v, ref.type)}" for y, v in ref.years)
            canon = ", ".join(f"{y}={v}" for y, v in ref.years)
            self.add("criteria.references", Item(f"{key}: {years}", f"{key}: {canon}", slot=key, **self._at(line)))

    # ---- rules ----
    def _item(self, r: m.Rule, body: str, key: str, slot: str, cond=None, low=None, high=None) -> Item:
        w = self.w
        plain = r.strength in ("part", "supplied")            # the row already says what these are
        prefix = "" if plain else f"{w[r.strength]} {r.weight}: " if r.strength == "priority" else f"{w[r.strength]}: "
        cprefix = "" if plain else f"priority {r.weight}: " if r.strength == "priority" else f"{r.strength}: "
        text, ckey = prefix + body, cprefix + key
        if cond is not None:
            text += f" {w['if']} {self.show(cond)}"
            ckey += f" if {self.canon(cond)}"
        text += self._validity(r.valid_from, r.valid_to, self.show)
        ckey += self._validity(r.valid_from, r.valid_to, self.canon)
        status = getattr(r, "status", None)
        if status is not None:                                # paused or closed: said, and not binding
            text += f" ({(tr('paused', self.lang) if status == 'paused' else tr('closed', self.lang))})"
            ckey += f" {status}"
        o = r.origin
        return Item(text, ckey, o.line, o.section, o.heading, r.id, r.strength, slot,
                    self.canon(cond) if cond is not None else None, low, high, status)

    def _part(self, r: m.Rule) -> None:
        name, canon = self.show.part(r.part), r.part
        if r.strength == "supplied":
            body, key = f"{name} ({self.w['by']} {r.label})", f"{canon} (by {r.label})"
            self.add("parts.supplied", self._item(r, body, key, r.part, r.expr))
        else:
            self.add("parts.required", self._item(r, name, canon, r.part, r.expr))

    def _rule(self, r: m.Rule) -> None:
        conj = ex.conjuncts(r.expr)
        ages = [(c, ex.limit(c)) for c in conj]
        lows = [(c, x) for c, x in ages if x and x[1] == "age_from" and x[3] and not x[4]]
        highs = [(c, x) for c, x in ages if x and x[1] == "age_to" and x[4] and not x[3]]
        if len(lows) == 1 and len(highs) == 1:          # age_from >= 6 and age_to <= 15: ages 6–15
            lo, hi = lows[0][1][3], highs[0][1][4]
            rng = f"{_num(lo[0])}–{_num(hi[0])}"
            self.add("target.age", self._item(r, f"{self.w['ages']} {rng}", f"ages {rng}", "age", None, lo, hi))
            conj = [c for c in conj if c is not lows[0][0] and c is not highs[0][0]]
        for c in conj:
            self._conjunct(r, c, None, None)

    def _conjunct(self, r: m.Rule, e: m.Expr, cond, ptype) -> None:
        if isinstance(e, m.Implies):
            pt = ex.project_type(e.cond)
            if pt is not None and ptype is None and cond is None:
                for c in ex.conjuncts(e.then):
                    self._conjunct(r, c, None, (pt, e.cond))
                return
            both = e.cond if cond is None else m.And(type="bool", items=(cond, e.cond))
            for c in ex.conjuncts(e.then):
                self._conjunct(r, c, both, ptype)
            return
        limit = ex.limit(e)
        if limit is not None:
            concept, subject, op, lo, hi, parts = limit
            body = self._limit_text(subject, op, lo, hi, parts, self.show)
            key = self._limit_text(subject, op, lo, hi, parts, self.canon)
            if ptype is not None:
                names = ", ".join(self.show.choice(p) for p in ptype[0].split(","))
                label = _label(concept, self.lang) if concept != "target.age" else self.show.fact(subject)
                body, key = f"{names}: {label} {body}", f"{ptype[0]}: {concept} {key}"
                concept = "caps.per_type"
            elif concept == "target.age":
                body, key = f"{self.show.fact(subject)} {body}", f"{subject} {key}"
            slot = f"{ptype[0]}:{subject}" if ptype else subject
            self.add(concept, self._item(r, body, key, slot, cond, lo, hi))
            return
        if ptype is not None:
            names = ", ".join(self.show.choice(p) for p in ptype[0].split(","))
            self.add("caps.per_type", self._item(r, f"{names}: {self.show(e)}", f"{ptype[0]}: {self.canon(e)}",
                                                 f"{ptype[0]}:{r.id}", cond))
            return
        concept, body, key, slot = self._classify(r, e)
        self.add(concept, self._item(r, body, key, slot, cond))

    def _classify(self, r: m.Rule, e: m.Expr) -> tuple[str, str, str, str]:
        show, canon = self.show, self.canon
        if ex.reads(e, m.Count):
            return "who.participants", show(e), canon(e), r.id
        if ex.reads(e, m.Every):
            return "who.every", show(e), canon(e), r.id
        if isinstance(e, m.Member) and isinstance(e.item, m.ApplicantField) and e.item.key == "kind":
            neg = f"{self.w['not']} " if e.negated else ""
            return "who.applicant", neg + show.kinds(e), ("not " if e.negated else "") + canon.kinds(e), "kind"
        if ex.reads(e, m.ApplicantField):
            return "who.applicant", show(e), canon(e), r.id
        crit = ex.criterion(e)
        if crit is not None:
            key, yes = crit
            standard = key in voc.FACTS and not (key in self.g.facts and self.g.facts[key].declared)
            if standard:
                return f"criteria.{key}", self.w["yes" if yes else "no"], "yes" if yes else "no", key
            return "criteria.own", show(e), canon(e), key
        if isinstance(e, m.PartPresent):
            return "parts.required", show.part(e.key), e.key, e.key
        if isinstance(e, m.Member) and isinstance(e.item, m.Fact) and e.item.key in ("target_group", "project_type"):
            concept = "target.group" if e.item.key == "target_group" else "target.project_type"
            names = sorted(e.values)
            if e.negated and len(names) > 1:           # none of them: "not in [a, b]", not "not a or b"
                body = f"{self.w['not in']} [" + ", ".join(show.choice(v) for v in names) + "]"
                return concept, body, "not in [" + ", ".join(names) + "]", e.item.key
            body = (f"{self.w['not']} " if e.negated else "") + f" {self.w['or']} ".join(show.choice(v) for v in names)
            return concept, body, ("not " if e.negated else "") + " or ".join(names), e.item.key
        return "other.rules", show(e), canon(e), r.id

    def _limit_text(self, subject, op, lo, hi, extra, show: ex.Show) -> str:
        def val(v):
            if extra == "share":
                return f"{show.value(v, 'percent')} {show.w['of']} {show.fact('total_cost')}"
            return show.value(v, _SUBJECT_TYPES.get(subject, "number"))
        if op == "between":
            kind = _SUBJECT_TYPES.get(subject)
            if kind == "duration" and lo[0] % 12 == 0 and hi[0] % 12 == 0:
                return f"{lo[0] // 12}–{show.duration(hi[0])}"
            return f"{val(lo[0])} – {val(hi[0])}"
        bound = hi if op in ("<=", "<") else lo
        return f"{ex.OPS[op]} {val(bound[0])}"

    def _strengths(self, rules) -> None:
        applied = [r for r in rules if getattr(r, "status", None) is None]
        counts = {k: sum(1 for r in applied if r.strength == k) for k in ("must", "should", "priority", "part", "may")}
        counts["suspended"] = len(rules) - len(applied)
        if not any(counts.values()):
            return
        w = self.w
        names = {"must": w["must"], "should": w["should"], "priority": w["priority"],
                 "part": "krävda delar" if self.lang == "sv" else "required parts",
                 "may": "tillåtelser" if self.lang == "sv" else "permissions",
                 "suspended": tr("paused or closed", self.lang)}
        text = ", ".join(f"{n} {names[k]}" for k, n in counts.items() if n)
        key = ", ".join(f"{n} {k}" for k, n in counts.items() if n)   # the counts, in a fixed order
        self.add("rules.strengths", Item(text, key, slot="strengths"))


def _num(v) -> str:
    return str(v) if Fraction(v).denominator != 1 else str(int(v))


_SUBJECT_TYPES = {"amount": "money", "per_year": "money", "total_cost": "money", "cofinancing": "money",
                  "evaluation_cost": "money", "duration": "duration", "start": "date", "age_from": "number",
                  "age_to": "number"}
