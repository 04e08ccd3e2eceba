"""Domain invariants checked on a database: each function returns readable violations.

An empty list means the invariant holds. They run on any database holding the reference
schema (the bundled apps or a host project's own), so ``aquadata validate`` and the test suite
use the same checks. ``check_database`` runs them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.apps import apps
from django.db.models import Q, Sum

BIOMASS_TOLERANCE_KG = Decimal("0.02")
"""Rounding room: weight is stored with 2 decimals, so count × weight / 1000 can differ from the
stored biomass (also 2 decimals) by a little more than one cent."""


def _m(label: str):  # noqa: ANN202 - a model class
    return apps.get_model(label)


def _batches(batch_ids: Iterable[int] | None):  # noqa: ANN202 - a queryset
    qs = _m("batch.Batch").objects.all()
    return qs if batch_ids is None else qs.filter(pk__in=list(batch_ids))


def _total(qs, field: str) -> int:  # noqa: ANN001
    return int(qs.aggregate(n=Sum(field))["n"] or 0)


def fish_conserved(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Eggs received = fish alive in active assignments + dead + harvested, per batch."""
    out = []
    for batch in _batches(batch_ids):
        received = _total(
            _m("batch.CreationAction").objects.filter(workflow__batch=batch), "egg_count_actual"
        )
        if received == 0:
            continue  # a batch made by hand, not from eggs
        alive = _total(
            _m("batch.BatchContainerAssignment").objects.filter(batch=batch, is_active=True),
            "population_count",
        )
        dead = _total(_m("batch.MortalityEvent").objects.filter(batch=batch), "count")
        harvested = _total(
            _m("harvest.HarvestLot").objects.filter(event__batch=batch), "unit_count"
        )
        if received != alive + dead + harvested:
            out.append(
                f"batch {batch.batch_number}: eggs received {received} != alive {alive} + "
                f"dead {dead} + harvested {harvested} (= {alive + dead + harvested})"
            )
    return out


def biomass_identity(batch_ids: Iterable[int] | None = None) -> list[str]:
    """biomass_kg = population × average weight / 1000 on assignments and daily states."""
    out = []
    for label, count, batch_field in (
        ("batch.BatchContainerAssignment", "population_count", "batch_id"),
        ("batch.ActualDailyAssignmentState", "population", "batch_id"),
    ):
        qs = _m(label).objects.exclude(avg_weight_g__isnull=True)
        if batch_ids is not None:
            qs = qs.filter(**{f"{batch_field}__in": list(batch_ids)})
        for pk, n, weight, biomass in qs.values_list("pk", count, "avg_weight_g", "biomass_kg"):
            expected = Decimal(n) * weight / 1000
            if abs(expected - biomass) > BIOMASS_TOLERANCE_KG:
                out.append(
                    f"{label} {pk}: biomass {biomass} kg != {n} × {weight} g = {expected:.2f}"
                )
    return out


def no_double_booking(batch_ids: Iterable[int] | None = None) -> list[str]:
    """No container holds two batches on the same day (assignment intervals never overlap)."""
    qs = _m("batch.BatchContainerAssignment").objects.all()
    if batch_ids is not None:
        containers = qs.filter(batch_id__in=list(batch_ids)).values("container_id")
        qs = qs.filter(container_id__in=containers)
    spans: dict[int, list[tuple]] = defaultdict(list)
    for row in qs.values_list("container_id", "batch_id", "assignment_date", "departure_date"):
        spans[row[0]].append(row[1:])
    out = []
    for container, rows in spans.items():
        rows.sort(key=lambda r: r[1])
        for i, (batch_a, start_a, end_a) in enumerate(rows):
            for batch_b, start_b, end_b in rows[i + 1 :]:
                if batch_a == batch_b:
                    continue
                if end_a is not None and start_b >= end_a:
                    break
                if end_b is None or end_b > start_a:
                    out.append(
                        f"container {container}: batches {batch_a} ({start_a}–{end_a}) and "
                        f"{batch_b} ({start_b}–{end_b}) overlap"
                    )
    return out


