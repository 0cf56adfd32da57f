"""Application files: random raw applications, structural mutations, and TOML/JSON/YAML
texts with the quirks of each format (duplicate keys, NaN, anchors and aliases, ...)."""

from __future__ import annotations

import copy
import datetime
import json
import math
import random
import re

from sirules.language import vocabulary as voc

from . import mutate

KINDS = sorted(voc.KIND_INDEX)
PARTS = sorted(voc.PARTS)            # English keys: an application is written in one language (SIR432)
FIELDS = sorted(voc.FIELDS)
FACTS = sorted(voc.FACT_INDEX)

ODD_VALUES = (
    0, -1, 1, 10 ** 15, 10 ** 15 + 1, -10 ** 18, 10 ** 18, 2 ** 63, 10 ** 40, -(10 ** 40), 0.5, 0.001, -0.0, 1e300,
    1e-300, math.nan, math.inf, -math.inf, 1234.567, True, False, None, "", " ", "\u200b", "0", "-5", "1e10",
    "NaN", "inf", "1,500,000", "1 500 000 kr", "1,5 mnkr", "-5 mnkr", "99999999999999999999999999999999 kr",
    "9" * 40, "٣", "１２", "3 år", "36 months", "1000 år", "-3 år", "1,5 år", "2023-02-30", "2021-02-29",
    "2020-13-01", "2024-02-29", "0001-01-01", "9999-12-31", " 2021-01-01 ", "20210101", "yes", "ja", "nej",
    "true", "TRUE", "maybe", "municipal_unit", "förvaltning", "låg", "hög", "extreme", "50 %", "250 %", "%",
    "x" * 1000, "\u202eevil", "a\x00b", [], {}, [1, 2], ["a", "b"], {"a": 1}, [{"kind": "company"}],
    datetime.date(2023, 1, 1), datetime.date(1, 1, 1), datetime.datetime(2023, 1, 1, 12, 0),
)


def odd_value(rnd: random.Random, small: bool = False):
    """An odd value for an application key; ``small`` leaves out the big ones (for long lists)."""
    r = rnd.random() if not small else 0.16 + 0.84 * rnd.random()
    if r < 0.02:
        return "x" * rnd.choice((199_999, 200_001, 300_000))        # around the text limit
    if r < 0.08:
        return [rnd.choice(("a", "b", 1, None)) for _ in range(rnd.choice((3, 10, 100, 999, 1001)))]
    if r < 0.12:
        return deep(rnd.choice((19, 20, 21, 25, 60)), rnd)
    if r < 0.16:
        return rnd.randint(-10 ** rnd.randint(1, 30), 10 ** rnd.randint(1, 30))
    v = rnd.choice(ODD_VALUES)
    if small and isinstance(v, str) and len(v) > 50:
        v = v[:50]
    return copy.deepcopy(v)


def deep(n: int, rnd: random.Random):
    v = rnd.choice((1, "x", None))
    for _ in range(n):
        v = [v] if rnd.random() < 0.5 else {"a": v}
    return v


def participant(rnd: random.Random, small: bool = False) -> dict:
    p = {"kind": rnd.choice(("municipal_unit", "association", "foundation", "company", "region_unit",
                             "municipality", "förvaltning", "förening", "nonprofit", "committee"))}
    if rnd.random() < 0.6:
        p["name"] = rnd.choice(("Sektor utbildning", "Socialtjänsten", "Föreningen X", "AB Y", ""))
    for f in ("endorsed", "signed", "for_profit", "owner"):
        if rnd.random() < 0.3:
            p[f] = rnd.random() < 0.5
    if rnd.random() < 0.4:
        p["committee"] = rnd.choice(("Socialnämnden", "Utbildningsnämnden", "KS"))
    if rnd.random() < 0.1:
        p[rnd.choice(FIELDS + ["colour", "typ", "kind "])] = odd_value(rnd, small)
    return p


