"""Synthetic applications to the social investment fund, for benchmarking.

``generate(n, seed)`` yields ``n`` application dicts (JSON-compatible) and is
deterministic for a given ``seed``.  Roughly 40 % of the applications are
built to be accepted; the rest carry one to three deliberate defects, each of
which makes a specific rule fail, so that every failure cause shows up.
About 3 % of applications additionally lack one fact (the key is absent), and
about 0.5 % have one participant without an ``endorsed`` key, so that the
"undecided" paths of the rules are exercised too.

Values sit on the rule boundaries now and then (total cost exactly twice the
amount, co-financing exactly 30 %, a start date of 2024-01-01, ages 12 and
25, durations 12 and 36, yearly budgets of exactly 1 000 000) so that
off-by-one differences between engines show up in the agreement check.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

__all__ = ["generate", "write_jsonl", "MISSABLE_FACTS", "DEFECTS"]

# Facts that may be absent from an application (about 3 % miss one of them).
MISSABLE_FACTS = (
    "amount", "total_cost", "cofinancing", "preventive",
    "new_method", "age_to", "start", "duration",
)

# Defects the generator can inject; each names the rule it is meant to break.
DEFECTS = (
    "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10",
    "R11", "R12", "R13", "R14", "R15", "R16", "R17", "R18", "R21",
)

P_CLEAN = 0.42          # share of applications built without defects
P_MISSING_FACT = 0.03   # share of applications that lack one fact
P_MISSING_ENDORSED = 0.005

_UNIT = 10_000          # amounts are whole multiples of 10 000 kronor

_MUNICIPAL_UNITS = (
    ("Sektor utbildning", "Utbildningsnämnden"),
    ("Socialförvaltningen", "Socialnämnden"),
    ("Kultur- och fritidsförvaltningen", "Kultur- och fritidsnämnden"),
    ("Barn- och utbildningsförvaltningen", "Barn- och utbildningsnämnden"),
    ("Arbetsmarknadsförvaltningen", "Arbetsmarknadsnämnden"),
    ("Stadsdelsförvaltning Norr", "Stadsdelsnämnd Norr"),
    ("Stadsdelsförvaltning Söder", "Stadsdelsnämnd Söder"),
    ("Vård- och omsorgsförvaltningen", "Vård- och omsorgsnämnden"),
    ("Förskoleförvaltningen", "Förskolenämnden"),
)
_OTHER_NAMES = {
    "association": ("Föreningen Fritidsgården", "IFK Ungdom", "Rädda Barnen lokalavdelning",
                    "Föräldraföreningen Trygga barn", "Idrottsalliansen"),
    "foundation": ("Stiftelsen Ungdomsgården", "Stiftelsen Läslust", "Stiftelsen Fryshuset lokalt"),
    "cooperative": ("Kooperativet Framtid", "Sociala kooperativet Vägen", "Arbetskooperativet Steget"),
    "company": ("Konsultbolaget Insats AB", "Utvärdering i Norden AB", "Kompetensbolaget AB"),
    "region_unit": ("Regionen – Barn- och ungdomspsykiatrin", "Regionen – Ungdomsmottagningen",
                    "Regionen – Vårdcentral Centrum"),
}
# Kinds a partner may have in a clean application (no company), with the first
# partner drawn so that R02 holds (a second municipal unit or an external party).
_FIRST_PARTNER_KINDS = ("municipal_unit", "municipal_unit", "association", "association",
                        "foundation", "cooperative")
_PARTNER_KINDS = ("municipal_unit", "municipal_unit", "association", "association",
                  "foundation", "cooperative", "region_unit", "region_unit")
_NON_MUNICIPAL_APPLICANT_KINDS = ("association", "foundation", "cooperative", "region_unit", "company")

_TOPICS = (
    "Tidiga insatser för barn", "Föräldrastöd", "Ökad skolnärvaro", "Läsfrämjande insatser",
    "Fritid för alla", "Förebyggande av utanförskap", "Psykisk hälsa bland unga",
    "Språkutveckling i förskolan", "Trygga övergångar", "Unga vuxna i arbete",
)
_AREAS = ("i Norra området", "i centrum", "i södra stadsdelarna", "på landsbygden",
          "i hela kommunen", "i Östra området")

_GOALS = (
    "Målet är att fler barn ska klara grundskolan med godkända betyg.",
    "Målet är att minska antalet unga som varken arbetar eller studerar.",
    "Målet är att stärka föräldrar i sitt föräldraskap och minska orosanmälningar.",
    "Målet är att öka skolnärvaron bland elever med hög frånvaro.",
)
_BUDGET_TEXTS = (
    "Budgeten avser personal, lokaler och utbildning fördelat per år.",
    "Medlen används till två projektanställda och material.",
    "Kostnaderna avser handledning, metodutbildning och uppföljning.",
)
_EVALUATIONS = (
    "Uppföljning sker halvårsvis med enkäter och registerdata.",
    "Insatsen följs upp mot en jämförelsegrupp med nyckeltal varje termin.",
    "Utvärdering görs internt av kommunens analysenhet.",
)
_SCIENTIFIC = (
    "Följeforskning av universitetet med kontrollgrupp.",
    "Extern utvärdering av högskolan med kvasi-experimentell design.",
)
_BLANKS = ("", "   ", " \n\t ")


def _party(rng: random.Random, kind: str) -> dict:
    if kind == "municipal_unit":
        name, committee = rng.choice(_MUNICIPAL_UNITS)
    else:
        name, committee = rng.choice(_OTHER_NAMES[kind]), ""
    return {"name": name, "kind": kind, "committee": committee, "endorsed": True}


def _split(units: int, years: int) -> list[int]:
    """Split ``units`` as evenly as possible over ``years`` (largest first)."""
    base, rest = divmod(units, years)
    return [base + 1 if i < rest else base for i in range(years)]


def _application(rng: random.Random, number: int) -> dict:
    rand = rng.random
    randint = rng.randint

    defects: set[str] = set()
    if rand() >= P_CLEAN:
        x = rand()
        count = 1 if x < 0.75 else 2 if x < 0.95 else 3
        defects.update(rng.sample(DEFECTS, count))

    # -- who ------------------------------------------------------------
    applicant = _party(rng, "municipal_unit")
    if "R01" in defects:
        applicant = _party(rng, rng.choice(_NON_MUNICIPAL_APPLICANT_KINDS))

    if "R02" in defects:
        partners = [_party(rng, "region_unit") for _ in range(randint(0, 2))]
    else:
        x = rand()
        n_partners = 1 if x < 0.35 else 2 if x < 0.65 else 3 if x < 0.85 else 4 if x < 0.95 else 5
        partners = [_party(rng, rng.choice(_FIRST_PARTNER_KINDS))]
        partners += [_party(rng, rng.choice(_PARTNER_KINDS)) for _ in range(n_partners - 1)]
    if "R03" in defects:
        company = _party(rng, "company")
        if len(partners) == 5 or (len(partners) >= 2 and rand() < 0.5):  # keep to 0-5 partners
            partners[randint(1, len(partners) - 1)] = company
        else:
            partners.append(company)

    everyone = [applicant, *partners]
    if "R21" in defects:
        rng.choice(everyone)["endorsed"] = False
    if rand() < P_MISSING_ENDORSED:
        del rng.choice(everyone)["endorsed"]

    # -- when -----------------------------------------------------------
    year = randint(2021, 2023) if "R14" in defects else randint(2024, 2026)
    month = randint(1, 12)
    day = 1 if rand() < 0.7 else 15
    if "R07" in defects:
        duration = rng.choice((3, 6, 9, 11, 37, 42, 48, 60))
    elif "R04" in defects or "R18" in defects:
        duration = 36  # three or four budget years, room for a large amount
    else:
        duration = rng.choice((12, 12, 18, 24, 24, 30, 36, 36)) if rand() < 0.6 else randint(12, 36)
    n_years = (month - 1 + duration - 1) // 12 + 1

    # -- money ----------------------------------------------------------
    max_units = min(300, n_years * 100)
    if "R04" in defects:
        units = randint(301, 420)
    elif "R18" in defects and max_units > 200:
        units = randint(201, max_units)
    else:
        units = randint(20, max_units)

    if "R05" in defects:
        if n_years == 1:
            units = randint(101, 150)
            yearly = [units]
        else:
            units = max(units, 120)
            first = randint(101, min(units, 150))
            yearly = [first, *_split(units - first, n_years - 1)]
    else:
        yearly = _split(units, n_years)
    budget = {str(year + i): u * _UNIT for i, u in enumerate(yearly)}

    amount = units * _UNIT
    if "R06" in defects:
        amount += rng.choice((-1, 1)) * randint(1, 15) * _UNIT

    if "R08" in defects:
        total_cost = amount * randint(100, 190) // 100 // _UNIT * _UNIT
    elif rand() < 0.05:
        total_cost = 2 * amount  # exactly 50 %
    else:
        total_cost = 2 * amount + randint(0, 200) * _UNIT

    least_cofinancing = -(-30 * total_cost // 100)  # exact ceiling of 30 %
    if "R09" in defects:
        cofinancing = max(0, 30 * total_cost // 100 - randint(1, 50) * 1_000)
    elif rand() < 0.1:
        cofinancing = least_cofinancing  # exactly 30 %
    else:
        cofinancing = -(-least_cofinancing // _UNIT) * _UNIT + randint(0, 50) * _UNIT

    # -- who it is for ----------------------------------------------------
    age_from = randint(0, 15)
    age_to = min(25, age_from + randint(2, 12))
    if "R13" in defects:
        if rand() < 0.2:
            age_from = -1
        else:
            age_to = randint(26, 30)

    # -- written parts ----------------------------------------------------
    parts = {
        "goal": rng.choice(_GOALS),
        "budget": rng.choice(_BUDGET_TEXTS),
        "evaluation": rng.choice(_EVALUATIONS),
        "scientific_evaluation": (rng.choice(_SCIENTIFIC) if amount > 2_000_000 or rand() < 0.4
                                  else rng.choice(_BLANKS)),
    }
    if "R18" in defects:
        parts["scientific_evaluation"] = rng.choice(_BLANKS)
    for rule, part in (("R15", "goal"), ("R16", "budget"), ("R17", "evaluation")):
        if rule in defects:
            if rand() < 0.25:
                del parts[part]
            else:
                parts[part] = rng.choice(_BLANKS)

    app = {
        "id": f"app-{number:06d}",
        "title": f"{rng.choice(_TOPICS)} {rng.choice(_AREAS)}",
        "applicant": applicant,
        "participants": partners,
        "amount": amount,
        "total_cost": total_cost,
        "cofinancing": cofinancing,
        "start": f"{year}-{month:02d}-{day:02d}",
        "duration": duration,
        "preventive": "R10" not in defects,
        "new_method": "R11" not in defects,
        "ordinary_operations": "R12" in defects,
        "evidence_based": rand() < 0.7,
        "age_from": age_from,
        "age_to": age_to,
        "budget": budget,
        "parts": parts,
    }
    if rand() < P_MISSING_FACT:
        del app[rng.choice(MISSABLE_FACTS)]
    return app


def generate(n: int, seed: int) -> Iterator[dict]:
    """Yield ``n`` applications, deterministically for ``seed``."""
    rng = random.Random(seed)
    for number in range(1, n + 1):
        yield _application(rng, number)


def write_jsonl(path: str | Path, n: int, seed: int) -> None:
    """Write ``n`` applications as JSON lines to ``path``."""
    with open(path, "w", encoding="utf-8") as out:
        for app in generate(n, seed):
            out.write(json.dumps(app, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_jsonl(args.path, args.n, args.seed)
