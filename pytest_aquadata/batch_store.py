"""The per-session batch store: lifecycle batches, shared custom batches and session data,
written once per test database outside any test transaction and checked before every use.

A test's own writes roll back around the stored rows. A transactional test flushes the database;
every later use finds the batch missing and writes it again (before the test's transaction when
the test declares the fixture, inside it when the test asks with ``request.getfixturevalue``).
Stored batch numbers carry the run's seed and as-of date (``AQD-SC-HARVESTED-7-20260630``), so a
reused database (``--reuse-db``) never mixes runs: when it holds stored batches of another seed
or as-of, the store flushes the test database once before it writes anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from typing import TYPE_CHECKING, Any

import pytest

from pytest_aquadata.options import (
    LIFECYCLE_EGGS,
    MAKE_BATCH_EGGS,
    MAKE_BATCH_GEOGRAPHY,
    AquadataSettings,
    parse_eggs,
    parse_geography,
)
from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY, derive_seed, parse_seed
from pytest_aquadata.sim import BatchSpec, params
from pytest_aquadata.sim.timeline import start_for_stage

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

    from pytest_aquadata.domain.batch.models import Batch

#: Lifecycle fixture name -> the stage its batch is in at as-of (None: harvested before it).
LIFECYCLE_STAGES: dict[str, str | None] = {
    "egg_batch": "Egg&Alevin",
    "fry_batch": "Fry",
    "parr_batch": "Parr",
    "smolt_batch": "Smolt",
    "post_smolt_batch": "Post-Smolt",
    "adult_batch": "Adult",
    "harvested_batch": None,
}

SHARED_LABEL = "SHARED"
"""Batch-number label of batches built with the ``aquadata_batches`` builder."""

STAGE_CHOICES: tuple[str, ...] = (*params.STAGE_NAMES, "harvested")
"""What ``make_batch(stage=...)`` / ``aquadata_batches(stage=...)`` accept."""

_LABELS = [name.removesuffix("_batch").replace("_", "-").upper() for name in LIFECYCLE_STAGES]
_STORED_NUMBER = re.compile(
    rf"^AQD-[A-Z]+-(?:{'|'.join([*_LABELS, SHARED_LABEL])})-(\d+)-(\d{{8}})(?:-|$)"
)
"""A batch number written by the store: ``AQD-<geo>-<label>-<seed>-<as-of>[-<variant>]``."""


def run_tag(seed: int, as_of: dt.date) -> str:
    """The part of a stored batch number that names the run: seed and as-of date."""
    return f"{seed}-{as_of:%Y%m%d}"


def stored_run_of(batch_number: str) -> str | None:
    """The run tag of a batch number the store wrote, or None for any other batch."""
    match = _STORED_NUMBER.match(batch_number)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def lifecycle_geography(fixture: str, seed: int) -> str:
    """The geography a lifecycle fixture gets when none is configured: alternates with the seed."""
    geographies = sorted(params.GEOGRAPHIES)
    return geographies[derive_seed(seed, "lifecycle-geo", fixture) % len(geographies)]


def lifecycle_spec(
    fixture: str,
    seed: int,
    as_of: dt.date,
    *,
    geography: str | None = None,
    eggs: int = LIFECYCLE_EGGS,
) -> BatchSpec:
    """The BatchSpec behind a lifecycle fixture: started so that it is in its stage at as-of
    (harvested a few weeks before it), geography from the seed unless one is given."""
    stage = LIFECYCLE_STAGES[fixture]
    geography = geography or lifecycle_geography(fixture, seed)
    return BatchSpec(
        geography=geography,
        eggs=eggs,
        start_date=start_for_stage(stage, geography, as_of),
        stop_at_stage=stage,
    )


def _variant(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=3).hexdigest()


def stored_batch_number(
    label: str, geography: str, seed: int, as_of: dt.date, variant: str = ""
) -> str:
    """``AQD-<geo>-<label>-<seed>-<as-of>[-<variant>]`` (at most 50 characters)."""
    code = params.GEOGRAPHIES[geography].code
    number = f"AQD-{code}-{label}-{run_tag(seed, as_of)}"
    return f"{number}-{variant}" if variant else number


def lifecycle_batch_number(
    fixture: str,
    seed: int,
    as_of: dt.date,
    *,
    geography: str | None = None,
    eggs: int = LIFECYCLE_EGGS,
    readings_per_day: int = DEFAULT_READINGS_PER_DAY,
) -> str:
    """Stable batch number of a lifecycle fixture for a run (so --reuse-db finds it again);
    non-default eggs or readings add a short variant so they never share a number."""
    geography = geography or lifecycle_geography(fixture, seed)
    label = fixture.removesuffix("_batch").replace("_", "-").upper()
    default = (eggs, readings_per_day) == (LIFECYCLE_EGGS, DEFAULT_READINGS_PER_DAY)
    return stored_batch_number(
        label, geography, seed, as_of, "" if default else _variant(eggs, readings_per_day)
    )


def readings_per_day_from_interval(reading_interval: float | None, default: int) -> int:
    """Readings per sensor per day for an interval in hours (0 turns readings off)."""
    invalid = ValueError(
        f"make_batch(reading_interval={reading_interval!r}) is invalid; allowed: hours "
        "between readings that divide a day (e.g. 1, 4, 0.5), or 0 for no readings"
    )
    if reading_interval is None:
        return default
    if isinstance(reading_interval, bool) or not isinstance(reading_interval, (int, float)):
        raise invalid
    if reading_interval == 0:
        return 0
    per_day = 24 / reading_interval
    if reading_interval < 0 or per_day != int(per_day) or not 1 <= per_day <= 1440:
        raise invalid
    return int(per_day)


def make_batch_spec(
    *,
    as_of: dt.date,
    stage: str = "harvested",
    geography: str = MAKE_BATCH_GEOGRAPHY,
    eggs: int = MAKE_BATCH_EGGS,
    start: dt.date | None = None,
    harvest_target_kg: float | None = None,
) -> BatchSpec:
    """The BatchSpec for a ``make_batch`` call; ValueError names a bad field and what is allowed.
    Without ``start`` the batch starts so that it is in ``stage`` at ``as_of``."""
    if stage not in STAGE_CHOICES:
        raise ValueError(
            f"make_batch(stage={stage!r}) is invalid; allowed: {', '.join(STAGE_CHOICES)}"
        )
    stop_at = None if stage == "harvested" else stage
    if start is None and geography in params.GEOGRAPHIES:
        start = start_for_stage(stop_at, geography, as_of)
    return BatchSpec(
        geography=geography,
        eggs=eggs,
        start_date=start or as_of,
        harvest_target_kg=harvest_target_kg,
        stop_at_stage=stop_at,
    )


def _build_master_data() -> Any:
    from pytest_aquadata.masterdata import build_master_data

    return build_master_data()


def _build_infrastructure() -> Any:
    from pytest_aquadata.infrastructure import build_infrastructure

    return build_infrastructure("small")


#: Session data kept the same way as the stored batches: fixture name -> builder.
SESSION_DATA: dict[str, Any] = {
    "aquadata_master_data": _build_master_data,
    "aquadata_infrastructure": _build_infrastructure,
}


class Live:
    """A session fixture's value that follows rebuilds: attribute access reads the current
    handle, so ids stay right after a transactional test's flush forced a rebuild."""

    def __init__(self, store: BatchStore, name: str) -> None:
        self._store, self._name = store, name

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._store.values[self._name], attr)

    def __repr__(self) -> str:
        return f"<{self._name}: {self._store.values[self._name]!r}>"


