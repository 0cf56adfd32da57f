"""The builder's methods for the fund's register (#18 point 3): a fund block's pots and the values
a rule reads from the register (mixed into :class:`sirules.language.build._Builder`)."""

from __future__ import annotations

from .i18n import later
from . import nodes as n
from .diagnostics import SirulesError, error


class RegisterBuilder:
    """``pot_decl``, ``earlier_grants``, ``pot_granted``, ``fund_balance`` and ``high_risk_share``."""

    def pot_decl(self, meta, children):
        c = self._plain(children)
        return n.PotDecl(name=str(c[0]), size=c[-1], span=self._span(meta))

    def _pots(self, settings: tuple, kind: str | None) -> tuple[tuple, tuple]:
        """(the settings, the pots) of a block; a pot anywhere but in a fund block is an error."""
        pots = tuple(s for s in settings if isinstance(s, n.PotDecl))
        if pots and kind != "FUND":
            raise SirulesError([error("SIR170", later('the pot "{name}" is declared outside the fund block', name=pots[0].name),
                                      pots[0].span, later("declare pots in the fund block: fund / pot public_health: "
                                                          "500 000 kr per year"))])
        if not pots:
            return settings, ()
        return tuple(s for s in settings if not isinstance(s, n.PotDecl)), pots

    def earlier_grants(self, meta, children):
        return n.RegisterValue(what="earlier_grants", span=self._span(meta))

    def pot_granted(self, meta, children):
        return n.RegisterValue(what="pot_granted", pot=str(children[-1]), span=self._span(meta))

    def fund_balance(self, meta, children):
        return n.RegisterValue(what="balance", span=self._span(meta))

    def high_risk_share(self, meta, children):
        return n.RegisterValue(what="high_risk_share", span=self._span(meta))
