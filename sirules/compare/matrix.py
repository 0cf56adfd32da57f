"""Applications through guidelines for ``sirules compare --applications``: a :class:`Matrix` of
verdicts, one row per application and one column per guideline, with the rules that decide each.
"""

from __future__ import annotations

import os

import attrs

from .data import Cited, Column, Subject, column, report_lang
from ..language.diagnostics import SirulesError

VERDICTS = ("accepted", "rejected", "incomplete", "error")


@attrs.frozen
class Decider(Cited):
    """A rule that decides a verdict: a failing or undecided must-rule, or a missing part; or a
    permission (``may``) whose condition holds, shown beside the others' prohibitions."""
    rule: str
    strength: str
    outcome: str                       # fail | undecided | permitted
    line: int
    section: str | None
    heading: str | None
    message: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "strength": self.strength, "outcome": self.outcome, "clause": self.clause,
                "line": self.line, "message": self.message}


@attrs.frozen
class Outcome:
    verdict: str                       # accepted | rejected | incomplete | error
    score: int = 0
    deciding: tuple[Decider, ...] = ()
    error: str | None = None           # why the guideline could not read the application
    money: object = None               # compare.money.Money of a grant (accepted only), or None
    unanswered: tuple[str, ...] = ()   # incomplete only on what no other compared guideline asks

    @property
    def answered(self) -> bool:
        """False when the verdict comes only from questions that only this guideline asks."""
        return not self.unanswered

    def to_json(self) -> dict:
        out = {"verdict": self.verdict, "score": self.score, "deciding": [d.to_json() for d in self.deciding],
               "money": self.money.to_json() if self.money is not None else None,
               "unanswered": list(self.unanswered)}
        if self.error:
            out["error"] = self.error
        return out


@attrs.frozen
class Matrix:
    """Verdicts: one row per application, one column per guideline."""
    lang: str
    columns: tuple[Column, ...]
    applications: tuple[str, ...]      # short names
    paths: tuple[str, ...]
    rows: tuple[tuple[Outcome, ...], ...]

    @property
    def disagreements(self) -> tuple[int, ...]:
        """The applications the guidelines give different verdicts on, leaving out the verdicts that
        come only from questions one guideline asks and the application does not answer."""
        return tuple(i for i, row in enumerate(self.rows) if len({o.verdict for o in row if o.answered}) > 1)

    @property
    def unanswered_only(self) -> tuple[int, ...]:
        """The applications whose verdicts differ only where one guideline asks what the others do not."""
        return tuple(i for i, row in enumerate(self.rows)
                     if len({o.verdict for o in row}) > 1 and i not in self.disagreements)

    @property
    def money_differences(self) -> tuple[int, ...]:
        """The applications where a grant means different money under the guidelines that accept them."""
        return tuple(i for i, row in enumerate(self.rows)
                     if len({o.money.key for o in row if o.money is not None}) > 1)

    def counts(self, j: int) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for row in self.rows:
            out[row[j].verdict] += 1
        return out

    def agreement(self, i: int, j: int) -> int:
        return sum(row[i].verdict == row[j].verdict for row in self.rows)

    def to_json(self) -> dict:
        n = len(self.columns)
        return {"lang": self.lang, "guidelines": [c.to_json() for c in self.columns],
                "applications": [{"name": a, "path": p, "results": {c.label: o.to_json() for c, o in
                                                                    zip(self.columns, row)}}
                                 for a, p, row in zip(self.applications, self.paths, self.rows)],
                "summary": {"applications": len(self.rows), "unanimous": len(self.rows) - len(self.disagreements),
                            "disagreements": [self.applications[i] for i in self.disagreements],
                            "unanswered_only": [self.applications[i] for i in self.unanswered_only],
                            "money_differences": [self.applications[i] for i in self.money_differences],
                            "verdicts": {c.label: self.counts(j) for j, c in enumerate(self.columns)},
                            "agreement": {self.columns[i].label: {self.columns[j].label: self.agreement(i, j)
                                                                  for j in range(n)} for i in range(n)}}}


