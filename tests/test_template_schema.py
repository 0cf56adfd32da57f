"""sirules template and sirules schema (and the Pygments lexer the docs use).

- A template covers what the rules read: filling only the template's keys with the values of a
  bundled example gives the same verdict and the same outcome for every rule as the full example
  (through the JSON template, and through the TOML template filled in as a person would: by
  removing the "#" of the lines they answer).
- An untouched TOML template loads, and nothing in it fails except rules that count the
  participants (of which it gives none): it is never accepted.
- The JSON Schema is valid draft 2020-12, accepts every bundled example (TOML dates as ISO
  text), and rejects wrong types, unknown kinds, unknown participant fields and bad dates.
"""

from __future__ import annotations

import datetime
import doctest
import glob
import json
import os
import re
import tomllib

import jsonschema
import pytest
import yaml

import sirules
from sirules.language.i18n import tr
from sirules.authoring import lexer, schema, template
from sirules.language import model as m
from sirules.cli.template import load

from .cli_helpers import ROOT, in_root, run  # noqa: E402
from .spelling_helpers import in_language  # noqa: E402
STEMS = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))




def guideline(stem: str):
    with in_root():
        g, nodes = load(f"guidelines/{stem}.sir")
        return g, nodes, sirules.load(f"guidelines/{stem}.sir")


def examples(stem: str, pattern: str = "*.toml") -> list[str]:
    return sorted(glob.glob(os.path.join(ROOT, "examples", stem, pattern)))


def read_toml(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def outcomes(compiled, raw: dict):
    r = compiled.check_raw(raw)
    return r.verdict, r.score, {f.rule.id: f.outcome for f in r.findings}


# ---- the template --------------------------------------------------------------------------

def restrict(skeleton: dict, example: dict) -> dict:
    """The example's values for exactly the keys of the template (the rest is left out)."""
    out = {}
    for key, value in skeleton.items():
        if key not in example:
            continue
        if key in ("applicant", "sökande"):
            out[key] = {f: example[key][f] for f in value if f in example[key]}
        elif key in ("participants", "deltagare"):
            if value:                            # no partners in the template: the rules do not read them
                out[key] = [{f: p[f] for f in value[0] if f in p} for p in example[key]]
        elif key in ("parts", "delar"):
            out[key] = {p: example[key][p] for p in value if p in example[key]}
        else:
            out[key] = example[key]
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_template_keys_decide_every_rule_as_the_full_example_does(stem):
    g, nodes, compiled = guideline(stem)
    data = template.to_data(template.skeleton(g, nodes))
    cases = examples(stem)
    assert cases
    for path in cases:
        example = in_language(read_toml(path), compiled)        # the template's keys are the guideline's language
        assert outcomes(compiled, restrict(data, example)) == outcomes(compiled, example), path


def fill_toml(text: str, example: dict) -> str:
    """Fill a TOML template as a person would: uncomment and answer the lines the example answers;
    tables of several rows (participants, savings, ...) and the yearly budget are written below."""
    out, table, opened = [], None, False
    for line in text.splitlines():
        header = re.match(r"^#(\[\[?)([^\]]+)\]\]?$", line)
        if header:
            table = header.group(2).strip('"')
            rows = header.group(1) == "[["
            opened = (not rows and table in example and table != "budget")
            out.append(line[1:] if opened else line)
            continue
        assign = re.match(r'^#("?[^\s="]+"?) = ', line)
        if not assign:
            out.append(line)
            continue
        key = assign.group(1).strip('"')
        source = example if table is None else (example.get(table) if opened else None)
        if isinstance(source, dict) and key in source:
            out.append(f"{assign.group(1)} = {toml_value(source[key])}")
        else:
            out.append(line)
    for key, value in example.items():          # tables of rows, and the budget
        if key == "budget" and "#[budget]" in text:
            out += ["", "[budget]"] + [f"{year} = {toml_value(v)}" for year, v in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict) and f"#[[{key}]]" in text:
            for row in value:
                out += ["", f"[[{key}]]"] + [f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}"
                                             for k, v in row.items()]
    return "\n".join(out) + "\n"


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


