"""The raw entry points: ``check_raw`` and ``check_raw_many``, reading JSON-shaped applications directly.

:func:`raw_prologue` writes the lines that read an application as parsed from JSON (the start date,
each fact the rules read, the participants' form, the parts) and :func:`raw_entry` wraps them, with
the rules and the verdict, in the loop of ``check_raw_many``. Each ``_read_<type>`` function writes
the test and conversion of one fact of that type.
"""

from __future__ import annotations

from .pycode import _Code

#: types the fast path leaves to the full loader (a text only when a rule reads it)
_LOADER_TYPES = ("text", "tags", "choice", "percent", "savings")


def raw_prologue(g, fact_vars: dict[str, str], consts: dict, init=(), loop=(), post=()) -> list[str]:
    """``check_raw(raw, on)``: the same checks read straight from an application as parsed from JSON.

    ``fact_vars`` maps the facts the rules read to their variables; ``consts`` gets the constants
    the lines use. ``init``, ``loop`` and ``post`` are the rules' shared participant loop (see
    :meth:`~sirules.engine.codegen.loops.ParticipantLoops.loop`): its body runs in the loop that
    checks the participants' form, once each is checked.

    It converts only the facts the rules read, and only when they have the plain forms (kronor as
    int, dates as ISO strings, canonical English keys and kinds); anything else raises ``Slow`` and
    the caller takes the full loader (:mod:`sirules.engine.application`), which gives the same result or
    the error. The generated code is tested against the full loader (the fast-path property tests
    in tests/test_properties.py).
    """
    from ...language import vocabulary as voc
    from ..application import ALWAYS, STRUCTURAL
    known = set(STRUCTURAL) | set(ALWAYS) | set(g.facts)
    consts["FIELD_TYPES"] = _Code("{%s}" % ", ".join(
        f"{k!r}: {'bool' if t.type == 'bool' else 'str'}" for k, t in sorted(voc.FIELDS.items())))
    consts["KINDS"] = frozenset(g.kinds)
    consts["PART_KEYS"] = frozenset(g.parts)
    slow_keys: set[str] = set()
    L = _start_lines() + _fact_lines(g, fact_vars, slow_keys)
    from ...language.modelview import submission_matters
    if submission_matters(g):
        L = _submitted_lines(g, fact_vars, L)
    # the keys read here; an unknown key, or one the full loader reads, goes the slow way
    consts["FAST_KEYS"] = frozenset(known - slow_keys)
    consts["YEARS"] = _Code("frozenset(map(str, range(1900, 2201)))")
    return L + _participant_lines(init, loop, post) + _parts_lines()


def _start_lines() -> list[str]:
    """Every key known, and the start date, which is also the default date the rules are in force on."""
    return ["    if not FAST_KEYS.issuperset(raw): raise Slow",
            "    v = raw.get('start')",
            "    if type(v) is str:",
            "        start = DATES.get(v)",
            "        if start is None: start = _date(v)",
            "    elif v is None: start = None",
            "    elif type(v) is datetime.date: start = v",
            "    else: raise Slow",
            "    if on is None: on = start"]


def _submitted_lines(g, fact_vars: dict[str, str], L: list[str]) -> list[str]:
    """The submission date (the date given, or today, when the application has none) and, for a
    guideline whose version is picked by it, the date used."""
    var = fact_vars.get("submitted", "sub")
    at = L.index("    if on is None: on = start")
    head = ["    given = on", *L[:at]]
    if "submitted" not in fact_vars:
        head += ["    v = raw.get('submitted')", *_read_date(var)]
    head += [f"    if {var} is None: {var} = given if given is not None else datetime.date.today()"]
    by_sub = g.identity.get("version_date") == "submitted"
    body = [x for x in L[at + 1:]]
    if "submitted" in fact_vars:               # read among the facts: the default comes after it
        i = next(k for k, x in enumerate(body) if x.startswith(f"    v = raw.get('submitted')"))
        j = i + 1 + len(_read_date(var))
        body[j:j] = [head.pop()]
    on = f"    if on is None: on = {var if by_sub else 'start'}"
    return head + body + [on] if by_sub else head + [on] + body


def _fact_lines(g, fact_vars: dict[str, str], slow_keys: set[str]) -> list[str]:
    """Each fact the rules read into its variable (``_`` for one the loader always reads); adds to
    ``slow_keys`` the keys left to the full loader."""
    from ...language import vocabulary as voc
    from ..application import ALWAYS
    L: list[str] = []
    # the facts only a paused or closed rule names are read too: the full loader checks their form
    extra = [(k, "_") for k in dict.fromkeys((*ALWAYS, *g.facts)) if k not in fact_vars and k != "start"]
    for key, var in [*fact_vars.items(), *extra]:
        if key.startswith("_register:"):     # the register's values: the checker adds them (full loader)
            L[:0] = ["    raise Slow"]
            L.append(f"    {var} = None")
            continue
        t = g.facts[key].type if key in g.facts else voc.FACTS[key].type
        if key == "start":
            L.append(f"    {var} = start")
        elif t in _LOADER_TYPES and (var == "_" or t != "text"):
            if var == "_" and t == "text":
                from ...language import limits
                L.append(f"    v = raw.get({key!r})")
                L.append(f"    if (type(v) is not str or len(v) > {limits.TEXT}) and v is not None: raise Slow")
            else:
                slow_keys.add(key)               # the full loader reads these
                if var != "_":
                    L.append(f"    {var} = None")
        else:
            L.append(f"    v = raw.get({key!r})")
            L += _READERS.get(t, _read_other)(var)
    return L


