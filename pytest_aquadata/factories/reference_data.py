"""Reference values the factories need that ``pytest_aquadata.sim.params`` does not hold (yet).

Biology (stages, weights, container kinds, feeds, water quality, TGC, FCR) is read from
``sim.params``; this module only adds what the simulation core has no use for: the physical
layout and naming of the legacy farm (LEGACY_GENERATOR.md §2), real sea-site and station
coordinates, structural and transport container types, sensor probes, and the wording of
descriptions. Every number cites its source; "choice" marks a modelling choice.

Candidates for ``sim.params`` (numbers the core may want one day) are marked ``[→ sim.params]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# ---------------------------------------------------------------------------------------------
# Geographies and their legacy name prefixes (LEGACY_GENERATOR.md §2).
# ---------------------------------------------------------------------------------------------

SITE_PREFIX: Mapping[str, str] = MappingProxyType({"Scotland": "S", "Faroe Islands": "FI"})
"""Name prefix per geography: stations ``S-FW-01`` / ``FI-FW-01``, areas ``S-SEA-01`` /
``FI-SEA-01``, batches ``FI-2026-001`` (LEGACY_GENERATOR.md §2, §1 step 3)."""

GEOGRAPHY_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "Faroe Islands": (
            "Faroe Islands: sea sites in the fjords and sounds of Eysturoy, Streymoy, Vágar, "
            "the northern isles and Suðuroy; freshwater stations inland on Eysturoy and Streymoy."
        ),
        "Scotland": (
            "Scotland: sea sites in the west-coast sea lochs and around the Western Isles; "
            "freshwater hatcheries and smolt units in the Highlands."
        ),
    }
)

PHONE_FORMATS: Mapping[str, str] = MappingProxyType(
    {"FO": "+298 ## ## ##", "SC": "+44 7### ######", "ALL": "+44 7### ######"}
)
"""Phone number formats by RBAC geography code (Faroese 6-digit numbers; UK mobiles)."""

# ---------------------------------------------------------------------------------------------
# Area groups and sea sites (LEGACY_GENERATOR.md §2; coordinates of real fjords and sea lochs).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaGroupSpec:
    """One area group of the legacy tree: name, code, parent name, weight, sea sites."""

    name: str
    code: str
    parent: str | None
    weight: int
    sites: tuple[tuple[str, float, float], ...]


AREA_GROUPS: Mapping[str, tuple[AreaGroupSpec, ...]] = MappingProxyType(
    {
        # Root "{geo} Marine", then groups; areas are spread over the weighted leaf groups by
        # largest remainder (LEGACY_GENERATOR.md §2: Scotland 6/2/1/3/2/2/4 of 20, Faroe 7/4/11
        # of 22). Site coordinates are the real fjords / sea lochs (approximate, WGS84).
        "Scotland": (
            AreaGroupSpec("Scotland Marine", "SCO", None, 0, ()),
            AreaGroupSpec(
                "LOCH FYNE",
                "LFY",
                "Scotland Marine",
                10,
                (
                    ("Loch Fyne (Furnace)", 56.152, -5.178),
                    ("Loch Fyne (Ardcastle)", 56.090, -5.263),
                    ("Loch Fyne (Otter Ferry)", 56.020, -5.335),
                    ("Loch Fyne (Portavadie)", 55.880, -5.320),
                    ("Loch Fyne (Strachur)", 56.168, -5.090),
                    ("Loch Fyne (Tarbert)", 55.868, -5.410),
                ),
            ),
            AreaGroupSpec("LEWIS", "LEW", "Scotland Marine", 0, ()),
            AreaGroupSpec(
                "LEWIS North",
                "LEW-N",
                "LEWIS",
                3,
                (("Loch Roag", 58.220, -6.850), ("Loch Erisort", 58.118, -6.440)),
            ),
            AreaGroupSpec(
                "LEWIS South",
                "LEW-S",
                "LEWIS",
                2,
                (("Loch Seaforth", 58.010, -6.640), ("Loch Shell", 57.995, -6.490)),
            ),
            AreaGroupSpec(
                "HARRIS",
                "HAR",
                "Scotland Marine",
                5,
                (
                    ("East Loch Tarbert", 57.893, -6.760),
                    ("West Loch Tarbert", 57.905, -6.870),
                    ("Loch Grosebay", 57.835, -6.730),
                ),
            ),
            AreaGroupSpec(
                "BENBECULA",
                "BEN",
                "Scotland Marine",
                3,
                (("Loch Carnan", 57.370, -7.280), ("Loch Eynort", 57.230, -7.300)),
            ),
            AreaGroupSpec(
                "SKYE AND MAINLAND",
                "SKM",
                "Scotland Marine",
                4,
                (
                    ("Loch Snizort", 57.520, -6.400),
                    ("Loch Ainort", 57.280, -6.020),
                    ("Loch Torridon", 57.560, -5.750),
                    ("Loch Ewe", 57.810, -5.620),
                ),
            ),
            AreaGroupSpec(
                "STRIVEN,ARRAN,MULL,GIGHA",
                "SAMG",
                "Scotland Marine",
                8,
                (
                    ("Loch Striven", 55.950, -5.060),
                    ("Lamlash Bay", 55.530, -5.100),
                    ("Loch Spelve", 56.390, -5.750),
                    ("Sound of Gigha", 55.680, -5.730),
                ),
            ),
        ),
        "Faroe Islands": (
            AreaGroupSpec("Faroe Islands Marine", "FAR", None, 0, ()),
            AreaGroupSpec(
                "North",
                "FAR-N",
                "Faroe Islands Marine",
                8,
                (
                    ("Hvannasund", 62.290, -6.520),
                    ("Árnafjørður", 62.258, -6.548),
                    ("Borðoyarvík", 62.230, -6.560),
                    ("Funningsfjørður", 62.270, -6.950),
                    ("Fuglafjørður", 62.240, -6.800),
                    ("Gøtuvík", 62.190, -6.720),
                    ("Skálafjørður", 62.160, -6.800),
                ),
            ),
            AreaGroupSpec(
                "South",
                "FAR-S",
                "Faroe Islands Marine",
                4,
                (
                    ("Trongisvágsfjørður", 61.560, -6.820),
                    ("Vágsfjørður", 61.470, -6.790),
                    ("Hvalba", 61.600, -6.930),
                    ("Fámjin", 61.525, -6.870),
                ),
            ),
            AreaGroupSpec(
                "West",
                "FAR-W",
                "Faroe Islands Marine",
                13,
                (
                    ("Vestmanna", 62.150, -7.170),
                    ("Sundalagið", 62.220, -7.050),
                    ("Kaldbaksfjørður", 62.070, -6.850),
                    ("Kollafjørður", 62.110, -6.900),
                    ("Sørvágsfjørður", 62.070, -7.350),
                    ("Miðvágur", 62.050, -7.190),
                    ("Hestfjørður", 61.970, -6.900),
                    ("Skopunarfjørður", 61.920, -6.880),
                ),
            ),
        ),
    }
)
"""Area-group tree per geography, root first and parents before children (13 groups in all,
LEGACY_GENERATOR.md §2). ``weight`` 0 marks a group that takes no areas itself."""

STATION_SITES: Mapping[str, tuple[tuple[str, float, float], ...]] = MappingProxyType(
    {
        "Faroe Islands": (
            ("Glyvradalur", 62.140, -6.740),
            ("Norðtoftir", 62.250, -6.600),
            ("Fossá", 62.180, -6.980),
            ("Kaldbak", 62.065, -6.950),
            ("Lopra", 61.440, -6.770),
            ("Gjógv", 62.300, -6.930),
        ),
        "Scotland": (
            ("Lairg", 58.020, -4.400),
            ("Inchmore", 57.350, -5.560),
            ("Fort William", 56.830, -5.100),
            ("Fort Augustus", 57.150, -4.680),
            ("Golspie", 57.970, -3.980),
            ("Kinlochleven", 56.710, -4.960),
        ),
    }
)
"""Inland places of the freshwater stations (real places near hatchery sites, approximate)."""

SITE_JITTER_DEG = 0.02
"""Stations and areas sit within ±0.02° of their site so that neighbours differ (choice)."""

AREA_MAX_BIOMASS_KG = 5_000_000
"""Licence (max biomass) of a sea area: 5 000 t (LEGACY_GENERATOR.md §2 sea areas)."""

HALL_AREA_SQM = 1000
"""Floor area of a hall: 1000 m² (LEGACY_GENERATOR.md §2: 5 halls per station, 1000 m²)."""

HALL_LETTERS: Mapping[str, str] = MappingProxyType(
    {"Egg&Alevin": "A", "Fry": "B", "Parr": "C", "Smolt": "D", "Post-Smolt": "E"}
)
"""Hall per freshwater stage: halls A–E (SCHEMA.md §3 Hall seed convention, §16)."""

EGG_HALL_SILO_KG = 5000
"""Silo of hall A (Egg&Alevin): 5 t (LEGACY_GENERATOR.md §2 silo capacities A 5 t … E 30 t);
``sim.params`` has no hall-A silo because Egg&Alevin is not fed. [→ sim.params]"""

BARGES_PER_AREA = 3
"""Feed barges per sea area in the full legacy layout (LEGACY_GENERATOR.md §2 ``Barge-1..3``)."""

# ---------------------------------------------------------------------------------------------
# Container types that hold no growing stage: the rack and transport tanks.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContainerTypeSpec:
    """A container type not in ``sim.params.CONTAINER_KINDS``."""

    name: str
    category: str
    volume_m3: float
    max_density_kg_m3: float
    description: str


RACK_TYPE = ContainerTypeSpec(
    "Incubation Rack",
    "OTHER",
    20.0,
    0.0,
    "Structural rack holding incubation trays; holds no fish itself.",
)
"""SCHEMA.md §3 seeded type (OTHER, 20 m³, structural); racks hold no fish (max biomass 0)."""

TRUCK_TANK_TYPE = ContainerTypeSpec(
    "Transport Tanks-Truck",
    "TANK",
    10.0,
    60.0,
    "Oxygenated live-fish tank on a smolt transport truck.",
)
"""Truck tank: 10 m³ (choice: a live-fish truck carries ~30 m³ in three tanks); density ≤ 60
kg/m³ as parr/smolt tanks (BIOLOGY.md §7, RoT). [→ sim.params]"""

WELLBOAT_HOLD_TYPE = ContainerTypeSpec(
    "Well-boat Holds",
    "TANK",
    1500.0,
    60.0,
    "Seawater well of a well-boat used for smolt transfer and live harvest transport.",
)
"""Well-boat well: 1500 m³ (choice: a 3000 m³ well-boat with two wells); density ≤ 60 kg/m³
(BIOLOGY.md §7 parr/smolt 30–60, RoT). [→ sim.params]"""

TRUCK_TANKS = 3
WELLBOAT_HOLDS = 2
"""Tanks per truck and wells per well-boat (choice, see the two types above)."""

VESSEL_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Faroe Islands": ("Havørn", "Norðlýsið", "Tjaldur", "Streymur", "Lómur", "Skarvur"),
        "Scotland": ("Ailsa Craig", "Kerrera", "Ulva", "Eriskay", "Scalpay", "Shuna"),
    }
)
"""Well-boat names (fictional, in the style of the region)."""

# ---------------------------------------------------------------------------------------------
# Sensors: one probe per measured quantity (LEGACY_GENERATOR.md §2: 7 per freshwater
# container, 4 per sea ring; 11 060 in the full layout).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensorProbe:
    """A probe: label used in the sensor name, Sensor.sensor_type, serial code, maker."""

    label: str
    sensor_type: str
    code: str
    manufacturer: str
    parameters: tuple[str, ...]


SENSOR_PROBES: Mapping[str, SensorProbe] = MappingProxyType(
    {
        p.label: p
        for p in (
            SensorProbe("Temperature", "TEMPERATURE", "TMP", "OxyGuard", ("Temperature",)),
            SensorProbe(
                "Dissolved Oxygen",
                "OXYGEN",
                "DOX",
                "OxyGuard",
                ("Dissolved Oxygen", "Oxygen Saturation"),
            ),
            SensorProbe("pH", "PH", "PHX", "Hach", ("pH",)),
            SensorProbe("CO2", "CO2", "CO2", "OxyGuard", ("CO2",)),
            SensorProbe("NH4", "OTHER", "NH4", "Hach", ("Ammonia",)),
            SensorProbe("NO2", "OTHER", "NO2", "Hach", ("Nitrite",)),
            SensorProbe("NO3", "OTHER", "NO3", "Hach", ("Nitrate",)),
            SensorProbe("Salinity", "SALINITY", "SAL", "Aanderaa", ("Salinity",)),
        )
    }
)
"""Probes by label (LEGACY_GENERATOR.md §2 sensor list; real aquaculture probe makers).
``parameters`` are the ``sim.params.ENV_PARAMETERS`` names the probe reads."""

FRESHWATER_PROBES: tuple[str, ...] = (
    "Temperature",
    "Dissolved Oxygen",
    "pH",
    "CO2",
    "NH4",
    "NO2",
    "NO3",
)
SEA_PROBES: tuple[str, ...] = ("Temperature", "Dissolved Oxygen", "pH", "Salinity")
"""Probes per freshwater container (7) and per sea ring (4), LEGACY_GENERATOR.md §2."""

SENSOR_CALIBRATION_DAYS = 180
"""Probes are calibrated at least every 180 days (choice)."""

# ---------------------------------------------------------------------------------------------
# Lifecycle stage wording and lengths.
# ---------------------------------------------------------------------------------------------

STAGE_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "Egg&Alevin": "Eyed eggs and yolk-sac alevins in incubation trays (hall A), not fed.",
        "Fry": "First-feeding fry in small tanks (hall B) on starter feed.",
        "Parr": "Parr in medium tanks (hall C), growing towards smoltification.",
        "Smolt": "Smolts in large tanks (hall D), vaccinated before sea transfer.",
        "Post-Smolt": "Post-smolts in pre-transfer tanks (hall E), grown on to transfer size.",
        "Adult": "Grow-out in sea rings until harvest.",
    }
)

EGG_ALEVIN_LENGTH_CM = (0.60, 2.90)
"""Egg&Alevin length range: egg diameter ~6 mm to first-feeding length 2.8–2.9 cm (BIOLOGY.md
§2 [S14]); later stages derive length from weight and ``sim.params.CONDITION_FACTOR``."""

# ---------------------------------------------------------------------------------------------
# Species.
# ---------------------------------------------------------------------------------------------

SCIENTIFIC_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "Atlantic Salmon": "Salmo salar",
        "Rainbow Trout": "Oncorhynchus mykiss",
        "Arctic Char": "Salvelinus alpinus",
        "Lumpfish": "Cyclopterus lumpus",
        "Ballan Wrasse": "Labrus bergylta",
    }
)
"""Species the factories know by name (SCHEMA.md §5 seed: Atlantic Salmon / Salmo salar;
lumpfish and wrasse are the cleaner fish used against sea lice)."""

SALMON = "Atlantic Salmon"

# ---------------------------------------------------------------------------------------------
# Batches, eggs, workflows.
# ---------------------------------------------------------------------------------------------

EGGS_PER_BATCH = (3_000_000, 3_800_000)
"""Eggs per batch: U(3.0 M, 3.8 M) (LEGACY_GENERATOR.md §1 orchestrator); BIOLOGY.md §7 example
batch 3.5 M eggs."""

EGG_COST_PER_THOUSAND = (150.0, 220.0)
"""Price of 1000 external eggs, EUR/GBP (choice: BIOLOGY.md has no egg prices)."""

EGG_DOA_FRACTION = (0.0, 0.005)
"""Dead-on-arrival share of a delivery (choice; legacy used 0)."""

WORKFLOW_ACTIONS = 3
"""Actions created for a completed or in-progress workflow when the batch has no assignments
to move (choice: small, a factory builds single entities; the sim builds whole batches)."""

TRANSFER_DURATION_MINUTES = (45, 240)
"""Duration of one transfer action (choice)."""

# ---------------------------------------------------------------------------------------------
# Mortality, users, weather.
# ---------------------------------------------------------------------------------------------

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
"""Descriptions per batch.MortalityEvent cause (SCHEMA.md §17 causes; BIOLOGY.md §4, §9)."""

JOB_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "ADMIN": "System Administrator",
        "MGR": "Site Manager",
        "OPR": "Fish Farm Operator",
        "SHIP_CREW": "Well-boat Crew",
        "VET": "Fish Health Veterinarian",
        "QA": "Quality Assurance Officer",
        "FIN": "Financial Controller",
        "VIEW": "Production Analyst",
    }
)
DEPARTMENTS: Mapping[str, str] = MappingProxyType(
    {
        "BS": "Broodstock",
        "FW": "Freshwater",
        "FM": "Farming",
        "LG": "Logistics",
        "ALL": "Head Office",
    }
)
"""Job title by UserProfile.role; department by UserProfile.subsidiary (SCHEMA.md §2 enums)."""

EMAIL_DOMAIN = "aquafarm.example"

WEATHER = MappingProxyType(
    {
        # air − sea temperature offset range °C, mean wind m/s, mean significant wave height m
        "Faroe Islands": (-3.0, 1.0, 9.0, 2.2),
        "Scotland": (-3.0, 2.0, 7.0, 1.3),
    }
)
"""Weather draws per geography (choice: BIOLOGY.md has no weather; air temperature follows the
sea surface temperature of ``sim.params.GEOGRAPHIES`` within the offset range)."""

FEED_LOT_KG = (5_000, 25_000)
"""Size of one feed delivery, kg (choice: a truckload; silos hold 5–30 t and barges 50 t,
LEGACY_GENERATOR.md §2). [→ sim.params]"""

SUMMARY_PERIOD_DAYS = 30
"""Period of a container or batch feeding summary: the reference's 30-day FCR window
(LEGACY_GENERATOR.md §6 "30-day FCR window")."""


# =============================================================================================
# Part B: health, broodstock, scenario, planning, harvest, finance, finance_core.
# Numbers the simulation core also uses (health parameter names, score probabilities, lice
# types, treatments, the vaccine, grades, yields, TGC, FCR, mortality) are read from
# ``sim.params``; this section holds only the wording and the numbers the core has no use for.
# =============================================================================================

# ---------------------------------------------------------------------------------------------
# Health: score scales, lab samples, vaccines, treatments, lice, mortality reasons, journal.
# ---------------------------------------------------------------------------------------------


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
vaccine), by factory trait; names, makers and doses from the products' labels (choice: BIOLOGY.md
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
(``sim.params.MORTALITY_CAUSES``) in words, children the usual diagnoses (BIOLOGY.md §4 and §9
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
choice, after typical fish-health log entries (BIOLOGY.md §4, §6)."""

