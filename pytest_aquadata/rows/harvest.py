"""Harvest builder: harvest events (one per harvested pen), graded lots and by-product waste.

Lots are the trajectory's grade × HOG size-class rows (HarvestLot has no size-class column, so
each size class of a grade is its own lot of that grade). Lot and event keys are left in
``rows.extra`` for the finance builder (FactHarvest is one-to-one with HarvestLot).
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.reference.geography import geography_prefix
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site, utc
from pytest_aquadata.sim import Trajectory

DEST_SUBSIDIARY = "LG"
"""Harvested fish go to the geography's harvest plant, run by the logistics subsidiary (as the
HarvestEvent factory's ``with_destination`` trait and the FM → LG harvest pricing policies)."""


def build_harvest(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Write HarvestEvent, HarvestLot and HarvestWaste rows; keep their keys in ``rows.extra``."""
    h, lots, waste = traj.harvests, traj.harvest_lots, traj.harvest_waste
    prefix = geography_prefix(traj.spec.geography)
    event_ids = ctx.emit(
        "harvest.HarvestEvent",
        {
            "event_date": utc(h.at),
            "batch_id": rows.batch_id,
            "assignment_id": rows.assignment_ids[h.assignment],
            "dest_geography_id": site.geography_id,
            "dest_subsidiary": DEST_SUBSIDIARY,
            "document_ref": [
                f"HRV-{prefix}-{str(at)[:4]}-{rows.batch_number}-{k + 1:02d}"
                for k, at in enumerate(h.at)
            ],
        },
    )
    grades = {  # in a fixed order: ids must not follow the hash seed
        str(g): ctx.lookup("harvest.ProductGrade", code=str(g)) for g in sorted(set(lots.grade))
    }
    lot_ids = ctx.emit(
        "harvest.HarvestLot",
        {
            "event_id": event_ids[lots.harvest],
            "product_grade_id": np.array([grades[str(g)] for g in lots.grade], dtype=np.int64),
            "live_weight_kg": lots.live_kg,
            "gutted_weight_kg": lots.gutted_kg,
            "fillet_weight_kg": lots.fillet_kg,
            "unit_count": lots.count,
        },
    )
    waste_ids = ctx.emit(
        "harvest.HarvestWaste",
        {
            "event_id": event_ids[waste.harvest],
            "category": waste.category,
            "weight_kg": waste.weight_kg,
        },
    )
    rows.extra["harvest_event_ids"] = event_ids
    rows.extra["harvest_lot_ids"] = lot_ids
    rows.extra["harvest_waste_ids"] = waste_ids
