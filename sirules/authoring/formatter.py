"""Nodes to canonical text: ``sirules fmt``.

One canonical layout; every comment kept (comments inside a multi-line statement
move to the line above it); optional translation of keywords and standard names
between Swedish and English. ``parse(format(g)) == g`` and ``format`` is stable.
"""

from __future__ import annotations

from ..language import keywords
from ..language import nodes as n
from ..language import vocabulary as voc

WIDTH = 100
INDENT = "  "

# precedence levels: higher binds tighter
P_IF, P_OR, P_AND, P_NOT, P_CMP, P_SUM, P_PROD, P_UNARY, P_SHARE, P_ATOM = range(10)


def format_guideline(g: n.Guideline, lang: str | None = None) -> str:
    return _Formatter(g, lang or g.lang).run()


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


class _Formatter:
    def __init__(self, g: n.Guideline, lang: str):
        self.g = g
        self.lang = lang
        self.tr = _translator(g.lang, lang)
        self.out: list[str] = []
        self.comments = sorted(g.comments)
        self.ci = 0
        self.prev_end = 0            # source line where the last emitted statement ended
        self.last_src = 0            # source line of the last thing emitted (statement or comment)
        self.declared: set[str] = set()
        for item in g.items:
            if isinstance(item, (n.Constant, n.Group, n.KindDecl, n.FactDecl, n.TypeDecl)):
                self.declared.add(item.name)

    # ---- words ----------------------------------------------------------------------
    def kw(self, name: str) -> str:
        return keywords.spelling(name, self.lang)

    def name(self, ctx: str, word: str) -> str:
        if word in self.declared:
            return word
        return self.tr[ctx].get(word, word)

    # ---- comments and statements -----------------------------------------------------------
    def statement(self, lines: list[str], span, indent: str = "") -> None:
        """Emit a statement's lines with the comments around it."""
        if span is not None:
            start, scol, end = span.line, span.column, span.end_line
            while self.ci < len(self.comments):
                line, col, text = self.comments[self.ci]
                if line < start or (line == start and col < scol):
                    self._comment(line, text, indent)
                elif line < end:                 # inside a multi-line statement: move above it
                    self.out.append(indent + text)
                else:
                    break
                self.ci += 1
            if self.last_src and start - self.last_src > 1:
                self.blank()
            self.prev_end = end
            self.last_src = end
        self.out.extend(indent + line if line else "" for line in lines)

    def indented_comments(self, span) -> None:
        """Indented comments after the last line of a block belong to the block."""
        if span is None:
            return
        while self.ci < len(self.comments):
            line, col, text = self.comments[self.ci]
            if line >= span.line or col == 1:
                break
            self._comment(line, text, INDENT)
            self.ci += 1

    def _comment(self, line: int, text: str, indent: str) -> None:
        if line == self.prev_end and self.out and self.out[-1].strip() and not self.out[-1].lstrip().startswith("#"):
            self.out[-1] += "  " + text
        else:
            if self.last_src and line - self.last_src > 1:
                self.blank()
            self.out.append(indent + text)
        self.last_src = line

    def blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def gap(self, span) -> bool:
        """Was there a blank line in the source before this statement?"""
        if span is None or not self.prev_end:
            return True
        return span.line - self.prev_end > 1 and not self._only_comments(self.prev_end + 1, span.line - 1)

    def _only_comments(self, a: int, b: int) -> bool:
        lines = {c[0] for c in self.comments}
        return all(i in lines for i in range(a, b + 1))

    # ---- top level ---------------------------------------------------------------------
    def run(self) -> str:
        g = self.g
        head = f'{self.kw("GUIDELINE")} {self.string(g.title)}' + self.validity(g.validity)
        self.statement([head], g.span)
        self.settings(g.settings, "head", INDENT)
        prev = None
        for item in g.items:
            if isinstance(prev, (n.Block, n.Section, n.Parts)) or prev is None:
                self.indented_comments(item.span)
            if self.needs_blank(prev, item):
                self.blank()
            self.item(item)
            prev = item
        while self.ci < len(self.comments):
            line, _, text = self.comments[self.ci]
            self._comment(line, text, "")
            self.ci += 1
        return "\n".join(self.out).rstrip("\n") + "\n"

    def needs_blank(self, prev, item) -> bool:
        if prev is None or isinstance(item, (n.Section, n.Block, n.Parts)) or isinstance(prev, (n.Block, n.Parts)):
            return True
        if isinstance(prev, n.Section):
            return bool(prev.settings) or self.gap(item.span)
        if type(prev) is not type(item) and not (isinstance(prev, n.Rule) and isinstance(item, n.Rule)):
            return True
        return self.gap(item.span)

    def item(self, item) -> None:
        method = getattr(self, "i_" + type(item).__name__)
        method(item)

    def i_Section(self, s: n.Section) -> None:
        line = f"{self.kw('SECTION')} {s.number}" + (f" {self.string(s.heading)}" if s.heading is not None else "")
        self.statement([line], _head_span(s.span))
        self.settings(s.settings, "section", INDENT)

    def i_Block(self, b: n.Block) -> None:
        line = self.kw(b.kind) + (f" {self.string(b.name)}" if b.name is not None else "") + self.validity(b.validity)
        self.statement([line], _head_span(b.span))
        self.settings(b.settings, b.kind.lower(), INDENT)

    def i_Constant(self, c: n.Constant) -> None:
        self.statement([f"{self.kw('CONSTANT')} {c.name} = {self.expr(c.value)}"], c.span)

    def i_Group(self, c: n.Group) -> None:
        members = ", ".join(self.name("kind", m) for m in c.members)
        self.statement([f"{self.kw('GROUP')} {c.name} = {members}"], c.span)

    def i_KindDecl(self, c: n.KindDecl) -> None:
        self.statement([f"{self.kw('KIND')} {c.name}" + self.opt_string(c.label)], c.span)

    def i_TypeDecl(self, c: n.TypeDecl) -> None:
        self.statement([f"{self.kw('PROJECT_TYPE')} {c.name}" + self.opt_string(c.label)], c.span)

    def i_PartDecl(self, c: n.PartDecl) -> None:
        self.statement([f"{self.kw('PART')} {self.name('part', c.name)}" + self.opt_string(c.label)], c.span)

    def i_FactDecl(self, c: n.FactDecl) -> None:
        t = self.tr["type"].get(c.type, c.type)
        if c.choices:
            t += "(" + ", ".join(c.choices) + ")"
        self.statement([f"{self.kw('FACT')} {c.name}: {t}" + self.opt_string(c.question)], c.span)

    def i_Rule(self, r: n.Rule) -> None:
        head = f"{self.kw(r.strength)} {r.name}"
        if r.weight is not None:
            head += f" {self.kw('WEIGHT')} {self.quantity(r.weight)}"
        head += self.opt_string(r.label) + self.validity(r.validity) + ":"
        body = self.expr(r.expr)
        if r.label is None and len(head) + 1 + len(body) <= WIDTH and "\n" not in body:
            self.statement([f"{head} {body}"], r.span)
            return
        if len(INDENT) + len(body) <= WIDTH:
            lines = [head, INDENT + body]
        else:
            lines = [head] + [INDENT + line for line in self.broken(r.expr)]
        self.statement(lines, r.span)

    def broken(self, e) -> list[str]:
        """A long top-level or/and across lines, one operand per line."""
        if isinstance(e, (n.Or, n.And)):
            op, prec = ("OR", P_NOT) if isinstance(e, n.Or) else ("AND", P_NOT)
            parts = [self.expr(i, prec) for i in e.items]
            return [parts[0]] + [f"{self.kw(op)} {p}" for p in parts[1:]]
        if isinstance(e, n.IfThen):
            return [f"{self.kw('IF')} {self.expr(e.cond, P_OR)}", f"{self.kw('THEN')} {self.expr(e.then, P_IF)}"]
        return [self.expr(e)]

    def i_Parts(self, p: n.Parts) -> None:
        self.statement([self.kw("PARTS")], _head_span(p.span))
        for line in p.lines:
            names = ", ".join(self.name("part", x) for x in line.names)
            if line.mode == "required":
                text = f"{self.kw('REQUIRED')} {names}"
                if line.condition is not None:
                    text += f" {self.kw('IF')} {self.expr(line.condition)}"
            elif line.mode == "optional":
                text = f"{self.kw('OPTIONAL')} {names}"
            else:
                text = f"{self.kw('SUPPLIED')} {self.string(line.supplier)}: {names}"
            self.statement([text], line.span, INDENT)

    def settings(self, settings, block: str, indent: str) -> None:
        for s in settings:
            key = self.tr["settings"].get(block, {}).get(s.key, s.key)
            values = ", ".join(self.setting_value(v) for v in s.values)
            text = f"{key}: {values}"
            if s.condition is not None:
                text += f" {self.kw('IF')} {self.expr(s.condition)}"
            self.statement([text], s.span, indent)

    def setting_value(self, v) -> str:
        if isinstance(v, n.Name):
            return self.tr["choice"].get(v.id, v.id)
        return self.expr(v)

    def validity(self, v) -> str:
        if v is None:
            return ""
        out = f" {self.kw('VALID')}"
        if v.start is not None:
            out += f" {self.kw('FROM')} {v.start.isoformat()}"
        if v.end is not None:
            out += f" {self.kw('TO')} {v.end.isoformat()}"
        return out

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
                right = self.tr["choice"].get(right, right)
            return f"{self.expr(e.left, P_SUM, scope)} {k('IS')}{neg} {right}", P_CMP
        if isinstance(e, n.InGroup):
            return f"{self.expr(e.left, P_SUM, scope)} {k('IN')} {e.group}", P_CMP
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
            return self.name(ctx, e.id), P_ATOM
        if isinstance(e, n.Field):
            return f"{self.tr['applicant'].get(e.obj, e.obj)}.{self.name('field', e.field)}", P_ATOM
        if isinstance(e, n.Quantity):
            return self.quantity(e), P_ATOM
        if isinstance(e, n.DateLit):
            return e.value.isoformat(), P_ATOM
        if isinstance(e, n.Text):
            return self.string(e.value, e.triple), P_ATOM
        if isinstance(e, n.Bool):
            return k("YES" if e.value else "NO"), P_ATOM
        raise TypeError(f"cannot format {type(e).__name__}")

    def operand(self, e, need: int, scope) -> str:
        """An arithmetic operand; a filtered count is parenthesised, or its filter would take the rest."""
        if isinstance(e, n.Count) and e.filter is not None:
            return f"({self._expr(e, scope)[0]})"
        return self.expr(e, need, scope)

    def filter(self, f) -> str:
        # a filter is one comparison on a field, or a condition in parentheses (see the grammar);
        # a bare field is parenthesised too, so that a comparison after the count stays outside
        if isinstance(f, (n.Compare, n.Is, n.InGroup, n.Between)) and isinstance(
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


def _head_span(span):
    """The first line of a block-like statement (its head)."""
    if span is None:
        return None
    from ..language.source import Span
    return Span(span.file, span.line, span.column, span.line, span.column + 1)


def _number_text(value) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
