"""How :mod:`sirules.compare.concepts` reads an expression of the model: as short neutral text (:class:`Show`),
in the report's language or canonical, and for what it says: a limit on a quantity the comparison
knows (:func:`limit`), a yes/no criterion (:func:`criterion`), a condition on the project type
(:func:`project_type`).
"""

from __future__ import annotations

from fractions import Fraction

from ..language import model as m
from ..language import vocabulary as voc
from ..language.modelview import walk
from ..language.money import format_money_short, format_number, format_percent

# ---- words -------------------------------------------------------------------------------

WORDS = {
    "en": {"and": "and", "or": "or", "not": "not", "if": "if", "then": "then", "every": "every participant",
           "where": "where", "count": "count", "distinct": "distinct", "part": "part", "present": "present",
           "of": "of", "between": "between", "is": "is", "is not": "is not", "in": "in", "not in": "not in",
           "applicant": "applicant", "participants": "participants", "yes": "yes", "no": "no",
           "year": "year", "years": "years", "month": "month", "months": "months", "from": "from",
           "until": "until", "by": "by", "ages": "ages", "must": "must", "should": "should",
           "priority": "priority", "supplied": "supplied", "none": "none", "may": "may"},
    "sv": {"and": "och", "or": "eller", "not": "inte", "if": "om", "then": "så", "every": "varje deltagare",
           "where": "där", "count": "antal", "distinct": "olika", "part": "del", "present": "finns",
           "of": "av", "between": "mellan", "is": "är", "is not": "är inte", "in": "i", "not in": "inte i",
           "applicant": "sökande", "participants": "deltagare", "yes": "ja", "no": "nej",
           "year": "år", "years": "år", "month": "månad", "months": "månader", "from": "från",
           "until": "till", "by": "av", "ages": "ålder", "must": "ska", "should": "bör",
           "priority": "prioriteras", "supplied": "tillförs", "none": "ingen", "may": "får"},
}

OPS = {"<=": "≤", ">=": "≥", "!=": "≠", "<": "<", ">": ">", "=": "="}
FLIP = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "=", "!=": "!="}

#: the facts whose limits have a row of their own
CAP_FACTS = {"amount": "caps.amount", "duration": "caps.duration", "total_cost": "caps.total_cost",
             "cofinancing": "caps.cofinancing", "evaluation_cost": "caps.evaluation_cost", "start": "caps.start",
             "age_from": "target.age", "age_to": "target.age"}


# ---- text ----------------------------------------------------------------------------------