# ---------------------------------------------------------------------------------------------
# Broodstock.
# ---------------------------------------------------------------------------------------------

BROODSTOCK_WEIGHT_KG = (4.5, 8.0)
"""Weight of a broodstock fish, kg (choice: BIOLOGY.md has no broodstock weight; kept so that
fecundity stays at or below ~10 000 eggs per female, §2 [S15])."""

EGGS_PER_KG_FEMALE = (1100, 1300)
"""Eggs stripped per kg of female: BIOLOGY.md §2 "> 1 000 eggs per kg female; up to ~10 000 per
female" (Salmon Scotland [S15]); range is a choice above that floor."""

BROODSTOCK_YEAR_CLASS_AGE = (3, 5)
"""Age of broodstock at spawning, years (choice; §2 egg → harvest ≈ 3 y, broodstock are kept
longer to maturity)."""

SPAWNING_START = (10, 15)
SPAWNING_DAYS = 105
"""A breeding plan's season starts on 15 October and lasts 105 days, to the end of January
(choice: Atlantic salmon spawn in late autumn–winter; BIOLOGY.md has no spawning dates)."""

BREEDING_TRAIT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"growth_rate": 0.8, "disease_resistance": 0.7, "size": 0.5, "fertility": 0.4}
)
"""Default priority weight per broodstock.BreedingTraitPriority trait (choice)."""