@pytest.mark.parametrize("stem", ["ale", "orebro-2020", "region-skane", "vgr", "vingaker", "malmo"])
def test_toml_template_filled_in_is_accepted(stem, tmp_path):
    g, nodes, compiled = guideline(stem)
    text = template.to_toml(template.skeleton(g, nodes))
    accepted = [p for p in examples(stem, "accepted-*.toml")]
    assert accepted
    for path in accepted:
        example = in_language(read_toml(path), compiled)
        filled = tmp_path / f"{stem}.toml"
        filled.write_text(fill_toml(text, example), encoding="utf-8")
        app = compiled.read_application(str(filled))
        assert not app.warnings, app.warnings          # every key the template has is a known key
        result = compiled.check(app)
        assert result.verdict == "accepted", (path, [(f.rule.id, f.outcome) for f in result.findings])
        assert outcomes(compiled, app.raw) == outcomes(compiled, example)
        code, out, _ = run("check", f"guidelines/{stem}.sir", str(filled))
        assert code == 0 and tr("accepted", compiled.view.lang).upper() in out


def _fails_without_values(rule: m.Rule) -> bool:
    """A required or tested part (none is written), or a rule that counts participants (none are given)."""
    from sirules.authoring.lint import _walk_expr
    if rule.strength == "part":
        return True
    # (or a call round: without a submission date the application is submitted today)
    return any(isinstance(e, (m.Count, m.Every, m.PartPresent, m.WithinRound)) for e in _walk_expr(rule.expr)) if rule.expr else False


@pytest.mark.parametrize("stem", STEMS)
def test_untouched_template_loads_and_is_never_accepted(stem):
    g, nodes, compiled = guideline(stem)
    sk = template.skeleton(g, nodes)
    for raw in (tomllib.loads(template.to_toml(sk)), yaml.safe_load(template.to_yaml(sk))):
        who = "sökande" if "sökande" in raw else "applicant"
        if raw.get(who) == {k: None for k in raw.get(who, {})}:
            # YAML: the applicant and partners need a kind ("has no kind" otherwise): not given here
            raw = {k: v for k, v in raw.items() if k not in ("applicant", "participants", "sökande", "deltagare")}
        r = compiled.check_raw(raw)
        # a guideline with no must-rule and no required part (its source gives only aims) has
        # nothing an empty application can fail
        # (the validity rule a dated head adds cannot fail without a date: SIR306 says so instead)
        decisive = any(rule.strength in ("must", "part") and rule.id != "validity" for rule in compiled.model.rules)
        assert (r.verdict != "accepted") == decisive
        # no start date in a template: only that this leaves the dated blocks (SIR340) and the
        # guideline's validity (SIR306) undecided may be said
        assert not [w for w in r.warnings if w.code not in ("SIR340", "SIR306")]
        failed = [f.rule for f in r.findings if f.outcome == "fail"]
        assert all(_fails_without_values(rule) for rule in failed), [rule.id for rule in failed]


@pytest.mark.parametrize("stem", STEMS)
def test_toml_json_and_yaml_templates_have_the_same_keys(stem):
    g, nodes, _ = guideline(stem)
    sk = template.skeleton(g, nodes)
    data = template.to_data(sk)
    assert json.loads(template.to_json(sk)) == data
    assert yaml.safe_load(template.to_yaml(sk)) == data
    uncommented = re.sub(r"(?m)^#(?=[\[\w\"])", "", template.to_toml(sk))
    toml = tomllib.loads(uncommented)                  # every line uncommented: valid TOML
    assert set(toml) == {k for k, v in data.items() if v not in ([], {})}
    a, p, d = ("sökande", "deltagare", "delar") if g.lang == "sv" else ("applicant", "participants", "parts")
    assert set(toml[a]) == set(data[a])                  # the keys are in the guideline's language
    if data[p]:
        assert [set(x) for x in toml[p]] == [set(data[p][0])]
    assert set(toml.get(d, {})) == set(data[d])


def test_template_comments_name_the_clause_and_line():
    code, out, _ = run("template", "guidelines/ale.sir")
    assert code == 0
    assert ('# § 2 Vem kan söka, rad 49: ska sektor_söker "ansökan lämnas av en kommunal sektor, inte av\n'
            "#   idégivaren själv\"\n") in out                 # ale.sir is Swedish: so is its template
    assert "# mål — § 4 Ansökans innehåll, rad 76: krävs\n#\"mål\" = \"\"\n" in out
    assert "tillförs av Beredningsgruppen:" in out and "sökande behöver inte skriva den" in out
    code, out, _ = run("template", "guidelines/ale.sir", "--lang", "en")
    assert ('# § 2 Vem kan söka, line 49: must sektor_söker "ansökan lämnas av en kommunal sektor, inte av\n'
            "#   idégivaren själv\"\n") in out
    assert "# mål — § 4 Ansökans innehåll, line 76: required\n#\"mål\" = \"\"\n" in out      # Swedish keys
    assert "supplied by Beredningsgruppen: the\n#   applicant need not write it" in out
    assert all(len(line) <= 100 for line in out.splitlines())


