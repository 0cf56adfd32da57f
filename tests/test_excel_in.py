"""Applications in Excel and in Swedish keys: the template workbook filled in by a script and read
back, sirules' own workbook read back to the same application, Swedish keys read as English ones,
and bad cells reported by sheet, row and column."""

import glob
import json
import os
import tomllib

import pytest

import sirules
from sirules.language.diagnostics import SirulesError
from tests.cli_helpers import ROOT, run
from tests.spelling_helpers import in_language, to_swedish

openpyxl = pytest.importorskip("openpyxl")

GUIDELINES = sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))


def _examples(gpath):
    stem = os.path.basename(gpath)[:-4]
    return sorted(glob.glob(os.path.join(ROOT, "examples", stem, "*.toml")))


def fill(template: bytes, raw: dict, dest: str) -> None:
    """Fill the template workbook in as a person (or a script of theirs) would, with openpyxl only:
    each fact's value beside its key (a new row for a key the template does not list), a row per
    participant, the budget, the rows of the tables and the parts' texts."""
    import io
    wb = openpyxl.load_workbook(io.BytesIO(template))
    sheets = {ws.title: ws for ws in wb.worksheets}
    raw = dict(raw)
    facts = wb.worksheets[1]

    def flat(d, prefix=""):
        for k, v in d.items():
            if isinstance(v, dict):
                yield from flat(v, f"{prefix}{k}.")
            else:
                yield f"{prefix}{k}", v

    def cell(v):
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return "; ".join(v)
        if isinstance(v, list):                     # a table of rows ([expect.history]): as JSON, as in CSV
            return json.dumps(v, ensure_ascii=False, default=str)
        if isinstance(v, str) and v.startswith(("=", "+", "-", "@")):
            return "'" + v
        return v
    by_key = {facts.cell(r, 1).value: r for r in range(2, facts.max_row + 1)}
    tables = {"sökande", "applicant", "deltagare", "participants", "delar", "parts", "budget"}
    for k, v in list(raw.items()):
        if k in tables or (isinstance(v, list) and v and isinstance(v[0], dict)):
            continue
        for key, value in flat({k: v}):
            row = by_key.get(key) or facts.max_row + 1
            facts.cell(row, 1, key)
            facts.cell(row, 2, cell(value))
    people = wb.worksheets[2]
    heads = [c.value for c in people[1]]
    role_a, role_p = people.cell(2, 1).value, people.cell(3, 1).value
    who = [(role_a, raw.get("sökande", raw.get("applicant")))]
    who += [(role_p, p) for p in raw.get("deltagare", raw.get("participants", []))]
    for r, (role, p) in enumerate((w for w in who if w[1] is not None), 2):
        people.cell(r, 1, role)
        for k, v in p.items():
            if k not in heads:
                heads.append(k)
                people.cell(1, len(heads), k)
            people.cell(r, heads.index(k) + 1, cell(v))
    budget = sheets["Budget"]
    for r, (year, amount) in enumerate((raw.get("budget") or {}).items(), 2):
        budget.cell(r, 1, int(year))
        budget.cell(r, 2, amount)
    parts = wb.worksheets[-1] if wb.worksheets[-1].title in ("Parts", "Delar") else sheets.get("Delar") or sheets["Parts"]
    rows = {parts.cell(r, 1).value: r for r in range(2, parts.max_row + 1)}
    for k, v in (raw.get("delar", raw.get("parts")) or {}).items():
        row = rows.get(k) or parts.max_row + 1
        parts.cell(row, 1, k)
        parts.cell(row, 2, cell(v))
    names = {"savings": ("Savings", "Besparingar"), "besparingar": ("Savings", "Besparingar"),
             "repayment_plan": ("Repayment plan", "Återbetalningsplan"),
             "återbetalningsplan": ("Repayment plan", "Återbetalningsplan")}
    for k, v in raw.items():
        if not (isinstance(v, list) and v and isinstance(v[0], dict)) or k in ("deltagare", "participants"):
            continue
        title = next((t for t in names.get(k, (k,)) if t in sheets), None)
        ws = sheets[title] if title else wb.create_sheet(k)
        heads = [c.value for c in ws[1]] if ws.max_row >= 1 and ws.cell(1, 1).value else []
        for r, item in enumerate(v, 2):
            for a, b in item.items():
                if a not in heads:
                    heads.append(a)
                    ws.cell(1, len(heads), a)
                ws.cell(r, heads.index(a) + 1, cell(b))
    wb.save(dest)


