"""Stage table and biology constants: the one source of truth for every number in the simulation.

Each constant names the topic (``§n``) and source (``[Sn]``) on ``docs/references.md`` it comes
from. Where the references have no figure, the docstring says so and names the other source
(SCHEMA.md seed data, the legacy generator, a standard formula) or marks the number as a modelling
*choice*; docs/biology.md lists all choices in one table. Factories and builders read stage names,
weights, container kinds, feeds, lice types, grades and enumerations from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# ---------------------------------------------------------------------------------------------
# Schema enumerations (SCHEMA.md §17): stored choice values, so builders can write them directly.
# ---------------------------------------------------------------------------------------------

MORTALITY_CAUSES: tuple[str, ...] = (
    "DISEASE",
    "HANDLING",
    "PREDATION",
    "ENVIRONMENTAL",
    "UNKNOWN",
    "OTHER",
)
"""batch.MortalityEvent.cause choices (SCHEMA.md §5, §17); column order of ``deaths_by_cause``."""

CAUSE = MappingProxyType({name: i for i, name in enumerate(MORTALITY_CAUSES)})
"""Cause name → column index in ``deaths_by_cause``."""

TREATMENT_TYPES: tuple[str, ...] = ("medication", "vaccination", "physical", "other")
"""health.Treatment.treatment_type choices (SCHEMA.md §7)."""

TREATMENT_OUTCOMES: tuple[str, ...] = ("pending", "successful", "partial", "unsuccessful")
"""health.Treatment.outcome choices (SCHEMA.md §7)."""

JOURNAL_CATEGORIES: tuple[str, ...] = (
    "observation",
    "issue",
    "action",
    "diagnosis",
    "treatment",
    "vaccination",
    "sample",
)
"""health.JournalEntry.category choices (SCHEMA.md §7)."""

JOURNAL_SEVERITIES: tuple[str, ...] = ("low", "medium", "high")
"""health.JournalEntry.severity choices (SCHEMA.md §7)."""

TRANSFER_METHODS: tuple[str, ...] = ("NET", "PUMP", "GRAVITY", "MANUAL")
"""batch.TransferAction.transfer_method choices (SCHEMA.md §5)."""

FEEDING_METHODS: tuple[str, ...] = ("MANUAL", "AUTOMATIC", "BROADCAST")
"""inventory.FeedingEvent.method choices (SCHEMA.md §6)."""

LICE_DETECTION_METHOD = "manual"
"""health.LiceCount.detection_method for simulated counts (SCHEMA.md §7 choices; manual counting
of sampled fish is the regulatory method, §6 FO counting row [S76])."""

LICE_COUNT_CONFIDENCE = 0.95
"""health.LiceCount.confidence_level for manual counts (choice, the legacy generator's manual
confidence, LEGACY_GENERATOR.md §3.5)."""

# ---------------------------------------------------------------------------------------------
# Lifecycle stages (SCHEMA.md §16) and the container kinds that hold them.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContainerKind:
    """A pool of abstract container slots and the seeded ContainerType they map onto."""

    key: str
    type_name: str
    category: str
    volume_m3: float
    max_density_kg_m3: float | None
    max_fish: int | None
    environment: str
    ref: str


CONTAINER_KINDS: Mapping[str, ContainerKind] = MappingProxyType(
    {
        "tray": ContainerKind(
            "tray",
            "Incubation Trays",
            "TRAY",
            10.0,
            None,
            350_000,
            "freshwater",
            "SCHEMA.md §3 seeded type (TRAY, 10 m3); 350 000 eggs per tray is the legacy layout "
            "(10 trays per 3.5 M eggs, LEGACY_GENERATOR.md §3.6): the references have no tray "
            "loading",
        ),
        "fry_tank": ContainerKind(
            "fry_tank",
            "Small Tanks-Fry",
            "TANK",
            100.0,
            30.0,
            None,
            "freshwater",
            "SCHEMA.md §3 (100 m3); density ≤ 30 kg/m3, §7 fry tanks ~10–30 (RoT)",
        ),
        "parr_tank": ContainerKind(
            "parr_tank",
            "Medium Tanks-Parr",
            "TANK",
            500.0,
            60.0,
            None,
            "freshwater",
            "SCHEMA.md §3 (500 m3); density ≤ 60 kg/m3, §7 parr/smolt 30–60 (RoT)",
        ),
        "smolt_tank": ContainerKind(
            "smolt_tank",
            "Large Tanks-Smolt",
            "TANK",
            1000.0,
            60.0,
            None,
            "freshwater",
            "SCHEMA.md §3 (1000 m3); density ≤ 60 kg/m3, §7 parr/smolt 30–60 (RoT)",
        ),
        "post_smolt_tank": ContainerKind(
            "post_smolt_tank",
            "Pre-Transfer Tanks-Post-Smolt",
            "TANK",
            2000.0,
            75.0,
            None,
            "freshwater",
            "SCHEMA.md §3 (2000 m3); density ≤ 75 kg/m3, §7 post-smolt tanks: growth "
            "falls above 75 (Calabrese et al. 2017 [S86])",
        ),
        "sea_pen": ContainerKind(
            "sea_pen",
            "Sea Rings",
            "PEN",
            50_000.0,
            25.0,
            200_000,
            "sea",
            "SCHEMA.md §3 (PEN, 50 000 m3; §7 pen volume 20 000–70 000 m3); "
            "≤ 25 kg/m3 and ≤ 200 000 fish per pen, §7 NO rules [S81][S82]",
        ),
    }
)
"""Container kinds by key. Slot ``(kind, i)`` in a Trajectory is the i-th container of that kind."""


@dataclass(frozen=True)
class Stage:
    """One row of the lifecycle stage table (SCHEMA.md §16, batch.LifeCycleStage)."""

    code: int
    name: str
    order: int
    weight_min_g: float
    weight_max_g: float
    typical_duration_days: int
    container_kind: str
    environment: str


STAGES: tuple[Stage, ...] = (
    Stage(0, "Egg&Alevin", 1, 0.05, 0.5, 90, "tray", "freshwater"),
    Stage(1, "Fry", 2, 0.5, 6.0, 90, "fry_tank", "freshwater"),
    Stage(2, "Parr", 3, 6.0, 60.0, 90, "parr_tank", "freshwater"),
    Stage(3, "Smolt", 4, 60.0, 180.0, 90, "smolt_tank", "freshwater"),
    Stage(4, "Post-Smolt", 5, 180.0, 500.0, 90, "post_smolt_tank", "freshwater"),
    Stage(5, "Adult", 6, 500.0, 7000.0, 400, "sea_pen", "sea"),
)
"""Stage table, SCHEMA.md §16 (names, order, expected weight ranges, typical durations, container
types). Transitions in the simulation are driven by degree-days and these weight ranges, not by
the durations: Egg&Alevin → Fry at first feeding (degree-days), later stages when the mean weight
reaches the next stage's minimum, Post-Smolt → Adult is the sea transfer."""

STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)
STAGE_BY_NAME: Mapping[str, Stage] = MappingProxyType({s.name: s for s in STAGES})
EGG_ALEVIN, FRY, PARR, SMOLT, POST_SMOLT, ADULT = (s.code for s in STAGES)
"""Stage codes by name, for the steps that treat one stage specially (no raw ``code == 3``)."""
SEA_STAGE = ADULT
"""Code of the first (and only) sea stage."""

STOP_DAYS_INTO_STAGE = 3
"""``BatchSpec(stop_at_stage=...)`` simulates this many days of that stage (choice)."""

# ---------------------------------------------------------------------------------------------
# Feed containers, feeds, pellet sizes (§5).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedContainerKind:
    """A pool of feed-container slots (infrastructure.FeedContainer, SCHEMA.md §3)."""

    key: str
    container_type: str
    capacity_kg: float
    ref: str


FEED_CONTAINER_KINDS: Mapping[str, FeedContainerKind] = MappingProxyType(
    {
        "fry_silo": FeedContainerKind(
            "fry_silo", "SILO", 10_000.0, "LEGACY_GENERATOR.md §2: hall B silo 10 t"
        ),
        "parr_silo": FeedContainerKind(
            "parr_silo", "SILO", 15_000.0, "LEGACY_GENERATOR.md §2: hall C silo 15 t"
        ),
        "smolt_silo": FeedContainerKind(
            "smolt_silo", "SILO", 20_000.0, "LEGACY_GENERATOR.md §2: hall D silo 20 t"
        ),
        "post_smolt_silo": FeedContainerKind(
            "post_smolt_silo", "SILO", 30_000.0, "LEGACY_GENERATOR.md §2: hall E silo 30 t"
        ),
        "barge": FeedContainerKind(
            "barge", "BARGE", 50_000.0, "LEGACY_GENERATOR.md §2: barge 50 t"
        ),
    }
)
"""Feed-container kinds; the references have no storage sizes, so the legacy seed capacities are
used."""

STAGE_FEED_CONTAINER: tuple[str | None, ...] = (
    None,
    "fry_silo",
    "parr_silo",
    "smolt_silo",
    "post_smolt_silo",
    "barge",
)
"""Feed-container kind feeding each stage (by stage code); Egg&Alevin is not fed (yolk sac)."""

FEED_DAYS_OF_COVER = 2.0
"""Feed containers per stage are sized so their total capacity covers this many days of peak demand
(choice; the references have no storage rule). Deliveries refill them whenever stock runs low."""

FEED_REORDER_FRACTION = 0.2
"""A delivery is placed when a feed container's stock falls to this fraction of capacity
(LEGACY_GENERATOR.md §3.4 reorder rule: below 20 % of capacity)."""

FEED_SHELF_LIFE_DAYS = 365
"""Expiry date of a feed purchase, days after purchase (LEGACY_GENERATOR.md §3.4: +365 days)."""

FEED_SUPPLIERS: tuple[str, ...] = ("BioMar", "Skretting", "Cargill", "Aller Aqua")
"""Feed suppliers rotated for purchases (LEGACY_GENERATOR.md §3.4 initial-stock suppliers)."""


@dataclass(frozen=True)
class Feed:
    """A feed product: pellet size, fish-weight band, composition and list price."""

    code: int
    name: str
    pellet_mm: float
    size_category: str
    min_fish_g: float
    protein_pct: float
    fat_pct: float
    carbohydrate_pct: float
    price_per_kg: float


def _feed(code: int, pellet: float, min_g: float, protein: float, fat: float, price: float) -> Feed:
    line = "Starter" if pellet < 2 else "Grower" if pellet < 6 else "Finisher"
    category = (
        "MICRO" if pellet < 1 else "SMALL" if pellet < 3 else "MEDIUM" if pellet < 6 else "LARGE"
    )
    carb = round(100.0 - protein - fat - 12.0, 1)
    return Feed(code, f"{line} {pellet:.1f} mm", pellet, category, min_g, protein, fat, carb, price)


