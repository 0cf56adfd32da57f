"""The participant emitters: counts, "every participant", and the one shared participant loop.

:class:`ParticipantLoops` is mixed into :class:`~sirules.engine.codegen.generator._Gen`. A loop at
the top level of a function joins the shared loop (``_Gen.shared``) that runs before the rules,
so a guideline with five counts walks the participants once.
"""

from __future__ import annotations

from .pycode import _NONNULL


class ParticipantLoops:
    """Counts and every-participant conditions, written into loops over ``P``."""

    def e_Count(self, e, d, p):
        """Counts participants; with unknown fields the count is a range [lo, hi] (``self.bounds``)."""
        key = (e.filter, e.distinct)
        if d == 1 and key in self.memo:          # the same count earlier in the function: reuse it
            return self.memo[key]
        if e.filter is not None and not e.distinct:
            plain = self.plain_count(e, d)
            if plain is not None:
                if d == 1:
                    self.memo[key] = plain
                return plain
        lo, hi = self.tmp(), self.tmp()
        t = self.tmp()
        if e.distinct:
            sure, maybe = self.tmp(), self.tmp()
            init = [f"{sure} = set(); {maybe} = set()"]
            post = [f"{lo} = len({sure}); {hi} = len({sure} | {maybe})"]
        else:
            init, post = [f"{lo} = 0; {hi} = 0"], []
        post.append(f"{t} = {lo} if {lo} == {hi} else None")

        def body(b):
            c = "True" if e.filter is None else self.expr(e.filter, b, "q")
            if e.distinct:
                self.emit(f"if {c} is not False:", b)
                self.emit(f"v = q.get({e.distinct!r})", b + 1)
                self.emit(f"if v is not None: ({sure} if {c} is True else {maybe}).add(v)", b + 1)
                self.emit(f"else: {maybe}.add(id(q))", b + 1)
            else:
                self.emit(f"if {c} is True: {lo} += 1; {hi} += 1", b)
                self.emit(f"elif {c} is None: {hi} += 1", b)
            return True

        self.loop(d, init, body, post)
        self.bounds[t] = (lo, hi)
        if d == 1:
            self.memo[key] = t
        return t

    def plain_count(self, e, d):
        """A count whose filter can never be undecided: one loop, no range."""
        t = self.tmp()

        def body(b):
            c = self.expr(e.filter, b, "q")
            if c not in _NONNULL:
                return False
            self.emit(f"if {c}: {t} += 1", b)
            return True

        return self.known(t) if self.loop(d, [f"{t} = 0"], body, []) else None

    def e_Every(self, e, d, p):
        t = self.tmp()

        def body(b):
            # no break or continue: the loop may be shared with other counts (see loop())
            self.emit(f"if {t} is not False:", b)
            b += 1
            if e.filter is not None:
                f = self.expr(e.filter, b, "q")
                self.emit(f"if {f} is not False:", b)
                b += 1
            c = self.expr(e.cond, b, "q")
            if e.filter is not None:
                self.emit(f"if {f} is None and {c} is not True and {t} is True: {t} = None", b)
            self.emit(f"if {c} is False: {t} = False", b)
            self.emit(f"elif {c} is None: {t} = None", b)
            return True

        self.loop(d, [f"{t} = True"], body, [])
        return t

    def loop(self, d: int, init: list[str], body, post: list[str]) -> bool:
        """A loop over the participants: ``init`` lines, ``body(depth)`` in the loop, ``post`` lines.

        At the top level of a function (d == 1) the loop joins the one shared loop that runs
        before the rules, so that a guideline with five counts walks the participants once, not
        five times; elsewhere it is written in place. ``body`` returns False to give up, and then
        nothing is written.
        """
        saved, self.lines = self.lines, []
        shared, fields = self.in_shared, dict(self.qfields)
        self.in_shared = d == 1
        ok = body(d + 1)
        self.in_shared = shared
        lines, self.lines = self.lines, saved
        if not ok:
            self.qfields = fields
            return False
        if d == 1:
            self.shared[0].extend("    " + x for x in init)
            self.shared[1].extend(lines)
            self.shared[2].extend("    " + x for x in post)
        else:
            for x in init:
                self.emit(x, d)
            self.emit("for q in P:", d)
            self.lines.extend(lines)
            for x in post:
                self.emit(x, d)
        return True

    def shared_loop(self) -> list[str]:
        """The shared participant loop of the function just written (see :meth:`loop`); starts a new one."""
        init, body, post = self.shared
        self.shared, self.qfields = ([], [], []), {}
        return [*init, "    for q in P:", *body, *post] if body else [*init, *post]