BREEDING_TEXTS = MappingProxyType(
    {
        "objectives": (
            "Improve growth to harvest and sea-lice resistance while keeping inbreeding below "
            "1 % per generation; select for late maturation."
        ),
        "geneticist_notes": (
            "Use genomic breeding values (growth, lice count, PD/IPN QTL markers); avoid pairing "
            "full and half sibs; at most 3 females per male."
        ),
        "breeder_instructions": (
            "Strip mature females at ovulation, fertilise with milt of the planned male within "
            "10 min, disinfect eggs (iodophor) and record family number on each tray."
        ),
    }
)
"""Texts of a broodstock.BreedingPlan (choice)."""

MAINTENANCE_NOTES: Mapping[str, str] = MappingProxyType(
    {
        "cleaning": "Tank wall and bottom cleaning, drain screens rinsed.",
        "repair": "Replace worn inlet valve and check the oxygen diffuser.",
        "inspection": "Quarterly inspection of water flow, oxygen probes and alarms.",
        "upgrade": "Install LED lighting for photoperiod control.",
    }
)
"""broodstock.MaintenanceTask notes per task type (choice)."""


@dataclass(frozen=True)
class EggSupplierSpec:
    """An external egg supplier: name, town and country, genotype sold, contact mailbox."""

    name: str
    place: str
    genotype: str
    mailbox: str


