"""Mortality: event descriptions per cause and the health.MortalityReason tree.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MORTALITY_DESCRIPTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "DISEASE": (
            "Elevated losses; suspected pancreas disease (PD), samples sent to the lab.",
            "Gill disease signs at daily inspection; dead fish removed.",
            "Winter ulcer (Moritella viscosa) losses.",
        ),
        "HANDLING": (
            "Losses after crowding and pumping during transfer.",
            "Handling losses after vaccination.",
            "Losses after mechanical delousing.",
        ),
        "PREDATION": ("Seal attack on the ring net.", "Otter predation at the net edge."),
        "ENVIRONMENTAL": (
            "Low oxygen episode after an algal bloom.",
            "Jellyfish swarm passed the site.",
            "High water temperature.",
        ),
        "UNKNOWN": ("Daily mortality removal; no clinical signs.",),
        "OTHER": ("Culled runts at grading.", "Escapees recaptured dead after net repair."),
    }
)
"""Descriptions per batch.MortalityEvent cause (SCHEMA.md §17 causes; docs/references.md §4, §9)."""

MORTALITY_REASONS: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]] = MappingProxyType(
    {
        "Disease": (
            "Deaths from infectious or non-infectious disease.",
            (
                ("Pancreas disease (PD)", "Salmonid alphavirus infection; pancreas and heart lesions."),
                ("Amoebic gill disease (AGD)", "Paramoeba perurans on the gills."),
                ("Winter ulcer", "Moritella viscosa skin ulcers in cold water."),
                ("Cardiomyopathy syndrome (CMS)", "Piscine myocarditis virus; deaths of large fish."),
                ("Heart and skeletal muscle inflammation (HSMI)", "Piscine orthoreovirus infection."),
                ("Infectious salmon anaemia (ISA)", "Notifiable ISA virus infection."),
                ("Bacterial kidney disease (BKD)", "Renibacterium salmoninarum infection."),
            ),
        ),
        "Handling": (
            "Deaths after handling operations.",
            (
                ("Thermal delousing", "Losses after a warm-water delousing treatment."),
                ("Mechanical delousing", "Losses after flushing/brushing delousing."),
                ("Bath treatment", "Losses after crowding into a tarpaulin bath treatment."),
                ("Crowding and transfer", "Losses after crowding, pumping or transport."),
                ("Vaccination handling", "Losses after anaesthesia and injection."),
            ),
        ),
        "Predation": (
            "Fish killed by predators.",
            (
                ("Seal", "Seal attack through the net."),
                ("Otter", "Otter predation at the net edge."),
                ("Birds", "Bird predation (cormorants, herons)."),
            ),
        ),
        "Environmental": (
            "Deaths caused by water conditions.",
            (
                ("Low oxygen", "Dissolved oxygen below tolerance."),
                ("Harmful algal bloom", "Toxic or gill-damaging phytoplankton bloom."),
                ("Jellyfish", "Gill damage from jellyfish or micro-jellyfish swarms."),
                ("High water temperature", "Heat stress above ~16–18 °C."),
            ),
        ),
        "Unknown": ("Dead fish removed without a diagnosed cause.", ()),
        "Other": (
            "Deliberate culls and other causes.",
            (
                ("Culled runts", "Runts and losers culled at grading."),
                ("Early sexual maturation", "Mature fish culled before harvest."),
                ("Deformities", "Spinal or jaw deformities culled."),
            ),
        ),
    }
)  # fmt: skip
"""health.MortalityReason tree: top-level reasons are the batch.MortalityEvent causes
(``sim.params.MORTALITY_CAUSES``) in words, children the usual diagnoses (docs/references.md §4 and §9
name PD, winter ulcers, jellyfish; the rest is choice)."""

MORTALITY_REASON_BY_CAUSE: Mapping[str, str] = MappingProxyType(
    {
        "DISEASE": "Disease",
        "HANDLING": "Handling",
        "PREDATION": "Predation",
        "ENVIRONMENTAL": "Environmental",
        "UNKNOWN": "Unknown",
        "OTHER": "Other",
    }
)
"""Top-level MortalityReason name for each ``sim.params.MORTALITY_CAUSES`` value."""

REASON_PARENT: Mapping[str, str] = MappingProxyType(
    {child: parent for parent, (_, children) in MORTALITY_REASONS.items() for child, _ in children}
)
"""Group of each diagnosis in ``MORTALITY_REASONS`` ("Seal" → "Predation")."""

REASON_TEXT: Mapping[str, str] = MappingProxyType(
    {
        **{parent: text for parent, (text, _) in MORTALITY_REASONS.items()},
        **{
            child: text
            for _, (_, children) in MORTALITY_REASONS.items()
            for child, text in children
        },
    }
)
"""Description of every reason in ``MORTALITY_REASONS``, groups and diagnoses."""

OUTBREAK_SHARE = 0.001
"""Disease or environmental deaths of one pen in one week reaching 0.1 % of its fish are an
event the farm diagnoses (post-mortem, lab, water log); fewer are background losses recorded
under the group ("Disease", "Environmental") (choice)."""

SEA_DIAGNOSES: tuple[str, ...] = (
    "Pancreas disease (PD)",
    "Amoebic gill disease (AGD)",
    "Heart and skeletal muscle inflammation (HSMI)",
    "Cardiomyopathy syndrome (CMS)",
)
"""The diagnosis of a sea pen's disease outbreaks, one per pen (docs/references.md §4 names PD;
the others are the usual Norwegian fish-health report diseases, choice)."""

WINTER_ULCER_MONTHS: tuple[int, ...] = (12, 1, 2, 3)
"""Months in which a sea outbreak is winter ulcer (Moritella viscosa, cold water; §9)."""

FRESHWATER_DIAGNOSIS = "Bacterial kidney disease (BKD)"
"""The diagnosis of a freshwater outbreak (choice)."""

HANDLING_DIAGNOSIS_BY_TREATMENT: Mapping[str, str] = MappingProxyType(
    {"physical": "Thermal delousing", "medication": "Bath treatment", "vaccination": "Vaccination handling"}
)  # fmt: skip
"""Handling losses in a week with a treatment of the pen, by ``sim.params.TREATMENT_TYPES``."""

TRANSFER_DIAGNOSIS = "Crowding and transfer"
"""Handling losses in the week a pen is filled or emptied."""

PREDATORS: tuple[tuple[str, float], ...] = (("Seal", 0.6), ("Otter", 0.15), ("Birds", 0.25))
"""Predator of a sea pen's predation losses with its share (choice); in freshwater tanks only
birds (open-top tanks)."""

ENVIRONMENTAL_DIAGNOSES_SUMMER: tuple[str, ...] = (
    "Harmful algal bloom",
    "Jellyfish",
    "High water temperature",
    "Low oxygen",
)
"""Environmental losses of a sea pen in June–September, by turn per week across the site (§9
algae, jellyfish, warm water); an environmental event in other months is "Low oxygen"."""

SUMMER_MONTHS: tuple[int, ...] = (6, 7, 8, 9)

OTHER_DIAGNOSES: Mapping[str, str] = MappingProxyType(
    {"freshwater": "Culled runts", "sea": "Early sexual maturation"}
)
"""The diagnosis of other losses by environment (choice: grading culls in tanks, mature fish
culled at sea)."""