def test_template_lists_optional_parts_conditional_parts_and_repayment_tables():
    code, out, _ = run("template", "guidelines/norrkoping.sir")
    assert code == 0
    assert "# idéprövning — § 2 Vem kan söka, rad 65: valfri\n#\"idéprövning\" = \"\"" in out
    assert "#[[besparingar]]" in out and "återbetalningsmodell reflow" in out
    _, out, _ = run("template", "guidelines/region-skane.sir")
    assert "# budget (Excel template) — § 5 Contents of the application, line 122: required if start >=" in out
    _, out, _ = run("template", "guidelines/vingaker.sir")
    assert '#[["återbetalningsplan"]]' in out and "#[budget]" in out


def test_template_formats_and_errors():
    code, out, _ = run("template", "guidelines/vgr.sir", "--format", "json")
    assert code == 0 and json.loads(out)["parts"]["logic_model"] is None
    code, out, _ = run("template", "guidelines/umea.sir", "--format", "yaml")
    assert code == 0 and yaml.safe_load(out)["sökande"] == {"namn": None, "typ": None}     # Umeå's: Swedish
    code, _, err = run("template", "missing.sir")
    assert code == 2 and "SIR403" in err


def test_declared_facts_with_swedish_letters_are_quoted_in_toml():
    compiled = sirules.load_text('riktlinje "R"\nfaktum idéburen_ledning: ja_nej "Leds den av en idéburen organisation?"\n'
                                 "ska r: idéburen_ledning är ja\n")
    text = template.to_toml(template.skeleton(compiled.model))
    assert '#"idéburen_ledning" = true' in text
    raw = tomllib.loads(text.replace('#"idéburen_ledning" = true', '"idéburen_ledning" = true'))
    assert compiled.check_raw(raw).verdict == "accepted"


def test_template_doctests():
    assert doctest.testmod(template).failed == 0


# ---- the schema ----------------------------------------------------------------------------

def iso(x):
    if isinstance(x, dict):
        return {k: iso(v) for k, v in x.items()}
    if isinstance(x, list):
        return [iso(v) for v in x]
    if isinstance(x, (datetime.date, datetime.datetime, datetime.time)):
        return x.isoformat()
    return x


def validator(stem: str):
    g, nodes, _ = guideline(stem)
    s = schema.schema(g, nodes)
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("stem", STEMS)
def test_schema_accepts_every_bundled_example(stem):
    v = validator(stem)
    paths = sorted(glob.glob(os.path.join(ROOT, "examples", stem, "**", "*.toml"), recursive=True))
    assert paths
    for path in paths:
        errors = [f"{e.json_path}: {e.message}" for e in v.iter_errors(iso(read_toml(path)))]
        assert not errors, (path, errors)


BASE = "examples/vingaker/accepted-early-intervention.toml"


def error_paths(errors) -> set[str]:
    """The places of the errors and of the errors inside them (the branches of an anyOf)."""
    out, stack = set(), list(errors)
    while stack:
        e = stack.pop()
        out.add(e.json_path)
        stack.extend(e.context or ())
    return out


