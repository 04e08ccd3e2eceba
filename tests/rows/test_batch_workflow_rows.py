"""Workflows that tell the whole story: a few cancelled transfer workflows and egg orders that
moved no fish, dynamic sea transfers completed explicitly, a weighed sample on most transfer
actions, the mix done as a transfer action, and notes on a minority of rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.apps import apps
from django.db.models import Max

from pytest_aquadata import clock
from pytest_aquadata.db_invariants import (
    assignment_ledger,
    cancelled_workflows_move_no_fish,
    dynamic_workflows_closed_explicitly,
    workflows_match_fish,
)
from pytest_aquadata.reference.notes import phrases
from pytest_aquadata.rows.batch import (
    CANCELLED_TRANSFER_SHARE,
    TRANSFER_SAMPLE_SIZE,
    transfer_sample,
)
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.rows.staff import username
from pytest_aquadata.saturation import saturate
from pytest_aquadata.sim import params
from pytest_aquadata.sim.growth import length_cm

AS_OF = dt.date(2026, 10, 31)


def _m(label: str):  # noqa: ANN202 - a model class
    return apps.get_model(label)


def test_systematic_pick_gives_a_farm_its_share_and_a_single_batch_none() -> None:
    ctx = BuildContext(seed=1, as_of=AS_OF)
    single = ctx.systematic_pick("x", 0.04, np.ones(5, dtype=bool))
    assert not single.any()
    picks = [ctx.systematic_pick("x", 0.04, np.ones(5, dtype=bool)) for _ in range(19)]
    assert sum(int(p.sum()) for p in picks) == 4  # 100 candidates, 4 %
    assert not ctx.systematic_pick("y", 0.5, np.zeros(3, dtype=bool)).any()  # none eligible
    with pytest.raises(ValueError, match=r"share=1.5 is invalid"):
        ctx.systematic_pick("x", 1.5, np.ones(1, dtype=bool))


def test_transfer_sample_follows_the_simulated_weight() -> None:
    rng = np.random.default_rng(3)
    n = 400
    weight = np.full(n, 120.0)
    moved = np.arange(n) % 10 != 0
    out = transfer_sample(rng, weight, np.full(n, 3), moved, 0.22)
    size = out["measured_sample_size"]
    sampled = np.array([s is not None for s in size])
    assert not sampled[~moved].any()  # no sample of a move without fish
    assert 0.75 < sampled[moved].mean() < 0.95  # most moves are weighed
    sizes = size[sampled].astype(int)
    assert sizes.min() >= TRANSFER_SAMPLE_SIZE[0] and sizes.max() <= TRANSFER_SAMPLE_SIZE[1]
    cv = out["measured_std_dev_weight_g"][sampled] / 120.0
    assert 0.15 < cv.mean() < 0.29  # the batch's weight CV (0.22)
    expected = float(length_cm(120.0, params.CONDITION_FACTOR[3]))
    assert abs(out["measured_avg_length_cm"][sampled].mean() / expected - 1) < 0.03
    assert np.isnan(out["measured_avg_length_cm"][~sampled]).all()
    notes = out["measured_notes"]
    assert set(notes[~sampled]) == {""}
    assert 0 < (notes[sampled] != "").mean() < 0.5
    assert set(notes[notes != ""]) <= set(phrases("transfer_measurement"))


@pytest.mark.django_db
def test_small_farm_workflows_tell_cancellations_closures_samples_and_the_mix() -> None:
    saturate("small", seed=7, readings_per_day=0, as_of=AS_OF)
    now = clock.moment(AS_OF)
    Workflow = _m("batch.BatchTransferWorkflow")
    transfers = Workflow.objects.all()
    cancelled = transfers.filter(status="CANCELLED")
    share = cancelled.count() / transfers.count()
    assert 0.02 <= share <= 2 * CANCELLED_TRANSFER_SHARE, share
    reasons = set(phrases("transfer_cancellation"))
    for workflow in cancelled:
        assert not workflow.actions.exists()
        assert workflow.total_transferred_count == workflow.actions_completed == 0
        assert workflow.actual_start_date is None and workflow.completed_by_id is None
        assert workflow.cancellation_reason in reasons
        assert workflow.created_at < workflow.updated_at <= now
        # it was replanned: the workflow of the same transition that moved the fish
        real = transfers.get(workflow_number=workflow.workflow_number.removesuffix("-C"))
        assert real.status != "CANCELLED" and workflow.planned_start_date < real.actual_start_date
        steps = list(
            workflow.history.order_by("history_date").values_list("history_type", "status")
        )
        assert steps == [("+", "PLANNED"), ("~", "CANCELLED")]

    orders = _m("batch.BatchCreationWorkflow").objects
    for order in orders.filter(status="CANCELLED"):
        assert not order.actions.exists() and order.total_eggs_received == 0
        assert order.cancellation_reason in set(phrases("creation_cancellation"))
        assert order.created_at < order.cancelled_at <= order.updated_at <= now
        geography = order.batch.batch_number.split("-")[0]
        assert order.cancelled_by.username == username("OPR", geography)
        assert order.cancelled_by.profile.geography == geography
    assert orders.filter(status="CANCELLED").count() >= 1
    assert not orders.exclude(status="CANCELLED").exclude(cancelled_at=None).exists()

    dynamic = transfers.filter(status="COMPLETED", is_dynamic_execution=True)
    assert dynamic.exists()
    for workflow in dynamic.annotate(last=Max("actions__executed_at")):
        assert workflow.dynamic_completed_by_id == workflow.completed_by_id
        assert workflow.last < workflow.dynamic_completed_at <= workflow.updated_at <= now
    assert not transfers.exclude(pk__in=dynamic).exclude(dynamic_completed_at=None).exists()

    moves = _m("batch.TransferAction").objects.filter(transferred_count__gt=0)
    weighed = moves.exclude(measured_sample_size=None)
    assert 0.7 < weighed.count() / moves.count() < 0.95
    for action in weighed:
        low, high = TRANSFER_SAMPLE_SIZE
        assert low <= action.measured_sample_size <= high
        cv = float(action.measured_std_dev_weight_g / action.measured_avg_weight_g)
        assert 0.08 < cv < 0.4, cv
        k = 100 * float(action.measured_avg_weight_g) / float(action.measured_avg_length_cm) ** 3
        assert 0.65 < k < 1.35, k  # Fulton's K (alevins ~0.7, salmon ~1.0–1.2)
    assert not moves.filter(measured_sample_size=None).exclude(measured_notes="").exists()

    for label, column, blank in (
        ("batch.BatchTransferWorkflow", "notes", ""),
        ("batch.TransferAction", "notes", ""),
        ("batch.TransferAction", "measured_notes", ""),
        ("batch.BatchCreationWorkflow", "notes", ""),
        ("batch.CreationAction", "notes", ""),
        ("batch.GrowthSample", "notes", None),
    ):
        rows = _m(label).objects
        noted = rows.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True}).count()
        assert 0 < noted < 0.5 * rows.count(), (label, column, noted)
        assert rows.filter(**{column: blank}).exists(), (label, column)

    event = _m("batch.BatchMixEvent").objects.get()
    action = event.workflow_action
    mover = event.components.get(is_transferred_in=True)
    assert action.source_assignment_id == mover.source_assignment_id
    assert action.transferred_count == mover.population_count and action.allow_mixed
    assert action.dest_assignment.batch_id == event.mixed_batch_id
    assert action.dest_container_id == event.container_id
    assert action.measured_sample_size is not None
    workflow = action.workflow
    assert (workflow.workflow_type, workflow.status) == ("CONTAINER_REDISTRIBUTION", "COMPLETED")
    assert workflow.batch_id == mover.source_batch_id

    assert assignment_ledger() == []
    assert workflows_match_fish() == []
    assert cancelled_workflows_move_no_fish() == []
    assert dynamic_workflows_closed_explicitly() == []
