"""Checking applications against a compiled guideline: results and findings.

This module, and everything it imports, is on the path of a warm ``sirules check``: it reads the
compiled model through :mod:`sirules.language.modelview` and imports neither attrs nor the compiler.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from ..language import modelview as mv
from ..language.diagnostics import Diagnostic, SirulesError

#: the outcome codes of the generated code, by position: 0 pass, 1 fail, 2 undecided, 3 not in force,
#: 4 suspended (a rule written paused or closed: not applied; its finding's outcome is the rule's
#: status, "paused" or "closed", and it never changes the verdict)
OUTCOME_WORDS = ("pass", "fail", "undecided", "not_in_force", "suspended")


def outcome_code(word: str) -> int:
    """The code of a finding's outcome word (``paused`` and ``closed`` are both 4)."""
    return 4 if word in ("paused", "closed") else OUTCOME_WORDS.index(word)


def outcome_word(rule, code: int) -> str:
    """A finding's outcome: the word of the code, or the rule's status (paused | closed) for 4."""
    return rule.status if code == 4 else OUTCOME_WORDS[code]


def load_check(code):
    """(check, check_raw, check_raw_many, Slow) from the compiled module (:func:`sirules.engine.codegen.source`)."""
    from fractions import Fraction as _F
    ns: dict = {"Fraction": _F}
    exec(code, ns)
    return ns["check"], ns["check_raw"], ns["check_raw_many"], ns["Slow"]


STRENGTH_WORDS = {"sv": {"must": "ska", "should": "bör", "priority": "prioriteras", "part": "del",
                         "supplied": "tillförs", "may": "får"},
                  "en": {"must": "must", "should": "should", "priority": "priority", "part": "part",
                         "supplied": "supplied", "may": "may"}}


class Cites:
    """``clause`` and ``line`` of the rule (``self.rule``) something is about."""
    __slots__ = ()

    @property
    def clause(self) -> str:
        return self.rule.origin.clause()

    @property
    def line(self) -> int:
        return self.rule.origin.line


class Finding(Cites):
    """One rule's outcome for one application; the sentence is made on demand."""
    __slots__ = ("rule", "outcome", "_result")

    def __init__(self, rule, outcome: str, result: "Result") -> None:
        self.rule = rule                  # a rule of the compiled model
        self.outcome = outcome            # pass | fail | undecided | paused | closed
        self._result = result

    def __repr__(self) -> str:
        return f"Finding(rule={self.rule.id!r}, outcome={self.outcome!r})"

    @property
    def message(self) -> str:
        from . import explain
        r = self._result
        return explain.message(self.rule, outcome_code(self.outcome), r.data, r.guideline, on=r.on)

    @property
    def attestations(self) -> tuple[dict, ...]:
        """The facts the rule reads that someone attests or that refer to a document:
        ({"fact", "attested_by", "per"}, ...)."""
        facts = self._result.guideline.facts
        out = []
        for key in self.rule.facts:
            info = facts.get(key)
            if info is not None and (getattr(info, "attested_by", None) or getattr(info, "per", None)):
                name = next((x.text for x in mv.walk(self.rule.expr) if isinstance(x, mv.Fact) and x.key == key),
                            key) if self.rule.expr is not None else key
                out.append({"fact": key, "name": name, "attested_by": info.attested_by, "per": info.per})
        return tuple(out)

    def to_json(self) -> dict:
        attested = self.attestations
        # a permission (may) is listed only where its condition holds, and it permits: it never fails
        outcome = "permitted" if self.rule.strength == "may" and self.outcome == "pass" else self.outcome
        return {"rule": self.rule.id, "strength": self.rule.strength, "outcome": outcome,
                "label": self.rule.label,
                "clause": self.clause, "line": self.line, "message": self.message,
                **({"weight": self.rule.weight} if self.rule.strength == "priority" else {}),
                **({"attested": list(attested)} if attested else {})}


class RouteStep:
    """One step of the decision route: ``role`` (prepared_by | reviewed_by | decided_by), the
    ``body``, the ``line`` it is written on, and whether it depends on a condition."""
    __slots__ = ("role", "body", "line", "conditional")

    def __init__(self, role: str, body: str, line: int, conditional: bool) -> None:
        self.role, self.body, self.line, self.conditional = role, body, line, conditional

    def __repr__(self) -> str:
        return f"RouteStep({self.role!r}, {self.body!r}, line={self.line})"


