"""Duties (#17 point 5) as lines of text: in the check report (what a grant commits the applicant
to) and under the obligations (with each one's status when an outcome file says what was done)."""

from __future__ import annotations

STATUS = {"sv": {"fulfilled": "uppfyllt", "fulfilled_late": "uppfyllt för sent", "not_fulfilled": "inte uppfyllt",
                 "not_yet_due": "inte förfallet än"},
          "en": {"fulfilled": "fulfilled", "fulfilled_late": "fulfilled late", "not_fulfilled": "not fulfilled",
                 "not_yet_due": "not yet due"}}


def duty_lines(duties, lang: str, indent: str = "  ") -> list[str]:
    """A heading and one line per duty: who does what, by when, and its status if known."""
    if not duties:
        return []
    sv = lang == "sv"
    out = [indent + ("åtaganden vid beviljande:" if sv else "a grant commits to:")]
    for d in duties:
        who = ("sökande" if sv else "the applicant") if d.who == "applicant" else d.who
        text = f"{indent}  {d.id}: {who} {d.what}"
        if d.due is not None:
            text += (", senast " if sv else ", by ") + d.due.isoformat()
        elif d.months is not None:
            text += (f", senast {d.months} mån. efter projektslut" if sv else f", {d.months} months after the project ends")
        elif d.end is not None:
            text += (", efter projektslut " if sv else ", after the project ends on ") + d.end.isoformat()
        if d.status is not None:
            text += f" — {STATUS[lang][d.status]}" + (f" ({d.done.isoformat()})" if d.done else "")
        text += f"  ({'rad' if sv else 'line'} {d.line})"
        out.append(text)
    return out
