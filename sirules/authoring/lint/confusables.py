"""SIR520 and SIR521: text that reads otherwise than it runs (Trojan Source).

SIR520: a bidirectional control character (an override, an embedding, an isolate, a mark) makes
an editor show a line in another order than the parser reads it, so a reviewer sees one rule and
sirules checks another. Lint warns wherever one stands: in a name, a string or a comment.

SIR521: a name with a letter of another script that looks like a Latin one (a Cyrillic ``а`` in
``sаmverkan``). Two such names look the same and are different names; one alone mixes scripts.
Names are compared by their :func:`~sirules.language.confusables.skeleton`, a simplified form of
the one of Unicode's UTS #39.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ...language.i18n import later, mark
from ...language.diagnostics import Diagnostic, warning
from ...language.confusables import LOOKALIKES, describe, skeleton
from ...language.printable import BIDI
from .reading import Subject, subject  # noqa: F401  (subject: the doctests)

_TOKEN = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|(?P<name>[^\W\d]\w*)')
_BIDI = re.compile(f"[{BIDI}]")


#: the scripts whose letters look like Latin ones, as a message names them (``tr`` it)
SCRIPTS = {"LATIN": mark("Latin"), "CYRILLIC": mark("Cyrillic"), "GREEK": mark("Greek"), "ARMENIAN": mark("Armenian"),
           "CHEROKEE": mark("Cherokee"), "COPTIC": mark("Coptic"), "GEORGIAN": mark("Georgian"),
           "HEBREW": mark("Hebrew"), "ARABIC": mark("Arabic")}


def _scripts(scripts: set) -> str:
    """``Cyrillic and Latin``: the scripts in alphabetical order, each translated where it is shown."""
    words = [later(SCRIPTS[sc]) if sc in SCRIPTS else sc.title() for sc in sorted(scripts, key=str.title)]
    said = words[0]
    for word in words[1:-1]:
        said = later("{a}, {b}", a=said, b=word)
    return later("{a} and {b}", a=said, b=words[-1]) if len(words) > 1 else said


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    return unicodedata.name(ch, "UNKNOWN").split()[0]


# ---- SIR520: bidirectional controls -------------------------------------------------------------

def check_bidi(s: Subject) -> Iterator[Diagnostic]:
    """Every line with a bidirectional control character.

    >>> [d.message for d in check_bidi(subject('riktlinje "R \\u202e" gäller från 2020-01-01\\n'))]
    ['bidirectional control character U+202E RIGHT-TO-LEFT OVERRIDE: the line is shown reordered']
    """
    text = s.source.text
    seen = set()
    for mt in _BIDI.finditer(text):
        line, col = s.source.position(mt.start())
        if line in seen:
            continue
        seen.add(line)
        more = len(_BIDI.findall(s.source.line_text(line))) - 1
        yield warning("SIR520", later("bidirectional control character {what} and {more} more: the line is shown reordered",
                                        what=describe(mt.group()), more=more) if more else
                      later("bidirectional control character {what}: the line is shown reordered",
                            what=describe(mt.group())),
                      s.source.span(mt.start(), mt.end()),
                      later("remove it: an editor reorders the text around it, so readers see other than what sirules "
                            "checks (Trojan Source)"))


# ---- SIR521: look-alike names -------------------------------------------------------------------

def _names(s: Subject) -> dict[str, int]:
    """Each name written in the file (outside strings and comments) and the offset of its first use."""
    out: dict[str, int] = {}
    for mt in _TOKEN.finditer(s.source.text):
        name = mt.group("name")
        if name is not None and name not in out:
            out[name] = mt.start()
    return out


def check_lookalikes(s: Subject) -> Iterator[Diagnostic]:
    """Names that look like another name of the file, and names that mix scripts.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\nkonstant tak = 1 mnkr\\nkonstant t\\u0430k = 2 mnkr\\n'
    ...             'ska a: belopp <= tak och belopp <= t\\u0430k\\n')
    >>> [d.message for d in check_lookalikes(s)]  # doctest: +NORMALIZE_WHITESPACE
    ['name "tаk" looks like "tak" but is another name: it has U+0430 CYRILLIC SMALL LETTER A']
    """
    names = _names(s)
    first: dict[str, str] = {}
    # the names in Latin letters first, so that a look-alike is reported where it is not Latin
    for name in sorted(names, key=lambda x: (any(ch in LOOKALIKES for ch in x), names[x])):
        foreign = [ch for ch in dict.fromkeys(name) if ch in LOOKALIKES]
        scripts = {sc for sc in map(_script, name) if sc}
        twin = first.setdefault(skeleton(name), name)
        if twin == name and len(scripts) < 2:
            continue
        offset = names[name]
        span = s.source.span(offset, offset + len(name))
        others = [ch for ch in dict.fromkeys(name) if _script(ch) not in (None, "LATIN")]
        letters = ", ".join(describe(ch) for ch in (foreign or others))
        if twin != name:
            yield warning("SIR521", later('name "{name}" looks like "{twin}" but is another name: it has {letters}',
                                          name=name, twin=twin, letters=letters),
                          span, later('meant as "{twin}"? write it in Latin letters; if not, choose a name that does not '
                                      "look like it", twin=twin),
                          ((later("the other name"), s.source.span(names[twin], names[twin] + len(twin))),))
        else:
            yield warning("SIR521", later('name "{name}" mixes {scripts} letters: {letters}', name=name,
                                          scripts=_scripts(scripts), letters=letters),
                          span, later('write it in one script (in Latin letters: "{latin}")', latin=skeleton(name))
                          if foreign else later("write it in one script"))
