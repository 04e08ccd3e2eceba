"""The ledger invariants of ``db_invariants`` hold on a saturated farm, and each one names a row
that was deliberately broken (so none of them passes by not looking)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import F

from pytest_aquadata.db_invariants import CHECKS, LEDGER_CHECKS, farm_last_day
from pytest_aquadata.saturation import saturate

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 10, 31)


def _m(label: str):  # noqa: ANN202 - a model class
    return apps.get_model(label)


class _Undo(Exception):
    """Raised to roll a corruption back."""


@contextmanager
def _rolled_back() -> Iterator[None]:
    """Run the block in a savepoint that is always rolled back."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


def _more_fish_than_arrived() -> str:
    row = _m("batch.BatchContainerAssignment").objects.filter(is_active=True).order_by("pk").first()
    type(row).objects.filter(pk=row.pk).update(population_count=F("population_count") + 1)
    return f"assignment {row.pk} "


def _active_batch_marked_completed() -> str:
    batch = _m("batch.Batch").objects.filter(status="ACTIVE").order_by("pk").first()
    type(batch).objects.filter(pk=batch.pk).update(status="COMPLETED")
    return f"batch {batch.batch_number}: COMPLETED but holds"


def _batch_without_fish() -> str:
    some = _m("batch.Batch").objects.order_by("pk").first()
    _m("batch.Batch").objects.create(
        batch_number="EMPTY-0001",
        species_id=some.species_id,
        lifecycle_stage_id=some.lifecycle_stage_id,
        status="ACTIVE",
        batch_type="STANDARD",
        start_date=AS_OF,
    )
    return "batch EMPTY-0001 (STANDARD, ACTIVE) never held fish"


def _transfer_in_flight_marked_completed() -> str:
    workflow = _m("batch.BatchTransferWorkflow").objects.get(status="IN_PROGRESS")
    type(workflow).objects.filter(pk=workflow.pk).update(
        status="COMPLETED", actual_completion_date=AS_OF
    )
    return f"workflow {workflow.workflow_number}: COMPLETED, but its source stage still holds"


def _completed_transfer_marked_cancelled() -> str:
    workflow = (
        _m("batch.BatchTransferWorkflow").objects.filter(status="COMPLETED").order_by("pk").first()
    )
    type(workflow).objects.filter(pk=workflow.pk).update(
        status="CANCELLED", cancellation_reason="Well boat unavailable."
    )
    number = workflow.workflow_number
    return f"batch.BatchTransferWorkflow {number}: CANCELLED, but an action of it moved fish"


def _dynamic_transfer_closed_by_nobody() -> str:
    workflow = (
        _m("batch.BatchTransferWorkflow")
        .objects.filter(status="COMPLETED", is_dynamic_execution=True)
        .order_by("pk")
        .first()
    )
    type(workflow).objects.filter(pk=workflow.pk).update(dynamic_completed_by=None)
    return f"workflow {workflow.workflow_number}: dynamic and COMPLETED, but not closed"


def _harvest_event_without_lots() -> str:
    event = _m("harvest.HarvestEvent").objects.order_by("pk").first()
    event.pk = None
    event.document_ref = "NO-LOTS"
    event.save()
    return f"HarvestEvent {event.pk} "


def _valuation_of_a_ghost_batch() -> str:
    run = _m("finance_core.ValuationRun").objects.order_by("pk").first()
    snapshot = [{**run.biology_snapshot[0], "batch_number": "GHOST-0001"}]
    type(run).objects.filter(pk=run.pk).update(biology_snapshot=snapshot)
    return f"ValuationRun {run.pk} ({run.year}-{run.month:02d}) names batch GHOST-0001"


def _charge_of_a_missing_workflow() -> str:
    charge = _m("finance.IntercompanyTransaction").objects.order_by("pk").first()
    type(charge).objects.filter(pk=charge.pk).update(object_id=999_999)
    return f"IntercompanyTransaction {charge.pk} charges "


def _summary_that_does_not_chain() -> str:
    Summary = _m("inventory.BatchFeedingSummary")
    for row in Summary.objects.order_by("batch_id", "period_start"):
        if Summary.objects.filter(
            batch_id=row.batch_id, period_end=row.period_start - dt.timedelta(days=1)
        ).exists():
            Summary.objects.filter(pk=row.pk).update(
                total_starting_biomass_kg=F("total_starting_biomass_kg") + 1
            )
            return f"inventory.BatchFeedingSummary {row.pk}: starts at"
    raise AssertionError("no two adjacent feeding summaries")


def _closed_period_left_in_preview() -> str:
    run = _m("finance_core.ValuationRun").objects.filter(status="APPROVED").order_by("pk").first()
    type(run).objects.filter(pk=run.pk).update(status="PREVIEW")
    return f"period {run.year}-{run.month:02d} of company {run.company_id}, site "


def _reopened_period_left_open() -> str:
    lock = (
        _m("finance_core.PeriodLock")
        .objects.filter(reopened_at__isnull=False)
        .order_by("pk")
        .first()
    )
    type(lock).objects.filter(pk=lock.pk).update(is_locked=False)
    return f"PeriodLock {lock.pk} ({lock.year}-{lock.month:02d}): reopened at"


def _forecast_cut_short() -> str:
    run = _m("scenario.ProjectionRun").objects.filter(run_number=2).order_by("pk").first()
    last = run.projections.order_by("-projection_date").first().projection_date
    run.projections.filter(projection_date=last).delete()
    return f"batch {run.scenario.batch_id}: at sea on {AS_OF}"


