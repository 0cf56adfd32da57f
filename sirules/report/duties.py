"""Duties (#17 point 5) as lines of text: in the check report (what a grant commits the applicant
to) and under the obligations (with each one's status when an outcome file says what was done)."""

from __future__ import annotations

from ..language.i18n import mark, tr

#: a duty's status as a report shows it (``tr`` it)
STATUS = {"fulfilled": mark("fulfilled"), "fulfilled_late": mark("fulfilled late"),
          "not_fulfilled": mark("not fulfilled"), "not_yet_due": mark("not yet due")}


def duty_lines(duties, lang: str, indent: str = "  ") -> list[str]:
    """A heading and one line per duty: who does what, by when, and its status if known."""
    if not duties:
        return []
    out = [indent + tr("a grant commits to:", lang)]
    for d in duties:
        who = tr("the applicant", lang) if d.who == "applicant" else d.who
        text = f"{indent}  {d.id}: {who} {d.what}"
        if d.due is not None:
            text += tr(", by {date}", lang, date=d.due.isoformat())
        elif d.months is not None:
            text += tr(", {months} months after the project ends", lang, months=d.months)
        elif d.end is not None:
            text += tr(", after the project ends on {date}", lang, date=d.end.isoformat())
        if d.status is not None:
            text += f" — {tr(STATUS[d.status], lang)}" + (f" ({d.done.isoformat()})" if d.done else "")
        text += "  (" + tr("line {line}", lang, line=d.line) + ")"
        out.append(text)
    return out