@dataclasses.dataclass(frozen=True)
class LifecycleOptions:
    """How one test wants its lifecycle batches: the ``aquadata`` marker over the ini defaults."""

    geography: str | None
    eggs: int


def lifecycle_options(item: pytest.Item, settings: AquadataSettings) -> LifecycleOptions:
    """The lifecycle options of a test: ``@pytest.mark.aquadata(geography=..., eggs=...)`` (the
    closest marker wins) over ``aquadata_geography`` / ``aquadata_eggs``; ValueError names a bad
    keyword."""
    marker = item.get_closest_marker("aquadata")
    kwargs = dict(marker.kwargs) if marker is not None else {}
    unknown = set(kwargs) - {"geography", "eggs"}
    if marker is not None and (unknown or marker.args):
        raise ValueError(
            f"@pytest.mark.aquadata({', '.join(sorted(unknown)) or marker.args!r}) is invalid; "
            "allowed: keywords geography=..., eggs=..."
        )
    geography, eggs = settings.geography, settings.eggs
    try:
        if "geography" in kwargs:
            geography = parse_geography(kwargs["geography"])
        if "eggs" in kwargs:
            eggs = parse_eggs(kwargs["eggs"])
    except ValueError as exc:
        raise ValueError(f"@pytest.mark.aquadata: {exc}") from None
    return LifecycleOptions(geography=geography, eggs=eggs)


