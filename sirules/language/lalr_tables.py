"""The tables of the parse loop, taken from lark's LALR parser once per grammar.

:func:`tables` reads lark's parse table and contextual lexer into plain data (actions, what each
reduction does with its children, each terminal's expression, the terminals each state's lexer
tries, in lark's order) that :class:`~sirules.language.lalr.Driver` runs without lark. An
analysis of each terminal's expression (:func:`_starts`) finds the characters a match can start
with, so the loop tries only the terminals that can start with the character at hand.
"""

from __future__ import annotations

from .lalr import _FIRST, FORMAT


def tables(lark_parser, start: str) -> dict:
    """What :class:`~sirules.language.lalr.Driver` needs of a lark LALR parser with a contextual
    lexer, as plain data.

    Raises TypeError for a parser this module cannot run the same way as lark (terminal
    callbacks, placeholders, positions propagated, flags on string terminals, a skipped
    terminal that starts like another one).
    """
    options = lark_parser.options
    if options.maybe_placeholders or options.propagate_positions or options.parser != "lalr":
        raise TypeError("only lalr without placeholders and positions")
    frontend = lark_parser.parser
    table = frontend.parser.parser.parse_table
    conf = lark_parser.lexer_conf
    if conf.g_regex_flags or conf.use_bytes:
        raise TypeError("global regular expression flags")
    actions, reductions = _actions(table)
    regexps = {str(t.name): str(t.pattern.to_regexp()) for t in conf.terminals}
    ignore = sorted(map(str, conf.ignore))
    skipped = sorted(name for name in ignore if name not in conf.callbacks)
    starts = {name: _starts(rx) for name, rx in regexps.items()}
    _check_skipped(starts, skipped)
    lexers, state_lexer, root = _lexers(frontend.lexer, skipped)
    return {
        "format": FORMAT, "start": table.start_states[start], "end": table.end_states[start],
        "actions": actions, "reductions": reductions, "regexps": regexps, "starts": starts,
        "newline": sorted(name for name, rx in regexps.items() if _has_newline(rx)),
        "ignore": ignore, "skipped": skipped, "lexers": lexers, "state_lexer": state_lexer, "root": root,
    }


def _actions(table) -> tuple[dict, list]:
    """Per state, terminal -> the state to shift to, or ``~i`` for a reduction by rule ``i``;
    and the reductions (see :func:`_reduction`)."""
    from lark.parsers.lalr_analysis import Shift
    rules: dict = {}
    reductions: list = []
    actions: dict = {}
    for state, row in table.states.items():
        out = {}
        for symbol, (action, arg) in row.items():
            if action is Shift:
                out[str(symbol)] = arg
            else:
                i = rules.get(id(arg))
                if i is None:
                    i = rules[id(arg)] = len(reductions)
                    reductions.append(_reduction(arg))
                out[str(symbol)] = ~i
        actions[state] = out
    return actions, reductions


def _check_skipped(starts: dict, skipped: list) -> None:
    """The loop skips whitespace before it matches a token: no other terminal may start like it."""
    skip_starts = set()
    for name in skipped:
        if starts[name] is None:
            raise TypeError(f"cannot tell how {name} starts")
        skip_starts.update(starts[name])
    for name, first in starts.items():
        if name not in skipped and (first is None or skip_starts & set(first)):
            raise TypeError(f"{name} may start like a skipped terminal")


def _lexers(contextual, skipped: list) -> tuple[list, dict, tuple]:
    """The distinct lexers of the contextual lexer (terminals in lark's order, and the strings
    each terminal yields to), which lexer each state uses, and the root lexer's terminals."""
    lexers: list = []
    by_lexer: dict = {}
    state_lexer: dict = {}
    for state, lexer in contextual.lexers.items():
        k = by_lexer.get(id(lexer))
        if k is None:
            k = by_lexer[id(lexer)] = len(lexers)
            lexers.append(_ordered(lexer, skipped))
        state_lexer[state] = k
    root, _ = _ordered(contextual.root_lexer, skipped)
    return lexers, state_lexer, root


