"""pytest glue: the `aquadata` option group, the seed in the header, and the fixtures."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections.abc import Callable, Generator
from typing import Any

import pytest

from pytest_aquadata import lifecycle
from pytest_aquadata.fixtures import _aquadata_reseed_factories, register_factory_fixtures
from pytest_aquadata.hypothesis_profile import register_profile
from pytest_aquadata.seeding import derive_seed, parse_readings, parse_seed

__all__ = ["_aquadata_reseed_factories"]

register_profile()  # so --hypothesis-profile=aquadata works without a conftest import

SEED_KEY = pytest.StashKey[int]()
SATURATE_KEY = pytest.StashKey["str | None"]()
REPORT_KEY = pytest.StashKey[Any]()
READINGS_KEY = pytest.StashKey[int]()
REPORT_DIR_KEY = pytest.StashKey["str | None"]()
REPORT_INDEX_KEY = pytest.StashKey[str]()

_SEED_HELP = "Seed for all generated data (numpy, factory_boy, Faker). Default: random, printed in the header."
_SATURATE_HELP = (
    "Fill every table of a whole farm once at session start (scale: small, medium, full; "
    "default small). Every test sees it; its own writes roll back."
)
_REPORT_HELP = (
    "After the run, write an HTML report with figures of the test database to DIR "
    "(needs the report extra: matplotlib)."
)
_READINGS_HELP = (
    "Environmental readings per sensor per day in built batches (default 6; 0 turns them off)."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the aquadata options and their ini twins."""
    group = parser.getgroup("aquadata", "realistic salmon-farm data (pytest-aquadata)")
    group.addoption("--aquadata-seed", dest="aquadata_seed", default=None, help=_SEED_HELP)
    parser.addini("aquadata_seed", _SEED_HELP, default=None)
    group.addoption(
        "--aquadata-readings", dest="aquadata_readings", default=None, help=_READINGS_HELP
    )
    parser.addini("aquadata_readings", _READINGS_HELP, default=None)
    group.addoption(
        "--aquadata-saturate",
        dest="aquadata_saturate",
        nargs="?",
        const="small",
        default=None,
        metavar="SCALE",
        help=_SATURATE_HELP,
    )
    parser.addini("aquadata_saturate", _SATURATE_HELP, default=None)
    group.addoption(
        "--aquadata-report", dest="aquadata_report", default=None, metavar="DIR", help=_REPORT_HELP
    )
    parser.addini("aquadata_report", _REPORT_HELP, default=None)


def _parse_readings(raw: object) -> int:
    try:
        return parse_readings(raw)
    except ValueError as exc:
        raise pytest.UsageError(f"--aquadata-readings / aquadata_readings: {exc}") from None


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Resolve the seed once per run: option, ini file, pytest-randomly's seed, or random."""
    raw = config.getoption("aquadata_seed") or config.getini("aquadata_seed")
    randomly_seed = getattr(config.option, "randomly_seed", None)
    if raw in (None, "") and isinstance(randomly_seed, int):
        seed = randomly_seed % 2**32
    elif raw in (None, ""):
        seed = random.SystemRandom().randrange(2**32)
    else:
        try:
            seed = parse_seed(raw)
        except ValueError as exc:
            raise pytest.UsageError(f"--aquadata-seed / aquadata_seed: {exc}") from None
    config.stash[SEED_KEY] = seed
    readings = config.getoption("aquadata_readings") or config.getini("aquadata_readings")
    config.stash[READINGS_KEY] = 6 if readings in (None, "") else _parse_readings(readings)
    config.stash[SATURATE_KEY] = _parse_scale(
        config.getoption("aquadata_saturate") or config.getini("aquadata_saturate")
    )
    config.stash[REPORT_DIR_KEY] = _check_report(
        config.getoption("aquadata_report") or config.getini("aquadata_report") or None
    )
    register_factory_fixtures(config)


def _check_report(out: str | None) -> str | None:
    """The report folder, or a usage error when the report extra is not installed."""
    if out:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise pytest.UsageError(
                "--aquadata-report / aquadata_report: the report needs matplotlib; "
                "install it with pip install 'pytest-aquadata[report]'"
            ) from None
    return out


def _parse_scale(raw: object) -> str | None:
    from pytest_aquadata.saturation import SCALES

    if raw in (None, ""):
        return None
    if raw not in SCALES:
        raise pytest.UsageError(
            f"--aquadata-saturate / aquadata_saturate: {raw!r} is invalid; "
            f"allowed: {', '.join(SCALES)}"
        )
    return str(raw)


def pytest_report_header(config: pytest.Config) -> str:
    """Print the seed so a run can be replayed with --aquadata-seed."""
    return f"aquadata: seed={config.stash[SEED_KEY]}"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Rewrite lifecycle batches that a transactional test's flush removed, before the test's
    own transaction starts."""
    lifecycle.rebuild_if_flushed(item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, Any, None]:
    """After the test's fixtures are gone, note a flush by a transactional test."""
    yield
    lifecycle.mark_flushed(item)