class BatchStore:
    """This session's stored batches. Call it like ``make_batch`` to build a shared batch once
    per session, outside any test transaction; ``lifecycle(name)`` gives a lifecycle batch."""

    def __init__(self, settings: AquadataSettings, blocker: DjangoDbBlocker) -> None:
        self.settings = settings
        self.seed = settings.seed
        self.as_of = settings.as_of
        self.readings_per_day = settings.readings_per_day
        self.blocker = blocker
        self.values: dict[str, Any] = {}
        self.stale = False

    def _stored(self, spec: BatchSpec, number: str, seed: int, readings_per_day: int) -> Batch:
        """The batch numbered ``number``, written from ``spec`` when the database lacks it."""
        from django.apps import apps

        from pytest_aquadata.rows.run import build_batch

        model = apps.get_model("batch", "Batch")
        with self.blocker.unblock():
            found = model.objects.filter(batch_number=number).first()
            if found is None:
                report = build_batch(
                    spec,
                    seed=seed,
                    readings_per_day=readings_per_day,
                    batch_number=number,
                    as_of=self.as_of,
                )
                found = model.objects.get(pk=report.batch_id)
        return found

    def lifecycle(self, fixture: str, options: LifecycleOptions | None = None) -> Batch:
        """The lifecycle fixture's batch (``fixture`` is e.g. ``"harvested_batch"``), written
        when the database lacks it."""
        options = options or LifecycleOptions(self.settings.geography, self.settings.eggs)
        geography = options.geography or lifecycle_geography(fixture, self.seed)
        spec = lifecycle_spec(
            fixture, self.seed, self.as_of, geography=geography, eggs=options.eggs
        )
        number = lifecycle_batch_number(
            fixture,
            self.seed,
            self.as_of,
            geography=geography,
            eggs=options.eggs,
            readings_per_day=self.readings_per_day,
        )
        return self._stored(
            spec, number, derive_seed(self.seed, "lifecycle", fixture), self.readings_per_day
        )

    def __call__(
        self,
        stage: str = "harvested",
        geography: str = MAKE_BATCH_GEOGRAPHY,
        eggs: int = MAKE_BATCH_EGGS,
        start: dt.date | None = None,
        harvest_target_kg: float | None = None,
        reading_interval: float | None = None,
        seed: int | None = None,
    ) -> Batch:
        """A shared batch with ``make_batch``'s keywords, written once per session outside any
        test transaction (call it from a module- or session-scoped fixture)."""
        spec = make_batch_spec(
            as_of=self.as_of,
            stage=stage,
            geography=geography,
            eggs=eggs,
            start=start,
            harvest_target_kg=harvest_target_kg,
        )
        per_day = readings_per_day_from_interval(reading_interval, self.readings_per_day)
        keywords = (stage, geography, eggs, start, harvest_target_kg, per_day, seed)
        seed = (
            derive_seed(self.seed, "aquadata_batches", *keywords)
            if seed is None
            else parse_seed(seed)
        )
        number = stored_batch_number(
            SHARED_LABEL, geography, self.seed, self.as_of, _variant(*keywords)
        )
        return self._stored(spec, number, seed, per_day)

    def session_data(self, name: str) -> Live:
        """Session data (``aquadata_master_data``, ``aquadata_infrastructure``), built once."""
        if name not in self.values:
            self.rebuild_session_data(name)
        return Live(self, name)

    def rebuild_session_data(self, name: str) -> None:
        """Write ``name``'s session data (again), outside any test transaction."""
        with self.blocker.unblock():
            self.values[name] = SESSION_DATA[name]()

    def remove_other_runs(self) -> list[str]:
        """Flush the test database if it holds stored batches of another seed or as-of (a
        reused database); returns the run tags found and removed."""
        from django.apps import apps
        from django.core.management import call_command

        model = apps.get_model("batch", "Batch")
        own = run_tag(self.seed, self.as_of)
        with self.blocker.unblock():
            numbers = model.objects.filter(batch_number__startswith="AQD-").values_list(
                "batch_number", flat=True
            )
            others = sorted({tag for n in numbers if (tag := stored_run_of(n)) not in (None, own)})
            if others:
                call_command("flush", interactive=False, verbosity=0)
        return [tag for tag in others if tag is not None]


