"""A lean loop that runs lark's LALR tables: the contextual lexer and the parser in one function.

Lark computes the grammar's tables (cached per grammar, see :func:`sirules.syntax.parser`) and
the callbacks that shape each reduced rule; this module runs them, faster than lark's own loop,
for the parse every command makes:

* one regular expression match per token: the whitespace before a token is skipped by the same
  expression (lark matches it as a token of its own);
* a parser state first matches with one expression of all terminals (compiled once) and
  compiles the expression of its own terminals only when that finds a terminal the state does
  not accept, or once it has lexed :data:`SHARED_USES` tokens: lark compiles dozens of large
  expressions up front, most of the time of a first parse in a new process;
* the actions are plain integers in one dict per state, and a reduction by a rule of the form
  ``?a: b`` (which lark's callback passes through unchanged) only moves the state.

The tokens, the positions and the order of the callbacks are lark's own (``tests/test_syntax.py``
holds the two to each other). On any input lark would reject, :meth:`Driver.parse` raises
:class:`Rejected` and the caller lets lark parse the text again to describe the error.
"""

from __future__ import annotations

#: after this many tokens a parser state compiles its own expression (a process that parses a
#: lot, such as a long guideline or many, then matches with the smaller expression)
SHARED_USES = 100


class Rejected(Exception):
    """The input is not in the language (lark's own parser says where and why)."""


class _Scanner:
    """How the lexer matches a token in the parser states that accept one set of terminals."""
    __slots__ = ("regex", "allowed", "uses", "callback", "terminals", "_own", "_driver")

    def __init__(self, driver, lexer) -> None:
        from lark.lexer import _create_unless
        terminals, callback = _create_unless(lexer.terminals, lexer.g_regex_flags, lexer.re, lexer.use_bytes)
        self._driver = driver
        self.terminals = [t for t in terminals if t.name not in driver.skipped]
        self.callback = {k: f for k, f in callback.items() if k not in driver.ignore}
        names = {t.name for t in self.terminals}
        self.uses = 0
        self._own = None
        if names <= driver.root.allowed:
            self.regex, self.allowed = driver.root.regex, names     # share the root's expression
        else:      # lark folds a string terminal into a pattern only when both are in the set
            self.regex, self.allowed = self.own(), None

    def own(self):
        if self._own is None:
            self._own = self._driver.expression(self.terminals)
        return self._own

    def go_own(self) -> None:
        self.regex, self.allowed = self.own(), None


class _Root:
    __slots__ = ("regex", "allowed")


