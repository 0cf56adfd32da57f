"""The translation catalogues are complete and compiled (``python -m tests.i18n`` mends both)."""

from __future__ import annotations

import pytest

from sirules.language.i18n import tr

babel = pytest.importorskip("babel", reason="Babel is in the test extra: pip install -e '.[test]'")

from tests import i18n  # noqa: E402


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_catalogue_is_up_to_date_and_complete(lang):
    catalog = i18n.updated(lang)
    with open(i18n.po_path(lang), "rb") as f:
        assert f.read() == i18n.po_bytes(catalog), "the .po is stale: run python -m tests.i18n"
    assert i18n.untranslated(catalog) == [], "untranslated messages: run python -m tests.i18n"
    from babel.messages.pofile import read_po
    with open(i18n.po_path(lang), "rb") as f:
        compiled = i18n.mo_bytes(read_po(f, locale=lang))
    with open(i18n.po_path(lang)[:-3] + ".mo", "rb") as f:
        assert f.read() == compiled, "the .mo is stale: run python -m tests.i18n"


def test_tr_falls_back_to_english_and_fills_values():
    assert tr("no such message {x}", "sv", x=1) == "no such message 1"
    assert tr("no such message", None) == "no such message"


def test_exact_keeps_its_language_under_lang_and_tables_read_each_language_once():
    """``exact`` is for a guideline's own wording: ``--lang en`` (force) changes ``tr``, not it;
    ``Tables`` reads a table of msgids per language, with a language's fixed exceptions."""
    from sirules.language import i18n as i18n_
    try:
        i18n_.force("en")
        assert tr("{what} is valid {when}", "sv", what="fonden", when="från 2020-01-01") == \
            "fonden is valid från 2020-01-01"
        assert i18n_.exact("{what} is valid {when}", "sv", what="fonden", when="från 2020-01-01") == \
            "fonden gäller från 2020-01-01"
    finally:
        i18n_.force(None)
    t = i18n_.Tables({"fund": i18n_.mark("the fund"), "none": i18n_.mark("none"), "empty": ""}, sv={"none": "ingen"})
    assert t["sv"] == {"fund": "fonden", "none": "ingen", "empty": ""}
    assert t["en"] == {"fund": "the fund", "none": "none", "empty": ""} and t["sv"] is t["sv"]


def test_the_catalogue_is_read_back_from_the_cache_folder(tmp_path, monkeypatch):
    """gettext reads the .mo once; later runs read its table back from the cache folder (a warm
    start saves some 4 ms), and a damaged entry is made again."""
    import gettext

    from sirules.language import cache
    from sirules.language import i18n as messages
    monkeypatch.setenv("SIRULES_CACHE_DIR", str(tmp_path))
    cache.reset()
    monkeypatch.setattr(messages, "_catalogues", {})
    first = messages._catalogue("sv")
    assert first["accepted"] and [p.name for p in tmp_path.glob("messages-sv-*.marshal")]

    def refuse(*args, **kwargs):
        raise AssertionError("gettext read the .mo again")
    monkeypatch.setattr(gettext, "GNUTranslations", refuse)
    monkeypatch.setattr(messages, "_catalogues", {})
    assert messages._catalogue("sv") == first

    monkeypatch.undo()
    monkeypatch.setenv("SIRULES_CACHE_DIR", str(tmp_path))
    cache.reset()
    monkeypatch.setattr(messages, "_catalogues", {})
    next(tmp_path.glob("messages-sv-*.marshal")).write_bytes(b"\x00damaged")
    assert messages._catalogue("sv") == first
    cache.reset()