def random_raw(rnd: random.Random) -> dict:
    """A random application, mostly of the right shape."""
    raw: dict = {}
    if rnd.random() < 0.7:
        raw["title"] = "Tidiga insatser"
    money = lambda: rnd.choice((rnd.randint(0, 5_000_000), f"{rnd.randint(0, 5000)} tkr",
                                f"{rnd.randint(0, 50)},{rnd.randint(0, 9)} mnkr"))
    for key in ("amount", "total_cost", "cofinancing", "evaluation_cost"):
        if rnd.random() < 0.5:
            raw[key] = money()
    if rnd.random() < 0.7:
        raw["start"] = datetime.date(rnd.randint(2008, 2030), rnd.randint(1, 12), rnd.randint(1, 28))
    if rnd.random() < 0.6:
        raw["duration"] = rnd.choice((rnd.randint(0, 60), "3 år", "18 månader", "2 years"))
    for key in ("age_from", "age_to"):
        if rnd.random() < 0.3:
            raw[key] = rnd.randint(0, 30)
    if rnd.random() < 0.3:
        raw["target_group"] = rnd.choice(("barnfamiljer", ["barn", "unga"], "äldre"))
    if rnd.random() < 0.2:
        raw["risk_level"] = rnd.choice(("low", "medium", "high", "låg", "hög"))
    if rnd.random() < 0.2:
        raw["project_type"] = rnd.choice(("social_investering", "folkhälsoinsats", "x"))
    for t in voc.FACTS.values():
        if t.type == "bool" and rnd.random() < 0.15:
            raw[t.key] = rnd.random() < 0.6
    if rnd.random() < 0.8:
        raw["applicant"] = participant(rnd)
    if rnd.random() < 0.7:
        raw["participants"] = [participant(rnd) for _ in range(rnd.randint(0, 5))]
    if rnd.random() < 0.5:
        y = rnd.randint(2010, 2030)
        raw["budget"] = {str(y + i): rnd.randint(0, 2_000_000) for i in range(rnd.randint(0, 4))}
    if rnd.random() < 0.2:
        raw["savings"] = [{"actor": rnd.choice(("Socialnämnden", "Region")), "year": rnd.randint(2015, 2035),
                           "amount": rnd.randint(0, 10 ** 6)} for _ in range(rnd.randint(0, 4))]
    if rnd.random() < 0.6:
        raw["parts"] = {rnd.choice(PARTS): rnd.choice(("text", "", "  ", "Mål och medel")) for _ in range(6)}
    if rnd.random() < 0.1:
        raw["outcomes"] = [{"year": rnd.randint(2015, 2035), "amount": rnd.randint(0, 10 ** 6)}]
    if rnd.random() < 0.1:
        raw["repayment_plan"] = {str(rnd.randint(2015, 2035)): rnd.randint(0, 10 ** 6)}
    if rnd.random() < 0.1:
        raw["shares"] = {"Socialnämnden": "50 %", "Region": 0.5}
    if rnd.random() < 0.2:               # written in Swedish keys: one language a file (a mix is SIR432)
        raw = swedish(raw)
    return raw


def swedish(raw: dict) -> dict:
    """The application with its keys in Swedish."""
    from sirules.engine.application.spelling import FIELDS as F, PARTS as P, ROWS, Spelling
    top = Spelling().top
    out = {}
    for k, v in raw.items():
        if k == "applicant" and isinstance(v, dict):
            v = {F.get(a, a): b for a, b in v.items()}
        elif k == "participants" and isinstance(v, list):
            v = [{F.get(a, a): b for a, b in p.items()} if isinstance(p, dict) else p for p in v]
        elif k == "parts" and isinstance(v, dict):
            v = {P.get(a, a): b for a, b in v.items()}
        elif k in ROWS and isinstance(v, list):
            v = [{ROWS[k].get(a, a): b for a, b in r.items()} if isinstance(r, dict) else r for r in v]
        out[top.get(k, k)] = v
    return out


