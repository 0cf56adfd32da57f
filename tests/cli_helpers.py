"""Running the command line in process, from the repository root (shared by the tests)."""

import contextlib
import io
import os

from sirules import cli

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