@pytest.mark.parametrize("change, where", [
    (lambda a: a.update(amount=True), "$.amount"),                               # yes/no for money
    (lambda a: a.update(amount="lots"), "$.amount"),
    (lambda a: a.update(amount="1,5 miljoner"), "$.amount"),                     # not a unit
    (lambda a: a.update(early_intervention="maybe"), "$.early_intervention"),
    (lambda a: a.update(start="2015-13-01"), "$.start"),                         # not in the calendar
    (lambda a: a.update(start=20150101), "$.start"),
    (lambda a: a.update(duration="two years"), "$.duration"),
    (lambda a: a.update(duration=-1), "$.duration"),
    (lambda a: a.update(new_method=1), "$.new_method"),
    (lambda a: a["applicant"].update(kind="alien"), "$.applicant.kind"),          # unknown kind
    (lambda a: a["applicant"].pop("kind"), "$.applicant"),
    (lambda a: a["applicant"].update(colour="blue"), "$.applicant"),             # unknown field
    (lambda a: a["applicant"].update(endorsed="perhaps"), "$.applicant.endorsed"),
    (lambda a: a.update(participants={"name": "x"}), "$.participants"),
    (lambda a: a.update(participants=[{"name": "x", "kind": "martian"}]), "$.participants[0].kind"),
    (lambda a: a.update(budget={"next year": 100}), "$.budget"),
    (lambda a: a.update(budget={"2015": "much"}), "$.budget['2015']"),
    (lambda a: a.update(savings=[{"actor": "x", "year": 2016}]), "$.savings[0]"),
    (lambda a: a["parts"].update(repayment_plan=42), "$.parts.repayment_plan"),
    (lambda a: a.update(expect={"verdict": "maybe"}), "$.expect.verdict"),
])
def test_schema_rejects_malformed_applications(change, where):
    v = validator("vingaker")
    app = iso(read_toml(os.path.join(ROOT, BASE)))
    assert not list(v.iter_errors(app))
    change(app)
    errors = list(v.iter_errors(app))
    assert errors and where in error_paths(errors), [(e.json_path, e.message) for e in errors]
    if where != "$.expect.verdict":                  # (only `sirules test` reads [expect])
        with pytest.raises(sirules.SirulesError):      # sirules does not read it either
            guideline("vingaker")[2].check_raw(app)


def test_schema_leaves_facts_the_guideline_does_not_read_untyped():
    """As sirules: vingaker reads no target group, so any value is ignored by both."""
    v = validator("vingaker")
    app = iso(read_toml(os.path.join(ROOT, BASE)))
    app["target_group"] = [1, 2]
    assert not list(v.iter_errors(app))
    guideline("vingaker")[2].check_raw(app)


@pytest.mark.parametrize("value", [1500000, "1 500 000,50 kr", "1 500 000 kr", "1,5 mnkr", "2 MSEK", "250 tkr", "900000",
                                   None])
def test_schema_money_forms_are_the_ones_sirules_reads(value):
    v = validator("vingaker")
    app = iso(read_toml(os.path.join(ROOT, BASE)))
    app["amount"] = value
    assert not list(v.iter_errors(app))
    compiled = guideline("vingaker")[2]
    compiled.check_raw(app)                       # sirules reads it too (no SirulesError)


def test_schema_knows_swedish_keys_declared_kinds_and_parts():
    compiled = sirules.load_text('riktlinje "R"\naktörstyp ungdomsråd "Ungdomsråd"\ndel plan_b "Plan B"\n'
                                 "delar\n  krävs plan_b\nska r: sökande.typ är ungdomsråd och belopp <= 1 mnkr\n")
    s = schema.schema(compiled.model)
    v = jsonschema.Draft202012Validator(s)
    ok = {"belopp": "1 mnkr", "sökande": {"namn": "Rådet", "typ": "ungdomsråd"}, "delar": {"plan_b": "text"},
          "anything_else": {"is": "allowed"}}
    assert not list(v.iter_errors(ok))
    assert list(v.iter_errors({"belopp": "a lot"}))
    assert "Plan B" in s["properties"]["delar"]["properties"]["plan_b"]["description"]
    assert s["properties"]["parts"]["$ref"] == "#/properties/delar"          # the English spelling: an alias
    assert not list(v.iter_errors({"amount": "1 mnkr", "parts": {"goal": "text"}}))
    assert list(v.iter_errors({"amount": "a lot"}))


def test_schema_command():
    code, out, _ = run("schema", "guidelines/vingaker.sir")
    assert code == 0
    s = json.loads(out)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["additionalProperties"] is True
    assert s["properties"]["tidig_insats"]["description"] == (          # vingaker.sir is Swedish
        'insatsen är en tidig insats. Efterfrågas av: § 1 Bakgrund och syfte, rad 42: bör tidig_insats '
        '"insatsen är en tidig eller förebyggande insats"')
    # listed once, in the guideline's language; the English spelling refers to it
    assert s["properties"]["early_intervention"]["$ref"] == "#/properties/tidig_insats"
    assert list(s["properties"]).index("tidig_insats") < list(s["properties"]).index("early_intervention")
    code, _, err = run("schema", "missing.sir")
    assert code == 2 and "SIR403" in err


