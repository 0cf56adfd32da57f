"""Exact money for sirules: amounts are ``int`` öre (1 kr = 100 öre), never float.

Every division or percentage on a money path goes through :func:`round_ore`,
the one named rounding function of the project (whole öre, half away from
zero).  :func:`allocate` splits a total without losing or inventing an öre.

>>> parse_money("1,5 mnkr")
150000000
>>> format_money(parse_money("1 234,50 kr"))
'1 234,50 kr'
"""

from __future__ import annotations

import re
from decimal import Decimal
from math import lcm
TYPE_CHECKING = False   # typing's flag without importing typing: this module is on every start
if TYPE_CHECKING:
    from collections.abc import Sequence
    from fractions import Fraction

__all__ = [
    "UNITS", "parse_number", "parse_money", "to_ore", "round_ore", "percent_of",
    "allocate", "format_money", "format_money_short", "format_percent", "format_number",
]

#: Unit words (matched case-insensitively) to öre multipliers.
UNITS: dict[str, int] = {
    "öre": 1, "kr": 100, "kronor": 100, "sek": 100, "tkr": 100_000, "ksek": 100_000,
    "mnkr": 100_000_000, "msek": 100_000_000, "mkr": 100_000_000,
    "mdkr": 100_000_000_000,
}

MAX_DIGITS = 30
_EXPECTED = "expected a number such as 1 500 000, 1500000 or 1,5"
_NUMBER = re.compile(r"([0-9]{1,3}(?:[ \u00a0\u202f_][0-9]{3})+|[0-9]+)(?:[.,]([0-9]+))?")
_MONEY = re.compile(r"\s*(.*?)\s*([^\W\d_]+)?\s*", re.DOTALL)
_LANGS = ("sv", "en")


