"""Names, types and settings: from :mod:`sirules.language.nodes` to :mod:`sirules.language.model`.

Resolves every name (constants, facts, participant fields, kinds, groups, parts,
project types; Swedish or English), gives every expression a type, checks the
settings of each block against :data:`sirules.language.vocabulary.SETTINGS`, and collects
every problem as a diagnostic before raising them together.
"""

from __future__ import annotations

import difflib
from fractions import Fraction

from . import model as m
from . import nodes as n
from . import vocabulary as voc
from .diagnostics import Diagnostic, SirulesError, error
from .money import UNITS, round_ore
from .source import SourceFile, Span

MONEY_UNITS = {u for u in UNITS}
PERCENT_UNITS = {"%", "procent", "percent"}
YEAR_UNITS = {"år", "year", "years"}
MONTH_UNITS = {"månad", "månader", "month", "months"}
NUMERIC = {"money", "number", "percent", "duration"}
TYPE_WORDS = {"bool": "yes/no", "money": "an amount of money", "number": "a number",
              "percent": "a percentage", "duration": "a duration", "date": "a date",
              "text": "a text", "tags": "a list of words", "choice": "a choice", "kind": "a participant kind",
              "table": "a table of yearly amounts", "savings": "a list of savings"}
BLOCKS = {"FUND": "fund", "DECISION": "decision", "EVALUATION": "evaluation", "REPAYMENT": "repayment",
          "RISK": "risk", "PORTFOLIO": "portfolio", "CALCULATION": "calculation"}
SPECIAL = {"fund_size": "fund_size", "fondstorlek": "fund_size"}


class _Problem(Exception):
    def __init__(self, diag: Diagnostic):
        self.diag = diag


def from_nodes(g: n.Guideline, source: SourceFile) -> m.Guideline:
    return _Analyser(g, source).run()


def suggest(word: str, candidates) -> str | None:
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None


