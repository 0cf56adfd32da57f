import os
import tempfile

import pytest

# Tests never touch the user's cache.
os.environ.setdefault("SIRULES_CACHE_DIR", tempfile.mkdtemp(prefix="sirules-test-cache-"))
os.environ["SIRULES_PLAIN"] = "1"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden .expected files")


@pytest.fixture
def update_goldens(request):
    return request.config.getoption("--update-goldens") or os.environ.get("SIRULES_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL server for the session (see tests/postgres.py)."""
    from tests.postgres import Server
    server = Server()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_db(request, tmp_path):
    """An unused register location: a SQLite path, or a fresh database on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "register.db")
    return request.getfixturevalue("postgres_server").new_database()
