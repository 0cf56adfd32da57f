"""Running the command line in process, from the repository root, and golden files (shared by the tests)."""

import contextlib
import io
import os

from sirules.cli import main as cli

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@contextlib.contextmanager
def in_root():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)


def run(*argv):
    """(exit code, stdout, stderr) of ``sirules ARGV`` run in this process from the repository root."""
    out, err = io.StringIO(), io.StringIO()
    with in_root(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def assert_golden(got: str, expected_path: str, update: bool) -> None:
    """``got`` equals the file ``expected_path``, which is (re)written first when ``update`` is
    set or it does not exist yet."""
    if update or not os.path.exists(expected_path):
        with open(expected_path, "w", encoding="utf-8") as fh:
            fh.write(got)
    with open(expected_path, encoding="utf-8") as fh:
        assert got == fh.read()


#: the officer of the test registers: name, password
OFFICER = ("karin", "korrekt häst batteri")


def fund_with_officer(db: str, guideline: str, paths: list[str], opened, submitted, reader: bool = False):
    """A register at ``db`` of ``guideline`` (opened on ``opened``), with ``paths`` submitted on
    ``submitted`` and the officer :data:`OFFICER` (with ``reader``, also olle, who only reads):
    (its open engine, the applications' numbers)."""
    from sirules.register import service, status, users
    with in_root():
        service.init(guideline, db, "test", opened)
        engine = status.open_engine(db)
        ids = [r["id"] for r in service.submit(engine, paths, "test", submitted)]
        users.add(engine, OFFICER[0], "officer", OFFICER[1], "test")
        if reader:
            users.add(engine, "olle", "reader", "bara läsa här", "test")
    return engine, ids