def _saturate(config: pytest.Config, scale: str, blocker: Any) -> Any:
    from pytest_aquadata import xdist_clone
    from pytest_aquadata.saturation import report_of_database, saturate

    tr = config.pluginmanager.get_plugin("terminalreporter")

    def progress(name: str, rows: int, seconds: float) -> None:
        if tr is not None and config.get_verbosity() >= 0:
            rate = rows / seconds if seconds > 0 else 0.0
            tr.write_line(f"aquadata: {name}: {rows:,} rows, {seconds:.1f}s ({rate:,.0f} rows/s)")

    def build() -> Any:
        return saturate(
            scale,
            seed=config.stash[SEED_KEY],
            readings_per_day=config.stash[READINGS_KEY],
            progress=progress,
        )

    started = time.perf_counter()
    with blocker.unblock():
        if xdist_clone.applies(config):
            shared = config._tmp_path_factory.getbasetemp().parent
            key = f"{scale}-{config.stash[SEED_KEY]}-{config.stash[READINGS_KEY]}"
            report, source = xdist_clone.build_once(shared, key, build)
            if report is None:
                report = report_of_database(
                    scale, config.stash[SEED_KEY], source, time.perf_counter() - started
                )
        else:
            report = build()
    config.stash[REPORT_KEY] = report
    return report


@pytest.fixture(scope="session")
def aquadata_saturated(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Any:
    """The saturated farm (a SaturationReport: plan summary, batches, rows per table).

    With ``--aquadata-saturate[=SCALE]`` it is built once at session start; requested without
    the flag it builds the ``small`` scale on first use.
    """
    scale = request.config.stash[SATURATE_KEY] or "small"
    return _saturate(request.config, scale, django_db_blocker)


@pytest.fixture(scope="session", autouse=True)
def _aquadata_saturate_session(request: pytest.FixtureRequest) -> None:
    """With --aquadata-saturate, saturate the test database before the first test."""
    if request.config.stash[SATURATE_KEY]:
        request.getfixturevalue("aquadata_saturated")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On the xdist controller, drop the template databases the workers shared."""
    config = session.config
    if hasattr(config, "workerinput") or not config.stash.get(SATURATE_KEY, None):
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from pytest_aquadata import xdist_clone

    with lifecycle._blocker(config).unblock():
        xdist_clone.drop_templates(config._tmp_path_factory.getbasetemp())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """After the run: what the saturation filled (per app), rows, time, rows/s, scale, seed."""
    report = config.stash.get(REPORT_KEY, None)
    if report is not None:
        terminalreporter.section("aquadata saturation")
        for line in report.summary().splitlines():
            terminalreporter.write_line(line)
    index = config.stash.get(REPORT_INDEX_KEY, None)
    if index is not None:
        terminalreporter.write_line(f"aquadata: report written to {index}")


@pytest.fixture(scope="session")
def aquadata_seed(request: pytest.FixtureRequest) -> int:
    """The seed of this run (same seed, same data)."""
    return request.config.stash[SEED_KEY]


@pytest.fixture
def make_batch(request: pytest.FixtureRequest, db: None, aquadata_seed: int) -> Callable[..., Any]:
    """Build a fresh batch inside this test's transaction: ``make_batch(stage="Parr", ...)``.

    Keywords: ``stage`` (a stage name or "harvested", the default), ``geography``, ``eggs``,
    ``start`` (date), ``harvest_target_kg``, ``reading_interval`` (hours between readings; 0
    for none), ``seed`` (default: derived from the run seed and the call). Returns the Batch.
    """
    from django.apps import apps

    from pytest_aquadata.rows.run import build_batch, default_batch_number

    counter = itertools.count(1)
    default_readings = request.config.stash[READINGS_KEY]

    def make(
        stage: str = "harvested",
        geography: str = "Scotland",
        eggs: int = 200_000,
        start: dt.date | None = None,
        harvest_target_kg: float | None = None,
        reading_interval: float | None = None,
        seed: int | None = None,
    ) -> Any:
        spec = lifecycle.make_batch_spec(
            stage=stage,
            geography=geography,
            eggs=eggs,
            start=start,
            harvest_target_kg=harvest_target_kg,
        )
        per_day = lifecycle.readings_per_day_from_interval(reading_interval, default_readings)
        call = next(counter)
        if seed is None:
            seed = derive_seed(aquadata_seed, "make_batch", request.node.nodeid, call)
        else:
            seed = parse_seed(seed)
        number = f"{default_batch_number(spec, seed)}-{call}"
        report = build_batch(spec, seed=seed, readings_per_day=per_day, batch_number=number)
        return apps.get_model("batch", "Batch").objects.get(pk=report.batch_id)

    return make


globals().update(lifecycle.lifecycle_fixtures())


@pytest.fixture(scope="session", autouse=True)
def _aquadata_report_session(request: pytest.FixtureRequest) -> Generator[None, None, None]:
    """With --aquadata-report=DIR, write the report of the test database at session end."""
    out = request.config.stash[REPORT_DIR_KEY]
    if not out:
        yield
        return
    blocker = request.getfixturevalue("django_db_blocker")
    request.getfixturevalue("django_db_setup")
    yield
    import os

    from pytest_aquadata.report.html import write_report

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # each xdist worker has its own test database: one report per worker
        out = os.path.join(out, worker)
    with blocker.unblock():
        report = write_report(out, title="pytest-aquadata test run")
    request.config.stash[REPORT_INDEX_KEY] = str(report.index)
