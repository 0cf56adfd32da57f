"""Application files (TOML, JSON, YAML) to the normalised form the checks read.

The normalised application is a plain dict: each fact the guideline reads under
its canonical key (money as int öre, durations as int months, dates as
``datetime.date``, missing facts absent), plus ``_applicant``, ``_participants``
(applicant first), ``_parts`` (the set of parts present and not empty), and the
budget as {year: öre}. Errors point at the key path and, where the format gives
one, the line; unknown keys give warnings with a "did you mean".
"""

from __future__ import annotations

import datetime
import json
import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ..language import limits
from ..language import vocabulary as voc
from ..language.diagnostics import Diagnostic, SirulesError, error, warning
from ..language.money import parse_money, parse_number
from ..language.source import Span

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
ALWAYS = ("title", "start", "duration", "amount", "total_cost", "budget", "savings", "risk_level", "project_type")


def _info(t):
    from ..language.modelview import new
    return new("FactInfo", key=t.key, type=t.type, label=t.en_label, choices=t.choices, declared=False)


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


def read_file(path: str) -> tuple[dict, str]:
    """Read and parse an application file by its extension."""
    import os
    try:
        size = os.path.getsize(path)
        most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)
        if size > most:
            raise SirulesError([error("SIR401", f"application is {size} bytes; the limit is {most}",
                                      Span(path, 1, 1, 1, 1),
                                      "split the file or " + limits.hint("APPLICATION_BYTES"))])
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise SirulesError([error("SIR403", f"no such file: {path}")]) from None
    except IsADirectoryError:
        raise SirulesError([error("SIR403", f"{path} is a folder, not an application file")]) from None
    except OSError as exc:
        raise SirulesError([error("SIR403", f"cannot read {path}: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SirulesError([error("SIR301", f"{path} is not UTF-8 text (byte {exc.start})",
                                  Span(path, 1, 1, 1, 1), "save the file as UTF-8")]) from None
    return parse_text(text, path), text


def parse_text(text: str, path: str, fmt: str | None = None) -> dict:
    fmt = fmt or _format_of(path)
    most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)
    if len(text) > most:
        raise SirulesError([error("SIR401", f"application is {len(text)} characters; the limit is {most}",
                                  Span(path, 1, 1, 1, 1),
                                  "split the file or " + limits.hint("APPLICATION_BYTES"))])
    try:
        if fmt == "toml":
            import tomllib
            raw = tomllib.loads(text)
        elif fmt == "json":
            raw = json.loads(text, parse_constant=_bad_constant)
        else:
            raw = _load_yaml(text, path)
    except RecursionError:
        raise SirulesError([error("SIR402", f"{path} is nested too deeply", Span(path, 1, 1, 1, 1))]) from None
    except SirulesError:
        raise
    except Exception as exc:   # the parsers' own error types; translated here only
        raise SirulesError([_syntax_error(exc, path, fmt, text)]) from None
    if not isinstance(raw, dict):
        raise SirulesError([error("SIR301", f"{path} must hold a table of keys and values at the top",
                                  Span(path, 1, 1, 1, 1))])
    _check_depth(raw, path)
    return raw


def _bad_constant(name: str):
    raise ValueError(f"{name} is not a number sirules accepts")


def _format_of(path: str) -> str:
    low = path.lower()
    if low.endswith(".json") or low.endswith(".jsonl"):
        return "json"
    if low.endswith((".yaml", ".yml")):
        return "yaml"
    return "toml"


_YAML_QUOTED_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|(?:^|(?<=\s))#[^\n]*', re.M)


def _load_yaml(text: str, path: str):
    import yaml

    most = limits.get("YAML_ALIASES", MAX_YAML_ALIASES)
    if len(re.findall(r"(?m)(?:^|[\s\[{,])\*[\w-]+", text)) > most:
        raise SirulesError([error("SIR401", f"{path} uses more than {most} YAML aliases", Span(path, 1, 1, 1, 1),
                                  "write the values out instead of using anchors and aliases, or "
                                  + limits.hint("YAML_ALIASES"))])
    # PyYAML's scanner is quadratic in the depth of [ and { nesting: refuse a deep one before it starts
    deepest = limits.get("APPLICATION_DEPTH", MAX_DEPTH)
    depth = 0
    for ch in re.sub(r"[^\[\]{}]+", "", _YAML_QUOTED_OR_COMMENT.sub("", text)):
        depth = depth + 1 if ch in "[{" else max(0, depth - 1)
        if depth > 4 * deepest:
            _too_deep(path, deepest)
    return yaml.safe_load(text)