class Result:
    """The outcome of checking one application: verdict, score and the outcome of every rule."""
    __slots__ = ("guideline", "application", "verdict", "score", "outcomes", "on", "data", "warnings")

    def __init__(self, guideline, application: str, verdict: str, score: int, outcomes: tuple,
                 on: datetime.date | None, data: dict, warnings: tuple[Diagnostic, ...] = ()) -> None:
        self.guideline = guideline        # the compiled model (attrs or its light copy)
        self.application = application
        self.verdict = verdict
        self.score = score
        self.outcomes = outcomes
        self.on = on
        self.data = data
        self.warnings = warnings

    def __repr__(self) -> str:
        return f"Result(application={self.application!r}, verdict={self.verdict!r}, score={self.score})"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(Finding(r, outcome_word(r, o), self)
                     for r, o in zip(self.guideline.rules, self.outcomes)
                     if o != 3 and (o in (0, 4) or r.strength != "may"))

    @property
    def route(self) -> tuple[RouteStep, ...]:
        return decision_route(self.guideline, self.data, self.on)

    @property
    def evaluation(self) -> tuple[str, ...]:
        from . import explain
        kinds = []
        for b in self.guideline.blocks_of("evaluation", self.on):
            for s in b.all("type"):
                if s.condition is None or explain.value(s.condition, self.data) is True:
                    kinds.extend(s.values)
        return tuple(kinds)

    @property
    def duties(self) -> tuple:
        """What a grant commits the applicant to, with the date each is due (:mod:`sirules.engine.duties`)."""
        if not getattr(self.guideline, "commitments", ()):
            return ()
        from .duties import duties
        return duties(self.guideline, self.data)

    @property
    def blocks(self) -> tuple:
        """The fund, repayment and risk blocks in force on the result's date."""
        g = self.guideline
        return tuple(b for b in g.blocks if b.kind in ("fund", "repayment", "risk", "portfolio")
                     and mv.in_force(b.valid_from, b.valid_to, self.on))

    def to_json(self) -> dict:
        g = self.guideline
        return {
            "guideline": g.path, "title": g.title, "version": _version_label(g),
            "application": self.application, "date": self.on.isoformat() if self.on else None,
            "verdict": self.verdict, "score": self.score,
            "findings": [f.to_json() for f in self.findings],
            "route": [{"role": s.role, "body": s.body, "line": s.line} for s in self.route],
            "evaluation": list(self.evaluation),
            "blocks": [{"kind": b.kind, "line": b.origin.line,
                        "in_force": None if (b.valid_from or b.valid_to) and self.on is None else True,
                        "settings": [{"key": st.key, "value": _jsonable(st.values),
                                      "condition": st.condition.text if st.condition is not None else None}
                                     for st in b.settings],
                        **({"pots": [{"name": p.name, "size": p.size} for p in b.pots]}
                           if getattr(b, "pots", ()) else {})} for b in self.blocks],
            **({"commitments": [d.to_json() for d in self.duties]} if self.duties else {}),
            "warnings": [{"code": w.code, "message": w.words(self.guideline.lang)[0],
                          "line": w.span.line if w.span else None}
                         for w in self.warnings],
        }


def _jsonable(values: tuple):
    from fractions import Fraction
    out = [str(v) if isinstance(v, (datetime.date, Fraction)) else
           {"source": v[0], "amount": v[1]} if isinstance(v, tuple) else
           v.text if isinstance(v, mv.Expr) else v for v in values]
    return out[0] if len(out) == 1 else out


def _version_label(g) -> str:
    parts = [g.identity.get("reference") or "", g.identity.get("adopted").isoformat()
             if isinstance(g.identity.get("adopted"), datetime.date) else ""]
    if g.valid_from:
        parts.append(f"{'gäller från' if g.lang == 'sv' else 'valid from'} {g.valid_from.isoformat()}")
    return " ".join(p for p in parts if p) or content_label(g)


def content_label(g) -> str:
    """A guideline's label when it has no reference or date: the start of its text's digest (the
    same for the same text, whatever sirules reads it)."""
    return (getattr(g, "text_hash", "") or g.source_hash)[:12]


def decision_route(g, data: dict, on) -> tuple[RouteStep, ...]:
    from . import explain
    steps = []
    for b in g.blocks_of("decision", on):
        for role in ("prepared_by", "reviewed_by", "decided_by"):
            entries = b.all(role)
            hits = [s for s in entries if s.condition is not None and explain.value(s.condition, data) is True]
            chosen = hits or [s for s in entries if s.condition is None]
            for s in chosen:
                for body in s.values:
                    steps.append(RouteStep(role, body, s.origin.line, s.condition is not None))
    return tuple(steps)


