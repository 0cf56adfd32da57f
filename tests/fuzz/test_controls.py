"""The ``terminal`` fuzz target's property holds the writers to account (it is not vacuous)."""

import random

import pytest

from .targets import TARGETS, PropertyViolation
from .controls import control_text, shown_not_obeyed


@pytest.mark.parametrize("fmt, out", [
    ("text", "app.json: REJECTED\x1b[2K\rACCEPTED\n"),
    ("text", "title \u202e reversed\n"),
    ("json", '{"t": "\x9b"}'),
    ("csv", 'a,b\n=HYPERLINK("x"),1\n'),
    ("csv", "a,b\n-1+2,1\n"),
    ("markdown", "| a | b |\n|---|---|\n| x | y | z |\n"),
    ("markdown", "| a |\n|---|\n| [l](javascript:alert(1)) |\n"),
    ("markdown", "![i](https://example.invalid/p.png)\n"),
])
def test_the_property_catches_what_it_is_for(fmt, out):
    with pytest.raises(PropertyViolation):
        shown_not_obeyed(fmt, out, "")


@pytest.mark.parametrize("fmt, out", [
    ("text", "app.json: REJECTED \\x1b[2K\\rACCEPTED\n"),
    ("json", '{"t": "\\u009b", "n": -5}'),
    ("csv", "a,b\n'=HYPERLINK(\"x\"),-150000\n"),
    ("markdown", "| a | b |\n|---|---|\n| x \\| y | \\[l\\](javascript:alert(1)) \\!\\[i\\] |\n"),
])
def test_the_property_lets_escaped_output_pass(fmt, out):
    shown_not_obeyed(fmt, out, "")


def test_the_target_is_registered_and_makes_hostile_text():
    assert "terminal" in TARGETS
    rnd = random.Random(3)
    texts = [control_text(rnd) for _ in range(200)]
    assert any("\x1b" in t for t in texts) and any("\u202e" in t for t in texts) and any("=" in t for t in texts)
