"""Hypothesis strategies that build guideline nodes (for formatter round trips)."""

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from sirules.language import keywords
from sirules.language import nodes as n

_RESERVED = {w for sv, en in keywords.KEYWORDS.values() for w in sv + en} | {
    "kr", "tkr", "mnkr", "mkr", "mdkr", "öre", "sek", "ksek", "msek", "kronor", "procent", "percent",
    "år", "year", "years", "månad", "månader", "month", "months"}
NAMES = st.from_regex(r"[a-zåäö][a-zåäö_]{0,8}", fullmatch=True).filter(lambda s: s not in _RESERVED)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
DATES = st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31))
UNITS = st.sampled_from([None, "kr", "mnkr", "MSEK", "%", "år", "months"])


@st.composite
def quantities(draw):
    value = Decimal(draw(st.integers(0, 10 ** 7)))
    if draw(st.booleans()):
        value = value / 10
    text = format(value, "f")
    text = text.replace(".", ",") if draw(st.booleans()) else text
    return n.Quantity(value=value, unit=draw(UNITS), text=text)


def atoms():
    return st.one_of(
        NAMES.map(lambda s: n.Name(id=s)),
        quantities(),
        DATES.map(lambda d: n.DateLit(value=d)),
        TEXT.map(lambda s: n.Text(value=s)),
        st.booleans().map(lambda b: n.Bool(value=b)),
        st.tuples(st.sampled_from(["applicant", "sökande"]), NAMES).map(lambda t: n.Field(obj=t[0], field=t[1])),
        st.tuples(st.sampled_from(["sum", "max", "min"]), NAMES).map(lambda t: n.Aggregate(fn=t[0], name=t[1])),
        NAMES.map(lambda s: n.PartPresent(part=s)),
        yearlies(),
        st.tuples(NAMES, st.sampled_from(["månad", "år", "dag", "veckodag", "month", "year", "day", "weekday"])).map(
            lambda t: n.Field(obj=t[0], field=t[1])),
        register_values(),
    )


def register_values():
    """What a rule reads from the fund's register (#18 point 3)."""
    return st.one_of(st.sampled_from(["earlier_grants", "balance", "high_risk_share"]).map(
        lambda w: n.RegisterValue(what=w)), NAMES.map(lambda p: n.RegisterValue(what="pot_granted", pot=p)))


def pots():
    """A fund block's pots: a name and a size per year."""
    return st.lists(st.builds(lambda name, q: n.PotDecl(name=name, size=q), NAMES, quantities()),
                    max_size=2).map(tuple)


def _words():
    """The words of ``i (...)``: names and quoted words."""
    return st.lists(st.one_of(NAMES.map(lambda s: n.Name(id=s)), TEXT.map(lambda s: n.Text(value=s))),
                    min_size=1, max_size=3).map(tuple)


def yearlies():
    """``15 april varje år``: a day every month has."""
    return st.builds(lambda m, d: n.Yearly(month=m, day=d), st.integers(1, 12), st.integers(1, 28))


def _filters(expr):
    left = NAMES.map(lambda s: n.Name(id=s))
    return st.one_of(
        st.builds(lambda l, r: n.Is(left=l, right=r), left, NAMES.map(lambda s: n.Name(id=s))),
        st.builds(lambda l, g, neg: n.InGroup(left=l, group=g, negated=neg), left, NAMES, st.booleans()),
        st.builds(lambda l, op, r: n.Compare(op=op, left=l, right=r), left, st.sampled_from(["<", ">=", "="]),
                  quantities()),
        expr,
        st.builds(lambda l, ws, neg: n.InList(left=l, items=ws, negated=neg), left, _words(), st.booleans()),
    )


def expressions():
    def extend(inner):
        return st.one_of(
            st.builds(lambda a, b: n.And(items=(a, b)), inner.filter(lambda x: not isinstance(x, n.And)),
                      inner.filter(lambda x: not isinstance(x, n.And))),
            st.builds(lambda a, b: n.Or(items=(a, b)), inner.filter(lambda x: not isinstance(x, n.Or)),
                      inner.filter(lambda x: not isinstance(x, n.Or))),
            st.builds(lambda a: n.Not(item=a), inner),
            st.builds(lambda a, b: n.IfThen(cond=a, then=b), inner, inner),
            st.builds(lambda op, a, b: n.Compare(op=op, left=a, right=b),
                      st.sampled_from(["<", "<=", "=", "!=", ">=", ">"]), inner, inner),
            st.builds(lambda a, b, neg: n.Is(left=a, right=b, negated=neg), inner, inner, st.booleans()),
            st.builds(lambda a, g, neg: n.InGroup(left=a, group=g, negated=neg), inner, NAMES, st.booleans()),
            st.builds(lambda a, b, c: n.Between(item=a, low=b, high=c), inner, inner, inner),
            st.builds(lambda op, a, b: n.Arith(op=op, left=a, right=b), st.sampled_from("+-*/"), inner, inner),
            st.builds(lambda a: n.Neg(item=a), inner),
            st.builds(lambda a, b: n.ShareOf(share=a, base=b), inner, inner),
            st.builds(lambda d, f: n.Count(distinct=d, filter=f), st.none() | NAMES, st.none() | _filters(inner)),
            st.builds(lambda f, c: n.Every(filter=f, cond=c), st.none() | _filters(inner), inner),
            st.builds(lambda a, ws, neg: n.InList(left=a, items=ws, negated=neg), inner, _words(), st.booleans()),
            st.builds(lambda a: n.WithinRound(item=a), inner),
        )
    return st.recursive(atoms(), extend, max_leaves=8)


