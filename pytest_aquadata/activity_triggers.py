"""Trigger values of the planned-activity templates, resolved from ``sim.params`` and the stage
table: days after creation, grams at sea transfer or harvest, or a stage name.

Django-free, so the activity-template rows and the planning factories resolve them alike.
"""

from __future__ import annotations

from typing import Any

from pytest_aquadata.decimals import dec
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import STAGES


def template_value(value: str) -> Any:
    """A catalogue trigger value resolved from ``sim.params``: days for "first_feeding" and
    "winter_signal", grams for "sea_transfer" and "harvest", else the stage name itself."""
    biology = params.Biology()
    if value == "first_feeding":
        return round(biology.first_feeding_degree_days / biology.incubation_temp_c) + 14
    if value == "winter_signal":
        return STAGES["Smolt"].days_before - params.WINTER_SIGNAL_DAYS
    if value == "sea_transfer":
        return dec(biology.sea_transfer_weight_g)
    if value == "harvest":
        return dec(sum(params.HARVEST_TARGET_KG_RANGE) / 2 * 1000)
    return value
