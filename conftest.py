"""Root conftest: enables pytester so the plugin can be tested in throw-away projects."""

import atexit
import os
import shutil
import tempfile

import pytest

pytest_plugins = ["pytester"]

# The plugin's and the CLI's caches (schema, snapshots) go to a throw-away folder for this run
# and the projects and commands it starts, never to the user's own cache folder.
_CACHE_DIR = tempfile.mkdtemp(prefix="aquadata-test-cache-")
os.environ["AQUADATA_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, True)

# What the outer run puts in the environment that a throw-away project must not inherit: its
# own ini file names its settings, and it runs outside this run's xdist workers.
_OUTER_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTEST_ADDOPTS",
)


@pytest.fixture(autouse=True)
def _isolated_pytester_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give pytester projects a clean environment (their settings come from their ini) and
    their fixed test order: pytest-randomly stays off unless a test removes PYTEST_ADDOPTS."""
    if "pytester" in request.fixturenames:
        for name in _OUTER_ENV:
            monkeypatch.delenv(name, raising=False)
        request.getfixturevalue("pytester")  # its set-up clears PYTEST_ADDOPTS: set it after
        monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:randomly")


#: Fixtures through which a test uses the run's own database (DATABASE_URL).
_RUN_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_setup", "live_server"}
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "own_project: set on every test that runs a throw-away pytester project (in a subprocess, "
        "on the database its own settings name, without DATABASE_URL) and not the run's "
        "database; .ci/run runs these in its SQLite pass only, where they give the same result",
    )


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests whose outcome does not depend on the run's database (``own_project``)."""
    names = set(getattr(item, "fixturenames", ()))
    if (
        "pytester" in names
        and not names & _RUN_DATABASE_FIXTURES
        and item.get_closest_marker("django_db") is None
    ):
        item.add_marker("own_project")