def test_schema_doctests():
    assert doctest.testmod(schema).failed == 0


# ---- the lexer -------------------------------------------------------------------------------

def test_lexer_is_registered_with_pygments():
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
    for lex in (get_lexer_by_name("sirules"), get_lexer_by_name("sir"), get_lexer_for_filename("ale.sir")):
        assert isinstance(lex, lexer.SirLexer)


@pytest.mark.parametrize("stem", STEMS)
def test_lexer_highlights_every_bundled_guideline_without_errors(stem):
    from pygments.token import Error
    with open(os.path.join(ROOT, "guidelines", f"{stem}.sir"), encoding="utf-8") as fh:
        text = fh.read()
    tokens = list(lexer.SirLexer().get_tokens(text))
    assert not [v for t, v in tokens if t in Error]
    assert "".join(v for _, v in tokens) == text


def test_lexer_tokens():
    from pygments.token import Comment, Keyword, Name, Number, Operator, String
    text = ('riktlinje "R" gäller från 2020-01-21\n  lydelse: """två\nrader"""\n'
            "ska tak: belopp <= 1,5 mnkr och längd mellan 1 år och 3 år  # kommentar\n"
            "must cap: amount <= 2 MSEK\nsupplied by \"x\": y\n")
    toks = [(t, v) for t, v in lexer.SirLexer().get_tokens(text) if v.strip()]
    assert (Keyword.Declaration, "riktlinje") in toks
    assert (Number.Other, "2020-01-21") in toks
    assert (String.Doc, '"""två\nrader"""') in toks
    assert (Name.Function, "tak") in toks and (Name.Function, "cap") in toks
    assert (Number, "1,5") in toks and (Keyword.Type, "mnkr") in toks and (Keyword.Type, "MSEK") in toks
    assert (Operator.Word, "och") in toks and (Operator.Word, "mellan") in toks
    assert (Comment.Single, "# kommentar") in toks
    assert (Keyword, "supplied by") in toks
    assert (Name.Attribute, "lydelse") in toks


def test_every_keyword_spelling_is_highlighted_as_a_keyword():
    from pygments.token import Keyword, Name, Operator

    from sirules.language.keywords import KEYWORDS
    for sv, en in KEYWORDS.values():
        for word in sv + en:
            if word == "§":
                continue
            toks = [(t, v) for t, v in lexer.SirLexer().get_tokens(f"x {word} y") if v.strip()]
            kinds = [t for t, v in toks if v == word]
            assert kinds and (kinds[0] in Keyword or kinds[0] in Operator.Word or kinds[0] in Name.Builtin), word


def test_only_the_lexer_imports_pygments():
    users = []
    for path in glob.glob(os.path.join(ROOT, "sirules", "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as fh:
            if re.search(r"^\s*(from|import) pygments", fh.read(), re.MULTILINE):
                users.append(os.path.relpath(path, ROOT))
    assert users == [os.path.join("sirules", "authoring", "lexer.py")]


@pytest.mark.parametrize("fmt", ["toml", "yaml", "json"])
def test_multi_line_descriptions_stay_comments(fmt):
    # issue 21 item 8: a line break in a description must not leave a live key in the skeleton
    src = ('riktlinje "R\\nsista = 1"\n'
           'faktum idéburen: ja_nej """Leds den av en idéburen organisation?\npreventive = true\nfoo: bar\n'
           '[applicant]\n  - x: 1\x1b[2K"""\n'
           'del plan """En plan\npreventive = true"""\n'
           'ska r """regel\npreventive = true""": idéburen är ja och preventive är ja\n')
    g = sirules.load_text(src).model
    sk = template.skeleton(g)
    writer = {"toml": template.to_toml, "yaml": template.to_yaml, "json": template.to_json}[fmt]
    text = writer(sk)
    assert "\x1b" not in text
    data = {"toml": tomllib.loads, "yaml": yaml.safe_load, "json": json.loads}[fmt](text)
    expected = template.to_data(sk)
    if fmt == "toml":                        # every value commented out: nothing is given
        assert data == {}
    else:
        assert data == expected
    assert "sista" not in data and "foo" not in data
