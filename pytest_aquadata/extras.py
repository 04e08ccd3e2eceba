"""Reference rows no simulated batch produces: broodstock programmes, budgets and cost imports,
user access, batch mixing, NAV exports, scenario overrides… made with the factories so a
saturated database has every table filled with realistic rows."""

from __future__ import annotations

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS

from pytest_aquadata.coverage import audit
from pytest_aquadata.factories import factory_for
from pytest_aquadata.factory_session import writing_to

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
    if label == "finance.NavExportLine":
        Transaction = apps.get_model("finance", "IntercompanyTransaction")
        posted = Transaction.objects.using(using).filter(state="posted").order_by("pk").first()
        if posted is not None:
            return {"transaction": posted}
    return {}


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
        made += len(factory_for(label).create_batch(ROWS_PER_TABLE, **_existing(label, using)))
    if any(c.rows == 0 and c.kind == "m2m" for c in audit(using)):
        made += _fill_m2m(using)
    return made
