"""sirules fund: the fund's register (applications, decisions and money over the years)."""

from __future__ import annotations

from sirules.language.i18n import current, later, mark, seen, tr

import datetime
import sys

from ..language.diagnostics import SirulesError, error
from ._util import expand, parse_date


def register(sub) -> None:
    f = sub.add_parser("fund", help=mark("keep the fund's register: applications, decisions, payments"),
                       description=mark("Keep the fund's register in a database (SQLite by default, PostgreSQL by "
                                        "URL). Without --db, the register is SIRULES_DB or the file "
                                        "sirules-register.db in this folder or a parent."))
    cmds = f.add_subparsers(dest="fund_command", metavar="SUBCOMMAND")
    cmds.required = True

    def add(name, help_, description, **kw):
        p = cmds.add_parser(name, help=help_, description=description, **kw)
        p.add_argument("--db", help=mark("the register: a SQLite file or a postgresql:// URL"))
        p.add_argument("--format", choices=("text", "json"), default="text", help=mark("output format (default: text)"))
        return p

    p = add("init", mark("create a register for a fund, with its guideline"),
            mark("Create a register for a fund, with its guideline."))
    p.add_argument("guideline", help=mark("the guideline file (.sir)"))
    p.add_argument("--date", help=mark("the date the fund's capital is booked (default: today)"))
    p.add_argument("--by", help=mark("who does it (default: SIRULES_USER or the login name)"))
    p = add("guideline", mark("add a new version of the guideline"), mark("Add a new version of the guideline."))
    p.add_argument("action", choices=("add",))
    p.add_argument("guideline", help=mark("the guideline file (.sir)"))
    p.add_argument("--by", help=mark("who does it"))
    p = add("submit", mark("check applications and record them with their findings"),
            mark("Check applications and record them with their findings."))
    p.add_argument("applications", nargs="+", help=mark("application files or folders"))
    p.add_argument("--date", help=mark("the date of submission (default: today)"))
    p.add_argument("--by", help=mark("who records them"))
    p = add("decide", mark("grant or deny an application"), mark("Grant or deny an application."))
    p.add_argument("id", type=int, help=mark("the application's id in the register"))
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--grant", metavar="AMOUNT", help=mark('the amount granted, as in the language: "1 500 000 kr"'))
    g.add_argument("--deny", action="store_true", help=mark("deny the application (needs --reason)"))
    p.add_argument("--reason", help=mark("why (required to deny, and to grant with --override)"))
    p.add_argument("--override", action="store_true", help=mark("grant an application that was not accepted"))
    p.add_argument("--pot", help=mark("the pot of the fund block the grant is made from"))
    p.add_argument("--date", help=mark("the date of the decision (default: today)"))
    p.add_argument("--by", help=mark("who decides"))
    p = add("pay", mark("pay out (part of) a grant"), mark("Pay out (part of) a grant."))
    p.add_argument("id", type=int, help=mark("the application's id in the register"))
    p.add_argument("amount", help=mark('the amount paid: "500 000 kr"'))
    p.add_argument("--date", required=True, help=mark("the date of payment (YYYY-MM-DD)"))
    p.add_argument("--by", help=mark("who pays"))
    p = add("status", mark("the fund's money per year: granted, paid, repaid, outstanding, balance"),
            mark("The fund's money per year: granted, paid, repaid, outstanding, balance."))
    p.add_argument("--year", type=int, help=mark("only this year"))
    p.add_argument("--date", help=mark("the day duties are judged on, and whose portfolio rules are used (default: "
                                       "today)"))
    p = add("show", mark("one application: its check, decision and money"),
            mark("One application: its check, decision and money."))
    p.add_argument("id", type=int, help=mark("the application's id in the register"))
    add("log", mark("every command that changed the register: who, when, what"),
        mark("Every command that changed the register: who, when, what."))
    p = add("export", mark("the whole register as one JSON document, or an Excel workbook for officers"),
            mark("The whole register as one JSON document, or an Excel workbook for officers."))
    p.add_argument("--output", help=mark("write it to this file (default: standard output; a workbook needs a file)"))
    for action in p._actions:                  # --format also takes xlsx here
        if action.dest == "format":
            action.choices = ("text", "json", "xlsx")
    p = add("import", mark("make a new register from an export"), mark("Make a new register from an export."))
    p.add_argument("file", help=mark("a file written by `sirules fund export`"))
    p = add("user", mark("add a user of the officer's desk (sirules serve), or make an API token for one"),
            mark("Add a user of the officer's desk (sirules serve), or make an API token for one."))
    p.add_argument("action", choices=("add", "token"))
    p.add_argument("name", help=mark("the user's name"))
    p.add_argument("--role", choices=("officer", "reader"), default="officer",
                   help=mark("officer: reads and writes; reader: only reads (default: officer)"))
    p.add_argument("--password-file", metavar="FILE",
                   help=mark("read the password from the first line of this file (default: ask for it)"))
    p.add_argument("--by", help=mark("who does it"))
    p = add("outcome", mark("book an outcome: repayments, waivers and write-downs of a grant paid out"),
            mark("Book an outcome: repayments, waivers and write-downs of a grant paid out."))
    p.add_argument("id", type=int, help=mark("the application's id in the register"))
    p.add_argument("file", help=mark("the outcome file ([[savings]], [[outcomes]], [[duties]]), as for "
                                     "`sirules obligations --outcome`"))
    p.add_argument("--date", help=mark("the date of booking (default: today); nothing is booked after it"))
    p.add_argument("--by", help=mark("who books it"))
    f.set_defaults(run=run)


