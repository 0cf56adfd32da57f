"""#17's "Done when", checked on the bundled guidelines: `sirules test guidelines/` passes with
full coverage, and a paused or closed guideline or block is said in compare as it is in a check."""

import sirules
from tests.cli_helpers import run


def test_sirules_test_on_the_guidelines_folder_passes_with_full_coverage():
    code, out, err = run("test", "--require-full-coverage", "--lang", "en", "guidelines/")
    assert code == 0, out + err
    assert out.count(" examples, ") >= 21 and " do not" not in out
    assert all(line.endswith("(100 %)") for line in out.splitlines() if "coverage:" in line)


def test_orebro_2020_is_closed_from_2023_in_check_and_compare():
    g = sirules.load("guidelines/orebro-2020.sir")
    r = g.check("examples/orebro-2020/rejected-fund-closed-from-2023.toml")
    f = next(x for x in r.findings if x.rule.id == "status:fund")
    assert r.verdict == "rejected" and f.outcome == "fail" and f.clause.startswith("§ 7")
    assert f.message == "fonden är stängd: inga ansökningar tas emot"
    code, out, _ = run("compare", "--changes", "guidelines/orebro-2013.sir", "guidelines/orebro-2020.sir",
                       "--width", "120")
    assert "pausad eller stängd" in out and "fonden stängd (från 2023-01-01)" in out
    # on a date before the closing the closed block is not in force, so it is not listed
    code, out, _ = run("compare", "guidelines/orebro-2020.sir@2021-01-01", "guidelines/orebro-2013.sir@2014-01-01",
                       "--width", "120")
    assert code == 0 and "stängd" not in out
    code, out, _ = run("compare", "guidelines/orebro-2020.sir@2023-06-01", "guidelines/orebro-2013.sir@2014-01-01",
                       "--width", "120")
    assert "fonden stängd" in out


def test_a_fund_closed_for_a_time_is_undecided_without_a_date():
    """Without a date there is no telling whether the application falls in the closed time: the
    check is incomplete, and says what to give, in both semantics."""
    from sirules.engine import explain
    g = sirules.load("guidelines/orebro-2020.sir")
    raw = {"amount": 1_000_000, "applicant": {"name": "A", "kind": "municipal_unit"}}
    r = g.check_raw(raw)
    i = [rule.id for rule in g.model.rules].index("status:fund")
    assert r.outcomes[i] == 2 == explain.outcome(g.model.rules[i], r.data, r.on)
    f = next(x for x in r.findings if x.rule.id == "status:fund")
    assert f.outcome == "undecided" and r.verdict != "accepted"
    assert f.message == ("inget datum att avgöra om fonden är stängd (från 2023-01-01): ange ett startdatum, "
                         "eller --date")
