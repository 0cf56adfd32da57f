"""Inputs that once changed a result silently (issue 21, items 9-12): year keys that collapse into
another year, duplicate keys, floats read as money, dates in forms other than YYYY-MM-DD."""

import pytest

import sirules
from sirules.engine import application
from sirules.language.diagnostics import SirulesError

GUIDELINE = """riktlinje "Prov" gäller från 2010-01-01
ska tak: belopp <= 1 000 000 kr
"""


@pytest.fixture(scope="module")
def g():
    return sirules.load_text(GUIDELINE, "prov.sir")


def errors_of(call):
    with pytest.raises(SirulesError) as info:
        call()
    return [d for d in info.value.diagnostics if d.severity.value == "error"]


def read(g, text, name):
    return g.normaliser.normalise(application.parse_text(text, name), name, text)


# item 9: a year key is exactly four ASCII digits; one year given twice is an error

@pytest.mark.parametrize("text, name", [
    ("[budget]\n2013 = 1\n02013 = 2\n", "a.toml"),
    ("[budget]\n\"+2013\" = 1\n", "a.toml"),
    ("[budget]\n\" 2013\" = 1\n", "a.toml"),
    ("[budget]\n\"٢٠١٣\" = 1\n", "a.toml"),
    ("budget:\n  2013: 1\n  0x7dd: 2\n", "a.yaml"),
    ("budget:\n  0x7dd: 2\n", "a.yaml"),
    ('{"budget": {"2013": 1, "+2013": 2}}', "a.json"),
])
def test_year_keys_that_collapse_are_refused(g, text, name):
    errs = errors_of(lambda: read(g, text, name))
    assert errs and all(e.code in ("SIR305", "SIR301") for e in errs)
    assert any("year" in e.message for e in errs)


def test_year_given_twice_after_normalising(g):
    errs = errors_of(lambda: g.normaliser.normalise({"budget": {2013: 1, "2013": 2}}))
    assert "twice" in errs[0].message


def test_plain_year_keys_still_read(g):
    for text, name in [("[budget]\n2013 = 1\n2014 = 2\n", "a.toml"), ("budget:\n  2013: 1\n  '2014': 2\n", "a.yaml"),
                       ('{"budget": {"2013": 1, "2014": 2}}', "a.json")]:
        assert read(g, text, name).data["budget"] == {2013: 100, 2014: 200}


def test_savings_year_is_a_year(g):
    errs = errors_of(lambda: g.normaliser.normalise(
        {"savings": [{"actor": "x", "year": "+2013", "amount": 1}]}))
    assert errs[0].code == "SIR305"


# item 10: duplicate keys are refused in JSON and YAML as in TOML, with the line

@pytest.mark.parametrize("text, name, line", [
    ('{"amount": 1,\n "amount": 2}', "a.json", 2),
    ('{"applicant": {"kind": "x",\n "kind": "y"}}', "a.json", 2),
    ("amount: 1\ntitle: t\namount: 2\n", "a.yaml", 3),
    ("applicant:\n  kind: x\n  kind: y\n", "a.yaml", 3),
    ("amount = 1\namount = 2\n", "a.toml", 2),
])
def test_duplicate_keys_are_refused(text, name, line):
    errs = errors_of(lambda: application.parse_text(text, name))
    assert errs[0].code == "SIR301"
    assert errs[0].span.line == line
    assert errs[0].hint


def test_yaml_merge_keys_still_allowed():
    raw = application.parse_text("base: &b\n  kind: x\napplicant:\n  <<: *b\n  kind: y\n", "a.yaml")
    assert raw["applicant"] == {"kind": "y"}


# item 12: money is never a float; a date is exactly YYYY-MM-DD

@pytest.mark.parametrize("text, name", [
    ("amount = 1e308\n", "a.toml"),
    ("amount = 1500000.0\n", "a.toml"),
    ('{"amount": 1e308}', "a.json"),
    ("amount: 1.5e6\n", "a.yaml"),
])
def test_float_is_not_money(g, text, name):
    errs = errors_of(lambda: read(g, text, name))
    assert errs[0].code in ("SIR302", "SIR305")
    assert errs[0].hint


@pytest.mark.parametrize("day", ["20130101", "2013-W01-1", "2013W011", "2013-001", "٢٠١٣-01-01", "2013-1-1"])
def test_dates_only_as_yyyy_mm_dd(g, day):
    errs = errors_of(lambda: g.normaliser.normalise({"start": day}))
    assert errs[0].code == "SIR305"
    assert "YYYY-MM-DD" in errs[0].hint


@pytest.mark.parametrize("day", ["20130101", "2013-W01-1"])
def test_fast_path_refuses_the_same_dates(g, day):
    with pytest.raises(SirulesError):
        g.outcomes({"start": day, "amount": 1})


