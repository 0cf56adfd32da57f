"""Change lists of ``sirules compare``: what was added, removed or changed from one column of a
:class:`~sirules.compare.data.Comparison` to another, marked tightened or loosened where that can be told.
"""

from __future__ import annotations

import attrs

from .data import Column, Comparison, Concept, Item

RANK = {"must": 3, "part": 3, "should": 2, "priority": 1}


@attrs.frozen
class Change:
    topic: str
    concept: str
    label: str
    what: str                          # added | removed | changed
    direction: str | None              # tightened | loosened | None (cannot be told, or neither)
    old: Item | None
    new: Item | None

    def to_json(self) -> dict:
        return {"topic": self.topic, "concept": self.concept, "label": self.label, "change": self.what,
                "direction": self.direction, "old": self.old.to_json() if self.old else None,
                "new": self.new.to_json() if self.new else None}


@attrs.frozen
class ChangeSet:
    lang: str
    old: Column
    new: Column
    changes: tuple[Change, ...]

    def counts(self) -> dict[str, int]:
        out = {"tightened": 0, "loosened": 0, "other": 0}
        for c in self.changes:
            out[c.direction or "other"] += 1
        return out

    def to_json(self) -> dict:
        return {"old": self.old.to_json(), "new": self.new.to_json(), "counts": self.counts(),
                "changes": [c.to_json() for c in self.changes]}


# ---- change lists --------------------------------------------------------------------------

def changes(c: Comparison, i: int = 0, j: int = 1) -> ChangeSet:
    """What changed from column ``i`` to column ``j``, concept by concept."""
    out = []
    for concept in c.concepts:
        if concept.summary:
            continue
        for what, old, new in _pair(list(concept.cells[i].items), list(concept.cells[j].items)):
            out.append(Change(concept.topic, concept.key, concept.label, what, _direction(concept, what, old, new),
                              old, new))
    return ChangeSet(c.lang, c.columns[i], c.columns[j], tuple(out))


def _pair(old: list[Item], new: list[Item]):
    """Pair the items of two cells: unchanged ones drop out; then by rule and slot, then by slot."""
    for a in list(old):
        b = next((b for b in new if b.key == a.key), None)
        if b is not None:
            old.remove(a)
            new.remove(b)
    pairs = []
    for same in (lambda a, b: a.rule == b.rule and a.slot == b.slot, lambda a, b: a.slot == b.slot):
        for a in list(old):
            b = next((b for b in new if same(a, b)), None)
            if b is not None:
                old.remove(a)
                new.remove(b)
                pairs.append(("changed", a, b))
    pairs += [("removed", a, None) for a in old] + [("added", None, b) for b in new]
    return sorted(pairs, key=lambda p: (p[1].line if p[1] else 10 ** 6 + p[2].line, p[0], (p[1] or p[2]).text))


def _binding(item: Item) -> bool:
    return item.strength in ("must", "part") and item.status is None     # a paused rule binds no one


def _direction(concept: Concept, what: str, old: Item | None, new: Item | None) -> str | None:
    if concept.topic in ("identity",) or concept.key in ("who.groups", "who.kinds"):
        return None
    if what == "added":
        return "tightened" if _binding(new) else None
    if what == "removed":
        return "loosened" if _binding(old) else None
    if old.strength == new.strength and _binding(old) != _binding(new):     # paused, or taken up again
        return "loosened" if _binding(old) else "tightened"
    if old.strength != new.strength:
        if RANK.get(old.strength, 0) == RANK.get(new.strength, 0) or not (_binding(old) or _binding(new)):
            return None
        return "tightened" if RANK.get(new.strength, 0) > RANK.get(old.strength, 0) else "loosened"
    if not _binding(new):
        return None
    if (old.cond is None) != (new.cond is None):
        return "loosened" if old.cond is None else "tightened"
    if old.cond == new.cond and (old.low or old.high) and (new.low or new.high):
        return _interval(old, new)
    return None


def _interval(old: Item, new: Item) -> str | None:
    """tightened when the allowed range shrinks, loosened when it grows, None when it moves."""
    def contains(a: Item, b: Item) -> bool:        # is b's range inside a's?
        lo_ok = a.low is None or (b.low is not None and (b.low[0] > a.low[0] or
                                                         (b.low[0] == a.low[0] and (b.low[1] or not a.low[1]))))
        hi_ok = a.high is None or (b.high is not None and (b.high[0] < a.high[0] or
                                                           (b.high[0] == a.high[0] and (b.high[1] or not a.high[1]))))
        return lo_ok and hi_ok
    if contains(old, new):
        return "tightened"
    if contains(new, old):
        return "loosened"
    return None
