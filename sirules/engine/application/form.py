"""What an application is once read: :class:`Application`, the structural keys beside the facts,
the facts read from every application, and the limits on an application's size."""

from __future__ import annotations

from ...language import limits

# the defaults live in language/limits.py: one set for files, batch lines and the API
MAX_APPLICATION_BYTES = limits.APPLICATION_BYTES
MAX_PARTICIPANTS = limits.PARTICIPANTS
MAX_YEARS = limits.YEARS
MAX_TEXT = limits.TEXT
MAX_DEPTH = limits.APPLICATION_DEPTH
MAX_VALUES = limits.APPLICATION_VALUES
MAX_YAML_ALIASES = limits.YAML_ALIASES
MAX_SAVINGS_ROWS = limits.SAVINGS_ROWS
MAX_LIST_ITEMS = limits.LIST_ITEMS

STRUCTURAL = {"applicant": "sökande", "participants": "deltagare", "parts": "delar",
              "budget": "budget", "savings": "besparingar", "id": "id", "expect": "förväntat",
              "repayment_plan": "återbetalningsplan", "outcomes": "utfall", "shares": "andelar",
              "expected_outcomes": "förväntade_utfall", "costs": "kostnader"}


#: facts read from every application (date selection, obligations, calculation)
ALWAYS = ("title", "start", "duration", "amount", "total_cost", "budget", "savings", "risk_level", "project_type",
          "submitted")


class Application:
    """An application as read: ``data`` normalised (the form the checks read), ``raw`` as parsed,
    the ``warnings`` found while reading, and the file's ``text``. Read-only."""
    __slots__ = ("path", "data", "raw", "warnings", "text")

    def __init__(self, path: str, data: dict, raw: dict, warnings: tuple = (), text: str = "") -> None:
        self.path, self.data, self.raw, self.warnings, self.text = path, data, raw, warnings, text

    def __repr__(self) -> str:
        return f"Application(path={self.path!r}, warnings={len(self.warnings)})"

    def replace(self, **changes) -> "Application":
        """A copy with some fields changed."""
        fields = {k: getattr(self, k) for k in self.__slots__}
        fields.update(changes)
        return Application(**fields)

    @property
    def name(self) -> str:
        return self.path