class _Analyser:
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
        self._resolving: set[str] = set()

    # ---- driver ---------------------------------------------------------------------
    def run(self) -> m.Guideline:
        g = self.g
        self._declarations()
        identity = self._identity()
        vf, vt = self._validity(g.validity)
        rules: list[m.Rule] = []
        blocks: list[m.Block] = []
        sections: list[m.Section] = []
        for item in g.items:
            try:
                if isinstance(item, n.Section):
                    sec = self._section(item)
                    sections.append(sec)
                    self.section = sec
                elif isinstance(item, n.Rule):
                    rules.append(self._rule(item))
                elif isinstance(item, n.Parts):
                    rules.extend(self._parts(item))
                elif isinstance(item, n.Block):
                    block = self._block(item)
                    blocks.append(block)
                    rules.extend(self._portfolio_rules(block, item))
            except _Problem as p:
                self.diags.append(p.diag)
        self._check_ids(rules, g)
        if any(d.severity.value == "error" for d in self.diags):
            seen, unique = set(), []
            for d in self.diags:              # a broken constant is reported once, not at every use
                if (d.code, d.message) not in seen:
                    seen.add((d.code, d.message))
                    unique.append(d)
            raise SirulesError(unique)
        facts = {k: self._fact_info(k) for k in sorted(self.used_facts)}
        return m.Guideline(
            path=self.source.path, lang=self.lang, title=g.title, identity=identity,
            valid_from=vf, valid_to=vt, sections=tuple(sections), blocks=tuple(blocks),
            constants={k: v for k, v in self.constants.items()}, groups=dict(self.groups),
            kinds=dict(self.kinds), facts=facts, project_types=dict(self.project_types),
            parts=dict(self.parts), rules=tuple(rules))

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

    # ---- declarations ------------------------------------------------------------------
    def _define(self, name: str, node) -> bool:
        if name in self.defined:
            first = self.defined[name]
            self.diags.append(error("SIR102", f'"{name}" is defined twice', node.span,
                                    "give each definition its own name",
                                    (("first defined here", first),) if first else ()))
            return False
        self.defined[name] = node.span
        return True

    def _declarations(self) -> None:
        items = self.g.items
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
                ftype = voc.FACT_TYPES.get(item.type)
                if ftype is None:
                    self.diags.append(error("SIR201", f'unknown type "{item.type}" for fact "{item.name}"',
                                            item.span, suggest(item.type, voc.FACT_TYPES) or
                                            "use one of: " + ", ".join(sorted(voc.FACT_TYPES))))
                    continue
                self.facts[item.name] = m.FactInfo(key=item.name, type=ftype, label=item.question or item.name,
                                                   choices=item.choices, declared=True)
                self.fact_names[item.name] = voc.Term(item.name, item.name, ftype, item.name, item.name,
                                                      item.choices)
        for item in items:
            if isinstance(item, n.Group) and self._define(item.name, item):
                members = []
                for name in item.members:
                    if name in self.groups:
                        members.extend(self.groups[name])
                    elif name in self.kind_names:
                        members.append(self.kind_names[name])
                    else:
                        self.diags.append(error("SIR103", f'unknown participant kind "{name}" in group "{item.name}"',
                                                item.span, suggest(name, self.kind_names) or _kinds_hint(self.lang)))
                self.groups[item.name] = frozenset(members)
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
            raise self._err("SIR201", "a constant must be a fixed value, not a fact of the application", node)
        return e.type, e.value

    def _identity(self) -> dict:
        out = {}
        for s in self.g.settings:
            try:
                term, values = self._setting("head", s)
                out[term.key] = values[0]
            except _Problem as p:
                self.diags.append(p.diag)
        return out

    def _validity(self, v: n.Validity | None):
        if v is None:
            return None, None
        if v.start and v.end and v.end < v.start:
            self.diags.append(error("SIR203", f"valid to {v.end} is before valid from {v.start}", v.span,
                                    "swap the dates"))
        return v.start, v.end

    def _section(self, s: n.Section) -> m.Section:
        wording = None
        for st in s.settings:
            term, values = self._setting("section", st)
            wording = values[0]
        return m.Section(number=s.number, heading=s.heading, wording=wording, line=s.span.line if s.span else 0)

    # ---- settings blocks ------------------------------------------------------------------
    def _block(self, b: n.Block) -> m.Block:
        kind = BLOCKS[b.kind]
        vf, vt = self._validity(b.validity)
        seen: dict[str, Span] = {}
        values = []
        for s in b.settings:
            try:
                term, vals = self._setting(kind, s)
            except _Problem as p:
                self.diags.append(p.diag)
                continue
            if not term.type.endswith("*"):
                if term.key in seen:
                    self.diags.append(error("SIR109", f'setting "{s.key}" is given twice', s.span, None,
                                            (("first given here", seen[term.key]),)))
                seen[term.key] = s.span
            cond = self._condition(s.condition) if s.condition is not None else None
            values.append(m.SettingValue(key=term.key, values=vals, condition=cond, origin=self._origin(s)))
        return m.Block(kind=kind, name=b.name, settings=tuple(values), origin=self._origin(b),
                       valid_from=vf, valid_to=vt)

    def _setting(self, block: str, s: n.Setting):
        index = voc.SETTING_INDEX[block]
        term = index.get(s.key)
        if term is None:
            names = [t.name(self.lang) for t in voc.SETTINGS[block].values()]
            raise self._err("SIR105", f'unknown setting "{s.key}" for {_block_word(block, self.lang)}', s,
                            suggest(s.key, index) or "known settings: " + ", ".join(names))
        base = term.type.rstrip("*")
        if s.condition is not None and not term.type.endswith("*"):
            raise self._err("SIR205", f'setting "{s.key}" cannot have a condition', s.condition)
        if len(s.values) > 1 and not term.type.endswith("*"):
            raise self._err("SIR205", f'setting "{s.key}" takes one value', s.values[1])
        return term, tuple(self._setting_value(term, base, v) for v in s.values)

    def _setting_value(self, term: voc.Term, base: str, v):
        if base == "choice":
            if isinstance(v, n.Name) and v.id in voc.CHOICE_INDEX and voc.CHOICE_INDEX[v.id] in term.choices:
                return voc.CHOICE_INDEX[v.id]
            word = v.id if isinstance(v, n.Name) else self._text(v)
            names = [voc.CHOICE_SV[c] if self.lang == "sv" else c for c in term.choices]
            raise self._err("SIR108", f'"{word}" is not a value of "{term.name(self.lang)}"', v,
                            suggest(word, names + list(term.choices)) or "use one of: " + ", ".join(names))
        if base == "text" and isinstance(v, n.Text):
            return v.value
        e = self._expr(v, scope=None)
        if not isinstance(e, m.Const) or e.type != base:
            raise self._err("SIR205", f'"{term.name(self.lang)}" needs {TYPE_WORDS[base]}, got {TYPE_WORDS.get(e.type, e.type)}',
                            v, _type_hint(base, self.lang))
        return e.value

    def _condition(self, node) -> m.Expr:
        e = self._expr(node, scope=None)
        if e.type != "bool":
            raise self._err("SIR204", f"a condition must be yes/no, this is {TYPE_WORDS.get(e.type, e.type)}", node)
        return e

    def _portfolio_rules(self, block: m.Block, node: n.Block) -> list[m.Rule]:
        """A portfolio's largest share per project is checked on every application, as a must-rule
        citing the portfolio block; the high-risk share concerns the whole fund and is only shown."""
        share = block.get("max_share_per_project") if block.kind == "portfolio" else None
        if share is None:
            return []
        size = self._fund_size()
        if size is None:
            raise self._err("SIR101", "a largest share per project needs the fund's size (storlek / size)", node)
        self.used_facts.add("amount")
        cap = m.Const(type="money", value=round_ore(Fraction(size) * share / 100),
                      text=f"{_pct(share, self.lang)} {'av fondstorlek' if self.lang == 'sv' else 'of fund_size'}")
        expr = m.Cmp(type="bool", op="<=", left=m.Fact(type="money", key="amount",
                                                       text="belopp" if self.lang == "sv" else "amount"),
                     right=cap, text="")
        label = ("högsta andel av fonden per projekt" if self.lang == "sv"
                 else "the largest share of the fund for one project")
        return [m.Rule(id="portfolio:max_share_per_project", strength="must", label=label, expr=expr,
                       origin=block.origin, valid_from=block.valid_from, valid_to=block.valid_to, facts=("amount",))]

    # ---- rules and parts ------------------------------------------------------------------
    def _rule(self, r: n.Rule) -> m.Rule:
        strength = r.strength.lower()
        self.rule_facts: set[str] = set()
        expr = self._expr(r.expr, scope=None)
        if expr.type != "bool":
            raise self._err("SIR204", f'rule "{r.name}" must be a yes/no condition, but this is {TYPE_WORDS.get(expr.type, expr.type)}',
                            r.expr, _bool_hint(r.expr, self.lang))
        weight = 0
        if r.weight is not None:
            if strength != "priority":
                raise self._err("SIR209", "only a priority rule can have a weight", r.weight)
            if r.weight.value != int(r.weight.value) or r.weight.value <= 0:
                raise self._err("SIR201", "a weight must be a whole number above 0", r.weight)
            weight = int(r.weight.value)
        elif strength == "priority":
            weight = 1
        vf, vt = self._validity(r.validity)
        return m.Rule(id=r.name, strength=strength, label=r.label, expr=expr, origin=self._origin(r),
                      weight=weight, valid_from=vf, valid_to=vt, facts=tuple(sorted(self.rule_facts)))

    def _parts(self, p: n.Parts) -> list[m.Rule]:
        out = []
        for line in p.lines:
            keys = []
            for name in line.names:
                key = self.part_names.get(name)
                if key is None:
                    raise self._err("SIR104", f'unknown application part "{name}"', line,
                                    suggest(name, self.part_names) or
                                    'declare it first, e.g. part logic_model "Logic model"'
                                    if self.lang == "en" else
                                    suggest(name, self.part_names) or 'deklarera den först, t.ex. del logikmodell "Logikmodell"')
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
                self.diags.append(error("SIR102", f'rule "{r.id}" is defined twice',
                                        Span(self.source.path, r.origin.line, r.origin.column, r.origin.line, r.origin.column + 1),
                                        "give each rule its own name",
                                        (("first defined here", Span(self.source.path, seen[r.id].origin.line,
                                                                     seen[r.id].origin.column, seen[r.id].origin.line,
                                                                     seen[r.id].origin.column + 1)),)))
            seen.setdefault(r.id, r)

    # ---- expressions -------------------------------------------------------------------
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
                raise self._err("SIR005", f"{text} is not a whole number of months", q)
            return m.Const(type="duration", value=int(months), text=text)
        ore = Fraction(q.value) * UNITS[unit]
        if ore.denominator != 1:
            raise self._err("SIR005", f"{text} is not a whole number of öre", q)
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
        if scope == "participant" and name in voc.FIELD_INDEX:
            t = voc.FIELD_INDEX[name]
            return m.PField(type=t.type, key=t.key, text=text)
        if name in self.constants:
            t, v = self.constants[name]
            return m.Const(type=t, value=v, text=text)
        if name in SPECIAL:
            size = self._fund_size()
            if size is None:
                raise self._err("SIR101", f'"{name}" needs a fund block with a size', node)
            return m.Const(type="money", value=size, text=text)
        if name in self.fact_names:
            t = self.fact_names[name]
            self.used_facts.add(t.key)
            if hasattr(self, "rule_facts"):
                self.rule_facts.add(t.key)
            ftype = t.type
            if t.key == "project_type" and not self.project_types:
                raise self._err("SIR101", f'"{name}" needs project types; declare them with '
                                + ('"project type social_investment"' if self.lang == "en" else '"projekttyp social_investering"'), node)
            return m.Fact(type=ftype, key=t.key, text=text)
        if any(isinstance(i, n.Constant) and i.name == name for i in self.g.items):
            if name in self._resolving:
                raise self._err("SIR208", f'constant "{name}" refers to itself', node,
                                "a constant must be computed from values and other constants")
            t, v = self._const(n.Name(id=name, span=node.span), set())
            return m.Const(type=t, value=v, text=text)
        candidates = list(self.constants) + list(self.fact_names) + list(SPECIAL)
        if scope == "participant":
            candidates += list(voc.FIELD_INDEX)
        hint = suggest(name, candidates)
        if hint is None and name in self.kind_names:
            hint = ('a participant kind is compared with "is": kind is ' + name if self.lang == "en"
                    else 'en aktörstyp jämförs med "är": typ är ' + name)
        raise self._err("SIR101", f'unknown name "{name}"', node, hint or "declare it as a fact or a constant")

    def _fund_size(self):
        for item in self.g.items:
            if isinstance(item, n.Block) and item.kind == "FUND":
                for s in item.settings:
                    if s.key in ("size", "storlek"):
                        e = self._expr(s.values[0], None)
                        return e.value if e.type == "money" and hasattr(e, "value") else None   # a fact: unknown
        return None

    def _e_Field(self, node: n.Field, scope):
        if node.obj not in ("applicant", "sökande"):
            raise self._err("SIR101", f'unknown name "{node.obj}"', node,
                            suggest(node.obj, ["applicant", "sökande"]) or 'only "applicant" / "sökande" has fields')
        t = voc.FIELD_INDEX.get(node.field)
        if t is None:
            raise self._err("SIR106", f'a participant has no field "{node.field}"', node,
                            suggest(node.field, voc.FIELD_INDEX) or "fields: " + ", ".join(
                                f.name(self.lang) for f in voc.FIELDS.values()))
        return m.ApplicantField(type=t.type, key=t.key, text=self._text(node))

    def _bool(self, node, scope) -> m.Expr:
        e = self._expr(node, scope)
        if e.type != "bool":
            raise self._err("SIR204", f"expected a yes/no condition here, got {TYPE_WORDS.get(e.type, e.type)}", node,
                            _bool_hint(node, self.lang))
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
        left, right = self._expr(node.left, scope), self._expr(node.right, scope)
        self._comparable(left, right, node)
        if node.op not in ("=", "!=") and left.type in ("bool", "text", "kind", "choice", "tags"):
            raise self._err("SIR201", f"{TYPE_WORDS[left.type]} cannot be compared with {node.op}", node)
        return m.Cmp(type="bool", op=node.op, left=left, right=right, text=self._text(node))

    def _comparable(self, left: m.Expr, right: m.Expr, node) -> None:
        lt, rt = left.type, right.type
        if lt == rt:
            return
        if {lt, rt} == {"percent", "ratio"}:
            return
        hint = None
        if {lt, rt} == {"money", "percent"}:
            hint = ('to compare with a share of an amount, write e.g. "50 % of total_cost"' if self.lang == "en"
                    else 'för att jämföra med en andel av ett belopp, skriv t.ex. "50 % av total_kostnad"')
        elif {lt, rt} == {"money", "number"}:
            hint = ('give the amount a unit, e.g. "500 000 kr"' if self.lang == "en"
                    else 'ange beloppet med enhet, t.ex. "500 000 kr"')
        elif {lt, rt} == {"duration", "number"}:
            hint = 'give the duration a unit, e.g. "3 years" or "36 months"' if self.lang == "en" else \
                'ange tiden med enhet, t.ex. "3 år" eller "36 månader"'
        raise self._err("SIR201", f"cannot compare {TYPE_WORDS.get(lt, lt)} ({left.text}) with "
                                  f"{TYPE_WORDS.get(rt, rt)} ({right.text})", node, hint)

    def _e_Is(self, node: n.Is, scope):
        left = self._expr(node.left, scope)
        text = self._text(node)
        r = node.right
        if left.type in ("kind", "choice", "tags"):
            if not isinstance(r, n.Name):
                raise self._err("SIR201", f"expected a word after \"is\", got {self._text(r)}", r)
            value = self._choice_value(left, r)
            return m.Member(type="bool", item=left, values=frozenset([value]), negated=node.negated, text=text)
        right = self._expr(r, scope)
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
                raise self._err("SIR103", f'"{r.id}" is a group; write "in {r.id}"' if self.lang == "en"
                                else f'"{r.id}" är en grupp; skriv "i {r.id}"', r)
            raise self._err("SIR103", f'unknown participant kind "{r.id}"', r,
                            suggest(r.id, self.kind_names) or _kinds_hint(self.lang))
        if left.type == "tags":
            return r.id
        choices = self._choices_of(left)
        word = voc.CHOICE_INDEX.get(r.id, r.id)
        if word in choices:
            return word
        raise self._err("SIR108", f'"{r.id}" is not one of the values of {left.text}', r,
                        suggest(r.id, list(choices) + [voc.CHOICE_SV.get(c, c) for c in choices])
                        or "values: " + ", ".join(choices))

    def _choices_of(self, e: m.Expr) -> tuple:
        if isinstance(e, m.Fact):
            if e.key == "project_type":
                return tuple(self.project_types)
            if e.key in self.facts:
                return self.facts[e.key].choices
            return voc.FACTS[e.key].choices
        return ()

    def _e_InGroup(self, node: n.InGroup, scope):
        left = self._expr(node.left, scope)
        if left.type != "kind":
            raise self._err("SIR201", f'"in {node.group}" needs a participant kind on the left, got {left.text}', node)
        if node.group not in self.groups:
            raise self._err("SIR107", f'unknown group "{node.group}"', node,
                            suggest(node.group, self.groups) or "declare it, e.g. group external = association, foundation")
        return m.Member(type="bool", item=left, values=self.groups[node.group], group=node.group,
                        text=self._text(node))

    def _e_Between(self, node, scope):
        item, low, high = (self._expr(x, scope) for x in (node.item, node.low, node.high))
        self._comparable(item, low, node)
        self._comparable(item, high, node)
        if isinstance(low, m.Const) and isinstance(high, m.Const) and low.value > high.value:
            raise self._err("SIR202", f"the range {low.text} – {high.text} is empty (the low end is above the high end)",
                            node, "swap the two ends")
        return m.Between(type="bool", item=item, low=low, high=high, text=self._text(node))

    def _e_Arith(self, node: n.Arith, scope):
        left, right = self._expr(node.left, scope), self._expr(node.right, scope)
        lt, rt, op = left.type, right.type, node.op
        out = None
        if op in "+-" and lt == rt and lt in NUMERIC | {"ratio"}:
            out = lt
        elif op == "*" and {lt, rt} <= {"number"}:
            out = "number"
        elif op == "*" and sorted([lt, rt]) in (["money", "number"], ["duration", "number"]):
            out = lt if lt != "number" else rt
        elif op == "/" and rt == "number" and lt in ("money", "number", "duration"):
            out = lt
        elif op == "/" and lt == rt and lt in ("money", "duration"):
            out = "ratio"
        if out is None:
            raise self._err("SIR201", f"cannot compute {TYPE_WORDS.get(lt, lt)} {op} {TYPE_WORDS.get(rt, rt)} "
                                      f"({self._text(node)})", node)
        if isinstance(left, m.Const) and isinstance(right, m.Const):
            value = _fold(op, left.value, right.value)
            if out == "money":
                value = Fraction(value)
                if value.denominator != 1:
                    raise self._err("SIR005", f"{self._text(node)} is not a whole number of öre", node)
                value = int(value)
            return m.Const(type=out, value=value, text=self._text(node))
        return m.Arith(type=out, op=op, left=left, right=right, text=self._text(node))

    def _e_Neg(self, node, scope):
        item = self._expr(node.item, scope)
        if item.type not in NUMERIC:
            raise self._err("SIR201", f"cannot negate {TYPE_WORDS.get(item.type, item.type)}", node)
        if isinstance(item, m.Const):
            return m.Const(type=item.type, value=-item.value, text=self._text(node))
        return m.Neg(type=item.type, item=item, text=self._text(node))

    def _e_ShareOf(self, node, scope):
        share = self._expr(node.share, scope)
        base = self._expr(node.base, scope)
        if not (isinstance(share, m.Const) and share.type == "percent"):
            raise self._err("SIR201", f'"{self._text(node.share)}" must be a percentage such as 50 %', node.share)
        if base.type not in ("money", "number", "duration"):
            raise self._err("SIR201", f"a share must be taken of an amount, a number or a duration, "
                                      f"not {TYPE_WORDS.get(base.type, base.type)}", node.base)
        if isinstance(base, m.Const):
            value = base.value * share.value / 100
            if base.type == "money":
                if value.denominator != 1:
                    raise self._err("SIR005", f"{self._text(node)} is not a whole number of öre", node)
                value = int(value)
            elif isinstance(value, Fraction) and value.denominator == 1:
                value = int(value)
            return m.Const(type=base.type, value=value, text=self._text(node))
        return m.ShareOf(type=base.type, share=share.value / 100, base=base, text=self._text(node))

    def _e_Count(self, node: n.Count, scope):
        if scope == "participant":
            raise self._err("SIR201", "a count cannot be nested inside a condition on participants", node)
        flt = self._bool(node.filter, "participant") if node.filter is not None else None
        distinct = None
        if node.distinct is not None:
            t = voc.FIELD_INDEX.get(node.distinct)
            if t is None:
                raise self._err("SIR106", f'a participant has no field "{node.distinct}"', node,
                                suggest(node.distinct, voc.FIELD_INDEX))
            distinct = t.key
        return m.Count(type="number", filter=flt, distinct=distinct, text=self._text(node))

    def _e_Every(self, node: n.Every, scope):
        if scope == "participant":
            raise self._err("SIR201", "a condition on every participant cannot be nested", node)
        flt = self._bool(node.filter, "participant") if node.filter is not None else None
        cond = self._bool(node.cond, "participant")
        return m.Every(type="bool", filter=flt, cond=cond, text=self._text(node))

    def _e_Aggregate(self, node: n.Aggregate, scope):
        t = self.fact_names.get(node.name)
        if t is None or t.type not in ("table", "savings"):
            raise self._err("SIR201", f'"{node.fn}" needs a table of yearly amounts such as budget or savings, '
                                      f'not "{node.name}"', node, suggest(node.name, ["budget", "savings", "besparingar"]))
        self.used_facts.add(t.key)
        if hasattr(self, "rule_facts"):          # also used in settings, outside any rule
            self.rule_facts.add(t.key)
        return m.Agg(type="money", fn=node.fn, key=t.key, text=self._text(node))

    def _e_PartPresent(self, node: n.PartPresent, scope):
        key = self.part_names.get(node.part)
        if key is None:
            raise self._err("SIR104", f'unknown application part "{node.part}"', node,
                            suggest(node.part, self.part_names) or "declare it with a part declaration")
        return m.PartPresent(type="bool", key=key, name=node.part, text=self._text(node))


