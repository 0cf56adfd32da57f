"""The one function every sentence a person reads goes through: ``tr(msgid, lang, **values)``.

Messages are written in English in the code (the msgid) and translated through gettext catalogues:
``sirules/locale/<lang>/LC_MESSAGES/sirules.po`` is the source a translator edits and the compiled
``sirules.mo`` beside it is what is shipped and read at run time, by the standard library's
``gettext`` only (Babel is used at development time: ``python -m tests.i18n`` extracts every
``tr("...")`` literal into the catalogue, keeps the translations already made, and compiles it).

``tr`` formats the translated text with ``str.format(**values)``, so a translation may move the
placeholders; a missing translation falls back to the English text (and ``tests/test_i18n.py``
fails on it). JSON keys, outcome codes and diagnostic codes are never translated.
"""

from __future__ import annotations

import os

#: languages with a catalogue; English is the source language and needs none
LANGUAGES = ("sv",)
_LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")
_catalogues: dict[str, dict[str, str]] = {}


def _catalogue(lang: str) -> dict[str, str]:
    """The msgid -> text table of one language, read once per process from its compiled catalogue."""
    table = _catalogues.get(lang)
    if table is None:
        import gettext
        path = os.path.join(_LOCALE_DIR, lang, "LC_MESSAGES", "sirules.mo")
        try:
            with open(path, "rb") as f:
                table = dict(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]
        except OSError:
            table = {}
        table.pop("", None)  # the catalogue's header
        _catalogues[lang] = table
    return table


def tr(msgid: str, lang: str | None, /, **values) -> str:
    """``msgid`` in ``lang`` (``"sv"``, ``"en"``; None is English), with ``values`` filled in."""
    text = msgid
    if lang and lang != "en" and lang in LANGUAGES:
        text = _catalogue(lang).get(msgid) or msgid
    return text.format(**values) if values else text


def mark(msgid: str) -> str:
    """Marks a text for the catalogue where it is defined (a table, a constant); ``tr`` it when shown."""
    return msgid
