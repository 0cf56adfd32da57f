"""The decision document (sirules check --format html|pdf).

Every bundled example's document is valid HTML (html5lib, strict), holds each clause's wording and
every finding, and escapes every text from the application; the page is drawn by headless
Chromium and the PDF by WeasyPrint, and both are turned into PNG files under
``build/test-artefacts/document/`` (git-ignored) that must not be blank. Without Chromium or
pdftoppm those tests skip with an install hint, and fail under CI (``SIRULES_CI=1``).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

import pytest

pytest.importorskip("jinja2", reason="pip install 'sirules[document]'")
pytest.importorskip("matplotlib", reason="pip install 'sirules[document]'")
html5lib = pytest.importorskip("html5lib", reason="pip install html5lib (in the test extra)")

import sirules  # noqa: E402
from sirules.document import data, html  # noqa: E402
from sirules.language.diagnostics import SirulesError  # noqa: E402

from .cli_helpers import ROOT, run  # noqa: E402

ARTEFACTS = os.path.join(ROOT, "build", "test-artefacts", "document")
INSTALL = "apt-get install chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu"
GUIDELINES = sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))


def missing(what: str):
    if os.environ.get("SIRULES_CI") == "1":
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} not found; install it: {INSTALL}")


def _examples(guideline: str) -> list[str]:
    stem = os.path.splitext(os.path.basename(guideline))[0]
    return sorted(p for p in glob.glob(os.path.join(ROOT, "examples", stem, "*"))
                  if os.path.splitext(p)[1] in (".toml", ".json", ".yaml", ".yml"))


def _parse(page: str):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def _text(tree) -> str:
    return " ".join(" ".join(t.split()) for t in tree.itertext())


@pytest.mark.parametrize("guideline", GUIDELINES, ids=lambda p: os.path.basename(p))
def test_every_example_document_is_valid_and_complete(guideline):
    g = sirules.load(guideline)
    examples = _examples(guideline)
    assert examples
    charted = False
    for path in examples:
        try:
            app = g.read_application(path)
        except SirulesError:
            continue                               # an example that shows a reading error
        with_charts = not charted and bool(app.data.get("savings"))
        charted = charted or with_charts
        doc = data.build(g, app, charts=with_charts)
        page = html.render(doc)
        tree = _parse(page)                        # raises on any parse error
        text = _text(tree)
        for clause in doc.clauses:
            for para in clause.wording:
                assert " ".join(para.split()) in text, (path, clause.number)
        findings = [f for c in doc.clauses for f in c.findings]
        assert len(findings) == len(g.check(app).findings)
        for f in findings:
            assert " ".join(f.message.split()) in text and " ".join(f.label.split()) in text, (path, f.rule)
        assert " ".join(doc.reason.split()) in text
        assert _resources(tree) == [], "a self-contained page loads nothing"
        if with_charts:
            assert page.count("<svg") == 2


def _resources(tree) -> list[str]:
    """Every URL the page would load: src and href attributes (other than a link inside the page),
    stylesheets, and url(...) in the CSS that is not a fragment."""
    import re
    out = []
    for el in tree.iter():
        for key, value in el.attrib.items():
            if key.split("}")[-1] in ("src", "href") and not value.startswith("#"):
                out.append(value)
        if el.tag in ("link", "iframe", "object", "embed", "img"):
            out.append(el.tag)
        if el.tag == "style" or el.attrib.get("style"):
            css = (el.text or "") + el.attrib.get("style", "")
            out += [u for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", css) if not u.startswith("#")]
            out += re.findall(r"@import", css)
    return out


HOSTILE = "<script>alert('x')</script><b onmouseover=\"x()\">&amp;</b> $\\frac{1}{$ ]]> --"


def _hostile_application(tmp_path) -> str:
    h = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    text = f'''title = "{h}"
amount = "500 000 kr"
start = 2024-01-01
duration = "24 mån"
target_group = ["{h}"]
counters_exclusion = true
reduces_costs = true
new_method = true
collaboration = true

[applicant]
name = "{h}"
kind = "municipal_unit"
committee = "{h}"

[[participants]]
name = "{h}"
kind = "municipal_unit"
committee = "{h} 2"

[[savings]]
actor = "{h}"
year = 2025
amount = 400000

[parts]
goal = "{h}"
target_group = "{h}"
implementation = "{h}"
follow_up = "{h}"
'''
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_every_text_of_the_application_is_escaped(tmp_path):
    g = sirules.load(os.path.join(ROOT, "guidelines", "norrkoping.sir"))
    app = g.read_application(_hostile_application(tmp_path))
    page = html.render(data.build(g, app))
    tree = _parse(page)
    assert tree.findall(".//script") == [] and tree.findall(".//b") == []
    assert not any(k.startswith("on") for el in tree.iter() for k in el.attrib)
    assert "<script" not in page and "<b " not in page
    # shown as text, where it was given: the title, the applicant, the committees, the actor
    assert _text(tree).count(HOSTILE) >= 4, _text(tree)


# ---- drawn by a browser and printed ------------------------------------------------------

def _blank(png: str) -> bool:
    from PIL import Image
    with Image.open(png) as im:
        lo, hi = im.convert("L").getextrema()
    return hi - lo < 40


@pytest.fixture(scope="module")
def example_documents():
    os.makedirs(ARTEFACTS, exist_ok=True)
    out = os.path.join(ARTEFACTS, "norrkoping")
    code, _, err = run("check", "guidelines/norrkoping.sir", "examples/norrkoping/accepted-2019-reflow.toml",
                       "examples/norrkoping/rejected-no-collaboration.toml", "--format", "html", "--output", out)
    assert code == 1, err                          # one rejected
    return sorted(glob.glob(os.path.join(out, "*.html")))


def test_chromium_draws_the_page(example_documents):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or \
        (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium")
    if not chromium:
        missing("chromium")
    for page in example_documents:
        png = os.path.splitext(page)[0] + "-chromium.png"
        if os.path.exists(png):
            os.unlink(png)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={png}", "--window-size=1000,1400", "file://" + os.path.abspath(page)],
                       check=True, capture_output=True, timeout=120)
        assert os.path.getsize(png) > 10_000 and not _blank(png), png


def test_pdf_pages_are_not_blank():
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        missing("pdftoppm (poppler-utils)")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        missing("WeasyPrint with Pango")
    os.makedirs(ARTEFACTS, exist_ok=True)
    pdf = os.path.join(ARTEFACTS, "norrkoping-2019.pdf")
    code, out, err = run("check", "guidelines/norrkoping.sir", "examples/norrkoping/accepted-2019-reflow.toml",
                         "--format", "pdf", "--output", pdf)
    assert code == 0, err
    with open(pdf, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    for old in glob.glob(os.path.join(ARTEFACTS, "norrkoping-2019-page-*.png")):
        os.unlink(old)
    subprocess.run([pdftoppm, "-r", "50", "-png", pdf, os.path.join(ARTEFACTS, "norrkoping-2019-page")],
                   check=True, timeout=120)
    pages = sorted(glob.glob(os.path.join(ARTEFACTS, "norrkoping-2019-page-*.png")))
    assert len(pages) >= 2
    assert [p for p in pages if _blank(p)] == []


# ---- the command line ------------------------------------------------------------------

def test_one_html_document_to_standard_output():
    code, out, err = run("check", "guidelines/ale.sir", "examples/ale/accepted-two-sectors.toml", "--format", "html")
    assert code == 0, err
    assert out.startswith("<!DOCTYPE html>") and 'lang="sv"' in out and "Beslutsunderlag" in out


def test_several_documents_need_a_folder_and_get_one_each(tmp_path):
    code, _, err = run("check", "guidelines/ale.sir", "examples/ale/", "--format", "html")
    assert code == 2 and "SIR461" in err
    out = tmp_path / "docs"
    code, listed, err = run("check", "guidelines/ale.sir", "examples/ale/", "--format", "html", "--output", str(out))
    assert code == 1, err
    written = sorted(os.listdir(out))
    assert len(written) == len(_examples(os.path.join(ROOT, "guidelines", "ale.sir")))
    assert listed.split() == [str(out / name) for name in written]
