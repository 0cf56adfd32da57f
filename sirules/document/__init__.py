"""The decision document (beslutsunderlag): floor 4.

One application's document for the committee: the head (guideline, version, date, applicant,
amount, period), the verdict and why, each clause's wording beside the findings of the rules that
encode it, the priority score, the decision route, the duties a grant commits to, the planned
obligations and the socio-economic calculation with its charts, and the sources. :mod:`.data`
gathers it as plain data from what the check, the obligations and the calculation already produce
(no money logic of its own); :mod:`.html` writes it as one self-contained HTML page (Jinja2 with
autoescape, CSS and SVG inline) and :mod:`.pdf` prints that page with WeasyPrint. The command line
and the web service render the same document.

Imports: floors 1-3 (:mod:`sirules.language`, :mod:`sirules.engine`, :mod:`sirules.finance`,
:mod:`sirules.report`); Jinja2, matplotlib and WeasyPrint lazily (the ``document`` and ``pdf``
extras).
"""