STORE_KEY = pytest.StashKey[BatchStore]()
CURRENT_ITEM_KEY = pytest.StashKey[pytest.Item]()


def open_store(
    config: pytest.Config, settings: AquadataSettings, blocker: DjangoDbBlocker
) -> BatchStore:
    """The session's store, made on first use: a reused database's batches of other runs are
    removed first, and the current test's declared lifecycle batches written before its
    transaction starts."""
    if STORE_KEY not in config.stash:
        store = BatchStore(settings, blocker)
        store.remove_other_runs()
        config.stash[STORE_KEY] = store
        item = config.stash.get(CURRENT_ITEM_KEY, None)
        if item is not None:
            prepare(item)
    return config.stash[STORE_KEY]


def prepare(item: pytest.Item) -> None:
    """Before a test's fixtures start: remember the test, and write the lifecycle batches and
    session data it declares if a flush removed them (outside its transaction)."""
    item.config.stash[CURRENT_ITEM_KEY] = item
    store = item.config.stash.get(STORE_KEY, None)
    names = getattr(item, "fixturenames", ())
    if store is None:
        return
    wanted = [name for name in LIFECYCLE_STAGES if name in names]
    if wanted:
        options = lifecycle_options(item, store.settings)
        for name in wanted:
            store.lifecycle(name, options)
    if store.stale:
        for name in SESSION_DATA:
            if name in names and name in store.values:
                store.rebuild_session_data(name)
        store.stale = False


STORE_FIXTURES = frozenset(
    {*LIFECYCLE_STAGES, *SESSION_DATA, "aquadata_batches", "aquadata_saturated", "make_batch"}
)
"""Fixtures that read or write the test database through the store."""


def needs_database(item: pytest.Item) -> bool:
    """Whether pytest-django will set up the test database for ``item`` (a ``django_db`` marker
    or one of its database fixtures)."""
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or any(
        name in names for name in ("db", "transactional_db", "live_server")
    )


def mark_database_users(items: list[pytest.Item], *, report: bool) -> None:
    """Give ``django_db`` to tests that use stored data without asking for the database, so
    pytest-django sets the test database up for them (never the development database); with a
    report, to the first test when none uses the database, so the report reads a test database."""
    for item in items:
        if not needs_database(item) and STORE_FIXTURES.intersection(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.django_db)
    if report and items and not any(needs_database(item) for item in items):
        items[0].add_marker(pytest.mark.django_db)


def note_flush(item: pytest.Item) -> None:
    """After a transactional test (which flushes the database), mark the session data stale."""
    store = item.config.stash.get(STORE_KEY, None)
    if store is None:
        return
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        transactional = True
    if transactional:
        store.stale = True