def feed_stock_fifo() -> list[str]:
    """Feed stock is never negative and is drawn oldest delivery first in each feed container."""
    out = []
    stock = _m("inventory.FeedContainerStock").objects.select_related("feed_purchase")
    by_container: dict[int, list] = defaultdict(list)
    for row in stock.order_by("feed_container_id", "entry_date", "pk"):
        if row.quantity_kg < 0:
            out.append(f"FeedContainerStock {row.pk}: negative stock {row.quantity_kg} kg")
        by_container[row.feed_container_id].append(row)
    for container, rows in by_container.items():
        for newer_index, newer in enumerate(rows):
            drawn = newer.quantity_kg < newer.feed_purchase.quantity_kg
            if not drawn:
                continue
            for older in rows[:newer_index]:
                if older.quantity_kg > Decimal("0.01"):
                    out.append(
                        f"feed container {container}: delivery {newer.pk} was drawn while older "
                        f"delivery {older.pk} still holds {older.quantity_kg} kg (not FIFO)"
                    )
                    break
    return out


_DATED_ROWS = (
    ("environmental.EnvironmentalReading", "batch_container_assignment", "reading_time__date"),
    ("inventory.FeedingEvent", "batch_assignment", "feeding_date"),
    ("batch.MortalityEvent", "assignment", "event_date"),
    ("batch.GrowthSample", "assignment", "sample_date"),
    ("batch.ActualDailyAssignmentState", "assignment", "date"),
)


def rows_inside_assignments(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Readings, feedings, mortality, samples and daily states lie inside their assignment."""
    out = []
    for label, fk, day in _DATED_ROWS:
        qs = _m(label).objects.filter(**{f"{fk}__isnull": False})
        if batch_ids is not None:
            qs = qs.filter(**{f"{fk}__batch_id__in": list(batch_ids)})
        before = qs.filter(**{f"{day}__lt": _f(f"{fk}__assignment_date")})
        after = qs.filter(
            Q(**{f"{fk}__departure_date__isnull": False})
            & Q(**{f"{day}__gt": _f(f"{fk}__departure_date")})
        )
        for what, bad in (("before", before), ("after", after)):
            n = bad.count()
            if n:
                out.append(f"{label}: {n} rows dated {what} the assignment they name")
    return out


def _f(name: str):  # noqa: ANN202
    from django.db.models import F

    return F(name)


def harvest_totals(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Harvest lots carry gutted < live weight, and finance facts repeat their lots exactly."""
    out = []
    lots = _m("harvest.HarvestLot").objects.all()
    if batch_ids is not None:
        lots = lots.filter(event__batch_id__in=list(batch_ids))
    for lot in lots.filter(gutted_weight_kg__gt=_f("live_weight_kg")).values_list("pk", flat=True):
        out.append(f"HarvestLot {lot}: gutted weight above live weight")
    facts = _m("finance.FactHarvest").objects.filter(lot__in=lots)
    for fact in facts.select_related("lot"):
        lot = fact.lot
        if fact.unit_count != lot.unit_count or fact.product_grade_id != lot.product_grade_id:
            out.append(f"FactHarvest {fact.pk}: count/grade differ from HarvestLot {lot.pk}")
        if fact.quantity_kg not in (lot.live_weight_kg, lot.gutted_weight_kg):
            out.append(
                f"FactHarvest {fact.pk}: {fact.quantity_kg} kg is neither the live "
                f"({lot.live_weight_kg}) nor the gutted ({lot.gutted_weight_kg}) weight of its lot"
            )
    missing = lots.filter(finance_fact__isnull=True).count()
    if missing:
        out.append(f"{missing} harvest lots have no finance fact")
    return out


CHECKS: dict[str, Callable[..., list[str]]] = {
    "fish conserved": fish_conserved,
    "biomass = count × weight": biomass_identity,
    "no container holds two batches": no_double_booking,
    "feed stock FIFO and never negative": lambda batch_ids=None: feed_stock_fifo(),
    "rows inside their assignment": rows_inside_assignments,
    "harvest totals match lots and facts": harvest_totals,
}


def check_database(batch_ids: Iterable[int] | None = None) -> dict[str, list[str]]:
    """Run every invariant (optionally for some batches); name → violations."""
    ids = None if batch_ids is None else list(batch_ids)
    return {name: check(ids) for name, check in CHECKS.items()}
