"""Domain invariants checked on a database: each function returns readable violations.

An empty list means the invariant holds. They run on any database holding the reference
schema (the bundled apps or a host project's own), so ``aquadata validate`` and the test suite
use the same checks. ``check_database`` runs them all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import F, Max, Min, Q, Sum

from pytest_aquadata.rows.feed_stores import FEED_USE_WINDOW_DAYS

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
    """Eggs received = fish alive in active assignments + dead + harvested + mixed into another
    batch, per batch."""
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
        mixed = _total(
            _m("batch.BatchMixEventComponent").objects.filter(source_batch=batch),
            "population_count",
        )
        if received != alive + dead + harvested + mixed:
            out.append(
                f"batch {batch.batch_number}: eggs received {received} != alive {alive} + "
                f"dead {dead} + harvested {harvested} + mixed away {mixed} "
                f"(= {alive + dead + harvested + mixed})"
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


# --- the ledger: fish, statuses and the farm running at its last day (issue 15 items 3, 4) ----

FEED_COVER_DAYS_MIN = 3.0
"""Feed stores feeding fish at the farm's last day hold at least this many days of their recent
use (deliveries keep coming; the sim reorders at 20 % of capacity)."""

FEED_FULL_SHARE = Decimal("0.9")
"""Where FEED_COVER_DAYS_MIN days of use exceed the stores' capacity (a 50 t barge feeding
20 t a day), the stores must instead be this full."""


def farm_last_day() -> dt.date | None:
    """The farm's last day: the as-of date its build recorded, else the newest daily assignment
    state (None for a farm without either). The farm-at-its-last-day checks default to it."""
    from pytest_aquadata.rows.run import recorded_as_of

    recorded = recorded_as_of()
    if recorded is not None:
        return recorded
    return _m("batch.ActualDailyAssignmentState").objects.aggregate(d=Max("date"))["d"]


def _per(qs, key: str, field: str) -> dict[int, int]:  # noqa: ANN001
    return {k: int(n or 0) for k, n in qs.values_list(key).annotate(n=Sum(field)).order_by()}


def _recorded_batches() -> set[int]:
    """Batches whose fish arrivals are recorded (an egg-creation workflow or a mix event); a
    batch made by hand (a factory's single entity) keeps no ledger, as in ``fish_conserved``."""
    created = _m("batch.BatchCreationWorkflow").objects.values_list("batch_id", flat=True)
    mixed = _m("batch.BatchMixEvent").objects.values_list("mixed_batch_id", flat=True)
    return set(created) | set(mixed)


def assignment_ledger(batch_ids: Iterable[int] | None = None) -> list[str]:
    """For every assignment of a batch with recorded arrivals: eggs + transfers in + mixed in −
    transfers out − mixed out − deaths − harvested = population_count (transfer losses are
    counted as HANDLING deaths)."""
    assignments = _m("batch.BatchContainerAssignment").objects.filter(
        batch_id__in=_recorded_batches()
    )
    if batch_ids is not None:
        assignments = assignments.filter(batch_id__in=list(batch_ids))
    eggs = _per(_m("batch.CreationAction").objects, "dest_assignment_id", "egg_count_actual")
    # a transfer into a pen of another batch is a mix: its fish are the mix event's components
    moves = _m("batch.TransferAction").objects.filter(mix_events__isnull=True)
    moved_in = _per(
        moves.filter(dest_assignment__isnull=False), "dest_assignment_id", "transferred_count"
    )
    moved_out = _per(moves, "source_assignment_id", "transferred_count")
    components = _m("batch.BatchMixEventComponent").objects
    mixed_out = _per(components, "source_assignment_id", "population_count")
    mixed_in: dict[tuple[int, int], int] = defaultdict(int)
    for batch, container, n in components.values_list(
        "mix_event__mixed_batch_id", "mix_event__container_id", "population_count"
    ):
        mixed_in[(batch, container)] += int(n)
    dead = _per(_m("batch.MortalityEvent").objects, "assignment_id", "count")
    harvested = _per(_m("harvest.HarvestLot").objects, "event__assignment_id", "unit_count")
    out = []
    for pk, batch, container, population in assignments.values_list(
        "pk", "batch_id", "container_id", "population_count"
    ):
        fish_in = eggs.get(pk, 0) + moved_in.get(pk, 0) + mixed_in.pop((batch, container), 0)
        gone = moved_out.get(pk, 0) + mixed_out.get(pk, 0) + dead.get(pk, 0)
        gone += harvested.get(pk, 0)
        if fish_in - gone != population:
            out.append(
                f"assignment {pk} (batch {batch}): in {fish_in} − out {gone} = "
                f"{fish_in - gone}, but population_count {population}"
            )
    return out


def batch_status_agrees(batch_ids: Iterable[int] | None = None) -> list[str]:
    """ACTIVE batches hold fish; COMPLETED ones hold none and end on their last departure; an
    assignment is active exactly while it has no departure date."""
    out = []
    assignments = _m("batch.BatchContainerAssignment").objects
    for batch in _batches(batch_ids).order_by("pk"):
        mine = assignments.filter(batch=batch)
        alive = _total(mine.filter(is_active=True), "population_count")
        if batch.status == "ACTIVE" and alive == 0:
            out.append(f"batch {batch.batch_number}: ACTIVE but holds no fish")
        if batch.status == "COMPLETED":
            if alive:
                out.append(f"batch {batch.batch_number}: COMPLETED but holds {alive} fish")
            last = mine.aggregate(d=Max("departure_date"))["d"]
            if batch.actual_end_date != last:
                out.append(
                    f"batch {batch.batch_number}: COMPLETED on {batch.actual_end_date}, "
                    f"but its last fish left on {last}"
                )
    bad = assignments.filter(
        Q(is_active=True, departure_date__isnull=False)
        | Q(is_active=False, departure_date__isnull=True)
        | Q(is_active=False, population_count__gt=0)
    )
    if batch_ids is not None:
        bad = bad.filter(batch_id__in=list(batch_ids))
    for pk, active, left, n in bad.values_list(
        "pk", "is_active", "departure_date", "population_count"
    ):
        out.append(f"assignment {pk}: is_active={active}, departure {left}, population {n}")
    return out


def every_batch_held_fish(batch_ids: Iterable[int] | None = None) -> list[str]:
    """No batch that never held fish: each received eggs, transferred fish or mixed components
    (or, made by hand, had fish put in one of its assignments)."""
    received = set(
        _m("batch.CreationAction")
        .objects.filter(egg_count_actual__gt=0)
        .values_list("workflow__batch_id", flat=True)
    )
    received |= set(
        _m("batch.BatchMixEventComponent")
        .objects.filter(population_count__gt=0)
        .values_list("mix_event__mixed_batch_id", flat=True)
    )
    received |= set(
        _m("batch.TransferAction")
        .objects.filter(transferred_count__gt=0)
        .values_list("dest_assignment__batch_id", flat=True)
    )
    by_hand = set(
        _m("batch.BatchContainerAssignment")
        .objects.filter(population_count__gt=0)
        .exclude(batch_id__in=_recorded_batches())
        .values_list("batch_id", flat=True)
    )
    received |= by_hand
    return [
        f"batch {number} ({kind}, {status}) never held fish"
        for pk, number, kind, status in _batches(batch_ids)
        .order_by("pk")
        .values_list("pk", "batch_number", "batch_type", "status")
        if pk not in received
    ]


def workflows_match_fish(batch_ids: Iterable[int] | None = None) -> list[str]:
    """A COMPLETED stage transition (LIFECYCLE_TRANSITION workflow) leaves no fish in its
    source stage; one whose source stage still holds fish after it moved some is IN_PROGRESS;
    an IN_PROGRESS workflow has no completion date and a batch holding fish. (A container
    redistribution moves fish within a stage, so its stage may keep fish.)"""
    out = []
    workflows = _m("batch.BatchTransferWorkflow").objects.all()
    if batch_ids is not None:
        workflows = workflows.filter(batch_id__in=list(batch_ids))
    holding = _m("batch.BatchContainerAssignment").objects.filter(
        is_active=True, population_count__gt=0
    )
    left = _per(holding, "batch_id", "population_count")
    by_stage: dict[tuple[int, int], int] = defaultdict(int)
    for batch, stage, n in holding.values_list(
        "batch_id", "lifecycle_stage_id", "population_count"
    ):
        by_stage[(batch, stage)] += int(n)
    for number, batch, source, status, done, moved, kind in workflows.values_list(
        "workflow_number",
        "batch_id",
        "source_lifecycle_stage_id",
        "status",
        "actual_completion_date",
        "actions_completed",
        "workflow_type",
    ):
        fish = by_stage.get((batch, source), 0) if kind == "LIFECYCLE_TRANSITION" else 0
        if status == "COMPLETED" and fish:
            out.append(
                f"workflow {number}: COMPLETED, but its source stage still holds {fish} fish"
            )
        if status != "COMPLETED" and moved and fish and status != "IN_PROGRESS":
            out.append(f"workflow {number}: in flight ({fish} fish to move), but {status}")
        if status == "IN_PROGRESS" and done is not None:
            out.append(f"workflow {number}: IN_PROGRESS with a completion date {done}")
        if status == "IN_PROGRESS" and not left.get(batch):
            out.append(f"workflow {number}: IN_PROGRESS, but the batch holds no fish")
    return out


def cancelled_workflows_move_no_fish(batch_ids: Iterable[int] | None = None) -> list[str]:
    """A CANCELLED transfer or creation workflow moved no fish: no action of it completed or
    executed, no fish or eggs counted as moved, no actual dates; it says why it was cancelled
    (a creation workflow also when and by whom, after it was made). A workflow that is not
    CANCELLED carries no cancellation."""
    out = []
    kinds = (
        ("batch.BatchTransferWorkflow", "batch.TransferAction", "total_transferred_count"),
        ("batch.BatchCreationWorkflow", "batch.CreationAction", "total_eggs_received"),
    )
    for label, action, total in kinds:
        workflows = _m(label).objects.all()
        if batch_ids is not None:
            workflows = workflows.filter(batch_id__in=list(batch_ids))
        cancelled = workflows.filter(status="CANCELLED")
        happened = Q(status__in=("COMPLETED", "IN_PROGRESS"))
        if action == "batch.TransferAction":
            happened |= Q(actual_execution_date__isnull=False) | Q(executed_at__isnull=False)
        else:
            happened |= Q(actual_delivery_date__isnull=False) | Q(egg_count_actual__gt=0)
        moved = _m(action).objects.filter(happened, workflow__in=cancelled)
        numbers = moved.values_list("workflow__workflow_number", flat=True)
        for number in sorted(set(numbers)):
            out.append(f"{label} {number}: CANCELLED, but an action of it moved fish")
        fields = ["workflow_number", total, "actions_completed", "actual_start_date"]
        fields += ["actual_completion_date", "cancellation_reason"]
        for number, n, done, started, ended, reason in cancelled.order_by("pk").values_list(
            *fields
        ):
            if n or done or started or ended:
                out.append(
                    f"{label} {number}: CANCELLED, but {n} moved, {done} actions completed, "
                    f"started {started}, completed {ended}"
                )
            if not (reason or "").strip():
                out.append(f"{label} {number}: CANCELLED without a cancellation reason")
        live = workflows.exclude(status="CANCELLED").exclude(cancellation_reason="")
        for number in live.order_by("pk").values_list("workflow_number", flat=True):
            out.append(f"{label} {number}: not CANCELLED, but has a cancellation reason")
    creations = _m("batch.BatchCreationWorkflow").objects.all()
    if batch_ids is not None:
        creations = creations.filter(batch_id__in=list(batch_ids))
    for number, status, made, at, by in creations.order_by("pk").values_list(
        "workflow_number", "status", "created_at", "cancelled_at", "cancelled_by_id"
    ):
        if status == "CANCELLED" and (at is None or by is None or at < made):
            out.append(f"creation {number}: CANCELLED at {at} by {by}, made at {made}")
        if status != "CANCELLED" and (at is not None or by is not None):
            out.append(f"creation {number}: {status}, but cancelled at {at} by {by}")
    return out


def dynamic_workflows_closed_explicitly(batch_ids: Iterable[int] | None = None) -> list[str]:
    """A COMPLETED dynamic (station-to-sea) workflow was completed explicitly: it names who
    completed it and when, not before its last action; no other workflow has a dynamic
    completion."""
    out = []
    workflows = _m("batch.BatchTransferWorkflow").objects.all()
    if batch_ids is not None:
        workflows = workflows.filter(batch_id__in=list(batch_ids))
    rows = workflows.annotate(last=Max("actions__executed_at")).order_by("pk")
    for number, dynamic, status, by, at, last in rows.values_list(
        "workflow_number",
        "is_dynamic_execution",
        "status",
        "dynamic_completed_by_id",
        "dynamic_completed_at",
        "last",
    ):
        if dynamic and status == "COMPLETED":
            if by is None or at is None:
                out.append(f"workflow {number}: dynamic and COMPLETED, but not closed by anyone")
            elif last is not None and at < last:
                out.append(f"workflow {number}: completed at {at}, before its last action {last}")
        elif by is not None or at is not None:
            out.append(f"workflow {number}: {status}, but dynamically completed at {at}")
    return out


def harvest_events_have_lots(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Every harvest event yields graded lots."""
    events = _m("harvest.HarvestEvent").objects.filter(lots__isnull=True)
    if batch_ids is not None:
        events = events.filter(batch_id__in=list(batch_ids))
    return [
        f"HarvestEvent {pk} (batch {batch}) has no lots"
        for pk, batch in events.order_by("pk").values_list("pk", "batch_id")
    ]


def _snapshot_numbers(snapshot: object) -> set[str]:
    """Batch numbers named in a valuation run's JSON snapshot (a list of dicts)."""
    if not isinstance(snapshot, list):
        return set()
    return {
        str(row["batch_number"])
        for row in snapshot
        if isinstance(row, dict) and "batch_number" in row
    }


def finance_batches_exist(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Every batch a finance fact, NAV export line or valuation snapshot names exists, and
    every intercompany charge's source (harvest event, transfer workflow)."""
    Batch = _m("batch.Batch")
    ids = set(Batch.objects.values_list("pk", flat=True))
    numbers = set(Batch.objects.values_list("batch_number", flat=True))
    out = []
    for label, field in (
        ("finance.FactHarvest", "dim_batch_id"),
        ("finance.NavExportLine", "batch_id_int"),
    ):
        for pk, batch in _m(label).objects.order_by("pk").values_list("pk", field):
            if batch not in ids:
                out.append(f"{label} {pk} names batch id {batch}, which does not exist")
    for run in _m("finance_core.ValuationRun").objects.order_by("pk"):
        named = set()
        for name in ("biology_snapshot", "mortality_snapshot", "allocation_snapshot"):
            named |= _snapshot_numbers(getattr(run, name))
        for number in sorted(named - numbers):
            out.append(
                f"ValuationRun {run.pk} ({run.year}-{run.month:02d}) names batch {number}, which does not exist"
            )
    out += _charged_sources_exist()
    return out


def _charged_sources_exist() -> list[str]:
    """Every intercompany transaction charges a harvest event or transfer workflow that exists."""
    from django.contrib.contenttypes.models import ContentType

    out = []
    charges = _m("finance.IntercompanyTransaction").objects.order_by("pk")
    types = charges.order_by().values_list("content_type_id", flat=True).distinct()
    for type_id in sorted(types):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        known = set(model._default_manager.values_list("pk", flat=True))
        for pk, source in charges.filter(content_type_id=type_id).values_list("pk", "object_id"):
            if source not in known:
                out.append(
                    f"IntercompanyTransaction {pk} charges {model._meta.label} {source}, "
                    "which does not exist"
                )
    return out


def feeding_summaries_chain(batch_ids: Iterable[int] | None = None) -> list[str]:
    """A feeding summary's starting biomass is the ending biomass of the period just before it
    (per batch and per container assignment)."""
    out = []
    for label, key, start, end in (
        (
            "inventory.BatchFeedingSummary",
            "batch_id",
            "total_starting_biomass_kg",
            "total_ending_biomass_kg",
        ),
        (
            "inventory.ContainerFeedingSummary",
            "container_assignment_id",
            "starting_biomass_kg",
            "ending_biomass_kg",
        ),
    ):
        qs = _m(label).objects.all()
        if batch_ids is not None:
            qs = qs.filter(batch_id__in=list(batch_ids))
        previous: tuple | None = None
        for row in qs.order_by(key, "period_start").values_list(
            "pk", key, "period_start", "period_end", start, end
        ):
            if (
                previous is not None
                and previous[1] == row[1]
                and previous[3] + dt.timedelta(days=1) == row[2]
                and previous[5] != row[4]
            ):
                out.append(
                    f"{label} {row[0]}: starts at {row[4]} kg on {row[2]}, but the period before "
                    f"ended at {previous[5]} kg"
                )
            previous = row
    return out


def feed_stores_cover(as_of: dt.date | None = None) -> list[str]:
    """At the farm's last day no feed store is negative or over capacity, and the stores of a
    hall or sea area with fish hold FEED_COVER_DAYS_MIN days of its recent feeding (or are
    FEED_FULL_SHARE full where that much does not fit)."""
    as_of = as_of or farm_last_day()
    if as_of is None:
        return []
    out = []
    stores = _m("infrastructure.FeedContainer").objects.annotate(
        stock=Sum("feed_batch_stocks__quantity_kg")
    )
    held: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    room: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for pk, hall, area, capacity, stock in stores.values_list(
        "pk", "hall_id", "area_id", "capacity_kg", "stock"
    ):
        stock = stock or Decimal(0)
        if stock < 0 or stock > capacity:
            out.append(f"feed container {pk}: {stock} kg in store, capacity {capacity} kg")
        place = ("hall", hall) if hall is not None else ("area", area)
        held[place] += stock
        room[place] += capacity
    since = as_of - dt.timedelta(days=FEED_USE_WINDOW_DAYS - 1)
    fed = _m("inventory.FeedingEvent").objects.filter(
        feeding_date__gte=since, feeding_date__lte=as_of, batch_assignment__is_active=True
    )
    use: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for hall, area, kg in (
        fed.values_list("container__hall_id", "container__area_id")
        .annotate(kg=Sum("amount_kg"))
        .order_by()
    ):
        use[("hall", hall) if hall is not None else ("area", area)] += kg
    for place, kg in sorted(use.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        daily = kg / FEED_USE_WINDOW_DAYS
        cover = held.get(place, Decimal(0)) / daily if daily else Decimal("inf")
        full = held.get(place, Decimal(0)) >= FEED_FULL_SHARE * room.get(place, Decimal(0))
        too_small = daily * Decimal(str(FEED_COVER_DAYS_MIN)) > room.get(place, Decimal(0))
        if cover < Decimal(str(FEED_COVER_DAYS_MIN)) and not (too_small and full):
            out.append(
                f"{place[0]} {place[1]}: {held.get(place, 0)} kg of feed in store on {as_of} is "
                f"{cover:.1f} days of its {daily:.1f} kg/day (< {FEED_COVER_DAYS_MIN})"
            )
    return out


def finance_periods_closed(as_of: dt.date | None = None) -> list[str]:
    """Finance periods before the farm's last day are locked with an approved valuation run;
    the current period is open; none lies after it."""
    as_of = as_of or farm_last_day()
    if as_of is None:
        return []
    current = (as_of.year, as_of.month)
    periods: dict[tuple, dict[str, Any]] = defaultdict(lambda: {"locked": False, "runs": set()})
    for company, unit, year, month, locked in _m("finance_core.PeriodLock").objects.values_list(
        "company_id", "operating_unit_id", "year", "month", "is_locked"
    ):
        periods[(company, unit, year, month)]["locked"] |= locked
    for company, unit, year, month, status in _m("finance_core.ValuationRun").objects.values_list(
        "company_id", "operating_unit_id", "year", "month", "status"
    ):
        periods[(company, unit, year, month)]["runs"].add(status)
    out = []
    for (company, unit, year, month), p in sorted(periods.items()):
        name = f"period {year}-{month:02d} of company {company}, site {unit}"
        if (year, month) > current:
            out.append(f"{name}: after the farm's last day {as_of}")
        elif (year, month) == current and p["locked"]:
            out.append(f"{name}: the current period is locked")
        elif (year, month) < current:
            if not p["locked"]:
                out.append(f"{name}: before {as_of}, but not locked")
            if not p["runs"] & {"APPROVED", "EXPORTED"}:
                runs = ", ".join(sorted(p["runs"])) or "none"
                out.append(f"{name}: closed without an approved valuation run (runs: {runs})")
    return out


def reopened_periods_relocked(as_of: dt.date | None = None) -> list[str]:
    """A reopened finance period (``reopened_at`` set) names who reopened it and why, and is
    locked again after it was reopened (``is_locked``, ``locked_at`` later than ``reopened_at``)."""
    out = []
    for pk, year, month, locked, locked_at, reopened_at, by, reason in (
        _m("finance_core.PeriodLock")
        .objects.filter(reopened_at__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "year",
            "month",
            "is_locked",
            "locked_at",
            "reopened_at",
            "reopened_by_id",
            "reopen_reason",
        )
    ):
        name = f"PeriodLock {pk} ({year}-{month:02d})"
        if not locked:
            out.append(f"{name}: reopened at {reopened_at:%Y-%m-%d %H:%M}, never locked again")
        elif locked_at is None or locked_at <= reopened_at:
            out.append(f"{name}: locked at {locked_at}, not after it was reopened at {reopened_at}")
        if by is None or not (reason or "").strip():
            out.append(f"{name}: reopened without a user or a reason")
    return out


def sea_batches_projected(as_of: dt.date | None = None) -> list[str]:
    """Every ACTIVE batch with fish at sea has a scenario projection from the farm's last day to
    its projected harvest (ContainerForecastSummary.projected_harvest_date)."""
    as_of = as_of or farm_last_day()
    if as_of is None:
        return []
    sea = (
        _m("batch.BatchContainerAssignment")
        .objects.filter(
            is_active=True,
            population_count__gt=0,
            batch__status="ACTIVE",
            container__area__isnull=False,
        )
        .values_list("batch_id", flat=True)
        .distinct()
    )
    out = []
    Projection = _m("scenario.ScenarioProjection").objects
    Forecast = _m("batch.ContainerForecastSummary").objects
    for batch in sorted(set(sea)):
        harvest = Forecast.filter(assignment__batch_id=batch).aggregate(
            d=Max("projected_harvest_date")
        )["d"]
        span = (
            Projection.filter(projection_run__scenario__batch_id=batch, projection_date__gt=as_of)
            .values("projection_run_id")
            .annotate(first=Min("projection_date"), last=Max("projection_date"))
        )
        reaching = [
            s
            for s in span
            if s["first"] == as_of + dt.timedelta(days=1)
            and (harvest is None or s["last"] >= harvest)
        ]
        if not reaching:
            out.append(
                f"batch {batch}: at sea on {as_of}, but no projection runs from "
                f"{as_of + dt.timedelta(days=1)} to its harvest ({harvest})"
            )
    return out


def planned_activities_follow_the_clock(as_of: dt.date | None = None) -> list[str]:
    """Planned activities due after the farm's last day are PENDING; those due by it are done,
    cancelled or overdue (PENDING), or IN_PROGRESS with a transfer still in flight."""
    as_of = as_of or farm_last_day()
    if as_of is None:
        return []
    out = []
    activities = _m("planning.PlannedActivity").objects
    for pk, due, status in (
        activities.filter(due_date__gt=as_of)
        .exclude(status="PENDING")
        .values_list("pk", "due_date", "status")
    ):
        out.append(f"PlannedActivity {pk}: due {due}, after {as_of}, but {status}")
    stuck = activities.filter(due_date__lte=as_of, status="IN_PROGRESS").exclude(
        transfer_workflow__status="IN_PROGRESS"
    )
    for pk, due in stuck.values_list("pk", "due_date"):
        out.append(f"PlannedActivity {pk}: due {due}, IN_PROGRESS without a transfer in flight")
    return out


def records_agree_with_what_they_name(batch_ids: Iterable[int] | None = None) -> list[str]:
    """A daily state linked to a planned activity is of the activity's batch, container and due
    day; a forecast's harvest variance is its projected minus its original harvest date (both set
    exactly when a harvest is projected); a manual reading names no sensor, a sensor reading no
    person (who took it: the builders name the operator; a factory's reading may leave it out)."""
    out = []
    states = _m("batch.ActualDailyAssignmentState").objects.filter(planned_activity__isnull=False)
    readings = _m("environmental.EnvironmentalReading").objects
    if batch_ids is not None:
        states = states.filter(batch_id__in=list(batch_ids))
        readings = readings.filter(batch_id__in=list(batch_ids))
    elsewhere = states.exclude(
        planned_activity__batch_id=F("batch_id"),
        planned_activity__container_id=F("container_id"),
        planned_activity__due_date=F("date"),
    )
    for pk, day, activity, due in elsewhere.order_by("pk").values_list(
        "pk", "date", "planned_activity_id", "planned_activity__due_date"
    )[:20]:
        out.append(
            f"daily state {pk} ({day}): names planned activity {activity} due {due} of another "
            "batch, container or day"
        )
    for pk, projected, original, variance in (
        _m("batch.ContainerForecastSummary")
        .objects.order_by("pk")
        .values_list(
            "pk", "projected_harvest_date", "original_harvest_date", "harvest_variance_days"
        )
    ):
        if (projected is None) != (original is None) or (original is None) != (variance is None):
            out.append(
                f"forecast summary {pk}: projected {projected}, original {original}, "
                f"variance {variance} (set together or not at all)"
            )
        elif projected is not None and (projected - original).days != variance:
            out.append(
                f"forecast summary {pk}: variance {variance} days, but projected {projected} "
                f"is {(projected - original).days} days from original {original}"
            )
    wrong = readings.filter(
        Q(is_manual=True, sensor__isnull=False) | Q(is_manual=False, recorded_by__isnull=False)
    )
    for pk in wrong.order_by("pk").values_list("pk", flat=True)[:20]:
        out.append(
            f"reading {pk}: a manual reading names no sensor; a sensor reading names no person"
        )
    return out


LEDGER_CHECKS: dict[str, Callable[..., list[str]]] = {
    "assignment ledger: fish in − out = population": assignment_ledger,
    "batch status agrees with its fish": batch_status_agrees,
    "every batch held fish": every_batch_held_fish,
    "workflow status agrees with its fish": workflows_match_fish,
    "cancelled workflows move no fish": cancelled_workflows_move_no_fish,
    "dynamic workflows completed explicitly": dynamic_workflows_closed_explicitly,
    "harvest events have lots": harvest_events_have_lots,
    "finance rows name existing batches": lambda batch_ids=None: finance_batches_exist(),
    "feeding summaries chain": feeding_summaries_chain,
    "finance periods closed before the last day": lambda batch_ids=None: finance_periods_closed(),
    "a reopened period is locked again after it was reopened": lambda batch_ids=None: (
        reopened_periods_relocked()
    ),
    "sea batches projected to harvest": lambda batch_ids=None: sea_batches_projected(),
    "feed stores stocked at the last day": lambda batch_ids=None: feed_stores_cover(),
    "planned activities follow the clock": lambda batch_ids=None: (
        planned_activities_follow_the_clock()
    ),
    "daily states, forecasts and readings agree with what they name": (
        records_agree_with_what_they_name
    ),
}
"""The ledger and farm-at-its-last-day checks (part of CHECKS, so `aquadata validate` runs them)."""

CHECKS.update(LEDGER_CHECKS)

from pytest_aquadata.clock_invariants import CLOCK_CHECKS  # noqa: E402 - after the ledger's

CHECKS.update(CLOCK_CHECKS)
