"""What a syntax error means to the person who wrote the guideline: the construct the parser was in,
said in the file's language, with a one-line example of what may stand there.

:func:`construct` reads the parser's stack (the symbols of what it has read and not yet finished,
innermost last) and names the construct; :data:`CONSTRUCTS` says, per construct and language,
where the parser was, what is allowed there and an example. :mod:`sirules.language.syntax` builds
the diagnostics from them; nothing here imports lark.
"""

from __future__ import annotations

from .i18n import exact, mark

#: construct -> (where the parser was, what is allowed there: the catalogue's msgids; a one-line example of
#: what may stand there, in each language: code, so written in both, not translated)
CONSTRUCTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "statement": (mark("here"), mark("a new statement starts on a new line with a keyword"),
        {"sv": 'ska tak "högst en miljon": belopp <= 1 mnkr', "en": 'must cap "at most 1 MSEK": amount <= 1 MSEK'}),
    "rule_name": (mark("after the rule's strength"), mark("after `must`, `should`, `priority`, `may` comes a name"),
        {"sv": 'ska tak "högst en miljon": belopp <= 1 mnkr', "en": 'must cap "at most 1 MSEK": amount <= 1 MSEK'}),
    "rule_head": (mark("in the head of the rule"), mark('after the name comes an optional "label", then `:`'),
        {"sv": 'ska tak "högst en miljon": belopp <= 1 mnkr', "en": 'must cap "at most 1 MSEK": amount <= 1 MSEK'}),
    "condition": (mark("in the rule's condition"), mark("a condition is comparisons joined with `and`, `or`"),
        {"sv": "belopp <= 1 mnkr och förebyggande är ja", "en": "amount <= 1 MSEK and preventive is yes"}),
    "after_condition": (mark("after a complete condition"),
                        mark("then comes `and`, `or` or a new statement (not a comma)"),
        {"sv": "belopp <= 1 mnkr och längd <= 3 år", "en": "amount <= 1 MSEK and duration <= 3 years"}),
    "has": (mark("after `has`"), mark("after `has` comes a field"),
        {"sv": "varje deltagare har tillstyrkt", "en": "every participant has endorsed"}),
    "where": (mark("after `where`"), mark("after `where` comes a condition on a field"),
        {"sv": "antal deltagare där typ är förvaltning >= 2",
         "en": "count participants where kind is municipal_unit >= 2"}),
    "count": (mark("in a count"), mark("write `count participants`, an optional `where`, a comparison"),
        {"sv": "antal deltagare där typ i extern >= 1", "en": "count participants where kind in external >= 1"}),
    "every": (mark("in an `every`"), mark("write `every participant`, an optional `where`, `has` and a condition"),
        {"sv": "varje deltagare har inte vinstdrivande", "en": "every participant has not profit_making"}),
    "in_list": (mark("in the list after `in (`"), mark("the words are apart by commas, the list ends with `)`"),
        {"sv": 'projekttyp i (förstudie, "ny metod")', "en": 'project_type in (pilot, "new method")'}),
    "in": (mark("after `in`"), mark("after `in` comes a group or a list in parentheses"),
        {"sv": "projekttyp i (förstudie, metodutveckling)", "en": "project_type in (pilot, method)"}),
    "between": (mark("in a `between`"), mark("write `between` a value `and` a value"),
        {"sv": "längd mellan 1 år och 3 år", "en": "duration between 1 year and 3 years"}),
    "compare": (mark("after the comparison"), mark("after `<=`, `=`, `>=` … comes a value"),
        {"sv": "belopp <= 50 % av total_kostnad", "en": "amount <= 50 % of total_cost"}),
    "is": (mark("after `is`"), mark("after `is` comes yes, no, a kind or a word"),
        {"sv": "sökande.typ är förvaltning", "en": "applicant.kind is municipal_unit"}),
    "setting": (mark("in a setting"), mark("a setting is written `name: value`"),
        {"sv": 'organ: "Ale kommun"', "en": 'body: "Ale kommun"'}),
    "group": (mark("in a group"), mark("a group is written `group name = kind, kind`"),
        {"sv": "grupp extern = förening, stiftelse", "en": "group external = association, foundation"}),
    "constant": (mark("in a constant"), mark("a constant is written `constant name = value`"),
        {"sv": "konstant tak = 1 mnkr", "en": "constant cap = 1 MSEK"}),
    "fact": (mark("in a fact"), mark('write `fact name: type "question"`'),
        {"sv": 'faktum styrelse: ja_nej "Finns en styrelse?"', "en": 'fact board: yes_no "Is there a board?"'}),
    "declaration": (mark("in a declaration"), mark('write the keyword, a name and an optional "description"'),
        {"sv": 'projekttyp förstudie "Förstudie"', "en": 'project type pilot "Pilot study"'}),
    "parts": (mark("in a `parts` block"), mark("every line starts with `required`, `optional` or `supplied by`"),
        {"sv": "krävs mål, budget", "en": "required goal, budget"}),
    "section": (mark("in the head of a section"), mark('write `section`, the number and an optional "heading"'),
        {"sv": 'avsnitt 3 "Vem kan söka"', "en": 'section 3 "Who may apply"'}),
    "validity": (mark("in a validity"), mark("write `valid from` and/or `to` a date"),
        {"sv": "gäller från 2024-01-01", "en": "valid from 2024-01-01"}),
    "head": (mark("in the head of the file"), mark("the file starts with `guideline` and the title"),
        {"sv": 'riktlinje "Sociala investeringar"', "en": 'guideline "Social investments"'}),
}

