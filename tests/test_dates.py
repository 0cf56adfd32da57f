"""Dates, call rounds and duties (#17 points 2 and 5): validity as a rejection, the submission
date and the date that picks the version, parts of a date, days of every year, call rounds,
paused or closed blocks, and duties with their follow-up from an outcome file."""

import datetime
import json
import os

import pytest

import sirules
from sirules.authoring import formatter
from sirules.engine import explain
from sirules.engine.suggest import suggest
from sirules.finance import cashflow
from tests.cli_helpers import ROOT, run

D = datetime.date

SV = '''riktlinje "Prov" gäller från 2022-01-01 till 2024-12-31
  organ: "Provkommunen"
  versionsdatum: inlämnad

# två fasta omgångar varje år
omgång vår "vårens omgång" från 1 februari varje år till 15 mars varje år
omgång höst från 1 september varje år till 15 oktober varje år
omgång extra från 2023-05-01 till 2023-05-31 stängd

ska i_tid "inlämnad i en öppen omgång": inlämnad inom en öppen omgång
ska inte_juli "inga ansökningar i juli eller december": inlämnad.månad != juli och inlämnad.månad != december
ska start_i_tid: startdatum >= 1 januari varje år och startdatum <= 30 juni varje år
bör vardag: inlämnad.veckodag <= fredag

åtagande slutrapport: sökande "lämnar en slutrapport" senast 3 månader efter projektslut
åtagande visning: "projektägaren" "presenterar resultatet offentligt"
'''


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    path = tmp_path_factory.mktemp("dates") / "prov.sir"
    path.write_text(SV, encoding="utf-8")
    return sirules.load(str(path), use_cache=False)


def app(**kw):
    return {"title": "x", "start": "2023-03-01", "duration": 12, **kw}


def outcome(g, raw, rule):
    r = g.check(raw)
    return {f.rule.id: f.outcome for f in r.findings}.get(rule), r


def test_a_submission_in_a_yearly_round_passes_and_outside_fails(g):
    assert outcome(g, app(submitted="2023-03-10"), "i_tid")[0] == "pass"
    assert outcome(g, app(submitted="2022-10-15"), "i_tid")[0] == "pass"
    o, r = outcome(g, app(submitted="2023-04-02"), "i_tid")
    assert o == "fail" and r.verdict == "rejected"
    msg = next(f.message for f in r.findings if f.rule.id == "i_tid")
    assert "utanför varje öppen omgång" in msg and "vår 1 februari–15 mars varje år" in msg


def test_a_closed_round_is_never_open_and_says_so(g):
    o, r = outcome(g, app(submitted="2023-05-10"), "i_tid")
    assert o == "fail"
    assert "omgången extra, som är stängd" in next(f.message for f in r.findings if f.rule.id == "i_tid")


def test_month_and_weekday_parts_with_month_names(g):
    assert outcome(g, app(submitted="2023-07-03"), "inte_juli")[0] == "fail"
    assert outcome(g, app(submitted="2023-12-01"), "inte_juli")[0] == "fail"
    assert outcome(g, app(submitted="2023-03-01"), "inte_juli")[0] == "pass"
    assert outcome(g, app(submitted="2023-03-04"), "vardag")[0] == "fail"      # a Saturday
    assert outcome(g, app(submitted="2023-03-03"), "vardag")[0] == "pass"


def test_a_day_of_every_year_compares_the_month_and_day(g):
    assert outcome(g, app(submitted="2023-03-01", start="2023-06-30"), "start_i_tid")[0] == "pass"
    o, r = outcome(g, app(submitted="2023-03-01", start="2023-07-01"), "start_i_tid")
    assert o == "fail"
    assert "startdatum är 1 juli; högst 30 juni varje år tillåts" in \
        next(f.message for f in r.findings if f.rule.id == "start_i_tid")


def test_the_submission_date_picks_the_version_and_a_date_outside_is_rejected(g):
    r = g.check(app(submitted="2025-02-10", start="2023-03-01"))
    assert r.on == D(2025, 2, 10) and r.verdict == "rejected"
    f = next(f for f in r.findings if f.rule.id == "validity")
    assert f.outcome == "fail" and f.line == 1
    assert f.message == "riktlinjen gäller inte 2025-02-10; den gäller från 2022-01-01 till 2024-12-31"
    doc = r.to_json()
    assert {"rule": "validity", "outcome": "fail"}.items() <= doc["findings"][-1].items()
    # --date overrides the date used; inside the validity the rule is not shown at all
    r = g.check(app(submitted="2025-02-10"), D(2024, 2, 10))
    assert r.on == D(2024, 2, 10) and "validity" not in {f.rule.id for f in r.findings}


def test_without_a_submission_date_the_date_given_or_today_is_used(g):
    r = g.check(app(), D(2023, 3, 2))
    assert r.data["submitted"] == D(2023, 3, 2)
    r = g.check(app())
    assert r.data["submitted"] == D.today()


