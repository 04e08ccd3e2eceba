"""Fish health: score scales, lab sample types and labs, vaccines, treatments, lice types,
journal texts and lice levels (the numbers the simulation uses are in ``sim.params``).

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class ScoreScale:
    """A health parameter's description and its score labels/meanings, best (0) to worst (3)."""

    description: str
    scores: tuple[tuple[str, str], ...]


HEALTH_PARAMETER_SCALES: Mapping[str, ScoreScale] = MappingProxyType(
    {
        "Gill Health": ScoreScale(
            "Gill filaments and lamellae: colour, mucus, swelling and lesions (amoebic and "
            "complex gill disease).",
            (
                ("Great", "Bright red, intact filaments; no mucus, swelling or patches."),
                ("Fair", "Slight paleness or a few raised mucoid patches on < 10 % of filaments."),
                ("Poor", "Pale gills, clubbed or fused lamellae, patches on 10–50 % of the gill."),
                ("Critical", "Extensive fusion or necrosis on > 50 % of the gill; fish gasping."),
            ),
        ),
        "Eye Condition": ScoreScale(
            "Cornea, lens and orbit: cataract, haemorrhage, exophthalmia, injury.",
            (
                ("Normal", "Clear cornea and lens, eye sits normally in the orbit."),
                ("Mild", "Slight cloudiness or a small haemorrhage in one eye."),
                ("Moderate", "Cataract or exophthalmia in one eye."),
                ("Severe", "Bilateral cataract, ruptured or missing eye."),
            ),
        ),
        "Wounds & Skin": ScoreScale(
            "Skin integrity: scale loss, abrasions, ulcers (winter ulcer), lice damage.",
            (
                ("Intact", "Skin and scale cover intact."),
                ("Minor", "Scale loss or superficial abrasions under 1 cm."),
                ("Moderate", "Open wounds or ulcers up to 3 cm, dermis exposed."),
                ("Severe", "Deep ulcers exposing muscle, or several large wounds."),
            ),
        ),
        "Fin Condition": ScoreScale(
            "Dorsal, caudal and pectoral fins: splitting, erosion, healed damage.",
            (
                ("Intact", "Fins complete with straight rays."),
                ("Mild", "Splitting or slight erosion of the fin margin."),
                ("Moderate", "Erosion up to half of a fin, or thickened healed fins."),
                ("Severe", "Fin largely eroded or missing, active necrosis."),
            ),
        ),
        "Body Condition": ScoreScale(
            "Body shape and nutritional state against the stage's normal condition factor.",
            (
                ("Good", "Well-fed torpedo shape, normal condition factor."),
                ("Slightly thin", "Slightly slender; condition factor at the low end."),
                ("Thin", "Visible backbone and narrow belly."),
                ("Emaciated", "Runt: large head on a thin body, sunken belly."),
            ),
        ),
        "Swimming Behavior": ScoreScale(
            "Swimming and schooling in the tank or pen before crowding.",
            (
                ("Normal", "Active, schooling, swims against the current."),
                ("Slightly lethargic", "Slower than the group, reacts late."),
                ("Abnormal", "Flashing, surface swimming or loss of schooling."),
                ("Moribund", "Loss of balance, lying at the bottom or on the net edge."),
            ),
        ),
        "Appetite/Feeding Response": ScoreScale(
            "Response to feed at the daily meal.",
            (
                ("Strong", "Pellets taken immediately at the surface."),
                ("Moderate", "Some fish ignore the pellets."),
                ("Poor", "Most fish ignore the feed; pellets sink through."),
                ("None", "No feeding response."),
            ),
        ),
        "Mucous Membrane": ScoreScale(
            "Skin mucus layer: amount, consistency and sloughing.",
            (
                ("Normal", "Thin, even mucus layer."),
                ("Slightly increased", "Slightly more mucus than normal."),
                ("Excessive", "Thick or patchy mucus over large areas."),
                ("Sloughing", "Mucus sloughing off, skin exposed."),
            ),
        ),
        "Color & Pigmentation": ScoreScale(
            "Skin colour: silvering, darkening and pale patches (stress and disease signs).",
            (
                ("Normal", "Bright and silvery (smolts and adults) or normal parr marks."),
                ("Slight change", "Slight darkening or paleness."),
                ("Marked change", "Marked darkening or pale patches."),
                ("Severe", "Dark and blotchy all over."),
            ),
        ),
    }
)
"""0–3 score definitions of the ``sim.params.HEALTH_PARAMETERS`` (SCHEMA.md §7: seeded 9
parameters scored 0–3, e.g. Gill 0 Great, 1 Fair, 2 Poor, 3 Critical). Wording: choice, after
common operational welfare indicator schemes (gill, eye, skin, fin, condition scores)."""