def _without_name(doc):
    """A result's JSON without what names the file (its name, the lines of its warnings)."""
    out = {k: v for k, v in doc.items() if k != "application"}
    out["warnings"] = [{k: v for k, v in w.items() if k != "line"} for w in doc.get("warnings", [])]
    return out


@pytest.mark.parametrize("gpath", GUIDELINES, ids=lambda p: os.path.basename(p))
def test_template_filled_by_a_script_gives_the_verdict_of_the_toml(gpath, tmp_path):
    """Every bundled example, written into `sirules template --format xlsx` by openpyxl, checks as its TOML."""
    code, _, err = run("template", gpath, "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    assert code == 0, err
    template = (tmp_path / "t.xlsx").read_bytes()
    g = sirules.load(gpath)
    for ex in _examples(gpath):
        raw = tomllib.load(open(ex, "rb"))
        dest = str(tmp_path / (os.path.basename(ex)[:-5] + ".xlsx"))
        fill(template, in_language(raw, g), dest)
        want = g.check(ex)
        got = g.check(dest)
        assert got.verdict == want.verdict, ex
        assert _without_name(got.to_json()) == _without_name(want.to_json()), ex
        # the [expect] table came along too: sirules test's reading of the workbook agrees
        # (a table of rows, [expect.history], travels as JSON in one cell)
        got_expect = g.read_application(dest).raw.get("expect")
        if isinstance(got_expect, dict) and isinstance(got_expect.get("history"), dict):
            got_expect["history"] = {k: json.loads(v) if isinstance(v, str) and v.startswith("[") else v
                                     for k, v in got_expect["history"].items()}
        assert got_expect == raw.get("expect")


@pytest.mark.parametrize("gpath", GUIDELINES[::4], ids=lambda p: os.path.basename(p))
def test_workbook_sirules_writes_reads_back_to_the_same_application(gpath):
    from sirules.authoring import template
    from sirules.cli.template import load
    from sirules.report.workbook import application_workbook
    model, nodes = load(gpath)
    sk = template.skeleton(model, nodes)
    g = sirules.load(gpath)
    import tempfile
    for ex in _examples(gpath):
        raw = tomllib.load(open(ex, "rb"))
        data = application_workbook(sk, template.type_note, in_language(raw, g))
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
            fh.write(data)
            fh.flush()
            back = g.read_application(fh.name)
        assert back.data == g.read_application(ex).data, ex
        assert back.raw.get("expect") == raw.get("expect")


@pytest.mark.parametrize("gpath", GUIDELINES, ids=lambda p: os.path.basename(p))
def test_swedish_keys_give_byte_identical_json(gpath, tmp_path):
    g = sirules.load(gpath)
    sp = g.normaliser.spelling
    (tmp_path / "en").mkdir()
    (tmp_path / "sv").mkdir()
    for ex in _examples(gpath):
        raw = tomllib.load(open(ex, "rb"))
        name = os.path.basename(ex)[:-5] + ".json"
        (tmp_path / "en" / name).write_text(json.dumps(raw, default=str, ensure_ascii=False), encoding="utf-8")
        (tmp_path / "sv" / name).write_text(json.dumps(to_swedish(raw, sp), default=str, ensure_ascii=False),
                                            encoding="utf-8")
    outs = []
    for lang in ("en", "sv"):
        cwd = os.getcwd()
        os.chdir(tmp_path / lang)
        try:
            from sirules.cli import main as cli
            import contextlib
            import io
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                cli.main(["check", gpath, ".", "--format", "json"])
            outs.append(buf.getvalue())
        finally:
            os.chdir(cwd)
    assert outs[0] == outs[1]
    assert '"verdict"' in outs[0]


def test_one_key_in_both_spellings_is_an_error_naming_both(tmp_path):
    g = sirules.load(os.path.join(ROOT, "guidelines", "ale.sir"))
    with pytest.raises(SirulesError) as exc:
        g.check_raw({"amount": 100, "belopp": 100})
    d = exc.value.diagnostics[0]
    assert d.code == "SIR432" and '"amount"' in d.message and '"belopp"' in d.message


def test_mixing_languages_is_an_error_naming_the_two_spellings():
    g = sirules.load(os.path.join(ROOT, "guidelines", "ale.sir"))
    with pytest.raises(SirulesError) as exc:
        g.check_raw({"amount": 100, "sökande": {"namn": "A", "typ": "förvaltning"}})
    d = exc.value.diagnostics[0]
    assert d.code == "SIR432" and '"amount"' in d.message and '"sökande"' in d.message
    with pytest.raises(SirulesError) as exc:           # nested: a Swedish field in an English file
        g.check_raw({"amount": 100, "applicant": {"name": "A", "typ": "förvaltning"}})
    assert exc.value.diagnostics[0].code == "SIR432"


def test_a_declared_fact_keeps_its_name():
    """A guideline's own fact named as a vocabulary word's Swedish spelling is that fact, not a mix."""
    g = sirules.load_text('riktlinje "R"\nfaktum samverkan: ja_nej "samverkar"\nska r: samverkan är ja\n')
    assert g.check_raw({"amount": 5, "samverkan": True}).verdict == "accepted"


def test_bad_cells_are_named_by_sheet_row_and_column(tmp_path):
    gpath = os.path.join(ROOT, "guidelines", "ale.sir")
    run("template", gpath, "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb["Uppgifter"]
    ws.cell(3, 2, "#VALUE!")
    wb["Delar"].cell(4, 2, "#REF!")
    wb.save(tmp_path / "bad.xlsx")
    code, out, err = run("check", gpath, str(tmp_path / "bad.xlsx"))
    assert code == 2
    assert "Uppgifter" in err and "3" in err and "kolumn B" in err or "column B" in err
    assert "Delar" in err and "#REF!" in err


def test_a_workbook_is_not_reported_as_toml(tmp_path):
    gpath = os.path.join(ROOT, "guidelines", "ale.sir")
    run("template", gpath, "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    (tmp_path / "t.toml").write_bytes((tmp_path / "t.xlsx").read_bytes())    # misnamed: still a workbook
    code, out, err = run("check", gpath, str(tmp_path / "t.toml"))
    assert code == 1 and "TOML" not in err
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run("check", gpath, str(tmp_path / "broken.xlsx"))
    assert code == 2 and "SIR430" in err and "TOML" not in err


def test_fund_submit_reads_workbooks_as_their_applications(tmp_path):
    """`sirules fund submit` takes the same reader: two workbooks are two applications, each checked and
    kept (as the JSON of what it holds), and the same workbook again is known."""
    gpath = os.path.join(ROOT, "guidelines", "ale.sir")
    g = sirules.load(gpath)
    run("template", gpath, "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    template = (tmp_path / "t.xlsx").read_bytes()
    names = []
    for ex in ("accepted-two-sectors", "rejected-single-sector"):
        raw = tomllib.load(open(os.path.join(ROOT, "examples", "ale", ex + ".toml"), "rb"))
        fill(template, in_language(raw, g), str(tmp_path / f"{ex}.xlsx"))
        names.append(str(tmp_path / f"{ex}.xlsx"))
    db = str(tmp_path / "r.db")
    assert run("fund", "init", gpath, "--db", db, "--date", "2012-06-01")[0] == 0
    code, out, err = run("fund", "submit", *names, "--db", db, "--format", "json", "--date", "2013-01-01")
    subs = json.loads(out)
    assert [s["verdict"] for s in subs] == ["accepted", "rejected"] and [s["id"] for s in subs] == [1, 2], err
    code, out, _ = run("fund", "submit", names[0], "--db", db, "--format", "json")
    assert json.loads(out)[0]["new"] is False