def _ordered(lexer, skipped: list) -> tuple:
    from lark.lexer import UnlessCallback, _create_unless
    terms, callback = _create_unless(lexer.terminals, lexer.g_regex_flags, lexer.re, lexer.use_bytes)
    unless = {}
    for name, cb in callback.items():
        if not isinstance(cb, UnlessCallback):
            raise TypeError("an unexpected lexer callback")
        strings: dict = {}
        for st in cb.scanner.terminals:
            if st.pattern.flags:
                raise TypeError("flags on a string terminal")
            strings.setdefault(str(st.pattern.value), str(st.name))
        unless[str(name)] = strings
    return tuple(str(t.name) for t in terms if t.name not in skipped), unless


def _reduction(rule) -> tuple:
    """(size, left-hand side, name, include, expand1, build) for a grammar rule: what lark's
    callback for the rule does (lark.parse_tree_builder), as data. ``name`` None: the callback
    hands its one child on unchanged. ``include``: None (every child), or the children kept, in
    order, ``~i`` for a generated ``__rule`` child whose own children take its place. ``build``:
    whether the builder makes the value (else it is a list, spliced into the parent)."""
    options = rule.options
    size = len(rule.expansion)
    include = []
    for i, sym in enumerate(rule.expansion):
        if options.keep_all_tokens or not (sym.is_term and sym.filter_out):
            include.append(~i if (not sym.is_term and sym.name.startswith("_")) else i)
    if len(include) == size and all(i >= 0 for i in include):
        include = None
    expand1 = bool(options.expand1 and not rule.alias)
    origin = str(rule.origin.name)
    if expand1 and size == 1 and include is None:
        return size, origin, None, None, False, False
    name = str(rule.alias or options.template_source or origin)
    build = not name.startswith("__") and name[:1].islower()
    return size, origin, name, None if include is None else tuple(include), expand1, build


def _has_newline(r: str) -> bool:
    """Whether a terminal's expression may match a newline (lark's own test)."""
    return "\n" in r or "\\n" in r or "\\s" in r or "[^" in r or ("(?s" in r and "." in r)


def _starts(regex: str) -> str | None:
    """The characters of :data:`~sirules.language.lalr._FIRST` a match of the expression can start with, or None when this
    analysis cannot tell (then any may)."""
    from re import _parser
    try:
        firsts: list = []
        parsed = _parser.parse(regex, 0)
        if _firsts(parsed, parsed.state.flags, firsts):     # the flags of a text pattern (unicode)
            return None                          # may match the empty string
        chars: set = set()
        for item, flags in firsts:
            chars.update(_matching(item, flags))
        return "".join(sorted(chars))
    except Exception:                            # an expression the analysis does not follow
        return None


def _firsts(items, flags: int, out: list) -> bool:
    """Add to ``out`` the items (with their flags) that can match the first character of a match
    of ``items``; whether ``items`` can match the empty string."""
    from re import _constants as k
    for op, av in items:
        if op in (k.LITERAL, k.NOT_LITERAL, k.IN, k.ANY):
            out.append(((op, av), flags))
            return False
        if op in (k.ASSERT, k.ASSERT_NOT, k.AT):       # zero width: look past it (more, never fewer)
            continue
        if op is k.SUBPATTERN:
            _, add, remove, sub = av
            if not _firsts(sub, (flags | add) & ~remove, out):
                return False
        elif op is k.ATOMIC_GROUP:
            if not _firsts(av, flags, out):
                return False
        elif op is k.BRANCH:
            empty = False
            for alternative in av[1]:
                empty = _firsts(alternative, flags, out) or empty
            if not empty:
                return False
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            low, _, sub = av
            if not _firsts(sub, flags, out) and low > 0:
                return False
        else:
            raise ValueError(op)
    return True


def _matching(item, flags: int) -> list:
    """The characters of :data:`~sirules.language.lalr._FIRST` one parsed item (a literal, a class, any character) matches."""
    from re import _compiler, _parser
    state = _parser.State()
    state.flags = flags
    rx = _compiler.compile(_parser.SubPattern(state, [item]), flags)
    return [c for c in _FIRST if rx.match(c)]
