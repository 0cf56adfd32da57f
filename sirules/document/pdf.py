"""The decision document as PDF: the HTML page printed by WeasyPrint (A4, page numbers from the
CSS's ``@page`` rules). WeasyPrint needs Pango (Debian ``libpango-1.0-0 libpangoft2-1.0-0``) and a
font with å, ä and ö (``fonts-dejavu``)."""

from __future__ import annotations


def render(html: str, base: str | None = None) -> bytes:
    """The PDF of an HTML page made by :func:`sirules.document.html.render` (it needs no network:
    every resource is inline, and no URL is fetched)."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=base, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the decision document fetches nothing: {url}")


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:     # OSError: the package is there, Pango is not
        from ..language.diagnostics import SirulesError, error
        from ..language.i18n import later
        raise SirulesError([error("SIR461", later("a PDF needs WeasyPrint and Pango, which cannot be loaded ({why})",
                                                  why=type(exc).__name__),
                                  hint=later("pip install 'sirules[pdf]'; on Debian also apt-get install "
                                             "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu"))]) from None
    return weasyprint
