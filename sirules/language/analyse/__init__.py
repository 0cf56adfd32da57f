"""Names, types and settings: from :mod:`sirules.language.nodes` to :mod:`sirules.language.model`.

Resolves every name (constants, facts, participant fields, kinds, groups, parts,
project types; Swedish or English), gives every expression a type, checks the
settings of each block against :data:`sirules.language.vocabulary.SETTINGS`, and collects
every problem as a diagnostic before raising them together.

The analyser is one object made of its passes: the tables it works with (``state``), the
declarations (``declarations``), the head, sections and blocks (``settings``), the rules and parts
(``rules``), and expression typing (``expressions``, ``conditions``, ``arithmetic``); the words and
hints its diagnostics use are in ``words``.
"""

from __future__ import annotations

from .. import model as m
from .. import nodes as n
from ..diagnostics import SirulesError
from ..source import SourceFile
from .arithmetic import Arithmetic
from .conditions import Conditions
from .dates import Dates
from .declarations import Declarations
from .expressions import Expressions
from .register import Register
from .rules import Rules
from .settings import Settings
from .state import State, _Problem
from .words import suggest

__all__ = ["from_nodes", "suggest"]


def from_nodes(g: n.Guideline, source: SourceFile) -> m.Guideline:
    return _Analyser(g, source).run()


class _Analyser(Declarations, Settings, Rules, Expressions, Conditions, Arithmetic, Dates, Register, State):
    """The analysis of one guideline: the passes mixed in, in the order :meth:`run` takes them."""

    def run(self) -> m.Guideline:
        g = self.g
        self._declarations()
        identity = self._identity()
        vf, vt = self._validity(g.validity)
        self.rounds = self._rounds()
        commitments: list[m.Commitment] = []
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
                    rules.extend(self._status_rule(block))
                elif isinstance(item, n.Commitment):
                    commitments.append(self._commitment(item))
            except _Problem as p:
                self.diags.append(p.diag)
        status = g.validity.status if g.validity is not None else None
        rules.extend(self._in_force_rule(vf, vt, status))
        self._check_ids(rules, g)
        self._raise_if_errors()
        facts = {k: self._fact_info(k) for k in sorted(self.used_facts)}
        return m.Guideline(
            path=self.source.path, lang=self.lang, title=g.title, identity=identity,
            valid_from=vf, valid_to=vt, sections=tuple(sections), blocks=tuple(blocks),
            constants={k: v for k, v in self.constants.items()}, groups=dict(self.groups),
            kinds=dict(self.kinds), facts=facts, project_types=dict(self.project_types),
            parts=dict(self.parts), rules=tuple(rules), fields=dict(self.fields),
            references=dict(self.references), status=status, rounds=self.rounds,
            commitments=tuple(commitments))

    def _raise_if_errors(self) -> None:
        if any(d.severity.value == "error" for d in self.diags):
            seen, unique = set(), []
            for d in self.diags:              # a broken constant is reported once, not at every use
                if (d.code, d.message) not in seen:
                    seen.add((d.code, d.message))
                    unique.append(d)
            raise SirulesError(unique)
