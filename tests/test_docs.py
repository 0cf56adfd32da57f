"""The documentation: its examples load, its Python runs, its JSON keys are real, and it builds.

- Every ```sirules block in docs/*.md is a guideline or a fragment of one. A block that starts
  with ``riktlinje``/``guideline`` must load as it is. A fragment (statements without a head, or
  a list of conditions, one per line) is wrapped after a minimal head in its own language,
  with the declarations it uses but does not make itself (gathered from the declarations in the
  docs, e.g. ``grupp extern = …`` and ``konstant maxbelopp = …``), and must load too.
- Every ```python block runs, page by page, from the top folder of the repository.
- Every key of the JSON that ``sirules check``, ``check --batch`` and ``test`` write is
  documented in docs/output.md.
- The site builds with ``sphinx -W`` (warnings are errors) into a temporary folder.

A block that is known not to load is listed in KNOWN_BAD with the reason; it is expected to fail
(strict xfail), so fixing the doc or sirules turns the test red until the entry is removed.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys

import pytest

import sirules
from sirules.language import keywords

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
PAGES = sorted(glob.glob(os.path.join(DOCS, "*.md")))

#: (page, a line of the block) -> why the block does not load
KNOWN_BAD: dict = {}

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")


def fenced_blocks(path: str, language: str):
    """(line, text) of every fenced block in ``language`` (```lang or ```{code-block} lang)."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").split()
        start = i + 1
        j = start
        while j < len(lines) and not (lines[j].strip().startswith(fence[0] * len(fence))
                                      and lines[j].strip().strip(fence[0]) == ""):
            j += 1
        body = lines[start:j]
        wanted = info[:1] == [language] or info[:2] == ["{code-block}", language]
        if wanted:
            while body and body[0].startswith(":"):          # directive options
                body = body[1:]
            yield start + 1, "\n".join(body) + "\n"
        i = j + 1


def _words(text: str) -> list[str]:
    text = re.sub(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*', " ", text)
    return re.findall(r"[^\W\d]\w*", text)


def language_of(text: str) -> str:
    votes = {"sv": 0, "en": 0}
    for w in _words(text):
        found = keywords.lookup(w)
        if found:
            sv, en = keywords.KEYWORDS[found[0]]
            if not (w in sv and w in en):
                votes[found[1]] += 1
    return "en" if votes["en"] > votes["sv"] else "sv"


_STATEMENTS = {"SECTION", "MUST", "SHOULD", "PRIORITY", "CONSTANT", "GROUP", "KIND", "FACT",
               "PROJECT_TYPE", "PART", "PARTS", "FUND", "DECISION", "EVALUATION", "REPAYMENT", "RISK",
               "PORTFOLIO", "CALCULATION", "FIELD", "REFERENCE"}
_DECLARATIONS = {"CONSTANT", "GROUP", "KIND", "FACT", "PROJECT_TYPE", "PART", "FIELD", "REFERENCE"}
#: declarations whose English keyword is two words
_TWO_WORDS = {"PROJECT_TYPE": "project", "FIELD": "participant", "REFERENCE": "reference"}


def _code_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip() and not line.strip().startswith("#")]


def _first_keyword(line: str):
    s = line.strip()
    if s.startswith("§"):
        return "SECTION"
    m = re.match(r"([^\W\d]\w*)(\s+[^\W\d]\w*)?", s)
    if not m:
        return None
    for cand in (m.group(0), m.group(1)):
        found = keywords.lookup(cand) if cand else None
        if found:
            return found[0]
    return None


def kind_of(text: str) -> str:
    lines = _code_lines(text)
    first = _first_keyword(lines[0]) if lines else None
    if first == "GUIDELINE":
        return "guideline"
    if first in _STATEMENTS:
        return "statements"
    return "conditions"


def _declared(line: str):
    """(keyword, name) when ``line`` declares something (``del X finns`` is a condition)."""
    kw = _first_keyword(line)
    if kw not in _DECLARATIONS or re.search(r"\b(finns|present)\s*$", line):
        return None
    rest = line.strip().split(None, 2 if kw in _TWO_WORDS and line.strip().startswith(_TWO_WORDS[kw]) else 1)
    m = re.match(r"\s*([^\W\d]\w*)", rest[-1]) if len(rest) > 1 else None
    return (kw, m.group(1)) if m else None


def all_blocks():
    for page in PAGES:
        for line, text in fenced_blocks(page, "sirules"):
            yield os.path.basename(page), line, text


def _prelude(lang: str) -> list[tuple[str, str]]:
    """Declarations found in the docs' fragments in ``lang``: [(name, declaration line)]."""
    out, seen = [], set()
    for _, _, text in all_blocks():
        if kind_of(text) != "statements" or language_of(text) != lang:
            continue
        for line in _code_lines(text):
            d = _declared(line)
            if d and d[1] not in seen and not line.startswith((" ", "\t")):
                seen.add(d[1])
                out.append((d[1], line.strip()))
    fallback = {"sv": ("extern", "grupp extern = förening, stiftelse, kooperativ"),
                "en": ("external", "group external = association, foundation, cooperative")}[lang]
    if fallback[0] not in seen:
        out.append(fallback)
    return out


