"""The text of the pots in ``fund status``: per pot and year, its size, what was granted and what is left."""

from __future__ import annotations

from ..language.i18n import tr
from ..language.money import format_money


def pots(rows: list[dict], lang: str | None = None) -> list[str]:
    head = [tr("pot", lang), tr("year", lang), tr("size", lang), tr("granted", lang), tr("left", lang)]
    table = [head] + [[r["pot"], str(r["year"]), format_money(r["size"]), format_money(r["granted"]),
                       format_money(r["left"])] for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    return [tr("pots (size per year, granted from each in the year, left):", lang)] + [
        "  " + "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
        for r in table]
