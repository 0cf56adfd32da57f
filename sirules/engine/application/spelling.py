"""The two spellings of an application's keys: English (the canonical keys of JSON output and the
checks) and Swedish (``belopp``, ``sökande``, ``deltagare``, ``typ``, ``delar``, ``besparingar``…).

An application is written in one of them. :class:`Spelling` (one per guideline: a fact the guideline
declares under a name is that fact, whatever the vocabulary calls it) tells which language each key
is in, at the top, in a participant, in the parts and in the rows of the tables, and
:meth:`Spelling.english` gives the application with English keys, so that everything after it
reads one spelling. A file that gives one key in both spellings, or mixes the languages, is an error
(SIR432) that names the two spellings. :meth:`Spelling.spell` goes the other way, for the writers
(``template``).
"""

from __future__ import annotations

from ...language import vocabulary as voc
from ...language.diagnostics import SirulesError, error
from ...language.i18n import tr
from .form import STRUCTURAL


def _pairs(table) -> dict:
    return {t.key: t.sv for t in table.values() if t.sv != t.key}


#: English -> Swedish, per place in an application
FIELDS = _pairs(voc.FIELDS)
PARTS = _pairs(voc.PARTS)
ROWS = {
    "savings": {"actor": "aktör", "year": "år", "amount": "belopp", "actor_kind": "aktörstyp"},
    "costs": {"actor": "aktör", "year": "år", "amount": "belopp", "actor_kind": "aktörstyp"},
    "repayment_plan": {"payer": "betalare", "year": "år", "amount": "belopp"},
    "expected_outcomes": {"year": "år", "units": "enheter"},
}
PARTICIPANT_LISTS = ("applicant", "participants")


class Spelling:
    """The spellings of one guideline's applications."""

    def __init__(self, declared=()):
        own = set(declared)                 # a name the guideline declares a fact of is that fact
        top = {k: v for k, v in _pairs(voc.FACTS).items() if v not in own and k not in own}
        top.update({k: v for k, v in STRUCTURAL.items() if k != v})
        self.top = top
        self.top_sv = {v: k for k, v in top.items()}
        self.fields_sv = {v: k for k, v in FIELDS.items() if v not in own}
        self.parts_sv = {v: k for k, v in PARTS.items()}
        self.rows_sv = {k: {v: e for e, v in row.items()} for k, row in ROWS.items()}

    # -- reading -----------------------------------------------------------------------------

    def _places(self, raw: dict):
        """(English -> Swedish of the place, {Swedish -> English}, the keys written there) for every
        table of the application whose keys have two spellings."""
        yield self.top, self.top_sv, raw
        for en in PARTICIPANT_LISTS:
            got = raw.get(en, raw.get(self.top.get(en, en)))
            for p in (got if isinstance(got, list) else [got]):
                if isinstance(p, dict):
                    yield FIELDS, self.fields_sv, p
        parts = raw.get("parts", raw.get("delar"))
        if isinstance(parts, dict):
            yield PARTS, self.parts_sv, parts
        for en, row_sv in self.rows_sv.items():
            rows = raw.get(en, raw.get(self.top.get(en, en)))
            if isinstance(rows, list):
                for r in rows:
                    if isinstance(r, dict):
                        yield ROWS[en], row_sv, r

    def english(self, raw: dict, loc=None) -> dict:
        """``raw`` with English keys (``raw`` itself when it has no Swedish key); SIR432 when it gives a
        key in both spellings or mixes the two languages."""
        swedish = english = None
        for en_sv, sv_en, table in self._places(raw):
            for k in table:
                if k in sv_en:
                    if sv_en[k] in table:
                        self._clash(sv_en[k], k, loc, both=True)
                    swedish = swedish or k
                elif k in en_sv:
                    english = english or k
            if swedish and english:
                self._clash(english, swedish, loc, both=False)
        if swedish is None:
            return raw
        return self._renamed(raw)

    def _renamed(self, raw: dict) -> dict:
        top_sv = self.top_sv
        out = {top_sv.get(k, k): v for k, v in raw.items()}
        for en in PARTICIPANT_LISTS:
            got = out.get(en)
            if isinstance(got, dict):
                out[en] = _keys(got, self.fields_sv)
            elif isinstance(got, list):
                out[en] = [_keys(p, self.fields_sv) if isinstance(p, dict) else p for p in got]
        if isinstance(out.get("parts"), dict):
            out["parts"] = _keys(out["parts"], self.parts_sv)
        for en, row_sv in self.rows_sv.items():
            if isinstance(out.get(en), list):
                out[en] = [_keys(r, row_sv) if isinstance(r, dict) else r for r in out[en]]
        return out

    @staticmethod
    def _clash(en: str, sv: str, loc, both: bool):
        if both:
            msg = tr('"{en}" and "{sv}" are the same key in English and in Swedish; it is given twice', None,
                     en=en, sv=sv)
        else:
            msg = tr('the application mixes English and Swedish keys: "{en}" is English, "{sv}" is Swedish', None,
                     en=en, sv=sv)
        raise SirulesError([error("SIR432", msg, loc.span(sv) if loc is not None else None,
                                  tr("write every key of the application in one language", None))])

    # -- writing -----------------------------------------------------------------------------

    def spell(self, key: str, place: str = "top", lang: str | None = "sv") -> str:
        """The key ``key`` (English) in ``lang``, at ``place``: top, field, part, or a table's name."""
        if lang != "sv":
            return key
        if place == "top":
            return self.top.get(key, key)
        if place == "field":
            return FIELDS.get(key, key)
        if place == "part":
            return PARTS.get(key, key)
        return ROWS.get(place, {}).get(key, key)


def _keys(table: dict, sv_en: dict) -> dict:
    return {sv_en.get(k, k): v for k, v in table.items()}
