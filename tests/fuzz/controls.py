"""The fuzz target ``terminal``: text from files shown, never obeyed (issue 21, items 5 to 7).

An application, a guideline and a file name get control characters (escape sequences, carriage
returns, line breaks, C1 controls, bidirectional overrides), rich markup, spreadsheet formulas and
markdown links in their strings; a command shows them (``check`` plain, rich, ``--explain``,
``--suggest``, JSON; ``obligations`` and ``calc`` as text, CSV and JSON; ``compare`` as text,
markdown, CSV and JSON; ``lint``; ``template``). Beyond "exit 0, 1 or 2 and no traceback", the
output must hold the property of its format: no raw control character on a terminal, valid JSON
without raw C1 or bidirectional controls, no live formula in a CSV cell, and markdown tables with
as many cells in every row and no live link or image.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import tempfile

from .targets import Case, PropertyViolation, Target, _fresh_process_state, _write_case_files, check_exit, run_cli

#: pieces of hostile text; :func:`control_text` strings some together
PIECES = ("\x1b[2K\rACCEPTED", "\x1b]8;;http://example.invalid\x1b\\", "\x1b[31m", "\x9b2K", "\x85", "\r", "\n",
          "\x00", "\x07", "\x08", "\x7f", "\t", "\u202e", "\u2066", "\u2069", "\u200f", "\u2028", "[bold]", "[/]",
          "[link=http://x]y[/link]", '=HYPERLINK("http://example.invalid","x")', "+1", "-1+2", "@SUM(1)", "|",
          "![i](https://example.invalid/p.png)", "[l](javascript:alert(1))", "<script>", "`", "*", "&amp;",
          "Sektor", "å", " ")

#: what must never reach a terminal raw (tab and line break are the writers' own)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NUMBER = re.compile(r"-\d+([.,]\d+)?")


#: keys whose values are amounts, dates, durations and kinds: left alone mostly, so that most
#: applications are read and reported on rather than refused
VALUES = {"amount", "total_cost", "cofinancing", "start", "duration", "kind", "year", "age_from", "age_to",
          "budget", "preventive"}


def control_text(rnd: random.Random) -> str:
    """A short string of hostile pieces and random control characters."""
    out = []
    for _ in range(rnd.randint(1, 4)):
        r = rnd.random()
        if r < 0.7:
            out.append(rnd.choice(PIECES))
        elif r < 0.85:
            out.append(chr(rnd.choice((rnd.randrange(0, 0x20), rnd.randrange(0x7f, 0xa0)))))
        else:
            out.append(chr(rnd.choice((0x61c, 0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a)))))
    return "".join(out)


def file_name(rnd: random.Random, suffix: str) -> str:
    """A file name with control text in it (no ``/`` and no NUL, which no file name can hold)."""
    name = control_text(rnd).replace("/", "_").replace("\x00", "_")
    return (name or "x") + suffix


def inject(raw, rnd: random.Random, rate: float = 0.4):
    """``raw`` (an application as data) with control text put into some of its strings and keys."""
    if isinstance(raw, dict):
        out = {}
        for k, v in raw.items():
            keep = k in VALUES and rnd.random() < 0.9          # mostly a usable application: a report to show
            out[k] = v if keep else inject(v, rnd, rate)
        if rnd.random() < 0.3:
            out[control_text(rnd)] = control_text(rnd)         # an unknown key: a warning quotes it
        return out
    if isinstance(raw, list):
        return [inject(x, rnd, rate) for x in raw]
    if isinstance(raw, str) and rnd.random() < rate:
        r = rnd.random()
        return control_text(rnd) if r < 0.4 else raw + control_text(rnd) if r < 0.7 else control_text(rnd) + raw
    return raw


def hostile_guideline(text: str, rnd: random.Random) -> str:
    """A bundled guideline with control text in comments and string literals."""
    lines = text.splitlines()
    for _ in range(rnd.randint(1, 3)):
        k = rnd.randrange(len(lines) + 1)
        lines.insert(k, "# " + control_text(rnd).replace("\n", " ").replace("\r", " "))
    out = "\n".join(lines) + "\n"
    if rnd.random() < 0.6:
        strings = list(re.finditer(r'"[^"\\\n]*"', out))
        if strings:
            mt = rnd.choice(strings)
            inner = re.sub(r'["\\\n\r]', " ", control_text(rnd))
            out = out[:mt.start() + 1] + inner + out[mt.start() + 1:]
    return out


class TerminalTarget(Target):
    """Hostile text through every writer for people: shown, never obeyed (see the module)."""
    name = "terminal"

    def make(self, rnd, ctx):
        case = Case(self.name)
        g = rnd.choice(ctx.usable_guidelines())
        gtext = ctx.read(g).decode("utf-8")
        if rnd.random() < 0.3:
            case.files["g.sir"] = hostile_guideline(gtext, rnd).encode("utf-8")
            case.note += "[g.sir: control text in comments and strings] "
        else:
            case.refs["g.sir"] = g
        example = rnd.choice(ctx.examples_of(g))
        raw = ctx.raw_example(example) or {"title": "x"}
        app = file_name(rnd, ".json") if rnd.random() < 0.5 else "app.json"
        case.files[app] = json.dumps(inject(raw, rnd), default=str, ensure_ascii=True).encode("ascii")
        case.note += f"[{app!r}: {example} with control text] "
        command = rnd.choice(("check", "check", "check", "obligations", "calc", "compare", "lint", "template"))
        fmt = "text"
        if command == "check":
            extra = rnd.choice(([], ["--explain"], ["--suggest"], ["--format", "json"], ["--rich"]))
            fmt = "json" if "json" in extra else "text"
            argv = ["check", "{d}/g.sir", "{d}/" + app] + extra
        elif command in ("obligations", "calc"):
            fmt = rnd.choice(("text", "csv", "json"))
            argv = [command, "{d}/g.sir", "{d}/" + app, "--format", fmt]
        elif command == "compare":
            fmt = rnd.choice(("text", "markdown", "csv", "json"))
            argv = ["compare", "{d}/g.sir", "{d}/g.sir", "--applications", "{d}/" + app, "--format", fmt]
        elif command == "lint":
            argv = ["lint", "{d}/g.sir"]
        else:
            argv = ["template", "{d}/g.sir", "--format", rnd.choice(("toml", "yaml"))]
            fmt = "template"
        case.args.update(argv=argv, fmt=fmt)
        return case

    def run(self, case, ctx):
        d = tempfile.mkdtemp(dir=ctx.tmp)
        rich = "--rich" in case.args["argv"]
        argv = [a.replace("{d}", d) for a in case.args["argv"] if a != "--rich"]
        old = os.environ.get("SIRULES_RICH")
        try:
            _write_case_files(case, ctx, d)
            _fresh_process_state()
            if rich:
                os.environ["SIRULES_RICH"] = "1"
            code, out, err = run_cli(argv)
        finally:
            if rich:
                if old is None:
                    os.environ.pop("SIRULES_RICH", None)
                else:
                    os.environ["SIRULES_RICH"] = old
            shutil.rmtree(d, ignore_errors=True)
        outcome = check_exit(code, out, err)
        with ctx.not_timed():
            shown_not_obeyed(case.args["fmt"], out, err)
        return outcome


def shown_not_obeyed(fmt: str, out: str, err: str) -> None:
    """The property of each format (raises :class:`PropertyViolation`)."""
    m = RAW.search(err)
    if m:
        raise PropertyViolation(f"raw {m.group()!r} on standard error:\n{err[-2000:]}")
    if fmt in ("text", "markdown", "template", "csv"):
        m = RAW.search(out)
        if m:
            raise PropertyViolation(f"raw {m.group()!r} in {fmt} output:\n{out[-2000:]}")
    if fmt == "json" and out:
        m = RAW_IN_JSON.search(out)
        if m:
            raise PropertyViolation(f"raw {m.group()!r} in JSON output")
        json.loads(out)
    if fmt == "csv" and out:
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not NUMBER.fullmatch(cell)):
                    raise PropertyViolation(f"live formula {cell!r} in a CSV row {row}")
    if fmt == "markdown":
        _markdown_holds(out)


def _markdown_holds(out: str) -> None:
    table: list[int] = []
    for line in out.splitlines() + [""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
            continue
        if len(set(table)) > 1:
            raise PropertyViolation(f"a markdown table with rows of {sorted(set(table))} cells:\n{out[-2000:]}")
        table = []
    m = re.search(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(", out)
    if m:
        raise PropertyViolation(f"a live markdown link or image at {out[max(0, m.start() - 60):m.end() + 60]!r}")
