"""The formatter proves itself: identity corpus, parse(format(g)) == g, stability,
comments kept, language round trips, and the command's file handling."""

import glob
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings

from sirules.authoring import formatter
from sirules.engine import pipeline
from sirules.cli.fmt import format_text
from sirules.language.source import SourceFile

from . import strategies

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDELINES = sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))
CASES = sorted(glob.glob(os.path.join(ROOT, "tests", "formatter", "*.sir")))


def parse(text, path="<fmt>"):
    return pipeline.parse(SourceFile(path, text))


@pytest.mark.parametrize("path", GUIDELINES, ids=os.path.basename)
def test_bundled_guidelines_are_canonical(path):
    text = open(path, encoding="utf-8").read()
    assert format_text(text, path) == text


@pytest.mark.parametrize("path", CASES, ids=os.path.basename)
def test_formatter_cases(path):
    """Black's convention: input, an optional '# output' line, then the expected output."""
    text = open(path, encoding="utf-8").read()
    if "\n# output\n" in text:
        source, expected = text.split("\n# output\n", 1)
        source += "\n"
    else:
        source = expected = text
    got = format_text(source, path)
    assert got == expected
    assert parse(got) == parse(source)
    assert format_text(got, path) == got


@pytest.mark.parametrize("path", GUIDELINES, ids=os.path.basename)
def test_language_round_trip(path):
    text = open(path, encoding="utf-8").read()
    lang = parse(text).lang
    other = "en" if lang == "sv" else "sv"
    there = format_text(text, path, other)
    assert parse(there).lang == other
    assert format_text(there, path, lang) == text


@pytest.mark.parametrize("path", GUIDELINES, ids=os.path.basename)
def test_translated_guideline_checks_the_same(path):
    import sirules
    from sirules.authoring import testing
    text = open(path, encoding="utf-8").read()
    lang = parse(text).lang
    other = sirules.load_text(format_text(text, path, "en" if lang == "sv" else "sv"), path)
    original = sirules.load(path)
    for example in testing.examples_for(path):
        a, b = original.check(example), other.check(example)
        assert (a.verdict, a.outcomes) == (b.verdict, b.outcomes)


@pytest.mark.parametrize("path", GUIDELINES, ids=os.path.basename)
def test_messy_copy_is_restored(path):
    text = open(path, encoding="utf-8").read()
    out, in_string = [], False
    for i, line in enumerate(text.splitlines()):
        starts_in_string = in_string
        in_string ^= line.count('"""') % 2 == 1
        if starts_in_string or line.lstrip().startswith("#") or '"""' in line:
            out.append(line)
            continue
        code, sep, comment = line.partition("  #")
        if '"' not in code:
            code = code.replace(": ", ":    ").replace(" = ", "=").replace(" >= ", ">=")
        out.append(" " * (i % 5) + code.strip() + "   " + sep + comment)
        if not line.strip():
            out.extend(["", "  "])                       # runs of blank lines collapse to one
    messy = "\n".join(out) + "\n\n\n"
    assert messy != text
    assert format_text(messy, path) == text


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.guidelines())
def test_generated_guidelines_round_trip(g):
    text = formatter.format_guideline(g)
    again = parse(text)
    assert again == g
    assert formatter.format_guideline(again) == text


def run_fmt(*args):
    return subprocess.run([sys.executable, "-m", "sirules", "fmt", *args], capture_output=True, text=True)


def test_check_reports_and_changes_nothing(tmp_path):
    p = tmp_path / "g.sir"
    p.write_text('riktlinje "x"\nska   tak :  belopp<=1 mnkr   # kommentar\n', encoding="utf-8")
    before = p.read_text(encoding="utf-8")
    r = run_fmt("--check", str(p))
    assert r.returncode == 1 and "+ska tak: belopp <= 1 mnkr  # kommentar" in r.stdout
    assert p.read_text(encoding="utf-8") == before
    assert run_fmt(str(p)).returncode == 0
    assert p.read_text(encoding="utf-8") == 'riktlinje "x"\n\nska tak: belopp <= 1 mnkr  # kommentar\n'
    assert run_fmt("--check", str(p)).returncode == 0


def test_unparsable_file_is_left_untouched(tmp_path):
    p = tmp_path / "bad.sir"
    p.write_text('riktlinje "x"\nska tak: belopp <=\n', encoding="utf-8")
    r = run_fmt(str(p))
    assert r.returncode == 2 and "SIR003" in r.stderr and "Traceback" not in r.stderr
    assert p.read_text(encoding="utf-8") == 'riktlinje "x"\nska tak: belopp <=\n'
    assert not [f for f in os.listdir(tmp_path) if f != "bad.sir"]
