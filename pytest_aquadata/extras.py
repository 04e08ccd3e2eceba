"""Reference rows no simulated batch produces: broodstock programmes, budgets and cost imports,
user access, batch mixing, NAV exports, scenario overrides… made with the factories so a
saturated database has every table filled with realistic rows."""

from __future__ import annotations

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS

from pytest_aquadata.coverage import audit
from pytest_aquadata.factories import factory_for
from pytest_aquadata.factories.broodstock import maintenance_schedule
from pytest_aquadata.factory_session import writing_to
from pytest_aquadata.lookup_values import geography_code

ROWS_PER_TABLE = 3
"""Rows made for each table that is still empty after the batches (enough to join on)."""


def _fill_m2m(using: str) -> int:
    """Give a few user profiles access to areas, stations and containers (the M2M tables)."""
    Profile = apps.get_model("users", "UserProfile")
    profiles = list(Profile.objects.using(using).order_by("pk")[:ROWS_PER_TABLE])
    if not profiles:
        profiles = factory_for("users.UserProfile").create_batch(ROWS_PER_TABLE)
    made = 0
    for field, label in (
        ("allowed_areas", "infrastructure.Area"),
        ("allowed_stations", "infrastructure.FreshwaterStation"),
        ("allowed_containers", "infrastructure.Container"),
    ):
        targets = list(apps.get_model(label).objects.using(using).order_by("pk")[:ROWS_PER_TABLE])
        for profile in profiles:
            getattr(profile, field).add(*targets)
            made += len(targets)
    return made


def _existing(label: str, using: str) -> dict[str, object]:
    """Parents taken from the farm instead of made anew, so no reference row invents a batch:
    NAV export lines export the farm's own posted intercompany transactions."""
    if label == "broodstock.ExternalEggBatch":  # bought eggs go to a hatchery of the farm
        Station = apps.get_model("infrastructure", "FreshwaterStation")
        station = Station.objects.using(using).order_by("pk").first()
        if station is not None:
            return {"egg_production__destination_station": station}
    if label == "finance.NavExportLine":
        Transaction = apps.get_model("finance", "IntercompanyTransaction")
        posted = Transaction.objects.using(using).filter(state="posted").order_by("pk").first()
        if posted is not None:
            return {"transaction": posted}
    return {}


VARIANTS: dict[str, tuple[dict[str, object], ...]] = {
    "scenario.ScenarioModelChange": ({}, {"fcr_change": True}, {"mortality_change": True}),
}
"""Factory traits of the reference rows of a table, one row each, where rows made alike would
leave a column empty (a scenario switches its TGC, its FCR or its mortality model)."""


def _maintenance_tasks(using: str) -> int:
    """Each broodstock tank's maintenance schedule, entered by the operator of its geography."""
    Fish = apps.get_model("broodstock", "BroodstockFish")
    Profile = apps.get_model("users", "UserProfile")
    tanks = (
        Fish.objects.using(using)
        .order_by("container_id")
        .values_list("container_id", "container__hall__freshwater_station__geography__name")
        .distinct()
    )
    Container = apps.get_model("infrastructure", "Container")
    made = 0
    for container_id, geography in tanks:
        code = geography_code(geography) if geography else None
        operator = (
            Profile.objects.using(using).filter(role="OPR", geography=code).order_by("pk").first()
        )
        container = Container.objects.using(using).get(pk=container_id)
        made += len(maintenance_schedule(container, getattr(operator, "user", None)))
    return made


BUILDERS = {"broodstock.MaintenanceTask": _maintenance_tasks}
"""Tables whose reference rows follow a schedule instead of ``ROWS_PER_TABLE`` alike rows."""


def fill_remaining_tables(using: str = DEFAULT_DB_ALIAS) -> int:
    """Create rows on database ``using`` for every domain table that is still empty; return how
    many were made."""
    with writing_to(using):
        return _fill(using)


def _fill(using: str) -> int:
    made = 0
    for count in audit(using):
        if count.rows or count.kind != "model":
            continue
        label = f"{count.app}.{count.model}"
        # A factory run may already have filled this table as a parent of an earlier one.
        if apps.get_model(label).objects.using(using).exists():
            continue
        if label in BUILDERS and BUILDERS[label](using):
            made += apps.get_model(label).objects.using(using).count()
            continue
        for traits in VARIANTS.get(label, ({},) * ROWS_PER_TABLE):
            factory_for(label)(**traits, **_existing(label, using))
            made += 1
    if any(c.rows == 0 and c.kind == "m2m" for c in audit(using)):
        made += _fill_m2m(using)
    return made
