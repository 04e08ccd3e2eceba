"""Lifecycle fixtures: batches simulated up to a stage, built once per session and shared.

Each ``<stage>_batch`` fixture is written once per test database (and per xdist worker), outside
any test transaction, so every test's own writes roll back around it. A transactional test
flushes the database; the next test that asks for a lifecycle batch then rebuilds it before its
own transaction begins. With ``--reuse-db`` a batch already in the database (same seed, same
batch number) is reused instead of written twice.
"""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass, field
from typing import Any

import pytest

from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import BatchSpec, params

#: Fixture name -> the stage the batch is simulated into (None: the whole life, harvested).
LIFECYCLE_FIXTURES: dict[str, str | None] = {
    "egg_batch": "Egg&Alevin",
    "fry_batch": "Fry",
    "parr_batch": "Parr",
    "smolt_batch": "Smolt",
    "post_smolt_batch": "Post-Smolt",
    "adult_batch": "Adult",
    "harvested_batch": None,
}

LIFECYCLE_EGGS = 400_000
"""Eggs of a lifecycle batch: a commercial-scale intake (one to two trays) kept small enough that
a harvested batch with readings builds in a few seconds."""

LIFECYCLE_START = dt.date(2023, 1, 9)
"""Start (first egg delivery) of the lifecycle batches: far enough back for a full life."""


def lifecycle_spec(fixture: str, seed: int) -> BatchSpec:
    """The BatchSpec behind a lifecycle fixture: geography alternates with the seed."""
    stage = LIFECYCLE_FIXTURES[fixture]
    geographies = sorted(params.GEOGRAPHIES)
    geography = geographies[derive_seed(seed, "lifecycle-geo", fixture) % len(geographies)]
    return BatchSpec(
        geography=geography,
        eggs=LIFECYCLE_EGGS,
        start_date=LIFECYCLE_START,
        stop_at_stage=stage,
    )


def lifecycle_batch_number(fixture: str, seed: int) -> str:
    """Stable batch number of a lifecycle fixture for a seed (so --reuse-db finds it again)."""
    code = params.GEOGRAPHIES[lifecycle_spec(fixture, seed).geography].code
    short = fixture.removesuffix("_batch").replace("_", "-").upper()
    return f"AQD-{code}-{short}-{seed}"


def _build_master_data() -> Any:
    from pytest_aquadata.masterdata import build_master_data

    return build_master_data()


def _build_infrastructure() -> Any:
    from pytest_aquadata.factories.infrastructure_layout import build_infrastructure

    return build_infrastructure("small")


#: Session data built the same way as the lifecycle batches (once, outside test transactions,
#: rebuilt after a flush): fixture name -> builder.
SESSION_DATA: dict[str, Any] = {
    "aquadata_master_data": _build_master_data,
    "aquadata_infrastructure": _build_infrastructure,
}


class Live:
    """A session fixture's value that follows rebuilds: attribute access reads the current
    handle, so ids stay right after a transactional test's flush forced a rebuild."""

    def __init__(self, store: LifecycleStore, name: str) -> None:
        self._store, self._name = store, name

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._store.values[self._name], attr)

    def __repr__(self) -> str:
        return f"<{self._name}: {self._store.values[self._name]!r}>"


@dataclass
class LifecycleStore:
    """Per-session record of the lifecycle batches written and whether a flush may have
    removed them."""

    seed: int
    readings_per_day: int
    built: dict[str, int] = field(default_factory=dict)  # fixture -> batch id
    values: dict[str, Any] = field(default_factory=dict)  # session data by fixture name
    stale: bool = False

    def ensure(self, fixture: str) -> int:
        """Batch id of the fixture's batch, writing it when the database lacks it."""
        from django.apps import apps

        if fixture in SESSION_DATA:
            self.values[fixture] = SESSION_DATA[fixture]()
            self.built[fixture] = 0
            return 0

        from pytest_aquadata.rows.run import build_batch

        Batch = apps.get_model("batch", "Batch")
        number = lifecycle_batch_number(fixture, self.seed)
        found = Batch.objects.filter(batch_number=number).values_list("pk", flat=True).first()
        if found is None:
            report = build_batch(
                lifecycle_spec(fixture, self.seed),
                seed=derive_seed(self.seed, "lifecycle", fixture),
                readings_per_day=self.readings_per_day,
                batch_number=number,
            )
            found = report.batch_id
        self.built[fixture] = found
        return found


STORE_KEY = pytest.StashKey[LifecycleStore]()


def _store(config: pytest.Config) -> LifecycleStore:
    from pytest_aquadata.plugin import READINGS_KEY, SEED_KEY

    if STORE_KEY not in config.stash:
        config.stash[STORE_KEY] = LifecycleStore(
            seed=config.stash[SEED_KEY], readings_per_day=config.stash[READINGS_KEY]
        )
    return config.stash[STORE_KEY]


def _blocker(config: pytest.Config) -> Any:
    from pytest_django.plugin import blocking_manager_key

    return config.stash[blocking_manager_key]


