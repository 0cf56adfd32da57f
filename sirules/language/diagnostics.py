"""Diagnostics and the one error type of sirules.

Every problem sirules reports about a user's file is a :class:`Diagnostic` with a
stable code from :data:`CODES`. Problems that stop the work are raised as one
:class:`SirulesError` carrying all the diagnostics found. Rendering happens in
:mod:`sirules.report.render`, never here.

Code ranges: SIR0xx syntax, SIR1xx names, SIR2xx meaning (types, ranges, dates),
SIR3xx application and outcome files, SIR4xx limits and usage, SIR5xx lint warnings
(``sirules lint``: the guideline loads, but probably does not say what its author meant),
SIR6xx the fund register (``sirules fund``).
"""

from __future__ import annotations

import enum
from collections import namedtuple
from collections.abc import Iterable

from . import i18n

TYPE_CHECKING = False                # typing's own flag, without importing typing (start-up time)
if TYPE_CHECKING:
    from .source import Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Diagnostic(namedtuple("Diagnostic", "code severity message span hint related section sv",
                            defaults=(None, None, (), None, None))):
    """One problem: ``code`` (SIRnnn), ``severity``, ``message``, and where (``span``, a
    :class:`~sirules.language.source.Span` or None), a ``hint``, ``related`` (label, Span) pairs and the
    guideline ``section``. Messages are English; a warning that a check report shows (an unknown
    key, a guideline not in force) also carries ``sv``, its message and hint in Swedish, for the
    reports of Swedish guidelines.

    Immutable; ``d._replace(section=...)`` makes a changed copy. (A named tuple rather than an
    attrs class: every command imports this module, and attrs costs start-up time.)
    """
    __slots__ = ()

    def words(self, lang: str | None) -> tuple[str, str | None]:
        """The message and hint in ``lang`` (``--lang`` wins): a :func:`~sirules.language.i18n.later`
        text is translated, a warning's own Swedish ``sv`` is used if it has one."""
        lang = i18n._forced or lang
        if lang != "sv":                    # English: the texts are written in it (a run may show thousands)
            return self.message, self.hint
        if self.sv:
            return self.sv
        return i18n.tr(self.message, lang), (i18n.tr(self.hint, lang) if self.hint else self.hint)

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity.value}[{self.code}]: {self.message}"


