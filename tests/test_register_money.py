"""The register's money invariants under random sequences of commands (hypothesis stateful
testing), concurrent officers, and a process killed in the middle of a command."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from sirules.language.diagnostics import SirulesError
from tests.cli_helpers import ROOT

ALE = os.path.join(ROOT, "guidelines", "ale.sir")
#: Ale's guideline with a risk block: what the joint repayment leaves open is written down centrally
RISK = "\nrisk\n  bärare: central\n  central_instans: \"Kommunstyrelsen\"\n"
SECTORS = ("Sektor utbildning, kultur och fritid", "Sektor arbete, trygghet och omsorg")
TEMPLATE = open(os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml"), encoding="utf-8").read()


def application(folder, n: int, amount_kr: int) -> str:
    """An accepted Ale application, made distinct by its title and amount."""
    text = TEMPLATE.replace('title = "', f'title = "nr {n}: ', 1)
    lines = [f'amount = "{amount_kr} kr"' if line.startswith("amount =") else line for line in text.splitlines()]
    text = "\n".join(line for line in lines if not line.startswith("total_cost"))
    text = text.split("[budget]")[0] + text.split("[budget]")[1].split("\n\n", 1)[1] if "[budget]" in text else text
    path = os.path.join(folder, f"app-{n}.toml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def journal_rows(engine):
    import sqlalchemy as sa
    from sirules.register import schema
    with engine.connect() as conn:
        return conn.execute(sa.select(schema.journal)).all()


def independent_figures(rows, application_id=None):
    """The figures summed in Python from the raw rows (not through the register's own query)."""
    kinds = {r.id: r.kind for r in rows}
    out = {}
    for r in rows:
        if application_id is not None and r.application_id != application_id:
            continue
        kind, sign = (kinds[r.reverses], -1) if r.kind == "reversal" else (r.kind, 1)
        out[kind] = out.get(kind, 0) + sign * r.amount
    return out


class Fund(RuleBasedStateMachine):
    """Officers submit, decide and pay in any order; whatever they do, the money adds up."""

    url = None
    folder = None
    outcomes_booked = 0

    def __init__(self):
        super().__init__()
        from sirules.register import database, service
        self.n = getattr(Fund, "_n", 0)
        Fund._n = self.n + 1
        target = Fund.url(self.n)
        guideline = os.path.join(Fund.folder, "ale-risk.sir")
        if not os.path.exists(guideline):
            with open(guideline, "w", encoding="utf-8") as fh:
                fh.write(open(ALE, encoding="utf-8").read() + RISK)
        service.init(guideline, target, "test", datetime.date(2014, 1, 1))
        self.engine = database.open_register(service.locate.to_url(target))
        self.apps = []            # (id, amount in öre)
        self.decided = set()
        self.paid = set()         # ids with a payment
        self.counter = 0
        # one grant partly paid from the start, so that outcome files have money to book in every run
        from sirules.register import decisions
        self.submit(1_000_000)
        decisions.decide(self.engine, 1, 100_000_000, None, datetime.date(2014, 3, 1), "KS")
        decisions.pay(self.engine, 1, 40_000_000, datetime.date(2014, 6, 1), "ekonomi")
        self.decided.add(1)
        self.paid.add(1)

    def teardown(self):
        self.engine.dispose()

    @rule(amount=st.integers(1, 3_000_000))
    def submit(self, amount):
        from sirules.register import service
        self.counter += 1
        path = application(Fund.folder, self.n * 10_000 + self.counter, amount)
        [d] = service.submit(self.engine, [path], "officer", datetime.date(2014, 2, 1))
        self.apps.append((d["id"], amount * 100))

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), share=st.integers(1, 120))
    def decide(self, data, share):
        from sirules.register import decisions
        app_id, applied = data.draw(st.sampled_from(self.apps))
        grant = max(1, applied * share // 100)
        self.attempt(lambda: decisions.decide(self.engine, app_id, grant, None, datetime.date(2014, 3, 1), "KS"))
        self.decided.add(app_id)

    @precondition(lambda self: self.apps)
    @rule(data=st.data())
    def deny(self, data):
        from sirules.register import decisions
        app_id, _ = data.draw(st.sampled_from(self.apps))
        self.attempt(lambda: decisions.decide(self.engine, app_id, None, "nej", datetime.date(2014, 3, 1), "KS"))

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), amount=st.integers(1, 3_000_000_00), year=st.integers(2014, 2018))
    def pay(self, data, amount, year):
        from sirules.register import decisions
        app_id, _ = data.draw(st.sampled_from(self.apps))
        if self.attempt(lambda: decisions.pay(self.engine, app_id, amount, datetime.date(year, 6, 1), "ekonomi")):
            self.paid.add(app_id)

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), share=st.integers(1, 100), year=st.integers(2014, 2018))
    def pay_part(self, data, share, year):
        """Pay a share of what is unpaid on a grant (the random amounts of ``pay`` are mostly refused)."""
        from sirules.register import decisions, journal
        app_id, _ = data.draw(st.sampled_from(self.apps))
        with self.engine.connect() as conn:
            unpaid = journal.sums(conn, application_id=app_id).unpaid
        amount = max(1, unpaid * share // 100)
        if self.attempt(lambda: decisions.pay(self.engine, app_id, amount, datetime.date(year, 6, 1), "ekonomi")):
            self.paid.add(app_id)

    @precondition(lambda self: self.apps)
    @rule(data=st.data(), savings=st.lists(st.tuples(st.sampled_from(SECTORS), st.integers(2013, 2019),
                                                     st.integers(0, 2_000_000)), max_size=6),
          year=st.integers(2014, 2020))
    def outcome_of_any(self, data, savings, year):
        """An outcome file for any application (one with nothing paid is refused, SIR620)."""
        self.outcome_for(data.draw(st.sampled_from(self.apps))[0], savings, year)

    @precondition(lambda self: self.paid)
    @rule(data=st.data(), savings=st.lists(st.tuples(st.sampled_from(SECTORS), st.integers(2013, 2019),
                                                     st.integers(0, 2_000_000)), max_size=6),
          year=st.integers(2014, 2020))
    def outcome(self, data, savings, year):
        """An outcome file (savings booked per sector and year) for a granted application, booked on
        a day in ``year``; booked again, the same file adds nothing."""
        self.outcome_for(data.draw(st.sampled_from(sorted(self.paid))), savings, year)

    def outcome_for(self, app_id, savings, year):
        from sirules.register import outcome
        self.counter += 1
        path = os.path.join(Fund.folder, f"outcome-{self.n}-{self.counter}.toml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(f'[[savings]]\nactor = "{a}"\nyear = {y}\namount = {kr}\n\n' for a, y, kr in savings))
        on = datetime.date(year, 12, 1)
        booked = self.attempt(lambda: outcome.record(self.engine, app_id, path, on, "ekonomi"))
        if booked:
            Fund.outcomes_booked += 1
            before = journal_rows(self.engine)
            again = outcome.record(self.engine, app_id, path, on, "ekonomi")
            assert again["booked"] == [] and journal_rows(self.engine) == before

    def attempt(self, command) -> bool:
        """Run a command; a refused one must leave the journal exactly as it was, and one that
        succeeds only adds rows to it (nothing booked is changed or deleted)."""
        before = journal_rows(self.engine)
        try:
            command()
        except SirulesError:
            assert journal_rows(self.engine) == before
            return False
        assert journal_rows(self.engine)[:len(before)] == before
        return True

    @invariant()
    def money_adds_up(self):
        from sirules.register import journal
        rows = journal_rows(self.engine)
        with self.engine.connect() as conn:
            total = journal.sums(conn)
            assert total.balance >= 0, "the fund was overdrawn"
            assert {k: v for k, v in independent_figures(rows).items() if v} == \
                   {k: getattr(total, k) for k in journal.MOVEMENTS if getattr(total, k)}
            for app_id, applied in self.apps:
                f = journal.sums(conn, application_id=app_id)
                assert f.granted == f.paid + f.unpaid and f.unpaid >= 0
                assert f.paid == f.repayment + f.waiver + f.writedown + f.outstanding and f.outstanding >= 0
                assert f.granted <= applied
            assert total.capital == 1_000_000_000
            assert total.balance == total.capital - total.granted + total.repayment


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_money_adds_up_whatever_the_officers_do(backend, tmp_path, request):
    Fund.folder = str(tmp_path)
    Fund.outcomes_booked = 0
    if backend == "sqlite":
        Fund.url = staticmethod(lambda n: str(tmp_path / f"fund-{n}.db"))
    else:
        server = request.getfixturevalue("postgres_server")
        Fund.url = staticmethod(lambda n: server.new_database())
    run_state_machine_as_test(Fund, settings=settings(
        max_examples=15 if backend == "sqlite" else 8, stateful_step_count=20, deadline=None,
        suppress_health_check=list(HealthCheck)))
    assert Fund.outcomes_booked, "no outcome was ever booked: the test proved nothing about outcomes"


CONTEND = r"""
import datetime, sys
from sirules.register import database, decisions, locate
from sirules.language.diagnostics import SirulesError
engine = database.open_register(locate.to_url(sys.argv[1]))
try:
    decisions.decide(engine, int(sys.argv[2]), 100_000_000, None, datetime.date(2014, 3, 1), "officer " + sys.argv[2])
    print("granted")
except SirulesError as exc:
    print(exc.diagnostics[0].code)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_officers_at_once_cannot_overdraw(backend, tmp_path, request):
    """Six processes each grant 1 mnkr at the same moment from a fund with 3 mnkr: exactly three
    succeed, the others are refused, and the balance is 0, never below."""
    from sirules.register import database, journal, service
    small = tmp_path / "small.sir"
    small.write_text(open(ALE, encoding="utf-8").read().replace("storlek: 10 mnkr", "storlek: 3 mnkr"),
                     encoding="utf-8")
    target = str(tmp_path / "r.db") if backend == "sqlite" else request.getfixturevalue("postgres_server").new_database()
    service.init(str(small), target, "test", datetime.date(2014, 1, 1))
    engine = database.open_register(service.locate.to_url(target))
    paths = [application(str(tmp_path), i, 1_500_000) for i in range(6)]
    service.submit(engine, paths, "officer", datetime.date(2014, 2, 1))
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [subprocess.Popen([sys.executable, "-c", CONTEND, target, str(i + 1)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(6)]
    outs = [p.communicate(timeout=120) for p in procs]
    said = sorted(o.strip() for o, _ in outs)
    assert said == ["SIR608"] * 3 + ["granted"] * 3, outs
    with engine.connect() as conn:
        assert journal.sums(conn).balance == 0
    engine.dispose()


KILLED = r"""
import datetime, sys, glob
from sirules.register import database, locate, service
engine = database.open_register(locate.to_url(sys.argv[1]))
print("start", flush=True)
service.submit(engine, sorted(glob.glob(sys.argv[2] + "/*.toml")), "officer", datetime.date(2014, 2, 1))
"""


def test_a_killed_command_leaves_the_register_before_or_after(tmp_path):
    """``submit`` of many applications is killed at random moments: the register then holds none
    of them or all of them, never some, and still opens."""
    import sqlalchemy as sa
    from sirules.register import database, schema, service
    target = str(tmp_path / "r.db")
    service.init(ALE, target, "test", datetime.date(2014, 1, 1))
    folder = tmp_path / "apps"
    folder.mkdir()
    for i in range(600):
        application(str(folder), i, 100_000 + i)
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    seen = set()
    for delay in (0.05, 0.2, 0.5, 1.0, 2.0):
        proc = subprocess.Popen([sys.executable, "-c", KILLED, target, str(folder)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc.stdout.readline()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        engine = database.open_register("sqlite:///" + target)
        with engine.connect() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(schema.applications)).scalar()
        engine.dispose()
        assert count in (0, 600), count
        seen.add(count)
        if count == 600:
            break
    assert 0 in seen, "the command was never killed before it finished; the test proved nothing"
