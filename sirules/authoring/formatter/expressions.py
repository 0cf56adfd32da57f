"""Expressions to text, and the words of the target language: keywords, the standard names
translated between Swedish and English, quoted texts and quantities."""

from __future__ import annotations

from ...language import keywords
from ...language import nodes as n
from ...language import vocabulary as voc

# precedence levels: higher binds tighter
P_IF, P_OR, P_AND, P_NOT, P_CMP, P_SUM, P_PROD, P_UNARY, P_SHARE, P_ATOM = range(10)


def _translator(src: str, dst: str):
    """name -> name maps for the vocabulary, by context, from ``src`` to ``dst``."""
    def table(terms):
        if src == dst:
            return {}
        if dst == "en":
            return {t.sv: t.key for t in terms.values() if t.sv != t.key}
        return {t.key: t.sv for t in terms.values() if t.sv != t.key}

    choice = ({v: k for k, v in voc.CHOICE_SV.items()} if dst == "en" else dict(voc.CHOICE_SV)) if src != dst else {}
    types = {}
    if src != dst:
        pairs = [("yes_no", "ja_nej"), ("money", "belopp"), ("percent", "procent"), ("number", "tal"),
                 ("date", "datum"), ("duration", "tid"), ("choice", "val"), ("tags", "ord")]
        types = {a: b for a, b in pairs} if dst == "sv" else {b: a for a, b in pairs}
    settings = {block: table(t) for block, t in voc.SETTINGS.items()}
    return {"fact": table(voc.FACTS), "field": table(voc.FIELDS), "kind": table(voc.KINDS),
            "part": table(voc.PARTS), "choice": choice, "type": types, "settings": settings,
            "applicant": ({"sökande": "applicant"} if dst == "en" else {"applicant": "sökande"}) if src != dst else {}}