def parse_number(text: str) -> Decimal:
    """Parse a Swedish- or plain-written number exactly.

    Spaces (also U+00A0, U+202F) and ``_`` separate thousands; a single ``,``
    or ``.`` is the decimal mark.  ``1,500,000``-style numbers are rejected.

    >>> parse_number("1 500 000"), parse_number("1,5"), parse_number("-3")
    (Decimal('1500000'), Decimal('1.5'), Decimal('-3'))
    >>> parse_number("1,500,000")
    Traceback (most recent call last):
    ValueError: ambiguous number '1,500,000': write 1 500 000 or 1500000 (comma is the decimal mark)
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    s = text.strip().replace("\u2212", "-")
    sign = ""
    if s[:1] in ("+", "-"):
        sign, s = s[0].replace("+", ""), s[1:]
    if s.count(",") + s.count(".") > 1:
        raise ValueError(f"ambiguous number {text!r}: write 1 500 000 or 1500000 "
                         "(comma is the decimal mark)")
    m = _NUMBER.fullmatch(s)
    if not m:
        raise ValueError(f"{_EXPECTED}, got {text!r}")
    whole = re.sub(r"[^0-9]", "", m[1])
    frac = m[2] or ""
    if len(whole) + len(frac) > MAX_DIGITS:
        from . import limits             # only for long numbers: keeps the import of money cheap
        most = limits.get("DIGITS", MAX_DIGITS)
        if len(whole) + len(frac) > most:
            raise ValueError(f"number too long (at most {most} digits): {text[:40]!r}; "
                             + limits.hint("DIGITS"))
    return Decimal(f"{sign}{whole}.{frac}" if frac else sign + whole)  # exact, no context


def to_ore(value: Decimal, unit: str) -> int:
    """Convert ``value`` in ``unit`` (a key of :data:`UNITS`) to whole öre.

    >>> to_ore(Decimal("1.5"), "MNKR")
    150000000
    >>> to_ore(Decimal("1.234"), "öre")
    Traceback (most recent call last):
    ValueError: 1,234 öre is not a whole number of öre
    """
    mult = UNITS.get(unit.lower())
    if mult is None:
        raise ValueError(f"unknown money unit {unit!r}; expected one of {', '.join(UNITS)}")
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"expected a finite Decimal amount, got {value!r}")
    n, d = value.as_integer_ratio()
    q, r = divmod(n * mult, d)
    if r:
        shown = format(value, "f").replace(".", ",")
        raise ValueError(f"{shown} {unit} is not a whole number of öre")
    return q


def parse_money(text: str, default_unit: str | None = "kr") -> int:
    """Parse an amount such as ``"1 500 000 kr"``, ``"2 MSEK"`` or ``"500 tkr"`` into öre.

    >>> parse_money("1 234,50 kr"), parse_money("250000"), parse_money("500 tkr")
    (123450, 25000000, 50000000)
    >>> parse_money("250000", default_unit=None)
    Traceback (most recent call last):
    ValueError: amount needs a unit such as kr, tkr, mnkr: '250000'
    """
    number, unit = _split_unit(text)
    if unit is None:
        if default_unit is None:
            raise ValueError(f"amount needs a unit such as kr, tkr, mnkr: {text!r}")
        unit = default_unit
    return to_ore(parse_number(number), unit)


def _split_unit(text: str) -> tuple[str, str | None]:
    """(number, unit or None) as ``_MONEY.fullmatch`` splits them, in linear time.

    The regular expression backtracks cubically on a long run of spaces ("1" + 4000 spaces + "1"
    took over a minute), so the split is done by hand: trailing space, then the unit (letters, as
    ``[^\\W\\d_]``), then space; the rest, without its leading space, is the number.
    """
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    j = end
    while j and text[j - 1].isalnum() and not text[j - 1].isdecimal() and text[j - 1] != "_":
        j -= 1
    k = j
    while k and text[k - 1].isspace():
        k -= 1
    start = 0
    while start < k and text[start].isspace():
        start += 1
    return text[start:k], (text[j:end] or None)


def _round_ratio(n: int, d: int) -> int:
    """Round n/d (d > 0) to an int, half away from zero."""
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return -q if n < 0 else q


def round_ore(value: Decimal | Fraction | int) -> int:
    """Round to whole öre, half away from zero (``ROUND_HALF_UP``). Exact, no float.

    This is THE rounding function of sirules: every division or percentage on a
    money path goes through it.

    >>> round_ore(Decimal("2.5")), round_ore(Decimal("-2.5")), round_ore(Decimal("2.49"))
    (3, -3, 2)
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"round_ore needs Decimal, Fraction or int, got {type(value).__name__}")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot round non-finite amount {value!r}")
        n, d = value.as_integer_ratio()
    else:
        n, d = value.numerator, value.denominator
    return _round_ratio(n, d)


def percent_of(amount_ore: int, percent: Decimal) -> int:
    """``amount_ore × percent / 100``, rounded with :func:`round_ore`.

    >>> percent_of(1001, Decimal("50")), percent_of(100_000, Decimal("12.5"))
    (501, 12500)
    """
    if isinstance(percent, float):
        raise TypeError("percent must be Decimal or int, not float")
    n, d = Decimal(percent).as_integer_ratio()
    return _round_ratio(amount_ore * n, d * 100)


