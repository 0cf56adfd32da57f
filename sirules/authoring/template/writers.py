"""The skeleton written out: as data or JSON (:func:`to_data`, :func:`to_json`), and as TOML or YAML
with the clauses that ask for each value in comments (:func:`to_toml`, :func:`to_yaml`)."""

from __future__ import annotations

import json
import re

from ...language.i18n import mark, shown, tr
from ...language.printable import printable
from .entries import LANG, Entry, Skeleton, _unique
from .formats import _Toml, _Yaml, spelling
from .values import type_note


def to_data(sk: Skeleton) -> dict:
    """The skeleton as data: every value None (JSON null: not given); the keys in the guideline's
    language."""
    spell = spelling(sk.guideline)
    out: dict = {spell(e.key): None for e in sk.facts}
    out[spell("applicant")] = {spell(e.key, "field"): None for e in sk.applicant}
    out[spell("participants")] = [{spell(e.key, "field"): None for e in sk.participants}] if sk.participants else []
    for t in sk.tables:
        out[spell(t.key)] = None
    out[spell("parts")] = {spell(e.key, "part"): None for e in sk.parts}
    return out


def to_json(sk: Skeleton) -> str:
    return json.dumps(to_data(sk), ensure_ascii=False, indent=2) + "\n"


def _header(sk: Skeleton, comment: str, how: str) -> list[str]:
    g = sk.guideline
    lang = LANG[0] = shown(g.lang)
    when = []
    if g.valid_from:
        when.append(f"{tr('from', lang)} {g.valid_from.isoformat()}")
    if g.valid_to:
        when.append(f"{tr('to', lang)} {g.valid_to.isoformat()}")
    body = g.identity.get("body")
    lines = [tr("Application for {path}", lang, path=g.path),
             f'  "{g.title}"' + (f", {body}" if body else "")
             + (", " + tr("in force {when}", lang, when=" ".join(when)) if when else "")]
    if sk.also:
        for other in sk.also:
            lines += [tr("and for {path}", lang, path=other.path), f'  "{other.title}"']
        lines.append(tr("Every value names the guidelines that ask for it; a guideline ignores a value it does "
                        "not ask for.", lang))
    lines.append(tr("Made by `sirules template`.", lang) + " " + tr(how, lang))
    return [f"{comment} {line}".rstrip() for line in _wrap_all(lines)]


def _wrap_all(lines: list[str], width: int = 98) -> list[str]:
    """The lines wrapped at ``width``. A line break inside one of them (a multi-line description)
    starts a new line, so that each line the caller makes a comment of is one line of the file, and
    other control characters are shown as escapes (a TOML comment may not hold them)."""
    out = []
    for line in (printable(part) for given in lines for part in (given.splitlines() or [""])):
        indent = re.match(r"\s*", line).group(0)
        words, current = line.split(" "), ""
        for w in words:
            if current and len(current) + 1 + len(w) > width:
                out.append(current)
                current = indent + w
            else:
                current = f"{current} {w}" if current else w
        out.append(current)
    return out


def _asks(e: Entry, comment: str) -> list[str]:
    return _comment([str(a) for a in e.asks], comment)


def _comment(lines, comment: str = "#", indent: str = "") -> list[str]:
    """Comment lines, wrapped at 100 characters (continuations indented)."""
    out = []
    for line in lines:
        line = tr(line, LANG[0])
        for k, part in enumerate(_wrap_all([line], 98 - len(indent) - len(comment))):
            out.append(f"{indent}{comment} {'  ' if k else ''}{part}".rstrip())
    return out


def _describe(e: Entry) -> str:
    return f"{e.label} — {tr(type_note(e), LANG[0])}"


def _part_lines(e: Entry, comment: str, indent: str = "") -> list[str]:
    asks = [f"{e.label} — {a}" for a in e.asks] or [e.label]
    return _comment(asks, comment, indent)


def to_toml(sk: Skeleton) -> str:
    """The skeleton as TOML: a comment per value saying which clause asks for it, values commented out."""
    return _write(sk, _Toml(sk.guideline))


def to_yaml(sk: Skeleton) -> str:
    """The skeleton as YAML: the same keys as the JSON, null values, and the TOML's comments."""
    return _write(sk, _Yaml(sk.guideline))


def _write(sk: Skeleton, syntax) -> str:
    """The skeleton in the ``syntax`` of :class:`_Toml` or :class:`_Yaml`: each value with the clauses
    that ask for it and what it takes in comments above it."""
    LANG[0] = shown(sk.guideline.lang)
    out = _header(sk, "#", syntax.how)
    for e in sk.facts:
        out.append("")
        out += _asks(e, "#")
        out += _comment([_describe(e)])
        out.append(syntax.fact(e))
    out += [""] + _comment([mark("The applicant: who applies.")])
    out += _comment(str(a) for a in _unique(a for e in sk.applicant for a in e.asks))
    out.append(syntax.applicant)
    for e in sk.applicant:
        out += _comment([_describe(e)], indent=syntax.applicant_indent)
        out.append(syntax.applicant_field(e))
    if sk.participants:
        out += [""] + _comment([syntax.partners])
        out += _comment(str(a) for a in sk.participant_asks)
        out.append(syntax.participants)
        for i, e in enumerate(sk.participants):
            out += _comment([_describe(e)], indent=syntax.partner_indent)
            out.append(syntax.partner_field(i, e))
    elif syntax.no_participants:
        out += ["", syntax.no_participants]
    for t in sk.tables:
        out.append("")
        out += _asks(t, "#")
        out += _comment([t.label])
        out += syntax.table(t)
    if sk.parts:
        out += [""] + _comment([mark("The parts of the application: a text each (a part left out or empty is "
                                     "missing).")])
        out.append(syntax.parts)
        for e in sk.parts:
            out += _part_lines(e, "#", syntax.part_indent)
            out.append(syntax.part(e))
    elif syntax.no_parts:
        out += ["", syntax.no_parts]
    return "\n".join(out) + "\n"