def _money(text: str, what: str) -> int:
    from ..language.money import parse_money
    try:
        return parse_money(text)
    except (SirulesError, ValueError, ArithmeticError):
        raise SirulesError([error("SIR606", later("{what} {text} is not an amount", what=what, text=repr(text)),
                                  hint=later('write it as in the language, e.g. "1 500 000 kr" or "1,5 mnkr"'))]) from None


def run(args) -> int:
    try:
        import alembic  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        raise SirulesError([error("SIR602", later("the register needs SQLAlchemy and Alembic, which are not installed"),
                                  hint=later("pip install 'sirules[register]' (or 'sirules[postgres]' for PostgreSQL)"))]) from None
    from ..register import render, service, status
    from ..report.render import to_json
    today = datetime.date.today()
    by = service.who(getattr(args, "by", None))
    cmd = args.fund_command
    if cmd == "init":
        data = service.init(args.guideline, args.db, by, parse_date(args.date) or today)
        text = render.init(data)
    elif cmd == "import":
        from ..register import transfer
        data = transfer.import_(args.file, args.db)
        text = render.imported(data)
    else:
        engine = status.open_engine(args.db)
        try:
            seen(status.language(engine))              # the register's texts follow its guideline's language
            data, text = _dispatch(cmd, args, engine, by, today)
        finally:
            engine.dispose()
    sys.stdout.write((to_json(data) if args.format == "json" else text) + "\n")   # xlsx: what was written
    if cmd == "submit":
        return 1 if any(d.get("verdict", "accepted") != "accepted" for d in data) else 0
    return 0


def _dispatch(cmd, args, engine, by, today):
    from ..register import decisions, render, service, status
    from ..report.render import to_json
    if cmd == "guideline":
        data = service.add_guideline(engine, args.guideline, by)
        return data, render.guideline_added(data)
    if cmd == "submit":
        data = service.submit(engine, expand(args.applications), by, parse_date(args.date) or today)
        return data, render.submitted(data)
    if cmd == "decide":
        grant = None if args.deny else _money(args.grant, "--grant")
        data = decisions.decide(engine, args.id, grant, args.reason, parse_date(args.date) or today, by,
                                override=args.override, pot=args.pot)
        return data, render.decided(data)
    if cmd == "pay":
        data = decisions.pay(engine, args.id, _money(args.amount, later("the amount")), parse_date(args.date), by)
        return data, render.paid(data)
    if cmd == "outcome":
        from ..register import outcome
        data = outcome.record(engine, args.id, args.file, parse_date(args.date) or today, by)
        return data, render.outcome(data)
    if cmd == "status":
        data = status.status(engine, args.year, parse_date(args.date))
        return data, render.status(data)
    if cmd == "show":
        data = status.show(engine, args.id)
        return data, render.show(data)
    if cmd == "export" and args.format == "xlsx":
        return _xlsx(engine, args.output)
    if cmd == "export":
        from ..register import transfer
        data = transfer.export(engine)
        if args.output:
            from ..language.fileio import write_output
            write_output(args.output, to_json(data) + "\n")
            return {"exported": args.output}, tr("wrote the register to {file}", current(), file=args.output)
        return data, to_json(data)
    if cmd == "user":
        return _user(args, engine, by)
    data = status.log(engine)
    return data, render.log(data)


def _user(args, engine, by):
    from ..register import users
    if args.action == "token":
        data = users.new_token(engine, args.name, by)
        return data, tr("API token for {user} (shown only now; send it as 'Authorization: Bearer TOKEN'):", current(),
                        user=data["user"]) + "\n" + data["token"]
    data = users.add(engine, args.name, args.role, _password(args.password_file), by)
    return data, tr("user {user} added, role {role}", current(), user=data["user"], role=data["role"])


def _password(path: str | None) -> str:
    if path:
        from ..language.fileio import read_input
        data = read_input(path, 4096, later("a password file"),
                          lambda size: SirulesError([error("SIR606", later("the password file is {size}; a password is "
                                                                           "one line", size=size))]))
        return data.decode("utf-8", "replace").splitlines()[0] if data.strip() else ""
    import getpass
    first = getpass.getpass(tr("password: ", current()))
    if getpass.getpass(tr("again: ", current())) != first:
        raise SirulesError([error("SIR606", later("the two passwords differ"), hint=later("type the same password twice"))])
    return first

def _xlsx(engine, output):
    from ..language.fileio import write_output
    from ..register import excel
    if not output or output == "-":
        raise SirulesError([error("SIR623", later("an Excel workbook is written to a file, not to the terminal"),
                                  hint=later("add --output FILE.xlsx"))])
    data, counts = excel.workbook(engine)
    write_output(output, data)
    return {"exported": output, "sheets": counts}, tr("wrote the register to {file} ({sheets})", current(), file=output,
                                                       sheets=", ".join(f"{k}: {v}" for k, v in counts.items()))
