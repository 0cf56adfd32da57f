"""The decision document as one self-contained HTML page: Jinja2 with autoescape, the CSS and the
charts (SVG) inline, no request to any network. Every text from a guideline or an application is
escaped by the template; only the charts, which :mod:`sirules.report.charts` draws, are inserted as
markup.
"""

from __future__ import annotations

import os

from ..language.i18n import tr

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
#: a sign beside each verdict and outcome, so that none is told by colour alone
MARKS = {"accepted": "✔", "rejected": "✘", "incomplete": "?", "pass": "✔", "fail": "✘", "undecided": "?",
         "permitted": "•", "soft": "–"}
_env = None


def environment():
    """The Jinja2 environment (made once): templates of this package, autoescape always on."""
    global _env
    if _env is None:
        try:
            import jinja2
        except ImportError:
            from ..language.diagnostics import SirulesError, error
            from ..language.i18n import later
            raise SirulesError([error("SIR461", later("the decision document needs Jinja2 and matplotlib, which are not installed"),
                                      hint=later("pip install 'sirules[document]' (or 'sirules[pdf]' for PDF)"))]) from None
        _env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _env


def css(lang: str) -> str:
    with open(os.path.join(TEMPLATES, "decision.css"), encoding="utf-8") as fh:
        text = fh.read()
    return text.replace("PAGEWORD", tr("page", lang))


def render(doc) -> str:
    """The HTML page of a :class:`sirules.document.data.Document`."""
    from markupsafe import Markup
    env = environment()
    template = env.get_template("decision.html")
    lang = doc.lang

    def translate(msgid: str, **values) -> str:
        return tr(msgid, lang, **values)
    return template.render(d=doc, tr=translate, marks=MARKS, css=Markup(css(lang)))
