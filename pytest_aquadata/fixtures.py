"""Every public fixture of pytest-aquadata (except the generated ``<model>_factory`` fixtures,
which live in :mod:`pytest_aquadata.factory_fixtures`), each a documented, typed function."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from pytest_aquadata import batch_store
from pytest_aquadata.batch_store import BatchStore, Live, lifecycle_options
from pytest_aquadata.options import REPORT_INDEX_KEY, REPORT_KEY, REPORT_PROBLEM_KEY, settings_of
from pytest_aquadata.seeding import derive_seed, parse_seed

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

    from pytest_aquadata.domain.batch.models import Batch
    from pytest_aquadata.saturation import SaturationReport

# -- the run ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def aquadata_seed(request: pytest.FixtureRequest) -> int:
    """The seed of this run (same seed, same data); the header prints it."""
    return settings_of(request.config).seed


@pytest.fixture(scope="session")
def aquadata_as_of(request: pytest.FixtureRequest) -> dt.date:
    """The farm's "now" of this run (``--aquadata-as-of``, default today in UTC)."""
    return settings_of(request.config).as_of


@pytest.fixture(scope="session")
def aquadata_batches(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> BatchStore:
    """The session's batch builder: ``aquadata_batches(stage="Parr", geography=..., eggs=...)``
    takes ``make_batch``'s keywords and writes the batch once per session, outside any test
    transaction, so module- and session-scoped fixtures can share it."""
    return batch_store.open_store(request.config, settings_of(request.config), django_db_blocker)


@pytest.fixture
def aquadata_travel(aquadata_as_of: dt.date) -> Iterator[dt.datetime]:
    """Run the test at the farm's now: ``timezone.now()`` (and ``time.time()``,
    ``datetime.now()``) frozen with time-machine at the farm clock's instant on as-of
    (``pytest_aquadata.clock.moment``: 22:00 UTC); returns that instant."""
    import time_machine

    from pytest_aquadata.clock import moment

    now = moment(aquadata_as_of)
    with time_machine.travel(now, tick=False):
        yield now


@pytest.fixture(autouse=True)
def _aquadata_now_marker(request: pytest.FixtureRequest) -> None:
    """``@pytest.mark.aquadata_now``: the test runs inside ``aquadata_travel``."""
    if request.node.get_closest_marker("aquadata_now") is not None:
        request.getfixturevalue("aquadata_travel")


# -- factories -------------------------------------------------------------------------------


def randomly_resets_seed(config: pytest.Config) -> bool:
    """Whether pytest-randomly is active and reseeds random generators before each test."""
    # pytest-randomly stores --randomly-dont-reset-seed as randomly_reset_seed=False
    return config.pluginmanager.has_plugin("randomly") and bool(
        getattr(config.option, "randomly_reset_seed", True)
    )


@pytest.fixture(autouse=True)
def _aquadata_reseed_factories(request: pytest.FixtureRequest) -> None:
    """Seed factory_boy and Faker per test from the run seed and the test id.

    Each test gets the same values whatever runs before it. When pytest-randomly is active
    it reseeds factory_boy itself (and calls our ``random_seeder`` entry point), so we stay out.
    """
    if randomly_resets_seed(request.config):
        return
    from pytest_aquadata.factories import reseed

    reseed(derive_seed(settings_of(request.config).seed, "factories", request.node.nodeid))


# -- lifecycle batches -----------------------------------------------------------------------


def _lifecycle_batch(request: pytest.FixtureRequest, store: BatchStore, name: str) -> Batch:
    """The stored lifecycle batch ``name``, checked (and rebuilt if a flush removed it) now."""
    batch = store.lifecycle(name, lifecycle_options(request.node, store.settings))
    request.getfixturevalue("db")
    return batch


@pytest.fixture
def egg_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch in the Egg&Alevin stage at as-of, with its history (shared per session)."""
    return _lifecycle_batch(request, aquadata_batches, "egg_batch")


@pytest.fixture
def fry_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch in the Fry stage at as-of, with its history (shared per session)."""
    return _lifecycle_batch(request, aquadata_batches, "fry_batch")


@pytest.fixture
def parr_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch in the Parr stage at as-of, with its history (shared per session)."""
    return _lifecycle_batch(request, aquadata_batches, "parr_batch")


@pytest.fixture
def smolt_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch in the Smolt stage at as-of, with its history (shared per session)."""
    return _lifecycle_batch(request, aquadata_batches, "smolt_batch")


@pytest.fixture
def post_smolt_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch in the Post-Smolt stage at as-of, with its history (shared per session)."""
    return _lifecycle_batch(request, aquadata_batches, "post_smolt_batch")


@pytest.fixture
def adult_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch in the Adult (sea) stage at as-of, with its history (shared per session)."""
    return _lifecycle_batch(request, aquadata_batches, "adult_batch")


@pytest.fixture
def harvested_batch(request: pytest.FixtureRequest, aquadata_batches: BatchStore) -> Batch:
    """A batch.Batch harvested before as-of (pens empty), whole life in the database (shared)."""
    return _lifecycle_batch(request, aquadata_batches, "harvested_batch")


@pytest.fixture
def make_batch(
    request: pytest.FixtureRequest, aquadata_batches: BatchStore, db: None, aquadata_seed: int
) -> Callable[..., Batch]:
    """Build a fresh batch inside this test's transaction: ``make_batch(stage="Parr", ...)``.

    Keywords: ``stage`` (a stage name or "harvested", the default), ``geography``, ``eggs``,
    ``start`` (date; default: the start that puts the batch in ``stage`` at as-of),
    ``harvest_target_kg``, ``reading_interval`` (hours between readings; 0 for none), ``seed``
    (default: derived from the run seed and the call). Returns the Batch.
    """
    from django.apps import apps

    from pytest_aquadata.rows.run import build_batch, default_batch_number

    counter = itertools.count(1)
    store = aquadata_batches

    def make(
        stage: str = "harvested",
        geography: str = batch_store.MAKE_BATCH_GEOGRAPHY,
        eggs: int = batch_store.MAKE_BATCH_EGGS,
        start: dt.date | None = None,
        harvest_target_kg: float | None = None,
        reading_interval: float | None = None,
        seed: int | None = None,
    ) -> Batch:
        spec = batch_store.make_batch_spec(
            as_of=store.as_of,
            stage=stage,
            geography=geography,
            eggs=eggs,
            start=start,
            harvest_target_kg=harvest_target_kg,
        )
        per_day = batch_store.readings_per_day_from_interval(
            reading_interval, store.readings_per_day
        )
        call = next(counter)
        if seed is None:
            seed = derive_seed(aquadata_seed, "make_batch", request.node.nodeid, call)
        else:
            seed = parse_seed(seed)
        number = f"{default_batch_number(spec, seed)}-{call}"
        report = build_batch(
            spec, seed=seed, readings_per_day=per_day, batch_number=number, as_of=store.as_of
        )
        return apps.get_model("batch", "Batch").objects.get(pk=report.batch_id)

    return make


# -- session data ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def aquadata_master_data(aquadata_batches: BatchStore) -> Live:
    """Master data (species, stages, feeds, parameters, reasons, lice types, grades, companies,
    scenario models), built once per session; a MasterData handle."""
    return aquadata_batches.session_data("aquadata_master_data")


@pytest.fixture(scope="session")
def aquadata_infrastructure(aquadata_batches: BatchStore) -> Live:
    """The ``small`` farm layout (geographies, stations, halls, tanks, areas, rings, sensors,
    feed stores, carriers), built once per session; an InfrastructureHandle of ids."""
    return aquadata_batches.session_data("aquadata_infrastructure")


# -- saturation ------------------------------------------------------------------------------


def _saturate(config: pytest.Config, scale: str, blocker: DjangoDbBlocker) -> SaturationReport:
    """Saturate the test database (once per run on PostgreSQL under xdist: cloned)."""
    import time

    from pytest_aquadata import xdist_clone
    from pytest_aquadata.saturation import report_of_database, saturate

    settings = settings_of(config)
    tr = config.pluginmanager.get_plugin("terminalreporter")

    def progress(name: str, rows: int, seconds: float) -> None:
        if tr is not None and config.get_verbosity() >= 0:
            rate = rows / seconds if seconds > 0 else 0.0
            tr.write_line(f"aquadata: {name}: {rows:,} rows, {seconds:.1f}s ({rate:,.0f} rows/s)")

    def build() -> SaturationReport:
        from pytest_aquadata.cache.pytest_plugin import ROOT_KEY
        from pytest_aquadata.cache.snapshot import build_or_restore

        return build_or_restore(  # the snapshot cache, or a fresh build stored in it
            config.stash.get(ROOT_KEY, None),
            lambda: saturate(
                scale,
                seed=settings.seed,
                readings_per_day=settings.readings_per_day,
                as_of=settings.as_of,
                progress=progress,
                workers=settings.workers,
            ),
            scale=scale,
            seed=settings.seed,
            as_of=settings.as_of,
            readings_per_day=settings.readings_per_day,
        )

    started = time.perf_counter()
    with blocker.unblock():
        if settings.shared_dir and xdist_clone.applies(config):
            key = f"{scale}-{settings.seed}-{settings.as_of}-{settings.readings_per_day}"
            built, source = xdist_clone.build_once(settings.shared_dir, key, build)
            report = built or report_of_database(
                scale, settings.seed, source, time.perf_counter() - started
            )
        else:
            report = build()
        if settings.columns:
            report.audit_columns()
    config.stash[REPORT_KEY] = report
    return report


@pytest.fixture(scope="session")
def aquadata_saturated(
    request: pytest.FixtureRequest, aquadata_batches: BatchStore, django_db_blocker: DjangoDbBlocker
) -> SaturationReport:
    """The saturated farm (a SaturationReport: plan summary, batches, rows per table).

    With ``--aquadata-saturate[=SCALE]`` it is built once at session start; requested without
    the flag it builds the ``small`` scale on first use.
    """
    from pytest_aquadata.options import DEFAULT_SATURATE_SCALE

    scale = settings_of(request.config).saturate or DEFAULT_SATURATE_SCALE
    return _saturate(request.config, scale, django_db_blocker)


@pytest.fixture(scope="session", autouse=True)
def _aquadata_saturate_session(request: pytest.FixtureRequest) -> None:
    """With --aquadata-saturate, saturate the test database before the first test."""
    if settings_of(request.config).saturate:
        request.getfixturevalue("aquadata_saturated")


# -- report ----------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _aquadata_report_session(request: pytest.FixtureRequest) -> Iterator[None]:
    """With --aquadata-report=DIR, write the report of the test database at session end."""
    out = settings_of(request.config).report_dir
    if not out:
        yield
        return
    blocker: Any = request.getfixturevalue("django_db_blocker")
    request.getfixturevalue("django_db_setup")  # the test database, even if no test used it
    yield
    import os

    from pytest_aquadata.report.html import write_report

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # each xdist worker has its own test database: one report per worker
        out = os.path.join(out, worker)
    try:
        with blocker.unblock():
            report = write_report(out, title="pytest-aquadata test run")
    except Exception as exc:  # the run's result stands; the summary says why there is no report
        request.config.stash[REPORT_PROBLEM_KEY] = f"{type(exc).__name__}: {exc}"
    else:
        request.config.stash[REPORT_INDEX_KEY] = str(report.index)
