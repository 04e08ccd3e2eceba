"""Free-text notes a farm's staff write on events: short phrase lists per kind of record.

Django-free. Builders pick a phrase with their seeded rng for a minority of rows (the share is
chosen by the builder and documented where it is used), so notes read like a farm's own log.
"""

from __future__ import annotations

from collections.abc import Sequence

NOTES: dict[str, tuple[str, ...]] = {}
"""Phrase lists by kind of record (e.g. ``"feeding"``); each builder adds its own kinds."""


def phrases(kind: str) -> tuple[str, ...]:
    """The phrases of one kind of note, or KeyError naming the kinds there are."""
    try:
        return NOTES[kind]
    except KeyError:
        raise KeyError(f"no notes of kind {kind!r}; kinds: {', '.join(sorted(NOTES))}") from None


def pick(kind: str, draws: Sequence[float]) -> list[str]:
    """One phrase per draw in [0, 1): a deterministic choice for seeded uniform draws."""
    options = phrases(kind)
    return [options[min(int(u * len(options)), len(options) - 1)] for u in draws]


# Batch workflows, transfers and samples (rows/batch.py, rows/mixing.py).
NOTES.update(
    {
        # BatchTransferWorkflow.notes: the planner's remarks on a transfer.
        "transfer_workflow": (
            "Starve fish 48 h before transfer.",
            "Well boat booked; crew briefed on grading.",
            "Move the largest tanks first.",
            "Vaccination status checked before moving.",
            "Receiving units washed and disinfected.",
            "Keep water temperature difference under 2 °C.",
            "Transfer in daylight only.",
            "Counting by pump counter, check against tank estimate.",
        ),
        # BatchTransferWorkflow.cancellation_reason: why a planned transfer was called off.
        "transfer_cancellation": (
            "Well boat unavailable.",
            "Lice treatment scheduled first.",
            "Storm forecast, transfer postponed.",
            "Receiving pens not ready.",
            "Fish below target weight, wait for growth.",
            "Low oxygen at the receiving site.",
            "Health check pending (gill score).",
            "Replanned with a new workflow after route change.",
        ),
        # BatchCreationWorkflow.cancellation_reason: why an egg order was called off.
        "creation_cancellation": (
            "Supplier short of eyed eggs this season.",
            "Eggs failed disease screening at supplier.",
            "Enough eggs received in the first deliveries.",
            "Hatchery trays fully booked.",
            "Transport slot lost, order cancelled.",
        ),
        # BatchCreationWorkflow.notes: remarks on an egg order.
        "creation_workflow": (
            "Eyed eggs, disinfected on arrival.",
            "Delivery split over several days to spread tray load.",
            "Supplier health certificate received.",
            "Eggs from this season's first stripping.",
            "Incubation water at 6 °C on arrival.",
        ),
        # CreationAction.notes: remarks on one egg delivery.
        "creation_action": (
            "Boxes arrived cold and intact.",
            "Two boxes slightly warm on arrival.",
            "Eggs counted by weight.",
            "Some white eggs picked out on arrival.",
            "Delivery late by a few hours.",
        ),
        # GrowthSample.notes: remarks from a weighing.
        "growth_sample": (
            "Fish slow to feed after handling.",
            "Good size uniformity.",
            "Several fish with fin damage.",
            "Some pale gills seen, vet informed.",
            "A few runts in the sample.",
            "Sample taken before feeding.",
            "Fish in good condition.",
        ),
        # TransferAction.notes: remarks on one move.
        "transfer_action": (
            "Pump stopped briefly, restarted.",
            "Fish calm during crowding.",
            "Some scale loss seen at the outlet.",
            "Crowding took longer than planned.",
            "Counter checked against tank estimate.",
        ),
        # TransferAction.measured_notes: how the transfer sample was weighed.
        "transfer_measurement": (
            "Weighed from the crowd before pumping.",
            "Sample taken from the first net haul.",
            "Fish anaesthetised for weighing.",
            "Weighed on the boat's grader.",
            "Sample from the pump outlet.",
        ),
    }
)


# Readings and feeding (rows/environment.py, rows/inventory.py).
NOTES.update(
    {
        # EnvironmentalReading.notes: an operator's remark on a reading taken by hand.
        "manual_reading": (
            "Handheld meter check on the daily round; sensor agrees.",
            "Spot check before first feeding.",
            "Sensor reading looked off, checked by hand.",
            "Sensor out for calibration, read by hand.",
            "Checked after fish looked sluggish.",
            "Measured again after cleaning the probe.",
            "Spot check during net/tank inspection.",
            "Reading taken at the inlet side.",
        ),
        # FeedingEvent.notes: a feeder's remark on a meal (any unit).
        "feeding": (
            "Good feed response.",
            "Fish feeding actively at the surface.",
            "Feeding stopped early, fish satiated.",
            "Some waste pellets seen, ration trimmed.",
            "Feed response slower than usual.",
            "Feeder blocked briefly, cleared.",
            "Meal delayed by routine inspection.",
            "Pellets sinking past the fish, reduced rate.",
        ),
        # FeedingEvent.notes: remarks from a sea pen.
        "feeding_sea": (
            "Feeding reduced in rough weather.",
            "Strong current, pellets drifting out of the pen.",
            "Camera showed good appetite at depth.",
            "Birds over the pen during feeding.",
            "Feed barge delivery late, meal shortened.",
            "Seals near the pen, fish stayed deep.",
        ),
        # FeedingEvent.notes: the first days after fish were moved or handled.
        "feeding_after_handling": (
            "Appetite reduced after handling.",
            "Fish slow to feed after transfer.",
            "Reduced ration while the fish settle.",
            "Weak feed response after the move.",
            "Uneaten pellets after transfer, ration cut.",
        ),
    }
)


# Finance month-end (rows/valuation.py, rows/accounting.py).
NOTES.update(
    {
        # PeriodLock.reopen_reason: why the finance controller reopened a closed month.
        "period_reopen": (
            "Late feed invoice from the supplier to be posted.",
            "Well-boat hire for the month invoiced after the close.",
            "Vet and lab invoice received after the month-end close.",
            "Credit note for returned feed to be posted.",
            "Late energy invoice for the site to be posted.",
        ),
        # BudgetEntry.notes: lice treatments budgeted at the summer lice peak (sea sites).
        "budget_lice_peak": (
            "Bath treatments planned at the summer lice peak.",
            "Extra freshwater treatment budgeted for peak lice season.",
        ),
        # BudgetEntry.notes: net and mooring work (sea sites).
        "budget_net_service": (
            "Net change and mooring inspection planned.",
            "Nets to the service station for washing and repair.",
        ),
        # BudgetEntry.notes: energy in the cold months (freshwater stations).
        "budget_winter_energy": (
            "Heating of intake water in the cold months.",
            "Higher oxygen use expected with the winter smolt intake.",
        ),
    }
)