# ---- behaviour -------------------------------------------------------------------------------

def behaviour(subjects, paths, lang: str | None = None) -> Matrix:
    """Every application through every guideline; a file a guideline cannot read is an error cell."""
    from ..engine.application import read_file
    lang = report_lang(subjects, lang)
    rows = []
    declared = {k for s in subjects for k in getattr(s.compiled.normaliser, "own_fields", {})}
    from .money import asked
    questions = [asked(s) for s in subjects]
    elsewhere = [(set().union(*[q[0] for k, q in enumerate(questions) if k != j]),
                  set().union(*[q[1] for k, q in enumerate(questions) if k != j])) for j in range(len(subjects))]
    for path in paths:
        try:
            raw, text = read_file(path)
        except SirulesError as exc:
            rows.append(tuple(_error(exc) for _ in subjects))
            continue
        rows.append(tuple(_run(s, _without_others_fields(raw, s, declared), path, text, lang, other)
                          for s, other in zip(subjects, elsewhere)))
    return Matrix(lang, tuple(column(s, lang) for s in subjects), _short_names(paths), tuple(paths), tuple(rows))


def _without_others_fields(raw: dict, s: Subject, declared: set) -> dict:
    """The application as guideline ``s`` reads it: a participant field that only another compared
    guideline declares is a question ``s`` does not ask, so it is left out rather than refused."""
    foreign = declared - set(getattr(s.compiled.normaliser, "own_fields", {}))
    if not foreign:
        return raw

    def strip(p):
        return {k: v for k, v in p.items() if k not in foreign} if isinstance(p, dict) else p
    out = dict(raw)
    if "applicant" in out:
        out["applicant"] = strip(out["applicant"])
    if isinstance(out.get("participants"), list):
        out["participants"] = [strip(p) for p in out["participants"]]
    return out


def _run(s: Subject, raw: dict, path: str, text: str, lang: str, elsewhere=(set(), set())) -> Outcome:
    from .money import money, unanswered
    try:
        app = s.compiled.normaliser.normalise(raw, path, text)
        r = s.compiled.check(app, s.on)
        grant = money(s, app, r.verdict)
    except SirulesError as exc:
        return _error(exc)
    except Exception as exc:  # noqa: BLE001 - a bug elsewhere must not stop a comparison of many files
        return Outcome("error", error=f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(r.verdict, r.score, _deciding(r, lang), money=grant, unanswered=unanswered(r, elsewhere))


def _error(exc: SirulesError) -> Outcome:
    d = next((d for d in exc.diagnostics if d.severity.value == "error"), exc.diagnostics[0])
    return Outcome("error", error=f"{d.code}: {d.message}")


def _deciding(r, lang: str) -> tuple[Decider, ...]:
    from ..engine import explain
    from ..engine.checker import OUTCOME_WORDS
    wanted = () if r.verdict == "accepted" else ("fail",) if r.verdict == "rejected" else ("fail", "undecided")
    out = []
    for f in r.findings:
        if f.rule.strength == "may":              # a permission that holds: listed, it decides nothing
            o = f.rule.origin
            out.append(Decider(f.rule.id, "may", "permitted", o.line, o.section, o.heading,
                               explain.message(f.rule, 0, r.data, r.guideline, lang)))
            continue
        if f.rule.strength not in ("must", "part") or f.outcome not in wanted:
            continue
        if r.verdict == "rejected" and f.rule.strength == "part":
            continue
        o = f.rule.origin
        msg = explain.message(f.rule, OUTCOME_WORDS.index(f.outcome), r.data, r.guideline, lang, on=r.on)
        out.append(Decider(f.rule.id, f.rule.strength, f.outcome, o.line, o.section, o.heading, msg))
    return tuple(out)


def _short_names(paths) -> tuple[str, ...]:
    if not paths:
        return ()
    common = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])
    names = [os.path.relpath(os.path.abspath(p), common).replace(os.sep, "/") for p in paths]
    bare = [os.path.splitext(n)[0] for n in names]
    return tuple(bare if len(set(bare)) == len(set(names)) else names)
