"""Letters that look alike: Cyrillic and Greek letters that look like Latin ones (Trojan Source).

:func:`skeleton` is a simplified form of the skeleton of Unicode's UTS #39: NFKC, then each
Cyrillic or Greek letter that looks like a Latin letter replaced by it, so ``sаmverkan`` (with a
Cyrillic ``а``) and ``samverkan`` have the same skeleton. ``sirules lint`` warns about such names
(SIR521), and an unknown name's "did you mean" says which letter differs (:func:`lookalike_note`).
"""

from __future__ import annotations

#: Cyrillic and Greek letters that look like a Latin letter, and that letter
LOOKALIKES = dict(zip(
    "аеіјкорсухѕһԁԛԝӏАВЕКМНОРСТХУІЈЅ" "αορνικυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeijkopcyxshdqwlABEKMHOPCTXYIJS" "aopvikuxABEZHIKMNOPTYX"))


def skeleton(name: str) -> str:
    """The form two look-alike names share.

    >>> skeleton("s\\u0430mverkan") == skeleton("samverkan") == "samverkan"
    True
    """
    import unicodedata
    return "".join(LOOKALIKES.get(ch, ch) for ch in unicodedata.normalize("NFKC", name))


def describe(ch: str) -> str:
    """``U+0430 CYRILLIC SMALL LETTER A``."""
    import unicodedata
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '(unnamed)')}"


def lookalike_note(word: str, meant: str) -> str | None:
    """When ``word`` differs from ``meant`` only by look-alike letters: which letters they are.

    >>> lookalike_note("s\\u0430mverkan", "samverkan")
    '"sаmverkan" has U+0430 CYRILLIC SMALL LETTER A where "samverkan" has a Latin letter'
    >>> lookalike_note("samverka", "samverkan") is None
    True
    """
    if word == meant or skeleton(word) != skeleton(meant):
        return None
    letters = ", ".join(describe(ch) for ch in dict.fromkeys(word) if ch not in meant) or "other letters"
    return f'"{word}" has {letters} where "{meant}" has a Latin letter'
