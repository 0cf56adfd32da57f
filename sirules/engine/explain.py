"""Why a rule passed, failed or could not be decided: sentences.

Only used when a finding is rendered. It evaluates the model with :mod:`sirules.engine.interpret`
(the same three-valued semantics as the generated code; :func:`value`, :func:`count_range` and
:func:`outcome` are re-exported here) and says, in the guideline's language, what was found and
what the rule requires. It reads the model through :mod:`sirules.language.modelview`, so it works
on the attrs model and on its light copy from the cache alike.
"""

from __future__ import annotations

from fractions import Fraction

from ..language import modelview as m
from ..language.i18n import Tables, mark
from ..language.money import format_money, format_number, format_percent, round_ore
from .interpret import _kleene_and, _kleene_or, count_range, outcome, value

__all__ = ["T", "value", "count_range", "outcome", "fmt", "word", "message"]


#: the sentences of an explanation, by name, in each language (the English is the catalogue's msgid);
#: they quote the guideline's expression, so they are in its language whatever --lang says (exact)
T = Tables({
    "missing": mark("{x} is missing"), "is": mark("{x} is {v}"), "undecided": mark("cannot decide: {w}"),
    ">=": mark("at least {r} is required"), "<=": mark("at most {r} is allowed"),
    ">": mark("more than {r} is required"), "<": mark("less than {r} is required"), "=": mark("it must be {r}"),
    "!=": mark("it must not be {r}"), "between": mark("it must lie between {lo} and {hi}"),
    "member": mark("it must be {r}"), "notmember": mark("it must not be {r}"),
    "includes": mark("it must include {r}"), "range": mark("{x} is between {lo} and {hi}"),
    "range_who": mark(" (unknown for: {who})"), "notincludes": mark("it must not include {r}"),
    "every_none": mark("no participants to check"), "part_ok": mark("the part {p} is present"),
    "part_missing": mark("the part {p} is missing from the application"),
    "part_not_required": mark("the part {p} is not required here: the condition {c} does not hold ({w})"),
    "supplied": mark("the part {p} is supplied by {s}"), "every_ok": mark("all {n} participants meet: {c}"),
    "every_fail": mark("not met by: {who}"), "every_unknown": mark("unknown for: {who}"),
    "if_off": mark("does not apply here: the condition {c} does not hold ({w})"), "yes": mark("yes"),
    "no": mark("no"), "months": mark("{n} months"), "years": mark("{n} years"), "month": mark("{n} month"),
    "year": mark("{n} year"), "one_of": mark("one of {r}"), "and": mark(" and "), "or": mark(" or "),
    "none": mark("none"), "no_value": mark("{x} has no value for {d}"),
    "no_day": mark("no date (start date or --date)"),
}, sv={"none": "ingen"})          # "none" is "inga" in the catalogue (no rules, no parts)


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def fmt(v, type_: str, lang: str) -> str:
    t = T[lang]
    if v is None:
        return "?"
    if type_ == "money":
        return format_money(round_ore(Fraction(v)), lang)
    if type_ in ("percent",):
        return format_percent(_dec(v), lang)
    if type_ == "ratio":
        return format_percent(_dec(Fraction(v) * 100), lang)
    if type_ == "duration":
        if v % 12 == 0:
            return t["year" if v == 12 else "years"].format(n=v // 12)
        return t["month" if v == 1 else "months"].format(n=v)
    if type_ == "bool":
        return t["yes"] if v else t["no"]
    if type_ == "date":
        return v.isoformat()
    if type_ == "number":
        return format_number(v if type(v) is int else _dec(v), lang)
    if type_ == "tags":
        return ", ".join(v)
    if type_ in ("yearly", "monthday"):
        from .explain_dates import yearly
        return yearly(v, lang, every=type_ == "yearly")
    if type_ in ("kind", "choice"):
        return word(v, lang)
    return str(v)


def word(key: str, lang: str) -> str:
    """A kind or choice value in the guideline's language (Swedish name of a standard term)."""
    if lang != "sv":
        return key
    from ..language import vocabulary as voc
    t = voc.KINDS.get(key)
    if t is not None:
        return t.sv
    return voc.CHOICE_SV.get(key, key)


def _dec(v):
    from decimal import Decimal
    f = Fraction(v)
    if f.denominator == 1:
        return Decimal(f.numerator)
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.01")).normalize()


def message(rule: m.Rule, out: int, a: dict, g: m.Guideline, lang: str | None = None, on=None) -> str:
    lang = lang or g.lang
    t = T[lang]
    if isinstance(rule.expr, m.InForce):
        from .explain_dates import in_force_sentence
        return in_force_sentence(rule, out, on, lang)
    if out == 4:
        from .explain_dates import suspended_sentence
        return suspended_sentence(rule, lang)
    if rule.strength in ("part", "supplied"):
        name = g.parts.get(rule.part, rule.part)
        if rule.expr is not None:
            c = value(rule.expr, a)
            if c is not True:
                inner = _atoms(rule.expr, a, None, lang)
                return t["undecided"].format(w=inner) if c is None else \
                    _no_empty(t["part_not_required"].format(p=name, c=_q(rule.expr.text), w=_state(rule.expr, a, None, lang)))
        if rule.strength == "supplied":
            return t["supplied"].format(p=name, s=rule.label)
        return t["part_ok"].format(p=name) if out == 0 else t["part_missing"].format(p=name)
    if rule.strength == "may" and out == 0:       # a permission asks nothing: say what it is used for
        return (f"tillåtet här: {_q(rule.expr.text)} gäller ({_state(rule.expr, a, None, lang)})" if lang == "sv"
                else f"permitted here: {_q(rule.expr.text)} holds ({_state(rule.expr, a, None, lang)})")
    if out == 2 and "_history" not in a:
        needs = [e for e in m.walk(rule.expr) if isinstance(e, m.RegisterValue)]
        if needs:
            from ..language.i18n import tr
            return tr("cannot decide: {what} needs the fund's register; give it with --register PATH, or check "
                      "in the folder of a register (sirules fund init)", lang, what=_q(needs[0].text))
    text = _atoms(rule.expr, a, None, lang, want=(True if out == 0 else False if out == 1 else None))
    return t["undecided"].format(w=text) if out == 2 else text



def _atoms(e: m.Expr, a: dict, p, lang: str, want=None) -> str:
    """Describe ``e``: for and/or, only the parts that decide the outcome."""
    if isinstance(e, (m.And, m.Or)):
        return _junction_sentence(e, a, p, lang)
    if isinstance(e, m.Implies):
        return _implies_sentence(e, a, p, lang)
    if isinstance(e, m.Not):
        return ("inte " if lang == "sv" else "not ") + "(" + _atoms(e.item, a, p, lang) + ")"
    if isinstance(e, m.Cmp):
        return _cmp_sentence(e, a, p, lang)
    if isinstance(e, m.Between):
        return _between_sentence(e, a, p, lang)
    if isinstance(e, m.Member):
        return _member_sentence(e, a, p, lang)
    if isinstance(e, m.PartPresent):
        t = T[lang]
        return (t["part_ok"] if e.key in a["_parts"] else t["part_missing"]).format(p=e.name or e.key)
    if isinstance(e, m.Every):
        return _every_sentence(e, a, lang)
    if isinstance(e, m.WithinRound):
        from .explain_dates import within_sentence
        return within_sentence(e, value(e.item, a, p), lang)
    t = T[lang]
    v = value(e, a, p)
    if v is None:
        return t["missing"].format(x=e.text)
    return t["is"].format(x=e.text, v=fmt(v, e.type, lang))


def _junction_sentence(e, a, p, lang) -> str:
    """An and/or: the items that decide it (the first true one of an or), each said once."""
    t = T[lang]
    if (listed := _listed_sentence(e, a, p, lang)) is not None:
        return listed
    vals = [(i, value(i, a, p)) for i in e.items]
    v = (_kleene_and if isinstance(e, m.And) else _kleene_or)([x for _, x in vals])   # value(e), from its items
    if isinstance(e, m.And):
        chosen = [i for i, x in vals if x is False] if v is False else [i for i, x in vals if x is None] \
            if v is None else [i for i, _ in vals]
        joiner = t["and"]
    else:
        chosen = [i for i, x in vals if x is True][:1] if v is True else [i for i, x in vals if x is None] \
            if v is None else [i for i, _ in vals]
        joiner = t["or"]
    texts = []
    for i in chosen:
        text = _paren(i, _atoms(i, a, p, lang))
        if text not in texts:
            texts.append(text)
    return joiner.join(texts)


def _implies_sentence(e, a, p, lang) -> str:
    """An if: why it does not apply, or what is unknown about its condition, or its consequence."""
    t = T[lang]
    c = value(e.cond, a, p)
    if c is False:
        return _no_empty(t["if_off"].format(c=_q(e.cond.text), w=_state(e.cond, a, p, lang)))
    if c is None:
        return _atoms(e.cond, a, p, lang)
    return _atoms(e.then, a, p, lang)


def _between_sentence(e, a, p, lang) -> str:
    t = T[lang]
    x = value(e.item, a, p)
    if x is None:
        return t["missing"].format(x=e.item.text)
    return t["is"].format(x=e.item.text, v=fmt(x, e.item.type, lang)) + "; " + t["between"].format(
        lo=_show(e.low, a, p, lang), hi=_show(e.high, a, p, lang))


def _member_sentence(e, a, p, lang) -> str:
    t = T[lang]
    x = value(e.item, a, p)
    if x is None:
        return t["missing"].format(x=e.item.text)
    names = sorted(word(v, lang) for v in e.values)
    r = e.group if e.group else (names[0] if len(names) == 1 else t["one_of"].format(r=", ".join(names)))
    if e.group:
        r = f"{e.group} ({', '.join(names)})"
    if e.item.type == "tags":
        return t["is"].format(x=e.item.text, v=fmt(x, e.item.type, lang)) + "; " + \
            t["notincludes" if e.negated else "includes"].format(r=r)
    return t["is"].format(x=e.item.text, v=fmt(x, e.item.type, lang)) + "; " + \
        t["notmember" if e.negated else "member"].format(r=r)


def _q(text: str) -> str:
    return f"«{text}»"


def _state(e: m.Expr, a, p, lang) -> str:
    """The values of the facts in ``e``: "belopp är 1 200 000 kr"."""
    t = T[lang]
    seen, out = set(), []

    def walk(x):
        if isinstance(x, (m.Fact, m.ApplicantField, m.Agg, m.Count, m.Dated)) and x.text not in seen:
            seen.add(x.text)
            v = value(x, a, p)
            out.append(t["missing"].format(x=x.text) if v is None else t["is"].format(x=x.text, v=fmt(v, x.type, lang)))
            return
        for f in ("items",):
            for i in getattr(x, f, ()):
                walk(i)
        for f in ("item", "left", "right", "low", "high", "cond", "then", "base"):
            if hasattr(x, f) and isinstance(getattr(x, f), m.Expr):
                walk(getattr(x, f))

    walk(e)
    return ", ".join(out)


def _no_empty(s: str) -> str:
    """Drop an empty "()" (a condition of constants has no facts to list): never an empty list."""
    return s.replace(" ()", "")
def _missing(e: m.Expr, a, lang) -> str:
    """Why a value is unknown: a fact missing, or a value in force (a reference value, the fund's
    size of dated blocks) that has none on the day used."""
    t = T[lang]
    dated = [x for x in m.walk(e) if isinstance(x, m.Dated) and value(x, a) is None]
    if not dated:
        return t["missing"].format(x=e.text)
    day = a.get("_on") or a.get("start")
    x = dated[0]
    if day is None:
        return t["no_value"].format(x=x.text, d=t["no_day"])
    return t["no_value"].format(x=x.text, d=day.year if x.key.startswith("reference:") else day.isoformat())


def _paren(e, s: str) -> str:
    return f"({s})" if isinstance(e, (m.And, m.Or)) else s


def _show(e: m.Expr, a, p, lang) -> str:
    v = value(e, a, p)
    shown = fmt(v, e.type, lang)
    if isinstance(e, m.Const) or v is None:
        return shown if v is not None else e.text
    return f"{shown} ({e.text})"


def _count_range_text(e: m.Count, a, lang) -> str:
    t = T[lang]
    lo, hi = count_range(e, a)
    unknown = []
    for q in a["_participants"]:
        ok = True if e.filter is None else value(e.filter, a, q)
        if ok is None or (ok is True and e.distinct and q.get(e.distinct) is None):
            who = q.get("name") or q.get("kind") or "?"
            if who not in unknown:
                unknown.append(who)
    text = t["range"].format(x=e.text, lo=lo, hi=hi)
    return text + t["range_who"].format(who=", ".join(unknown)) if unknown else text


def _cmp_sentence(e: m.Cmp, a, p, lang) -> str:
    t = T[lang]
    x, y = value(e.left, a, p), value(e.right, a, p)
    for side, v, other in ((e.left, x, e.right), (e.right, y, e.left)):
        if isinstance(side, m.Count) and v is None:
            return _count_range_text(side, a, lang) + "; " + t[e.op if side is e.left else _FLIP[e.op]].format(
                r=_show(other, a, p, lang))
    missing = [s for s, v in ((e.left, x), (e.right, y)) if v is None and not isinstance(s, m.Const)]
    if missing:
        return t["and"].join(dict.fromkeys(_missing(s, a, lang) for s in missing))
    if e.left.type == "bool" and isinstance(e.right, m.Const):
        return t["is"].format(x=e.left.text, v=fmt(x, "bool", lang)) + "; " + t[e.op].format(r=fmt(y, "bool", lang))
    rtype = e.right.type if e.right.type != "ratio" else "ratio"
    left = t["is"].format(x=e.left.text, v=fmt(x, e.left.type, lang))
    return left + "; " + t[e.op].format(r=_show(e.right, a, p, lang) if rtype else fmt(y, rtype, lang))


def _every_sentence(e: m.Every, a, lang) -> str:
    t = T[lang]
    failed, unknown, n = [], [], 0
    for q in a["_participants"]:
        f = True if e.filter is None else value(e.filter, a, q)
        if f is False:
            continue
        n += 1
        c = value(e.cond, a, q)
        who = q.get("name") or q.get("kind") or "?"
        if c is False:
            failed.append(who)
        elif c is None or f is None:
            unknown.append(who)
    if failed:
        return f"{e.cond.text}: " + t["every_fail"].format(who=", ".join(failed))
    if unknown:
        return f"{e.cond.text}: " + t["every_unknown"].format(who=", ".join(unknown))
    if n == 0:
        return t["every_none"]
    return t["every_ok"].format(n=n, c=e.cond.text)


def _listed_sentence(e, a, p, lang) -> str | None:
    """``x i (a, b)`` / ``x inte i (a, b)`` on a number (``inlämnad.månad inte i (juli, december)``),
    which the analyser writes as x = a or x = b (x != a and x != b): said as the list it was written as."""
    op = "=" if isinstance(e, m.Or) else "!="
    items = e.items
    if not all(isinstance(i, m.Cmp) and i.op == op and isinstance(i.right, m.Const) and i.left == items[0].left
               for i in items):
        return None
    t = T[lang]
    x = value(items[0].left, a, p)
    if x is None:
        return _missing(items[0].left, a, lang)
    listed = t["or"].join(i.right.text for i in items)
    return (t["is"].format(x=items[0].left.text, v=fmt(x, items[0].left.type, lang)) + "; "
            + t["member" if op == "=" else "notmember"].format(r=t["one_of"].format(r=listed) if op == "=" else listed))
