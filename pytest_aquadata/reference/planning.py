"""Planned activities: stage per activity type, notes and the activity templates.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

ACTIVITY_STAGE: Mapping[str, str] = MappingProxyType(
    {
        "VACCINATION": "Smolt",
        "TREATMENT": "Adult",
        "CULL": "Parr",
        "HARVEST": "Adult",
        "SALE": "Adult",
        "FEED_CHANGE": "Fry",
        "TRANSFER": "Post-Smolt",
        "MAINTENANCE": "Adult",
        "SAMPLING": "Adult",
        "OTHER": "Parr",
    }
)
"""Stage a batch is at when each planning.PlannedActivity type is typical (SCHEMA.md §16 seed
engine: vaccination in Smolt, lice treatment and harvest at sea; choice for the others)."""

ACTIVITY_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "VACCINATION": "Vaccinate before sea transfer; starve 48 h before.",
        "TREATMENT": "Lice treatment if the count stays above the limit.",
        "CULL": "Grade out and cull runts.",
        "HARVEST": "Harvest the pen; well-boat booked to the harvest plant.",
        "SALE": "Sale of surplus smolts to a neighbouring farm.",
        "FEED_CHANGE": "Change to the next pellet size.",
        "TRANSFER": "Transfer to sea by well-boat.",
        "MAINTENANCE": "Net change and mooring inspection.",
        "SAMPLING": "Monthly health sampling of 20 fish.",
        "OTHER": "Photoperiod change: start the winter signal (12L:12D).",
    }
)
"""planning.PlannedActivity notes per activity type (choice; docs/references.md §8 winter signal)."""


@dataclass(frozen=True)
class ActivityTemplateSpec:
    """An activity template: name, type, trigger and its value, description."""

    name: str
    activity_type: str
    trigger_type: str
    value: str
    description: str


ACTIVITY_TEMPLATES: tuple[ActivityTemplateSpec, ...] = (
    ActivityTemplateSpec(
        "First-feeding health check", "SAMPLING", "DAY_OFFSET", "first_feeding",
        "Health check of fry two weeks after first feeding (~900 °C·d from fertilisation).",
    ),
    ActivityTemplateSpec(
        "Vaccination before sea transfer", "VACCINATION", "STAGE_TRANSITION", "Smolt",
        "Vaccinate every batch when it enters the Smolt stage.",
    ),
    ActivityTemplateSpec(
        "Sea transfer at target smolt weight", "TRANSFER", "WEIGHT_THRESHOLD", "sea_transfer",
        "Plan the sea transfer when the batch reaches the target smolt weight.",
    ),
    ActivityTemplateSpec(
        "Harvest at target weight", "HARVEST", "WEIGHT_THRESHOLD", "harvest",
        "Plan harvest when the mean live weight reaches the harvest target.",
    ),
    ActivityTemplateSpec(
        "Winter signal before smoltification", "OTHER", "DAY_OFFSET", "winter_signal",
        "Start 6 weeks of 12L:12D light in the last weeks of the Parr stage.",
    ),
)  # fmt: skip
"""planning.ActivityTemplate catalogue. Symbolic values are resolved from ``sim.params`` by the
factory: "first_feeding" = first-feeding degree-days / incubation temperature + 14 days;
"winter_signal" = end of Parr (stage table) minus ``WINTER_SIGNAL_DAYS``; "sea_transfer" =
``Biology.sea_transfer_weight_g``; "harvest" = middle of ``HARVEST_TARGET_KG_RANGE``; a stage
name is the STAGE_TRANSITION target."""
