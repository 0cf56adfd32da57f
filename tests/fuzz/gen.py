"""Guideline texts from the grammar: three generators, mixed by the campaign.

- :class:`Plausible` writes guidelines a finance officer might write: it walks the
  statement kinds of the language with the keyword table (:mod:`sirules.language.keywords`) and
  the vocabulary (:mod:`sirules.language.vocabulary`), mostly well typed, with a dash of
  nonsense (wrong types, unknown names, odd numbers and dates, deep nesting).
- :func:`grammar_walk` walks lark's own rules of the grammar at random (every
  construct, no meaning).
- :func:`hypothesis_pool` draws a few texts with ``hypothesis.extra.lark.from_lark``
  (slow, so a small pool per worker, drawn once with a fixed seed).

Every generator takes a ``random.Random`` and is deterministic given it.
"""

from __future__ import annotations

import random

from sirules.language import keywords
from sirules.language import vocabulary as voc

# ---- small pieces ---------------------------------------------------------------------

MONEY_UNITS = ("kr", "kronor", "tkr", "mnkr", "MSEK", "kSEK", "mkr", "öre", "sek", "mdkr")
PERCENT_UNITS = ("%", "procent", "percent")
DURATION_UNITS_SV = ("år", "månader", "månad")
DURATION_UNITS_EN = ("years", "year", "months", "month")
CMPS = (">=", "<=", "=", "!=", ">", "<", "≥", "≤", "≠")
ODD_NUMBERS = ("0", "00", "0,0", "1,5", "999 999 999", "99999999999999999999999999999",
               "123456789012345678901234567890123", "1 000 000 000 000 000", "0,000000000000001",
               "4294967296", "9223372036854775808")
ODD_DATES = ("2023-02-30", "2021-02-29", "0000-01-01", "9999-12-31", "2020-13-01", "2020-00-10",
             "2024-02-29", "1900-01-01", "2021-04-31")
ODD_NAMES = ("x", "_", "ä", "Å_ö", "a" * 300, "belopp2", "risk", "om", "och", "del", "ska", "typ",
             "antal", "summa", "fond", "budget", "ja", "nej", "__class__", "None", "True", "def",
             "lambda", "ålder", "ﬁ", "ǅ", "Ωmega", "名前", "x\u0301", "_0")
TEXTS = ("Kommunstyrelsen", "Ale kommun", "", "x", "Socialnämnden", "Beredningsgruppen",
         "tab\\tand\\nnewline", 'quote \\" inside', "ÅÄÖ åäö", "\u202eright-to-left", "zero\u200bwidth",
         "emoji 😀", "a" * 200, "{braces} and %s and {0}", "\\\\")


def kw(name: str, lang: str, rnd: random.Random) -> str:
    """A spelling of keyword ``name``: the file's language, rarely the other one."""
    sv, en = keywords.KEYWORDS[name]
    pool = sv if lang == "sv" else en
    if rnd.random() < 0.03:
        pool = en if lang == "sv" else sv
    return rnd.choice(pool)


def string_lit(rnd: random.Random, triple: bool | None = None) -> str:
    text = rnd.choice(TEXTS)
    if triple is None:
        triple = rnd.random() < 0.1
    if triple:
        return '"""' + text.replace('"""', "") + '\nmore lines\n"""'
    return '"' + text + '"'


def date_lit(rnd: random.Random) -> str:
    if rnd.random() < 0.05:
        return rnd.choice(ODD_DATES)
    return f"{rnd.randint(2005, 2030)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"