def test_the_fast_path_and_the_full_loader_agree(g):
    for raw in (app(submitted="2023-03-10"), app(submitted="2025-02-10"), app(), app(submitted="2023-07-03"),
                app(start="2023-07-01", submitted="2023-10-01")):
        for on in (None, D(2023, 3, 2), D(2026, 1, 1)):
            full = g.check(dict(raw), on)
            fast = g.outcomes(dict(raw), on)
            assert fast == (full.verdict, full.score, full.outcomes), (raw, on)
            assert list(g.outcomes_many([dict(raw)], on)) == [fast]


def test_the_interpreter_agrees_with_the_generated_code(g):
    for raw in (app(submitted="2023-03-10"), app(submitted="2025-02-10"), app(submitted="2023-07-03")):
        r = g.check(raw)
        for rule, o in zip(g.model.rules, r.outcomes):
            assert explain.outcome(rule, r.data, r.on) == o, rule.id


def test_a_validity_start_by_default_and_a_paused_fund(tmp_path):
    p = tmp_path / "f.sir"
    p.write_text('guideline "F" valid from 2022-01-01\nfund "F" paused\n  size: 1 MSEK\n'
                 'must cap: amount <= 1 MSEK\n', encoding="utf-8")
    g = sirules.load(str(p), use_cache=False)
    r = g.check({"amount": 100, "start": "2021-06-01"})
    assert r.verdict == "rejected"
    fails = {f.rule.id: f.message for f in r.findings if f.outcome == "fail"}
    assert fails == {"status:fund": "the fund is paused: no applications are accepted",
                     "validity": "the guideline is not in force on 2021-06-01; it is valid from 2022-01-01"}


def test_suggest_says_no_change_passes_and_names_the_next_round(g, tmp_path):
    p = tmp_path / "a.toml"
    p.write_text('title = "x"\nstart = 2023-03-01\nsubmitted = 2023-04-02\n', encoding="utf-8")
    s = suggest(g, str(p))
    it = next(i for i in s.items if i.rule.id == "i_tid")
    assert it.changes == ()
    assert it.sentence.startswith("ingen ändring av ansökan hjälper")
    assert "nästa öppna omgång är höst, som öppnar 2023-09-01" in it.sentence


def _fmt(text, lang):
    from sirules.engine import pipeline
    from sirules.language.source import SourceFile
    return formatter.format_guideline(pipeline.parse(SourceFile("prov.sir", text)), lang)


def test_round_trip_sv_en_sv_keeps_the_meaning_and_the_comments(g):
    from sirules.engine import pipeline
    from sirules.language.source import SourceFile
    en = _fmt(SV, "en")
    assert "round vår" in en and "1 february every year" in en and "closed" in en
    assert "submitted.month != july" in en and "submitted within an open round" in en
    assert "submitted.weekday <= friday" in en and "version_date: submitted" in en
    assert "# två fasta omgångar varje år" in en
    assert 'commitment slutrapport: applicant "lämnar en slutrapport" by 3 months after the project ends' in en
    assert _fmt(en, "sv") == _fmt(SV, "sv")
    m_en = pipeline.analyse(SourceFile("prov.sir", en))
    assert [(r.id, r.expr) for r in m_en.rules] == [(r.id, r.expr) for r in g.model.rules]
    assert [(r.name, r.start, r.end, r.status) for r in m_en.rounds] == \
        [(r.name, r.start, r.end, r.status) for r in g.model.rounds]
    assert [(c.id, c.who, c.months) for c in m_en.commitments] == [(c.id, c.who, c.months) for c in g.model.commitments]


def test_duties_are_listed_in_the_check_report(g):
    r = g.check(app(submitted="2023-03-10"))
    doc = r.to_json()
    assert doc["commitments"][0] == {"duty": "slutrapport", "who": "applicant", "what": "lämnar en slutrapport",
                                     "months_after_end": 3, "due": "2024-06-01", "line": 15}
    from sirules.report import render
    text = render.result_text(r)
    assert "åtaganden vid beviljande:" in text
    assert "slutrapport: sökande lämnar en slutrapport, senast 2024-06-01  (rad 15)" in text


MALMO = os.path.join(ROOT, "guidelines", "malmo.sir")
MALMO_APP = os.path.join(ROOT, "examples", "malmo", "accepted-two-committees.toml")


@pytest.mark.parametrize("name,status", [("final-report-submitted", "fulfilled"),
                                         ("final-report-missing", "not_fulfilled")])
def test_duties_are_followed_up_from_an_outcome_file(name, status):
    g = sirules.load(MALMO)
    a = g.read_application(MALMO_APP)
    out = cashflow.read_outcome(os.path.join(ROOT, "examples", "malmo", "outcomes", name + ".toml"), a, g.model)
    ob = cashflow.obligations(g.model, a, out)
    assert [(d.id, d.status) for d in ob.duties] == [("slutrapport", status)]
    code, text, _ = run("obligations", MALMO, MALMO_APP, "--outcome",
                        os.path.join("examples", "malmo", "outcomes", name + ".toml"), "--format", "json")
    assert code == 0 and json.loads(text)["duties"][0]["status"] == status