def _future_activity_done() -> str:
    activity = (
        _m("planning.PlannedActivity")
        .objects.filter(due_date__gt=AS_OF, status="PENDING")
        .order_by("pk")
        .first()
    )
    type(activity).objects.filter(pk=activity.pk).update(status="COMPLETED")
    return f"PlannedActivity {activity.pk}: due"


def _store_run_dry() -> str:
    Stock = _m("inventory.FeedContainerStock")
    hall = (
        Stock.objects.filter(feed_container__hall__isnull=False, entry_date__date=AS_OF)
        .order_by("-pk")
        .values_list("feed_container__hall_id", flat=True)
        .first()
    )
    Stock.objects.filter(feed_container__hall_id=hall).update(quantity_kg=0)
    return f"hall {hall}: 0"


def _state_linked_to_another_days_activity() -> str:
    State = _m("batch.ActualDailyAssignmentState")
    state = State.objects.filter(planned_activity__isnull=False).order_by("pk").first()
    other = (
        _m("planning.PlannedActivity")
        .objects.exclude(due_date=state.date)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    State.objects.filter(pk=state.pk).update(planned_activity_id=other)
    return f"daily state {state.pk} ({state.date}): names planned activity {other}"


def _forecast_variance_off() -> str:
    Summary = _m("batch.ContainerForecastSummary")
    summary = Summary.objects.filter(harvest_variance_days__isnull=False).order_by("pk").first()
    Summary.objects.filter(pk=summary.pk).update(
        harvest_variance_days=F("harvest_variance_days") + 3
    )
    return f"forecast summary {summary.pk}: variance"


CORRUPTIONS: dict[str, Callable[[], str]] = {
    "assignment ledger: fish in − out = population": _more_fish_than_arrived,
    "batch status agrees with its fish": _active_batch_marked_completed,
    "every batch held fish": _batch_without_fish,
    "workflow status agrees with its fish": _transfer_in_flight_marked_completed,
    "cancelled workflows move no fish": _completed_transfer_marked_cancelled,
    "dynamic workflows completed explicitly": _dynamic_transfer_closed_by_nobody,
    "harvest events have lots": _harvest_event_without_lots,
    "finance rows name existing batches": _valuation_of_a_ghost_batch,
    "feeding summaries chain": _summary_that_does_not_chain,
    "finance periods closed before the last day": _closed_period_left_in_preview,
    "a reopened period is locked again after it was reopened": _reopened_period_left_open,
    "sea batches projected to harvest": _forecast_cut_short,
    "planned activities follow the clock": _future_activity_done,
    "feed stores stocked at the last day": _store_run_dry,
    "daily states, forecasts and readings agree with what they name": (
        _state_linked_to_another_days_activity
    ),
}
"""One deliberately broken row per ledger check, returning the text the check must report."""

MORE_CORRUPTIONS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("finance rows name existing batches", _charge_of_a_missing_workflow),
    ("daily states, forecasts and readings agree with what they name", _forecast_variance_off),
)
"""Further broken rows for checks that look at more than one table."""


def _violations() -> dict[str, list[str]]:
    return {name: check() for name, check in LEDGER_CHECKS.items()}


def test_small_farm_keeps_the_ledger_and_each_check_names_a_broken_row() -> None:
    saturate("small", seed=7, readings_per_day=0, as_of=AS_OF)
    assert farm_last_day() == AS_OF
    assert _violations() == {name: [] for name in LEDGER_CHECKS}
    assert set(LEDGER_CHECKS) <= set(CHECKS)  # `aquadata validate` runs them
    assert set(CORRUPTIONS) == set(LEDGER_CHECKS)
    mixed = _m("batch.Batch").objects.get(batch_type="MIXED", status="ACTIVE")
    components = _m("batch.BatchMixEventComponent").objects.filter(mix_event__mixed_batch=mixed)
    assert len({c.source_batch_id for c in components}) == 2
    held = mixed.batch_assignments.get(is_active=True).population_count
    assert held == sum(c.population_count for c in components)
    for component in components:
        source = component.source_assignment
        assert (source.is_active, source.population_count, source.departure_date) == (
            False,
            0,
            AS_OF,
        )
    assert _m("planning.PlannedActivity").objects.filter(batch=mixed, status="PENDING").exists()
    assert _m("batch.BatchTransferWorkflow").objects.filter(status="IN_PROGRESS").exists()
    for label in ("batch.BatchTransferWorkflow", "batch.BatchCreationWorkflow"):
        assert _m(label).objects.filter(status="CANCELLED").exists(), label
    assert _m("batch.BatchMixEvent").objects.filter(workflow_action__isnull=False).exists()
    for name, corrupt in (*CORRUPTIONS.items(), *MORE_CORRUPTIONS):
        with _rolled_back():
            expected = corrupt()
            problems = LEDGER_CHECKS[name]()
            assert any(expected in p for p in problems), (name, expected, problems)
        assert LEDGER_CHECKS[name]() == [], f"{name}: the corruption was not rolled back"


@pytest.mark.skipif(
    not os.environ.get("AQUADATA_LEDGER_MEDIUM"),
    reason="a medium saturation takes ~100 s on SQLite; set AQUADATA_LEDGER_MEDIUM=1",
)
def test_medium_farm_keeps_the_ledger() -> None:
    saturate("medium", seed=7, readings_per_day=0, as_of=AS_OF)
    assert _violations() == {name: [] for name in LEDGER_CHECKS}