def allocate(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split ``total`` öre in proportion to ``weights`` (largest remainder).

    Parts sum exactly to ``total``; ties go to the lower index; all-zero
    weights split equally.

    >>> allocate(100, [1, 1, 1]), allocate(-100, [1, 1, 1]), allocate(5, [0, 0])
    ([34, 33, 33], [-34, -33, -33], [3, 2])
    """
    if not weights:
        raise ValueError("allocate needs at least one weight")
    ratios = []
    for w in weights:
        if isinstance(w, float) or (isinstance(w, Decimal) and not w.is_finite()):
            raise ValueError(f"weights must be finite int or Decimal, got {w!r}")
        if w < 0:
            raise ValueError(f"weights must be non-negative, got {w!r}")
        ratios.append(w.as_integer_ratio())
    if total < 0:
        return [-p for p in allocate(-total, weights)]
    common = lcm(*(d for _, d in ratios))
    ints = [n * (common // d) for n, d in ratios]
    wsum = sum(ints)
    if wsum == 0:
        ints, wsum = [1] * len(ints), len(ints)
    parts, rems = [], []
    for w in ints:
        q, r = divmod(total * w, wsum)
        parts.append(q)
        rems.append(r)
    left = total - sum(parts)
    for i in sorted(range(len(parts)), key=lambda i: (-rems[i], i))[:left]:
        parts[i] += 1
    return parts


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"unknown language {lang!r}; expected 'sv' or 'en'")


def format_number(value: Decimal | int, lang: str = "sv") -> str:
    """Format a number with thousands separators, trailing decimal zeros dropped.

    >>> format_number(Decimal("1500000.50")), format_number(Decimal("1500000.5"), "en")
    ('1 500 000,5', '1,500,000.5')
    """
    _check_lang(lang)
    if type(value) is int:              # the common case, without the detour through Decimal
        return ("-" if value < 0 else "") + f"{abs(value):,}".replace(",", " " if lang == "sv" else ",")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"cannot format non-finite number {value!r}")
    s = format(value.copy_abs(), "f")  # copy_abs is exact; abs() would round
    whole, _, frac = s.partition(".")
    frac = frac.rstrip("0")
    sep, dec = (" ", ",") if lang == "sv" else (",", ".")
    out = f"{int(whole):,}".replace(",", sep) + (dec + frac if frac else "")
    return ("-" if value < 0 else "") + out


def format_percent(value: Decimal | int, lang: str = "sv") -> str:
    """Format a percentage: ``"12,5 %"`` (sv) or ``"12.5%"`` (en).

    >>> format_percent(Decimal("12.5")), format_percent(Decimal("50"), "en")
    ('12,5 %', '50%')
    """
    return format_number(value, lang) + (" %" if lang == "sv" else "%")


def format_money(ore: int, lang: str = "sv") -> str:
    """Format öre as ``"1 234,50 kr"`` (sv) or ``"SEK 1,234.50"`` (en).

    Öre are shown only when non-zero.

    >>> format_money(150_000_000), format_money(-50_000), format_money(123450, "en")
    ('1 500 000 kr', '-500 kr', 'SEK 1,234.50')
    """
    _check_lang(lang)
    if not isinstance(ore, int) or isinstance(ore, bool):
        raise TypeError(f"amounts are int öre, got {type(ore).__name__}")
    kr, rest = divmod(abs(ore), 100)
    sep, dec = (" ", ",") if lang == "sv" else (",", ".")
    body = f"{kr:,}".replace(",", sep) + (f"{dec}{rest:02d}" if rest else "")
    sign = "-" if ore < 0 else ""
    return f"{sign}{body} kr" if lang == "sv" else f"SEK {sign}{body}"


def format_money_short(ore: int, lang: str = "sv") -> str:
    """Compact form: mnkr/MSEK for whole 100 000 kr from 1 MSEK up, tkr/kSEK for
    whole thousands from 10 000 kr up, else :func:`format_money`.

    >>> format_money_short(150_000_000), format_money_short(2_500_000, "en")
    ('1,5 mnkr', '25 kSEK')
    """
    _check_lang(lang)
    if isinstance(ore, int) and not isinstance(ore, bool):
        if ore % 10_000_000 == 0 and abs(ore) >= 100_000_000:
            unit = " mnkr" if lang == "sv" else " MSEK"
            return format_number(Decimal(f"{ore}e-8"), lang) + unit
        if ore % 100_000 == 0 and abs(ore) >= 1_000_000:
            unit = " tkr" if lang == "sv" else " kSEK"
            return format_number(Decimal(f"{ore}e-5"), lang) + unit
    return format_money(ore, lang)
