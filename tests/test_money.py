"""Tests for sirules.language.money: exact öre arithmetic, parsing, formatting, allocation."""

from __future__ import annotations

import doctest
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sirules.language import money
from sirules.language.money import (
    UNITS, allocate, format_money, format_money_short, format_number, format_percent,
    parse_money, parse_number, percent_of, round_ore, to_ore,
)

amounts = st.integers(min_value=-10**18, max_value=10**18)
weights = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**9),
        st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False,
                    allow_infinity=False),
    ),
    min_size=1, max_size=12,
)


def test_doctests() -> None:
    assert doctest.testmod(money).failed == 0


# --- parsing ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1500000", "1500000"), ("1 500 000", "1500000"), ("1\u00a0500\u00a0000", "1500000"),
    ("1\u202f500", "1500"), ("1,5", "1.5"), ("1.5", "1.5"), ("-3", "-3"), ("+7", "7"),
    ("1_000", "1000"), ("  42  ", "42"), ("\u22122,25", "-2.25"), ("0,001", "0.001"),
    ("1 234,50", "1234.50"),
])
def test_parse_number_accepts(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text, message", [
    ("1,500,000", "write 1 500 000 or 1500000"), ("1.500.000", "write 1 500 000"),
    ("1,234.50", "ambiguous"), ("", "expected a number"), ("NaN", "expected a number"),
    ("Infinity", "expected a number"), ("inf", "expected a number"), ("abc", "expected a number"),
    ("1e5", "expected a number"), ("15 00", "expected a number"), ("1 5", "expected a number"),
    ("1,", "expected a number"), (",5", "expected a number"), ("--1", "expected a number"),
    ("1" * 31, "number too long"), ("1" * 20 + ",1" + "1" * 10, "number too long"),
    ("١٢", "expected a number"),
])
def test_parse_number_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_number(text)


def test_parse_number_30_digits_is_exact() -> None:
    assert parse_number("9" * 30) == Decimal("9" * 30)


@pytest.mark.parametrize("text, ore", [
    ("1 500 000 kr", 150_000_000), ("1,5 mnkr", 150_000_000), ("2 MSEK", 200_000_000),
    ("500 tkr", 50_000_000), ("250000", 25_000_000), ("1 234,50 kr", 123_450),
    ("3 öre", 3), ("12 kronor", 1200), ("7 SEK", 700), ("2 ksek", 200_000),
    ("1,5 mkr", 150_000_000), ("2 mdkr", 200_000_000_000), ("-500 kr", -50_000),
    ("500tkr", 50_000_000), ("0,01 kr", 1),
])
def test_parse_money(text: str, ore: int) -> None:
    assert parse_money(text) == ore


def test_parse_money_default_unit() -> None:
    assert parse_money("5", default_unit="tkr") == 500_000
    with pytest.raises(ValueError, match="amount needs a unit such as kr, tkr, mnkr"):
        parse_money("250000", default_unit=None)


@pytest.mark.parametrize("text, message", [
    ("1,234 öre", "1,234 öre is not a whole number of öre"),
    ("0,001 kr", "not a whole number of öre"), ("5 euro", "unknown money unit 'euro'"),
    ("kr", "expected a number"), ("1,500,000 kr", "write 1 500 000"), ("", "expected a number"),
])
def test_parse_money_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_money(text)


def test_to_ore() -> None:
    assert to_ore(Decimal("1.5"), "MnKr") == 150_000_000
    assert to_ore(Decimal("9" * 30), "mdkr") == int("9" * 30) * 100_000_000_000
    assert {u: to_ore(Decimal(1), u) for u in UNITS} == UNITS
    with pytest.raises(ValueError, match="finite"):
        to_ore(Decimal("NaN"), "kr")


# --- rounding and percentages ------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (Decimal("0.5"), 1), (Decimal("-0.5"), -1), (Decimal("1.5"), 2), (Decimal("2.5"), 3),
    (Decimal("-2.5"), -3), (Decimal("2.49"), 2), (Decimal("2.51"), 3), (Decimal("-2.49"), -2),
    (Fraction(1, 2), 1), (Fraction(-3, 2), -2), (Fraction(1, 3), 0), (Fraction(2, 3), 1),
    (7, 7), (-7, -7), (Decimal("1E+3"), 1000),
])
def test_round_ore(value: Decimal | Fraction | int, expected: int) -> None:
    assert round_ore(value) == expected


