"""The statements of a guideline to text: the head, sections, blocks and their settings,
declarations, rules (a long condition broken across lines) and parts lines."""

from __future__ import annotations

from ...language import nodes as n
from .expressions import P_IF, P_NOT, P_OR, Expressions
from .layout import INDENT, WIDTH, Layout


class _Formatter(Expressions):
    """The whole guideline: each statement written by an ``i_<Node>`` method, placed by a :class:`Layout`."""

    def __init__(self, g: n.Guideline, lang: str, text: str | None = None):
        super().__init__(g, lang)
        self.layout = Layout(g.comments, text)

    # ---- top level ---------------------------------------------------------------------
    def run(self) -> str:
        g = self.g
        head = f'{self.kw("GUIDELINE")} {self.string(g.title)}' + self.validity(g.validity)
        self.layout.statement([head], g.span)
        self.settings(g.settings, "head", INDENT)
        prev = None
        for item in g.items:
            if isinstance(prev, (n.Block, n.Section, n.Parts)) or prev is None:
                self.layout.indented_comments(item.span)
            if self.needs_blank(prev, item):
                self.layout.blank()
            self.item(item)
            prev = item
        return self.layout.text()

    def needs_blank(self, prev, item) -> bool:
        if prev is None or isinstance(item, (n.Section, n.Block, n.Parts)) or isinstance(prev, (n.Block, n.Parts)):
            return True
        if isinstance(prev, n.Section):
            return bool(prev.settings) or self.layout.gap(item.span)
        if type(prev) is not type(item) and not (isinstance(prev, n.Rule) and isinstance(item, n.Rule)):
            return True
        return self.layout.gap(item.span)

    def item(self, item) -> None:
        method = getattr(self, "i_" + type(item).__name__)
        method(item)

    def i_Section(self, s: n.Section) -> None:
        line = f"{self.kw('SECTION')} {s.number}" + (f" {self.string(s.heading)}" if s.heading is not None else "")
        self.layout.statement([line], _head_span(s.span))
        self.settings(s.settings, "section", INDENT)

    def i_Block(self, b: n.Block) -> None:
        line = self.kw(b.kind) + (f" {self.string(b.name)}" if b.name is not None else "") + self.validity(b.validity)
        self.layout.statement([line], _head_span(b.span))
        if not b.pots:
            self.settings(b.settings, b.kind.lower(), INDENT)
            return
        # settings and pots in the order written (pots after the settings when a span is unknown)
        both = sorted([*b.settings, *b.pots], key=lambda x: (x.span.line, x.span.column) if x.span else (1 << 30, 0))
        for x in both:
            if isinstance(x, n.PotDecl):
                text = f"{self.kw('POT')} {x.name}: {self.expr(x.size)} {self.kw('PER_YEAR')}"
                self.layout.statement([text], x.span, INDENT)
            else:
                self.settings((x,), b.kind.lower(), INDENT)

    def i_Constant(self, c: n.Constant) -> None:
        self.layout.statement([f"{self.kw('CONSTANT')} {c.name} = {self.expr(c.value)}"], c.span)

    def i_Group(self, c: n.Group) -> None:
        members = ", ".join(self.name("kind", m) for m in c.members)
        self.layout.statement([f"{self.kw('GROUP')} {c.name} = {members}"], c.span)

    def i_KindDecl(self, c: n.KindDecl) -> None:
        self.layout.statement([f"{self.kw('KIND')} {c.name}" + self.opt_string(c.label)], c.span)

    def i_TypeDecl(self, c: n.TypeDecl) -> None:
        self.layout.statement([f"{self.kw('PROJECT_TYPE')} {c.name}" + self.opt_string(c.label)], c.span)

    def i_PartDecl(self, c: n.PartDecl) -> None:
        self.layout.statement([f"{self.kw('PART')} {self.name('part', c.name)}" + self.opt_string(c.label)], c.span)

    def i_FactDecl(self, c: n.FactDecl) -> None:
        t = self.spellings["type"].get(c.type, c.type)
        if c.choices:
            t += "(" + ", ".join(c.choices) + ")"
        text = f"{self.kw('FACT')} {c.name}: {t}" + self.opt_string(c.question)
        if c.attested_by is not None:
            text += f" {self.kw('ATTESTED')} {self.string(c.attested_by)}"
        if c.per is not None:
            text += f" {self.kw('PER')} {self.string(c.per)}"
        self.layout.statement([text], c.span)

    def i_FieldDecl(self, c: n.FieldDecl) -> None:
        t = self.spellings["type"].get(c.type, c.type)
        if c.choices:
            t += "(" + ", ".join(c.choices) + ")"
        self.layout.statement([f"{self.kw('FIELD')} {c.name}: {t}" + self.opt_string(c.question)], c.span)

    def i_ReferenceDecl(self, c: n.ReferenceDecl) -> None:
        years = ", ".join(f"{self.quantity(y)} = {self.expr(v)}" for y, v in c.years)
        self.layout.statement([f"{self.kw('REFERENCE')} {c.name}: {years}" + self.opt_string(c.label)], c.span)

    def i_Rule(self, r: n.Rule) -> None:
        head = f"{self.kw(r.strength)} {r.name}"
        if r.weight is not None:
            head += f" {self.kw('WEIGHT')} {self.quantity(r.weight)}"
        head += self.opt_string(r.label) + self.validity(r.validity) + ":"
        body = self.expr(r.expr)
        if r.label is None and len(head) + 1 + len(body) <= WIDTH and "\n" not in body:
            self.layout.statement([f"{head} {body}"], r.span)
            return
        if len(INDENT) + len(body) <= WIDTH:
            lines = [head, INDENT + body]
        else:
            lines = [head] + [INDENT + line for line in self.broken(r.expr)]
        self.layout.statement(lines, r.span)

    def broken(self, e, depth: int = 1) -> list[str]:
        """A long top-level or/and across lines, one operand per line; an operand that is still too
        long and is a parenthesised or/and (``inte (… eller …)``, ``(… och …)``) is broken the same
        way inside its parentheses, one level deeper."""
        if isinstance(e, (n.Or, n.And)):
            op = "OR" if isinstance(e, n.Or) else "AND"
            lines = []
            for i, item in enumerate(e.items):
                lead = "" if i == 0 else f"{self.kw(op)} "
                text = self.expr(item, P_NOT)
                if len(INDENT) * depth + len(lead + text) > WIDTH and _junction_inside(item):
                    sub = self.broken_parens(item, depth)
                    lines.extend([lead + sub[0], *sub[1:]])
                else:
                    lines.append(lead + text)
            return lines
        if _junction_inside(e) and isinstance(e, n.Not) and len(INDENT) * depth + len(self.expr(e)) > WIDTH:
            return self.broken_parens(e, depth)
        if isinstance(e, n.IfThen):
            return [f"{self.kw('IF')} {self.expr(e.cond, P_OR)}", f"{self.kw('THEN')} {self.expr(e.then, P_IF)}"]
        return [self.expr(e)]

    def broken_parens(self, e, depth: int) -> list[str]:
        """``inte (`` or ``(``, the or/and inside one operand per line, then ``)`` on its own line."""
        inner = e.item if isinstance(e, n.Not) else e
        opening = f"{self.kw('NOT')} (" if isinstance(e, n.Not) else "("
        return [opening, *(INDENT + line for line in self.broken(inner, depth + 1)), ")"]

    def i_Parts(self, p: n.Parts) -> None:
        self.layout.statement([self.kw("PARTS")], _head_span(p.span))
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
            self.layout.statement([text], line.span, INDENT)

    def settings(self, settings, block: str, indent: str) -> None:
        for s in settings:
            key = self.spellings["settings"].get(block, {}).get(s.key, s.key)
            values = ", ".join(self.setting_value(v) for v in s.values)
            text = f"{key}: {values}"
            if s.condition is not None:
                text += f" {self.kw('IF')} {self.expr(s.condition)}"
            self.layout.statement([text], s.span, indent)

    def setting_value(self, v) -> str:
        if isinstance(v, n.Name):
            return self.spellings["choice"].get(v.id, v.id)
        if isinstance(v, n.Compare) and v.op == "=" and isinstance(v.left, n.Name) and isinstance(v.right, n.Quantity):
            # a fund source with its amount: the word is a choice
            return f"{self.spellings['choice'].get(v.left.id, v.left.id)} = {self.expr(v.right)}"
        return self.expr(v)

    def validity(self, v) -> str:
        if v is None:
            return ""
        out = f" {self.kw('VALID')}"
        if v.start is not None:
            out += f" {self.kw('FROM')} {v.start.isoformat()}"
        if v.end is not None:
            out += f" {self.kw('TO')} {v.end.isoformat()}"
        if v.status is not None:
            status = self.kw("PAUSED" if v.status == "paused" else "CLOSED")
            return f" {status}" if v.start is None and v.end is None else f"{out} {status}"
        return out

    def i_RoundDecl(self, r: n.RoundDecl) -> None:
        ends = [x.value.isoformat() if isinstance(x, n.DateLit) else self.yearly(x) for x in (r.start, r.end)]
        line = (f"{self.kw('ROUND')} {r.name}" + self.opt_string(r.label)
                + f" {self.kw('FROM')} {ends[0]} {self.kw('TO')} {ends[1]}")
        if r.status is not None:
            line += " " + self.kw("PAUSED" if r.status == "paused" else "CLOSED")
        self.layout.statement([line], r.span)

    def i_Commitment(self, c: n.Commitment) -> None:
        who = (self.spellings["applicant"].get(c.who.id, c.who.id) if isinstance(c.who, n.Name)
               else self.string(c.who.value))
        line = f"{self.kw('COMMITMENT')} {c.name}: {who} {self.string(c.what)}"
        if c.due is not None:
            line += f" {self.kw('BY')} {self.quantity(c.due)} {self.kw('AFTER_END')}"
        self.layout.statement([line], c.span)


def _head_span(span):
    """The first line of a block-like statement (its head)."""
    if span is None:
        return None
    from ...language.source import Span
    return Span(span.file, span.line, span.column, span.line, span.column + 1)


def _junction_inside(e) -> bool:
    """An or/and, or ``not`` of one: written in parentheses where it is an operand."""
    return isinstance(e, (n.Or, n.And)) or (isinstance(e, n.Not) and isinstance(e.item, (n.Or, n.And)))
