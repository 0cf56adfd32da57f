"""One application skeleton for several guidelines: the union of their questions.

:func:`union` merges the skeletons of several guidelines (``sirules template A.sir B.sir …``):
each value once, in the order the guidelines ask for it, with every clause that asks for it named
with its guideline (``norrkoping: § 3 Grundkriterier, line 73: …``), so that one application can be
written for all of them and run through ``sirules compare --applications``.
"""

from __future__ import annotations

import attrs

from .entries import Ask, Entry, Skeleton

#: when two guidelines ask for a part in different ways, the strictest wins
_MODE_ORDER = ("required", "conditional", "tested", "supplied", "optional", "")


def union(skeletons, labels) -> Skeleton:
    """The skeletons merged; ``labels`` name the guidelines in the asks (one per skeleton)."""
    tagged = [_tagged(sk, label) for sk, label in zip(skeletons, labels)]
    first = tagged[0]
    return attrs.evolve(
        first,
        facts=_merge([sk.facts for sk in tagged]),
        applicant=_merge([sk.applicant for sk in tagged]),
        participants=_merge([sk.participants for sk in tagged]),
        participant_asks=tuple(dict.fromkeys(a for sk in tagged for a in sk.participant_asks)),
        tables=_merge([sk.tables for sk in tagged]),
        parts=_merge([sk.parts for sk in tagged]),
        also=tuple(sk.guideline for sk in tagged[1:]))


def _ask(a: Ask, label: str) -> Ask:
    if a.line:
        return Ask(a.text, a.line, f"{label}: {a.clause}" if a.clause else label)
    return Ask(f"{label}: {a.text}")


def _tagged(sk: Skeleton, label: str) -> Skeleton:
    def entries(es):
        return tuple(attrs.evolve(e, asks=tuple(_ask(a, label) for a in e.asks)
                                  or (Ask(f"{label}: {e.label}"),)) for e in es)
    return attrs.evolve(sk, facts=entries(sk.facts), applicant=entries(sk.applicant),
                        participants=entries(sk.participants), tables=entries(sk.tables), parts=entries(sk.parts),
                        participant_asks=tuple(_ask(a, label) for a in sk.participant_asks))


def _merge(groups) -> tuple[Entry, ...]:
    out: dict[str, Entry] = {}
    for entries in groups:
        for e in entries:
            seen = out.get(e.key)
            if seen is None:
                out[e.key] = e
                continue
            mode = min((seen.mode, e.mode), key=lambda x: _MODE_ORDER.index(x) if x in _MODE_ORDER else 99)
            out[e.key] = attrs.evolve(seen, asks=tuple(dict.fromkeys(seen.asks + e.asks)),
                                      choices=tuple(dict.fromkeys(seen.choices + e.choices)), mode=mode)
    return tuple(out.values())