def _read_money(var: str) -> list[str]:
    return [f"    if type(v) is int and -10**15 <= v <= 10**15: {var} = v * 100",
            f"    elif v is None: {var} = None",
            "    else: raise Slow"]


def _read_bool(var: str) -> list[str]:
    return ["    if type(v) is not bool and v is not None: raise Slow",
            f"    {var} = v"]


def _read_duration(var: str) -> list[str]:
    return ["    if v is not None and (type(v) is not int or not 0 <= v <= 1200): raise Slow",
            f"    {var} = v"]


def _read_number(var: str) -> list[str]:
    return ["    if type(v) is not int and v is not None: raise Slow",
            f"    {var} = v"]


def _read_date(var: str) -> list[str]:
    return ["    if type(v) is str:",
            f"        {var} = DATES.get(v)",
            f"        if {var} is None: {var} = _date(v)",
            f"    elif v is None: {var} = None",
            f"    elif type(v) is datetime.date: {var} = v",
            "    else: raise Slow"]


def _read_table(var: str) -> list[str]:
    # kept in kronor as read; the aggregates scale by BS (100 here, 1 in check())
    # one loop over the years (a chain of set operations and max/min is several passes)
    from ...language import limits
    return [f"    if type(v) is dict and len(v) <= {limits.YEARS}:",
            "        for k, x in v.items():",
            "            if type(x) is not int or not -10**15 <= x <= 10**15 or k not in YEARS: raise Slow",
            f"        {var} = v",
            f"    elif v is None: {var} = None",
            "    else: raise Slow"]


def _read_other(var: str) -> list[str]:
    return ["    if v is not None: raise Slow",
            f"    {var} = None"]


_READERS = {"money": _read_money, "bool": _read_bool, "duration": _read_duration, "number": _read_number,
            "date": _read_date, "table": _read_table}


def _participant_lines(init, loop, post) -> list[str]:
    """The applicant and participants, each checked for its form; the rules' shared participant
    loop runs in the same loop."""
    from ..application import MAX_PARTICIPANTS
    return ["    BS = 100",
            "    AP = raw.get('applicant')",
            "    ps = raw.get('participants', ())",
            "    if type(ps) is not list or len(ps) > %d: raise Slow" % MAX_PARTICIPANTS,
            "    P = [AP, *ps] if AP is not None else ps",
            *init,
            "    for q in P:",
            "        if type(q) is not dict: raise Slow",
            "        try:",
            "            if q.get('kind') not in KINDS: raise Slow",
            "            for k, x in q.items():",
            "                if type(x) is not FIELD_TYPES[k] and x is not None: raise Slow",
            "        except (KeyError, TypeError):    # not a participant field, or a kind that is a list",
            "            raise Slow",
            *loop,
            *post]


def _parts_lines() -> list[str]:
    """The set ``PARTS`` of the parts written (a part is written when its text is not blank)."""
    from ..application import MAX_TEXT
    return ["    v = raw.get('parts')",
            "    if type(v) is dict:",
            "        PARTS = set()",
            "        for k, x in v.items():",
            "            if k not in PART_KEYS: raise Slow",
            "            if type(x) is str:",
            "                if len(x) > %d: raise Slow" % MAX_TEXT,
            "                if x.strip(): PARTS.add(k)",
            "            elif x is not None and x is not False: raise Slow",
            "    elif v is None and 'parts' not in raw: PARTS = ()    # written as null: the loader says why not",
            "    else: raise Slow"]


def raw_entry(lines: list[str]) -> list[str]:
    """``check_raw_many(apps, on, out)``: the body ``lines`` of check_raw (depth 1, ending in
    ``return``) in one loop over many applications, appending each result to ``out`` (None
    for one that needs the full loader): a batch pays no call per application. And
    ``check_raw(raw, on)`` for one, which raises ``Slow`` instead of the None."""
    loop = []
    for line in lines:
        if line.startswith("    return "):
            loop.append("            append((" + line[len("    return "):] + "))")
        else:
            loop.append("        " + line if line else line)
    return ["class Slow(Exception):", "    pass", "",
            "DATES = {}     # the dates read so far: a batch has few distinct ones",
            "",
            "def _isodate(text):    # YYYY-MM-DD in ASCII digits only: fromisoformat takes 20130101 too",
            "    return (len(text) == 10 and text[4] == '-' and text[7] == '-' and text.isascii()",
            "            and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit())",
            "",
            "def _date(text):",
            "    if not _isodate(text): raise Slow",
            "    try:",
            "        d = _fromiso(text)",
            "    except ValueError:",
            "        raise Slow from None",
            "    if len(DATES) < 4096:",
            "        DATES[text] = d",
            "    return d",
            "",
            "def check_raw_many(apps, on0, out, type=type, int=int, bool=bool, str=str, dict=dict, list=list):",
            "    append = out.append",
            "    for raw in apps:",
            "        on = on0",
            "        try:",
            *loop,
            "        except Slow:",
            "            append(None)",
            "",
            "def check_raw(raw, on):",
            "    out = []",
            "    check_raw_many((raw,), on, out)",
            "    if out[0] is None:",
            "        raise Slow",
            "    return out[0]",
            ""]
