"""What a syntax error means to the person who wrote the guideline: the construct the parser was in,
said in the file's language, with a one-line example of what may stand there.

:func:`construct` reads the parser's stack (the symbols of what it has read and not yet finished,
innermost last) and names the construct; :data:`CONSTRUCTS` says, per construct and language,
where the parser was, what is allowed there and an example. :mod:`sirules.language.syntax` builds
the diagnostics from them; nothing here imports lark.
"""

from __future__ import annotations

#: construct -> language -> (where the parser was, what is allowed there, a one-line example)
CONSTRUCTS: dict[str, dict[str, tuple[str, str, str]]] = {
    "statement": {
        "sv": ("här", "en ny sats börjar på en ny rad med ett nyckelord", 'ska tak "högst en miljon": belopp <= 1 mnkr'),
        "en": ("here", "a new statement starts on a new line with a keyword", 'must cap "at most 1 MSEK": amount <= 1 MSEK')},
    "rule_name": {
        "sv": ("efter regelns styrka", "efter `ska`, `bör`, `prioriteras`, `får` kommer regelns namn",
               'ska tak "högst en miljon": belopp <= 1 mnkr'),
        "en": ("after the rule's strength", "after `must`, `should`, `priority`, `may` comes a name",
               'must cap "at most 1 MSEK": amount <= 1 MSEK')},
    "rule_head": {
        "sv": ("i regelns huvud", 'efter namnet kommer en valfri "rubrik" och sedan `:`',
               'ska tak "högst en miljon": belopp <= 1 mnkr'),
        "en": ("in the head of the rule", 'after the name comes an optional "label", then `:`',
               'must cap "at most 1 MSEK": amount <= 1 MSEK')},
    "condition": {
        "sv": ("i regelns villkor", "ett villkor är jämförelser bundna med `och`, `eller`",
               "belopp <= 1 mnkr och förebyggande är ja"),
        "en": ("in the rule's condition", "a condition is comparisons joined with `and`, `or`",
               "amount <= 1 MSEK and preventive is yes")},
    "after_condition": {
        "sv": ("efter ett helt villkor", "sedan kommer `och`, `eller` eller en ny sats (inte ett kommatecken)",
               "belopp <= 1 mnkr och längd <= 3 år"),
        "en": ("after a complete condition", "then comes `and`, `or` or a new statement (not a comma)",
               "amount <= 1 MSEK and duration <= 3 years")},
    "has": {
        "sv": ("efter `har`", "efter `har` kommer ett fält", "varje deltagare har tillstyrkt"),
        "en": ("after `has`", "after `has` comes a field", "every participant has endorsed")},
    "where": {
        "sv": ("efter `där`", "efter `där` kommer ett villkor på ett fält", "antal deltagare där typ är förvaltning >= 2"),
        "en": ("after `where`", "after `where` comes a condition on a field",
               "count participants where kind is municipal_unit >= 2")},
    "count": {
        "sv": ("i ett antal", "skriv `antal deltagare`, ett valfritt `där` och en jämförelse",
               "antal deltagare där typ i extern >= 1"),
        "en": ("in a count", "write `count participants`, an optional `where`, a comparison",
               "count participants where kind in external >= 1")},
    "every": {
        "sv": ("i ett `varje`", "skriv `varje deltagare`, ett valfritt `där`, `har` och ett villkor",
               "varje deltagare har inte vinstdrivande"),
        "en": ("in an `every`", "write `every participant`, an optional `where`, `has` and a condition",
               "every participant has not profit_making")},
    "in_list": {
        "sv": ("i listan efter `i (`", "orden skiljs med kommatecken, listan slutar med `)`",
               'projekttyp i (förstudie, "ny metod")'),
        "en": ("in the list after `in (`", "the words are apart by commas, the list ends with `)`",
               'project_type in (pilot, "new method")')},
    "in": {
        "sv": ("efter `i`", "efter `i` kommer en grupp eller en lista inom parentes",
               "projekttyp i (förstudie, metodutveckling)"),
        "en": ("after `in`", "after `in` comes a group or a list in parentheses", "project_type in (pilot, method)")},
    "between": {
        "sv": ("i ett `mellan`", "skriv `mellan` ett värde `och` ett värde", "längd mellan 1 år och 3 år"),
        "en": ("in a `between`", "write `between` a value `and` a value", "duration between 1 year and 3 years")},
    "compare": {
        "sv": ("efter jämförelsen", "efter `<=`, `=`, `>=` … kommer ett värde", "belopp <= 50 % av total_kostnad"),
        "en": ("after the comparison", "after `<=`, `=`, `>=` … comes a value", "amount <= 50 % of total_cost")},
    "is": {
        "sv": ("efter `är`", "efter `är` kommer ja, nej, en typ eller ett ord", "sökande.typ är förvaltning"),
        "en": ("after `is`", "after `is` comes yes, no, a kind or a word", "applicant.kind is municipal_unit")},
    "setting": {
        "sv": ("i en inställning", "en inställning skrivs `namn: värde`", 'organ: "Ale kommun"'),
        "en": ("in a setting", "a setting is written `name: value`", 'body: "Ale kommun"')},
    "group": {
        "sv": ("i en grupp", "en grupp skrivs `grupp namn = typ, typ`", "grupp extern = förening, stiftelse"),
        "en": ("in a group", "a group is written `group name = kind, kind`", "group external = association, foundation")},
    "constant": {
        "sv": ("i en konstant", "en konstant skrivs `konstant namn = värde`", "konstant tak = 1 mnkr"),
        "en": ("in a constant", "a constant is written `constant name = value`", "constant cap = 1 MSEK")},
    "fact": {
        "sv": ("i ett faktum", 'skriv `faktum namn: typ "fråga"`', 'faktum styrelse: ja_nej "Finns en styrelse?"'),
        "en": ("in a fact", 'write `fact name: type "question"`', 'fact board: yes_no "Is there a board?"')},
    "declaration": {
        "sv": ("i en deklaration", 'skriv nyckelordet, ett namn och en valfri "beskrivning"',
               'projekttyp förstudie "Förstudie"'),
        "en": ("in a declaration", 'write the keyword, a name and an optional "description"',
               'project type pilot "Pilot study"')},
    "parts": {
        "sv": ("i ett `delar`-block", "varje rad börjar med `krävs`, `valfri` eller `tillförs av`",
               "krävs mål, budget"),
        "en": ("in a `parts` block", "every line starts with `required`, `optional` or `supplied by`",
               "required goal, budget")},
    "section": {
        "sv": ("i ett avsnitts huvud", 'skriv `avsnitt`, numret och en valfri "rubrik"', 'avsnitt 3 "Vem kan söka"'),
        "en": ("in the head of a section", 'write `section`, the number and an optional "heading"',
               'section 3 "Who may apply"')},
    "validity": {
        "sv": ("i en giltighet", "skriv `gäller från` och/eller `till` ett datum", "gäller från 2024-01-01"),
        "en": ("in a validity", "write `valid from` and/or `to` a date", "valid from 2024-01-01")},
    "head": {
        "sv": ("i filens huvud", 'filen börjar med `riktlinje` och titeln', 'riktlinje "Sociala investeringar"'),
        "en": ("in the head of the file", 'the file starts with `guideline` and the title',
               'guideline "Social investments"')},
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
    where, allowed, example = CONSTRUCTS[key][lang]
    return where, f"{allowed}, {'t.ex.' if lang == 'sv' else 'e.g.'} `{example}`"