def mutate_raw(raw: dict, rnd: random.Random) -> tuple[dict, list[str]]:
    """1-3 structural changes: odd values under known keys, odd participants, budgets, savings, parts."""
    raw = copy.deepcopy(raw)
    names = []
    for _ in range(rnd.randint(1, 3)):
        r = rnd.random()
        if r < 0.35:
            raw[rnd.choice(FACTS)] = odd_value(rnd)
            names.append("fact")
        elif r < 0.45:
            if raw:
                del raw[rnd.choice(list(raw))]
            names.append("drop")
        elif r < 0.55:
            n = rnd.choice((999, 1000, 1001, 1500)) if rnd.random() < 0.15 else rnd.choice((0, 1, 2, 3, 5))
            raw["participants"] = [participant(rnd, n > 5) for _ in range(n)] if rnd.random() < 0.8 else odd_value(rnd)
            names.append(f"participants{n}")
        elif r < 0.62:
            target = raw.setdefault("applicant", {}) if rnd.random() < 0.5 else None
            if target is None or not isinstance(target, dict):
                raw["applicant"] = odd_value(rnd)
            else:
                target[rnd.choice(FIELDS + ["colour"])] = odd_value(rnd)
            names.append("applicant")
        elif r < 0.72:
            years = rnd.choice((99, 100, 101, 150)) if rnd.random() < 0.3 else rnd.choice((0, 1, 3))
            table = {str(2000 + i): rnd.randint(0, 10 ** 6) for i in range(years)}
            if rnd.random() < 0.6:
                table[rnd.choice(("abc", "1899", "2201", "-2020", "2020.5", "99999999999999999999", "", " 2021",
                                  "٢٠٢١", "inf", "1e3"))] = odd_value(rnd) if rnd.random() < 0.5 else 1
            raw["budget"] = table if rnd.random() < 0.9 else odd_value(rnd)
            names.append("budget")
        elif r < 0.8:
            row = {"actor": "Socialnämnden", "year": 2025, "amount": 1000}
            n = rnd.choice((1999, 2000, 2001)) if rnd.random() < 0.15 else rnd.choice((1, 2, 3))
            if rnd.random() < 0.8:
                row[rnd.choice(("actor", "year", "amount"))] = odd_value(rnd, small=n > 2)
            if rnd.random() < 0.2:
                del row[rnd.choice(list(row))]
            raw["savings"] = [row] * n if rnd.random() < 0.9 else odd_value(rnd)
            names.append("savings")
        elif r < 0.88:
            parts = raw.setdefault("parts", {}) if isinstance(raw.get("parts", {}), dict) else {}
            parts[rnd.choice(PARTS + ["x", ""])] = odd_value(rnd)
            raw["parts"] = parts if rnd.random() < 0.9 else odd_value(rnd)
            names.append("parts")
        elif r < 0.94:
            raw[rnd.choice(("outcomes", "repayment_plan", "shares", "expect", "id", "utfall", "andelar"))] = \
                odd_value(rnd)
            names.append("structural")
        elif r < 0.97:
            raw[rnd.choice(("colour", "amount ", "Amount", "belopp", "x" * 300, "", "\u200bamount"))] = \
                odd_value(rnd)
            names.append("unknown-key")
        else:                                   # many unknown keys, or many participants with odd fields
            n = rnd.choice((100, 1000, 3000))
            if rnd.random() < 0.5:
                for i in range(n):
                    raw[f"{rnd.choice(FACTS)}_{i}"] = i
                names.append(f"unknown-keys{n}")
            else:
                fields = rnd.choice((1, 3, 20))
                raw["participants"] = [{"kind": rnd.choice(("companyy", "company")),
                                        **{f"nam{j}": "x" for j in range(fields)}} for _ in range(min(n, 1000))]
                names.append(f"odd-participants{min(n, 1000)}")
    return raw, names


# ---- serialising ------------------------------------------------------------------------

def _fits_json(raw) -> bool:
    try:
        json.dumps(raw, default=_json_default, allow_nan=False)
        return True
    except ValueError:
        return False


def _json_default(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return str(v)


def to_json(raw: dict, rnd: random.Random) -> str:
    return json.dumps(raw, default=_json_default, ensure_ascii=rnd.random() < 0.3,
                      indent=rnd.choice((None, 2)), allow_nan=True)


def to_yaml(raw: dict, rnd: random.Random) -> str:
    import yaml

    flat = json.dumps(raw, default=_json_default, ensure_ascii=False, allow_nan=False) \
        if _fits_json(raw) else None
    if flat is not None and len(flat) > 20_000:          # big: JSON is YAML too, and PyYAML's dumper is slow
        return flat

    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v
    return yaml.safe_dump(clean(raw), allow_unicode=rnd.random() < 0.7, sort_keys=False,
                          default_flow_style=rnd.choice((False, None, True)))


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(k) -> str:
    k = str(k)
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items() if x is not None) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v if x is not None) + "]"
    return json.dumps(str(v))


