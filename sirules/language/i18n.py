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
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")
_catalogues: dict[str, dict[str, str]] = {}


def _catalogue(lang: str) -> dict[str, str]:
    """The msgid -> text table of one language, read once per process from its compiled catalogue."""
    table = _catalogues.get(lang)
    if table is None:
        path = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", "sirules.mo")
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        table = _table(lang, data) if data else {}
        _catalogues[lang] = table
    return table


def _table(lang: str, mo: bytes) -> dict[str, str]:
    """The table of the compiled catalogue ``mo``, as gettext reads it, kept in the cache folder
    (marshal, under the digest of the .mo): reading it back takes about 0.5 ms, where importing
    gettext and its reading of the 1 500 messages take about 4 ms of every run's start."""
    import marshal

    from . import cache
    kept = cache.entry(f"messages-{lang}-{cache.blake2b(mo).hexdigest()[:24]}.marshal")
    data = cache.read_bytes(kept)          # None: none yet, or not safe to use (cache.py says why)
    if data is not None:
        try:
            table = marshal.loads(data)
            if isinstance(table, dict):
                return table
        except (ValueError, EOFError, TypeError):   # damaged: made again below
            pass
    import gettext
    import io
    table = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    table.pop("", None)                    # the catalogue's header
    if kept:
        cache.write_bytes(kept, marshal.dumps(table))
    return table


#: ``--lang``: the language every text is shown in, whatever the guideline's (None: not forced)
_forced: str | None = None
#: the language of the guideline this run has loaded (the default for texts without one)
_seen: str | None = None


def tr(msgid: str, lang: str | None, /, **values) -> str:
    """``msgid`` in ``lang`` (``"sv"``, ``"en"``; None is English), with ``values`` filled in.

    ``--lang`` (:func:`force`) wins over ``lang``. ``msgid`` may be a :func:`later` text: it is
    translated from its own msgid and values (a diagnostic made before its language was known)."""
    if isinstance(msgid, Text):
        msgid, values = msgid.msgid, {**msgid.values, **values}
    lang = _forced or lang
    if values:                                     # a value may be a text to translate itself
        values = {k: tr(v, lang) if isinstance(v, Text) else v for k, v in values.items()}
    text = msgid
    if lang and lang != "en" and lang in LANGUAGES:
        text = _catalogue(lang).get(msgid) or msgid
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):   # a text that is not a msgid (a file's own words)
        return msgid


def exact(msgid: str, lang: str | None, /, **values) -> str:
    """``msgid`` in ``lang`` itself, whatever ``--lang`` says: for texts that are part of a
    guideline's own wording (an explanation quotes its expression, a suggestion its facts) and for
    the canonical English forms ``compare`` matches guidelines by."""
    text = _catalogue(lang).get(msgid) or msgid if lang in LANGUAGES else msgid
    return text.format(**values) if values else text


class Tables(dict):
    """``{lang: {key: text}}`` of a table of msgids (``{key: mark("...")}``, one level of nesting
    allowed), each language's texts read through :func:`exact` the first time it is asked for;
    ``fixed`` holds a language's texts that cannot be the catalogue's (the same English with two
    translations): ``Tables({...}, sv={"none": "ingen"})``."""

    def __init__(self, msgids: dict, **fixed: dict):
        super().__init__()
        self.msgids, self.fixed = msgids, fixed

    def __missing__(self, lang):
        def read(table):
            return {k: read(v) if isinstance(v, dict) else exact(v, lang) if v else v for k, v in table.items()}
        texts = read(self.msgids)
        texts.update(self.fixed.get(lang, {}))
        self[lang] = texts
        return texts


def mark(msgid: str) -> str:
    """Marks a text for the catalogue where it is defined (a table, a constant); ``tr`` it when shown."""
    return msgid


class Text(str):
    """A text in English now, with the msgid and values to translate it when shown (:func:`later`).

    It is a ``str`` (its English), so code that only passes it on, compares or pickles it is
    unchanged; ``tr(text, lang)`` shows it in ``lang``."""
    __slots__ = ("msgid", "values")

    def __reduce__(self):
        return (later, (self.msgid,), None, None, None) if not self.values else \
            (_later_with, (self.msgid, tuple(self.values.items())))


def later(msgid: str, /, **values) -> Text:
    """A text whose language is not known where it is made (a diagnostic's message and hint):
    English now, translated by ``tr`` where it is shown."""
    t = Text(msgid.format_map(values) if values else msgid)
    t.msgid = msgid
    t.values = values
    return t


def _later_with(msgid: str, items: tuple) -> Text:
    return later(msgid, **dict(items))


def force(lang: str | None) -> None:
    """``--lang``: show every text in ``lang`` (None: each in its guideline's language)."""
    global _forced
    _forced = lang if lang in ("sv", "en") else None


def seen(lang: str | None) -> None:
    """A guideline in ``lang`` was loaded: texts without a language of their own follow it."""
    global _seen
    if _seen is None and lang:
        _seen = lang


def current() -> str:
    """The language of texts without a guideline of their own: ``--lang``, else the guideline
    loaded, else the locale's."""
    return _forced or _seen or locale_lang()


def shown(lang: str | None) -> str:
    """The language a text of a guideline in ``lang`` is shown in: ``--lang`` if given."""
    return _forced or lang or "en"


def locale_lang() -> str:
    """``"sv"`` when the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them) is
    Swedish, else ``"en"``."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "sv" if value.split(":")[0].lower().startswith("sv") else "en"
    return "en"
