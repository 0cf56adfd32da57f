"""Peer engines for the sirules benchmark.

Each module implements the same 21-rule set and exposes
``check_all(apps: list[dict]) -> list[tuple[str, int, tuple[str, ...]]]``
returning ``(verdict, score, outcomes)`` per application, where ``outcomes``
holds "pass" / "fail" / "undecided" for R01..R21 in order.
"""

RULE_IDS = tuple(f"R{i:02d}" for i in range(1, 22))
MUST_RULES = ("R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10",
              "R11", "R12", "R13", "R14", "R18", "R21")
PART_RULES = ("R15", "R16", "R17")
SHOULD_RULES = ("R19",)
PRIORITY_WEIGHTS = {"R20": 5}
