"""Raw application dicts to the normalised form one guideline's checks read: the facts it reads,
the participants (applicant first) and the parts present, with errors and warnings that point
at the key."""

from __future__ import annotations

from ...language.i18n import later
from ...language import limits
from ...language import vocabulary as voc
from ...language.diagnostics import Diagnostic, SirulesError, error, warning
from .form import ALWAYS, MAX_PARTICIPANTS, MAX_TEXT, STRUCTURAL, Application
from .locate import Locator
from .values import (_bool, BadValue, _choice, _date, _duration, _field_text, read_money, _number, _percent,
                     _savings, _table, _tags, _text)


def _info(t):
    from ...language.modelview import new
    return new("FactInfo", key=t.key, type=t.type, label=t.en_label, choices=t.choices, declared=False)


class Normaliser:
    """Turns raw application dicts into normalised ones for one guideline."""

    def __init__(self, g):
        self.g = g
        self.facts = dict(g.facts)      # key -> FactInfo
        for key in ALWAYS:              # read whether or not a rule needs them
            if key not in self.facts:
                t = voc.FACTS[key]
                self.facts[key] = _info(t)
        names = {}
        for key, info in self.facts.items():
            names[key] = key
            t = voc.FACTS.get(key)
            if t is not None:
                names[t.sv] = key
        self.fact_names = names
        known = set(STRUCTURAL) | set(STRUCTURAL.values()) | set(voc.FACT_INDEX) | set(names)
        self.known = known
        self.kind_names = {name: t.key for name, t in voc.KIND_INDEX.items()}
        self.kind_names.update({k: k for k in g.kinds})
        self.part_names = {name: t.key for name, t in voc.PART_INDEX.items()}
        self.part_names.update({k: k for k in g.parts})
        own = getattr(g, "fields", None) or {}          # the guideline's own participant fields
        self.field_index = dict(voc.FIELD_INDEX)
        self.field_index.update({k: voc.Term(k, k, info.type, info.label, info.label, info.choices)
                                 for k, info in own.items()})
        self.own_fields = own
        self.field_keys = sorted(self.field_index)     # for "did you mean" (once, not per key)
        self.words = rule_words(g)
        from .spelling import Spelling
        self.spelling = Spelling(k for k in g.facts if k not in voc.FACTS)

    def type_of(self, key: str) -> str | None:
        """The type of the fact ``key`` names (either spelling), or None."""
        canon = self.fact_names.get(key)
        return None if canon is None else self.facts[canon].type

    def normalise(self, raw: dict, path: str = "<application>", text: str = "") -> Application:
        errs: list[Diagnostic] = []
        warns: list[Diagnostic] = []
        loc = Locator(path, text)
        raw = self.spelling.english(raw, loc)      # Swedish keys read as the English ones
        out: dict = {}
        for key, value in raw.items():
            if key in self.fact_names:
                canon = self.fact_names[key]
                try:
                    v = self._value(self.facts[canon], value, key, loc)
                except _Bad as b:
                    errs.append(b.diag)
                    continue
                if v is not None:
                    out[canon] = v
                    if canon in self.words and type(v) is tuple:
                        self._unmatched_words(key, v, self.words[canon], loc, warns)
            elif key not in self.known:
                close = loc.close(str(key), sorted(self.known))
                warns.append(warning("SIR303", later('unknown key "{key}" (ignored)', key=key), loc.span(key),
                                     later('did you mean "{name}"?', name=close[0]) if close else None))
        applicant, participants = self._participants(raw, loc, errs)
        out["_applicant"] = applicant
        out["_participants"] = participants
        out["_parts"] = self._parts(raw, loc, errs, warns)
        if errs:
            raise SirulesError(errs + warns)
        return Application(path=path, data=out, raw=raw, warnings=tuple(warns), text=text)

    def _value(self, info, value, key: str, loc):
        t = info.type
        if value is None:
            return None
        try:
            if t == "money":
                return read_money(value)
            if t == "bool":
                return _bool(value)
            if t == "date":
                return _date(value)
            if t == "duration":
                return _duration(value)
            if t == "number":
                return _number(value)
            if t == "percent":
                return _percent(value)
            if t == "text":
                return _text(value)
            if t == "tags":
                return _tags(value)
            if t == "choice":
                return _choice(value, info.choices)
            if t == "table":
                return _table(value)
            if t == "savings":
                return _savings(value)
        except BadValue as b:
            raise _Bad(error("SIR302" if b.kind == "type" else "SIR305",
                             later('"{key}": {message}', key=key, message=b.message), loc.span(key), b.hint))
        raise _Bad(error("SIR302", later('"{key}": unsupported type {type}', key=key, type=t), loc.span(key)))

    @staticmethod
    def _unmatched_words(key: str, given: tuple, words: frozenset, loc, warns) -> None:
        """A word of the application that no rule of the guideline names can never match: say so when
        it is close to a word the rules name (``"unga vuxna"`` for ``unga_vuxna``, a misspelling); a
        word far from all of them is another group the guideline simply does not ask about."""
        for w in given:
            if w in words:
                continue
            close = loc.close(w, sorted(words))
            if not close:
                continue
            hint = later('did you mean "{name}"?', name=close[0])
            warns.append(warning("SIR112", later('"{key}": no rule of the guideline names the word "{word}"',
                                                 key=key, word=w), loc.span(key, w), hint))

    def _participant_rows(self, raw: dict, loc, errs):
        """(the applicant as given, [(where, row)]): the applicant first, then the participants."""
        rows = []
        app = raw.get("applicant", raw.get("sökande"))
        if app is not None:
            rows.append(("applicant", app))
        partners = raw.get("participants", raw.get("deltagare", []))
        if not isinstance(partners, list):
            errs.append(error("SIR302", later('"participants" must be a list of tables ([[participants]])'),
                              loc.span("participants")))
            partners = []
        most = limits.get("PARTICIPANTS", MAX_PARTICIPANTS)
        if len(partners) > most:
            errs.append(error("SIR401", later("{n} participants; the limit is {most}", n=len(partners), most=most),
                              loc.span("participants"), limits.hint("PARTICIPANTS")))
            partners = []
        rows.extend((f"participants[{i}]", p) for i, p in enumerate(partners))
        return app, rows

    def _participants(self, raw: dict, loc, errs):
        # one loop over the participants and their fields, kept whole: no call per participant
        app, rows = self._participant_rows(raw, loc, errs)
        out = []
        fields_hint = None                         # one text for every unknown field (there may be thousands)
        for where, p in rows:
            if not isinstance(p, dict):
                errs.append(error("SIR302", later('"{where}" must be a table with name and kind', where=where),
                                  loc.span(where.split("[")[0])))
                continue
            q = {}
            kind_error = False
            for k, v in p.items():
                if v is None:                      # null (JSON, YAML) means not given
                    continue
                f = self.field_index.get(k)
                if f is None:
                    close = loc.close(str(k), self.field_keys)
                    if not close and fields_hint is None:
                        fields_hint = later("fields: {names}", names=", ".join([*voc.FIELDS, *self.own_fields]))
                    errs.append(error("SIR303", later('"{key}" is not a field of a participant', key=f"{where}.{k}"),
                                      loc.span(k), later('did you mean "{name}"?', name=close[0]) if close else
                                      fields_hint))
                    continue
                if f.key in self.own_fields:             # a field the guideline declares: typed as a fact
                    try:
                        v = self._value(self.own_fields[f.key], v, k, loc)
                    except _Bad as b:            # named with its participant, pointing at the key
                        errs.append(b.diag._replace(message=f'"{where}.{k}"' + b.diag.message[len(k) + 2:]))
                        continue
                    q[f.key] = v
                    continue
                if f.type == "kind":
                    if not isinstance(v, str) or v not in self.kind_names:
                        close = loc.close(str(v), sorted(self.kind_names))
                        errs.append(error("SIR304", later('"{key}": unknown participant kind {kind}', key=f"{where}.{k}",
                                                          kind=repr(v)), loc.span(k, v),
                                          later('did you mean "{name}"?', name=close[0]) if close else
                                          later("kinds: {names}", names=", ".join(sorted(voc.KINDS)))))
                        kind_error = kind_error or k == "kind"
                        continue
                    q["kind"] = self.kind_names[v]
                else:
                    try:
                        q[f.key] = _bool(v) if f.type == "bool" else _field_text(v)
                    except BadValue as b:
                        errs.append(error("SIR302", later('"{key}": {message}', key=f"{where}.{k}", message=b.message),
                                          loc.span(k), b.hint))
            if "kind" not in q and not kind_error:      # (not a scan of errs: quadratic with many participants)
                errs.append(error("SIR302", later('"{where}" has no kind', where=where), loc.span(where.split("[")[0]),
                                  later('every participant needs a kind, e.g. kind = "municipal_unit"')))
            out.append(q)
        applicant = out[0] if app is not None and out else None
        return applicant, tuple(out)

    def _parts(self, raw: dict, loc, errs, warns) -> frozenset:
        parts = raw.get("parts", raw.get("delar", {}))
        if not isinstance(parts, dict):
            errs.append(error("SIR302", later('"parts" must be a table of texts ([parts])'), loc.span("parts")))
            return frozenset()
        present = set()
        for k, v in parts.items():
            key = self.part_names.get(k)
            if key is None:
                close = loc.close(str(k), sorted(self.part_names))
                warns.append(warning("SIR303", later('unknown part "{key}" (ignored)', key=k), loc.span(k),
                                     later('did you mean "{name}"?', name=close[0]) if close else None))
                continue
            if isinstance(v, str):
                most = limits.get("TEXT", MAX_TEXT)
                if len(v) > most:
                    errs.append(error("SIR401", later('part "{key}" is {n} characters; the limit is {most}', key=k,
                                                      n=len(v), most=most),
                                      loc.span(k), limits.hint("TEXT")))
                if v.strip():
                    present.add(key)
            elif v not in (None, False):
                errs.append(error("SIR302", later('part "{key}" must be a text', key=k), loc.span(k)))
        return frozenset(present)


_CHILDREN = ("items", "item", "cond", "then", "left", "right", "filter", "low", "high", "base")


def rule_words(g) -> dict:
    """fact key -> the words the guideline's conditions name for that list-of-words fact."""
    out: dict = {}
    stack = [r.expr for r in g.rules if r.expr is not None]
    stack += [s.condition for b in g.blocks for s in b.settings if s.condition is not None]
    while stack:
        e = stack.pop()
        if isinstance(e, tuple):
            stack.extend(e)
            continue
        if type(e).__name__ == "Member" and e.item.type == "tags" and type(e.item).__name__ == "Fact":
            out.setdefault(e.item.key, set()).update(e.values)
        for name in _CHILDREN:
            c = getattr(e, name, None)
            if c is not None and not isinstance(c, (str, int, frozenset)):
                stack.append(c)
    return {k: frozenset(v) for k, v in out.items()}


class _Bad(Exception):
    def __init__(self, diag):
        self.diag = diag