class SirulesError(Exception):
    """Raised when a guideline, an application or a command cannot be used."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = (diagnostics,) if isinstance(diagnostics, Diagnostic) else tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def error(code: str, message: str, span: Span | None = None, hint: str | None = None,
          related: tuple[tuple[str, Span], ...] = ()) -> Diagnostic:
    assert code in CODES, code
    return Diagnostic(code, Severity.ERROR, message, span, hint, related)


def warning(code: str, message: str, span: Span | None = None, hint: str | None = None,
            related: tuple[tuple[str, Span], ...] = (), sv: tuple[str, str | None] | None = None) -> Diagnostic:
    """A warning; ``sv`` is (message, hint) in Swedish for one that check reports show."""
    assert code in CODES, code
    return Diagnostic(code, Severity.WARNING, message, span, hint, related, sv=sv)


def fail(code: str, message: str, span: Span | None = None, hint: str | None = None,
         related: tuple[tuple[str, Span], ...] = ()) -> SirulesError:
    """A SirulesError with one error diagnostic (to ``raise``)."""
    return SirulesError([error(code, message, span, hint, related)])


#: code -> (title, minimal bad example or None). The docs catalogue and the golden
#: tests are generated from this table.
CODES: dict[str, str] = {
    # syntax
    "SIR001": "unexpected character",
    "SIR002": "unexpected word or symbol",
    "SIR003": "unexpected end of file",
    "SIR004": "file is not valid UTF-8 text",
    "SIR005": "bad literal (number, date or amount)",
    # names
    "SIR101": "unknown name",
    "SIR102": "duplicate definition",
    "SIR103": "unknown participant kind",
    "SIR104": "unknown application part",
    "SIR105": "unknown setting",
    "SIR106": "unknown field of a participant",
    "SIR107": "unknown group",
    "SIR108": "unknown value for a setting",
    "SIR109": "duplicate setting",
    # meaning
    "SIR201": "type mismatch",
    "SIR202": "empty or reversed range",
    "SIR203": "dates out of order",
    "SIR204": "condition is not a yes/no expression",
    "SIR205": "wrong kind of value for a setting",
    "SIR208": "constant refers to itself",
    "SIR209": "weight outside a priority rule",
    # application and outcome files
    "SIR301": "application file cannot be read",
    "SIR302": "wrong type of value in application",
    "SIR303": "unknown key in application",
    "SIR304": "unknown participant kind in application",
    "SIR305": "bad amount, date or duration in application",
    "SIR306": "no date to tell whether the guideline is in force",
    "SIR307": "bad outcome file",
    # limits and usage
    "SIR401": "input too large",
    "SIR402": "nesting too deep",
    "SIR403": "file not found",
    "SIR404": "bad command-line argument",
    # lint (sirules lint): warnings only
    "SIR501": "constant never used",
    "SIR502": "condition can never hold",
    "SIR503": "condition always holds",
    "SIR504": "should- or priority-rule repeats a must-rule",
    "SIR505": "section without rules",
    "SIR506": "guideline without validity dates",
    "SIR507": "repayment without a risk bearer",
    "SIR508": "application part without a description",
    "SIR509": "part described but never asked for",
    "SIR510": "overlapping versions",
    "SIR511": "Swedish and English keywords mixed",
    "SIR340": "application without a start date, where the guideline's blocks are dated",
    # the fund register (sirules fund)
    "SIR601": "no register found",
    "SIR602": "the register cannot be used",
    "SIR603": "a register is never overwritten",
    "SIR604": "no such application in the register",
    "SIR605": "the application is already decided",
    "SIR606": "an amount or reason the decision needs",
    "SIR607": "granting an application that was not accepted",
    "SIR608": "the grant is more than the fund has left",
    "SIR609": "the payment is more than the unpaid grant",
    "SIR610": "an export that cannot be imported",
    "SIR410": "cache folder or entry not used: not safe",
    "SIR411": "output file cannot be written",
    "SIR412": "input is not a regular file",
    # lang-fields: participant fields, reference values, fund periods and sources
    "SIR120": "participant field clashes with a standard name",
    "SIR121": "reference value given twice for a year",
    "SIR210": "reference values of different types",
    "SIR211": "fund source amount is not an amount",
    "SIR550": "gap between fund periods",
    "SIR551": "participant field never used",
    "SIR330": "actor the guideline's calculation does not count",
    # lang-core: membership lists, permissions, quoted words
    "SIR110": "membership test on a value that is not a kind, choice or word",
    "SIR111": "word listed twice in a membership test",
    "SIR112": "word in an application that no rule names",
    "SIR540": "permission contradicts a must-rule",
    "SIR010": "a prohibition written as a rule strength (`bör inte`, `får inte`)",
    "SIR011": "rule without a name",
    "SIR012": "setting written with `=` instead of `:`",
    "SIR013": "text with a space not in quotes",
    "SIR014": "`får` / `may` inside a condition",
    "SIR015": "list after `i` / `in` without parentheses",
    "SIR520": "bidirectional control character (Trojan Source)",
    "SIR521": "name with look-alike letters of another script",
    "SIR420": "number too large to compute exactly",
    # dates, call rounds and duties (#17 points 2 and 5)
    "SIR140": "unknown part of a date",
    "SIR141": "round mixes a date with a day of every year",
    "SIR142": "no call round declared",
    "SIR143": "unknown party to a duty",
    "SIR350": "bad duty in an outcome file",
    "SIR560": "call round never open while the guideline is in force",
    # the web service (sirules serve)
    "SIR630": "two served guidelines have the same id",
    "SIR631": "no such guideline served",
    "SIR632": "a request the service cannot read",
    "SIR633": "a request larger than the limit",
    "SIR635": "a form without its security token",
    "SIR634": "not logged in, or a wrong name, password or token",
    "SIR636": "not allowed for this role",
    # the decision document and charts (#22)
    "SIR460": "chart or document file of an unknown type",
    "SIR461": "chart or document cannot be made here",
    # Excel and CSV, applications in Swedish (#20 points 2-4)
    "SIR430": "not an Excel workbook sirules can read",
    "SIR431": "cell that cannot be read",
    "SIR432": "application mixes English and Swedish keys",
    "SIR433": "binary output to a terminal",
    # the fund's register in the language (#18 point 3)
    "SIR170": "a pot outside the fund block",
    "SIR171": "a pot declared twice",
    "SIR172": "unknown pot",
    "SIR240": "a pot's size is not an amount",
    "SIR580": "pots larger together than the fund",
    "SIR581": "a pot no rule reads",
    "SIR611": "the grant is more than the pot has left",
    "SIR612": "unknown pot in a decision",
    "SIR613": "--register with --batch",
    # reg-money: outcomes booked in the register, import and Excel export
    "SIR620": "an outcome for an application with nothing paid",
    "SIR621": "an outcome that would overdraw the fund",
    "SIR622": "a file too large or not text, so not a register export",
    "SIR623": "the Excel export cannot be written (no --output, or no openpyxl)",
}
