"""Writing a ``sirules compare`` document as markdown (tables in GitHub's pipe syntax)."""

from __future__ import annotations

from ..report.cells import markdown_text as _md
from .doc import Heading, Table, Text


def _md_para(para) -> str:
    return "".join(_md(f.text) if f.style != "strong" else f"**{_md(f.text)}**" for f in para)


def to_markdown(doc: list, lang: str = "en") -> str:
    out: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + _md(block.text), ""]
        elif isinstance(block, Text):
            out += [_md_para(block.frags), ""]
        elif isinstance(block, Table):
            n = len(block.header)
            out.append("| " + " | ".join(_md(h) for h in block.header) + " |")
            out.append("|" + "---|" * n)
            for r in block.rows:
                if r.group:
                    para = r.cells[0][0]
                    label = _md_para(para) if any(f.style == "strong" for f in para) else f"**{_md_para(para)}**"
                    out.append(f"| {'≠ ' if r.mark else ''}{label} |" + " |" * (n - 1))
                    continue
                cells = ["<br>".join(_md_para(p) for p in cell) for cell in r.cells]
                if r.mark:
                    cells[0] = "≠ " + cells[0]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
