"""The order in which the suggestions name kinds of actors: the order of the guideline's group
declaration when the kinds form a group, else the standard order of the vocabulary."""

from __future__ import annotations

import re

from ...language import vocabulary as voc
from .solve import KIND_ORDER


class KindOrder:
    """Kinds of one guideline in the order to offer them; reads the group declarations once."""

    def __init__(self, g):
        self.g = g
        self._groups = None

    def order(self, values) -> list:
        """Kinds in the order the guideline's group lists them (when it is one), else the standard order."""
        order = KIND_ORDER + list(self.g.kinds)
        values = frozenset(values)
        for name, kinds in self._group_orders().items():
            if self.g.groups.get(name) == values:
                order = kinds + order
                break
        return sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))

    def _group_orders(self) -> dict:
        """name -> kinds in the order of the group's declaration, read from the guideline's source."""
        if self._groups is None:
            self._groups = {}
            from ...language.source import kept
            text = kept(self.g.path)          # the text the guideline was read from (a pipe cannot be read twice)
            if text is None:
                try:
                    with open(self.g.path, encoding="utf-8-sig") as fh:
                        text = fh.read()
                except (OSError, ValueError):
                    text = ""
            for name, body in re.findall(r"(?m)^[ \t]*(?:grupp|group)[ \t]+(\w+)[ \t]*=[ \t]*([\w \t,]+?)[ \t]*(?:#.*)?$",
                                         text):
                self._groups[name] = [str(w) for w in body.replace(" ", "").split(",") if w]
            for name, words in list(self._groups.items()):
                self._groups[name] = self._expand(words, set())
        return self._groups

    def _expand(self, words, seen) -> list:
        out = []
        for w in words:
            if w in self._groups and w not in seen:
                out += [k for k in self._expand(self._groups[w], seen | {w}) if k not in out]
            else:
                key = voc.KIND_INDEX[w].key if w in voc.KIND_INDEX else w
                if key not in out:
                    out.append(key)
        return out

    def all_kinds(self) -> list:
        return KIND_ORDER + [k for k in self.g.kinds if k not in KIND_ORDER]
