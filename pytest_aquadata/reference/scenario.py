"""Scenario planning: month names, model levels, stage names, the biological constraint set and
the FCR weight bands.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

SMOLT_RELEASE_MONTH = 4
"""Default smolt release (sea transfer) month of a scenario: April (choice; SCHEMA.md §9 example
"Scotland April TGC", release period "April")."""

TEMPERATURE_PROFILE_DAYS = 450
"""Days of a generated temperature profile (SCHEMA.md §9 seed profiles: 450 days)."""

TGC_LEVELS: tuple[str, ...] = ("Remedial", "Standard", "Elite")
"""Sea TGC levels: docs/references.md §1 remedial / average / elite 2.5 / 3.0 / 3.5 [S3][S4] — the low
end of ``sim.params.Biology.tgc_sea``'s range, its default and its high end."""

FCR_LEVELS: tuple[str, ...] = ("Efficient", "Standard", "High")
"""Sea FCR levels: the low end of ``sim.params.Biology.fcr_sea``'s range, its default, and as far
above the default (1.05 / 1.15 / 1.25; docs/references.md §5: ~1.15, 1.1–1.3; good crop bFCR 1.09)."""

SEA_MORTALITY_PCT_PER_MONTH_RANGE = (0.34, 2.81)
"""Regional range of Scottish marine mortality, %/month: docs/references.md §4 [S48]; the "Low" and
"High" scenario mortality models. "Standard" is the mean of ``sim.params.MONTHLY_SEA_MORTALITY_PCT``."""

SCENARIO_STAGES: Mapping[str, str] = MappingProxyType(
    {
        "egg": "Egg&Alevin",
        "alevin": "Egg&Alevin",
        "fry": "Fry",
        "parr": "Parr",
        "smolt": "Smolt",
        "post_smolt": "Post-Smolt",
        "harvest": "Adult",
    }
)
"""scenario lifecycle_stage enum → batch.LifeCycleStage name (SCHEMA.md §16: the scenario enum
splits egg/alevin and says "harvest" for Adult)."""

CONSTRAINT_SET_NAME = "Atlantic Salmon Standard"
CONSTRAINT_SET_DESCRIPTION = (
    "Stage weight windows, optimal temperatures, typical durations and freshwater weight caps "
    "of Atlantic salmon (SCHEMA.md §16 stage table; docs/references.md §2, §3c)."
)

FCR_BAND_START, FCR_BAND_STEP = 0.92, 0.08
"""FCR of the weight bands of an FCR stage override: 0.92 × the stage FCR for the smallest band,
+8 % per band (choice: larger fish convert feed less efficiently)."""
