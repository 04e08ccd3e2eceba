"""pytest-aquadata's pytest hooks (the ``pytest11`` entry point): options, markers, the header,
the xdist hand-off of seed and as-of, and the terminal summary. Fixtures live in ``fixtures``."""

from __future__ import annotations

import shutil
from collections.abc import Generator
from typing import Any

import pytest

from pytest_aquadata import batch_store, factory_fixtures, options
from pytest_aquadata.hypothesis_profile import register_profile

# every public fixture, registered with the hooks; the caches' option and test-database hook
pytest_plugins = ["pytest_aquadata.fixtures", "pytest_aquadata.cache.pytest_plugin"]

register_profile()  # so --hypothesis-profile=aquadata works without a conftest import

MARKERS = (
    "aquadata(geography=None, eggs=None): configure this test's lifecycle batches "
    "(geography: Scotland or Faroe Islands; eggs: eggs per batch).",
    "aquadata_now: run the test at the farm's now (timezone.now() frozen with time-machine at "
    "22:00 UTC on the as-of date, like the aquadata_travel fixture).",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the aquadata options and their ini twins."""
    options.add_options(parser)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Parse and validate every option once (seed and as-of from the xdist controller on a
    worker), register the markers and the factory fixtures."""
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    options.resolve(config)
    factory_fixtures.register(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """On the xdist controller: hand each worker this run's seed, as-of and shared folder."""
    node.workerinput.update(options.worker_input(node.config))


def pytest_report_header(config: pytest.Config) -> str:
    """Print the seed and as-of so a run can be replayed with --aquadata-seed/--aquadata-as-of."""
    settings = options.settings_of(config)
    return f"aquadata: seed={settings.seed} as-of={settings.as_of.isoformat()}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use stored batches get the test database even without ``db``."""
    report = options.settings_of(config).report_dir is not None
    batch_store.mark_database_users(items, report=report)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the test's fixtures: write the lifecycle batches it declares if they are missing,
    so they are outside its transaction."""
    batch_store.prepare(item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, Any, None]:
    """After the test's fixtures are gone, note a flush by a transactional test."""
    yield
    batch_store.note_flush(item)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On the xdist controller, drop the template databases the workers shared, and their
    shared folder."""
    shared = session.config.stash.get(options.SHARED_DIR_KEY, None)
    if shared is None:
        return
    from pytest_aquadata import xdist_clone

    xdist_clone.drop_templates(shared)
    shutil.rmtree(shared, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """After the run: what the saturation filled (per app), rows, time, rows/s, scale, seed."""
    report = config.stash.get(options.REPORT_KEY, None)
    if report is not None:
        terminalreporter.section("aquadata saturation")
        for line in report.summary().splitlines():
            terminalreporter.write_line(line)
    out = options.settings_of(config).report_dir
    index = config.stash.get(options.REPORT_INDEX_KEY, None)
    problem = config.stash.get(options.REPORT_PROBLEM_KEY, None)
    if index is not None:
        terminalreporter.write_line(f"aquadata: report written to {index}")
    elif problem is not None:
        terminalreporter.write_line(f"aquadata: report not written: {problem}")
    elif (
        out and getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput")
    ):
        terminalreporter.write_line(f"aquadata: one report per xdist worker under {out}")
    elif out:
        terminalreporter.write_line("aquadata: report not written: no test ran")
