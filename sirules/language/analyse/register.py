"""The fund's register in the language (#18 point 3): a fund block's pots, and the values a rule
reads from the register's earlier decisions (``antal tidigare beviljanden för projektet``,
``summa beviljat i år ur pott folkhälsa``, ``fondens saldo``, ``andel högriskprojekt i
portföljen``). Each value is found under its key in the application's data, where the checker puts
what the register says (:mod:`sirules.engine.history`); without a register it is unknown."""

from __future__ import annotations

from ..i18n import later
from .. import model as m
from .. import nodes as n
from ..diagnostics import error
from .words import suggest

#: what -> the type of the value
TYPES = {"earlier_grants": "number", "pot_granted": "money", "balance": "money", "high_risk_share": "percent"}
#: the key of the project in an application (a standard fact)
PROJECT = "project"


def register_key(what: str, pot: str | None = None) -> str:
    """Where the checker finds a register value in the application's data."""
    return f"_register:{what}" + (f":{pot}" if pot else "")


class Register:
    """Mixed into the analyser."""

    def _pot_names(self) -> dict:
        """Every pot of the guideline's fund blocks: name -> its first declaration."""
        out: dict = {}
        for item in self.g.items:
            if isinstance(item, n.Block) and item.kind == "FUND":
                for p in item.pots:
                    out.setdefault(p.name, p)
        return out

    def _block_pots(self, b: n.Block) -> tuple:
        out, seen = [], {}
        for p in b.pots:
            if p.name in seen:
                self.diags.append(error("SIR171", later('the pot "{name}" is declared twice', name=p.name), p.span, None,
                                        ((later("first declared here"), seen[p.name]),)))
                continue
            seen[p.name] = p.span
            size = self._expr(p.size, None)
            if size.type != "money":
                self.diags.append(error("SIR240", later('the pot "{name}" is {text}, not an amount', name=p.name, text=size.text),
                                        p.size.span,
                                        later("write its size per year as an amount, e.g. 500 000 kr per year")))
                continue
            out.append(m.Pot(name=p.name, size=size.value, origin=self._origin(p)))
        return tuple(out)

    def _e_RegisterValue(self, node: n.RegisterValue, scope):
        if node.what == "pot_granted":
            pots = self._pot_names()
            if node.pot not in pots:
                hint = suggest(node.pot, pots) if pots else (
                    later("declare it in the fund block: pot public_health: 500 000 kr per year"))
                raise self._err("SIR172", later('no pot "{name}" is declared', name=node.pot), node, hint)
        if node.what == "earlier_grants":               # the project is recognised by its key
            self.used_facts.add(PROJECT)
            if hasattr(self, "rule_facts"):
                self.rule_facts.add(PROJECT)
        return m.RegisterValue(type=TYPES[node.what], what=node.what, key=register_key(node.what, node.pot),
                               pot=node.pot, text=self._text(node))
