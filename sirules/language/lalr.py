"""The parse every command makes: a lean LALR loop over tables taken once from lark.

Lark compiles the grammar into LALR tables and a contextual lexer.
:func:`sirules.language.lalr_tables.tables` takes from that what a parse needs, as plain data (kept
by :mod:`sirules.language.syntax` in the cache folder with ``marshal``), and :class:`Driver` runs it
without importing lark, faster than lark's own loop:

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

#: the layout of :func:`~sirules.language.lalr_tables.tables` (a cached entry of another layout is made again)
FORMAT = 2

#: the characters the analysis looks at: Latin-1, which has the Swedish letters (a token that
#: starts with another is matched with the expression of all terminals)
_FIRST = [chr(i) for i in range(256)]


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
        # one loop on purpose: it runs once per token of every guideline loaded, with its tables in
        # local variables; a helper per step would cost a call per token (bench: load300_ms)
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