EGG_SUPPLIERS: tuple[EggSupplierSpec, ...] = (
    EggSupplierSpec("AquaGen AS", "Trondheim, Norway", "AquaGen Atlantic (QTL-innOva IPN/PD)", "aquagen"),
    EggSupplierSpec("Benchmark Genetics Norway AS", "Bergen, Norway", "SalmoBreed", "benchmark-no"),
    EggSupplierSpec("Benchmark Genetics Iceland", "Vogar, Iceland", "StofnFiskur", "benchmark-is"),
    EggSupplierSpec("Landcatch (Hendrix Genetics)", "Ormsary, Argyll, Scotland", "Landcatch", "landcatch"),
)  # fmt: skip
"""broodstock.EggSupplier rows: the main commercial suppliers of Atlantic-salmon eggs; contact
details are fictional (``@<mailbox>.example``). SCHEMA.md §9 names AquaGen and SalmoBreed."""

EGG_SUPPLIER_CERTIFICATIONS = (
    "ISO 9001:2015; ASC and GLOBALG.A.P. certified; officially free of ISA, PD, BKD and IPN "
    "(competent-authority health certificate with each shipment); eggs iodophor-disinfected."
)

# ---------------------------------------------------------------------------------------------
# Scenario.
# ---------------------------------------------------------------------------------------------

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
"""Sea TGC levels: BIOLOGY.md §1 remedial / average / elite 2.5 / 3.0 / 3.5 [S3][S4] — the low
end of ``sim.params.Biology.tgc_sea``'s range, its default and its high end."""

