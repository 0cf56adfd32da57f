"""Cells of a spreadsheet and of a markdown page: text from a file kept as text.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula: a payer
named ``=HYPERLINK("http://…")`` or a file named ``=1+2.toml`` in an exported table would run when
the CSV is opened. :func:`csv_cell` neutralises such a text cell as OWASP advises (a single quote
in front, so the program shows it as text); a number the program produced stays a number, so a
negative amount is still ``-150000``. Every CSV writer of sirules writes its rows through
:func:`csv_text`; an Excel writer takes its cells through :func:`csv_cell` too.

Markdown runs its own syntax: a ``|`` or a line break in a title breaks a table, and
``[x](javascript:…)`` or ``![](https://…)`` would come out as a live link or a remote image.
:func:`markdown_text` escapes text from a file for a markdown page.
"""

from __future__ import annotations

from ..language.printable import printable

#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value):
    """A cell for a spreadsheet: a text that a spreadsheet would run as a formula gets a ``'``
    in front; numbers (``int``, ``Fraction``, ``Decimal``, …) stay as they are.

    In a text, a carriage return becomes a line break (which the CSV writer quotes; a bare one
    would split the row) and other control characters are shown as escapes
    (:func:`~sirules.language.printable.printable`), as on a terminal, where CSV is often read."""
    if not isinstance(value, str):
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = printable(value, keep="\n\t")
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


class Kronor:
    """An amount in a CSV cell: öre written as kronor (``600000``, ``1234,50``), with the decimal mark
    of the file; a number, never neutralised as a text (``-150000`` stays a negative number)."""
    __slots__ = ("text",)

    def __init__(self, ore: int, decimal: str = "."):
        whole, ore_part = divmod(abs(ore), 100)
        sign = "-" if ore < 0 else ""
        self.text = f"{sign}{whole}" if not ore_part else f"{sign}{whole}{decimal}{ore_part:02d}"

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def csv_form(lang: str | None, delimiter: str | None = None) -> tuple[str, str]:
    """(delimiter, decimal mark) of a CSV file: Swedish Excel's ``;`` and decimal comma for a
    Swedish guideline, ``,`` and a point otherwise; ``delimiter`` (``--delimiter``) decides both
    (a decimal comma goes with ``;``)."""
    delimiter = delimiter or (";" if lang == "sv" else ",")
    return delimiter, "," if delimiter == ";" else "."


def csv_text(header, rows, delimiter: str = ",") -> str:
    """A CSV document (one heading row, then ``rows``), every cell through :func:`csv_cell`."""
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", delimiter=delimiter)
    w.writerow([csv_cell(h) for h in header])
    w.writerows([csv_cell(c) for c in row] for row in rows)
    return buf.getvalue()


#: markdown's own characters: escaped with a backslash in text from a file
MARKDOWN_SPECIAL = "\\`*<>|[]!&"


def markdown_text(text: str) -> str:
    """Text from a file for a markdown page: control characters and line breaks shown as escapes
    (:func:`~sirules.language.printable.printable`, so a table row stays one line), and markdown's
    own characters (``\\ ` * < > | [ ] ! &``) escaped, so no link, image, HTML or table cell
    can be made from it."""
    text = printable(text)
    for ch in MARKDOWN_SPECIAL:
        if ch in text:
            text = text.replace(ch, "\\" + ch)
    return text
