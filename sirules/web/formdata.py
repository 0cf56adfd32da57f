"""The HTML application form to an application (the dict a file is read into), and that to TOML.

Field names say where a value goes: ``f.KEY`` a fact, ``a.FIELD`` the applicant's field,
``p.I.FIELD`` the I-th partner's, ``b.year.I`` / ``b.amount.I`` a row of the yearly budget,
``part.KEY`` a part. An empty field is a value not given. ``static/form.js`` builds the same
application in the browser for the live check; the tests hold the two to the same answers.
"""

from __future__ import annotations

import json
import re

_INT = re.compile(r"^[0-9]{1,15}$")
_BARE = re.compile(r"[A-Za-z0-9_-]+")        # the whole key (fullmatch: "$" would let a final newline through)
MAX_PARTICIPANTS = 50
MAX_BUDGET_ROWS = 30


def _value(text: str, type_: str):
    text = text.strip()
    if type_ == "bool":
        return {"yes": True, "no": False}.get(text)
    if type_ == "tags":
        words = [w.strip() for w in text.split(",") if w.strip()]
        return words or None
    if type_ in ("money", "number") and _INT.match(text.replace(" ", "")):
        return int(text.replace(" ", ""))
    return text or None


def application(form, skeleton, facts: tuple = ()) -> dict:
    """The application the form's fields give (``form`` maps names to texts); ``facts`` are the
    form's facts (default: the skeleton's)."""
    types = {e.key: e.type for e in (facts or skeleton.facts)}
    fields = {e.key: e.type for e in (*skeleton.applicant, *skeleton.participants)}
    raw: dict = {}
    for key, type_ in types.items():
        v = _value(form.get(f"f.{key}", ""), type_)
        if v is not None:
            raw[key] = v
    applicant = {k: v for k, t in fields.items() if (v := _value(form.get(f"a.{k}", ""), t)) is not None}
    if applicant:
        raw["applicant"] = applicant
    partners = []
    for i in range(participant_count(form)):
        row = {k: v for k, t in fields.items() if (v := _value(form.get(f"p.{i}.{k}", ""), t)) is not None}
        if row:
            partners.append(row)
    if partners:
        raw["participants"] = partners
    budget = {}
    for i in range(MAX_BUDGET_ROWS):
        year, amount = form.get(f"b.year.{i}", "").strip(), form.get(f"b.amount.{i}", "").strip()
        if year and amount:
            budget[year] = _value(amount, "money")
    if budget:
        raw["budget"] = budget
    parts = {e.key: form.get(f"part.{e.key}", "") for e in skeleton.parts}
    parts = {k: v for k, v in parts.items() if v.strip()}
    if parts:
        raw["parts"] = parts
    return raw


def participant_count(form) -> int:
    try:
        n = int(form.get("participants", "0"))
    except ValueError:
        n = 0
    return max(0, min(n, MAX_PARTICIPANTS))


def budget_rows(raw: dict) -> list[tuple[str, object]]:
    return [(str(y), a) for y, a in (raw.get("budget") or {}).items()]


# ---- TOML ------------------------------------------------------------------------------------

def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL, which JSON leaves as it is, is escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(k: str) -> str:
    return k if _BARE.fullmatch(k) else _string(k)


def _scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return _string(str(v))


def to_toml(raw: dict, title: str | None = None) -> str:
    """The application as a TOML file, as ``sirules check`` reads it."""
    out = ["# " + "".join(ch for ch in line if ch.isprintable()) for line in (title or "").splitlines()[:1]]
    tables = ("applicant", "participants", "budget", "parts")
    for k, v in raw.items():
        if k not in tables:
            out.append(f"{_key(k)} = {_scalar(v)}")
    if "applicant" in raw:
        out += ["", "[applicant]"] + [f"{_key(k)} = {_scalar(v)}" for k, v in raw["applicant"].items()]
    for p in raw.get("participants", ()):
        out += ["", "[[participants]]"] + [f"{_key(k)} = {_scalar(v)}" for k, v in p.items()]
    if "budget" in raw:
        out += ["", "[budget]"] + [f"{_key(str(k))} = {_scalar(v)}" for k, v in raw["budget"].items()]
    if "parts" in raw:
        out += ["", "[parts]"] + [f"{_key(k)} = {_scalar(v)}" for k, v in raw["parts"].items()]
    return "\n".join(out).lstrip("\n") + "\n"