def number_lit(rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.05:
        return rnd.choice(ODD_NUMBERS)
    if r < 0.2:
        return f"{rnd.randint(0, 99)},{rnd.randint(0, 99)}"
    if r < 0.35:
        n = rnd.randint(1000, 99_999_999)
        return f"{n:,}".replace(",", " ")
    return str(rnd.randint(0, 100))


# ---- the plausible generator ---------------------------------------------------------

class Plausible:
    """One random guideline that mostly makes sense."""

    def __init__(self, rnd: random.Random, lang: str | None = None, weird: float = 0.06):
        self.rnd = rnd
        self.lang = lang or rnd.choice(("sv", "en"))
        self.weird = weird
        self.constants: dict[str, str] = {}       # name -> type
        self.groups: list[str] = []
        self.kinds: list[str] = []
        self.facts: dict[str, str] = {}
        self.types: list[str] = []
        self.parts: list[str] = []
        self.pots: list[str] = []
        self.depth = 0

    # -- helpers
    def k(self, name: str) -> str:
        return kw(name, self.lang, self.rnd)

    def odd(self) -> bool:
        return self.rnd.random() < self.weird

    def name_of(self, term: voc.Term) -> str:
        return term.name(self.lang) if self.rnd.random() < 0.9 else term.key

    def fresh(self, prefix: str) -> str:
        if self.odd():
            return self.rnd.choice(ODD_NAMES)
        return f"{prefix}_{self.rnd.randint(0, 30)}"

    # -- whole file
    def text(self, items: int | None = None) -> str:
        rnd = self.rnd
        out = [self.head()]
        for _ in range(rnd.randint(0, 14) if items is None else items):
            out.append(self.item())
        sep = "\n" if rnd.random() < 0.9 else rnd.choice(("\n\n", "\n# comment\n", " ", "\n\t"))
        return sep.join(out) + ("\n" if rnd.random() < 0.8 else "")

    def head(self) -> str:
        rnd = self.rnd
        line = f"{self.k('GUIDELINE')} {string_lit(rnd, False)}"
        if rnd.random() < 0.6:
            line += " " + self.validity()
        out = [line]
        for t in rnd.sample(list(voc.SETTINGS["head"].values()), rnd.randint(0, 4)):
            out.append(f"  {t.name(self.lang)}: {self.setting_value(t)}")
        return "\n".join(out)

    def validity(self) -> str:
        rnd = self.rnd
        s = self.k("VALID")
        r = rnd.random()
        if r < 0.7:
            s += f" {self.k('FROM')} {date_lit(rnd)}"
        if r > 0.4:
            s += f" {self.k('TO')} {date_lit(rnd)}"
        return s

    def item(self) -> str:
        rnd = self.rnd
        kind = rnd.choices(
            ("section", "rule", "parts", "constant", "group", "kind", "fact", "type", "part", "block",
             "round", "commitment"),
            weights=(2, 10, 2, 2, 1.5, 1, 1.5, 1, 1, 3, 1, 1))[0]
        return getattr(self, "item_" + kind)()

    # -- call rounds and duties (#17 points 2 and 5)
    def yearly(self) -> str:
        from sirules.language.build_dates import CALENDAR
        months = CALENDAR[self.lang]["month"]
        day = self.rnd.randint(1, 31) if self.odd() else self.rnd.randint(1, 28)
        return f"{day} {self.rnd.choice(months)} {self.k('EVERY_YEAR')}"

    def item_round(self) -> str:
        rnd = self.rnd
        ends = (date_lit(rnd), date_lit(rnd)) if rnd.random() < 0.5 else (self.yearly(), self.yearly())
        label = f" {string_lit(rnd, False)}" if rnd.random() < 0.5 else ""
        status = rnd.choice(("", "", "", f" {self.k('PAUSED')}", f" {self.k('CLOSED')}"))
        return f"{self.k('ROUND')} {self.fresh('omgång')}{label} {self.k('FROM')} {ends[0]} {self.k('TO')} {ends[1]}{status}"

    def item_commitment(self) -> str:
        rnd = self.rnd
        who = self.name_of(voc.FACT_INDEX["title"]) if self.odd() else (
            ("sökande" if self.lang == "sv" else "applicant") if rnd.random() < 0.6 else string_lit(rnd, False))
        due = (f" {self.k('BY')} {rnd.choice((0, 1, 3, 12, 36, 999999))} "
               f"{'månader' if self.lang == 'sv' else 'months'} {self.k('AFTER_END')}") if rnd.random() < 0.6 else ""
        return f"{self.k('COMMITMENT')} {self.fresh('åtagande')}: {who} {string_lit(rnd, False)}{due}"

    def date_condition(self) -> str:
        """A condition on the submission date: a part, a yearly day, or an open round."""
        from sirules.language.build_dates import CALENDAR
        rnd = self.rnd
        sub = "inlämnad" if self.lang == "sv" else "submitted"
        r = rnd.random()
        if r < 0.35:
            part = rnd.choice(("månad", "år", "dag", "veckodag") if self.lang == "sv" else
                              ("month", "year", "day", "weekday"))
            value = rnd.choice(CALENDAR[self.lang]["month"]) if part in ("månad", "month") else str(rnd.randint(1, 12))
            return f"{sub}.{part} {rnd.choice(CMPS)} {value}"
        if r < 0.65:
            return f"{sub} {rnd.choice(CMPS)} {self.yearly()}"
        return f"{sub} {self.k('WITHIN')} {self.k('OPEN_ROUND')}"

    def item_section(self) -> str:
        rnd = self.rnd
        num = ".".join(str(rnd.randint(0, 12)) for _ in range(rnd.randint(1, 3)))
        if rnd.random() < 0.1:
            num += "a"
        s = f"{self.k('SECTION')} {num}"
        if rnd.random() < 0.8:
            s += " " + string_lit(rnd, False)
        if rnd.random() < 0.3:
            s += f"\n  {voc.SETTINGS['section']['wording'].name(self.lang)}: {string_lit(rnd)}"
        return s

    def item_rule(self) -> str:
        rnd = self.rnd
        strength = rnd.choices(("MUST", "SHOULD", "PRIORITY"), weights=(6, 2, 2))[0]
        s = f"{self.k(strength)} {self.fresh('regel')}"
        if strength == "PRIORITY" and rnd.random() < 0.7 or self.odd():
            s += f" {self.k('WEIGHT')} {number_lit(rnd) if self.odd() else rnd.randint(1, 10)}"
        if rnd.random() < 0.7:
            s += " " + string_lit(rnd, False)
        if rnd.random() < 0.15:
            s += " " + self.validity()
            if rnd.random() < 0.3:                  # a paused or closed rule (#17 point 2)
                s += " " + self.k(rnd.choice(("PAUSED", "CLOSED")))
        elif rnd.random() < 0.04:
            s += " " + self.k(rnd.choice(("PAUSED", "CLOSED")))
        self.depth = 0
        body = self.bool_expr()
        return s + (":\n  " if rnd.random() < 0.5 else ": ") + body

    def item_parts(self) -> str:
        rnd = self.rnd
        lines = [self.k("PARTS")]
        for _ in range(rnd.randint(1, 4)):
            r = rnd.random()
            names = ", ".join(self.part_name() for _ in range(rnd.randint(1, 5)))
            if r < 0.55:
                line = f"  {self.k('REQUIRED')} {names}"
                if rnd.random() < 0.3:
                    self.depth = 0
                    line += f" {self.k('IF')} {self.bool_expr()}"
            elif r < 0.8:
                line = f"  {self.k('OPTIONAL')} {names}"
            else:
                line = f"  {self.k('SUPPLIED')} {string_lit(rnd, False)}: {names}"
            lines.append(line)
        return "\n".join(lines)

    def item_constant(self) -> str:
        name = self.fresh("konst")
        typ = self.rnd.choice(("money", "percent", "number", "duration", "date"))
        self.depth = 0
        value = self.expr_of(typ)
        self.constants[name] = typ
        return f"{self.k('CONSTANT')} {name} = {value}"

    def item_group(self) -> str:
        name = self.fresh("grupp")
        members = ", ".join(self.kind_name() for _ in range(self.rnd.randint(1, 5)))
        self.groups.append(name)
        return f"{self.k('GROUP')} {name} = {members}"

    def item_kind(self) -> str:
        name = self.fresh("aktör")
        self.kinds.append(name)
        return f"{self.k('KIND')} {name}" + (" " + string_lit(self.rnd, False) if self.rnd.random() < 0.7 else "")

    def item_fact(self) -> str:
        rnd = self.rnd
        name = self.fresh("faktum")
        ftype = rnd.choice(list(voc.FACT_TYPES))
        if self.odd():
            ftype = rnd.choice(ODD_NAMES)
        canon = voc.FACT_TYPES.get(ftype, "bool")
        s = f"{self.k('FACT')} {name}: {ftype}"
        if canon == "choice" or self.odd():
            s += "(" + ", ".join(self.fresh("val") for _ in range(rnd.randint(1, 4))) + ")"
        if rnd.random() < 0.7:
            s += " " + string_lit(rnd, False)
        self.facts[name] = canon
        return s

    def item_type(self) -> str:
        name = self.fresh("typ")
        self.types.append(name)
        return f"{self.k('PROJECT_TYPE')} {name}" + (" " + string_lit(self.rnd, False) if self.rnd.random() < 0.6 else "")

    def item_part(self) -> str:
        name = self.fresh("del") if self.rnd.random() < 0.5 else self.name_of(self.rnd.choice(list(voc.PARTS.values())))
        self.parts.append(name)
        return f"{self.k('PART')} {name}" + (" " + string_lit(self.rnd, False) if self.rnd.random() < 0.7 else "")

    def item_block(self) -> str:
        rnd = self.rnd
        kinds = {"FUND": "fund", "DECISION": "decision", "EVALUATION": "evaluation", "REPAYMENT": "repayment",
                 "RISK": "risk", "PORTFOLIO": "portfolio", "CALCULATION": "calculation"}
        kwname = rnd.choice(list(kinds))
        block = kinds[kwname]
        s = self.k(kwname)
        if rnd.random() < 0.15:
            s += " " + string_lit(rnd, False)
        if rnd.random() < 0.15:
            s += " " + self.validity()
        lines = [s]
        table = list(voc.SETTINGS[block].values())
        for t in rnd.sample(table, rnd.randint(0, min(len(table), 5))):
            name = t.name(self.lang) if rnd.random() < 0.9 else t.key
            if self.odd():
                name = self.rnd.choice(ODD_NAMES)
            line = f"  {name}: {self.setting_value(t)}"
            if t.type.endswith("*") and rnd.random() < 0.4:
                line += ", " + self.setting_value(t)
            if t.type.endswith("*") and rnd.random() < 0.3 or self.odd():
                self.depth = 0
                line += f" {self.k('IF')} {self.bool_expr()}"
            lines.append(line)
        if kwname == "FUND" and rnd.random() < 0.4:          # pots (#18 point 3)
            for _ in range(rnd.randint(1, 2)):
                pot = self.fresh("pott")
                self.pots.append(pot)
                lines.append(f"  {self.k('POT')} {pot}: {self.literal('money')} {self.k('PER_YEAR')}")
        return "\n".join(lines)

    def register_value(self, typ: str) -> str | None:
        """A value read from the fund's register, of type ``typ`` (#18 point 3), or None."""
        if typ == "number":
            return self.k("EARLIER_GRANTS")
        if typ == "percent":
            return self.k("HIGH_RISK_SHARE")
        if typ == "money":
            if self.pots and self.rnd.random() < 0.5 or self.odd():
                return f"{self.k('POT_GRANTED')} {self.rnd.choice(self.pots) if self.pots else self.fresh('pott')}"
            return self.k("FUND_BALANCE")
        return None

    def setting_value(self, t: voc.Term) -> str:
        rnd = self.rnd
        typ = t.type.rstrip("*")
        if self.odd():
            typ = rnd.choice(("text", "money", "choice", "date", "duration", "bool", "number", "percent"))
        if typ == "text":
            return string_lit(rnd)
        if typ == "choice":
            if t.choices and rnd.random() < 0.9:
                c = rnd.choice(t.choices)
                return voc.CHOICE_SV.get(c, c) if self.lang == "sv" and rnd.random() < 0.8 else c
            return self.fresh("val")
        if typ == "bool":
            return self.k(rnd.choice(("YES", "NO")))
        self.depth = 0
        return self.expr_of(typ if typ in ("money", "date", "duration", "number", "percent") else "number")

    # -- names
    def part_name(self) -> str:
        if self.parts and self.rnd.random() < 0.3:
            return self.rnd.choice(self.parts)
        if self.odd():
            return self.fresh("del")
        return self.name_of(self.rnd.choice(list(voc.PARTS.values())))

    def kind_name(self) -> str:
        rnd = self.rnd
        r = rnd.random()
        if self.kinds and r < 0.2:
            return rnd.choice(self.kinds)
        if self.groups and r < 0.3:
            return rnd.choice(self.groups)
        if self.odd():
            return self.fresh("aktör")
        return self.name_of(rnd.choice(list(voc.KINDS.values())))

    def fact_of(self, typ: str) -> str | None:
        rnd = self.rnd
        own = [n for n, t in self.facts.items() if t == typ]
        consts = [n for n, t in self.constants.items() if t == typ]
        std = [t for t in voc.FACTS.values() if t.type == typ]
        r = rnd.random()
        if own and r < 0.2:
            return rnd.choice(own)
        if consts and r < 0.35:
            return rnd.choice(consts)
        if std:
            return self.name_of(rnd.choice(std))
        return None

    # -- expressions
    def literal(self, typ: str) -> str:
        rnd = self.rnd
        if typ == "money":
            unit = rnd.choice(MONEY_UNITS)
            n = number_lit(rnd)
            return f"{n} {unit}" if rnd.random() < 0.9 else f"{n}{unit}"
        if typ == "percent":
            return f"{rnd.choice(('0', '5', '30', '50', '100', '3,5', '250'))} {rnd.choice(PERCENT_UNITS)}"
        if typ == "duration":
            units = DURATION_UNITS_SV if self.lang == "sv" else DURATION_UNITS_EN
            return f"{rnd.choice(('0', '1', '2', '3', '18', '36', '1,5', '0,5', '1000'))} {rnd.choice(units)}"
        if typ == "date":
            return date_lit(rnd)
        if typ == "number":
            return number_lit(rnd)
        if typ == "bool":
            return self.k(rnd.choice(("YES", "NO")))
        return string_lit(rnd, False)

    def expr_of(self, typ: str) -> str:
        """An expression of type money/percent/duration/date/number."""
        rnd = self.rnd
        self.depth += 1
        if self.odd():
            typ = rnd.choice(("money", "percent", "duration", "date", "number", "bool", "text"))
        r = rnd.random()
        deep = self.depth > 4
        if r < 0.45 or deep:
            if r < 0.2 or deep:
                return self.literal(typ)
            name = self.fact_of(typ)
            return name if name else self.literal(typ)
        if typ == "money" and r < 0.6:
            return f"{self.literal('percent')} {self.k('OF')} {self.fact_of('money') or self.literal('money')}"
        if typ == "money" and r < 0.7:
            if r > 0.68:
                return self.register_value("money")
            return f"{self.k(rnd.choice(('SUM', 'MAX', 'MIN')))} budget"
        if typ in ("number", "percent") and r < 0.5:
            return self.register_value(typ)
        if typ in ("money", "number", "duration", "percent") and r < 0.9:
            op = rnd.choice(("+", "-", "*", "/"))
            if op in "*/":
                return f"{self.expr_of(typ)} {op} {self.literal('number')}"
            return f"{self.expr_of(typ)} {op} {self.expr_of(typ)}"
        if r < 0.95:
            return f"({self.expr_of(typ)})"
        return f"-{self.expr_of(typ)}"

    def bool_expr(self) -> str:
        rnd = self.rnd
        self.depth += 1
        if self.odd() and rnd.random() < 0.3:
            return self.deep_nest()
        if self.depth > 3:
            return self.comparison()
        r = rnd.random()
        if r < 0.45:
            return self.comparison()
        if r < 0.6:
            return f"{self.bool_expr()} {self.k('AND')} {self.bool_expr()}"
        if r < 0.75:
            return f"{self.bool_expr()} {self.k('OR')} {self.bool_expr()}"
        if r < 0.8:
            return f"{self.k('NOT')} {self.bool_expr()}"
        if r < 0.9:
            return f"{self.k('IF')} {self.bool_expr()} {self.k('THEN')} {self.bool_expr()}"
        return f"({self.bool_expr()})"

    def comparison(self) -> str:
        rnd = self.rnd
        r = rnd.random()
        if r < 0.05:
            return self.date_condition()
        if r < 0.3:
            typ = rnd.choice(("money", "money", "percent", "duration", "date", "number"))
            return f"{self.expr_of(typ)} {rnd.choice(CMPS)} {self.expr_of(typ)}"
        if r < 0.38:
            typ = rnd.choice(("money", "duration", "number", "date"))
            return (f"{self.expr_of(typ)} {self.k('BETWEEN')} {self.expr_of(typ)} {self.k('AND')} "
                    f"{self.expr_of(typ)}")
        if r < 0.5:
            name = self.fact_of("bool") or "förebyggande"
            neg = f" {self.k('NOT')}" if rnd.random() < 0.2 else ""
            return f"{name} {self.k('IS')}{neg} {self.k(rnd.choice(('YES', 'NO')))}"
        if r < 0.6:
            who = rnd.choice(("sökande", "applicant")) if not self.odd() else self.fresh("x")
            field = rnd.choice(list(voc.FIELDS.values()))
            fname = self.name_of(field)
            if field.type == "kind":
                if rnd.random() < 0.5 and self.groups:
                    return f"{who}.{fname} {self.k('IN')} {rnd.choice(self.groups)}"
                return f"{who}.{fname} {self.k('IS')} {self.kind_name()}"
            if field.type == "bool":
                return f"{who}.{fname} {self.k('IS')} {self.k(rnd.choice(('YES', 'NO')))}"
            return f"{who}.{fname} {self.k('IS')} {string_lit(rnd, False)}"
        if r < 0.72:
            s = self.k("COUNT")
            if rnd.random() < 0.3:
                f = rnd.choice(list(voc.FIELDS.values()))
                s += f" {self.k('DISTINCT')} {self.name_of(f)} {self.k('AMONG')}"
            s += " " + self.k("PARTICIPANTS")
            if rnd.random() < 0.7:
                s += f" {self.k('WHERE')} {self.participant_filter()}"
            return f"{s} {rnd.choice(CMPS)} {rnd.choice(('0', '1', '2', '3', '10'))}"
        if r < 0.8:
            s = f"{self.k('EVERY')} {self.k('PARTICIPANTS')}"
            if rnd.random() < 0.4:
                s += f" {self.k('WHERE')} {self.participant_filter()}"
            return f"{s} {self.k('HAS')} {self.participant_filter(bare_bool=True)}"
        if r < 0.86:
            return f"{self.k('PART')} {self.part_name()} {self.k('PRESENT')}"
        if r < 0.92:
            name = self.name_of(voc.FACTS["target_group"]) if rnd.random() < 0.5 else \
                self.name_of(voc.FACTS["project_type"])
            word = rnd.choice(self.types) if self.types and rnd.random() < 0.5 else self.fresh("ord")
            return f"{name} {self.k('IS')} {word}"
        if r < 0.96:
            return f"{self.name_of(voc.FACTS['risk_level'])} {self.k('IS')} " \
                   f"{rnd.choice(('låg', 'medel', 'hög', 'low', 'medium', 'high', 'extrem'))}"
        return f"{self.fact_of('money') or 'belopp'} / {self.fact_of('money') or 'total_kostnad'} " \
               f"{rnd.choice(CMPS)} {self.literal('percent')}"

    def participant_filter(self, bare_bool: bool = False) -> str:
        rnd = self.rnd
        f = rnd.choice(list(voc.FIELDS.values()))
        fname = self.name_of(f)
        if f.type == "bool" or bare_bool and rnd.random() < 0.7:
            if f.type != "bool":
                f = rnd.choice([x for x in voc.FIELDS.values() if x.type == "bool"])
                fname = self.name_of(f)
            return f"{self.k('NOT')} {fname}" if rnd.random() < 0.3 else fname
        if f.type == "kind":
            if self.groups and rnd.random() < 0.4:
                return f"{fname} {self.k('IN')} {rnd.choice(self.groups)}"
            if rnd.random() < 0.2:
                return f"({fname} {self.k('IS')} {self.kind_name()} {self.k('OR')} {fname} {self.k('IS')} " \
                       f"{self.kind_name()})"
            return f"{fname} {self.k('IS')} {self.kind_name()}"
        return f"{fname} {self.k('IS')} {string_lit(rnd, False)}"

    def deep_nest(self) -> str:
        """Deep structures: parentheses near and past the limit, long chains of not, or, minus."""
        rnd = self.rnd
        n = rnd.choice((10, 59, 60, 61, 100, 250, 400, 700))        # 700: past the recursion guard (SIR402)
        base = self.comparison()
        how = rnd.randrange(5)
        if how == 0:
            return "(" * n + base + ")" * n
        if how == 1:
            return f"{self.k('NOT')} " * n + base
        if how == 2:
            return f" {self.k('OR')} ".join([base] * n)
        if how == 3:
            return "belopp " + "+ belopp " * n + "> 0 kr"
        return "belopp > " + "-" * n + "1 kr"


# ---- a blind walk over lark's rules -----------------------------------------------------

_TERMINAL_SAMPLES = {
    "NAME": ("belopp", "typ", "x", "förvaltning", "extern", "mål", "storlek", "organ", "ålder_från",
             "budget", "sökande", "nämnd", "ä", "_", "x" * 40),
    "STRING": ('"x"', '""', '"Kommunstyrelsen"', '"""lång\ntext"""', '"a\\"b"', '"\u202e"'),
    "NUMBER": ("0", "1", "2", "1,5", "500 000", "1 500 000,50", "99999999999999999999", "3.5"),
    "DATE": ("2020-01-01", "2023-02-30", "2021-12-31", "0001-01-01"),
    "SECNUM": ("1", "3.1", "2.4.1", "7a", "0"),
    "UNIT": ("kr", "mnkr", "%", "år", "månader", "MSEK", "tkr", "öre", "procent", "years"),
    "CMP": CMPS,
    "ADDOP": ("+", "-"),
    "MULOP": ("*", "/"),
}


def _grammar():
    from sirules.language import syntax
    p = syntax.parser(keep_grammar=True)
    rules: dict[str, list] = {}
    for r in p.rules:
        rules.setdefault(r.origin.name, []).append([s.name for s in r.expansion])
    literals = {}
    for t in p.terminals:
        if type(t.pattern).__name__ == "PatternStr":
            literals[t.name] = t.pattern.value
    # height: fewest expansion steps to reach terminals only
    height = {name: float("inf") for name in rules}
    changed = True
    while changed:
        changed = False
        for name, exps in rules.items():
            for exp in exps:
                h = 1 + max((height.get(s, 0) for s in exp), default=0)
                if h < height[name]:
                    height[name] = h
                    changed = True
    return rules, literals, height


_GRAMMAR = None


def grammar_walk(rnd: random.Random, max_depth: int = 14, max_tokens: int = 400) -> str:
    """Walk the grammar's rules from ``guideline`` and spell each terminal."""
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = _grammar()
    rules, literals, height = _GRAMMAR
    lang = rnd.choice(("sv", "en"))
    out: list[str] = []

    def walk(sym: str, depth: int) -> None:
        if len(out) > max_tokens:
            return
        if sym in rules:
            exps = rules[sym]
            if depth >= max_depth:
                best = min(1 + max((height.get(s, 0) for s in e), default=0) for e in exps)
                exps = [e for e in exps if 1 + max((height.get(s, 0) for s in e), default=0) == best]
            for s in rnd.choice(exps):
                walk(s, depth + 1)
            return
        out.append(terminal(sym))

    def terminal(name: str) -> str:
        if name.startswith("KW_"):
            return kw(name[3:], lang, rnd)
        if name in _TERMINAL_SAMPLES:
            return rnd.choice(_TERMINAL_SAMPLES[name])
        if name in literals:
            return literals[name]
        return name.lower()

    walk("guideline", 0)
    seps = (" ", " ", " ", "\n", "\n  ", "\t")
    return "".join(tok + rnd.choice(seps) for tok in out)


# ---- hypothesis, sparingly --------------------------------------------------------------

def hypothesis_pool(seed: int, size: int) -> list[str]:
    """``size`` texts drawn by hypothesis's lark strategy (deterministic for a seed)."""
    if size <= 0:
        return []
    import warnings

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    from hypothesis.extra.lark import from_lark

    from sirules.language import syntax

    out: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        strategy = from_lark(syntax.parser(keep_grammar=True), start="guideline")

        @hseed(seed)
        @settings(max_examples=size, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def collect(text):
            out.append(text)

        collect()
    return out[:size]