def test_a_duty_is_not_yet_due_before_its_date_and_late_after_it(g):
    from sirules.engine.duties import duties
    data = {"start": D(2023, 3, 1), "duration": 12}
    ds = duties(g.model, data, {}, D(2024, 5, 1))
    assert [(d.id, d.status) for d in ds] == [("slutrapport", "not_yet_due"), ("visning", "not_fulfilled")]
    ds = duties(g.model, data, {"slutrapport": D(2024, 7, 1)}, D(2024, 8, 1))
    assert ds[0].status == "fulfilled_late" and ds[0].due == D(2024, 6, 1)


def test_rich_report_lists_duties(g):
    import io
    from rich.console import Console
    from sirules.report import richtext
    buf = io.StringIO()
    richtext.print_result(g.check(app(submitted="2023-03-10")), Console(file=buf, width=200))
    assert "slutrapport: sökande lämnar en slutrapport, senast 2024-06-01" in buf.getvalue()


def test_compare_shows_rounds_and_duties_and_leaves_validity_to_the_head(g, tmp_path):
    from sirules import compare
    other = tmp_path / "other.sir"
    other.write_text(SV.replace("15 oktober", "31 oktober").replace("åtagande visning", "# åtagande visning"),
                     encoding="utf-8")
    c = compare.compare(compare.load_subjects([g.path, str(other)]))
    rows = {k.key: k for k in c.concepts}
    assert "identity.rounds" in rows and "identity.commitments" in rows
    texts = [[i.text for i in cell.items] for cell in rows["identity.rounds"].cells]
    assert "höst: 1 september–15 oktober varje år" in texts[0] and "höst: 1 september–31 oktober varje år" in texts[1]
    assert not any(i.rule == "validity" for k in c.concepts for cell in k.cells for i in cell.items)


def test_a_paused_guideline_rejects_every_application_and_types_are_named(tmp_path):
    p = tmp_path / "p.sir"
    p.write_text('riktlinje "P" pausad\nska tak: belopp <= 1 mnkr\n', encoding="utf-8")
    g = sirules.load(str(p), use_cache=False)
    r = g.check({"amount": 100})
    assert r.verdict == "rejected"
    assert [f.message for f in r.findings if f.rule.id == "validity"] == [
        "riktlinjen är pausad: inga ansökningar tas emot"]
    bad = tmp_path / "b.sir"
    bad.write_text('guideline "B"\nmust m: amount <= 15 april every year\n', encoding="utf-8")
    with pytest.raises(sirules.SirulesError) as exc:
        sirules.load(str(bad), use_cache=False)
    assert "cannot compare an amount of money (amount) with a day of every year" in str(exc.value)


def test_a_comment_at_the_end_of_a_statement_stays_there_before_another_kind_of_statement():
    text = ('riktlinje "T"\nska c: inlämnad inom en öppen omgång # k3\n'
            'omgång v från 1 mars varje år till 2 april varje år # k4\nåtagande x: sökande "y" # k5\n'
            'konstant k = 1 mnkr\n')
    en = _fmt(text, "en")
    assert "must c: submitted within an open round  # k3" in en
    assert "round v from 1 march every year to 2 april every year  # k4" in en
    assert 'commitment x: applicant "y"  # k5' in en
    assert _fmt(en, "sv") == _fmt(text, "sv")


LISTED = '''riktlinje "Lista" gäller från 2022-01-01
  organ: "Provkommunen"

ska lista "inga ansökningar i juli eller december": inlämnad.månad inte i (juli, december)
ska kedja: inlämnad.månad != juli och inlämnad.månad != december
bör vardag: inlämnad.veckodag i (måndag, tisdag, onsdag, torsdag, fredag)
bör vardag_kedja: inlämnad.veckodag <= fredag
'''


def test_a_date_part_in_a_list_of_months_or_weekdays(tmp_path):
    path = tmp_path / "lista.sir"
    path.write_text(LISTED, encoding="utf-8")
    lg = sirules.load(str(path), use_cache=False)
    day = D(2023, 1, 1)
    while day.year == 2023:
        r = lg.check(app(submitted=day.isoformat()))
        got = {f.rule.id: f.outcome for f in r.findings}
        assert got["lista"] == got["kedja"] and got["vardag"] == got["vardag_kedja"], day
        for rule, o in zip(lg.model.rules, r.outcomes):
            assert explain.outcome(rule, r.data, r.on) == o, (rule.id, day)
        day += datetime.timedelta(days=1)
    r = lg.check(app(submitted="2023-07-03"))
    assert next(f.message for f in r.findings if f.rule.id == "lista") == \
        "inlämnad.månad är 7; får inte vara juli eller december"
    en = _fmt(LISTED, "en")
    assert "submitted.month not in (juli, december)" in en
    assert _fmt(en, "sv") == _fmt(LISTED, "sv")


def test_a_month_listed_twice_is_an_error(tmp_path):
    path = tmp_path / "twice.sir"
    path.write_text(LISTED.replace("(juli, december)", "(juli, juli)"), encoding="utf-8")
    with pytest.raises(sirules.SirulesError) as e:
        sirules.load(str(path), use_cache=False)
    assert "SIR111" in str(e.value) or any(d.code == "SIR111" for d in e.value.diagnostics)