def test_iso_dates_still_read(g):
    assert str(g.normaliser.normalise({"start": "2013-01-01"}).data["start"]) == "2013-01-01"
    assert g.outcomes({"start": "2013-01-01", "amount": 1})[0] == "accepted"


def test_cli_date_only_as_yyyy_mm_dd():
    from tests.cli_helpers import run
    code, out, err = run("check", "guidelines/ale.sir", "examples/ale/accepted-two-sectors.toml", "--date", "20130101")
    assert code == 2 and "SIR404" in err


# item 11: one set of limits for a file and a batch line

from hypothesis import given, settings, HealthCheck, strategies as st   # noqa: E402

from sirules.engine import batch   # noqa: E402
from sirules.language import limits   # noqa: E402


def _by_file(g, raw):
    import json
    try:
        text = json.dumps(raw)
        g.check(g.normaliser.normalise(application.parse_text(text, "a.json"), "a.json", text))
        return True
    except SirulesError:
        return False


def _by_batch(g, raw):
    import json
    import os
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write(json.dumps(raw) + "\n")
    try:
        [(n, line)] = list(batch.read_lines(fh.name))
        return "error" not in batch.check_one(g, n, line, None)
    finally:
        os.unlink(fh.name)


def _around(limit):
    return st.sampled_from([limit - 1, limit, limit + 1, limit + 50])


oversize = st.one_of(
    _around(limits.TEXT).map(lambda n: {"title": "x" * n}),
    _around(limits.TEXT).map(lambda n: {"parts": {"goal": "x" * n}}),
    _around(limits.YEARS).map(lambda n: {"budget": {str(1900 + i): 1 for i in range(n)}}),
    _around(limits.PARTICIPANTS).map(lambda n: {"participants": [{"kind": "municipal_unit"}] * n}),
    _around(limits.APPLICATION_DEPTH).map(lambda n: {"applicant": {"kind": "municipal_unit"},
                                                     "x": __import__("functools").reduce(lambda a, _: [a], range(n), 1)}),
    _around(limits.APPLICATION_VALUES).map(lambda n: {"x": [1] * n}),
    st.just({"amount": 10 ** 15}), st.just({"amount": 10 ** 15 + 1}),
    st.just({"duration": 1200}), st.just({"duration": 1201}),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=oversize, title=st.booleans())
def test_batch_and_file_keep_the_same_limits(g, raw, title):
    raw = {"participants": [], "amount": 1, **raw}     # (accepted by the fast path unless a limit says no)
    if title and "title" not in raw:
        raw = {**raw, "title": "t"}
    assert _by_batch(g, raw) == _by_file(g, raw), list(raw)


def test_long_title_and_151_years_refused_by_batch(g):
    assert _by_batch(g, {"title": "x", "participants": [], "amount": 1})
    assert g._check_raw({"title": "x", "participants": [], "amount": 1}, None)     # the fast path reads it
    assert not _by_batch(g, {"title": "x" * 300_000, "participants": [], "amount": 1})
    assert not _by_batch(g, {"budget": {str(1900 + i): 1 for i in range(151)}, "participants": [], "amount": 1})


# Also: a lone surrogate in an application is a clean error

@pytest.mark.parametrize("text", ['{"\\ud800": 1}', '{"savings": [{"actor": "\\ud800", "year": 2013, "amount": 1}]}',
                                  '{"title": "a\\udfff"}'])
def test_lone_surrogate_is_an_error(tmp_path, text):
    from tests.cli_helpers import run
    p = tmp_path / "a.json"
    p.write_text(text, encoding="utf-8")
    for cmd in (("check", "guidelines/ale.sir", str(p)), ("calc", "guidelines/ale.sir", str(p))):
        code, out, err = run(*cmd)
        assert code == 2, (cmd, err)
        assert "SIR301" in err


# item 15: inputs under the size limits that took minutes or gigabytes

def _quick(call, seconds=1.0):
    import time
    t0 = time.perf_counter()
    try:
        call()
    except SirulesError as exc:
        t = time.perf_counter() - t0
        assert t < seconds * 3, f"{t:.2f} s"     # (slack for a loaded machine)
        return exc.diagnostics[0]
    raise AssertionError("no error")


def test_toml_dotted_key_refused_before_the_parser():
    d = _quick(lambda: application.parse_text("a" + ".a" * 40_000 + " = 1\n", "a.toml"))
    assert d.code == "SIR402"
    d = _quick(lambda: application.parse_text("[a" + ".a" * 40_000 + "]\nx = 1\n", "a.toml"))
    assert d.code == "SIR402"


