"""sirules template A.sir B.sir …: one skeleton with the union of the guidelines' questions, each
value marked with the guidelines that ask it, which every one of them can read."""

from __future__ import annotations

import re

import sirules

from .cli_helpers import ROOT, run

GUIDELINES = ["guidelines/norrkoping.sir", "guidelines/ale.sir", "guidelines/malmo.sir"]


def _keys(toml: str) -> set[str]:
    return set(re.findall(r'^#("?[^\W\d]\w*"?) = ', toml, re.M))


def test_union_holds_every_question_of_every_guideline_once():
    one = {}
    for g in GUIDELINES:
        code, out, err = run("template", g)
        assert code == 0, err
        one[g] = _keys(out)
    code, out, err = run("template", *GUIDELINES)
    assert code == 0, err
    assert _keys(out) == set().union(*one.values())
    assert len(re.findall(r"^#titel = ", out, re.M)) == 1           # the guidelines are Swedish: so is the skeleton
    head = out.split("\n\n")[0]
    assert all(g in head for g in GUIDELINES)
    # a question only Norrköping asks is marked with Norrköping alone
    block = out[:out.index("#\"motverkar_utanförskap\" = ")].rsplit("\n\n", 1)[1]
    assert "norrkoping: § 3 Grundkriterier" in block and "ale:" not in block and "malmo:" not in block


def test_the_union_skeleton_is_read_by_every_guideline(tmp_path):
    _, out, _ = run("template", *GUIDELINES)
    path = tmp_path / "all.toml"
    path.write_text(out.replace("#titel = \"\"", "titel = \"Ett projekt\""), encoding="utf-8")
    for g in GUIDELINES:
        r = sirules.load(f"{ROOT}/{g}").check(str(path))
        assert r.verdict in ("incomplete", "rejected")      # nothing given yet: never accepted, never an error
