"""From :mod:`sirules.language.model` rules to one Python function, compiled once.

The generated function ``check(a, on)`` takes a normalised application (see
:mod:`sirules.engine.application`) and the date that picks the rules in force, and
returns ``(verdict, score, outcomes)`` where ``outcomes`` holds one small int
per rule: 0 pass, 1 fail, 2 undecided, 3 not in force. No syntax node is walked
per application, nothing is formatted, and every rule is inlined, so there is no
call per rule. Missing facts are ``None``; and/or/not/if follow Kleene's
three-valued logic. Numbers are compared exactly: a percentage is a fraction
whose denominator is multiplied out at compile time.

The generator (``generator``) lays out the module; its emitters are mixins by what they write:
expressions (``expressions``), comparisons (``comparisons``), participant counts and loops
(``loops``), rules and the verdict (``rules``); the raw entry points that read JSON-shaped
applications directly are in ``fastpath``, and the small pieces of generated Python in ``pycode``.

Imports: :mod:`sirules.language` (and :mod:`sirules.engine.application` for the fast path's limits).
"""

from .generator import CHUNK, FAIL, INLINE_RULES, NOT_IN_FORCE, PASS, UNDECIDED, source

__all__ = ["source", "PASS", "FAIL", "UNDECIDED", "NOT_IN_FORCE", "INLINE_RULES", "CHUNK"]