FEEDS: tuple[Feed, ...] = (
    _feed(0, 0.3, 0.0, 52.0, 16.0, 2.60),
    _feed(1, 0.5, 0.3, 50.0, 17.0, 2.55),
    _feed(2, 0.8, 0.8, 50.0, 18.0, 2.50),
    _feed(3, 1.2, 1.5, 48.0, 18.0, 2.45),
    _feed(4, 1.8, 5.0, 47.0, 19.0, 2.40),
    _feed(5, 2.0, 10.0, 45.0, 20.0, 2.30),
    _feed(6, 3.0, 30.0, 43.0, 22.0, 2.25),
    _feed(7, 4.0, 100.0, 42.0, 24.0, 2.20),
    _feed(8, 5.0, 250.0, 40.0, 26.0, 2.15),
    _feed(9, 6.0, 500.0, 38.0, 28.0, 2.05),
    _feed(10, 7.0, 1000.0, 37.0, 29.0, 2.00),
    _feed(11, 9.0, 2000.0, 36.0, 30.0, 2.00),
    _feed(12, 11.0, 3000.0, 35.0, 30.0, 1.95),
)
"""Feeds by pellet size. Pellet diameter by fish weight: §5 (FAO AFFRIS Table 9, Lall
2009 [S9]); where the table gives a pellet range (1.0–1.2, 1.5–1.8, 7–7.5 mm) one size is taken.
Fat rises from ~16–18 % (fry) to 24–30 % (marine grower), §5 [S9]. Protein follows the
legacy BioMar master data (50 % at 0.5 mm → 38 % at 6 mm, LEGACY_GENERATOR.md §3.4); carbohydrate
is the remainder after 12 % ash and moisture (choice). Prices (per kg) are choices spanning the
legacy 2.00–2.50 per kg (LEGACY_GENERATOR.md §3.4); each lot varies by ±5 %."""

FEED_MIN_WEIGHTS_G: tuple[float, ...] = tuple(f.min_fish_g for f in FEEDS)
"""Lower fish-weight bound of each feed, for ``searchsorted`` lookups."""

FEED_PRICE_SPREAD = 0.05
"""Relative spread of a lot's price around the list price (choice)."""

MEALS_PER_DAY: tuple[int, ...] = (0, 6, 4, 4, 3, 2)
"""Feeding events per container per day by stage code (choice: §5 reports one-meal
tank trials only; hatcheries feed small fish more often)."""

FIRST_MEAL_MINUTE = 7 * 60
LAST_MEAL_MINUTE = 19 * 60
"""Meals are spread evenly between 07:00 and 19:00 (choice, daylight feeding)."""

MINUTES_BETWEEN_CONTAINERS = 3
"""Containers sharing a feed container are fed one after another, 3 min apart (choice)."""

FEEDING_METHOD_BY_ENVIRONMENT = MappingProxyType({"freshwater": "AUTOMATIC", "sea": "BROADCAST"})
"""inventory.FeedingEvent.method by environment (SCHEMA.md §6 choices)."""

# ---------------------------------------------------------------------------------------------
# Geographies: climate, latitude, lice rules, sea-mortality level (§3, §4, §6).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    """Per-geography climate and regulation."""

    name: str
    code: str
    monthly_sst_c: tuple[float, ...]
    latitude: float
    salinity_ppt: float
    salinity_sd_ppt: float
    lice_limits: tuple[float, ...]
    lice_count_interval_days: int
    sea_mortality_scale: float
    sea_tgc_factor: float
    ref: str