FCR_LEVELS: tuple[str, ...] = ("Efficient", "Standard", "High")
"""Sea FCR levels: the low end of ``sim.params.Biology.fcr_sea``'s range, its default, and as far
above the default (1.05 / 1.15 / 1.25; BIOLOGY.md §5: ~1.15, 1.1–1.3; good crop bFCR 1.09)."""

SEA_MORTALITY_PCT_PER_MONTH_RANGE = (0.34, 2.81)
"""Regional range of Scottish marine mortality, %/month: BIOLOGY.md §4 [S48]; the "Low" and
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
    "of Atlantic salmon (SCHEMA.md §16 stage table; BIOLOGY.md §2, §3c)."
)

# ---------------------------------------------------------------------------------------------
# Planning.
# ---------------------------------------------------------------------------------------------

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
"""planning.PlannedActivity notes per activity type (choice; BIOLOGY.md §8 winter signal)."""


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

# ---------------------------------------------------------------------------------------------
# Harvest.
# ---------------------------------------------------------------------------------------------

PRODUCT_GRADE_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "SUPERIOR": "Top quality: no external faults, correct shape and colour (NBS 10-01).",
        "ORDINARY": "Minor external faults (small wounds, deformities, bruises) (NBS 10-01).",
        "PRODUCTION": (
            "Serious faults (ulcers, deformities, maturation); for processing only, not "
            "exported from Norway without correction (NBS 10-01)."
        ),
    }
)
"""harvest.ProductGrade descriptions (BIOLOGY.md §9 grades, NBS 10-01 [S101][S102])."""

# ---------------------------------------------------------------------------------------------
# Finance and finance_core.
# ---------------------------------------------------------------------------------------------

COMPANY_BRAND = "AquaFarm"
"""Fictional group name of the finance companies ("AquaFarm Faroe Islands Farming")."""

CURRENCY_BY_GEOGRAPHY: Mapping[str, str] = MappingProxyType(
    {"Faroe Islands": "DKK", "Scotland": "GBP"}
)
"""Company currency: the Faroese króna is at par with DKK (ISO code DKK); Scotland GBP
(SCHEMA.md §13 seed prices in EUR with DKK/GBP variants)."""

EUR_RATES: Mapping[str, float] = MappingProxyType({"EUR": 1.0, "DKK": 7.46, "GBP": 0.85})
"""Units of currency per EUR (choice: DKK ERM II central rate 7.46; GBP approximate)."""

TRANSFER_PRICE_EUR_PER_KG: Mapping[str, float] = MappingProxyType(
    {"Parr": 8.50, "Smolt": 12.50, "Post-Smolt": 15.00, "Adult": 15.00}
)
"""Intercompany lifecycle prices, EUR/kg: SCHEMA.md §13 seed placeholders (Parr 8.50, Smolt
12.50, Post-Smolt 15.00); Adult (transfer into sea) priced as Post-Smolt (choice)."""

HARVEST_PRICE_EUR_PER_KG: Mapping[str, float] = MappingProxyType(
    {"SUPERIOR": 7.50, "ORDINARY": 6.70, "PRODUCTION": 5.20}
)
"""Intercompany harvest prices per kg gutted weight by grade, EUR (choice: BIOLOGY.md has no
prices; ordinary and production grades sell at a discount to superior)."""

COST_PLUS_MARKUP_PCT = 5.0
"""Markup of cost-plus intercompany policies, % (choice)."""

NAV_ACCOUNTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "grade": ("3010", "1610"),
        "lifecycle": ("3020", "1610"),
        "egg_delivery": ("3030", "1610"),
    }
)
"""NAV (account, balancing account) per pricing basis: intercompany revenue accounts and the
intercompany receivable, matching ``ACCOUNTS`` below (choice)."""


@dataclass(frozen=True)
class AccountGroupSpec:
    """A chart-of-accounts group: code, name, type, NAV cost group, parent code, order."""

    code: str
    name: str
    account_type: str
    cost_group: str | None
    parent: str | None
    display_order: int


ACCOUNT_GROUPS: tuple[AccountGroupSpec, ...] = (
    AccountGroupSpec("4000", "Production costs", "EXPENSE", None, None, 40),
    AccountGroupSpec("4100", "Feed", "EXPENSE", "FEED", "4000", 41),
    AccountGroupSpec("4200", "Eggs and smolt", "EXPENSE", "SMOLT", "4000", 42),
    AccountGroupSpec("4300", "Fish health and treatments", "EXPENSE", "HEALTH", "4000", 43),
    AccountGroupSpec("4400", "Well-boat and transport", "EXPENSE", "TRANSPORT", "4000", 44),
    AccountGroupSpec("5000", "Personnel", "EXPENSE", "PERSONNEL", None, 50),
    AccountGroupSpec("6000", "Site operations and maintenance", "EXPENSE", "OPS", None, 60),
    AccountGroupSpec("6500", "Depreciation", "EXPENSE", "DEPR", None, 65),
    AccountGroupSpec("3000", "Revenue", "REVENUE", None, None, 30),
    AccountGroupSpec("1400", "Biological assets", "ASSET", None, None, 14),
    AccountGroupSpec("1600", "Receivables", "ASSET", None, None, 16),
)
"""finance_core.AccountGroup chart for a salmon farmer (choice; NAV-style 4-digit codes, NAV cost
groups on the expense groups that cost imports use)."""

ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    # (code, name, group code); account type = the group's
    ("4110", "Feed – freshwater", "4100"),
    ("4120", "Feed – sea", "4100"),
    ("4210", "Purchased eggs", "4200"),
    ("4220", "Smolt (intercompany)", "4200"),
    ("4310", "Vaccines", "4300"),
    ("4320", "Lice treatments", "4300"),
    ("4330", "Veterinary services and lab", "4300"),
    ("4410", "Well-boat hire", "4400"),
    ("4900", "Change in value of biological assets", "4000"),
    ("5010", "Wages", "5000"),
    ("6010", "Net cleaning and maintenance", "6000"),
    ("6020", "Energy and oxygen", "6000"),
    ("6510", "Depreciation of pens and barges", "6500"),
    ("3010", "Harvest sales (intercompany)", "3000"),
    ("3020", "Smolt and transfer sales (intercompany)", "3000"),
    ("3030", "Egg sales (intercompany)", "3000"),
    ("1410", "Live fish at cost", "1400"),
    ("1610", "Intercompany receivables", "1600"),
)
"""finance_core.Account rows (choice)."""

MONTHLY_COST_EUR: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "4100": (400_000.0, 1_200_000.0),
        "4200": (50_000.0, 300_000.0),
        "4300": (30_000.0, 150_000.0),
        "4400": (20_000.0, 80_000.0),
        "5000": (60_000.0, 140_000.0),
        "6000": (25_000.0, 90_000.0),
        "6500": (40_000.0, 70_000.0),
        "3000": (1_500_000.0, 4_000_000.0),
        "1400": (5_000_000.0, 20_000_000.0),
        "1600": (500_000.0, 2_000_000.0),
        "4000": (500_000.0, 1_700_000.0),
    }
)
"""Monthly amount range per account group for one site, EUR (choice: feed dominates costs — a
sea site of ~1 M fish eats some hundreds of tonnes a month at ~2 EUR/kg, ``sim.params.FEEDS``)."""

DEPARTMENT_COST_CENTERS: tuple[tuple[str, str], ...] = (
    ("FW-OPS", "Freshwater operations"),
    ("SEA-OPS", "Sea farming operations"),
    ("HEALTH", "Fish health and welfare"),
    ("LOG", "Logistics and well-boats"),
    ("ADMIN", "Administration"),
)
"""DEPARTMENT cost centres (code, name) (choice)."""

ALLOCATION_BASES: tuple[str, ...] = ("biomass", "feed_kg", "headcount")
"""Allocation bases of finance_core.AllocationRule definitions (choice)."""

LICE_LEVEL_BELOW_LIMIT = (0.1, 0.8)
LICE_LEVEL_ABOVE_LIMIT = (1.2, 2.5)
"""Adult females per fish of a generated lice count as a fraction of the geography's limit
(``sim.params.GEOGRAPHIES[...].lice_limits``): a normal count, and one that triggers treatment
(choice; BIOLOGY.md §6 SC averages 0.34–0.61, some regions > 3 in Q4 2017)."""

LAB_TURNAROUND_DAYS = (3, 10)
"""Days from sending a lab sample to receiving results (choice)."""

FCR_BAND_START, FCR_BAND_STEP = 0.92, 0.08
"""FCR of the weight bands of an FCR stage override: 0.92 × the stage FCR for the smallest band,
+8 % per band (choice: larger fish convert feed less efficiently)."""

VALUATION_COST_SHARE = (0.55, 0.75)
"""Accumulated cost of a sea batch as a share of its fair value in a valuation run (choice)."""
