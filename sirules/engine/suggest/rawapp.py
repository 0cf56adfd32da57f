"""The raw application (the same shape as the input file): applying changes to a copy of it, the
values written the way the file wrote them, following the participants through a round's changes,
and the canonical text that tells two applications apart."""

from __future__ import annotations

import copy
import datetime
import json
from fractions import Fraction

from ...language import vocabulary as voc
from ...language.money import format_money
from .. import explain


class RawEditor:
    """Changes the raw application of one guideline; ``words`` names the parts it attaches."""

    def __init__(self, normaliser, words):
        self.normaliser, self.words = normaliser, words

    def raw_key(self, raw: dict, key: str) -> str:
        for k in raw:
            if self.normaliser.fact_names.get(k) == key:
                return k
        return key

    @staticmethod
    def raw_lists(raw: dict) -> tuple[str, str]:
        appkey = "sökande" if "sökande" in raw and "applicant" not in raw else "applicant"
        plist = "deltagare" if "deltagare" in raw and "participants" not in raw else "participants"
        return appkey, plist

    @staticmethod
    def slot_path(st, idx: int) -> str:
        if st.data["_applicant"] is not None:
            return "applicant" if idx == 0 else f"participants[{idx - 1}]"
        return f"participants[{idx}]"

    def apply(self, raw: dict, changes) -> dict:
        edit = _Edit(self, copy.deepcopy(raw))
        for c in changes:
            edit.change(c)
        return edit.finish()


class _Edit:
    """One :meth:`RawEditor.apply`: the copy being changed, where its applicant and participants
    are, and the participants to remove at the end (last first, so the indices hold)."""

    def __init__(self, editor: RawEditor, out: dict):
        self.editor, self.out = editor, out
        self.appkey, self.plist = editor.raw_lists(out)
        self.has_app = out.get(self.appkey) is not None
        self.removals = []

    def slot(self, idx):
        out = self.out
        if self.has_app:
            if idx == 0:
                return out, self.appkey
            return out.setdefault(self.plist, []), idx - 1
        return out.setdefault(self.plist, []), idx

    def change(self, c) -> None:
        handler = _HANDLERS.get(c.target[0] if c.target else None)
        if handler is not None:
            handler(self, c)

    def fact(self, c) -> None:
        out = self.out
        _, key, typ = c.target
        rk = self.editor.raw_key(out, key)
        if c.new is None:
            out.pop(rk, None)
        else:
            out[rk] = raw_value(typ, c.new, out.get(rk))

    def budget(self, c) -> None:
        rk = self.editor.raw_key(self.out, "budget")
        self.out[rk] = raw_table(c.new, self.out.get(rk))

    def field(self, c) -> None:
        _, idx, key = c.target
        box, k = self.slot(idx)
        row = box[k]
        if not isinstance(row, dict):
            return
        rk = next((f for f in row if voc.FIELD_INDEX.get(f) and voc.FIELD_INDEX[f].key == key), key)
        row[rk] = c.new

    def swap(self, c) -> None:
        """The applicant and a participant change places."""
        out, appkey = self.out, self.appkey
        _, idx = c.target
        box, k = self.slot(idx)
        out[appkey], box[k] = box[k], out[appkey]

    def new_applicant(self, c) -> None:
        """A new applicant; the old one becomes a participant."""
        out = self.out
        old = out.get(self.appkey)
        out[self.appkey] = dict(c.new)
        if old is not None:
            out.setdefault(self.plist, []).append(old)
        self.has_app = True

    def applicant(self, c) -> None:
        self.out[self.appkey] = dict(c.new)
        self.has_app = True

    def participant(self, c) -> None:
        self.out.setdefault(self.plist, []).append(copy.deepcopy(c.add))

    def part(self, c) -> None:
        out, words = self.out, self.editor.words
        parts = out.setdefault("parts" if "delar" not in out else "delar", {})
        parts[c.add] = words.t["part_text"].format(p=words.part_name(c.add))

    def remove(self, c) -> None:
        self.removals.append(c.target[1])

    def finish(self) -> dict:
        for idx in sorted(set(self.removals), reverse=True):
            box, k = self.slot(idx)
            if isinstance(box, list) and 0 <= k < len(box):
                del box[k]
        return self.out


#: the kind of a change (the first item of its ``target``) -> how it is applied
_HANDLERS = {"fact": _Edit.fact, "budget": _Edit.budget, "field": _Edit.field, "swap": _Edit.swap,
             "newapp": _Edit.new_applicant, "applicant": _Edit.applicant, "participants": _Edit.participant,
             "parts": _Edit.part, "remove": _Edit.remove}


def track(rows: list, changes, has_app: bool) -> bool:
    """Follow the participants through the changes, as :meth:`RawEditor.apply` makes them."""
    removed = []
    for c in changes:
        kind = c.target[0] if c.target else None
        if kind == "swap":
            i = c.target[1]
            rows[0], rows[i] = rows[i], rows[0]
        elif kind == "newapp":
            if has_app:
                rows.append(rows[0])
                rows[0] = ("new", len(rows))
            else:
                rows.insert(0, ("new", len(rows)))
            has_app = True
        elif kind == "applicant":
            if not has_app:
                rows.insert(0, ("new", len(rows)))
            has_app = True
        elif kind == "participants":
            rows.append(("new", len(rows)))
        elif kind == "remove":
            removed.append(c.target[1])
    for i in sorted(set(removed), reverse=True):
        if 0 <= i < len(rows):
            del rows[i]
    return has_app


# ---- raw values ------------------------------------------------------------------------------------

def raw_value(typ: str, new, old_raw):
    """``new`` (normalised) written the way the application file wrote the old value."""
    if typ == "money":
        if isinstance(old_raw, str) or new % 100:
            return format_money(int(new), "sv")
        return int(new) // 100
    if typ == "duration":
        if isinstance(old_raw, str):
            swedish = any(w in old_raw.lower() for w in ("år", "mån"))
            if new % 12 == 0:
                n = new // 12
                return f"{n} år" if swedish else f"{n} year{'s' if n != 1 else ''}"
            return f"{new} månader" if swedish else f"{new} months"
        return int(new)
    if typ == "date":
        if isinstance(old_raw, datetime.date):
            return new
        return new.isoformat()
    if typ in ("number", "percent"):
        if isinstance(new, Fraction):
            return str(explain._dec(new)) if new.denominator != 1 else int(new)
        return new
    if typ == "tags":
        return list(new)
    return new


def raw_table(new: dict, old_raw) -> dict:
    strings = isinstance(old_raw, dict) and any(isinstance(v, str) for v in old_raw.values())
    keys_str = not isinstance(old_raw, dict) or any(isinstance(k, str) for k in old_raw)
    out = {}
    for y, v in new.items():
        k = str(y) if keys_str else y
        out[k] = format_money(v, "sv") if strings or v % 100 else v // 100
    return out


def canon(obj) -> str:
    try:
        return json.dumps(obj, sort_keys=True, default=str, ensure_ascii=False)
    except TypeError:                      # keys of mixed types (YAML: true: and 2021: beside text keys)
        return json.dumps(_str_keys(obj), sort_keys=True, default=str, ensure_ascii=False)


def _str_keys(obj):
    if isinstance(obj, dict):
        return {str(k): _str_keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_str_keys(v) for v in obj]
    return obj