GEOGRAPHIES: Mapping[str, Geography] = MappingProxyType(
    {
        "Scotland": Geography(
            name="Scotland",
            code="SC",
            monthly_sst_c=(
                8.35,
                7.51,
                7.44,
                8.18,
                9.71,
                11.75,
                13.34,
                14.10,
                13.63,
                12.58,
                11.16,
                9.74,
            ),
            latitude=56.5,
            salinity_ppt=33.5,
            salinity_sd_ppt=0.6,
            lice_limits=(1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            lice_count_interval_days=7,
            sea_mortality_scale=1.0,
            sea_tgc_factor=1.0,
            ref=(
                "SST: §3a ERSST 1961–1990 near Isle of Mull [S32]; latitude of that "
                "grid "
                "cell (Mull, 56.5 °N); salinity: §8 full SW 33–35, sea lochs lower/variable [S35]; "
                "lice: §6 SC Code of Good Practice 0.5 AF 1 Feb–30 Jun, 1.0 AF 1 Jul–31 Jan [S69] "
                "(monthly approximation), weekly counts §6 SC mandatory weekly reporting [S72]; "
                "mortality: §4 SC monthly profile 2018 [S49] at full scale; sea TGC as §1 (SC Loch "
                "Linnhe crop 2.7–3.0 [S7])"
            ),
        ),
        "Faroe Islands": Geography(
            name="Faroe Islands",
            code="FO",
            monthly_sst_c=(7.2, 6.7, 6.4, 6.6, 7.3, 8.4, 9.6, 10.4, 10.2, 9.5, 8.6, 7.8),
            latitude=62.0,
            salinity_ppt=35.0,
            salinity_sd_ppt=0.2,
            lice_limits=(1.5,) * 12,
            lice_count_interval_days=14,
            sea_mortality_scale=0.75,
            sea_tgc_factor=1.1,
            ref=(
                "SST: §3b indicative monthly profile (fitted to 6–11 °C, mean 8.2) "
                "[S37][S39]; latitude 62 °N (LEGACY_GENERATOR.md §2 station coordinates); salinity "
                "§8 full SW; lice: §6 FO limit 1.5 AF (2016 amendment) [S73][S74], counted at "
                "least "
                "fortnightly by Firum [S76]; mortality: §4 FO sea mortality fell to ~6 % [S52], so "
                "the SC profile is scaled by 0.75 (Der) to keep cumulative loss inside §4's range; "
                "sea TGC ×1.1 (3.3, Der): §2 has 500 g Faroese smolts harvested after 9–12 months, "
                "which at §3b's ≈3 000 °C·d a year needs TGC ≈3.0–4.1 (§1 Cermaq 3.4–3.8)"
            ),
        ),
    }
)
"""Supported geographies by name (SCHEMA.md §3 seeded Geography names)."""

MONTHLY_SEA_MORTALITY_PCT: tuple[float, ...] = (
    1.35, 0.94, 1.49, 1.32, 0.76, 0.54, 1.05, 1.55, 1.57, 1.49, 1.07, 1.03,
)  # fmt: skip
"""Seasonal shape of baseline sea mortality, %/month Jan..Dec: §4 SC monthly profile
2018 (SSPO [S49]); mean 1.18 %/month, close to SC's 1.3 %/month average [S15]."""

FIRST_SEA_MONTHS = 3
FIRST_SEA_MONTHS_MORTALITY_PCT = 1.5
"""Mean mortality in the first 3 months after stocking, %/month: §4 NO monthly sea
mortality (Bang Jensen et al. 2020 [S47]); used instead of the seasonal profile while higher."""

DAYS_PER_MONTH = 365.25 / 12.0

# ---------------------------------------------------------------------------------------------
# Water quality (§8) and environmental parameters for readings.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvParameter:
    """A measured parameter: EnvironmentalParameter row data plus the daily column it reads."""

    key: str
    name: str
    unit: str
    sensor_type: str
    environments: tuple[str, ...]
    min_value: float | None
    max_value: float | None
    optimal_min: float | None
    optimal_max: float | None
    diurnal_amplitude: float
    reading_sd: float
    decimals: int
    ref: str


ENV_PARAMETERS: tuple[EnvParameter, ...] = (
    EnvParameter("temperature_c", "Temperature", "°C", "TEMPERATURE", ("freshwater", "sea"),
                 4.0, 18.0, 6.0, 16.0, 0.15, 0.05, 2,
                 "§8 temperature limits (growth 4–18, heat stress 16–18) [S3][S95]; diurnal "
                 "amplitude 0.15 °C and sensor noise 0.05 °C are choices"),
    EnvParameter("oxygen_mg_l", "Dissolved Oxygen", "mg/L", "OXYGEN", ("freshwater", "sea"),
                 3.0, None, 7.0, None, 0.0, 0.1, 2,
                 "§8 acute LC50 ≈ 3 mg/L (FW) [S93]; value from % saturation × Benson & Krause "
                 "solubility (§8 O2 solubility row)"),
    EnvParameter("oxygen_sat_pct", "Oxygen Saturation", "%", "OXYGEN", ("freshwater", "sea"),
                 35.0, 120.0, 80.0, 100.0, 3.0, 1.0, 1,
                 "§8 O2 tank outlet > 80 % [S90]; pens: avoidance < 35 % [S94]; diurnal amplitude "
                 "3 % (choice)"),
    EnvParameter("salinity_ppt", "Salinity", "ppt", "SALINITY", ("sea",),
                 0.0, 36.0, 33.0, 35.0, 0.0, 0.05, 2,
                 "§8 salinity: FW ~0, full SW 33–35 [S35]"),
    EnvParameter("ph", "pH", "pH", "PH", ("freshwater", "sea"),
                 6.2, 8.5, 6.5, 8.2, 0.03, 0.02, 2,
                 "§8 pH freshwater inlet 6.2–7.8 [S90]; sea pH ~8.0 is standard seawater "
                 "chemistry (not in the references)"),
    EnvParameter("co2_mg_l", "CO2", "mg/L", "CO2", ("freshwater",),
                 0.0, 15.0, 0.0, 10.0, 0.0, 0.2, 2,
                 "§8 CO2 < 15 mg/L, some recommend < 10 [S90][S91]"),
    EnvParameter("tan_mg_l", "Ammonia", "mg/L", "OTHER", ("freshwater",),
                 0.0, 2.0, 0.0, 1.0, 0.0, 0.02, 3,
                 "§8 TAN < 2 mg/L [S90]; inlet survey 0.50 ± 0.49 mg/L [S91]"),
    EnvParameter("nitrite_mg_l", "Nitrite", "mg/L", "OTHER", ("freshwater",),
                 0.0, 0.1, 0.0, 0.05, 0.0, 0.003, 3,
                 "§8 nitrite < 0.1 mg/L (FW) [S90]"),
    EnvParameter("nitrate_mg_l", "Nitrate", "mg/L", "OTHER", ("freshwater",),
                 0.0, 100.0, 0.0, 50.0, 0.0, 0.5, 2,
                 "§8 nitrate-N 100 mg/L had no effect on post-smolts [S92]"),
)  # fmt: skip
"""Parameters with readings; ``key`` is also the Trajectory ``daily`` column holding the daily
mean (NaN where the parameter is not measured in that environment)."""

ENV_PARAMETER_KEYS: tuple[str, ...] = tuple(p.key for p in ENV_PARAMETERS)

DAILY_WATER = MappingProxyType(
    {
        # key: ((freshwater mean, sd, low, high), (sea mean, sd, low, high) or None)
        "oxygen_sat_pct": ((92.0, 3.0, 80.0, 105.0), (92.0, 3.0, 60.0, 110.0)),
        "ph": ((7.0, 0.15, 6.2, 7.8), (8.0, 0.05, 7.8, 8.3)),
        "co2_mg_l": ((8.0, 1.5, 2.0, 14.5), None),
        "tan_mg_l": ((0.5, 0.15, 0.05, 1.9), None),
        "nitrite_mg_l": ((0.03, 0.01, 0.005, 0.09), None),
        "nitrate_mg_l": ((20.0, 5.0, 2.0, 90.0), None),
    }
)
"""Daily water-quality draws (mean, sd, clip) inside the §8 limits: O2 above the 80 % FSA outlet
limit in tanks [S90]; pH inside 6.2–7.8 in freshwater [S90]; CO2 below 15 mg/L [S90] (centred
under the 11.6 mg/L inlet mean [S91] because tanks are degassed, choice); TAN around the 0.5 mg/L
survey mean [S91]; nitrite below 0.1 [S90]; nitrate-N far below 100 mg/L [S92]. Means and sds
are choices inside those limits."""

SEA_OXYGEN_SAT_PER_DEGREE = 1.5
"""Pen O2 saturation falls 1.5 %-points per °C above 10 °C (choice reflecting §8: fish spend much
time below 60 % saturation in warm periods, Stehfest et al. 2017 [S94])."""

FRESHWATER_SALINITY_PPT = 0.1
"""Freshwater salinity, ppt (§8: FW ~0)."""

TEMPERATURE_AR1_PHI = 0.95
TEMPERATURE_AR1_SD_C = 0.5
"""Day-to-day sea-temperature anomaly: AR(1) with lag-1 correlation 0.95 and stationary sd 0.5 °C
(Der from §3a: 30-y monthly extremes 6.6–15.2 °C sit ≈ ±1 °C around the monthly means [S32])."""

PEN_TEMPERATURE_SD_C = 0.1
"""Constant per-pen offset from the site temperature, sd in °C (choice)."""

TANK_TEMPERATURE_AR1_PHI = 0.8
TANK_TEMPERATURE_AR1_SD_C = 0.2
"""Controlled freshwater temperature noise around the set point (choice; §3c gives set-point
ranges only)."""

WINTER_SIGNAL_DAYS = 42
"""Short-day "winter signal" (12L:12D) before smoltification: 6 weeks, §8 5–7 weeks
(Sigholt et al. 1995 [S96]; Aquatext [S97]); applied in the last 42 days of the Parr stage."""

WINTER_SIGNAL_LIGHT_HOURS = 12.0
CONTINUOUS_LIGHT_HOURS = 24.0
"""§8 photoperiod: 12L:12D winter signal, then continuous light (24L) [S96][S97]. Fry and parr are
kept on 24L before the signal (choice consistent with §8's "then continuous light")."""

INCUBATION_LIGHT_HOURS = 0.0
"""Eggs and alevins are incubated in darkness (choice; standard hatchery practice, not in §8)."""

# ---------------------------------------------------------------------------------------------
# Health: sampling, lice, treatments, vaccination (§6; SCHEMA.md §7).
# ---------------------------------------------------------------------------------------------

GROWTH_SAMPLE_INTERVAL_DAYS = 7
GROWTH_SAMPLE_SIZE = 30
"""Weekly growth samples of 30 fish per fed container (issue #4; legacy used 30 fish weekly,
LEGACY_GENERATOR.md §3.5)."""

HEALTH_SAMPLE_INTERVAL_DAYS = 30
HEALTH_SAMPLE_SIZE = 20
"""Monthly health sampling of one fed container, 20 fish each (choice; the legacy 75 fish gave
675 scores per event)."""

HEALTH_PARAMETERS: tuple[str, ...] = (
    "Gill Health",
    "Eye Condition",
    "Wounds & Skin",
    "Fin Condition",
    "Body Condition",
    "Swimming Behavior",
    "Appetite/Feeding Response",
    "Mucous Membrane",
    "Color & Pigmentation",
)
"""health.HealthParameter seed names (SCHEMA.md §7), scored 0–3; column order of ``scores``."""

HEALTH_SCORE_PROBABILITIES = (0.70, 0.22, 0.06, 0.02)
"""P(score 0..3) for a healthy fish (choice; legacy weights were 60/30/8/2 %)."""

HEALTH_SCORE_STRESS_SHIFT = 0.25
"""During disease, after a lice treatment or above the lice limit, this share of score-0 fish
moves to the next worse score (choice)."""

LICE_SPECIES = "Lepeophtheirus salmonis"

LICE_TYPES: tuple[tuple[str, str, str], ...] = (
    (LICE_SPECIES, "female", "adult"),
    (LICE_SPECIES, "male", "adult"),
    (LICE_SPECIES, "female", "pre-adult"),
    (LICE_SPECIES, "male", "pre-adult"),
    (LICE_SPECIES, "female", "chalimus"),
    (LICE_SPECIES, "male", "chalimus"),
)
"""(species, gender, development_stage) of counted lice (SCHEMA.md §7 LiceType seed rows);
column order of ``lice_counts.counts``. Adult females are what §6 limits refer to; columns 1–3
are the mobiles (adult males, pre-adults), 4–5 the attached stages (chalimus)."""

LICE_STAGE_RATIOS: tuple[float, ...] = (1.0, 0.7, 0.4, 0.4, 0.6, 0.6)
"""Expected count of each LICE_TYPES row per adult female (choice: §6 limits count
adult females only; the other stages are reported alongside in proportion)."""

LICE_FISH_SAMPLED = 20
"""Fish examined per pen per count: §6 FO counting, 20 fish per cage [S76]."""

LICE_COUNT_MINUTE = 10 * 60
"""Counts, samplings and treatments are logged at 10:00 (choice)."""

LICE_TREATMENT_DELAY_DAYS = 2
"""A pen whose count reaches the limit is treated two days later (choice)."""


@dataclass(frozen=True)
class TreatmentKind:
    """A lice treatment: Treatment row fields plus its effect on lice and fish."""

    key: str
    treatment_type: str
    description: str
    dosage: str
    duration_days: int
    withholding_period_days: int
    efficacy_range: tuple[float, float]
    handling_mortality: float


LICE_TREATMENTS: Mapping[str, TreatmentKind] = MappingProxyType(
    {
        "physical": TreatmentKind(
            "physical", "physical", "Thermal delousing (warm-water bath)", "", 1, 0,
            (0.85, 0.95), 0.004,
        ),
        "medication": TreatmentKind(
            "medication", "medication", "Bath treatment against mobile sea lice", "tarpaulin bath",
            1, 14, (0.80, 0.95), 0.001,
        ),
    }
)  # fmt: skip
"""Lice treatments. The references have no efficacies, withholding periods or treatment losses;
these are choices: efficacy removes that share of mobile and adult lice, handling_mortality is the
share of the pen that dies (cause HANDLING) on the treatment day, and medicinal baths carry a 14-day
withholding period during which a pen is not harvested (so they are only used > 21 days before
harvest)."""

MEDICATION_SHARE = 0.35
"""Share of lice treatments that are medicinal baths when far enough from harvest (choice)."""


@dataclass(frozen=True)
class Vaccine:
    """health.VaccinationType seed data."""

    name: str
    manufacturer: str
    dosage: str
    withholding_period_days: int


VACCINE = Vaccine("Multi-component", "Pharmaq", "0.10 ml", 21)
"""The vaccine given before sea transfer: legacy VaccinationType master data and 21-day
withholding (LEGACY_GENERATOR.md §3.5); the references have no vaccination figures."""

VACCINATION_DAY_IN_SMOLT = 21
VACCINATION_TANKS_PER_DAY = 2
"""Vaccination starts on day 21 of the Smolt stage, two tanks a day (choice), months before sea
transfer at the end of Post-Smolt."""

VACCINATION_HANDLING_MORTALITY = 0.001
"""Share of a tank dying from vaccination handling (choice)."""

# ---------------------------------------------------------------------------------------------
# Transfers and harvest (§9).
# ---------------------------------------------------------------------------------------------

TRANSFER_HANDLING_MORTALITY = (0.0, 0.001, 0.001, 0.001, 0.001, 0.002)
"""Share of fish dying when moved *into* each stage (by stage code), recorded as cause HANDLING
(choice: the references have no transfer-loss figure; kept small so stage losses stay inside §4)."""

TRANSFER_METHOD_BY_STAGE = ("MANUAL", "GRAVITY", "PUMP", "PUMP", "PUMP", "PUMP")
"""TransferAction.transfer_method for moves into each stage (SCHEMA.md §17 choices; choice)."""

SEA_TRANSFER_TANKS_PER_DAY = 2
"""Post-smolt tanks emptied per day during sea transfer by well-boat (choice)."""

PLANNING_WEIGHT_MARGIN = 1.15
"""Containers for a stage are planned for the biomass at the end of that stage times this margin
(choice: covers container-to-container growth spread and days waiting for transfer/harvest)."""

HARVEST_PENS_PER_DAY = 1
"""Pens harvested per day once the batch reaches its target (choice: "pen by pen over several
days")."""

HARVEST_MINUTE = 8 * 60

GUTTED_YIELD = 0.83
GUTTED_YIELD_RANGE = (0.82, 0.86)
"""Live → gutted head-on (HOG) ratio: §9, 0.83 (0.82–0.86) [S98][S99]."""

FILLET_YIELD_RANGE = (0.60, 0.65)
"""Fillet yield of live weight: §9 edible yield ~65 % (60–65) [S100]."""

PRODUCT_GRADES: tuple[tuple[str, str], ...] = (
    ("SUPERIOR", "Superior"),
    ("ORDINARY", "Ordinary"),
    ("PRODUCTION", "Production"),
)
"""harvest.ProductGrade (code, name): §9 industry standard NBS 10-01 grades [S101]."""

SUPERIOR_SHARE_RANGE = (0.90, 0.97)
"""Superior share per pen: §9 normally > 90 % (90–97) [S101][S7][S103]."""

PRODUCTION_SHARE_OF_REST = 0.3
"""Of the non-superior fish, this share is production grade (choice; §9 puts NO production grade
below 10 % in normal times [S104])."""

DISEASE_GRADE_PENALTY = 0.03
"""Superior share lost in a pen that had a disease outbreak (choice, §9 peaks of production
grade with winter ulcers and jellyfish [S104][S106])."""

SIZE_CLASS_EDGES_KG: tuple[float, ...] = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)
SIZE_CLASSES: tuple[str, ...] = ("0-1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7", "7+")
"""HOG size classes in 1-kg bands: §9 trade classes 1–2 … 6–7, 7+ kg HOG [S98]
(plus "0-1" for the rare fish under 1 kg)."""