def to_toml(raw: dict, rnd: random.Random) -> str:
    """A small TOML writer: plain keys first, then tables and arrays of tables."""
    lines, tables = [], []
    for k, v in raw.items():
        if v is None:
            continue
        table_rows = isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
        if (isinstance(v, dict) or table_rows) and rnd.random() < 0.8:      # [table] or [[rows]], mostly
            tables.append((k, v))
        else:
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    for k, v in tables:
        if isinstance(v, dict):
            lines.append(f"\n[{_toml_key(k)}]")
            lines.extend(f"{_toml_key(a)} = {_toml_value(b)}" for a, b in v.items() if b is not None)
        else:
            for row in v:
                lines.append(f"\n[[{_toml_key(k)}]]")
                lines.extend(f"{_toml_key(a)} = {_toml_value(b)}" for a, b in row.items() if b is not None)
    return "\n".join(lines) + "\n"


def serialise(raw: dict, fmt: str, rnd: random.Random) -> str:
    return {"toml": to_toml, "json": to_json, "yaml": to_yaml}[fmt](raw, rnd)


# ---- format quirks ------------------------------------------------------------------------

def quirk(text: str, fmt: str, rnd: random.Random) -> tuple[str, str]:
    """One format-specific oddity; returns the new text and its name."""
    r = rnd.random()
    if fmt == "json":
        if r < 0.3:
            nums = list(re.finditer(r"(?<![\w.\"])-?\d+(?:\.\d+)?(?![\w.\"])", text))
            if nums:
                m = rnd.choice(nums)
                new = rnd.choice(("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "9" * 5000,
                                  "123456789012345678901234567890", "-0", "0.1e1", "1E2"))
                return text[:m.start()] + new + text[m.end():], "json-number"
        if r < 0.5:
            n = rnd.choice((19, 21, 60, 1000, 100_000))
            return text.rstrip().rstrip("}") + f', "deep": {"[" * n}1{"]" * n}}}', f"json-deep{n}"
        if r < 0.7:
            i = text.find("{")
            if i >= 0:
                key = rnd.choice(("amount", "applicant", "participants", "start", "budget"))
                return text[:i + 1] + f'"{key}": {json.dumps(odd_json(rnd))}, ' + text[i + 1:], "json-dup-key"
        if r < 0.8:
            return text.replace("}", ",}", 1), "json-trailing-comma"
        if r < 0.9:
            return f"[{text}]" if rnd.random() < 0.5 else rnd.choice(("1", '"x"', "null", "[]", "")), "json-not-object"
        return "// comment\n" + text, "json-comment"
    if fmt == "toml":
        lines = text.split("\n")
        if r < 0.25:
            kv = [i for i, line in enumerate(lines) if "=" in line and not line.startswith("[")]
            if kv:
                i = rnd.choice(kv)
                lines.insert(rnd.randint(i, len(lines)), lines[i])
                return "\n".join(lines), "toml-dup-key"
        if r < 0.35:
            heads = [i for i, line in enumerate(lines) if line.startswith("[")]
            if heads:
                i = rnd.choice(heads)
                lines.append(lines[i].replace("[[", "[").replace("]]", "]"))
                lines.append("x = 1")
                return "\n".join(lines), "toml-dup-table"
        if r < 0.55:
            key = rnd.choice(("start", "amount", "duration", "total_cost", "age_to"))
            value = rnd.choice(("2023-02-30", "2021-02-29", "0000-00-00", "2023-02-28T25:61:00", "10:00:00",
                                "1979-05-27T07:32:00-08:00", "2023-01-01 10:00:00Z", "inf", "-inf", "nan",
                                "99999999999999999999999", "-0", "0x1F", "0o17", "1_000_000", "1e400",
                                "9" * 5000, "[]", "{}", '"""\nmultiline\n"""', "'literal'", "+inf"))
            return f"{key} = {value}\n" + text, "toml-value"
        if r < 0.7:
            n = rnd.choice((19, 21, 60, 500, 5000))
            return f"deep = {'[' * n}1{']' * n}\n" + text, f"toml-deep{n}"
        if r < 0.8:
            return "applicant.kind = \"company\"\n" + text, "toml-dotted"
        if r < 0.9:
            return text + "\n[applicant]\nkind = \"x\"\n", "toml-dup-applicant"
        return text.replace(" = ", "=", 3).replace('"', "'", 2), "toml-quotes"
    # yaml
    if r < 0.3:
        return billion_laughs(rnd) + text_without_doc_start(text), "yaml-aliases"
    if r < 0.4:
        return "base: &b\n  kind: company\napplicant:\n  <<: *b\n  name: x\n" + text, "yaml-merge"
    if r < 0.5:
        return rnd.choice(("a: &a [*a]\n", "a: &a {b: *a}\n", "participants: &p [*p, *p]\n")) + text, "yaml-recursive"
    if r < 0.6:
        return rnd.choice(("!!python/object/apply:os.system ['true']\n", "amount: !!binary aGVsbG8=\n",
                           "parts: !!set {goal, target_group}\n", "start: !!timestamp 2023-02-30\n",
                           "amount: !!float nan\n", "amount: !!int 0x1F\n", "? [a, b]\n: c\n",
                           "amount: !custom 5\n", "--- \n", "...\n")) + text, "yaml-tag"
    if r < 0.7:
        return text + rnd.choice(("\n---\nsecond: document\n", "\n...\n", "\n--- |\n  text\n")), "yaml-multidoc"
    if r < 0.8:
        n = rnd.choice((19, 21, 60, 1000, 20_000))
        return f"deep: {'[' * n}1{']' * n}\n" + text, f"yaml-deep{n}"
    if r < 0.9:
        return rnd.choice(("start: 2023-02-30\n", "amount: .inf\n", "amount: .nan\n", "amount: 0o17\n",
                           "amount: 1_000\n", "amount: ~\n", "2021: 5\n", "budget: {2021: 5, .inf: 1}\n",
                           "budget: {null: 5}\n", "budget: {[1]: 2}\n", "duration: 1e400\n",
                           "start: 2023-01-01 10:00:00 +25:00\n")) + text, "yaml-value"
    return text.replace("  ", "\t", 2), "yaml-tabs"


