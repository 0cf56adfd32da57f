"""SIR511: keywords of the other language than the file's."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language import keywords
from ...language.diagnostics import Diagnostic, warning
from .reading import Keyword, Subject, _word, subject  # noqa: F401  (subject: the doctests)


# ---- SIR511: one language of keywords -----------------------------------------------------------

def check_language(s: Subject) -> Iterator[Diagnostic]:
    """Keywords of the other language than the file's (the first word decides).

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\nmust r: förebyggande är ja and ny_metod är ja\\n')
    >>> [d.message for d in check_language(s)]
    ['English keywords in a guideline written in Swedish: "must", "and"']
    """
    lang = s.nodes.lang
    other = [k for k in s.keywords if _language_of(k) not in (None, lang)]
    if not other:
        return
    words = list(dict.fromkeys(k.word for k in other))
    own = ", ".join(f'"{k.word}" → "{_word(k.name, lang)}"' for k in list({k.word: k for k in other}.values())[:3])
    listed = ", ".join(f'"{w}"' for w in words)
    message = (later("English keywords in a guideline written in Swedish: {words}", words=listed) if lang == "sv" else
               later("Swedish keywords in a guideline written in English: {words}", words=listed))
    yield warning("SIR511", message, other[0].span,
                  later("write {own}; `sirules fmt` rewrites them all", own=own + (", …" if len(words) > 3 else "")),
                  tuple((later("also here"), k.span) for k in other[1:4]))


def _language_of(k: Keyword) -> str | None:
    sv, en = keywords.KEYWORDS[k.name]
    if k.word in sv and k.word in en:
        return None
    if k.word in sv:
        return "sv"
    if k.word in en:
        return "en"
    return None
