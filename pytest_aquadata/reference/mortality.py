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