def _syntax_error(exc, path: str, fmt: str, text: str = "") -> Diagnostic:
    line, col, msg = 1, 1, str(exc)
    if fmt == "json" and hasattr(exc, "lineno"):
        line, col, msg = exc.lineno, exc.colno, exc.msg
    elif fmt == "toml":
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            msg = msg[:m.start()].strip()
        m = re.search(r"\(at end of document\)", msg)
        if m:
            msg = msg[:m.start()].strip() + " at the end of the file"
    elif fmt == "yaml":
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line, col = mark.line + 1, mark.column + 1
        msg = getattr(exc, "problem", None) or msg
    name = {"toml": "TOML", "json": "JSON", "yaml": "YAML"}[fmt]
    lines = text.splitlines() if text else []
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    return error("SIR301", f"{path} is not valid {name}: {msg}", Span(path, line, col, line, col + 1),
                 _format_hint(fmt, msg, line_text))


def _format_hint(fmt: str, msg: str, line_text: str = "") -> str | None:
    key = line_text.split("=")[0].strip()
    if fmt == "toml" and "Expected '=' after a key" in msg and any(ord(c) > 127 for c in key):
        return f'a key with å, ä or ö needs quotes in TOML: "{key}" = …'

    if fmt == "toml" and "Invalid value" in msg:
        return 'text values need quotes, e.g. title = "Tidiga insatser"'
    if fmt == "toml" and "Illegal character '\\n'" in msg:
        return 'a text is missing its closing quote (")'
    if fmt == "toml" and "Cannot overwrite" in msg:
        return "a key is given twice; keep one"
    return None


def _too_deep(path: str, most: int):
    raise SirulesError([error("SIR402", f"{path} is nested more than {most} levels deep", Span(path, 1, 1, 1, 1),
                              limits.hint("APPLICATION_DEPTH"))])