HARVEST_WASTE_CATEGORY = "Viscera and blood"
"""harvest.HarvestWaste category for live − gutted weight (§9 live → HOG 0.83)."""

HARVEST_TARGET_KG_RANGE = (4.5, 6.5)
"""Default harvest target drawn per batch, live kg: issue #4 (4.5–6.5), within §2
harvest weight 4–6 kg live (3–7) [S10][S30]."""

HARVEST_TARGET_KG_LIMITS = (1.0, 10.0)
"""Allowed ``BatchSpec.harvest_target_kg`` (issue #4 validation range)."""

MAX_EGGS = 20_000_000
"""Largest egg count a BatchSpec accepts (choice; §7 example batch is 3.5 M eggs)."""

# ---------------------------------------------------------------------------------------------
# Overridable biology parameters (BatchSpec.overrides).
# ---------------------------------------------------------------------------------------------


def _p(default: float, low: float, high: float, ref: str) -> Any:
    return dataclasses.field(default=default, metadata={"range": (low, high), "ref": ref})


@dataclass(frozen=True)
class Biology:
    """Overridable scalar biology parameters; defaults cite docs/references.md, ranges bound
    overrides."""

    incubation_temp_c: float = _p(7.0, 4.0, 8.0, "§3c egg incubation 6–8 °C (4–8) [S16][S40]")
    alevin_temp_c: float = _p(10.0, 6.0, 12.0, "§3c alevin ~10 °C optimum (6–12) [S41][S42]")
    freshwater_temp_c: float = _p(
        13.0, 10.0, 16.0, "§3c first feeding → smolt 12–14 °C (10–16) [S14][S43]"
    )
    hatch_degree_days: float = _p(
        500.0, 450.0, 500.0, "§2 fertilisation → hatch ~500 °C·d (450–500) [S16][S17]"
    )
    first_feeding_degree_days: float = _p(
        900.0, 800.0, 1000.0, "§2 fertilisation → first feeding ~850 °C·d (800–1000) [S18][S20]"
    )
    egg_weight_g: float = _p(0.14, 0.10, 0.20, "§2 egg weight 0.14 g [S14]")
    first_feeding_weight_g: float = _p(
        0.2,
        0.15,
        0.3,
        "§1 freshwater row: fry from 0.2 g [S9][S10]; §2 first-feeding length 2.8–2.9 cm [S14]",
    )
    tgc_fry: float = _p(
        1.1,
        0.8,
        2.0,
        "§1 freshwater fry → smolt ~1.0–1.5 (1.0–2.0), lower for small fish [S11][S12]",
    )
    tgc_parr: float = _p(1.4, 0.8, 2.0, "§1 freshwater ~1.0–1.5 (1.0–2.0)")
    tgc_smolt: float = _p(1.6, 0.8, 2.0, "§1 freshwater ~1.0–1.5 (1.0–2.0)")
    tgc_post_smolt: float = _p(
        1.9, 1.0, 3.1, "§1 freshwater range top 2.0; sea-cage post-smolts 2.65–3.05 [S5]"
    )
    tgc_sea: float = _p(3.0, 2.5, 3.5, "§1 sea phase remedial/average/elite 2.5/3.0/3.5 [S3][S4]")
    tgc_container_cv: float = _p(0.03, 0.0, 0.10, "choice: small between-container TGC variation")
    batch_tgc_cv: float = _p(
        0.05, 0.0, 0.15, "choice: batch-to-batch TGC variation inside §1's 2.5–3.5 sea range"
    )
    batch_mortality_cv: float = _p(
        0.25,
        0.0,
        1.0,
        "choice: batch-to-batch variation of egg, alevin and fry losses (§4 ova-to-smolt "
        "65–75 % nationally, single batches vary more)",
    )
    growth_temp_min_c: float = _p(4.0, 0.0, 6.0, "§1 growth window ~4–18 °C [S3]")
    heat_stress_start_c: float = _p(16.0, 14.0, 18.0, "§1 heat stress from ~16–18 °C [S3]")
    growth_temp_max_c: float = _p(18.0, 16.0, 20.0, "§1 growth window ~4–18 °C [S3]")
    weight_cv: float = _p(
        0.22, 0.05, 0.40, "Der from §9 size distribution: 4–6 kg HOG ≈ 60 % of volume [S98]"
    )
    fcr_freshwater: float = _p(
        0.9, 0.7, 1.2, "§5 freshwater (fry–smolt) FCR 0.8–1.0 (0.7–1.2) [S60]"
    )
    fcr_sea: float = _p(
        1.15, 1.05, 1.3, "§5 typical salmon FCR ~1.15 (1.1–1.3) [S59]; good crop bFCR 1.09 [S8]"
    )
    fcr_container_cv: float = _p(0.03, 0.0, 0.10, "choice: small between-container FCR variation")
    feed_daily_cv: float = _p(0.08, 0.0, 0.3, "choice: day-to-day variation of the ration")
    sea_transfer_weight_g: float = _p(
        500.0,
        180.0,
        1000.0,
        "§2 Faroe smolt target 500 g [S25]; SCHEMA.md §16 Post-Smolt max 500 g",
    )
    max_sea_days: float = _p(730.0, 240.0, 900.0, "§2 sea phase 12–24 months [S17][S27]")
    egg_mortality: float = _p(0.04, 0.0, 0.3, "§4 ≤ 5 % egg mortality when incubated > 4 °C [S40]")
    alevin_mortality: float = _p(0.03, 0.0, 0.3, "Der from §4 ova-to-smolt ~65–75 % [S30][S54]")
    fry_mortality: float = _p(
        0.12, 0.0, 0.5, "Der from §4 ova-to-smolt ~65–75 % minus egg and > 3 g losses [S30][S53]"
    )
    fry_mortality_until_g: float = _p(
        3.0, 1.0, 5.0, "§4 NO freshwater mortality is reported for fish > 3 g [S53]"
    )
    freshwater_small_monthly: float = _p(
        0.0031, 0.0, 0.05, "§4 NO freshwater 3–12 g fish 0.31 %/month [S53]"
    )
    freshwater_small_until_g: float = _p(12.0, 3.0, 30.0, "§4 NO freshwater 3–12 g band [S53]")
    freshwater_monthly: float = _p(
        0.002, 0.0, 0.05, "§4 NO freshwater > 3 g median 0.15–0.25 %/month [S53]"
    )
    sea_mortality_scale: float = _p(
        0.85,
        0.0,
        5.0,
        "Der: share of the §4 SC monthly profile [S49] left as background; events and "
        "treatment losses add the rest",
    )
    disease_outbreaks_per_pen_year: float = _p(
        0.25, 0.0, 5.0, "choice: §4 NO monthly mortality range 0.9–8.6 %/month [S47]"
    )
    disease_outbreak_loss: float = _p(
        0.02, 0.0, 0.3, "choice: share of a pen lost over one outbreak"
    )
    disease_outbreak_days: float = _p(21.0, 3.0, 90.0, "choice: outbreak duration")
    environmental_events_per_year: float = _p(
        0.5, 0.0, 10.0, "choice: §4 SC Sep 2023 3.23 % micro-jellyfish month [S50]"
    )
    environmental_event_loss: float = _p(
        0.01, 0.0, 0.3, "choice: share of each pen lost in a site-wide event"
    )
    environmental_event_min_temp_c: float = _p(
        11.0, 0.0, 20.0, "choice: events in warm months (§4 warm autumn [S50])"
    )
    lice_growth_min: float = _p(
        0.017, 0.0, 0.1, "§6 lice population growth 1.7–5.4 %/day on FO farms [S79]"
    )
    lice_growth_max: float = _p(0.054, 0.0, 0.1, "§6 lice population growth 1.7–5.4 %/day [S79]")
    lice_infection_min: float = _p(
        0.002, 0.0, 0.5, "§6 external infection 0.002–0.1 lice/fish/day [S79]"
    )
    lice_infection_max: float = _p(
        0.1, 0.0, 0.5, "§6 external infection 0.002–0.1 lice/fish/day [S79]"
    )
    lice_adult_female_share: float = _p(
        0.05,
        0.01,
        1.0,
        "choice: share of infecting lice that become counted adult females (calibrated so SC "
        "averages match §6's 0.34–0.61 AF [S77][S78])",
    )
    lice_cold_c: float = _p(
        6.0,
        0.0,
        12.0,
        "choice: temperature of the lowest lice growth (§6 low counts in winter [S77][S80])",
    )
    lice_warm_c: float = _p(
        16.0,
        8.0,
        20.0,
        "choice: temperature of the highest lice growth, top of the §1 growth window before "
        "heat stress (§6 peak late summer [S77][S80])",
    )


