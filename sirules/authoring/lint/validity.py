"""The checks of validity ranges: SIR506 (a guideline without dates), SIR507 (repayment without
a risk block in force) and SIR510 (versions or blocks in force at the same time)."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language import nodes as n
from ...language import vocabulary as voc
from ...language.diagnostics import Diagnostic, warning
from .reading import Subject, _word, subject  # noqa: F401  (subject: the doctests)


# ---- validity ranges -----------------------------------------------------------------------------

def _overlap(a_from, a_to, b_from, b_to):
    """The common part of two validity ranges as (from, to), or None when they do not meet."""
    lo = max((d for d in (a_from, b_from) if d is not None), default=None)
    hi = min((d for d in (a_to, b_to) if d is not None), default=None)
    if lo is not None and hi is not None and hi < lo:
        return None
    return lo, hi


def _range_text(lo, hi, lang: str) -> str:
    if lo is None and hi is None:
        return "alltid" if lang == "sv" else "always"
    parts = []
    if lo is not None:
        parts.append(("från " if lang == "sv" else "from ") + lo.isoformat())
    if hi is not None:
        parts.append(("till " if lang == "sv" else "to ") + hi.isoformat())
    return " ".join(parts)


def _range_later(lo, hi):
    """:func:`_range_text` translated where it is shown."""
    if lo is not None and hi is not None:
        return later("from {start} to {end}", start=lo.isoformat(), end=hi.isoformat())
    if lo is not None:
        return later("from {start}", start=lo.isoformat())
    if hi is not None:
        return later("to {end}", end=hi.isoformat())
    return later("always")


# ---- SIR506: validity of the guideline ----------------------------------------------------------

def check_validity(s: Subject) -> Iterator[Diagnostic]:
    """A guideline without a date from which it is in force.

    >>> s = subject('riktlinje "R"\\nska r: förebyggande är ja\\n')
    >>> [d.message for d in check_validity(s)]
    ['the guideline has no validity dates']
    """
    v = s.nodes.validity
    lang = s.nodes.lang
    example = ('riktlinje "…" gäller från 2020-01-21' if lang == "sv" else 'guideline "…" valid from 2020-01-21')
    if v is None or (v.start is None and v.end is None):
        yield warning("SIR506", later("the guideline has no validity dates"), s.nodes.span,
                      later("add the date it applies from, e.g. {example}; `sirules check` then knows "
                            "when it applies", example=example))
    elif v.start is None:
        yield warning("SIR506", later("the guideline has an end date but no start date"), v.span,
                      later("add the date it applies from, e.g. {example}", example=example))


# ---- SIR507: repayment without a risk bearer -------------------------------------------------

def check_repayment_risk(s: Subject) -> Iterator[Diagnostic]:
    """A repayment block (other than model none) with no risk block saying who bears a shortfall.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\nåterbetalning\\n  modell: återföring\\n')
    >>> [d.message for d in check_repayment_risk(s)]
    ['repayment is required but no risk block says who carries a shortfall']
    """
    blocks = [b for b in s.nodes.items if isinstance(b, n.Block)]
    models = [b for b in s.model.blocks]
    pairs = list(zip(blocks, models))
    risks = [mb for _, mb in pairs if mb.kind == "risk"]
    lang = s.nodes.lang
    for node, b in pairs:
        if b.kind != "repayment" or b.get("model") == "none":
            continue
        if any(_overlap(b.valid_from, b.valid_to, r.valid_from, r.valid_to) is not None for r in risks):
            continue
        when = "" if b.valid_from is None and b.valid_to is None else \
            f" ({_range_text(b.valid_from, b.valid_to, lang)})"
        example = "`risk`, `bärare: central`" if lang == "sv" else "`risk`, `bearer: central`"
        yield warning("SIR507", later("repayment is required{when} but no risk block says who carries a shortfall",
                                      when=when),
                      node.span, later("add a risk block, e.g. {example}; without one, `sirules obligations` "
                                       "leaves shortfalls open", example=example))


# ---- SIR510: overlapping versions ---------------------------------------------------------------

def check_overlapping_versions(s: Subject) -> Iterator[Diagnostic]:
    """Two versions of a rule, or two blocks setting the same thing, in force at the same time.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska r gäller från 2021-01-01: förebyggande är ja\\nska r: ny_metod är ja\\n')
    >>> [d.message for d in check_overlapping_versions(s)]
    ['two versions of rule "r" are in force at the same time (from 2021-01-01)']
    """
    yield from _overlapping_rules(s)
    yield from _overlapping_blocks(s)


def _overlapping_rules(s: Subject) -> Iterator[Diagnostic]:
    lang = "en"
    nodes = s.rule_nodes()
    rules = list(enumerate(s.model.rules))
    for a, (i, r) in enumerate(rules):
        if i not in nodes:
            continue
        for j, other in rules[a + 1:]:
            if other.id != r.id or j not in nodes:
                continue
            both = _overlap(r.valid_from, r.valid_to, other.valid_from, other.valid_to)
            if both is None:
                continue
            if not (r.valid_from or r.valid_to or other.valid_from or other.valid_to):
                continue                       # an error already (SIR102)
            yield warning("SIR510", later('two versions of rule "{id}" are in force at the same time ({when})', id=r.id,
                                          when=_range_later(*both)), nodes[j].span,
                          later("give the versions validity ranges that follow each other: end one the day "
                                "before the next starts"), ((later("the other version"), nodes[i].span),))


def _overlapping_blocks(s: Subject) -> Iterator[Diagnostic]:
    lang = "en"
    blocks = [(node, b) for node, b in zip([x for x in s.nodes.items if isinstance(x, n.Block)], s.model.blocks)]
    for a, (node_a, ba) in enumerate(blocks):
        for node_b, bb in blocks[a + 1:]:
            if ba.kind != bb.kind:
                continue
            both = _overlap(ba.valid_from, ba.valid_to, bb.valid_from, bb.valid_to)
            if both is None:
                continue
            single = {st.key for st in ba.settings if not _repeats(ba.kind, st.key)}
            common = [st.key for st in bb.settings if st.key in single]
            if not common:
                continue
            keys = ", ".join(f'"{_setting_name(bb.kind, k, s.nodes.lang)}"' for k in dict.fromkeys(common))
            word = _word(bb.kind.upper(), s.nodes.lang)
            yield warning("SIR510", later('two "{word}" blocks are in force at the same time ({when}) and both set {keys}',
                                          word=word, when=_range_later(*both), keys=keys), node_b.span,
                          later("give the blocks validity ranges that follow each other, or set each thing in one "
                                "block only"), ((later("the other block"), node_a.span),))


def _repeats(block: str, key: str) -> bool:
    term = voc.SETTINGS.get(block, {}).get(key)
    return term is not None and term.type.endswith("*")


def _setting_name(block: str, key: str, lang: str) -> str:
    term = voc.SETTINGS.get(block, {}).get(key)
    return term.name(lang) if term else key
