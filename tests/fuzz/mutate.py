"""Mutations of a file at byte, token and line level, and format-specific ones.

Everything works on ``bytes`` so that invalid UTF-8 survives; token and line
mutations decode with ``surrogateescape`` and encode back the same way. Each
mutation returns the new bytes and a short name, so a saved case says how it was made.
"""

from __future__ import annotations

import random
import re

INTERESTING_BYTES = (b"\xff", b"\xfe", b"\xc3", b"\xe2\x80", b"\x80", b"\x00", b"\xef\xbb\xbf", b"\r", b"\r\n",
                     b"\t", b"\x1b[31m", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\x0c", b"\x0b",
                     b"\xc2\x85", b"\xe2\x80\xa8")
UNICODE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202b", "\u200f", "\u2066", "\u2069",
           "\u00a0", "\u202f", "\u0301", "\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\u3000",
           "１２３", "٣٤", "²", "⅓", "𝟗", "😀", "\U0001f1f8\U0001f1ea", "ﬃ", "İ", "ß", "Σ", "а", "е", "о")
INTERESTING_TOKENS = (
    # numbers
    "0", "-0", "-1", "1e309", "-1e309", "1e-400", "NaN", "nan", "Infinity", "-Infinity", "inf", ".inf", "0x1F",
    "0o17", "0b101", "1_000", "1 000 000", "99999999999999999999999999999", "9" * 40, "9" * 5000,
    "123456789012345678901234567890,5", "-99999999999999999999", "4294967296", "9223372036854775808",
    "1,500,000", "1.500.000", "١٢٣", "３", "½",
    # money, durations, percent
    "99999999999999999999999 mnkr", "-5 mnkr", "0,001 kr", "1,5 öre", "3 år", "1000 år", "-3 år",
    "0 månader", "250 %", "-50 %", "0 %",
    # dates
    "2023-02-30", "2021-02-29", "0000-00-00", "9999-12-31", "2020-13-01", "2020-1-1", "2020-01-01T25:00:00",
    "10:00:00", "1979-05-27T07:32:00-08:00",
    # syntax
    "(", ")", "((((((((((", "))))))))))", ":", ",", "=", ".", "-", "+", "*", "/", "%", "§", "#", '"', '"""',
    "'", "[", "]", "{", "}", "[[", "]]", "&a", "*a", "<<", "!!str", "---", "...", "? ", "|", ">", "~", "\\",
    # keywords
    "och", "eller", "inte", "om", "så", "är", "i", "mellan", "av", "antal", "varje", "har", "ska", "bör",
    "and", "or", "not", "if", "then", "is", "in", "between", "of", "count", "every", "must", "should",
    "riktlinje", "guideline", "fond", "delar", "krävs", "gäller", "från", "till", "true", "false", "null",
    "None", "yes", "no", "ja", "nej",
)

_TOKEN = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|\d[\d ,._]*\d|\d|[^\W\d]\w*|\s+|.', re.DOTALL)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _pos(rnd: random.Random, n: int) -> int:
    return rnd.randrange(n + 1)


# ---- byte level ---------------------------------------------------------------------

def byte_delete(d, rnd):
    if not d:
        return d
    i = rnd.randrange(len(d))
    return d[:i] + d[i + rnd.randint(1, 64):]


def byte_duplicate(d, rnd):
    if not d:
        return d
    i = rnd.randrange(len(d))
    j = min(len(d), i + rnd.randint(1, 200))
    return d[:j] + d[i:j] * rnd.randint(1, 3) + d[j:]


def byte_swap(d, rnd):
    if len(d) < 4:
        return d
    a, b = sorted(rnd.sample(range(len(d)), 2))
    n = rnd.randint(1, max(1, min(40, b - a)))
    return d[:a] + d[b:b + n] + d[a + n:b] + d[a:a + n] + d[b + n:]


def truncate(d, rnd):
    return d[:_pos(rnd, len(d))]