def _check_depth(obj, path: str) -> None:
    """Nesting depth and number of values; YAML aliases count once per use (a shared list is walked
    each time it is used, so "billion laughs" documents stop at the value limit, not after hours)."""
    most, values = limits.get("APPLICATION_DEPTH", MAX_DEPTH), limits.get("APPLICATION_VALUES", MAX_VALUES)
    seen = 0
    stack = [(obj, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > most:
            _too_deep(path, most)
        seen += 1
        if seen > values:
            raise SirulesError([error("SIR401", f"{path} holds more than {values} values (YAML aliases counted "
                                                f"each time they are used); the limit is {values}",
                                      Span(path, 1, 1, 1, 1), limits.hint("APPLICATION_VALUES"))])
        if isinstance(obj, dict):
            stack.extend((v, depth + 1) for v in obj.values())
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj)


# ---- normalisation -------------------------------------------------------------------

class Normaliser:
    """Turns raw application dicts into normalised ones for one guideline."""

    def __init__(self, g):
        self.g = g
        self.facts = dict(g.facts)      # key -> FactInfo
        for key in ALWAYS:              # read whether or not a rule needs them
            if key not in self.facts:
                t = voc.FACTS[key]
                self.facts[key] = _info(t)
        names = {}
        for key, info in self.facts.items():
            names[key] = key
            t = voc.FACTS.get(key)
            if t is not None:
                names[t.sv] = key
        self.fact_names = names
        known = set(STRUCTURAL) | set(STRUCTURAL.values()) | set(voc.FACT_INDEX) | set(names)
        self.known = known
        self.kind_names = {name: t.key for name, t in voc.KIND_INDEX.items()}
        self.kind_names.update({k: k for k in g.kinds})
        self.part_names = {name: t.key for name, t in voc.PART_INDEX.items()}
        self.part_names.update({k: k for k in g.parts})

    def normalise(self, raw: dict, path: str = "<application>", text: str = "") -> Application:
        errs: list[Diagnostic] = []
        warns: list[Diagnostic] = []
        loc = _Locator(path, text)
        out: dict = {}
        for key, value in raw.items():
            if key in self.fact_names:
                canon = self.fact_names[key]
                try:
                    v = self._value(self.facts[canon], value, key, loc)
                except _Bad as b:
                    errs.append(b.diag)
                    continue
                if v is not None:
                    out[canon] = v
            elif key not in self.known:
                close = loc.close(str(key), sorted(self.known))
                warns.append(warning("SIR303", f'unknown key "{key}" (ignored)', loc.span(key),
                                     f'did you mean "{close[0]}"?' if close else None,
                                     sv=(f'okänd nyckel "{key}" (läses inte)',
                                         f'menade du "{close[0]}"?' if close else None)))
        applicant, participants = self._participants(raw, loc, errs)
        out["_applicant"] = applicant
        out["_participants"] = participants
        out["_parts"] = self._parts(raw, loc, errs, warns)
        if errs:
            raise SirulesError(errs + warns)
        return Application(path=path, data=out, raw=raw, warnings=tuple(warns), text=text)

    def _value(self, info, value, key: str, loc):
        t = info.type
        if value is None:
            return None
        try:
            if t == "money":
                return _money(value)
            if t == "bool":
                return _bool(value)
            if t == "date":
                return _date(value)
            if t == "duration":
                return _duration(value)
            if t == "number":
                return _number(value)
            if t == "percent":
                return _percent(value)
            if t == "text":
                return _text(value)
            if t == "tags":
                return _tags(value)
            if t == "choice":
                return _choice(value, info.choices)
            if t == "table":
                return _table(value)
            if t == "savings":
                return _savings(value)
        except _BadValue as b:
            raise _Bad(error("SIR302" if b.kind == "type" else "SIR305", f'"{key}": {b.message}', loc.span(key),
                             b.hint))
        raise _Bad(error("SIR302", f'"{key}": unsupported type {t}', loc.span(key)))

    def _participants(self, raw: dict, loc, errs):
        rows = []
        app = raw.get("applicant", raw.get("sökande"))
        if app is not None:
            rows.append(("applicant", app))
        partners = raw.get("participants", raw.get("deltagare", []))
        if not isinstance(partners, list):
            errs.append(error("SIR302", '"participants" must be a list of tables ([[participants]])',
                              loc.span("participants")))
            partners = []
        most = limits.get("PARTICIPANTS", MAX_PARTICIPANTS)
        if len(partners) > most:
            errs.append(error("SIR401", f"{len(partners)} participants; the limit is {most}",
                              loc.span("participants"), limits.hint("PARTICIPANTS")))
            partners = []
        rows.extend((f"participants[{i}]", p) for i, p in enumerate(partners))
        out = []
        for where, p in rows:
            if not isinstance(p, dict):
                errs.append(error("SIR302", f'"{where}" must be a table with name and kind', loc.span(where.split("[")[0])))
                continue
            q = {}
            kind_error = False
            for k, v in p.items():
                if v is None:                      # null (JSON, YAML) means not given
                    continue
                f = voc.FIELD_INDEX.get(k)
                if f is None:
                    close = loc.close(str(k), sorted(voc.FIELD_INDEX))
                    errs.append(error("SIR303", f'"{where}.{k}" is not a field of a participant', loc.span(k),
                                      f'did you mean "{close[0]}"?' if close else
                                      "fields: " + ", ".join(voc.FIELDS)))
                    continue
                if f.type == "kind":
                    if not isinstance(v, str) or v not in self.kind_names:
                        close = loc.close(str(v), sorted(self.kind_names))
                        errs.append(error("SIR304", f'"{where}.{k}": unknown participant kind {v!r}', loc.span(k, v),
                                          f'did you mean "{close[0]}"?' if close else
                                          "kinds: " + ", ".join(sorted(voc.KINDS))))
                        kind_error = kind_error or k == "kind"
                        continue
                    q["kind"] = self.kind_names[v]
                else:
                    try:
                        q[f.key] = _bool(v) if f.type == "bool" else _field_text(v)
                    except _BadValue as b:
                        errs.append(error("SIR302", f'"{where}.{k}": {b.message}', loc.span(k), b.hint))
            if "kind" not in q and not kind_error:      # (not a scan of errs: quadratic with many participants)
                errs.append(error("SIR302", f'"{where}" has no kind', loc.span(where.split("[")[0]),
                                  'every participant needs a kind, e.g. kind = "municipal_unit"'))
            out.append(q)
        applicant = out[0] if app is not None and out else None
        return applicant, tuple(out)

    def _parts(self, raw: dict, loc, errs, warns) -> frozenset:
        parts = raw.get("parts", raw.get("delar", {}))
        if not isinstance(parts, dict):
            errs.append(error("SIR302", '"parts" must be a table of texts ([parts])', loc.span("parts")))
            return frozenset()
        present = set()
        for k, v in parts.items():
            key = self.part_names.get(k)
            if key is None:
                close = loc.close(str(k), sorted(self.part_names))
                warns.append(warning("SIR303", f'unknown part "{k}" (ignored)', loc.span(k),
                                     f'did you mean "{close[0]}"?' if close else None,
                                     sv=(f'okänd del "{k}" (läses inte)',
                                         f'menade du "{close[0]}"?' if close else None)))
                continue
            if isinstance(v, str):
                most = limits.get("TEXT", MAX_TEXT)
                if len(v) > most:
                    errs.append(error("SIR401", f'part "{k}" is {len(v)} characters; the limit is {most}',
                                      loc.span(k), limits.hint("TEXT")))
                if v.strip():
                    present.add(key)
            elif v not in (None, False):
                errs.append(error("SIR302", f'part "{k}" must be a text', loc.span(k)))
        return frozenset(present)


class _Bad(Exception):
    def __init__(self, diag):
        self.diag = diag


class _BadValue(Exception):
    def __init__(self, message: str, hint: str | None = None, kind: str = "value"):
        self.message, self.hint, self.kind = message, hint, kind


_KEY_AT_START = re.compile(r'^\s*(?:\[\[?\s*)?["\']?([^"\'\s=:\[\]]+)["\']?\s*(?:[=:]|\]\]?)')
_SIMPLE_KEY = re.compile(r'[^"\'\s=:\[\]]+')


class _Locator:
    """Finds the line of a key in the file text (best effort).

    Lines are indexed once by the key they start with, so a file with thousands of unknown keys
    costs linear time, and "did you mean" is worked out for the first 100 unknown words only.
    """

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.splitlines()
        self._index: dict[str, int] | None = None
        self._suggestions = 100

    def close(self, word: str, choices) -> list[str]:
        if self._suggestions <= 0:
            return []
        self._suggestions -= 1
        import difflib
        return difflib.get_close_matches(word, choices, n=1, cutoff=0.6)

    def _lines_of(self, key: str):
        if _SIMPLE_KEY.fullmatch(key):
            if self._index is None:
                self._index = {}
                for i, line in enumerate(self.lines, 1):
                    m = _KEY_AT_START.match(line)
                    if m:
                        self._index.setdefault(m.group(1), i)
            i = self._index.get(key)
            return [(i, self.lines[i - 1])] if i else []
        pat = re.compile(r'^\s*(?:\[\[?\s*)?["\']?' + re.escape(key) + r'["\']?\s*(?:[=:]|\]\]?)')
        return ((i, line) for i, line in enumerate(self.lines, 1) if pat.search(line))

    def span(self, key: str, value=None) -> Span:
        for i, line in self._lines_of(str(key)):
            col = line.index(str(key)) + 1
            if value is not None and str(value) in line:
                col = line.index(str(value)) + 1
                return Span(self.path, i, col, i, col + len(str(value)))
            return Span(self.path, i, col, i, col + len(str(key)))
        return Span(self.path, 1, 1, 1, 1)


def _money(v) -> int:
    if isinstance(v, bool):
        raise _BadValue("expected an amount, got yes/no", kind="type")
    if isinstance(v, int):
        if abs(v) > 10 ** 15:
            raise _BadValue(f"{v} kr is too large")
        return v * 100
    if isinstance(v, float):
        if not math.isfinite(v):
            raise _BadValue(f"{v} is not an amount")
        d = Decimal(repr(v))
        ore = d * 100
        if ore != ore.to_integral_value():
            raise _BadValue(f"{v} kr is not a whole number of öre")
        return int(ore)
    if isinstance(v, str):
        if not any(ch.isdigit() for ch in v):
            raise _BadValue(f"{v!r} is not an amount", 'write e.g. 1500000, "1 500 000 kr" or "1,5 mnkr"')
        try:
            return parse_money(v)
        except ValueError as exc:
            raise _BadValue(f"{v!r} is not an amount", str(exc))
    raise _BadValue(f"expected an amount, got {type(v).__name__}", 'write e.g. 1500000 or "1,5 mnkr"', "type")


def _bool(v) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("ja", "yes", "true", "nej", "no", "false"):
        return v.strip().lower() in ("ja", "yes", "true")
    raise _BadValue(f"expected yes/no (true or false), got {v!r}", "write true or false", "type")


def _date(v) -> datetime.date:
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    if isinstance(v, str):
        try:
            return datetime.date.fromisoformat(v.strip())
        except ValueError:
            raise _BadValue(f"{v!r} is not a date in the calendar", "write a date as YYYY-MM-DD")
    raise _BadValue(f"expected a date, got {v!r}", "write a date as YYYY-MM-DD", "type")


_DUR = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(år|years?|månader|månad|months?|mån)\s*$", re.I)


def _duration(v) -> int:
    if isinstance(v, bool):
        raise _BadValue("expected a duration, got yes/no", kind="type")
    if isinstance(v, int):
        if not 0 <= v <= MAX_YEARS * 12:
            raise _BadValue(f"{v} months is outside 0–{MAX_YEARS * 12}")
        return v
    if isinstance(v, str):
        m = _DUR.match(v)
        if m:
            try:
                n = Fraction(m.group(1).replace(",", "."))
            except ValueError:                     # more digits than int() reads (4300)
                raise _BadValue(f"{v[:40]!r}… is not a whole number of months within {MAX_YEARS} years") from None
            months = n * 12 if m.group(2).lower() in ("år", "year", "years") else n
            if months.denominator == 1 and 0 <= months <= MAX_YEARS * 12:
                return int(months)
            raise _BadValue(f"{v!r} is not a whole number of months within {MAX_YEARS} years")
    raise _BadValue(f"expected a duration, got {v!r}", 'write months as a number (36) or "3 years" / "3 år"', "type")


def _number(v):
    if isinstance(v, bool):
        raise _BadValue("expected a number, got yes/no", kind="type")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            raise _BadValue(f"{v} is not a number")
        f = Fraction(Decimal(repr(v)))
        return int(f) if f.denominator == 1 else f
    if isinstance(v, str):
        try:
            f = Fraction(parse_number(v))
        except (ValueError, InvalidOperation) as exc:
            raise _BadValue(f"{v!r} is not a number ({exc})")
        return int(f) if f.denominator == 1 else f
    raise _BadValue(f"expected a number, got {v!r}", kind="type")


def _percent(v) -> Fraction:
    if isinstance(v, str):
        v = v.strip().rstrip("%").strip()
    n = _number(v)
    return Fraction(n)


def _text(v) -> str:
    if isinstance(v, str):
        most = limits.get("TEXT", MAX_TEXT)
        if len(v) > most:
            raise _BadValue(f"text of {len(v)} characters; the limit is {most}", limits.hint("TEXT"))
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    raise _BadValue(f"expected a text, got {v!r}", kind="type")


def _field_text(v) -> str:
    """A participant's name, committee or area: a text (bounded by the file size limit)."""
    if isinstance(v, str):
        return v
    raise _BadValue(f"expected a text, got {v!r}", kind="type")


def _tags(v) -> tuple:
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        most = limits.get("LIST_ITEMS", MAX_LIST_ITEMS)
        if len(v) > most:
            raise _BadValue(f"a list of {len(v)} words; the limit is {most}", limits.hint("LIST_ITEMS"))
        return tuple(v)
    raise _BadValue(f"expected a word or a list of words, got {v!r}", kind="type")


def _choice(v, choices) -> str:
    if isinstance(v, str):
        word = voc.CHOICE_INDEX.get(v, v)
        if not choices or word in choices:
            return word
        import difflib
        close = difflib.get_close_matches(v, list(choices), n=1, cutoff=0.6)
        raise _BadValue(f"{v!r} is not one of {', '.join(choices)}",
                        f'did you mean "{close[0]}"?' if close else None)
    raise _BadValue(f"expected one of {', '.join(choices)}, got {v!r}", kind="type")


def _table(v) -> dict:
    if not isinstance(v, dict):
        raise _BadValue("expected a table of years and amounts, e.g. [budget] 2025 = 500000", kind="type")
    most = limits.get("YEARS", MAX_YEARS)
    if len(v) > most:
        raise _BadValue(f"{len(v)} years; the limit is {most}", limits.hint("YEARS"))
    out = {}
    for year, amount in v.items():
        try:
            y = int(year)
        except (TypeError, ValueError, OverflowError):
            raise _BadValue(f"{year!r} is not a year")
        if not 1900 <= y <= 2200:
            raise _BadValue(f"{year!r} is not a plausible year")
        out[y] = _money(amount)
    return out


def _savings(v) -> tuple:
    if not isinstance(v, list):
        raise _BadValue("expected a list of {actor, year, amount}, e.g. [[savings]]", kind="type")
    most = limits.get("SAVINGS_ROWS", MAX_SAVINGS_ROWS)
    if len(v) > most:
        raise _BadValue(f"{len(v)} savings rows; the limit is {most}", limits.hint("SAVINGS_ROWS"))
    out = []
    for row in v:
        if not isinstance(row, dict) or not {"actor", "year", "amount"} <= set(row):
            raise _BadValue("each saving needs actor, year and amount", kind="type")
        try:
            year = int(row["year"])
        except (TypeError, ValueError, OverflowError):
            raise _BadValue(f"savings year {row['year']!r} is not a year", "write the year as a number, e.g. 2025")
        if not 1900 <= year <= 2200:
            raise _BadValue(f"savings year {row['year']!r} is not a plausible year", "write a year such as 2025")
        out.append((_text(row["actor"]), year, _money(row["amount"])))
    return tuple(out)
