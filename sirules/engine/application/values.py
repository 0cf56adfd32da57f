"""One value of an application to its normalised form: amounts to öre, yes/no, dates, durations
to months, numbers, percentages, texts, words, choices, yearly tables and savings rows.
A value that cannot be read raises :class:`BadValue`."""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ...language.i18n import later
from ...language import limits
from ...language import vocabulary as voc
from ...language.money import parse_money, parse_number
from .form import MAX_LIST_ITEMS, MAX_SAVINGS_ROWS, MAX_TEXT, MAX_YEARS


class BadValue(Exception):
    def __init__(self, message: str, hint: str | None = None, kind: str = "value"):
        self.message, self.hint, self.kind = message, hint, kind


def read_money(v) -> int:
    if isinstance(v, bool):
        raise BadValue(later("expected an amount, got yes/no"), kind="type")
    if isinstance(v, int):
        if abs(v) > 10 ** 15:
            raise BadValue(later("{v} kr is too large", v=v))
        return v * 100
    if isinstance(v, float):        # a float is not exact: 1e308 or 0.1 + 0.2 are not amounts
        raise BadValue(later("{v} is a decimal number, not an amount", v=repr(v)),
                       later('write whole kronor (1500000) or a text with öre ("1 500 000,50 kr")'))
    if isinstance(v, str):
        if not any(ch.isdigit() for ch in v):
            raise BadValue(later("{v} is not an amount", v=repr(v)), later('write e.g. 1500000, "1 500 000 kr" or "1,5 mnkr"'))
        try:
            return parse_money(v)
        except ValueError as exc:
            raise BadValue(later("{v} is not an amount", v=repr(v)), str(exc))
    raise BadValue(later("expected an amount, got {type}", type=type(v).__name__), later('write e.g. 1500000 or "1,5 mnkr"'),
                   "type")


def _bool(v) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("ja", "yes", "true", "nej", "no", "false"):
        return v.strip().lower() in ("ja", "yes", "true")
    raise BadValue(later("expected yes/no (true or false), got {v}", v=repr(v)), later("write true or false"), "type")


def _date(v) -> datetime.date:
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    if isinstance(v, str):
        return strict_date(v.strip())
    raise BadValue(later("expected a date, got {v}", v=repr(v)), later("write a date as YYYY-MM-DD"), "type")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")


def strict_date(text: str) -> datetime.date:
    """A date written exactly YYYY-MM-DD (``date.fromisoformat`` also takes 20130101 and week dates)."""
    if not _ISO_DATE.fullmatch(text):
        raise BadValue(later("{v} is not a date written YYYY-MM-DD", v=repr(text[:40])), later("write a date as YYYY-MM-DD"))
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadValue(later("{v} is not a date in the calendar", v=repr(text)), later("write a date as YYYY-MM-DD")) from None


def _year(year) -> int:
    """A year: an int, or a text of exactly four ASCII digits (not "02013", "+2013", " 2013" or "٢٠١٣",
    which ``int()`` would read as 2013)."""
    if type(year) is int:
        y = year
    elif isinstance(year, str) and _YEAR.fullmatch(year):
        y = int(year)
    else:
        raise BadValue(later("{v} is not a year", v=repr(str(year)[:40])), later("write a year as four digits, e.g. 2025"))
    if not 1900 <= y <= 2200:
        raise BadValue(later("{v} is not a plausible year", v=repr(year)), later("write a year such as 2025"))
    return y


_DUR = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(år|years?|månader|månad|months?|mån)\s*$", re.I)


def _duration(v) -> int:
    if isinstance(v, bool):
        raise BadValue("expected a duration, got yes/no", kind="type")
    if isinstance(v, int):
        if not 0 <= v <= MAX_YEARS * 12:
            raise BadValue(f"{v} months is outside 0–{MAX_YEARS * 12}")
        return v
    if isinstance(v, str):
        m = _DUR.match(v)
        if m:
            try:
                n = Fraction(m.group(1).replace(",", "."))
            except ValueError:                     # more digits than int() reads (4300)
                raise BadValue(f"{v[:40]!r}… is not a whole number of months within {MAX_YEARS} years") from None
            months = n * 12 if m.group(2).lower() in ("år", "year", "years") else n
            if months.denominator == 1 and 0 <= months <= MAX_YEARS * 12:
                return int(months)
            raise BadValue(f"{v!r} is not a whole number of months within {MAX_YEARS} years")
    raise BadValue(f"expected a duration, got {v!r}", 'write months as a number (36) or "3 years" / "3 år"', "type")


