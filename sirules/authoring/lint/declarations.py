"""The checks of what a guideline declares: SIR501 (unused constants), SIR505 (sections
without rules), SIR508 and SIR509 (parts without a description, parts never asked for)."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language import nodes as n
from ...language import vocabulary as voc
from ...language.diagnostics import Diagnostic, warning
from ...language.source import Span
from .reading import Subject, _walk, _word, subject  # noqa: F401  (subject: the doctests)


# ---- SIR501: constants -------------------------------------------------------------------

def check_unused_constants(s: Subject) -> Iterator[Diagnostic]:
    """A constant that no rule, setting or used constant refers to.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'konstant tak = 2 * halva\\nkonstant halva = 1 mnkr\\nkonstant gräns = 5 mnkr\\n'
    ...             'ska r: belopp <= gräns\\n')
    >>> [d.message for d in check_unused_constants(s)]
    ['constant "tak" is never used', 'constant "halva" is never used']
    """
    constants = {i.name: i for i in s.nodes.items if isinstance(i, n.Constant)}
    if not constants:
        return
    refs = {name: {x.id for x in _walk(c.value) if isinstance(x, n.Name)} for name, c in constants.items()}
    used: set[str] = set()
    roots = [i for i in s.nodes.items if not isinstance(i, n.Constant)] + list(s.nodes.settings)
    stack = [x.id for root in roots for x in _walk(root) if isinstance(x, n.Name) and x.id in constants]
    while stack:
        name = stack.pop()
        if name not in used:
            used.add(name)
            stack.extend(r for r in refs[name] if r in constants)
    for name, c in constants.items():
        if name in used:
            continue
        users = [other for other in constants if other != name and name in refs[other]]
        hint = (later('only the unused constant "{name}" refers to it', name=users[0]) if users else
                later("use it in a rule, or remove it"))
        yield warning("SIR501", later('constant "{name}" is never used', name=name), c.span, hint)


# ---- SIR505: sections without rules --------------------------------------------------------

_CONTENT = (n.Rule, n.Parts, n.Block)


def check_empty_sections(s: Subject) -> Iterator[Diagnostic]:
    """A section with no rule, no parts and no block of settings before the next section.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\navsnitt 1 "Syfte"\\n'
    ...             'avsnitt 2 "Krav"\\nska r: förebyggande är ja\\n')
    >>> [d.message for d in check_empty_sections(s)]
    ['section 1 "Syfte" has no rules']
    """
    items = s.nodes.items
    for i, item in enumerate(items):
        if not isinstance(item, n.Section):
            continue
        rest = []
        for other in items[i + 1:]:
            if isinstance(other, n.Section):
                break
            rest.append(other)
        if any(isinstance(x, _CONTENT) for x in rest):
            continue
        heading = f' "{item.heading}"' if item.heading else ""
        has_wording = bool(item.settings)
        hint = (later("nothing in it is checked: encode what it asks for, or put `# lint: ignore SIR505` above it "
                      "if it only describes") if has_wording else
                later("add its rules or its wording, or remove the heading"))
        yield warning("SIR505", later("section {number} has no rules", number=f"{item.number}{heading}"),
                      item.span, hint)


# ---- SIR508, SIR509: parts ----------------------------------------------------------------------

def _used_parts(s: Subject) -> dict[str, Span | None]:
    """Part name as written -> where it is first asked for (parts lines and ``part X present``)."""
    out: dict[str, Span | None] = {}
    for item in s.nodes.items:
        if isinstance(item, n.Parts):
            for line in item.lines:
                for name in line.names:
                    out.setdefault(name, line.span)
        for x in _walk(item):
            if isinstance(x, n.PartPresent):
                out.setdefault(x.part, x.span)
    return out


def check_part_descriptions(s: Subject) -> Iterator[Diagnostic]:
    """A part of the guideline's own that is asked for but has no description.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\ndel plan_b\\ndelar\\n  krävs plan_b\\n')
    >>> [d.message for d in check_part_descriptions(s)]
    ['part "plan_b" has no description']
    """
    used = _used_parts(s)
    for item in s.nodes.items:
        if isinstance(item, n.PartDecl) and item.label is None and item.name not in voc.PART_INDEX \
                and item.name in used:
            example = f'del {item.name} "…"' if s.nodes.lang == "sv" else f'part {item.name} "…"'
            yield warning("SIR508", later('part "{name}" has no description', name=item.name), item.span,
                          later("say what the applicant hands in, e.g. {example}; verdicts and `sirules template` "
                                "show the text", example=example))


def check_unused_parts(s: Subject) -> Iterator[Diagnostic]:
    """A part that is described but never required, optional, supplied or tested.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\ndel plan_b "Plan B"\\n')
    >>> [d.message for d in check_unused_parts(s)]
    ['part "plan_b" is described but never asked for']
    """
    used = _used_parts(s)
    keys = {voc.PART_INDEX[name].key if name in voc.PART_INDEX else name for name in used}
    for item in s.nodes.items:
        if isinstance(item, n.PartDecl):
            key = voc.PART_INDEX[item.name].key if item.name in voc.PART_INDEX else item.name
            if key not in keys:
                lang = s.nodes.lang
                hint = (f"list it under {_word('PARTS', lang)} ({_word('REQUIRED', lang)}, "
                        f"{_word('OPTIONAL', lang)} or {_word('SUPPLIED', lang)}), or remove the description")
                yield warning("SIR509", later('part "{name}" is described but never asked for', name=item.name),
                              item.span, hint)