class Show:
    """Expressions as short neutral text: in the report's language, or canonical (English keys, groups
    spelled out as their members) for comparison keys."""

    def __init__(self, g: m.Guideline, lang: str, canonical: bool = False):
        self.g, self.canon = g, canonical
        self.lang = "en" if canonical else lang
        self.w = WORDS[self.lang]

    # names
    def fact(self, key: str) -> str:
        t = voc.FACTS.get(key)
        own = key in self.g.facts and self.g.facts[key].declared
        return t.name(self.lang) if t and not own else key

    def kind(self, key: str) -> str:
        t = voc.KINDS.get(key)
        return t.name(self.lang) if t else key

    def part(self, key: str) -> str:
        t = voc.PARTS.get(key)
        return t.name(self.lang) if t else key

    def choice(self, word: str) -> str:
        return voc.CHOICE_SV.get(word, word) if self.lang == "sv" else word

    def field(self, key: str) -> str:
        t = voc.FIELDS.get(key)
        return t.name(self.lang) if t else key

    def kinds(self, e: m.Member) -> str:
        if e.group and not self.canon:
            return e.group
        names = sorted(self.kind(k) for k in e.values)
        return names[0] if len(names) == 1 else "[" + ", ".join(names) + "]"

    # values
    def value(self, v, type_: str) -> str:
        lang = self.lang
        if type_ == "money":
            return format_money_short(int(v), lang) if Fraction(v).denominator == 1 else str(v)
        if type_ == "percent":
            return format_percent(_dec(v), lang)
        if type_ == "ratio":
            return format_percent(_dec(Fraction(v) * 100), lang)
        if type_ == "duration":
            return self.duration(v)
        if type_ == "number":
            return format_number(_dec(v), lang)
        if type_ == "bool":
            return self.w["yes"] if v else self.w["no"]
        if type_ == "date":
            return v.isoformat()
        if type_ == "choice":
            return self.choice(str(v))
        if type_ == "text":
            return f'"{v}"'
        return str(v)

    def duration(self, months: int) -> str:
        if months % 12 == 0:
            n = months // 12
            return f"{n} {self.w['year'] if n == 1 else self.w['years']}"
        return f"{months} {self.w['month'] if months == 1 else self.w['months']}"

    def setting(self, v, term: voc.Term) -> str:
        base = term.type.rstrip("*")
        if isinstance(v, tuple):                 # a fund source with its amount
            return f"{self.choice(str(v[0]))} {self.value(v[1], 'money')}"
        if isinstance(v, m.Expr):                # a rate computed from a reference value
            return self(v)
        return str(v) if base == "text" else self.value(v, base)

    # expressions
    def __call__(self, e: m.Expr, nested: bool = False) -> str:
        w = self.w
        if isinstance(e, m.Const):
            return self.value(e.value, e.type)
        if isinstance(e, m.Fact):
            return self.fact(e.key)
        if isinstance(e, m.PField):
            return self.field(e.key)
        if isinstance(e, m.ApplicantField):
            return f"{w['applicant']}.{self.field(e.key)}"
        if isinstance(e, (m.And, m.Or)):
            word = w["and"] if isinstance(e, m.And) else w["or"]
            text = f" {word} ".join(self(i, nested=True) for i in e.items)
            return f"({text})" if nested else text
        if isinstance(e, m.Not):
            return f"{w['not']} {self(e.item, nested=True)}"
        if isinstance(e, m.Implies):
            text = f"{w['if']} {self(e.cond, True)} {w['then']} {self(e.then, True)}"
            return f"({text})" if nested else text
        if isinstance(e, m.Cmp):
            return self.cmp(e)
        if isinstance(e, m.Member):
            return self.member(e)
        if isinstance(e, m.Between):
            return f"{self(e.item)} {w['between']} {self(e.low)} {w['and']} {self(e.high)}"
        if isinstance(e, m.Arith):
            return f"{self(e.left, True)} {e.op} {self(e.right, True)}"
        if isinstance(e, m.Neg):
            return f"-{self(e.item, True)}"
        if isinstance(e, m.ShareOf):
            return f"{self.value(e.share * 100, 'percent')} {w['of']} {self(e.base, True)}"
        if isinstance(e, m.Count):
            return f"{w['count']}({self.who(e)})"
        if isinstance(e, m.Every):
            where = f" {w['where']} {self(e.filter)}" if e.filter is not None else ""
            return f"{w['every']}{where}: {self(e.cond)}"
        if isinstance(e, m.Agg):
            return f"{e.fn} {self.fact(e.key)}"
        if isinstance(e, m.PartPresent):
            return f"{w['part']} {self.part(e.key)} {w['present']}"
        if isinstance(e, m.Dated):               # a value in force on the date: the fund's size, a reference
            if e.key.startswith("reference:"):
                return e.key.split(":", 1)[1]
            sv = {"fund_size": "fondstorlek", "yearly_fund_size": "årlig_fondstorlek"}.get(e.key, e.key)
            return sv if self.lang == "sv" and not self.canon else e.key
        return e.text or type(e).__name__

    def member(self, e: m.Member) -> str:
        w = self.w
        if e.item.type == "kind":
            word = w["not in" if e.negated else "in"] if (e.group and not self.canon) or len(e.values) > 1 \
                else w["is not" if e.negated else "is"]
            return f"{self(e.item)} {word} {self.kinds(e)}"
        names = sorted(self.choice(v) for v in e.values)
        if e.negated and len(names) > 1:
            return f"{self(e.item)} {w['not in']} [" + ", ".join(names) + "]"
        return f"{self(e.item)} {w['is not' if e.negated else 'is']} " + f" {w['or']} ".join(names)

    def who(self, e: m.Count) -> str:
        f = e.filter
        if f is None:
            text = self.w["participants"]
        elif isinstance(f, m.Member) and f.item.type == "kind" and not f.negated:
            text = self.kinds(f)
        else:
            text = self(f)
        if e.distinct:
            text += f" ({self.w['distinct']} {self.field(e.distinct)})"
        return text

    def cmp(self, e: m.Cmp) -> str:
        left, op, right = e.left, e.op, e.right
        if isinstance(left, m.Const) and not isinstance(right, m.Const):
            left, op, right = right, FLIP[op], left
        if isinstance(left, m.Count) and isinstance(right, m.Const) and _simple_count(left):
            return f"{OPS[op]} {self(right)} {self.who(left)}"
        return f"{self(left, True)} {OPS[op]} {self(right, True)}"


