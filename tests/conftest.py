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