class Driver:
    """Runs the tables of a lark LALR parser with a contextual lexer (``lexer="contextual"``)."""

    def __init__(self, lark_parser, start: str) -> None:
        from lark.lexer import _create_unless
        from lark.parse_tree_builder import ExpandSingleChild
        from lark.parsers.lalr_analysis import Shift

        frontend = lark_parser.parser
        inner = frontend.parser.parser
        lexer = frontend.lexer
        table = inner.parse_table
        conf = lark_parser.lexer_conf
        callbacks = inner.callbacks
        if any(isinstance(k, str) for k in callbacks):
            raise TypeError("terminal callbacks are not supported")
        self.start = table.start_states[start]
        self.end = table.end_states[start]
        # the actions: shift to state s is s, reduce by rule i is ~i; the goto of a rule's
        # left-hand side is in the same dict, under its name
        rules: dict = {}
        self.reductions: list = []
        self.actions: dict = {}
        for state, row in table.states.items():
            out = {}
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    out[symbol] = arg
                else:
                    i = rules.get(id(arg))
                    if i is None:
                        i = rules[id(arg)] = len(self.reductions)
                        cb = callbacks[arg]
                        size = len(arg.expansion)
                        passes = type(cb) is ExpandSingleChild and size == 1   # ?a: b hands b on
                        self.reductions.append((size, None if passes else cb, arg.origin.name))
                    out[symbol] = ~i
            self.actions[state] = out
        # the lexer: ignored terminals without a callback are skipped before each token
        self.ignore = frozenset(conf.ignore)
        user = conf.callbacks
        by_name = {t.name: t for t in conf.terminals}
        self.skipped = frozenset(name for name in self.ignore if name not in user)
        self.kept_ignored = frozenset(self.ignore - self.skipped)
        skip = "|".join(by_name[name].pattern.to_regexp() for name in sorted(self.skipped))
        self._prefix = f"(?:{skip})*" if skip else ""
        self._flags = conf.g_regex_flags
        self._re = conf.re_module
        self.rest_skipped = self._re.compile(self._prefix, self._flags).fullmatch
        self.newline_types = frozenset(t.name for t in conf.terminals if _has_newline(t.pattern.to_regexp()))
        self.lexers = lexer.lexers
        root_lexer = lexer.root_lexer
        root_terms, self.root_callback = _create_unless(root_lexer.terminals, root_lexer.g_regex_flags,
                                                        root_lexer.re, root_lexer.use_bytes)
        self.root = _Root()
        self.root.allowed = frozenset(t.name for t in root_terms if t.name not in self.skipped)
        self.root.regex = None                 # compiled with the first parse
        self._root_terms = [t for t in root_terms if t.name not in self.skipped]
        self._by_lexer: dict = {}
        self.scanners: dict = {}

    def expression(self, terminals):
        pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)
        return self._re.compile(f"{self._prefix}(?:{pattern})", self._flags)

    def _scanner(self, state: int) -> _Scanner:
        if self.root.regex is None:
            self.root.regex = self.expression(self._root_terms)
        lexer = self.lexers[state]
        sc = self._by_lexer.get(id(lexer))
        if sc is None:
            sc = self._by_lexer[id(lexer)] = _Scanner(self, lexer)
        self.scanners[state] = sc
        return sc

    def parse(self, text: str, comments: list):
        """The value of the start rule (what its callback made); the tokens of the ignored
        terminals that have a callback (comments) are appended to ``comments``."""
        from lark.lexer import Token
        new_token = Token._future_new
        actions, reductions, scanners = self.actions, self.reductions, self.scanners
        newline_types, kept_ignored = self.newline_types, self.kept_ignored
        shared_uses = SHARED_USES
        states = [self.start]
        values: list = []
        state = self.start
        pos, line, line_start = 0, 1, 0
        tok = None
        while True:
            sc = scanners.get(state) or self._scanner(state)
            if sc.allowed is not None:
                sc.uses += 1
                if sc.uses > shared_uses:
                    sc.go_own()
            m = sc.regex.match(text, pos)
            if m is None:
                if self.rest_skipped(text, pos) is None:
                    raise Rejected
                break                                            # whitespace up to the end
            kind = m.lastgroup
            if sc.allowed is not None and kind not in sc.allowed:
                m = sc.own().match(text, pos)
                if m is None:
                    raise Rejected
                kind = m.lastgroup
            start, stop = m.span(kind)
            if start > pos:
                nl = text.count("\n", pos, start)
                if nl:
                    line += nl
                    line_start = text.rindex("\n", pos, start) + 1
            value = text[start:stop]
            column = start - line_start + 1
            if kind in newline_types:
                nl = value.count("\n")
                if nl:
                    end_line = line + nl
                    line_start = start + value.rindex("\n") + 1
                else:
                    end_line = line
            else:
                end_line = line
            tok = new_token(kind, value, start, line, column, end_line, stop - line_start + 1, stop)
            line = end_line
            pos = stop
            if kind in sc.callback:
                tok = sc.callback[kind](tok)
                kind = tok.type
            if kind in kept_ignored:
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
                size, cb, origin = reductions[~a]
                if cb is None:
                    state = states[-1] = actions[states[-2]][origin]
                    continue
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                value = cb(children)
                state = actions[states[-1]][origin]
                states.append(state)
                values.append(value)
        final = self.end
        while True:
            a = actions[state].get("$END")
            if a is None or a >= 0:
                raise Rejected
            size, cb, origin = reductions[~a]
            if cb is None:
                state = states[-1] = actions[states[-2]][origin]
            else:
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                value = cb(children)
                state = actions[states[-1]][origin]
                states.append(state)
                values.append(value)
            if state == final:
                return values[-1]


def _has_newline(r: str) -> bool:
    """Whether a terminal's expression may match a newline (lark's own test)."""
    return "\n" in r or "\\n" in r or "\\s" in r or "[^" in r or ("(?s" in r and "." in r)
