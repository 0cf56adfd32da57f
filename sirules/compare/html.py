"""Writing a ``sirules compare`` document as one self-contained html page (its style inline)."""

from __future__ import annotations

import html

from .doc import Heading, Table, Text


CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; } h3 { font-size: 1rem; }
.scroll { overflow-x: auto; margin-bottom: 1rem; }
table { border-collapse: collapse; font-size: .88rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #f3f3f3; z-index: 2; }
tbody th { position: sticky; left: 0; background: #fafafa; font-weight: 600; z-index: 1; min-width: 9rem; }
td { min-width: 11rem; max-width: 26rem; }
tr.group th { background: #e8eef7; font-size: .95rem; }
tr.differs > th, tr.differs > td { background: #fff7dc; }
tr.differs > th::before { content: "≠ "; color: #a15c00; }
td p, th p { margin: 0 0 .25rem 0; }
table.matrix td { min-width: 0; text-align: center; }
.cite, .dim { color: #6b6b6b; font-size: .85em; }
.strong { font-weight: 600; }
.mark { color: #a15c00; font-weight: 600; }
.accepted { color: #146c2e; font-weight: 600; } .rejected { color: #b3261e; font-weight: 600; }
.incomplete { color: #8a6100; font-weight: 600; } .error { color: #7b1fa2; font-weight: 600; }
.tightened { color: #b3261e; font-weight: 600; } .loosened { color: #146c2e; font-weight: 600; }
table.money td { min-width: 9rem; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #6b6b6b; font-size: .85em; }
"""


def _h_para(para) -> str:
    return "".join(f'<span class="{html.escape(f.style)}">{html.escape(f.text)}</span>' if f.style
                   else html.escape(f.text) for f in para)


def _h_cell(paras) -> str:
    if len(paras) == 1:
        return _h_para(paras[0])
    return "".join(f"<p>{_h_para(p)}</p>" for p in paras)


def to_html(doc: list, lang: str = "en") -> str:
    title = next((b.text for b in doc if isinstance(b, Heading)), "sirules compare")
    out = ["<!DOCTYPE html>", f'<html lang="{html.escape(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>"]
    for block in doc:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Text):
            out.append(f"<p>{_h_para(block.frags)}</p>")
        elif hasattr(block, "svg"):               # a chart drawn by sirules.report.charts: markup of our own
            out.append(f'<figure class="chart">{block.svg}<figcaption>{html.escape(block.caption)}</figcaption>'
                       "</figure>")
        elif isinstance(block, Table):
            n = len(block.header)
            out.append(f'<div class="scroll"><table class="{html.escape(block.css)}">' if block.css
                       else '<div class="scroll"><table>')
            if any(block.header):
                out.append("<thead><tr>" + "".join(f'<th scope="col">{html.escape(h)}</th>' for h in block.header)
                           + "</tr></thead>")
            out.append("<tbody>")
            for r in block.rows:
                cls = " ".join(c for c, on in (("group", r.group), ("differs", r.mark)) if on)
                attr = f' class="{cls}"' if cls else ""
                if r.group:
                    out.append(f'<tr{attr}><th colspan="{n}" scope="rowgroup">{_h_cell(r.cells[0])}</th></tr>')
                    continue
                tds = "".join(f"<td>{_h_cell(c)}</td>" for c in r.cells[1:])
                out.append(f'<tr{attr}><th scope="row">{_h_cell(r.cells[0])}</th>{tds}</tr>')
            out.append("</tbody></table></div>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