_VALUES = {"NUMBER", "UNIT", "STRING", "DATE", "NAME", "RPAR", "KW_YES", "KW_NO"}
_STRENGTHS = {"strength", "KW_MUST", "KW_SHOULD", "KW_PRIORITY", "KW_MAY"}
_DECLARATIONS = {"KW_KIND", "KW_PROJECT_TYPE", "KW_PART"}
_STATEMENT_STARTS = {"KW_MUST", "KW_SHOULD", "KW_PRIORITY", "KW_MAY", "KW_SECTION", "KW_FUND", "KW_GROUP",
                     "KW_FACT", "$END"}
_INNER = {"KW_HAS": "has", "KW_BETWEEN": "between", "CMP": "compare", "KW_IS": "is", "KW_WHERE": "where",
          "KW_EVERY": "every", "KW_COUNT": "count", "KW_VALID": "validity", "KW_FROM": "validity",
          "KW_TO": "validity"}


def construct(stack: list[str], expected) -> str:
    """The construct the parser was in, from its stack (innermost last) and what it expected next."""
    finished = False                            # a whole expression stands after the innermost marker
    for i in range(len(stack) - 1, -1, -1):
        sym = stack[i]
        if sym == "LPAR" and i > 0 and stack[i - 1] == "KW_IN":
            return "in_list"
        if sym == "KW_IN":
            return "in"
        if sym in _INNER and not (finished and sym in ("CMP", "KW_IS", "KW_BETWEEN")):
            return _INNER[sym]
        if sym == "COLON":
            before = stack[:i]
            if _STRENGTHS & set(before[-3:]) or "strength" in before:
                return "after_condition" if finished and _STATEMENT_STARTS & set(expected) else "condition"
            if "KW_FACT" in before[-3:]:
                return "fact"
            return "setting"
        if sym in _STRENGTHS:
            return "rule_name" if i == len(stack) - 1 else "rule_head"
        if sym == "KW_GROUP":
            return "group"
        if sym == "KW_CONSTANT":
            return "constant"
        if sym == "KW_FACT":
            return "fact"
        if sym in _DECLARATIONS:
            return "declaration"
        if sym in ("KW_PARTS", "KW_REQUIRED", "KW_OPTIONAL", "KW_SUPPLIED"):
            return "parts"
        if sym == "KW_SECTION":
            return "section" if i >= len(stack) - 2 else "setting"
        if sym in ("block_kw", "KW_GUIDELINE") and stack[-1] == "NAME":
            return "setting"
        if sym == "KW_GUIDELINE":
            return "head"
        if sym in ("head", "guideline") or sym.startswith("__guideline") or sym in ("block", "section", "rule"):
            return "statement"
        if (not sym.isupper() and not sym.startswith("__")) or sym in _VALUES:
            finished = True                     # a finished sub-expression (compare, name, quantity, …)
    return "statement"


def explain(key: str, lang: str) -> tuple[str, str]:
    """(where the parser was, the hint: what is allowed there and an example), in ``lang``."""
    where, allowed, examples = CONSTRUCTS[key]
    return exact(where, lang), exact("{allowed}, e.g. `{example}`", lang, allowed=exact(allowed, lang),
                                     example=examples[lang])