def _number(v):
    if isinstance(v, bool):
        raise BadValue(later("expected a number, got yes/no"), kind="type")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            raise BadValue(f"{v} is not a number")
        f = Fraction(Decimal(repr(v)))
        return int(f) if f.denominator == 1 else f
    if isinstance(v, str):
        try:
            f = Fraction(parse_number(v))
        except (ValueError, InvalidOperation) as exc:
            raise BadValue(f"{v!r} is not a number ({exc})")
        return int(f) if f.denominator == 1 else f
    raise BadValue(later("expected a number, got {v}", v=repr(v)), kind="type")


def _percent(v) -> Fraction:
    if isinstance(v, str):
        v = v.strip().rstrip("%").strip()
    n = _number(v)
    return Fraction(n)


def _text(v) -> str:
    if isinstance(v, str):
        most = limits.get("TEXT", MAX_TEXT)
        if len(v) > most:
            raise BadValue(f"text of {len(v)} characters; the limit is {most}", limits.hint("TEXT"))
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    raise BadValue(later("expected a text, got {v}", v=repr(v)), kind="type")


def _field_text(v) -> str:
    """A participant's name, committee or area: a text (bounded by the file size limit)."""
    if isinstance(v, str):
        return v
    raise BadValue(later("expected a text, got {v}", v=repr(v)), kind="type")


def _tags(v) -> tuple:
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        most = limits.get("LIST_ITEMS", MAX_LIST_ITEMS)
        if len(v) > most:
            raise BadValue(f"a list of {len(v)} words; the limit is {most}", limits.hint("LIST_ITEMS"))
        return tuple(v)
    raise BadValue(f"expected a word or a list of words, got {v!r}", kind="type")


def _choice(v, choices) -> str:
    if isinstance(v, str):
        word = voc.CHOICE_INDEX.get(v, v)
        if not choices or word in choices:
            return word
        import difflib
        close = difflib.get_close_matches(v, list(choices), n=1, cutoff=0.6)
        raise BadValue(later("{v} is not one of {choices}", v=repr(v), choices=", ".join(choices)),
                        later('did you mean "{name}"?', name=close[0]) if close else None)
    raise BadValue(later("expected one of {choices}, got {v}", choices=", ".join(choices), v=repr(v)), kind="type")


def _table(v) -> dict:
    if not isinstance(v, dict):
        raise BadValue(later("expected a table of years and amounts, e.g. [budget] 2025 = 500000"), kind="type")
    most = limits.get("YEARS", MAX_YEARS)
    if len(v) > most:
        raise BadValue(f"{len(v)} years; the limit is {most}", limits.hint("YEARS"))
    out = {}
    for year, amount in v.items():
        y = _year(year)
        if y in out:
            raise BadValue(later("year {y} is given twice", y=y), later("give each year once"))
        out[y] = read_money(amount)
    return out


def _savings(v) -> tuple:
    if not isinstance(v, list):
        raise BadValue("expected a list of {actor, year, amount}, e.g. [[savings]]", kind="type")
    most = limits.get("SAVINGS_ROWS", MAX_SAVINGS_ROWS)
    if len(v) > most:
        raise BadValue(f"{len(v)} savings rows; the limit is {most}", limits.hint("SAVINGS_ROWS"))
    out = []
    for row in v:
        if not isinstance(row, dict) or not {"actor", "year", "amount"} <= set(row):
            raise BadValue("each saving needs actor, year and amount", kind="type")
        try:
            year = _year(row["year"])
        except BadValue as b:
            raise BadValue("savings " + b.message, b.hint) from None
        out.append((_text(row["actor"]), year, read_money(row["amount"])))
    return tuple(out)
