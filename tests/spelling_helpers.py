"""An application's keys in Swedish, as a Swedish user writes them (shared by the tests)."""

from sirules.engine.application.spelling import FIELDS, PARTS, ROWS, Spelling


def to_swedish(raw: dict, sp: Spelling) -> dict:
    """``raw`` (English keys) with the Swedish keys of the place each is in."""
    out = {}
    for k, v in raw.items():
        if k == "applicant" and isinstance(v, dict):
            v = {FIELDS.get(a, a): b for a, b in v.items()}
        elif k == "participants" and isinstance(v, list):
            v = [{FIELDS.get(a, a): b for a, b in p.items()} for p in v]
        elif k == "parts" and isinstance(v, dict):
            v = {PARTS.get(a, a): b for a, b in v.items()}
        elif k in ROWS and isinstance(v, list):
            v = [{ROWS[k].get(a, a): b for a, b in r.items()} for r in v]
        out[sp.top.get(k, k)] = v
    return out


def in_language(raw: dict, g) -> dict:
    """``raw`` in the keys of the guideline ``g``'s language (a compiled guideline)."""
    return to_swedish(raw, g.normaliser.spelling) if g.model.lang == "sv" else raw