def rebuild_if_flushed(item: pytest.Item) -> None:
    """Before a test's fixtures start, rewrite lifecycle batches a flush removed."""
    store = config_store(item.config)
    if store is None or not store.stale:
        return
    names = (*LIFECYCLE_FIXTURES, *SESSION_DATA)
    wanted = [name for name in names if name in getattr(item, "fixturenames", ())]
    if not wanted:
        return
    with _blocker(item.config).unblock():
        for name in wanted:
            store.ensure(name)
    store.stale = False


def config_store(config: pytest.Config) -> LifecycleStore | None:
    """The session's lifecycle store if any lifecycle batch was written."""
    store = config.stash.get(STORE_KEY, None)
    return store if store is not None and store.built else None


def mark_flushed(item: pytest.Item) -> None:
    """After a transactional test, remember that the lifecycle batches may be gone."""
    store = config_store(item.config)
    if store is None:
        return
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in getattr(
        item, "fixturenames", ()
    ) or "live_server" in getattr(item, "fixturenames", ())
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        transactional = True
    if transactional:
        store.stale = True


def _lifecycle_fixture(name: str) -> Any:
    stage = LIFECYCLE_FIXTURES[name]
    what = "harvested (its pens empty)" if stage is None else f"simulated into the {stage} stage"

    @pytest.fixture(scope="session", name=f"_aquadata_{name}_id")
    def built_id(
        request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
    ) -> int:
        with django_db_blocker.unblock():
            return _store(request.config).ensure(name)

    def fixture(request: pytest.FixtureRequest, **_: Any) -> Any:
        from django.apps import apps

        batch_id = _store(request.config).built[name]
        return apps.get_model("batch", "Batch").objects.get(pk=batch_id)

    # The session-scoped builder is a declared argument so pytest sets it up before ``db``
    # opens the test transaction: the batch is written outside it and survives the rollback.
    fixture.__signature__ = inspect.Signature(
        [
            inspect.Parameter(arg, inspect.Parameter.POSITIONAL_OR_KEYWORD)
            for arg in ("request", f"_aquadata_{name}_id", "db")
        ]
    )
    fixture.__doc__ = (
        f"A batch.Batch {what}, with its whole history in the database. Built once per "
        "session (per xdist worker) and shared; your test's writes roll back around it."
    )
    built_id.__doc__ = f"Session-scoped id of the {name} batch (built on first use)."
    return built_id, pytest.fixture(name=name)(fixture)


def _session_data_fixture(name: str, doc: str) -> Any:
    def fixture(
        request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
    ) -> Any:
        store = _store(request.config)
        with django_db_blocker.unblock():
            store.ensure(name)
        return Live(store, name)

    fixture.__doc__ = doc
    return pytest.fixture(scope="session", name=name)(fixture)


def lifecycle_fixtures() -> dict[str, Any]:
    """All lifecycle fixtures (public and their session-scoped builders) by attribute name."""
    out: dict[str, Any] = {
        "aquadata_master_data": _session_data_fixture(
            "aquadata_master_data",
            "Master data (species, stages, feeds, parameters, reasons, lice types, grades, "
            "companies, scenario models), built once per session; a MasterData handle.",
        ),
        "aquadata_infrastructure": _session_data_fixture(
            "aquadata_infrastructure",
            "The `small` farm layout (geographies, stations, halls, tanks, areas, rings, sensors, "
            "feed stores, carriers), built once per session; an InfrastructureHandle of ids.",
        ),
    }
    for name in LIFECYCLE_FIXTURES:
        built_id, fixture = _lifecycle_fixture(name)
        out[f"_aquadata_{name}_id"] = built_id
        out[name] = fixture
    return out


STAGE_CHOICES: tuple[str, ...] = (*params.STAGE_NAMES, "harvested")


def readings_per_day_from_interval(reading_interval: float | None, default: int) -> int:
    """Readings per sensor per day for an interval in hours (0 turns readings off)."""
    if reading_interval is None:
        return default
    if isinstance(reading_interval, bool) or not isinstance(reading_interval, (int, float)):
        raise ValueError(
            f"make_batch(reading_interval={reading_interval!r}) is invalid; allowed: hours "
            "between readings that divide a day (e.g. 1, 4, 0.5), or 0 for no readings"
        )
    if reading_interval == 0:
        return 0
    per_day = 24 / reading_interval
    if reading_interval < 0 or per_day != int(per_day) or not 1 <= per_day <= 1440:
        raise ValueError(
            f"make_batch(reading_interval={reading_interval!r}) is invalid; allowed: hours "
            "between readings that divide a day (e.g. 1, 4, 0.5), or 0 for no readings"
        )
    return int(per_day)


def make_batch_spec(
    *,
    stage: str = "harvested",
    geography: str = "Scotland",
    eggs: int = 200_000,
    start: dt.date | None = None,
    harvest_target_kg: float | None = None,
) -> BatchSpec:
    """The BatchSpec for a ``make_batch`` call; ValueError names a bad field and what is allowed."""
    if stage not in STAGE_CHOICES:
        raise ValueError(
            f"make_batch(stage={stage!r}) is invalid; allowed: {', '.join(STAGE_CHOICES)}"
        )
    return BatchSpec(
        geography=geography,
        eggs=eggs,
        start_date=start or LIFECYCLE_START,
        harvest_target_kg=harvest_target_kg,
        stop_at_stage=None if stage == "harvested" else stage,
    )