@given(st.integers(), st.integers(min_value=1, max_value=10**12))
def test_round_ore_matches_decimal_half_up(n: int, d: int) -> None:
    with localcontext() as ctx:
        ctx.prec = 200
        expected = int((Decimal(n) / Decimal(d)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert round_ore(Fraction(n, d)) == expected


def test_round_ore_rejects() -> None:
    with pytest.raises(TypeError):
        round_ore(0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-finite"):
        round_ore(Decimal("Infinity"))


@pytest.mark.parametrize("amount, percent, expected", [
    (100_000, Decimal("50"), 50_000), (1001, Decimal("50"), 501), (-1001, Decimal("50"), -501),
    (100_000, Decimal("12.5"), 12_500), (1, Decimal("49.99"), 0), (3, Decimal("50"), 2),
    (123_456_789, Decimal("0"), 0), (100, Decimal("100"), 100), (333, Decimal("33.3333"), 111),
])
def test_percent_of(amount: int, percent: Decimal, expected: int) -> None:
    assert percent_of(amount, percent) == expected


@given(amounts, st.decimals(min_value=-1000, max_value=1000, places=4))
def test_percent_of_exact(amount: int, percent: Decimal) -> None:
    assert percent_of(amount, percent) == round_ore(Fraction(amount) * Fraction(percent) / 100)


# --- allocation ----------------------------------------------------------------

@given(amounts, weights)
def test_allocate_sums_and_is_within_one_ore(total: int, ws: list[int | Decimal]) -> None:
    parts = allocate(total, ws)
    assert sum(parts) == total and len(parts) == len(ws)
    fracs = [Fraction(w) for w in ws]
    wsum = sum(fracs) or None
    for part, w in zip(parts, fracs):
        exact = Fraction(total) * w / wsum if wsum else Fraction(total, len(ws))
        assert abs(part - exact) < 1


@given(amounts, weights)
def test_allocate_is_deterministic(total: int, ws: list[int | Decimal]) -> None:
    assert allocate(total, ws) == allocate(total, list(ws)) == allocate(total, tuple(ws))
    assert allocate(-total, ws) == [-p for p in allocate(total, ws)]


@pytest.mark.parametrize("total, ws, expected", [
    (100, [1, 1, 1], [34, 33, 33]), (-100, [1, 1, 1], [-34, -33, -33]), (5, [0, 0], [3, 2]),
    (2, [1, 1, 1], [1, 1, 0]), (10, [0, 1], [0, 10]), (0, [3, 4], [0, 0]),
    (100, [Decimal("0.5"), 1], [33, 67]), (7, [2, 1, 1], [3, 2, 2]), (1, [1, 1], [1, 0]),
])
def test_allocate_examples(total: int, ws: list[int | Decimal], expected: list[int]) -> None:
    assert allocate(total, ws) == expected


def test_allocate_rejects() -> None:
    with pytest.raises(ValueError, match="at least one weight"):
        allocate(100, [])
    with pytest.raises(ValueError, match="non-negative"):
        allocate(100, [1, -1])
    with pytest.raises(ValueError, match="finite"):
        allocate(100, [Decimal("NaN")])


# --- formatting ------------------------------------------------------------------

@pytest.mark.parametrize("ore, sv, en", [
    (150_000_000, "1 500 000 kr", "SEK 1,500,000"), (123_450, "1 234,50 kr", "SEK 1,234.50"),
    (-50_000, "-500 kr", "SEK -500"), (0, "0 kr", "SEK 0"), (5, "0,05 kr", "SEK 0.05"),
    (-1, "-0,01 kr", "SEK -0.01"), (100_000, "1 000 kr", "SEK 1,000"),
])
def test_format_money(ore: int, sv: str, en: str) -> None:
    assert format_money(ore) == format_money(ore, "sv") == sv
    assert format_money(ore, "en") == en


@pytest.mark.parametrize("ore, sv, en", [
    (150_000_000, "1,5 mnkr", "1.5 MSEK"), (100_000_000, "1 mnkr", "1 MSEK"),
    (-250_000_000, "-2,5 mnkr", "-2.5 MSEK"), (2_500_000, "25 tkr", "25 kSEK"),
    (1_000_000, "10 tkr", "10 kSEK"), (99_900_000, "999 tkr", "999 kSEK"),
    (123_400_000, "1 234 tkr", "1,234 kSEK"), (900_000, "9 000 kr", "SEK 9,000"),
    (1_050_000, "10 500 kr", "SEK 10,500"), (123_450, "1 234,50 kr", "SEK 1,234.50"),
])
def test_format_money_short(ore: int, sv: str, en: str) -> None:
    assert format_money_short(ore) == sv
    assert format_money_short(ore, "en") == en


@given(amounts)
def test_sv_round_trip(ore: int) -> None:
    assert parse_money(format_money(ore, "sv")) == ore
    assert parse_money(format_money_short(ore, "sv")) == ore


def test_format_number_and_percent() -> None:
    assert format_percent(Decimal("50")) == "50 %"
    assert format_percent(Decimal("12.5")) == "12,5 %"
    assert format_percent(Decimal("50"), "en") == "50%"
    assert format_percent(Decimal("12.50"), "en") == "12.5%"
    assert format_number(Decimal("1500000")) == "1 500 000"
    assert format_number(Decimal("-1234.5"), "en") == "-1,234.5"
    assert format_number(Decimal("1E+3")) == "1 000"
    assert format_number(Decimal("-0")) == "0"
    assert format_number(10**40) == "10" + " 000" * 13


@given(st.integers(min_value=-10**40, max_value=10**40), st.sampled_from(["sv", "en"]))
def test_a_whole_number_is_written_as_its_decimal_is(value: int, lang: str) -> None:
    assert format_number(value, lang) == format_number(Decimal(value), lang)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6,
                   min_value=-10**20, max_value=10**20))
def test_format_number_round_trip(value: Decimal) -> None:
    assert parse_number(format_number(value, "sv")) == value


def test_format_rejects() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        format_money(1, "de")
    with pytest.raises(TypeError, match="int öre"):
        format_money(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-finite"):
        format_number(Decimal("NaN"))
