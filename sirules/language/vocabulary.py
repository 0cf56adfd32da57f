"""The standard vocabulary: facts, participant fields, kinds, parts and settings.

Names here are the words a guideline may use without declaring them. Each entry
has a canonical English key (used in application files and JSON output) and a
Swedish name; a guideline may use either. Guidelines declare further facts,
kinds, parts and project types of their own.

Types: bool, money, percent, number, date, duration (months), text, tags (a list
of words), choice, kind, table (year -> money), savings.
"""

from __future__ import annotations

from collections import namedtuple


class Term(namedtuple("Term", "key sv type en_label sv_label choices", defaults=((),))):
    """A word of the vocabulary: canonical (English) ``key``, Swedish name ``sv``, ``type``,
    English and Swedish labels, and the allowed ``choices`` of a choice.

    (A named tuple: the vocabulary is read on every start, where attrs would cost time.)
    """
    __slots__ = ()

    def name(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.key

    def label(self, lang: str) -> str:
        return self.sv_label if lang == "sv" else self.en_label


def _table(text: str) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for line in text.strip().splitlines():
        cols = [c.strip() for c in line.split("|")]
        choices = tuple(cols[5].split(",")) if len(cols) > 5 and cols[5] else ()
        out[cols[0]] = Term(cols[0], cols[1], cols[2], cols[3], cols[4], choices)
    return out


#: facts of an application (top-level keys of an application file)
FACTS = _table("""
title|titel|text|title of the project|projektets titel
amount|belopp|money|amount applied for|sökt belopp
total_cost|total_kostnad|money|total cost of the project|projektets totala kostnad
cofinancing|medfinansiering|money|co-financing (money or working time in kronor)|medfinansiering (pengar eller arbetstid i kronor)
evaluation_cost|utvärderingskostnad|money|cost of evaluation in the budget|kostnad för utvärdering i budgeten
start|startdatum|date|start date|startdatum
duration|längd|duration|duration of the project|projektets längd
age_from|ålder_från|number|youngest age in the target group|lägsta ålder i målgruppen
age_to|ålder_till|number|oldest age in the target group|högsta ålder i målgruppen
target_group|målgrupp|tags|target group|målgrupp
project_type|projekttyp|choice|project type|projekttyp
risk_level|risknivå|choice|risk level|risknivå|low,medium,high
preventive|förebyggande|bool|the effort is preventive|insatsen är förebyggande
early_intervention|tidig_insats|bool|the effort is an early intervention|insatsen är en tidig insats
new_method|ny_metod|bool|the effort tries or develops a new method|insatsen prövar eller utvecklar en ny metod
ordinary_operations|ordinarie_verksamhet|bool|the effort is ordinary operations|insatsen är ordinarie verksamhet
existing_activity|befintlig_verksamhet|bool|the effort is an existing activity or ongoing project|insatsen är befintlig verksamhet eller pågående projekt
budget_topup|ramtillskott|bool|the effort is a general budget top-up|insatsen är ett generellt ramtillskott
evidence_based|evidensbaserad|bool|the effort rests on evidence or theory|insatsen vilar på evidens eller teori
measurable|mätbar|bool|the effort can be followed up, calculated, valued and measured|insatsen kan följas upp, beräknas, värderas och mätas
reduces_costs|minskar_kostnader|bool|the effort reduces future costs|insatsen minskar framtida kostnader
counters_exclusion|motverkar_utanförskap|bool|the effort counters exclusion|insatsen motverkar utanförskap
collaboration|samverkan|bool|the effort builds collaboration across units|insatsen bygger samverkan mellan verksamheter
within_purpose|inom_syftet|bool|the effort falls within the fund's purpose|insatsen ryms inom fondens syfte
in_responsibility_area|inom_ansvarsområdet|bool|the effort concerns the body's area of responsibility|insatsen rör organisationens ansvarsområde
child_rights|barnrättsperspektiv|bool|a child-rights perspective permeates the application|ett barnrättsperspektiv genomsyrar ansökan
school_completion|fullföljda_studier|bool|the effort aims at school completion with passing grades|insatsen syftar till fullföljd grundskola med godkända betyg
real_need|verkligt_behov|bool|a real need has been identified|ett verkligt behov är identifierat
feasible|genomförbar|bool|the idea is feasible as a social investment|idén är genomförbar som social investering
greatest_need|störst_behov|bool|the effort reaches the target group with the greatest need|insatsen når målgruppen med störst behov
economic_effects|ekonomiska_effekter|bool|the application shows the economic effects|ansökan visar de ekonomiska effekterna
municipal_cooperation|samverkan_med_kommunen|bool|the effort is carried out in cooperation with the municipality|insatsen genomförs i samverkan med kommunen
environmental_proof|miljöbevis|bool|environmental compliance has been shown|miljöbevis är uppvisat
idea_approved|idé_godkänd|bool|the idea test has been approved|idéprövningen är godkänd
budget|budget|table|yearly budget of the amount applied for|budget per år för sökt belopp
savings|besparingar|savings|expected savings per actor and year|förväntade besparingar per aktör och år
submitted|inlämnad|date|date the application was submitted (default: the day it is checked)|dag då ansökan lämnades in (annars dagen den prövas)
project|projekt|text|the project's key, the same in every application for it|projektets nyckel, densamma i varje ansökan för projektet
""")

#: fields of a participant (the applicant and every partner)
FIELDS = _table("""
name|namn|text|name|namn
kind|typ|kind|kind|typ
committee|nämnd|text|committee|nämnd
area|område|text|service area|verksamhetsområde
endorsed|tillstyrkt|bool|endorsed by its authorised manager|tillstyrkt av behörig chef
signed|undertecknat|bool|has signed the application|har undertecknat ansökan
for_profit|vinstdrivande|bool|profit-making|vinstdrivande
owner|ägare|bool|owner of the effort|ägare av insatsen
""")

#: participant kinds
KINDS = _table("""
municipal_unit|förvaltning|kind|municipal administration, sector or unit|kommunal förvaltning, sektor eller enhet
committee|nämnd|kind|municipal committee|kommunal nämnd
municipal_company|kommunalt_bolag|kind|municipally owned company|kommunalt bolag
municipality|kommun|kind|municipality|kommun
region_unit|regionverksamhet|kind|unit of the region|verksamhet inom regionen
region|region|kind|region or county council|region eller landsting
joint_body|samordningsförbund|kind|joint body (samordningsförbund)|samordningsförbund
association|förening|kind|association|förening
foundation|stiftelse|kind|foundation|stiftelse
cooperative|kooperativ|kind|cooperative|kooperativ
nonprofit|idéburen_organisation|kind|non-profit organisation|idéburen organisation
company|företag|kind|company|företag
contracted_operator|avtalad_utförare|kind|contracted operator|avtalad utförare
state_agency|statlig_myndighet|kind|state agency|statlig myndighet
university|lärosäte|kind|university|lärosäte
""")

#: parts of an application
PARTS = _table("""
goal|mål|part|goal|mål
target_group|målgrupp|part|target group|målgrupp
needs_analysis|behovsanalys|part|needs analysis|behovsanalys
implementation|genomförande|part|implementation|genomförande
theory|teoriknytning|part|theory or evidence base|teoriknytning
time_plan|tidsplan|part|time plan|tidsplan
budget|kostnadsberäkning|part|budget or cost estimate|kostnadsberäkning
follow_up|uppföljning|part|follow-up and evaluation|uppföljning och utvärdering
socioeconomic_calculation|socioekonomisk_kalkyl|part|socio-economic calculation|socioekonomisk kalkyl
implementation_plan|implementeringsplan|part|plan for implementation in ordinary operations|plan för implementering i ordinarie verksamhet
logic_model|logikmodell|part|logic model (programme theory)|verksamhetslogik (logikmodell)
child_rights|barnrättsanalys|part|child-rights perspective|barnrättsperspektiv
endorsement|tillstyrkan|part|endorsement by the head of operations|tillstyrkan av verksamhetschef
expected_results|förväntat_resultat|part|expected results|förväntat resultat
resources|resurser|part|resources required|resurser som krävs
cost_reduction|kostnadsminskning|part|how the future cost reduction was calculated|hur den framtida kostnadsminskningen beräknats
cofinancing_principle|medfinansieringsprincip|part|how the co-financing is split|hur medfinansieringen fördelas
repayment_plan|återbetalningsplan|part|repayment plan|återbetalningsplan
economic_calculation|ekonomisk_kalkyl|part|time plan and economic calculation|tidplan och ekonomisk kalkyl
scientific_evaluation|vetenskaplig_utvärdering|part|plan for a scientific evaluation|plan för vetenskaplig utvärdering
description|beskrivning|part|description of the effort|beskrivning av insatsen
idea_test|idéprövning|part|idea test document|idéprövning
expected_effects|förväntade_effekter|part|expected effects|förväntade effekter
""")

_S = "|"
#: block kind -> settings schema: key|sv|type|en label|sv label|choices ; a trailing * on the
#: type means the setting may repeat and carry a condition
SETTINGS: dict[str, dict[str, Term]] = {
    "head": _table("""
body|organ|text|municipality or region|kommun eller region
adopted_by|antagen_av|text|deciding body|beslutande organ
adopted|antagen|date|decision date|beslutsdatum
reference|diarienummer|text|reference number (diarienummer)|diarienummer
source|källa|text|where the text comes from|var texten kommer ifrån
note|anmärkning|text|note|anmärkning
version_date|versionsdatum|choice|the date that picks the version in force|datumet som väljer den version som gäller|start,submitted
"""),
    "section": _table("""
wording|lydelse|text|original wording|ursprunglig lydelse
"""),
    "fund": _table("""
name|namn|text|name of the fund|fondens namn
size|storlek|money|size of the fund|fondens storlek
source|källa|choice|where the money comes from|varifrån pengarna kommer|equity,reserve,budget,surplus,external,municipality,region,state
source_note|källa_anmärkning|text|note on the source|anmärkning om källan
model|modell|choice|economic model|ekonomisk modell|reflow,budget,grant,loan,outcome_contract
yearly_size|årlig_storlek|money|size of the fund per year|fondens storlek per år
"""),
    "decision": _table("""
prepared_by|bereds_av|text*|prepares|bereder
reviewed_by|granskas_av|text*|reviews|granskar
decided_by|beslutas_av|text*|decides|beslutar
rounds|omgångar|text|application rounds|ansökningsomgångar
deadline|sista_ansökningsdag|date*|deadline|sista ansökningsdag
handling_time|handläggningstid|text|handling time|handläggningstid
"""),
    "evaluation": _table("""
type|form|choice*|kind of evaluation|form av utvärdering|follow_up_report,final_report,scientific_evaluation,impact_evaluation
frequency|frekvens|duration|reporting frequency|rapporteringsfrekvens
effects|effekter|choice*|effects evaluated|effekter som utvärderas|human,economic,social
responsible|ansvarig|text|responsible for follow-up|ansvarig för uppföljning
cost_in_budget|kostnad_i_budget|bool*|evaluation cost must be in the budget|kostnaden för utvärdering ska finnas i budgeten
"""),
    "repayment": _table("""
model|modell|choice|repayment model|återbetalningsmodell|none,reflow,plan,joint,loan,outcome_contract
payer|betalare|choice|who repays|vem som återbetalar|saving_committees,applicant,participants
key|fördelning|choice|allocation key between payers|fördelningsnyckel mellan betalare|pro_rata_savings,stated_shares,equal
first_year|första_år|number|first year of repayment, counted from the start year (1 = the start year)|första återbetalningsår räknat från startåret (1 = startåret)
max_years|högst_år|number|at most this many years of repayment|högst så många års återbetalning
surplus|överskott|choice|where savings beyond the investment go|vart besparingar utöver investeringen går|fund,committee
waived_when|efterges|choice|repayment is waived when|återbetalning efterges när|savings_central
central|central|text*|bodies whose savings count as central|organ vars besparingar räknas som centrala
rate|ränta|percent|interest rate|ränta
margin|marginal|percent|interest margin|räntemarginal
amortisation_years|amorteringstid|number|years of amortisation|antal år för amortering
financier|finansiär|text|external financier|extern finansiär
outcome_rate|pris_per_utfall|money|payment per outcome unit|betalning per utfallsenhet
outcome_unit|utfallsenhet|text|outcome unit|utfallsenhet
outcome_cap|utfallstak|money|cap on outcome payments|tak för utfallsbetalningar
"""),
    "risk": _table("""
bearer|bärare|choice*|who carries a shortfall|vem som bär ett underskott|central,committee,split,financier
central_body|central_instans|text|central body that takes the write-down|central instans som tar nedskrivningen
central_share|central_andel|percent|share of a shortfall carried centrally|andel av underskottet som bärs centralt
"""),
    "portfolio": _table("""
max_share_per_project|högsta_andel_per_projekt|percent|largest share of the fund for one project|största andel av fonden för ett projekt
high_risk_min|högrisk_minst|percent|least share of the fund in high-risk projects|minsta andel av fonden i högriskprojekt
high_risk_max|högrisk_högst|percent|largest share of the fund in high-risk projects|största andel av fonden i högriskprojekt
"""),
    "calculation": _table("""
discount_rate|diskonteringsränta|percent|discount rate|diskonteringsränta
horizon|horisont|duration|horizon|tidshorisont
actors|aktörer|choice*|actors counted|aktörer som räknas|municipality,region,social_insurance,employment_service,justice,state,individual
view|perspektiv|choice|view|perspektiv|municipal,society
success|utfallsgrader|percent*|degrees of success for the sensitivity analysis|utfallsgrader för känslighetsanalysen
"""),
}

#: Swedish names of choice values (English key -> Swedish word)
CHOICE_SV = {
    "equity": "eget_kapital", "reserve": "resultatutjämningsreserv", "budget": "budget",
    "surplus": "överskott", "external": "extern", "reflow": "återföring", "grant": "bidrag",
    "loan": "lån", "outcome_contract": "utfallskontrakt", "none": "ingen", "plan": "plan",
    "joint": "gemensam", "saving_committees": "besparande_nämnder", "applicant": "sökande",
    "participants": "deltagarna", "pro_rata_savings": "efter_besparing",
    "stated_shares": "angivna_andelar", "equal": "lika", "fund": "fonden", "committee": "nämnden",
    "savings_central": "besparing_centralt", "central": "central", "split": "delad",
    "financier": "finansiär", "follow_up_report": "uppföljningsrapport", "final_report": "slutrapport",
    "scientific_evaluation": "vetenskaplig_utvärdering", "impact_evaluation": "effektutvärdering",
    "human": "mänskliga", "economic": "ekonomiska", "social": "sociala",
    "municipality": "kommun", "region": "region", "social_insurance": "försäkringskassan",
    "employment_service": "arbetsförmedlingen", "justice": "rättsväsendet", "state": "staten",
    "individual": "individen", "municipal": "kommunalt", "society": "samhälle",
    "low": "låg", "medium": "medel", "high": "hög",
    "start": "startdatum", "submitted": "inlämnad",
}

FACT_TYPES = {
    "yes_no": "bool", "ja_nej": "bool", "money": "money", "belopp": "money",
    "percent": "percent", "procent": "percent", "number": "number", "tal": "number",
    "date": "date", "datum": "date", "duration": "duration", "tid": "duration",
    "text": "text", "choice": "choice", "val": "choice", "tags": "tags", "ord": "tags",
}


def index(table: dict[str, Term]) -> dict[str, Term]:
    """Every name (English key and Swedish name) -> term."""
    out = {}
    for t in table.values():
        out[t.key] = t
        out.setdefault(t.sv, t)
    return out


FACT_INDEX = index(FACTS)
FIELD_INDEX = index(FIELDS)
KIND_INDEX = index(KINDS)
PART_INDEX = index(PARTS)
SETTING_INDEX = {block: index(table) for block, table in SETTINGS.items()}
#: further Swedish words accepted for a choice (not written back by the formatter)
CHOICE_ALIASES = {"nämnd": "committee", "fond": "fund"}
CHOICE_INDEX = {**CHOICE_ALIASES, **{v: k for k, v in CHOICE_SV.items()}, **{k: k for k in CHOICE_SV}}