def wrapped(text: str) -> tuple[str, str]:
    """The block as a whole guideline: (language, text)."""
    kind = kind_of(text)
    if kind == "guideline":
        return language_of(text), text
    lang = language_of(text)
    own = {d[1] for d in map(_declared, _code_lines(text)) if d}
    head = 'riktlinje "x"' if lang == "sv" else 'guideline "x"'
    prelude = [line for name, line in _prelude(lang) if name not in own]
    if kind == "statements":
        return lang, "\n".join([head, *prelude, text])
    rule = "ska" if lang == "sv" else "must"
    conditions, current = [], []
    for line in text.split("\n"):
        if not line.strip() or line.strip().startswith("#"):
            continue
        if current and line.startswith((" ", "\t")):       # a continuation line
            current.append(line)
        else:
            if current:
                conditions.append(" ".join(current))
            current = [line]
    if current:
        conditions.append(" ".join(current))
    rules = [f"{rule} villkor_{i}: {c.strip()}" for i, c in enumerate(conditions, 1)]
    return lang, "\n".join([head, *prelude, *rules]) + "\n"


BLOCKS = list(all_blocks())


def _known_bad(page, text):
    lines = {line.strip() for line in _code_lines(text)}
    return next((why for (p, line), why in KNOWN_BAD.items() if p == page and line in lines), None)


def _param(page, line, text):
    reason = _known_bad(page, text)
    marks = [pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError)] if reason else []
    return pytest.param(page, line, text, id=f"{page}:{line}", marks=marks)


@pytest.mark.parametrize("page,line,text", [_param(*b) for b in BLOCKS])
def test_sirules_block_loads(page, line, text):
    lang, source = wrapped(text)
    try:
        sirules.load_text(source, path=f"<docs/{page}, block at line {line}>")
    except sirules.SirulesError as exc:
        from sirules.report import render
        raise AssertionError(f"docs/{page}, block at line {line} ({kind_of(text)}, {lang}) does not load:\n"
                             f"{render.diagnostics(exc.diagnostics)}\n--- as loaded:\n{source}") from exc


def test_every_page_with_sirules_blocks_was_found():
    assert any(p == "language.md" for p, _, _ in BLOCKS)
    assert len(BLOCKS) >= 10


def test_known_bad_entries_still_exist():
    present = {(p, line.strip()) for p, _, t in BLOCKS for line in _code_lines(t)}
    assert set(KNOWN_BAD) <= present, "remove KNOWN_BAD entries whose block is gone"


@pytest.mark.parametrize("page", [os.path.basename(p) for p in PAGES
                                  if any(True for _ in fenced_blocks(p, "python"))])
def test_python_blocks_run(page, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": f"docs_{page}"}
    for line, text in fenced_blocks(os.path.join(DOCS, page), "python"):
        exec(compile(text, f"docs/{page}:{line}", "exec"), namespace)


# ---- the JSON keys are documented ----------------------------------------------------------------

def _keys(obj, out=None) -> set:
    out = set() if out is None else out
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(k)
            if k != "settings":                    # block settings are the guideline's own words
                _keys(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _keys(v, out)
    return out


def _documented() -> str:
    with open(os.path.join(DOCS, "output.md"), encoding="utf-8") as fh:
        return fh.read()


def _sirules_json(*argv) -> object:
    out = subprocess.run([sys.executable, "-m", "sirules", *argv], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()] if "--batch" in argv else json.loads(out.stdout)


@pytest.mark.parametrize("argv", [
    ("check", "--format", "json", "guidelines/norrkoping.sir", "examples/norrkoping/"),
    ("check", "--format", "json", "guidelines/vgr.sir", "examples/vgr/"),
    ("test", "--format", "json", "--coverage", "guidelines/ale.sir"),
    ("obligations", "--format", "json", "guidelines/norrkoping.sir", "examples/norrkoping/accepted-2019-reflow.toml",
     "--outcome", "examples/norrkoping/outcomes/2019-reflow-short.toml"),
    ("calc", "--format", "json", "guidelines/sormland.sir", "examples/sormland/calc/socialbidrag-till-arbete.toml"),
], ids=["check", "check-priority", "test", "obligations", "calc"])
def test_json_keys_are_documented(argv):
    doc = _documented()
    missing = sorted(k for k in _keys(_sirules_json(*argv)) if f"`{k}`" not in doc)
    assert not missing, f"keys of `sirules {' '.join(argv)}` not described in docs/output.md: {missing}"


def test_batch_keys_are_documented(tmp_path):
    lines = tmp_path / "apps.jsonl"
    lines.write_text('{"id": "a", "amount": "1 mnkr", "applicant": {"name": "X", "kind": "municipal_unit"}}\n'
                     'not json\n', encoding="utf-8")
    doc = _documented()
    keys = _keys(_sirules_json("check", "guidelines/ale.sir", "--batch", str(lines)))
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"keys of `sirules check --batch` not described in docs/output.md: {missing}"


# ---- the site builds ------------------------------------------------------------------------------

def test_site_builds_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    pytest.importorskip("furo")
    out = tmp_path / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), DOCS, str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    from sirules.language.diagnostics import CODES
    catalogue = (out / "diagnostics.html").read_text(encoding="utf-8")
    assert all(code in catalogue for code in CODES)
    for sir in glob.glob(os.path.join(ROOT, "guidelines", "*.sir")):
        stem = os.path.splitext(os.path.basename(sir))[0]
        assert (out / "gallery" / f"{stem}.html").exists(), stem
    cli = (out / "cli.html").read_text(encoding="utf-8")
    from sirules.cli import main as sirules_cli
    for name in sirules_cli.COMMANDS:
        assert f"sirules {name}" in cli, name
