"""Money in ``sirules compare --applications``: Norrköping's two regimes give the same verdicts but
not the same money; a verdict that only one guideline's own questions decide is "not answered",
apart from a real difference."""

from __future__ import annotations

import json

from sirules import compare, load_text

from .cli_helpers import run

N2020, N2021 = "guidelines/norrkoping.sir@2020-12-31", "guidelines/norrkoping.sir@2021-01-01"


def test_norrkoping_regimes_differ_in_repayment_not_in_verdict():
    code, out, err = run("compare", N2020, N2021, "--format", "json", "--applications", "examples/norrkoping")
    assert code == 0, err
    doc = json.loads(out)
    s = doc["summary"]
    assert s["disagreements"] == [] and s["unanimous"] == 8
    assert "accepted-2019-reflow" in s["money_differences"]
    cells = next(a for a in doc["applications"] if a["name"] == "accepted-2019-reflow")["results"]
    before, after = cells["norrkoping@2020-12-31"]["money"], cells["norrkoping@2021-01-01"]["money"]
    assert before["model"] == "reflow" and after["model"] == "none"
    assert before["granted_ore"] == after["granted_ore"] == 420_000_000
    assert before["returned_ore"] == 420_000_000 and after["returned_ore"] == 0     # everything / nothing back
    assert before["fund_net_ore"] == 0 and after["fund_net_ore"] == -420_000_000
    # a rejected application is granted nothing: no money to compare
    rejected = next(a for a in doc["applications"] if a["name"] == "rejected-no-collaboration")["results"]
    assert all(r["money"] is None for r in rejected.values())


def test_the_text_marks_the_money_difference_as_clearly_as_a_verdict():
    code, out, _ = run("compare", N2020, N2021, "--applications", "examples/norrkoping", "--width", "100")
    assert code == 0
    row = next(line for line in out.splitlines() if line.lstrip().startswith("accepted-2019-reflow"))
    assert "≠ kr" in row
    money = out[out.index("Pengar vid beviljande"):]
    reflow = money[money.index("≠ accepted-2019-reflow"):]
    assert "tillbaka 4,2 mnkr" in reflow.split("\n\n")[0] and "tillbaka 0 kr" in reflow.split("\n\n")[0]
    assert "Ett beviljande ger olika pengar för 2" in out


def test_markdown_csv_and_html_carry_the_money():
    _, md, _ = run("compare", N2020, N2021, "--format", "markdown", "--applications", "examples/norrkoping")
    assert "## Pengar vid beviljande (planerat)" in md and "≠ accepted-2019-reflow" in md
    _, csv, _ = run("compare", N2020, N2021, "--format", "csv", "--applications", "examples/norrkoping")
    header = csv.splitlines()[0].split(",")
    assert header[-6:] == ["repayment_model", "granted_ore", "returned_ore", "shortfall_ore",
                           "shortfall_carried_by", "fund_net_ore"]
    assert any(line.endswith(",reflow,420000000,420000000,0,,0") for line in csv.splitlines())
    _, page, _ = run("compare", N2020, N2021, "--format", "html", "--applications", "examples/norrkoping")
    assert page.count("<svg") == 1 and "Netto för fonden per ansökan och riktlinje" in page


ASKS_MORE = '''riktlinje "A"
avsnitt 1 "Krav"
ska r "förebyggande": förebyggande är ja
ska t "tidig insats": tidig_insats är ja
'''
ASKS_LESS = '''riktlinje "B"
avsnitt 1 "Krav"
ska r "förebyggande": förebyggande är ja
'''


def test_only_this_guideline_asks_is_not_a_real_difference(tmp_path):
    a = compare.Subject("a", "<a>", None, load_text(ASKS_MORE, "<a>"))
    b = compare.Subject("b", "<b>", None, load_text(ASKS_LESS, "<b>"))
    silent = tmp_path / "silent.toml"
    silent.write_text('title = "x"\npreventive = true\n', encoding="utf-8")
    refused = tmp_path / "refused.toml"
    refused.write_text('title = "x"\npreventive = false\n', encoding="utf-8")
    mx = compare.behaviour([a, b], [str(silent), str(refused)])
    first = mx.rows[0]
    assert [o.verdict for o in first] == ["incomplete", "accepted"]
    assert first[0].unanswered and not first[0].answered
    assert mx.disagreements == () and mx.unanswered_only == (0,)
    # a must-rule both guidelines ask, answered no: a real verdict on both sides
    assert [o.verdict for o in mx.rows[1]] == ["rejected", "rejected"]