BATCH_LOSS_FACTOR_RANGE = (0.5, 2.0)
"""A batch's early-stage losses are its base losses raised to a factor in this range (choice:
batches differ at most twofold, which keeps egg-to-smolt survival inside §4's ~65–90 %)."""

PARAMETER_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Biology))
"""Names accepted in ``BatchSpec.overrides``."""

PARAMETER_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {f.name: f.metadata["range"] for f in dataclasses.fields(Biology)}
)
"""Allowed override range per parameter, inclusive."""

PARAMETER_REFS: Mapping[str, str] = MappingProxyType(
    {f.name: f.metadata["ref"] for f in dataclasses.fields(Biology)}
)
"""Reference (topic and source on docs/references.md) or choice note per parameter."""

STAGE_TGC_PARAMETER: tuple[str | None, ...] = (
    None,
    "tgc_fry",
    "tgc_parr",
    "tgc_smolt",
    "tgc_post_smolt",
    "tgc_sea",
)
"""Biology field holding each stage's TGC (Egg&Alevin develops by degree-days, no TGC)."""

CONDITION_FACTOR: tuple[float, ...] = (0.0, 1.0, 1.05, 1.0, 1.1, 1.15)
CONDITION_FACTOR_SD = 0.07
"""Fulton's K = 100·W/L³ by stage (issue #4: K ≈ 1.0–1.4, a 5 kg fish ≈ 75–80 cm; smolts slim
down, choice). Egg&Alevin is not sampled. Per-fish sd 0.07 (choice)."""

BASELINE_CAUSE_SHARES: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        # DISEASE, HANDLING, PREDATION, ENVIRONMENTAL, UNKNOWN, OTHER
        "egg": (0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
        "freshwater": (0.3, 0.0, 0.0, 0.1, 0.6, 0.0),
        "sea": (0.35, 0.0, 0.05, 0.15, 0.45, 0.0),
    }
)
"""How background deaths split across causes (choice: §4 gives totals, not causes)."""

MAX_STAGE_DAYS = (250, 365, 365, 365, 365, 900)
"""Safety horizon per stage, days: if a stage's exit condition is not met by then (only possible
with extreme overrides), the fish move on anyway."""
