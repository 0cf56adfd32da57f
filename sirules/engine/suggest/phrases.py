"""The sentences of the suggestions: :data:`PHRASES` maps a name to the template the suggester fills
in (``{x}`` a fact, ``{o}``/``{v}`` the old and new value, ...), in English, the catalogue's msgid;
:func:`table` gives them in a language. They are the guideline's own wording (they name its facts
and values), so they are in the guideline's language whatever ``--lang`` says (:func:`exact`)."""

from __future__ import annotations

from ...language.i18n import exact, mark

PHRASES = {
    "lower": mark("lower the {x} by {d} to {v}"),
    "raise": mark("raise the {x} by {d} to {v}"),
    "lower_strict": mark("lower the {x} from {o} to less than {b}"),
    "raise_strict": mark("raise the {x} from {o} to more than {b}"),
    "change": mark("change the {x} from {o} to {v}"),
    "change_bool": mark("change {x} from {o} to {v}"),
    "change_not": mark("change the {x} from {o} to something else"),
    "earlier": mark("change the {x} from {o} to {v} or earlier"),
    "later": mark("change the {x} from {o} to {v} or later"),
    "state": mark("state the {x} ({n}); {req}"),
    "state_bool": mark("state whether {x} ({n}); the guideline requires {v}"),
    "state_bool_exempt": mark("state whether {x} ({n}); with {v}, the requirement does not apply"),
    "answer": mark("answer the question «{x}» ({n}); the guideline requires {v}"),
    "answer_exempt": mark("answer the question «{x}» ({n}); with {v}, the requirement does not apply"),
    "exempt": mark("; then the requirement does not apply"),
    "exempt_marker": mark("does not apply"),
    "budget_follow": mark(", and spread the yearly budget: {t}"),
    "budget_scale": mark("rescale the yearly budget to {v} in all: {t}"),
    "budget_years": mark("change the yearly budget: {t}"),
    "budget_keep": mark("move money between the years of the budget, keeping its total: {t}"),
    "budget_new": mark("give a yearly budget: {t}"),
    "amount_follow": mark(", and change the {x} from {o} to {v}"),
    "field_change": mark("change {f} for {who} from {o} to {v}"),
    "field_state": mark("state {f} for {who}: {v}"),
    "add_one": mark("add a participant {d}"),
    "add_n": mark("add {k} participants {d}"),
    "kind_one": mark("of kind {k}"),
    "kind_group": mark("in the group {g} ({ks})"),
    "kind_set": mark("of kind {ks}"),
    "kind_not": mark("not of kind {ks}"),
    "where": mark("where {f}"),
    "distinct_name": mark("(another one than {v})"),
    "distinct_committee": mark("from another committee than {v}"),
    "distinct_area": mark("from another service area than {v}"),
    "distinct_other": mark("with another {f} than {v}"),
    "remove": mark("remove {who} from the participants"),
    "swap": mark("let {who} be the applicant instead of {old}, which becomes a participant"),
    "new_applicant": mark("let {d} be the applicant instead of {old}, which can take part as a participant"),
    "state_applicant": mark("name an applicant: {d}"),
    "other_applicant": mark("let someone other than {old} be the applicant (not of kind {ks}); {old} can take part "
                            "as a participant"),
    "group_actor": mark("party in the group {g} ({ks})"),
    "attach": mark("attach {p}"),
    "tag_add": mark("add {v} to the {x} ({n})"),
    "tag_remove": mark("remove {v} from the {x} ({n})"),
    "or": mark(", or "),
    "and": mark(" and "),
    "alt": mark("; alternatively: "),
    "list_or": mark(" or "),
    "look": mark("look at the rule {id}{label} ({where}): {text}"),
    "line": mark("line"),
    "nothing_left": mark("no change of the application passes the rule {id}{label} ({where}): only applying for "
                         "nothing (SEK 0) would meet it, and that grants nothing ({text})"),
    "state_for": mark("state {facts} so that the rule {id}{label} ({where}) can be decided: {text}"),
    "attested": mark("{fact} is attested by {who}{per}; it is not something the applicant changes: the rule "
                     "{id}{label} ({where}): {text}"),
    "attested_per": mark(" per {doc}"),
    "reference": mark("{x} is a reference value ({v}); it is not something the applicant changes: the rule "
                      "{id}{label} ({where}): {text}"),
    "who_kind": mark("the {k} participant"),
    "new_name": mark("new participant {i}"),
    "new_committee": mark("another committee {i}"),
    "new_area": mark("another service area {i}"),
    "new_value": mark("another value {i}"),
    "part_text": mark("(to be attached: {p})"),
    "missing": mark("missing"),
    "conflict": mark("the rules {rules} conflict (a change that meets one breaks another)"),
    "validity": mark("the guideline's period of validity"),
    "needs": mark("{id} needs {what}"),
    "breaks": mark("breaks {rules}"),
    "one": mark("a"),
}
#: a bound a value must meet (``at most {v}``)
BOUND = {
    "<=": mark("at most {v}"),
    "<": mark("less than {v}"),
    ">=": mark("at least {v}"),
    ">": mark("more than {v}"),
    "=": mark("exactly {v}"),
    "!=": mark("something other than {v}"),
}
_tables: dict = {}


def table(lang: str | None) -> dict:
    """Every template in ``lang`` (read once per language)."""
    t = _tables.get(lang)
    if t is None:
        t = {key: exact(msgid, lang) for key, msgid in PHRASES.items()}
        t["bound"] = {op: exact(msgid, lang) for op, msgid in BOUND.items()}
        t["any"] = ""
        # "the applicant" is "sökande" in the catalogue (a duty's subject); here it is the definite form
        t["who_applicant"] = "sökanden" if lang == "sv" else "the applicant"
        _tables[lang] = t
    return t