def validities():
    return st.one_of(st.none(), st.builds(lambda a, b, s: n.Validity(start=a, end=b, status=s), st.none() | DATES,
                                          st.none() | DATES, st.sampled_from([None, None, "paused", "closed"]))
                     .filter(lambda v: v.start or v.end or v.status))


def settings():
    return st.lists(st.builds(lambda k, v, c: n.Setting(key=k, values=tuple(v), condition=c), NAMES,
                              st.lists(expressions(), min_size=1, max_size=2), st.none() | expressions()),
                    max_size=3).map(tuple)


def items():
    return st.one_of(
        st.builds(lambda num, h, s: n.Section(number=num, heading=h, settings=s),
                  st.from_regex(r"[1-9](\.[0-9]){0,2}", fullmatch=True), st.none() | TEXT, settings()),
        st.builds(lambda strength, name, w, label, v, e: n.Rule(strength=strength, name=name,
                                                                 weight=w if strength == "PRIORITY" else None,
                                                                 label=label, validity=v, expr=e),
                  st.sampled_from(["MUST", "SHOULD", "PRIORITY", "MAY"]), NAMES,
                  st.none() | st.integers(1, 99).map(lambda i: n.Quantity(value=Decimal(i), text=str(i))),
                  st.none() | TEXT, validities(), expressions()),
        st.builds(lambda name, e: n.Constant(name=name, value=e), NAMES, expressions()),
        st.builds(lambda name, ms: n.Group(name=name, members=tuple(ms)), NAMES, st.lists(NAMES, min_size=1, max_size=3)),
        st.builds(lambda name, label: n.KindDecl(name=name, label=label), NAMES, st.none() | TEXT),
        st.builds(lambda name, label: n.TypeDecl(name=name, label=label), NAMES, st.none() | TEXT),
        st.builds(lambda name, label: n.PartDecl(name=name, label=label), NAMES, st.none() | TEXT),
        st.builds(lambda name, t, cs, q: n.FactDecl(name=name, type=t, choices=tuple(cs), question=q),
                  NAMES, NAMES, st.lists(NAMES, max_size=2), st.none() | TEXT),
        st.builds(lambda lines: n.Parts(lines=tuple(lines)), st.lists(st.one_of(
            st.builds(lambda ns, c: n.PartLine(mode="required", names=tuple(ns), condition=c),
                      st.lists(NAMES, min_size=1, max_size=3), st.none() | expressions()),
            st.builds(lambda ns: n.PartLine(mode="optional", names=tuple(ns)), st.lists(NAMES, min_size=1, max_size=2)),
            st.builds(lambda s, ns: n.PartLine(mode="supplied", supplier=s, names=tuple(ns)), TEXT,
                      st.lists(NAMES, min_size=1, max_size=2))), min_size=1, max_size=3)),
        st.builds(lambda kind, name, v, s: n.Block(kind=kind, name=name, validity=v, settings=s),
                  st.sampled_from(["FUND", "DECISION", "EVALUATION", "REPAYMENT", "RISK", "PORTFOLIO",
                                   "CALCULATION"]), st.none() | TEXT, validities(), settings()),
        # participant fields, attested facts and yearly reference values (issue 17 points 1 and 6)
        st.builds(lambda name, t, cs, q: n.FieldDecl(name=name, type=t, choices=tuple(cs), question=q),
                  NAMES, NAMES, st.lists(NAMES, max_size=2), st.none() | TEXT),
        st.builds(lambda name, t, q, who, per: n.FactDecl(name=name, type=t, question=q, attested_by=who, per=per),
                  NAMES, NAMES, st.none() | TEXT, st.none() | TEXT, st.none() | TEXT),
        st.builds(lambda name, years, label: n.ReferenceDecl(name=name, years=tuple(years), label=label),
                  NAMES, st.lists(st.tuples(st.integers(1900, 2200).map(
                      lambda y: n.Quantity(value=Decimal(y), text=str(y))), quantities()), min_size=1, max_size=3),
                  st.none() | TEXT),
        st.builds(lambda name, label, ends, status: n.RoundDecl(name=name, label=label, start=ends[0], end=ends[1],
                                                                status=status),
                  NAMES, st.none() | TEXT,
                  st.one_of(st.tuples(DATES, DATES).map(lambda t: tuple(n.DateLit(value=d) for d in t)),
                            st.tuples(yearlies(), yearlies())),
                  st.sampled_from([None, "paused", "closed"])),
        st.builds(lambda name, who, what, due: n.Commitment(name=name, who=who, what=what, due=due),
                  NAMES, st.one_of(st.sampled_from(["sökande", "applicant"]).map(lambda s: n.Name(id=s)),
                                   TEXT.map(lambda s: n.Text(value=s))), TEXT,
                  st.none() | st.integers(0, 36).map(lambda i: n.Quantity(value=Decimal(i), unit="månader",
                                                                          text=str(i)))),
        # a fund block with pots (#18 point 3)
        st.builds(lambda name, v, s, ps: n.Block(kind="FUND", name=name, validity=v, settings=s, pots=ps),
                  st.none() | TEXT, validities(), settings(), pots()),
    )


def guidelines():
    return st.builds(lambda lang, title, v, s, its: n.Guideline(lang=lang, title=title, validity=v, settings=s,
                                                                 items=tuple(its)),
                     st.sampled_from(["sv", "en"]), TEXT, validities(), settings(), st.lists(items(), max_size=6))
