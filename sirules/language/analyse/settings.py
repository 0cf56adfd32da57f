"""The settings: the guideline's head, its sections and its blocks (fund, decision, repayment, …),
each setting checked against :data:`sirules.language.vocabulary.SETTINGS`, and the must-rule a
portfolio's largest share per project adds."""

from __future__ import annotations

from fractions import Fraction

from ..i18n import later
from .. import model as m
from .. import nodes as n
from .. import vocabulary as voc
from ..diagnostics import error
from ..modelview import walk
from ..money import round_ore
from ..source import Span
from .state import _Problem
from .words import BLOCKS, TYPE_WORDS, block_word, suggest, type_hint


class Settings:
    """Mixed into the analyser: the head, sections and settings blocks."""

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
            self.diags.append(error("SIR203", later("valid to {end} is before valid from {start}", end=v.end, start=v.start),
                                    v.span, later("swap the dates")))
        return v.start, v.end

    def _section(self, s: n.Section) -> m.Section:
        wording = None
        for st in s.settings:
            term, values = self._setting("section", st)
            wording = values[0]
        return m.Section(number=s.number, heading=s.heading, wording=wording, line=s.span.line if s.span else 0)

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
                    self.diags.append(error("SIR109", later('setting "{name}" is given twice', name=s.key), s.span, None,
                                            ((later("first given here"), seen[term.key]),)))
                seen[term.key] = s.span
            cond = self._condition(s.condition) if s.condition is not None else None
            values.append(m.SettingValue(key=term.key, values=vals, condition=cond, origin=self._origin(s)))
        return m.Block(kind=kind, name=b.name, settings=tuple(values), origin=self._origin(b),
                       valid_from=vf, valid_to=vt, status=b.validity.status if b.validity else None,
                       pots=self._block_pots(b))

    def _setting(self, block: str, s: n.Setting):
        index = voc.SETTING_INDEX[block]
        term = index.get(s.key)
        if term is None:
            names = [t.name(self.lang) for t in voc.SETTINGS[block].values()]
            raise self._err("SIR105", later('unknown setting "{name}" for {block}', name=s.key,
                                            block=block_word(block, self.lang)), s,
                            suggest(s.key, index) or later("known settings: {names}", names=", ".join(names)))
        base = term.type.rstrip("*")
        if s.condition is not None and not term.type.endswith("*"):
            raise self._err("SIR205", later('setting "{name}" cannot have a condition', name=s.key), s.condition)
        if block == "fund" and term.key == "source":
            return term, tuple(self._fund_source(term, v) for v in s.values)
        if block == "repayment" and term.key in ("rate", "margin") and len(s.values) == 1:
            return term, (self._rate_value(term, s.values[0]),)
        if len(s.values) > 1 and not term.type.endswith("*"):
            raise self._err("SIR205", later('setting "{name}" takes one value', name=s.key), s.values[1])
        return term, tuple(self._setting_value(term, base, v) for v in s.values)

    def _fund_source(self, term: voc.Term, v):
        """A fund's source: a word, or a word with its amount (``region = 1 mnkr``); a fund may
        have several."""
        if isinstance(v, n.Compare) and v.op == "=" and isinstance(v.left, n.Name):
            word = self._setting_value(term, "choice", v.left)
            amount = self._expr(v.right, None)
            if not (isinstance(amount, m.Const) and amount.type == "money"):
                raise self._err("SIR211", later('the amount of source "{name}" must be an amount of money, got {text}',
                                                name=v.left.id, text=amount.text), v.right, type_hint("money", self.lang))
            return (word, amount.value)
        return self._setting_value(term, "choice", v)

    def _rate_value(self, term: voc.Term, v):
        """An interest rate or margin: a percentage, or one computed from a yearly reference value
        (``base_rate - 0.5 %``), kept as an expression that the loan model reads for each year."""
        e = self._expr(v, scope=None)
        if isinstance(e, m.Const) or e.type != "percent" or any(isinstance(x, m.Fact) for x in walk(e)):
            return self._setting_value(term, "percent", v)
        return e

    def _setting_value(self, term: voc.Term, base: str, v):
        if base == "choice":
            if isinstance(v, n.Name) and v.id in voc.CHOICE_INDEX and voc.CHOICE_INDEX[v.id] in term.choices:
                return voc.CHOICE_INDEX[v.id]
            word = v.id if isinstance(v, n.Name) else self._text(v)
            names = [voc.CHOICE_SV[c] if self.lang == "sv" else c for c in term.choices]
            raise self._err("SIR108", later('"{word}" is not a value of "{name}"', word=word, name=term.name(self.lang)), v,
                            suggest(word, names + list(term.choices)) or later("use one of: {names}", names=", ".join(names)))
        if base == "text" and isinstance(v, n.Text):
            return v.value
        e = self._expr(v, scope=None)
        if not isinstance(e, m.Const) or e.type != base:
            from .unit_hints import setting_unit_hint
            raise self._err("SIR205", later('"{name}" needs {type}, got {got}', name=term.name(self.lang), type=TYPE_WORDS[base],
                                  got=TYPE_WORDS.get(e.type, e.type)),
                            v, setting_unit_hint(base, e.type, e.text, self.lang) or type_hint(base, self.lang))
        if term.key in _YEARS_SETTINGS:
            self._years_bounded(term, e.value if term.key != "horizon" else e.value // 12, v)
        return e.value

    def _years_bounded(self, term, years, node) -> None:
        """A number of years that sizes a loop (the repayment window, amortisation, the calculation's
        horizon) is whole and within the limit on years: 99 999 999 years ran for ever."""
        from .. import limits
        most = limits.get("YEARS", limits.YEARS)
        if not (Fraction(years).denominator == 1 and 0 <= years <= most):
            raise self._err("SIR205", later('"{name}" must be a whole number of years from 0 to {most}', name=term.name(self.lang), most=most),
                            node, limits.hint("YEARS"))

    def _condition(self, node) -> m.Expr:
        e = self._expr(node, scope=None)
        if e.type != "bool":
            raise self._err("SIR204", later("a condition must be yes/no, this is {type}", type=TYPE_WORDS.get(e.type, e.type)), node)
        return e

    def _portfolio_rules(self, block: m.Block, node: n.Block) -> list[m.Rule]:
        """A portfolio's largest share per project is checked on every application, as a must-rule
        citing the portfolio block; the high-risk share concerns the whole fund and is only shown."""
        share = block.get("max_share_per_project") if block.kind == "portfolio" else None
        if share is None:
            return []
        size = self._fund_size()
        if size is None:
            raise self._err("SIR101", later("a largest share per project needs the fund's size (storlek / size)"), node)
        self.used_facts.add("amount")
        text = f"{_pct(share, self.lang)} {'av fondstorlek' if self.lang == 'sv' else 'of fund_size'}"
        if isinstance(size, tuple):         # dated fund blocks: the share of the size in force
            cap = m.Dated(type="money", key="fund_size", text=text,
                          periods=tuple((f, t, round_ore(Fraction(v) * share / 100)) for f, t, v in size))
        else:
            cap = m.Const(type="money", value=round_ore(Fraction(size) * share / 100), text=text)
        expr = m.Cmp(type="bool", op="<=", left=m.Fact(type="money", key="amount",
                                                       text="belopp" if self.lang == "sv" else "amount"),
                     right=cap, text="")
        label = ("högsta andel av fonden per projekt" if self.lang == "sv"
                 else "the largest share of the fund for one project")
        return [m.Rule(id="portfolio:max_share_per_project", strength="must", label=label, expr=expr,
                       origin=block.origin, valid_from=block.valid_from, valid_to=block.valid_to, facts=("amount",))]


#: settings that count years (a loop runs over them)
_YEARS_SETTINGS = frozenset({"first_year", "max_years", "amortisation_years", "horizon"})


def _pct(value: Fraction, lang: str) -> str:
    from decimal import Decimal
    from ..money import format_percent
    return format_percent(Decimal(value.numerator) / Decimal(value.denominator), lang)
