"""Lone surrogates, keys given twice, year keys that collapse into one another, values read too
leniently once (floats as money, dates not written YYYY-MM-DD), and inputs just under and just over
the limits (issue 21, items 9-15)."""

from __future__ import annotations

import json
import random

from sirules.language import limits

SURROGATES = ("\\ud800", "\\udfff", "\\udc80", "a\\ud83d", "\\ud83d\\ude00")      # the last one a good pair
YEAR_KEYS = ("2013", "02013", "+2013", " 2013", "2013 ", "٢٠١٣", "2_013", "0x7dd", "2013.0", "1e3", "", "20130")


def _kv(fmt: str, key: str, value: str) -> str:
    q = key if key.startswith('"') else json.dumps(key, ensure_ascii=False)     # (a key written quoted as it is)
    if fmt == "toml":
        return f"{q} = {value}\n"
    if fmt == "yaml":
        return f"{q}: {value}\n"
    return f"{q}: {value}"


def _doc(fmt: str, pairs: list[tuple[str, str]], tables: dict[str, list[tuple[str, str]]]) -> str:
    """A document of top-level ``pairs`` and one-level ``tables`` (values already written), keys
    repeated as given."""
    if fmt == "json":
        items = [_kv(fmt, k, v) for k, v in pairs]
        items += [f"{json.dumps(t)}: {{{', '.join(_kv(fmt, k, v) for k, v in rows)}}}" for t, rows in tables.items()]
        return "{" + ",\n".join(items) + "}\n"
    out = "".join(_kv(fmt, k, v) for k, v in pairs)
    for t, rows in tables.items():
        if fmt == "toml":
            out += f"[{json.dumps(t)}]\n" + "".join(_kv(fmt, k, v) for k, v in rows)
        else:
            out += f"{json.dumps(t)}:\n" + "".join("  " + _kv(fmt, k, v) for k, v in rows)
    return out


def _quoted(fmt: str, text: str) -> str:   # noqa: ARG001
    """A string value holding ``text`` (which may hold JSON escapes such as \\ud800)."""
    return '"' + text.replace('"', '\\"') + '"'


def _surrogates(rnd: random.Random, fmt: str) -> tuple[str, str]:
    s = rnd.choice(SURROGATES)
    where = rnd.choice(("key", "title", "actor", "name", "part", "kind"))
    base = [("amount", "100000"), ("start", '"2014-01-01"')]
    tables = {"applicant": [("name", '"x"'), ("kind", '"municipal_unit"')]}
    if where == "key":
        base.append(('"' + s + '"', "1"))
    elif where == "title":
        base.append(("title", _quoted(fmt, "Titel " + s)))
    elif where == "actor" and fmt == "json":
        return ('{"savings": [{"actor": "%s", "year": 2015, "amount": 1}], "start": "2014-01-01"}\n' % s,
                f"savings actor {s}")
    elif where == "name":
        tables["applicant"][0] = ("name", _quoted(fmt, s))
    elif where == "kind":
        tables["applicant"][1] = ("kind", _quoted(fmt, "municipal" + s))
    else:
        tables["parts"] = [("goal", _quoted(fmt, s))]
    return _doc(fmt, base, tables), f"lone surrogate in {where}: {s}"


def _duplicates(rnd: random.Random, fmt: str) -> tuple[str, str]:
    where = rnd.choice(("top", "applicant", "budget", "parts"))
    pairs = [("amount", "100000"), ("start", '"2014-01-01"')]
    tables = {"applicant": [("name", '"x"'), ("kind", '"municipal_unit"')], "budget": [("2014", "50000")],
              "parts": [("goal", '"g"')]}
    if where == "top":
        pairs.append(("amount", str(rnd.choice((1, 10 ** 7)))))
    elif where == "applicant":
        tables["applicant"].append(("kind", '"company"'))
    elif where == "budget":
        tables["budget"].append(("2014", "1"))
    else:
        tables["parts"].append(("goal", '""'))
    if fmt == "toml" and where == "top" and rnd.random() < 0.5:
        return _doc(fmt, pairs[:2], tables) + "[applicant]\nname = \"y\"\n", "TOML table given twice"
    return _doc(fmt, pairs, tables), f"key given twice in {where}"


def _years(rnd: random.Random, fmt: str) -> tuple[str, str]:
    keys = rnd.sample(YEAR_KEYS, rnd.randint(1, 3))
    rows = []
    for k in keys:
        if fmt == "yaml" and rnd.random() < 0.5 and k.strip() and " " not in k:
            rows.append((None, f"{k}: {rnd.randint(0, 10 ** 6)}\n"))        # unquoted: YAML may read a number
        else:
            rows.append((k, str(rnd.randint(0, 10 ** 6))))
    if fmt == "yaml":
        text = "start: 2014-01-01\nbudget:\n" + "".join(
            "  " + (line if k is None else _kv(fmt, k, line)) for k, line in rows)
        return text, f"year keys {keys}"
    return _doc(fmt, [("start", '"2014-01-01"')], {"budget": [(k, v) for k, v in rows]}), f"year keys {keys}"


def _lenient(rnd: random.Random, fmt: str) -> tuple[str, str]:
    value = rnd.choice(("1e308", "1.5", "1500000.0", "-0.0", "1e-300", "123456789012345678.5"))
    day = rnd.choice(("20130101", "2013-W01-1", "2013W011", "2013-001", "2013-1-1", "٢٠١٣-01-01", "2013-01-01T00:00",
                      " 2013-01-01 ", "2013-01-01"))
    key = rnd.choice(("amount", "total_cost", "start"))
    pairs = [("start", _quoted(fmt, day))] if key == "start" else [(key, value), ("start", '"2014-01-01"')]
    return _doc(fmt, pairs, {}), f"{key} = {day if key == 'start' else value}"