def score_text(parameter: str, min_score: int, max_score: int, value: int) -> tuple[str, str]:
    """(label, description) of score ``value`` of a health parameter: its scale's wording, else
    a generic "Score N" on the parameter's ``min_score``–``max_score`` scale."""
    scale = HEALTH_PARAMETER_SCALES.get(parameter)
    index = value - min_score
    if scale is not None and 0 <= index < len(scale.scores):
        return scale.scores[index]
    return (
        f"Score {value}",
        f"{parameter} score {value} on its {min_score}–{max_score} scale.",
    )


@dataclass(frozen=True)
class SampleTypeSpec:
    """A lab sample type: description, analyses, lab findings (negative, positive), results."""

    description: str
    negative: str
    positive: str
    results: Mapping[str, float]


SAMPLE_TYPES: Mapping[str, SampleTypeSpec] = MappingProxyType(
    {
        "Gill swab": SampleTypeSpec(
            "Swab of the gill arches in RNAlater for qPCR: Paramoeba perurans (AGD), salmon "
            "gill poxvirus, Candidatus Branchiomonas cysticola.",
            "qPCR negative for P. perurans and salmon gill poxvirus.",
            "P. perurans detected (AGD); gill score 2 in 6 of 10 fish, freshwater bath advised.",
            MappingProxyType({"paramoeba_perurans_ct": 36.5, "sgpv_ct": 38.0}),
        ),
        "Heart tissue": SampleTypeSpec(
            "Heart ventricle in formalin and RNAlater: histology and qPCR for salmonid "
            "alphavirus (PD), piscine myocarditis virus (CMS) and piscine orthoreovirus (HSMI).",
            "No histopathological findings; SAV, PMCV and PRV not detected.",
            "SAV detected (Ct 24–28); pancreas necrosis consistent with pancreas disease.",
            MappingProxyType({"sav_ct": 37.5, "pmcv_ct": 38.0, "prv_ct": 35.2}),
        ),
        "Kidney tissue": SampleTypeSpec(
            "Head kidney for bacteriology and qPCR: Renibacterium salmoninarum (BKD), ISA "
            "virus, IPN virus.",
            "No bacterial growth; ISAV and IPNV not detected.",
            "Renibacterium salmoninarum detected by qPCR (BKD); granulomas in the kidney.",
            MappingProxyType({"isav_ct": 38.0, "ipnv_ct": 37.0, "r_salmoninarum_ct": 36.0}),
        ),
        "Skin mucus": SampleTypeSpec(
            "Skin mucus scraping for microscopy and culture (Moritella viscosa, "
            "Tenacibaculum spp.).",
            "Normal mucus cells; no pathogenic bacteria cultured.",
            "Moritella viscosa cultured from skin lesions (winter ulcer).",
            MappingProxyType({"bacterial_cfu_per_ml": 1.2e3}),
        ),
        "Blood": SampleTypeSpec(
            "Heparinised blood: haematocrit and plasma chloride (seawater challenge of smolts).",
            "Haematocrit and plasma chloride within normal range; smoltification complete.",
            "Plasma chloride above 150 mmol/L after 24 h seawater challenge: not yet smolted.",
            MappingProxyType({"haematocrit_pct": 42.0, "plasma_chloride_mmol_l": 138.0}),
        ),
        "Water sample": SampleTypeSpec(
            "Rearing water for bacteriology and environmental DNA screening of pathogens.",
            "Total bacteria count normal; no pathogen eDNA detected.",
            "Elevated Vibrio count in the inlet water.",
            MappingProxyType({"total_bacteria_cfu_per_ml": 2.5e3}),
        ),
    }
)
"""health.SampleType rows (SCHEMA.md §7: lab sample types, e.g. skin mucus, water) with their
analyses; Ct values above ~35 mean "not detected" (choice, typical qPCR cut-off)."""

