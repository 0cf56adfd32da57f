"""Charts (sirules.report.charts): golden properties of the SVG and PNG, not pixels.

Size, the axis labels and units in the SVG's text, the number of series, bars and cells, Swedish
number formatting on the axis, and ``sirules calc --plot``.
"""

from __future__ import annotations

import re
import struct

import pytest

pytest.importorskip("matplotlib", reason="pip install 'sirules[charts]'")

from sirules.engine import pipeline  # noqa: E402
from sirules.finance import socioeconomic  # noqa: E402
from sirules.report import charts  # noqa: E402

from .cli_helpers import ROOT, run  # noqa: E402

GUIDELINE, APP = (f"{ROOT}/guidelines/norrkoping.sir", f"{ROOT}/examples/norrkoping/accepted-2019-reflow.toml")


def _calc():
    g = pipeline.load(GUIDELINE)
    return socioeconomic.calculate(g.model, g.read_application(APP))


def _texts(svg: str) -> list[str]:
    return [re.sub(r"[ \t\n]+", " ", t).strip(" \n") for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_hump_svg_has_its_labels_series_and_band_in_swedish():
    svg = charts.calc_charts(_calc(), "svg")["hump"]
    assert svg.startswith("<svg") and 'width="504pt"' in svg and 'height="244.8pt"' in svg
    texts = _texts(svg)
    assert "kumulativt netto, mnkr" in texts                 # the axis label with its unit, in Swedish
    assert "år" in texts and "Investeringspuckeln" in texts
    assert {"2019", "2020", "2021", "2022", "2023"} <= set(texts)
    assert any(re.fullmatch("\u2212[0-9],[0-9]", t) for t in texts), texts     # −2,0: decimal comma
    assert svg.count('id="line2d_') >= 2                     # the two views (and the ticks)
    assert "känslighet (grad av framgång)" in texts          # the band has its legend entry
    assert svg.count("<path") > 10 and "<pattern" in svg       # hatched: survives grey-scale printing


def test_flows_has_one_bar_per_actor_and_year():
    c = _calc()
    svg = charts.calc_charts(c, "svg")["flows"]
    actors, years = c.actors(), c.society.years
    bars = re.findall(r'<g id="patch_\d+">', svg)
    # one patch per bar, plus the axes' background and the legend's three swatches
    assert len(bars) >= len(actors) * len(years)
    texts = _texts(svg)
    assert set(actors) <= set(texts)
    assert "netto (besparingar − kostnader), mnkr" in texts


def test_png_has_the_size_asked_for():
    png = charts.calc_charts(_calc(), "png")["hump"]
    assert _png_size(png) == (700, 340)


def test_balance_in_kronor_below_a_million_and_english():
    svg = charts.balance({2024: 50_000_000, 2025: -1_250_000}, "en")
    texts = _texts(svg)
    assert "balance, SEK" in texts
    assert "500,000" in texts and "0" in texts                 # kronor, comma between thousands
    svg_sv = charts.balance({2024: 50_000_000, 2025: -1_250_000}, "sv")
    assert "saldo, kr" in _texts(svg_sv)
    assert any("\u00a0000" in t for t in _texts(svg_sv))      # space between thousands


def test_heatmap_cells_notes_and_unanswered_hatching():
    svg = charts.heatmap(["a", "b"], ["x@1", "y@2"], [[100_000_000, None], [-420_000_000, 0]], "sv",
                         notes=[["beviljas", "ej besvarad"], ["avslås", "beviljas"]])
    texts = _texts(svg)
    assert {"a", "b", "x@1", "y@2", "beviljas", "avslås", "ej besvarad"} <= set(texts)
    assert "netto för kommunen, mnkr" in texts
    assert "<pattern" in svg


def test_number_formatting():
    assert charts.number(1234567.25, "sv", 1) == "1\u00a0234\u00a0567,2" or \
        charts.number(1234567.25, "sv", 1) == "1\u00a0234\u00a0567,3"
    assert charts.number(-0.04, "sv", 1) == "0,0"                # no minus before a zero
    assert charts.money_label(150_000_000, "sv") == "1,5 mnkr"
    assert charts.money_label(25_000_00, "en") == "25,000 SEK"


def test_calc_plot_writes_both_charts(tmp_path):
    out = tmp_path / "hump.svg"
    code, _, err = run(*["calc", GUIDELINE, APP, "--plot", str(out)])
    assert code == 0, err
    assert out.read_text().startswith("<svg")
    assert (tmp_path / "hump-flows.svg").read_text().startswith("<svg")
    code, _, err = run(*["calc", GUIDELINE, APP, "--plot", str(tmp_path / "h.png")])
    assert code == 0 and _png_size((tmp_path / "h.png").read_bytes())[0] == 700


def test_scoped_ids_do_not_collide_when_inlined_together():
    c = _calc()
    made = charts.calc_charts(c, "svg")
    both = charts.scoped(made["hump"], "a") + charts.scoped(made["flows"], "b")
    ids = re.findall(r'\bid="([^"]+)"', both)
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'url\(#([^)]+)\)', both):
        assert ref in ids