def test_toml_dots_in_texts_are_not_keys():
    text = 'title = "' + "a. " * 100 + '"\n[parts]\ngoal = """\n' + "One. Two. " * 50 + "\n\"\"\"\n"
    assert application.parse_text(text, "a.toml")["title"].startswith("a. ")


def test_big_yaml_refused_quickly():
    d = _quick(lambda: application.parse_text("x:\n" + "  - 1\n" * 800_000 + "y: [\n", "a.yaml"))
    assert d.code == "SIR401" and "SIRULES_MAX_YAML_BYTES" in d.hint


def test_constant_squared_again_and_again():
    text = 'riktlinje "R"\nkonstant k0 = 10\n' + "".join(f"konstant k{i} = k{i-1} * k{i-1}\n" for i in range(1, 40))
    d = _quick(lambda: sirules.load_text(text + "ska r: belopp <= k39\n", "k.sir"))
    assert d.code == "SIR420"


def test_literal_product_of_thousands_of_digits():
    text = 'riktlinje "R"\nska r: belopp <= 1 kr * ' + " * ".join(["999999999999999999999999999"] * 160) + "\n"
    assert _quick(lambda: sirules.load_text(text, "p.sir")).code == "SIR420"


def test_100_000_and_terms():
    text = 'riktlinje "R"\nska r: ' + " och ".join(["belopp > 1 kr"] * 100_000) + "\n"
    d = _quick(lambda: sirules.load_text(text, "a.sir"))
    assert d.code == "SIR401" and "SIRULES_MAX_TERMS" in d.hint


@pytest.mark.parametrize("block", [
    "kalkyl\n  horisont: 20000 år\n",
    "återbetalning\n  modell: lån\n  amorteringstid: 99999999\n",
    "återbetalning\n  modell: återföring\n  högst_år: 99999999\n",
    "återbetalning\n  modell: återföring\n  första_år: 99999999\n",
])
def test_years_that_size_a_loop_are_bounded(block):
    d = _quick(lambda: sirules.load_text('riktlinje "R"\nska r: belopp <= 1 kr\n' + block, "y.sir"))
    assert d.code == "SIR205" and "SIRULES_MAX_YEARS" in d.hint, d


def test_calc_rate_with_a_million_decimals_is_refused():
    from tests.cli_helpers import run
    code, out, err = run("calc", "guidelines/ale.sir", "examples/ale/accepted-two-sectors.toml", "--rate", "1e-999999")
    assert code == 2 and "SIR404" in err


def test_yaml_of_many_small_values_refused_quickly():
    d = _quick(lambda: application.parse_text("x: [" + "1," * 50_000 + "1]\n", "a.yaml"))
    assert d.code == "SIR401" and "SIRULES_MAX_YAML_NODES" in d.hint


@pytest.mark.parametrize("expect", ["findings = 5", 'route = "x"', "findings = [1]"])
def test_expect_of_the_wrong_shape_is_a_clean_error(tmp_path, expect):
    from tests.cli_helpers import run
    p = tmp_path / "a.toml"
    p.write_text(open("examples/ale/accepted-two-sectors.toml", encoding="utf-8").read().split("[expect]")[0]
                 + f'[expect]\nverdict = "accepted"\n{expect}\n', encoding="utf-8")
    code, out, err = run("test", "guidelines/ale.sir", "--examples", str(p))
    assert code == 2, (code, out, err)
    assert "SIR302" in err + out


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="reads /proc/self/status")
def test_a_text_of_a_million_escaped_quotes_is_read_in_little_memory(tmp_path):
    import subprocess
    import sys
    from tests.cli_helpers import ROOT
    p = tmp_path / "q.sir"
    p.write_text('riktlinje "R"\nska r: titel är "' + '\\"' * 900_000 + '"\n', encoding="utf-8")
    probe = ("import re, sys, sirules\nsirules.load_text(open(sys.argv[1], encoding='utf-8').read(), 'q.sir')\n"
             "print(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))")   # (not ru_maxrss:
    # a child's counts the memory of the process it was forked from)
    out = subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True, cwd=ROOT,
                         env={**__import__("os").environ, "PYTHONPATH": ROOT, "SIRULES_CACHE_DIR": str(tmp_path / "c")},
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[-1]) < 250_000, out.stdout      # KB; it was 450 MB (3.4 GB for 1.9 MB)


@pytest.mark.parametrize("command", [("lint",), ("debug", "tree")])
def test_lint_and_debug_tree_stop_at_the_term_limit_before_lark(tmp_path, command):
    from tests.cli_helpers import run
    import time
    p = tmp_path / "t.sir"
    p.write_text('riktlinje "R"\nska r: ' + " och ".join(["belopp > 1 kr"] * 20_000) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    code, out, err = run(*command, str(p))
    assert code == 2 and "SIR401" in err
    assert time.perf_counter() - t0 < 3