FISH_HEALTH_LABS: tuple[tuple[str, str], ...] = (
    ("PHQ", "PHARMAQ Analytiq"),
    ("PAT", "Patogen"),
    ("FVG", "Fish Vet Group"),
)
"""(reference prefix, name) of commercial fish-health labs used for lab reference ids
(``PHQ-2026-00042``); choice."""

LAB_REPORT_DIR = "health/lab_samples"
"""Where lab reports are filed: the ``upload_to`` of ``HealthLabSample.attachment``."""

LAB_REPORT_FILED_SHARE = 0.85
"""Share of returned lab results whose PDF report is filed with the sample (choice: the rest
are read on the lab's web portal and only typed in)."""


def lab_report_path(year: int, lab_reference: str) -> str:
    """The filed PDF report of a lab sample, by year: ``health/lab_samples/2026/PHQ-….pdf``."""
    return f"{LAB_REPORT_DIR}/{year}/{lab_reference}.pdf"


VACCINES: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        # key: (name, manufacturer, dosage, description)
        "six_component": (
            "ALPHA JECT micro 6",
            "PHARMAQ",
            "0.05 ml",
            "Oil-adjuvanted intraperitoneal vaccine against furunculosis (Aeromonas "
            "salmonicida), vibriosis (Vibrio anguillarum O1, O2a), cold-water vibriosis "
            "(Aliivibrio salmonicida), winter ulcer (Moritella viscosa) and IPN.",
        ),
        "pancreas_disease": (
            "ALPHA JECT micro 1 PD",
            "PHARMAQ",
            "0.05 ml",
            "Inactivated salmonid alphavirus vaccine against pancreas disease (PD).",
        ),
        "isa": (
            "ALPHA JECT micro 1 ISA",
            "PHARMAQ",
            "0.05 ml",
            "Inactivated vaccine against infectious salmon anaemia (ISA).",
        ),
        "pd_dna": (
            "Clynav",
            "Elanco",
            "0.05 ml",
            "Intramuscular DNA plasmid vaccine against pancreas disease (salmonid alphavirus "
            "subtype 3).",
        ),
    }
)
"""Commercial salmon vaccines besides ``sim.params.VACCINE`` (the simulation's multi-component
vaccine), by factory trait; names, makers and doses from the products' labels (choice: docs/references.md
has no vaccination figures)."""

VACCINE_DESCRIPTION = (
    "Multi-component oil-adjuvanted injection vaccine (furunculosis, vibriosis, cold-water "
    "vibriosis, winter ulcer, IPN) given intraperitoneally to smolts before sea transfer."
)
"""Description of ``sim.params.VACCINE``."""


@dataclass(frozen=True)
class TreatmentSpec:
    """Treatment row values for a treatment type not covered by ``sim.params``."""

    treatment_type: str
    description: str
    dosage: str
    duration_days: int
    withholding_period_days: int


OTHER_TREATMENT = TreatmentSpec(
    "other",
    "Freshwater bath against amoebic gill disease (AGD) in the well-boat",
    "3 h in freshwater (< 3 ppt)",
    1,
    0,
)
"""treatment_type "other": a non-medicinal freshwater bath (choice; no withholding period
because no medicine is used). Medication, physical and vaccination treatments come from
``sim.params.LICE_TREATMENTS`` and ``sim.params.VACCINE``."""