def _simple_count(e: m.Count) -> bool:
    f = e.filter
    return f is None or (isinstance(f, m.Member) and f.item.type == "kind" and not f.negated)


def _dec(v):
    from decimal import Decimal
    f = Fraction(v)
    if f.denominator == 1:
        return Decimal(f.numerator)
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.01")).normalize()


# ---- what an expression says ---------------------------------------------------------------

def conjuncts(e: m.Expr) -> list[m.Expr]:
    """The items of ``e`` as a chain of ``and`` (nested chains flattened)."""
    if isinstance(e, m.And):
        return [c for i in e.items for c in conjuncts(i)]
    return [e]



def reads(e: m.Expr, cls) -> bool:
    """Whether ``e`` has an expression of class ``cls`` in it (``e`` itself included)."""
    return any(isinstance(x, cls) for x in walk(e))


def project_type(e: m.Expr) -> str | None:
    """The project types ``e`` names ("a,b") when it is ``project_type is ...``, else None."""
    if isinstance(e, m.Member) and isinstance(e.item, m.Fact) and e.item.key == "project_type" and not e.negated:
        return ",".join(sorted(e.values))
    return None


def _const(e: m.Expr):
    """The value of a constant (or a share of a constant amount), else None."""
    if isinstance(e, m.Const):
        return e.value
    if isinstance(e, m.ShareOf) and isinstance(e.base, m.Const) and e.base.type == "money":
        from ..language.money import round_ore
        return round_ore(Fraction(e.base.value) * e.share)
    return None


def _subject(e: m.Expr, other: m.Expr) -> tuple[str, str, str | None] | None:
    """What a compared quantity is: (concept, subject, extra) for limits we know."""
    if isinstance(e, m.Fact) and e.key in CAP_FACTS:
        if isinstance(other, m.ShareOf) and isinstance(other.base, m.Fact) and other.base.key == "total_cost":
            if e.key == "amount":
                return "caps.share", "amount", "share"
            if e.key in ("cofinancing", "evaluation_cost"):
                return CAP_FACTS[e.key], e.key, "share"
            return None
        return CAP_FACTS[e.key], e.key, None
    if isinstance(e, m.Agg) and e.fn == "max" and e.key == "budget":
        return "caps.per_year", "per_year", None
    if isinstance(e, m.Arith) and e.op == "/" and isinstance(e.left, m.Fact) and isinstance(e.right, m.Fact) \
            and e.right.key == "total_cost" and e.left.key in ("amount", "cofinancing", "evaluation_cost"):
        concept = "caps.share" if e.left.key == "amount" else CAP_FACTS[e.left.key]
        return concept, e.left.key, "share"
    return None


def limit(e: m.Expr):
    """A comparison of one known quantity with a constant: (concept, subject, op, low, high, extra)."""
    if isinstance(e, m.Between):
        subj = _subject(e.item, e.low)
        lo, hi = _const(e.low), _const(e.high)
        if subj is None or lo is None or hi is None or subj[2] == "share":
            return None
        return subj[0], subj[1], "between", (lo, False), (hi, False), subj[2]
    if not isinstance(e, m.Cmp) or e.op == "!=":
        return None
    left, op, right = e.left, e.op, e.right
    if _const(left) is not None and _const(right) is None and not isinstance(right, m.ShareOf):
        left, op, right = right, FLIP[op], left
    subj = _subject(left, right)
    if subj is None:
        return None
    concept, subject, extra = subj
    if extra == "share":
        v = right.share * 100 if isinstance(right, m.ShareOf) else _const(right)
        if v is None or (isinstance(right, m.Const) and right.type != "percent"):
            return None
    else:
        v = _const(right)
        if v is None:
            return None
    strict = op in ("<", ">")
    lo = (v, strict) if op in (">=", ">", "=") else None
    hi = (v, strict) if op in ("<=", "<", "=") else None
    return concept, subject, op, lo, hi, extra


def criterion(e: m.Expr) -> tuple[str, bool] | None:
    """``fact is yes`` / ``fact is no`` / ``not fact`` on a yes/no fact: (fact key, wanted value)."""
    if isinstance(e, m.Not):
        inner = criterion(e.item)
        return (inner[0], not inner[1]) if inner else None
    if isinstance(e, m.Fact) and e.type == "bool":
        return e.key, True
    if isinstance(e, m.Cmp) and e.op in ("=", "!=") and isinstance(e.left, m.Fact) and e.left.type == "bool" \
            and isinstance(e.right, m.Const) and e.right.type == "bool":
        return e.left.key, bool(e.right.value) == (e.op == "=")
    return None
