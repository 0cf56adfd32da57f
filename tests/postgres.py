"""A throw-away PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` (Debian's
``postgresql`` package) in a temporary folder, listening only on a Unix socket there.

Locally, without the binaries, the tests that need it are skipped with a message that says how to
install them; under CI (``SIRULES_CI=1``, set by ``.ci/run``) a missing server is a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

INSTALL = "install PostgreSQL to run them: apt-get install -y postgresql"


def binaries() -> str | None:
    """The folder with initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return os.path.dirname(os.path.realpath(found))
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, "initdb")) and os.path.exists(os.path.join(folder, "pg_ctl")):
            return folder
    return None


def missing(reason: str):
    if os.environ.get("SIRULES_CI") == "1":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped ({reason}); {INSTALL}")


class Server:
    """A running server; :meth:`new_database` makes an empty database and returns its URL."""

    def __init__(self) -> None:
        folder = binaries()
        if folder is None:
            missing("initdb and pg_ctl not found")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            missing("the psycopg driver is not installed (pip install 'sirules[postgres]')")
        self.bin = folder
        self.root = tempfile.mkdtemp(prefix="sirules-pg-")
        self.data = os.path.join(self.root, "data")
        self.user = None                      # PostgreSQL refuses to run as root: run it as postgres
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                missing("running as root and there is no postgres user to run the server as")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.root, "log"), "-o",
                  f"-c listen_addresses='' -k {self.root} -c fsync=off", "start")
        self.count = 0

    def _run(self, program: str, *args: str) -> None:
        argv = [os.path.join(self.bin, program), *args]
        if self.user is not None:
            argv = ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups", *argv]
        proc = subprocess.run(argv, capture_output=True, text=True)
        if proc.returncode != 0:
            missing(f"{program} failed: {proc.stderr.strip() or proc.stdout.strip()}")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.root}"

    def new_database(self) -> str:
        import psycopg
        self.count += 1
        name = f"register_{self.count}"
        with psycopg.connect(f"host={self.root} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