LICE_TYPE_DESCRIPTIONS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("Lepeophtheirus salmonis", "copepodid"): "Infective free-swimming stage settling on the fish.",
        ("Lepeophtheirus salmonis", "chalimus"): "Attached juvenile (chalimus I–II) on a frontal filament.",
        ("Lepeophtheirus salmonis", "pre-adult"): "Mobile pre-adult (I–II), moves freely on the fish.",
        ("Lepeophtheirus salmonis", "adult"): "Mobile adult; adult females are what lice limits count.",
        ("Caligus elongatus", "juvenile"): "Attached chalimus stages of Caligus elongatus.",
        ("Caligus elongatus", "adult"): "Mobile adult Caligus elongatus (many hosts, swims between fish).",
        ("Unknown", "juvenile"): "Attached lice not identified to species.",
        ("Unknown", "adult"): "Mobile lice not identified to species (e.g. camera counts).",
    }
)  # fmt: skip
"""Descriptions of the LiceType seed rows (SCHEMA.md §7: L. salmonis ♀/♂ × copepodid/chalimus/
pre-adult/adult; Caligus elongatus ♀/♂ × juvenile/adult; Unknown juvenile, ♀ adult, ♂ adult)."""

CALIGUS = "Caligus elongatus"
UNKNOWN_LICE_SPECIES = "Unknown"

JOURNAL_TEXTS: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        # category: ((description, resolution notes), ...)
        "observation": (
            ("Fish feeding well, even size distribution at daily inspection.", "No action needed."),
            ("Some fish flashing at the surface after the morning meal.", "Lice count brought forward; nothing found."),
        ),
        "issue": (
            ("Reduced appetite in the pen since yesterday; oxygen 68 % at 5 m.", "Oxygenation started; appetite back after two days."),
            ("Increased daily mortality (0.05 %/day) with pale gills in dead fish.", "Gill swabs sent; AGD confirmed and treated."),
        ),
        "action": (
            ("Net cleaning and mooring inspection carried out.", "Completed without fish losses."),
            ("Feeding stopped 24 h before crowding for treatment.", "Feeding resumed after treatment."),
        ),
        "diagnosis": (
            ("Vet visit: gill score 2 in 6 of 10 fish, amoebic gill disease suspected.", "AGD confirmed by qPCR; freshwater bath scheduled."),
            ("Heart lesions at post-mortem; pancreas disease suspected.", "SAV confirmed; reported to the competent authority."),
        ),
        "treatment": (
            ("Thermal delousing of the pen, 34 °C for 30 s.", "Lice reduced by ~90 %; handling losses within normal range."),
            ("Bath treatment against mobile lice under tarpaulin.", "Withholding period recorded; follow-up count in 7 days."),
        ),
        "vaccination": (
            ("Smolts vaccinated intraperitoneally after 48 h starvation.", "Vaccination completed; fish feeding again next day."),
        ),
        "sample": (
            ("Health sampling of 20 fish for gill and skin scores.", "Samples scored; results in the health log."),
            ("Gill swabs and heart tissue taken for the lab.", "Lab results received and filed."),
        ),
    }
)  # fmt: skip
"""Journal entry texts by health.JournalEntry category (``sim.params.JOURNAL_CATEGORIES``);
choice, after typical fish-health log entries (docs/references.md §4, §6)."""

LICE_LEVEL_BELOW_LIMIT = (0.1, 0.8)
LICE_LEVEL_ABOVE_LIMIT = (1.2, 2.5)
"""Adult females per fish of a generated lice count as a fraction of the geography's limit
(``sim.params.GEOGRAPHIES[...].lice_limits``): a normal count, and one that triggers treatment
(choice; docs/references.md §6 SC averages 0.34–0.61, some regions > 3 in Q4 2017)."""

LAB_TURNAROUND_DAYS = (3, 10)
"""Days from sending a lab sample to receiving results (choice)."""
