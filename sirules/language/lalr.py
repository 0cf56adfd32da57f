"""The parse every command makes: a lean LALR loop over tables taken once from lark.

Lark compiles the grammar into LALR tables and a contextual lexer. :func:`tables` takes from
that what a parse needs, as plain data (kept by :mod:`sirules.language.syntax` in the cache folder with
``marshal``), and :class:`Driver` runs it without importing lark, faster than lark's own loop:

* a token is matched by an expression of only the terminals that can start with its first
  character (lark tries all the terminals a parser state accepts, dozens of keywords, at every
  token); these expressions are compiled as the characters turn up and shared by all states;
* the whitespace between tokens is skipped by one small expression (lark matches it as a token);
* the actions are plain integers in one dict per state; a reduction by a rule of the form
  ``?a: b`` (which lark passes through unchanged) only moves the state, and the other
  reductions shape their children as lark's callbacks do (tokens filtered out, ``?rule`` with
  one child inlined, generated ``__rule`` lists spliced into their parent) before they are
  handed to the builder.

When the terminal found is not one the parser state accepts (a keyword where the grammar wants
a name, say), the state's own expression of its terminals decides, as in lark. The tokens, the
positions and the calls to the builder are lark's own (``tests/test_syntax.py`` holds the two
to each other). On input lark would reject, :meth:`Driver.parse` raises :class:`Rejected` and
the caller lets lark parse the text again to describe the error.
"""

from __future__ import annotations

import re

#: the layout of :func:`tables` (a cached entry of another layout is made again)
FORMAT = 2


class Rejected(Exception):
    """The input is not in the language (lark's own parser says where and why)."""


class Token(str):
    """A token: its text, the name of its terminal and where it is (lines and columns from 1,
    ends exclusive), as lark's tokens have them."""
    __slots__ = ("type", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __new__(cls, type, value, start_pos=None, line=None, column=None, end_line=None,
                end_column=None, end_pos=None):
        self = str.__new__(cls, value)
        self.type = type
        self.start_pos = start_pos
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.end_pos = end_pos
        return self

    @classmethod
    def of(cls, tok) -> Token:
        """The same token as one of lark's."""
        return cls(tok.type, str(tok), tok.start_pos, tok.line, tok.column, tok.end_line, tok.end_column,
                   tok.end_pos)

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r})"


# ---- the tables, from lark ------------------------------------------------------------------

def tables(lark_parser, start: str) -> dict:
    """What :class:`Driver` needs of a lark LALR parser with a contextual lexer, as plain data.

    Raises TypeError for a parser this module cannot run the same way as lark (terminal
    callbacks, placeholders, positions propagated, flags on string terminals, a skipped
    terminal that starts like another one).
    """
    from lark.lexer import UnlessCallback, _create_unless
    from lark.parsers.lalr_analysis import Shift

    options = lark_parser.options
    if options.maybe_placeholders or options.propagate_positions or options.parser != "lalr":
        raise TypeError("only lalr without placeholders and positions")
    frontend = lark_parser.parser
    table = frontend.parser.parser.parse_table
    conf = lark_parser.lexer_conf
    if conf.g_regex_flags or conf.use_bytes:
        raise TypeError("global regular expression flags")

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

    regexps = {str(t.name): str(t.pattern.to_regexp()) for t in conf.terminals}
    ignore = sorted(map(str, conf.ignore))
    skipped = sorted(name for name in ignore if name not in conf.callbacks)
    starts = {name: _starts(rx) for name, rx in regexps.items()}
    skip_starts = set()
    for name in skipped:
        if starts[name] is None:
            raise TypeError(f"cannot tell how {name} starts")
        skip_starts.update(starts[name])
    for name, first in starts.items():
        if name not in skipped and (first is None or skip_starts & set(first)):
            raise TypeError(f"{name} may start like a skipped terminal")

    def ordered(lexer) -> tuple:
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

    lexers: list = []
    by_lexer: dict = {}
    state_lexer: dict = {}
    contextual = frontend.lexer
    for state, lexer in contextual.lexers.items():
        k = by_lexer.get(id(lexer))
        if k is None:
            k = by_lexer[id(lexer)] = len(lexers)
            lexers.append(ordered(lexer))
        state_lexer[state] = k
    root, _ = ordered(contextual.root_lexer)
    return {
        "format": FORMAT, "start": table.start_states[start], "end": table.end_states[start],
        "actions": actions, "reductions": reductions, "regexps": regexps, "starts": starts,
        "newline": sorted(name for name, rx in regexps.items() if _has_newline(rx)),
        "ignore": ignore, "skipped": skipped, "lexers": lexers, "state_lexer": state_lexer, "root": root,
    }


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


