"""Jinja2 templates with autoescape on, and ``tr`` as a global (the page's language is ``lang``)."""

from __future__ import annotations

import functools
import os

from ..language.i18n import mark

#: the outcome of a finding as the pages say it
OUTCOMES = {"fail": mark("fails"), "undecided": mark("cannot be decided"), "pass": mark("holds"),
            "accepted": mark("Accepted"), "rejected": mark("Rejected"), "incomplete": mark("Incomplete"),
            "grant": mark("granted"), "deny": mark("denied"), "undecided_decision": mark("not decided")}
#: the standard fields of a participant, whose skeleton label is their key
FIELD_LABELS = {"name": mark("Name"), "kind": mark("Kind of organisation")}
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


@functools.lru_cache(maxsize=1)
def environment():
    import jinja2
    from ..language.i18n import tr
    from ..language.money import format_money
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["tr"] = tr
    env.globals["strength"] = _strength
    env.globals["strengths_json"] = _strengths_json
    env.globals["outcome"] = _outcome
    env.globals["label"] = _label
    env.globals["outcomes_json"] = _outcomes_json
    env.filters["money"] = lambda v, lang="sv": "" if v is None else format_money(v, lang)
    return env


def page(name: str, status: int = 200, **values):
    from starlette.responses import HTMLResponse
    html = environment().get_template(name).render(**values)
    return HTMLResponse(html, status_code=status,
                        headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'; "
                                                            "script-src 'self'; frame-ancestors 'none'",
                                 "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"})


def _strength(word: str, lang: str) -> str:
    from ..engine.checker import STRENGTH_WORDS
    return STRENGTH_WORDS.get(lang, STRENGTH_WORDS["en"]).get(word, word)


def _strengths_json(lang: str) -> str:
    import json
    from ..engine.checker import STRENGTH_WORDS
    return json.dumps(STRENGTH_WORDS.get(lang, STRENGTH_WORDS["en"]), ensure_ascii=False)


def _outcome(word: str, lang: str) -> str:
    from ..language.i18n import tr
    return tr(OUTCOMES[word], lang) if word in OUTCOMES else word


def _outcomes_json(lang: str) -> str:
    import json
    return json.dumps({k: _outcome(k, lang) for k in OUTCOMES}, ensure_ascii=False)


def _label(entry, lang: str) -> str:
    from ..language.i18n import tr
    if entry.label == entry.key and entry.key in FIELD_LABELS:
        return tr(FIELD_LABELS[entry.key], lang)
    return entry.label
