"""What an application is once read: :class:`Application`, the structural keys beside the facts,
the facts read from every application, and the limits on an application's size."""

from __future__ import annotations

MAX_APPLICATION_BYTES = 5_000_000
MAX_PARTICIPANTS = 1_000
MAX_YEARS = 100
MAX_TEXT = 200_000
MAX_DEPTH = 20
MAX_VALUES = 100_000            # values in one application, YAML aliases expanded
MAX_YAML_ALIASES = 100
MAX_SAVINGS_ROWS = MAX_YEARS * 20
MAX_LIST_ITEMS = 1_000          # words in a list of words (target_group, tags facts)

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