def _oversize(rnd: random.Random, fmt: str) -> tuple[str, str] | None:
    what = rnd.choice(("title", "years", "participants", "depth", "dotted", "yaml_lines"))
    delta = rnd.choice((-1, 0, 1, 2))
    if what == "title":
        n = limits.TEXT + delta
        return _doc(fmt, [("title", '"' + "x" * n + '"')], {}), f"title of {n} characters"
    if what == "years":
        n = limits.YEARS + delta
        return _doc(fmt, [], {"budget": [(str(1900 + i), "1") for i in range(n)]}), f"budget of {n} years"
    if what == "participants":
        n = limits.PARTICIPANTS + delta
        rows = [{"kind": "municipal_unit", "name": f"p{i}"} for i in range(n)]
        if fmt == "yaml":
            return None                   # (YAML of a thousand participants: the YAML limits' business)
        if fmt == "json":
            return json.dumps({"participants": rows}), f"{n} participants"
        return "".join(f'[[participants]]\nkind = "municipal_unit"\nname = "p{i}"\n' for i in range(n)), \
            f"{n} participants"
    if what == "depth":
        n = limits.APPLICATION_DEPTH + delta
        nested = "[" * n + "1" + "]" * n
        return _doc(fmt, [("x", nested)], {}), f"nested {n} deep"
    if what == "dotted":
        n = rnd.choice((limits.APPLICATION_DEPTH - 1, limits.APPLICATION_DEPTH + 1, 5000, 40000))
        if fmt != "toml":
            return None
        return "x" + ".a" * n + " = 1\n", f"dotted key of {n + 1} parts"
    n = rnd.choice((limits.YAML_NODES - 10, limits.YAML_NODES + 10, 200_000))
    if fmt != "yaml":
        return None
    return "x:\n" + "  - 1\n" * n, f"YAML list of {n} items"


_KINDS = (_surrogates, _duplicates, _years, _lenient, _oversize)


def application(rnd: random.Random, fmt: str):
    got = rnd.choice(_KINDS)(rnd, fmt)
    if got is None:
        return None
    text, note = got
    return text.encode("utf-8", "surrogatepass"), note


def guideline(rnd: random.Random):
    what = rnd.choice(("square", "product", "terms", "years"))
    if what == "square":
        n = rnd.randint(1, 40)
        text = 'riktlinje "R"\nkonstant k0 = 10\n' + "".join(f"konstant k{i} = k{i - 1} * k{i - 1}\n"
                                                            for i in range(1, n + 1))
        return (text + f"ska r: belopp <= k{n} kr\n").encode(), f"a constant squared {n} times"
    if what == "product":
        n = rnd.randint(1, 200)
        text = 'riktlinje "R"\nska r: belopp <= 1 kr * ' + " * ".join(["999999999999999999999999999"] * n) + "\n"
        return text.encode(), f"a product of {n} numbers of 27 digits"
    if what == "terms":
        n = rnd.choice((2, limits.TERMS, limits.TERMS + 1, 20_000))
        word = rnd.choice((" och ", " eller "))
        return ('riktlinje "R"\nska r: ' + word.join(["belopp > 1 kr"] * n) + "\n").encode(), f"{n} terms"
    setting = rnd.choice(("kalkyl\n  horisont: %d år\n", "återbetalning\n  modell: lån\n  amorteringstid: %d\n",
                          "återbetalning\n  modell: återföring\n  högst_år: %d\n",
                          "återbetalning\n  modell: återföring\n  första_år: %d\n"))
    n = rnd.choice((1, 100, 101, 20_000, 99_999_999))
    return ('riktlinje "R"\nska r: belopp <= 1 kr\n' + setting % n).encode(), f"years setting {n}"


def batch(rnd: random.Random):
    if rnd.random() < 0.5:
        good = '{"id": "ok", "amount": 100000, "start": "2020-01-01", "participants": []}'
        bad = rnd.choice(('{"id": "\\ud800", "amount": 1}', '{"id": "caf\xe9"}', '{"x": ' + "[" * 5000 + "]" * 5000 + "}",
                          '{"x": ' + "[" * 25 + "]" * 25 + "}", '{"amount": 1, "amount": 2}', '{"amount": 1e308}',
                          '{"start": "20130101"}', '{"budget": {"2013": 1, "02013": 2}}',
                          '{"title": "' + "x" * (limits.TEXT + 1) + '"}', "[1]", "{"))
        lines = [good, bad, good] if rnd.random() < 0.7 else [bad]
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
        if "\xe9" in bad:
            data = data.replace("\xe9".encode(), b"\xe9")
        return data, ".jsonl", f"bad line {bad[:40]!r}"
    heading, cell = rnd.choice((("applicant,applicant.kind", '"x",municipal_unit'),
                                ("applicant.kind,applicant", 'municipal_unit,"x"'),
                                ("x", '"' + "[" * 5000 + '"'), ("title", "caf\xe9"), ("budget.2013,budget", "1,2")))
    data = f"id,amount,{heading}\na,1,{cell}\nb,1{',' * len(heading.split(','))}\n".encode("utf-8")
    if "\xe9" in cell:
        data = data.replace("\xe9".encode(), b"\xe9")
    return data, ".csv", f"CSV {heading}"
