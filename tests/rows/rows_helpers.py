"""Helpers shared by the builder tests (imported as a plain module: tests have no packages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
from django.apps import apps
from django.db import connection

from pytest_aquadata.factories.infrastructure import (
    AreaFactory,
    ContainerFactory,
    FreshwaterStationFactory,
    GeographyFactory,
    HallFactory,
)
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site
from pytest_aquadata.sim import BatchSpec, Trajectory, params, simulate_batch

Step = Callable[[Trajectory, BuildContext, Site, BatchRows], None]


def simulate(stop_at_stage: str | None = None, eggs: int = 20_000) -> Trajectory:
    """A Scotland test batch from 1 January 2024 (seed 1), to harvest or stopped at a stage."""
    spec = BatchSpec(
        geography="Scotland",
        eggs=eggs,
        start_date=dt.date(2024, 1, 1),
        stop_at_stage=stop_at_stage,
    )
    return simulate_batch(spec, np.random.default_rng(1))


def _site(traj: Trajectory) -> Site:
    """Geography, station, sea area and one container per assignment slot, through factories."""
    geography = GeographyFactory(name=traj.spec.geography)
    station = FreshwaterStationFactory(geography=geography)
    area = AreaFactory(geography=geography)
    a = traj.assignments
    halls: dict[int, int] = {}
    containers: dict[tuple[str, int], int] = {}
    for kind, slot, code in zip(a.container_kind, a.slot, a.stage, strict=True):
        key = (str(kind), int(slot))
        if key in containers:
            continue
        stage = params.STAGES[int(code)]
        if stage.environment == "sea":
            container = ContainerFactory(stage=stage.name, area=area)
        else:
            if int(code) not in halls:
                halls[int(code)] = HallFactory(freshwater_station=station, stage=stage.name).pk
            hall = apps.get_model("infrastructure.Hall").objects.get(pk=halls[int(code)])
            container = ContainerFactory(stage=stage.name, hall=hall)
        containers[key] = container.pk
    return Site(
        geography_id=geography.pk,
        station_id=station.pk,
        area_id=area.pk,
        halls=halls,
        containers=containers,
        feed_containers={},
        sensors={},
    )


def write_parents(
    traj: Trajectory, ctx: BuildContext, batch_number: str = "T-0001"
) -> tuple[Site, BatchRows]:
    """The batch, its assignments and transfer workflows: what the later builders point at."""
    site = _site(traj)
    a, w = traj.assignments, traj.workflows
    species = ctx.lookup("batch.Species", name="Atlantic Salmon")
    user = ctx.lookup("auth.User", username="aquadata")
    ended = ~np.isnat(a.end_date)
    batch_id = int(
        ctx.emit(
            "batch.Batch",
            {
                "batch_number": [batch_number],
                "species_id": species,
                "lifecycle_stage_id": ctx.stage_id(traj.final_stage),
                "status": traj.status,
                "start_date": traj.start_date,
                "actual_end_date": traj.end_date if traj.status != "ACTIVE" else None,
            },
        )[0]
    )
    container_ids = site.container_ids(a.container_kind, a.slot)
    population = np.where(ended, 0, a.end_population)
    weight = np.round(a.end_weight_g, 2)
    assignment_ids = ctx.emit(
        "batch.BatchContainerAssignment",
        {
            "batch_id": batch_id,
            "container_id": container_ids,
            "lifecycle_stage_id": ctx.stage_ids(a.stage),
            "population_count": population,
            "avg_weight_g": weight,
            "biomass_kg": np.round(population * weight / 1000.0, 2),
            "assignment_date": a.start_date,
            "departure_date": a.end_date,
            "is_active": ~ended,
        },
    )
    workflow_ids = ctx.emit(
        "batch.BatchTransferWorkflow",
        {
            "workflow_number": [f"TRF-{batch_number}-{i + 1:02d}" for i in range(len(w))],
            "batch_id": batch_id,
            "source_lifecycle_stage_id": ctx.stage_ids(w.source_stage),
            "dest_lifecycle_stage_id": ctx.stage_ids(w.dest_stage),
            "status": "COMPLETED",
            "planned_start_date": w.start_date,
            "actual_start_date": w.start_date,
            "actual_completion_date": w.end_date,
            "total_source_count": w.total_source_count,
            "total_transferred_count": w.total_transferred,
            "total_mortality_count": w.total_mortality,
            "total_biomass_kg": np.round(w.total_biomass_kg, 2),
            "is_intercompany": w.is_intercompany,
            "initiated_by_id": user,
        },
    )
    rows = BatchRows(
        batch_id=batch_id,
        batch_number=batch_number,
        species_id=species,
        assignment_ids=assignment_ids,
        container_ids=container_ids,
        workflow_ids=workflow_ids,
    )
    return site, rows


class Built:
    """One batch written by the builders under test."""

    def __init__(self, traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
        """Keep the trajectory, context, site and batch keys."""
        self.traj, self.ctx, self.site, self.rows = traj, ctx, site, rows

    def run(self, *steps: Step) -> Built:
        """Run builder steps in order on this batch."""
        for step in steps:
            step(self.traj, self.ctx, self.site, self.rows)
        return self


def model(label: str) -> Any:
    """A model class by label."""
    return apps.get_model(label)


def assert_foreign_keys(*labels: str) -> None:
    """Every foreign key of these models' tables points at an existing row (checked now)."""
    tables = [apps.get_model(label)._meta.db_table for label in labels]
    connection.check_constraints(table_names=tables)


def assert_history(built: Built, *labels: str) -> None:
    """The simple-history table of each model got one row per row written."""
    for label in labels:
        m = apps.get_model(label)
        history = m.history.model
        assert built.ctx.rows[history._meta.db_table] == built.ctx.rows[m._meta.db_table] > 0, label
        assert history.objects.count() >= built.ctx.rows[m._meta.db_table], label