#: the characters the analysis looks at: Latin-1, which has the Swedish letters (a token that
#: starts with another is matched with the expression of all terminals)
_FIRST = [chr(i) for i in range(256)]


def _starts(regex: str) -> str | None:
    """The characters of :data:`_FIRST` a match of the expression can start with, or None when this
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
    """The characters of :data:`_FIRST` one parsed item (a literal, a class, any character) matches."""
    from re import _compiler, _parser
    state = _parser.State()
    state.flags = flags
    rx = _compiler.compile(_parser.SubPattern(state, [item]), flags)
    return [c for c in _FIRST if rx.match(c)]


# ---- the loop ---------------------------------------------------------------------------------

class _Scanner:
    """The terminals of the parser states that accept one set of them (one of lark's lexers)."""
    __slots__ = ("allowed", "unless", "order", "_own", "_driver")

    def __init__(self, driver, order, unless) -> None:
        self._driver = driver
        self.order = order
        # a terminal matched as a pattern that also covers a string terminal of the state
        # becomes that one when its text is the string
        self.unless = unless
        names = frozenset(order)
        # lark folds a string terminal into a pattern that covers it only when both are in the
        # set: a state with one the shared expressions lack always matches with its own
        self.allowed = names if names <= driver.root_names else frozenset()
        self._own = None

    def own(self):
        """The expression of the state's own terminals, in lark's order."""
        if self._own is None:
            self._own = self._driver.expression(self.order)
        return self._own


class Driver:
    """Parses with :func:`tables`; see the module's description."""

    def __init__(self, data: dict) -> None:
        if data.get("format") != FORMAT:
            raise ValueError("tables of another layout")
        self.start, self.end = data["start"], data["end"]
        self.actions = data["actions"]
        self.reductions = data["reductions"]
        self.regexps = data["regexps"]
        self.starts = data["starts"]
        self.newline_types = frozenset(data["newline"])
        self.ignore = frozenset(data["ignore"])
        skipped = data["skipped"]
        self.skip_starts = "".join(sorted({c for name in skipped for c in self.starts[name]}))
        self.skip = re.compile("(?:" + "|".join(self.regexps[n] for n in skipped) + ")+").match if skipped else None
        self._lexers = data["lexers"]
        self._state_lexer = data["state_lexer"]
        self.root = tuple(data["root"])
        self.root_names = frozenset(self.root)
        self._root = None                       # the expression of all terminals, for other characters
        self.by_char: list = [None] * len(_FIRST)   # the expression for a token that starts with chr(i)
        self._compiled: dict = {}
        self._by_lexer: dict = {}
        self.scanners: dict = {}
        # every state the loop can be in, with its lexer: a damaged entry fails here, not mid-parse
        if set(self._state_lexer) != set(self.actions) or not all(
                0 <= k < len(self._lexers) for k in self._state_lexer.values()):
            raise ValueError("the lexer states do not match the parser states")

    def expression(self, names):
        compiled = self._compiled.get(names)
        if compiled is None:
            pattern = "|".join(f"(?P<{name}>{self.regexps[name]})" for name in names)
            compiled = self._compiled[names] = re.compile(pattern) if names else False
        return compiled

    def _for_char(self, i: int):
        """The expression of the terminals that can start with chr(i), in lark's order (False: none)."""
        c = chr(i)
        starts = self.starts
        rx = self.by_char[i] = self.expression(
            tuple(name for name in self.root if starts[name] is None or c in starts[name]))
        return rx

    def _scanner(self, state: int) -> _Scanner:
        k = self._state_lexer[state]
        sc = self._by_lexer.get(k)
        if sc is None:
            order, unless = self._lexers[k]
            sc = self._by_lexer[k] = _Scanner(self, tuple(order), unless)
        self.scanners[state] = sc
        return sc

    def _root_expression(self):
        self._root = self.expression(self.root)
        return self._root

    def parse(self, text: str, build, comments: list):
        """The value of the start rule; ``build(name, children)`` makes the value of each
        rule. The tokens of the ignored terminals that are kept (comments) go to ``comments``."""
        actions, reductions, scanners = self.actions, self.reductions, self.scanners
        newline_types, ignore = self.newline_types, self.ignore
        by_char, skip, skip_starts = self.by_char, self.skip, self.skip_starts
        states = [self.start]
        values: list = []
        state = self.start
        pos, end, line, line_start = 0, len(text), 1, 0
        while pos < end:
            c = text[pos]
            if c in skip_starts:
                gap = skip(text, pos).end()
                nl = text.count("\n", pos, gap)
                if nl:
                    line += nl
                    line_start = text.rindex("\n", pos, gap) + 1
                pos = gap
                if pos == end:
                    break
                c = text[pos]
            i = ord(c)
            if i < 256:
                rx = by_char[i]
                if rx is None:
                    rx = self._for_char(i)
            else:
                rx = self._root or self._root_expression()
            m = rx.match(text, pos) if rx else None
            sc = scanners.get(state) or self._scanner(state)
            kind = m and m.lastgroup
            if kind not in sc.allowed:            # not a terminal this state accepts: its own decide
                own = sc.own()
                m = own.match(text, pos) if own else None
                if m is None:
                    raise Rejected
                kind = m.lastgroup
            stop = m.end()
            value = text[pos:stop]
            if kind in sc.unless:
                kind = sc.unless[kind].get(value, kind)
            end_line, start_of_line = line, line_start
            if kind in newline_types:
                nl = value.count("\n")
                if nl:
                    end_line = line + nl
                    start_of_line = pos + value.rindex("\n") + 1
            tok = Token(kind, value, pos, line, pos - line_start + 1, end_line, stop - start_of_line + 1, stop)
            line, line_start, pos = end_line, start_of_line, stop
            if kind in ignore:
                comments.append(tok)
                continue
            while True:
                a = actions[state].get(kind)
                if a is None:
                    raise Rejected
                if a >= 0:
                    states.append(a)
                    values.append(tok)
                    state = a
                    break
                size, origin, name, include, expand1, builds = reductions[~a]
                if name is None:
                    state = states[-1] = actions[states[-2]][origin]
                    continue
                state = self._reduce(states, values, size, origin, name, include, expand1, builds, build)
        final = self.end
        while True:
            a = actions[state].get("$END")
            if a is None or a >= 0:
                raise Rejected
            size, origin, name, include, expand1, builds = reductions[~a]
            if name is None:
                state = states[-1] = actions[states[-2]][origin]
            else:
                state = self._reduce(states, values, size, origin, name, include, expand1, builds, build)
            if state == final:
                return values[-1]

    def _reduce(self, states, values, size, origin, name, include, expand1, builds, build):
        if size:
            children = values[-size:]
            del values[-size:]
            del states[-size:]
        else:
            children = []
        if include is not None:
            kept = None
            for j in include:
                if j >= 0:
                    if kept is None:
                        kept = []
                    kept.append(children[j])
                elif kept is None:        # a left-recursive list grows in place (as in lark), not copied
                    kept = children[~j]
                else:
                    kept += children[~j]
            children = [] if kept is None else kept
        if expand1 and len(children) == 1:
            value = children[0]
        elif builds:
            value = build(name, children)
        else:
            value = children              # a generated rule's children, spliced into its parent
        state = self.actions[states[-1]][origin]
        states.append(state)
        values.append(value)
        return state
