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