def _pct(value: Fraction, lang: str) -> str:
    from decimal import Decimal
    from .money import format_percent
    return format_percent(Decimal(value.numerator) / Decimal(value.denominator), lang)


def _fold(op: str, a, b):
    a, b = Fraction(a), Fraction(b)
    if op == "+":
        v = a + b
    elif op == "-":
        v = a - b
    elif op == "*":
        v = a * b
    else:
        v = a / b if b else Fraction(0)
    return int(v) if v.denominator == 1 else v


def _kinds_hint(lang: str) -> str:
    names = [t.name(lang) for t in voc.KINDS.values()]
    return "known kinds: " + ", ".join(names[:8]) + ", …"


def _block_word(block: str, lang: str) -> str:
    from .keywords import spelling
    if block in ("head", "section"):
        return {"head": "the guideline", "section": "a section"}[block]
    return f'"{spelling(block.upper(), lang)}"'


def _type_hint(base: str, lang: str) -> str | None:
    return {
        "money": 'write an amount with a unit, e.g. "10 mnkr" or "500 000 kr"',
        "percent": 'write a percentage, e.g. "3,5 %"',
        "date": "write a date as YYYY-MM-DD",
        "duration": 'write a duration with a unit, e.g. "3 år" or "18 månader"',
        "text": 'write a text in quotes, e.g. "Kommunstyrelsen"',
        "number": "write a number",
        "bool": "write ja/nej (yes/no)",
    }.get(base)


def _bool_hint(node, lang: str) -> str | None:
    if isinstance(node, n.Compare) and isinstance(node.left, n.Count) and node.left.filter is not None:
        return None
    if isinstance(node, n.Count) and node.filter is not None:
        return ("a count needs a comparison, e.g. count participants where kind is municipal_unit >= 2"
                if lang == "en" else
                "ett antal behöver en jämförelse, t.ex. antal deltagare där typ är förvaltning >= 2")
    return None