class Expressions:
    """Writes expressions of guideline ``g`` in language ``lang``, translating the standard names."""

    def __init__(self, g: n.Guideline, lang: str):
        self.g = g
        self.lang = lang
        self.spellings = _translator(g.lang, lang)
        self.declared: set[str] = set()
        for item in g.items:
            if isinstance(item, (n.Constant, n.Group, n.KindDecl, n.FactDecl, n.TypeDecl, n.FieldDecl,
                                 n.ReferenceDecl)):
                self.declared.add(item.name)

    # ---- words ----------------------------------------------------------------------
    def kw(self, name: str) -> str:
        return keywords.spelling(name, self.lang)

    def name(self, ctx: str, word: str) -> str:
        if word in self.declared:
            return word
        return self.spellings[ctx].get(word, word)

    def opt_string(self, s) -> str:
        return "" if s is None else " " + self.string(s)

    @staticmethod
    def string(s: str, triple: bool = False) -> str:
        """A quoted text: triple quotes when the source used them (original wording), otherwise one
        line with \\n for a line break, so that a heading or label stays a one-line statement."""
        if triple:
            body = s.replace("\\", "\\\\").replace('"""', '\\"""')
            if body.endswith('"'):
                body = body[:-1] + '\\"'
            return f'"""{body}"""'
        body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{body}"'

    # ---- expressions -------------------------------------------------------------------
    def expr(self, e, need: int = P_IF, scope: str | None = None) -> str:
        text, prec = self._expr(e, scope)
        return f"({text})" if prec < need else text

    def _expr(self, e, scope):
        # one function on purpose: a helper per kind of expression would add a call per nesting
        # level and lower how deep an expression `sirules fmt` can format (tests/fuzz/cases/cli-fmt-deep-*)
        k = self.kw
        if isinstance(e, n.IfThen):
            return f"{k('IF')} {self.expr(e.cond, P_OR, scope)} {k('THEN')} {self.expr(e.then, P_IF, scope)}", P_IF
        if isinstance(e, n.Or):
            return f" {k('OR')} ".join(self.expr(i, P_NOT, scope) for i in e.items), P_OR
        if isinstance(e, n.And):
            return f" {k('AND')} ".join(self.expr(i, P_NOT, scope) for i in e.items), P_AND
        if isinstance(e, n.Not):
            if isinstance(e.item, n.Not):           # not not x: no parentheses to pile up
                return f"{k('NOT')} {self._expr(e.item, scope)[0]}", P_NOT
            return f"{k('NOT')} {self.expr(e.item, P_SUM, scope)}", P_NOT
        if isinstance(e, n.Compare):
            return f"{self.expr(e.left, P_SUM, scope)} {e.op} {self.expr(e.right, P_SUM, scope)}", P_CMP
        if isinstance(e, n.Is):
            neg = f" {k('NOT')}" if e.negated else ""
            right = self.expr(e.right, P_SUM, scope)
            if isinstance(e.right, n.Name):
                right = self.name("kind", e.right.id)
                right = self.spellings["choice"].get(right, right)
            return f"{self.expr(e.left, P_SUM, scope)} {k('IS')}{neg} {right}", P_CMP
        if isinstance(e, n.InGroup):
            neg = f"{k('NOT')} " if e.negated else ""
            return f"{self.expr(e.left, P_SUM, scope)} {neg}{k('IN')} {e.group}", P_CMP
        if isinstance(e, n.InList):
            neg = f"{k('NOT')} " if e.negated else ""
            return f"{self.expr(e.left, P_SUM, scope)} {neg}{k('IN')} ({self.word_list(e.items)})", P_CMP
        if isinstance(e, n.Between):
            return (f"{self.expr(e.item, P_SUM, scope)} {k('BETWEEN')} {self.expr(e.low, P_SUM, scope)} "
                    f"{k('AND')} {self.expr(e.high, P_SUM, scope)}"), P_CMP
        if isinstance(e, n.Arith):
            prec = P_SUM if e.op in "+-" else P_PROD
            return f"{self.operand(e.left, prec, scope)} {e.op} {self.operand(e.right, prec + 1, scope)}", prec
        if isinstance(e, n.Neg):
            return f"-{self.operand(e.item, P_UNARY, scope)}", P_UNARY
        if isinstance(e, n.ShareOf):
            return f"{self.operand(e.share, P_ATOM, scope)} {k('OF')} {self.operand(e.base, P_ATOM, scope)}", P_SHARE
        if isinstance(e, n.Count):
            text = f"{k('COUNT')} "
            if e.distinct is not None:
                text += f"{k('DISTINCT')} {self.name('field', e.distinct)} {k('AMONG')} "
            text += k("PARTICIPANTS")
            if e.filter is not None:
                text += f" {k('WHERE')} {self.filter(e.filter)}"
            return text, P_ATOM
        if isinstance(e, n.Every):
            text = f"{k('EVERY')} {'deltagare' if self.lang == 'sv' else 'participant'}"
            if e.filter is not None:
                text += f" {k('WHERE')} {self.filter(e.filter)}"
            # "has" takes a whole condition, so an every-expression inside a larger one is parenthesised
            return text + f" {k('HAS')} {self.expr(e.cond, P_NOT, 'participant')}", P_NOT
        if isinstance(e, n.Aggregate):
            return f"{k(e.fn.upper())} {self.name('fact', e.name)}", P_ATOM
        if isinstance(e, n.PartPresent):
            return f"{k('PART')} {self.name('part', e.part)} {k('PRESENT')}", P_ATOM
        if isinstance(e, n.Name):
            ctx = "field" if scope == "participant" and e.id in voc.FIELD_INDEX else "fact"
            return self.name(ctx, e.id) if e.id in voc.FACT_INDEX or ctx == "field" else self.calendar(e.id), P_ATOM
        if isinstance(e, n.Field) and e.obj not in ("applicant", "sökande"):     # inlämnad.månad
            return f"{self.name('fact', e.obj)}.{self.calendar(e.field, 'part')}", P_ATOM
        if isinstance(e, n.Field):
            return f"{self.spellings['applicant'].get(e.obj, e.obj)}.{self.name('field', e.field)}", P_ATOM
        if isinstance(e, n.Quantity):
            return self.quantity(e), P_ATOM
        if isinstance(e, n.DateLit):
            return e.value.isoformat(), P_ATOM
        if isinstance(e, n.Text):
            return self.string(e.value, e.triple), P_ATOM
        if isinstance(e, n.Bool):
            return k("YES" if e.value else "NO"), P_ATOM
        if isinstance(e, n.Yearly):
            return self.yearly(e), P_ATOM
        if isinstance(e, n.WithinRound):
            return f"{self.expr(e.item, P_SUM, scope)} {k('WITHIN')} {k('OPEN_ROUND')}", P_CMP
        if isinstance(e, n.RegisterValue):
            word = {"earlier_grants": "EARLIER_GRANTS", "pot_granted": "POT_GRANTED", "balance": "FUND_BALANCE",
                    "high_risk_share": "HIGH_RISK_SHARE"}[e.what]
            return k(word) + (f" {e.pot}" if e.pot else ""), P_ATOM
        raise TypeError(f"cannot format {type(e).__name__}")

    def word_list(self, items) -> str:
        """The words of ``i (...)``: names translated as after ``är``, quoted words as written."""
        out = []
        for w in items:
            if isinstance(w, n.Text):
                out.append(self.string(w.value, False))
            else:
                word = self.name("kind", w.id)
                out.append(self.spellings["choice"].get(word, word))
        return ", ".join(out)

    def calendar(self, word: str, kind: str | None = None) -> str:
        """A month, weekday or date part name in the target language (other names as written)."""
        if self.lang == self.g.lang or word in self.declared:
            return word
        from ...language.build_dates import calendar_word
        for k in ((kind,) if kind else ("month", "weekday")):
            out = calendar_word(word, self.lang, k)
            if out is not None:
                return out
        return word

    def yearly(self, y) -> str:
        """``15 april varje år``."""
        from ...language.build_dates import CALENDAR
        return f"{y.day} {CALENDAR[self.lang]['month'][y.month - 1]} {self.kw('EVERY_YEAR')}"

    def operand(self, e, need: int, scope) -> str:
        """An arithmetic operand; a filtered count is parenthesised, or its filter would take the rest."""
        if isinstance(e, n.Count) and e.filter is not None:
            return f"({self._expr(e, scope)[0]})"
        return self.expr(e, need, scope)

    def filter(self, f) -> str:
        # a filter is one comparison on a field, or a condition in parentheses (see the grammar);
        # a bare field is parenthesised too, so that a comparison after the count stays outside
        if isinstance(f, (n.Compare, n.Is, n.InGroup, n.Between, n.InList)) and isinstance(
                getattr(f, "left", getattr(f, "item", None)), n.Name):
            return self.expr(f, P_CMP, "participant")
        if isinstance(f, n.Not):
            return f"{self.kw('NOT')} {self.filter(f.item)}"
        text, _ = self._expr(f, "participant")
        return f"({text})"

    def quantity(self, q: n.Quantity) -> str:
        text = q.text or _number_text(q.value)
        if q.unit is None:
            return text
        unit = q.unit
        low = unit.lower()
        if self.lang != self.g.lang:
            years = low in ("år", "year", "years")
            months = low in ("månad", "månader", "month", "months")
            one = q.value == 1
            if years:
                unit = "år" if self.lang == "sv" else ("year" if one else "years")
            elif months:
                unit = ("månad" if one else "månader") if self.lang == "sv" else ("month" if one else "months")
            elif low in ("procent", "percent"):
                unit = "procent" if self.lang == "sv" else "percent"
        return f"{text} {unit}" if unit != "%" else f"{text} %"


def _number_text(value) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
