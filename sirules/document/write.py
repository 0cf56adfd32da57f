"""Writing decision documents: one per application, to standard output, a file or a folder.

One application goes to ``--output FILE`` (or, as HTML, to standard output); several go to a
folder, one file each named after the application (``accepted-2019.html``), made when missing.
Every file is written atomically through :func:`sirules.language.fileio.write_output`.
"""

from __future__ import annotations

import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later

FORMATS = ("html", "pdf")


def document(compiled, app, on, fmt: str) -> tuple[object, str | bytes]:
    """(the document's data, its HTML text or PDF bytes)."""
    from . import data, html
    need_libraries(fmt)
    doc = data.build(compiled, app, on)
    page = html.render(doc)
    if fmt == "pdf":
        from . import pdf
        return doc, pdf.render(page)
    return doc, page


def targets(names: list[str], fmt: str, output: str | None) -> list[str | None]:
    """Where each document goes (None: standard output); SIR461 when that cannot be decided."""
    several = len(names) > 1
    if output in (None, "-"):
        if fmt == "pdf":
            raise SirulesError([error("SIR461", later("a PDF is not written to standard output"),
                                      hint=later("give --output FILE.pdf (one application) or --output FOLDER"))])
        if several:
            raise SirulesError([error("SIR461", later("{n} documents need a folder to be written to", n=len(names)),
                                      hint=later("give --output FOLDER (it is made when missing)"))])
        return [None]
    if not several and not os.path.isdir(output):
        return [output]
    if os.path.exists(output) and not os.path.isdir(output):
        raise SirulesError([error("SIR461", later("--output {output} is a file; {n} documents need a folder", output=output,
                                                    n=len(names)),
                                  hint=later("give the name of a folder (it is made when missing)"))])
    os.makedirs(output, exist_ok=True)
    out, used = [], set()
    for name in names:
        stem = os.path.splitext(os.path.basename(name))[0] or "application"
        candidate, n = stem, 1
        while candidate in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate)
        out.append(os.path.join(output, f"{candidate}.{fmt}"))
    return out


def need_libraries(fmt: str) -> None:
    """SIR461 when Jinja2 or matplotlib (or, for PDF, WeasyPrint) is missing."""
    from .html import environment
    environment()
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise SirulesError([error("SIR461", later("the decision document needs matplotlib for its charts, which is not installed"),
                                  hint=later("pip install 'sirules[document]'"))]) from None
    if fmt == "pdf":
        from .pdf import _weasyprint
        _weasyprint()
