"""Keeps the translation catalogues: ``python -m tests.i18n`` (needs Babel, in the ``test`` extra).

1. extracts every ``tr("...")`` and ``mark("...")`` literal under ``sirules/`` (and the web
   templates' ``{{ tr("...") }}`` if any), with the file and line that uses it;
2. updates ``sirules/locale/<lang>/LC_MESSAGES/sirules.po``: new messages are added untranslated,
   translations already made are kept, messages no longer used are dropped;
3. compiles ``sirules.mo`` beside it, and lists the messages that still lack a translation
   (exit 1 if any).

Translate by editing the ``msgstr`` lines of the ``.po`` file, then run this again to compile.
``tests/test_i18n.py`` fails when the compiled catalogue is stale or a message is untranslated.
"""

from __future__ import annotations

import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIRULES = os.path.join(ROOT, "sirules")
LANGUAGES = ("sv",)
KEYWORDS = {"tr": (1,), "mark": (1,), "later": (1,), "exact": (1,)}


def po_path(lang: str) -> str:
    return os.path.join(SIRULES, "locale", lang, "LC_MESSAGES", "sirules.po")


def extract():
    """A Babel catalogue of every message the code uses."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    template = Catalog(project="sirules", charset="utf-8")
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    try:
        import jinja2  # noqa: F401  (Babel's Jinja2 extractor comes with Jinja2)
    except ImportError:
        method_map = method_map[:1]
    for filename, lineno, message, comments, context in extract_from_dir(
            SIRULES, method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        template.add(message, None, [(os.path.join("sirules", filename), lineno)],
                     auto_comments=comments, context=context)
    return template


def updated(lang: str):
    """The language's catalogue brought up to date with the code (not written)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po
    template = extract()
    path = po_path(lang)
    if os.path.exists(path):
        with open(path, "rb") as f:
            catalog = read_po(f, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="sirules", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def po_bytes(catalog) -> bytes:
    from babel.messages.pofile import write_po
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=True, include_previous=False)
    return _stable(buf.getvalue())


def mo_bytes(catalog) -> bytes:
    """The compiled catalogue. Its header's dates are fixed: the .po keeps none (see :func:`_stable`),
    and Babel would put the minute of reading into the .mo, so the test would fail when the minute
    had turned between ``python -m tests.i18n`` and the test."""
    import datetime
    from babel.messages.mofile import write_mo
    fixed = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    catalog.creation_date = fixed
    catalog.revision_date = fixed
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _stable(po: bytes) -> bytes:
    """The .po without the header lines that change at every run (dates, generator)."""
    keep = []
    for line in po.decode("utf-8").splitlines(keepends=True):
        if line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')):
            continue
        keep.append(line)
    return "".join(keep).encode("utf-8")


def untranslated(catalog) -> list[str]:
    return [m.id for m in catalog if m.id and not m.string]


def main(argv=None) -> int:
    missing = 0
    for lang in LANGUAGES:
        catalog = updated(lang)
        os.makedirs(os.path.dirname(po_path(lang)), exist_ok=True)
        with open(po_path(lang), "wb") as f:
            f.write(po_bytes(catalog))
        from babel.messages.pofile import read_po
        with open(po_path(lang), "rb") as f:
            catalog = read_po(f, locale=lang)
        with open(po_path(lang)[:-3] + ".mo", "wb") as f:
            f.write(mo_bytes(catalog))
        todo = untranslated(catalog)
        missing += len(todo)
        for msgid in todo:
            print(f"{lang}: untranslated: {msgid!r}")
        print(f"{lang}: {sum(1 for m in catalog if m.id)} messages, {len(todo)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