def insert_bytes(d, rnd):
    i = _pos(rnd, len(d))
    return d[:i] + rnd.choice(INTERESTING_BYTES) + d[i:]


def flip_bit(d, rnd):
    if not d:
        return d
    i = rnd.randrange(len(d))
    return d[:i] + bytes([d[i] ^ (1 << rnd.randrange(8))]) + d[i + 1:]


def bom(d, rnd):
    return (b"\xef\xbb\xbf" if rnd.random() < 0.8 else b"\xff\xfe") + d


def crlf(d, rnd):
    return d.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def cr_only(d, rnd):
    return d.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def tabs(d, rnd):
    if rnd.random() < 0.5:
        return re.sub(rb"(?m)^( +)", lambda m: b"\t" * max(1, len(m.group(1)) // 2), d)
    return d.replace(b" ", b"\t", rnd.randint(1, 20))


def long_line(d, rnd):
    i = _pos(rnd, len(d))
    n = rnd.choice((1000, 10_000, 100_000, 300_000))
    filler = rnd.choice((b"x", b"9", b" ", b"a ", b"(", b"\xc3\xa5", b"# ", b'"'))
    return d[:i] + filler * (n // len(filler)) + d[i:]


def utf16(d, rnd):
    try:
        return d.decode("utf-8").encode(rnd.choice(("utf-16", "utf-16-le", "latin-1", "cp1252")), "replace")
    except UnicodeDecodeError:
        return d


# ---- text and token level -----------------------------------------------------------------

def insert_unicode(d, rnd):
    t = _text(d)
    i = _pos(rnd, len(t))
    return _bytes(t[:i] + rnd.choice(UNICODE) + t[i:])


def homoglyphs(d, rnd):
    t = _text(d)
    table = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "1": "１", "0": "٠"})
    i = _pos(rnd, len(t))
    j = min(len(t), i + rnd.randint(1, 80))
    return _bytes(t[:i] + t[i:j].translate(table) + t[j:])


def _tokens(d: bytes) -> list[str]:
    return _TOKEN.findall(_text(d))


def _significant(toks: list[str]) -> list[int]:
    return [i for i, t in enumerate(toks) if not t.isspace()]


def token_delete(d, rnd):
    toks = _tokens(d)
    idx = _significant(toks)
    if not idx:
        return d
    for _ in range(rnd.randint(1, 3)):
        toks[rnd.choice(idx)] = ""
    return _bytes("".join(toks))


def token_duplicate(d, rnd):
    toks = _tokens(d)
    idx = _significant(toks)
    if not idx:
        return d
    i = rnd.choice(idx)
    toks[i] = toks[i] + " " + toks[i]
    return _bytes("".join(toks))


def token_swap(d, rnd):
    toks = _tokens(d)
    idx = _significant(toks)
    if len(idx) < 2:
        return d
    a, b = rnd.sample(idx, 2)
    toks[a], toks[b] = toks[b], toks[a]
    return _bytes("".join(toks))


def token_replace(d, rnd):
    toks = _tokens(d)
    idx = _significant(toks)
    if not idx:
        return d
    i = rnd.choice(idx)
    if rnd.random() < 0.7:
        toks[i] = rnd.choice(INTERESTING_TOKENS)
    else:
        toks[i] = toks[rnd.choice(idx)]
    return _bytes("".join(toks))


def number_replace(d, rnd):
    toks = _tokens(d)
    idx = [i for i, t in enumerate(toks) if t[:1].isdigit()]
    if not idx:
        return token_replace(d, rnd)
    nums = [t for t in INTERESTING_TOKENS if t[:1].isdigit() or t[:1] in "-." or t in ("NaN", "Infinity", "inf")]
    for _ in range(rnd.randint(1, 3)):
        toks[rnd.choice(idx)] = rnd.choice(nums)
    return _bytes("".join(toks))


def date_replace(d, rnd):
    t = _text(d)
    dates = list(re.finditer(r"\d{4}-\d{2}-\d{2}", t))
    if not dates:
        return number_replace(d, rnd)
    m = rnd.choice(dates)
    bad = rnd.choice(("2023-02-30", "2021-02-29", "0000-00-00", "9999-12-31", "2020-13-01", "2021-04-31",
                      "1899-12-31", "2200-01-01", "0001-01-01"))
    return _bytes(t[:m.start()] + bad + t[m.end():])


# ---- line level ---------------------------------------------------------------------------

def _lines(d: bytes) -> list[bytes]:
    return d.split(b"\n")


def line_delete(d, rnd):
    ls = _lines(d)
    if len(ls) < 2:
        return d
    del ls[rnd.randrange(len(ls))]
    return b"\n".join(ls)


def line_duplicate(d, rnd):
    ls = _lines(d)
    i = rnd.randrange(len(ls))
    ls.insert(rnd.randrange(len(ls) + 1), ls[i])
    return b"\n".join(ls)


def line_swap(d, rnd):
    ls = _lines(d)
    if len(ls) < 2:
        return d
    a, b = rnd.sample(range(len(ls)), 2)
    ls[a], ls[b] = ls[b], ls[a]
    return b"\n".join(ls)


def line_shuffle(d, rnd):
    ls = _lines(d)
    rnd.shuffle(ls)
    return b"\n".join(ls)


def line_indent(d, rnd):
    ls = _lines(d)
    i = rnd.randrange(len(ls))
    ls[i] = rnd.choice((b"", b"  ", b"    ", b"\t", b" " * 200)) + ls[i].lstrip()
    return b"\n".join(ls)


def line_join(d, rnd):
    ls = _lines(d)
    if len(ls) < 2:
        return d
    i = rnd.randrange(len(ls) - 1)
    ls[i:i + 2] = [ls[i] + b" " + ls[i + 1]]
    return b"\n".join(ls)


def nest(d, rnd):
    """Wrap a stretch of text in many parentheses (around and past the nesting limit)."""
    t = _text(d)
    n = rnd.choice((30, 59, 60, 61, 200, 1000, 5000))
    i = _pos(rnd, len(t))
    j = min(len(t), i + rnd.randint(0, 60))
    return _bytes(t[:i] + "(" * n + t[i:j] + ")" * n + t[j:])


BYTE_OPS = (byte_delete, byte_duplicate, byte_swap, truncate, insert_bytes, flip_bit, bom, crlf, cr_only, tabs,
            long_line, utf16)
TEXT_OPS = (insert_unicode, homoglyphs, token_delete, token_duplicate, token_swap, token_replace, token_replace,
            number_replace, number_replace, date_replace, nest)
LINE_OPS = (line_delete, line_duplicate, line_swap, line_shuffle, line_indent, line_join)
ALL_OPS = BYTE_OPS + TEXT_OPS * 2 + LINE_OPS * 2
RARE = {long_line, utf16, nest, line_shuffle}


def mutate(d: bytes, rnd: random.Random, n: int | None = None, ops=ALL_OPS) -> tuple[bytes, list[str]]:
    """Apply 1-3 (or ``n``) random mutations; returns the bytes and the names of the mutations."""
    names = []
    for _ in range(rnd.choice((1, 1, 1, 2, 2, 3)) if n is None else n):
        op = rnd.choice(ops)
        if op in RARE and rnd.random() < 0.6:     # expensive or destructive: less often
            op = rnd.choice(TEXT_OPS)
        d = op(d, rnd)
        names.append(op.__name__)
    return d, names


def splice(a: bytes, b: bytes, rnd: random.Random) -> bytes:
    """Lines of ``a`` with a run of lines of ``b`` spliced in."""
    la, lb = _lines(a), _lines(b)
    i = rnd.randrange(len(la) + 1)
    j = rnd.randrange(len(lb))
    return b"\n".join(la[:i] + lb[j:j + rnd.randint(1, 15)] + la[i:])