def _trim(v, depth: int = 0):
    if isinstance(v, dict):
        return {k: _trim(x, depth + 1) for k, x in list(v.items())[:200]}
    if isinstance(v, list):
        return [_trim(x, depth + 1) for x in v[:150]]
    if isinstance(v, str):
        return v[:2000]
    return v


def text_without_doc_start(text: str) -> str:
    return text.removeprefix("---\n")


def billion_laughs(rnd: random.Random) -> str:
    """Anchors and aliases that blow up when expanded, kept within the alias-count check."""
    levels = rnd.choice((3, 5, 8, 9, 10))
    width = rnd.choice((3, 9, 10))
    while levels * width > 100 and rnd.random() < 0.9:
        levels -= 1
    out = ["l0: &l0 [\"lol\"]"]
    for i in range(1, levels + 1):
        out.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    key = rnd.choice(("target_group", "participants", "lol", "parts", "budget"))
    out.append(f"{key}: *l{levels}")
    return "\n".join(out) + "\n"


def odd_json(rnd: random.Random):
    return json.loads(json.dumps(odd_value(rnd), default=_json_default))


def application_text(base: dict | None, rnd: random.Random, fmt: str) -> tuple[bytes, list[str]]:
    """A mutated application in ``fmt``: structure, then serialise, then text, then a format quirk."""
    notes = []
    raw = base if base is not None and rnd.random() < 0.7 else random_raw(rnd)
    if rnd.random() < 0.6:
        raw, n = mutate_raw(raw, rnd)
        notes += n
    if len(json.dumps(raw, default=_json_default)) > (60_000 if fmt == "yaml" else 150_000):
        raw = _trim(raw)                 # PyYAML reads 0.2-0.6 MB/s: big YAML is slow, not a hang worth finding
        notes.append("trimmed")
    try:
        text = serialise(raw, fmt, rnd)
    except Exception:  # noqa: BLE001 -- e.g. YAML cannot write a value: fall back to JSON-compatible
        text = serialise(json.loads(json.dumps(raw, default=_json_default)), fmt, rnd)
    if rnd.random() < 0.35:
        text, q = quirk(text, fmt, rnd)
        notes.append(q)
    data = text.encode("utf-8", "surrogatepass")
    if rnd.random() < 0.4:
        data, n = mutate.mutate(data, rnd)
        notes += n
    return data, notes