class CompiledGuideline:
    """A guideline ready to check applications (what :func:`sirules.load` returns).

    ``view`` is what checking and rendering read: the attrs model after a fresh compile, or its
    light copy (:mod:`sirules.language.modelview`) when the guideline came from the cache. ``model`` is
    always the attrs model; from the cache it is unpickled on first use (compare, lint, suggest,
    obligations and calc ask for it; ``sirules check`` does not).
    """

    def __init__(self, model=None, code=None, *, view=None, pickled: bytes | None = None):
        if model is None and (view is None or pickled is None):
            raise TypeError("CompiledGuideline needs the model, or its view and the pickled model")
        self._model = model
        self.view = model if view is None else view
        self._pickled = pickled
        self._check, self._check_raw, self._check_raw_many, self._slow = load_check(code)
        self._normaliser = None
        self._by_submission = None
        from ..language.i18n import seen
        seen(self.view.lang)               # texts without a guideline of their own follow this one

    @property
    def model(self):
        """The compiled model (:class:`sirules.language.model.Guideline`, frozen attrs classes)."""
        if self._model is None:
            import pickle
            g = pickle.loads(self._pickled)
            if g.path != self.view.path:
                import attrs
                g = attrs.evolve(g, path=self.view.path)
            self._model = g
        return self._model

    @property
    def path(self) -> str:
        return self.view.path

    @property
    def normaliser(self):
        if self._normaliser is None:
            from .application import Normaliser
            self._normaliser = Normaliser(self.view)
        return self._normaliser

    def read_application(self, path: str):
        from .application import read_file
        norm = self.normaliser
        raw, text = read_file(path, norm.type_of, getattr(self.view, "lang", None))
        return norm.normalise(raw, path, text)

    def check(self, application, on: datetime.date | None = None, history=None) -> Result:
        """Check one application: a path, a raw dict, or a normalised Application. ``history``
        (:class:`sirules.engine.history.History`) decides the rules that read the fund's register;
        without it they are undecided."""
        from .application import Application
        if isinstance(application, str):
            application = self.read_application(application)
        elif isinstance(application, dict):
            application = self.normaliser.normalise(application)
        assert isinstance(application, Application)
        data = application.data
        day = self.date_used(data, on)
        if day is not None and day != data.get("start"):
            data = {**data, "_on": day}         # the day values in force are read on (explain, suggest)
        if history is not None:
            data = {**data, **history.values(self.view, data, day)}
        verdict, score, outcomes = self._check(data, day)
        warnings = application.warnings
        g = self.view
        if day is None and (g.valid_from or g.valid_to):
            from ..language.diagnostics import warning
            from ..language.i18n import later
            warnings += (warning("SIR306", later("no date to tell whether the guideline is in force (no start date)"),
                                 None, later("give the application a start date, or check against a day with --date")),)
        if day is None:
            from .dating import no_start_date
            undated = no_start_date(g, application.path)
            warnings += (undated,) if undated else ()
        return Result(g, application.path, verdict, score, outcomes, day, data, warnings)

    def date_used(self, data: dict, on: datetime.date | None = None):
        """The date the rules in force are picked by: ``on`` (``--date``) when given, else the
        application's start date or, when the head says ``versionsdatum: inlämnad``, its
        submission date. An application without a submission date was submitted on ``on``, or
        today (set in ``data``, as the loader would)."""
        by = self._by_submission
        if by is None:
            g = self.view
            by = self._by_submission = (mv.submission_matters(g), g.identity.get("version_date") == "submitted")
        if by[0] and data.get("submitted") is None:
            data["submitted"] = on or datetime.date.today()
        return on or data.get("submitted" if by[1] else "start")

    def check_raw(self, raw: dict, name: str = "<application>", on=None, history=None) -> Result:
        app = self.normaliser.normalise(raw, name)
        return self.check(app, on, history)

    def outcomes(self, raw: dict, on: datetime.date | None = None) -> tuple[str, int, tuple]:
        """(verdict, score, outcome codes) for an application as parsed from JSON, without building a Result.

        Plain applications (kronor as int, ISO dates, English keys) are read by the generated code
        directly; anything else goes through the full loader, which raises SirulesError for bad input.
        """
        try:
            return self._check_raw(raw, on)
        except self._slow:
            data = self.normaliser.normalise(raw).data
            return self._check(data, self.date_used(data, on))

    def outcomes_many(self, applications: Iterable[dict], on: datetime.date | None = None) -> Iterator:
        """(verdict, score, outcome codes) per application dict, or the SirulesError of a bad one.

        The fastest way to check many applications: the generated code checks a chunk of them in
        one loop, no Result objects or sentences are made, and the garbage collector is paused
        while the batch runs (the checks make no reference cycles). An application that is not in
        the plain form goes through the full loader. The results are handed on a chunk at a
        time, so taking the next one is a step of ``itertools.chain``, not of Python code.
        """
        from itertools import chain
        return chain.from_iterable(self._outcome_chunks(applications, on))

    def _outcome_chunks(self, applications, on):
        import gc
        from itertools import islice
        many = self._check_raw_many
        if type(applications) is list:       # chunks are slices: no Python step per application
            chunks = (applications[i:i + 512] for i in range(0, len(applications), 512))
        else:
            it = iter(applications)
            chunks = iter(lambda: list(islice(it, 512)), [])
        enabled = gc.isenabled()
        gc.disable()
        try:
            for chunk in chunks:
                out: list = []
                many(chunk, on, out)
                if None in out:
                    for i, (raw, r) in enumerate(zip(chunk, out)):
                        if r is None:
                            try:
                                data = self.normaliser.normalise(raw).data
                                out[i] = self._check(data, self.date_used(data, on))
                            except SirulesError as exc:
                                out[i] = exc
                yield out
        finally:
            if enabled:
                gc.enable()

    def check_many(self, applications: Iterable, on: datetime.date | None = None) -> Iterator[Result | SirulesError]:
        """Check applications one by one, yielding a Result or the SirulesError of a bad one."""
        for app in applications:
            try:
                yield self.check(app, on)
            except SirulesError as exc:
                yield exc
