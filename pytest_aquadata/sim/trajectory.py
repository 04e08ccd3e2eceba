"""Trajectory: the columnar output of one batch simulation, shaped for the schema's tables.

Every record set is a frozen dataclass of equal-length, read-only numpy columns (long format).
Assignment, feeding-event, purchase, sample and harvest indices refer to row positions of the
corresponding record set. Categorical columns hold schema choice values as strings, except
``stage`` (index into params.STAGES) and ``feed`` (index into params.FEEDS). Dates are
``datetime64[D]``, timestamps ``datetime64[m]`` (UTC-naive). Containers are abstract slots: the
``(container_kind, slot)`` of an assignment is the slot-th container of that kind the batch
uses; a later layer maps slots onto real containers (see ``slot_bookings``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from . import params
from .climate import diurnal_offset
from .spec import BatchSpec

T = TypeVar("T", bound="Table")
_FIELDS: dict[type, tuple[dataclasses.Field, ...]] = {}


def _fields(cls: type) -> tuple[dataclasses.Field, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = dataclasses.fields(cls)
    return _FIELDS[cls]


def column(dtype: str, width: int | None = None) -> Any:
    """Declare a record-set column with its numpy dtype (and width, for 2-D columns)."""
    return dataclasses.field(metadata={"dtype": dtype, "width": width})


@dataclass(frozen=True, eq=False)
class Table:
    """Base of all record sets: equal-length read-only columns of the declared dtypes."""

    def __post_init__(self) -> None:
        lengths = set()
        for f in _fields(type(self)):
            dtype = f.metadata["dtype"]
            value = np.asarray(getattr(self, f.name))
            if dtype == "str":
                value = value.astype(str) if value.dtype.kind != "U" else value
            else:
                value = value.astype(dtype, copy=False)
            width = f.metadata["width"]
            if width is not None and value.size == 0:
                value = value.reshape(0, width)
            value.flags.writeable = False
            object.__setattr__(self, f.name, value)
            lengths.add(len(value))
        if len(lengths) > 1:
            raise ValueError(f"{type(self).__name__} columns differ in length: {sorted(lengths)}")

    @classmethod
    def empty(cls: type[T]) -> T:
        """A record set with no rows."""
        columns = {}
        for f in _fields(cls):
            dtype, width = f.metadata["dtype"], f.metadata["width"]
            shape = (0,) if width is None else (0, width)
            columns[f.name] = np.zeros(shape, dtype="U1" if dtype == "str" else dtype)
        return cls(**columns)

    @classmethod
    def concat(cls: type[T], parts: Sequence[T]) -> T:
        """Rows of several record sets of this type, in order."""
        if not parts:
            return cls.empty()
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in _fields(cls)}
        )

    def __len__(self) -> int:
        fields = _fields(type(self))
        return len(getattr(self, fields[0].name)) if fields else 0

    def columns(self) -> dict[str, np.ndarray]:
        """Column name → array, in declaration order."""
        return {f.name: getattr(self, f.name) for f in _fields(type(self))}

    def take(self: T, rows: np.ndarray | slice) -> T:
        """The same record set restricted to ``rows`` (mask, indices or slice)."""
        return type(self)(**{name: column[rows] for name, column in self.columns().items()})


@dataclass(frozen=True, eq=False)
class Assignments(Table):
    """One row per batch-container assignment (BatchContainerAssignment): a stage in one slot."""

    index: np.ndarray = column("int64")
    stage: np.ndarray = column("int8")
    container_kind: np.ndarray = column("str")
    slot: np.ndarray = column("int64")
    feed_container: np.ndarray = column("int64")
    start_date: np.ndarray = column("datetime64[D]")
    end_date: np.ndarray = column("datetime64[D]")
    start_population: np.ndarray = column("int64")
    start_weight_g: np.ndarray = column("float64")
    end_population: np.ndarray = column("int64")
    end_weight_g: np.ndarray = column("float64")
    end_reason: np.ndarray = column("str")
    volume_m3: np.ndarray = column("float64")
    tgc: np.ndarray = column("float64")
    fcr: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class FeedContainers(Table):
    """Feed-container slots (FeedContainer): silo per freshwater stage, barges at sea."""

    index: np.ndarray = column("int64")
    kind: np.ndarray = column("str")
    slot: np.ndarray = column("int64")
    container_type: np.ndarray = column("str")
    capacity_kg: np.ndarray = column("float64")
    stage: np.ndarray = column("int8")
    first_date: np.ndarray = column("datetime64[D]")
    last_date: np.ndarray = column("datetime64[D]")


@dataclass(frozen=True, eq=False)
class DailyStates(Table):
    """One row per assignment and day (ActualDailyAssignmentState plus water quality).

    ``population``/``avg_weight_g``/``biomass_kg`` are end-of-day values; ``deaths_by_cause`` has
    one column per params.MORTALITY_CAUSES; water columns are daily means (NaN where a parameter is
    not measured there); ``light_hours`` is the photoperiod the fish experienced.
    """

    assignment: np.ndarray = column("int64")
    date: np.ndarray = column("datetime64[D]")
    day_number: np.ndarray = column("int64")
    stage: np.ndarray = column("int8")
    population: np.ndarray = column("int64")
    avg_weight_g: np.ndarray = column("float64")
    biomass_kg: np.ndarray = column("float64")
    density_kg_m3: np.ndarray = column("float64")
    deaths: np.ndarray = column("int64")
    deaths_by_cause: np.ndarray = column("int64", len(params.MORTALITY_CAUSES))
    feed_kg: np.ndarray = column("float64")
    feed: np.ndarray = column("int16")
    feedings: np.ndarray = column("int16")
    temperature_c: np.ndarray = column("float64")
    oxygen_mg_l: np.ndarray = column("float64")
    oxygen_sat_pct: np.ndarray = column("float64")
    salinity_ppt: np.ndarray = column("float64")
    ph: np.ndarray = column("float64")
    co2_mg_l: np.ndarray = column("float64")
    tan_mg_l: np.ndarray = column("float64")
    nitrite_mg_l: np.ndarray = column("float64")
    nitrate_mg_l: np.ndarray = column("float64")
    light_hours: np.ndarray = column("float64")
    lice_adult_female: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class EggDeliveries(Table):
    """Egg deliveries into trays (BatchCreationWorkflow / CreationAction)."""

    assignment: np.ndarray = column("int64")
    date: np.ndarray = column("datetime64[D]")
    eggs_planned: np.ndarray = column("int64")
    eggs_received: np.ndarray = column("int64")
    dead_on_arrival: np.ndarray = column("int64")
    water_temp_c: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Workflows(Table):
    """One stage transition (BatchTransferWorkflow, type LIFECYCLE_TRANSITION, COMPLETED)."""

    index: np.ndarray = column("int64")
    source_stage: np.ndarray = column("int8")
    dest_stage: np.ndarray = column("int8")
    start_date: np.ndarray = column("datetime64[D]")
    end_date: np.ndarray = column("datetime64[D]")
    total_source_count: np.ndarray = column("int64")
    total_transferred: np.ndarray = column("int64")
    total_mortality: np.ndarray = column("int64")
    total_biomass_kg: np.ndarray = column("float64")
    actions: np.ndarray = column("int64")
    is_intercompany: np.ndarray = column("bool")


@dataclass(frozen=True, eq=False)
class Transfers(Table):
    """One fish move source → destination assignment (TransferAction, COMPLETED).

    For each source: Σ(transferred_count + mortality_count) over its actions = its fish that day.
    Water columns are the source's on its last day (TransferAction / StageTransitionEnvironmental);
    salinity is NaN from tanks.
    """

    workflow: np.ndarray = column("int64")
    action_number: np.ndarray = column("int64")
    date: np.ndarray = column("datetime64[D]")
    source_assignment: np.ndarray = column("int64")
    dest_assignment: np.ndarray = column("int64")
    source_population_before: np.ndarray = column("int64")
    transferred_count: np.ndarray = column("int64")
    mortality_count: np.ndarray = column("int64")
    transferred_biomass_kg: np.ndarray = column("float64")
    avg_weight_g: np.ndarray = column("float64")
    method: np.ndarray = column("str")
    water_temp_c: np.ndarray = column("float64")
    oxygen_mg_l: np.ndarray = column("float64")
    salinity_ppt: np.ndarray = column("float64")
    ph: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class MortalityEvents(Table):
    """Deaths per assignment, day and cause (batch.MortalityEvent rows), incl. transfer handling."""

    assignment: np.ndarray = column("int64")
    date: np.ndarray = column("datetime64[D]")
    cause: np.ndarray = column("str")
    count: np.ndarray = column("int64")
    biomass_kg: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class FeedingEvents(Table):
    """Meals (FeedingEvent): amount, biomass at feeding time and FIFO cost."""

    index: np.ndarray = column("int64")
    assignment: np.ndarray = column("int64")
    feed_container: np.ndarray = column("int64")
    date: np.ndarray = column("datetime64[D]")
    at: np.ndarray = column("datetime64[m]")
    feed: np.ndarray = column("int16")
    amount_kg: np.ndarray = column("float64")
    batch_biomass_kg: np.ndarray = column("float64")
    feed_cost: np.ndarray = column("float64")
    method: np.ndarray = column("str")


@dataclass(frozen=True, eq=False)
class FeedPurchases(Table):
    """Feed lots (FeedPurchase + FeedContainerStock entry): delivered into one feed container."""

    index: np.ndarray = column("int64")
    feed_container: np.ndarray = column("int64")
    feed: np.ndarray = column("int16")
    date: np.ndarray = column("datetime64[D]")
    delivered_at: np.ndarray = column("datetime64[m]")
    quantity_kg: np.ndarray = column("float64")
    cost_per_kg: np.ndarray = column("float64")
    supplier: np.ndarray = column("str")
    batch_number: np.ndarray = column("str")
    expiry_date: np.ndarray = column("datetime64[D]")


@dataclass(frozen=True, eq=False)
class FeedDraws(Table):
    """FIFO stock movements: kg of a purchase lot consumed by a feeding event, in order."""

    feeding_event: np.ndarray = column("int64")
    purchase: np.ndarray = column("int64")
    kg: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Samples(Table):
    """Sampling sessions (GrowthSample / HealthSamplingEvent) with their aggregates."""

    index: np.ndarray = column("int64")
    assignment: np.ndarray = column("int64")
    date: np.ndarray = column("datetime64[D]")
    sample_size: np.ndarray = column("int64")
    avg_weight_g: np.ndarray = column("float64")
    std_weight_g: np.ndarray = column("float64")
    min_weight_g: np.ndarray = column("float64")
    max_weight_g: np.ndarray = column("float64")
    avg_length_cm: np.ndarray = column("float64")
    std_length_cm: np.ndarray = column("float64")
    min_length_cm: np.ndarray = column("float64")
    max_length_cm: np.ndarray = column("float64")
    condition_factor: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class SampledFish(Table):
    """Individual fish of a growth sample (IndividualGrowthObservation); ``fish_number`` from 1."""

    sample: np.ndarray = column("int64")
    fish_number: np.ndarray = column("int64")
    weight_g: np.ndarray = column("float64")
    length_cm: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class ScoredFish(SampledFish):
    """Individual fish of a health sampling (IndividualFishObservation) with its scores.

    ``scores`` has one column per params.HEALTH_PARAMETERS (FishParameterScore values, 0–3).
    """

    scores: np.ndarray = column("int8", len(params.HEALTH_PARAMETERS))


@dataclass(frozen=True, eq=False)
class LiceCounts(Table):
    """Sea-lice counts per pen (LiceCount): ``counts`` columns follow params.LICE_TYPES.

    Per fish: adult females (what §6 limits refer to), mobiles (pre-adults and adult males) and
    attached stages (chalimus); ``limit`` is the geography's adult-female limit that day.
    """

    assignment: np.ndarray = column("int64")
    at: np.ndarray = column("datetime64[m]")
    fish_sampled: np.ndarray = column("int64")
    counts: np.ndarray = column("int64", len(params.LICE_TYPES))
    adult_female_per_fish: np.ndarray = column("float64")
    mobile_per_fish: np.ndarray = column("float64")
    attached_per_fish: np.ndarray = column("float64")
    limit: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Treatments(Table):
    """Treatments and vaccinations (health.Treatment); lice columns NaN for vaccinations."""

    assignment: np.ndarray = column("int64")
    at: np.ndarray = column("datetime64[m]")
    treatment_type: np.ndarray = column("str")
    vaccine: np.ndarray = column("str")
    description: np.ndarray = column("str")
    dosage: np.ndarray = column("str")
    duration_days: np.ndarray = column("int64")
    withholding_period_days: np.ndarray = column("int64")
    outcome: np.ndarray = column("str")
    fish_count: np.ndarray = column("int64")
    lice_before: np.ndarray = column("float64")
    lice_after: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Harvests(Table):
    """One harvested pen (HarvestEvent): the whole assignment's fish on one day."""

    index: np.ndarray = column("int64")
    assignment: np.ndarray = column("int64")
    at: np.ndarray = column("datetime64[m]")
    count: np.ndarray = column("int64")
    live_kg: np.ndarray = column("float64")
    avg_weight_g: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class HarvestLots(Table):
    """HarvestLot rows: one per grade × HOG size class present in a harvest."""

    harvest: np.ndarray = column("int64")
    grade: np.ndarray = column("str")
    size_class: np.ndarray = column("str")
    count: np.ndarray = column("int64")
    live_kg: np.ndarray = column("float64")
    gutted_kg: np.ndarray = column("float64")
    fillet_kg: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class HarvestWaste(Table):
    """HarvestWaste rows (by-products) per harvest."""

    harvest: np.ndarray = column("int64")
    category: np.ndarray = column("str")
    weight_kg: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Journal(Table):
    """JournalEntry rows; ``assignment`` is -1 for batch-level entries."""

    assignment: np.ndarray = column("int64")
    at: np.ndarray = column("datetime64[m]")
    category: np.ndarray = column("str")
    severity: np.ndarray = column("str")
    description: np.ndarray = column("str")
    resolved: np.ndarray = column("bool")


@dataclass(frozen=True, eq=False)
class Photoperiod(Table):
    """Day length at the batch's sea area (PhotoperiodData) for each day the batch is at sea."""

    date: np.ndarray = column("datetime64[D]")
    day_length_hours: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Readings(Table):
    """Environmental readings; ``parameter`` indexes params.ENV_PARAMETERS."""

    assignment: np.ndarray = column("int64")
    parameter: np.ndarray = column("int16")
    at: np.ndarray = column("datetime64[m]")
    value: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class SlotBookings(Table):
    """When each abstract slot (container or feed container) is used, dates inclusive."""

    kind: np.ndarray = column("str")
    slot: np.ndarray = column("int64")
    first_date: np.ndarray = column("datetime64[D]")
    last_date: np.ndarray = column("datetime64[D]")


@dataclass(frozen=True, eq=False)
class BatchDays(Table):
    """Batch totals per day: fish alive at the end of the day, deaths and harvests that day."""

    date: np.ndarray = column("datetime64[D]")
    alive: np.ndarray = column("int64")
    deaths: np.ndarray = column("int64")
    harvested: np.ndarray = column("int64")
    biomass_kg: np.ndarray = column("float64")


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Everything one simulated batch produced, day by day and event by event.

    ``status`` is a batch.Batch status: COMPLETED (harvested), ACTIVE (stopped early) or
    TERMINATED (no fish left); ``final_stage`` the stage code reached; ``end_date`` the last
    simulated day. ``biology`` holds the parameters this batch ran with (the spec's overrides
    plus its batch-to-batch TGC and early-loss variation); ``readings_seed`` keys the lazily
    generated readings.
    """

    spec: BatchSpec
    biology: params.Biology
    harvest_target_kg: float
    start_date: dt.date
    end_date: dt.date
    status: str
    final_stage: int
    readings_seed: int
    assignments: Assignments
    feed_containers: FeedContainers
    daily: DailyStates
    egg_deliveries: EggDeliveries
    workflows: Workflows
    transfers: Transfers
    mortality: MortalityEvents
    feeding: FeedingEvents
    feed_purchases: FeedPurchases
    feed_draws: FeedDraws
    growth_samples: Samples
    growth_fish: SampledFish
    health_samplings: Samples
    health_fish: ScoredFish
    lice_counts: LiceCounts
    treatments: Treatments
    harvests: Harvests
    harvest_lots: HarvestLots
    harvest_waste: HarvestWaste
    journal: Journal
    photoperiod: Photoperiod

    def __repr__(self) -> str:
        """A one-line summary: a failing property prints this, not megabytes of arrays."""
        return (
            f"Trajectory({self.spec.geography}, eggs={self.spec.eggs:,}, "
            f"{self.start_date}..{self.end_date}, status={self.status}, "
            f"assignments={len(self.assignments)}, days={len(self.daily)})"
        )

    def feed_stock_remaining(self) -> np.ndarray:
        """Kg left of each feed purchase at the end (FeedContainerStock.quantity_kg)."""
        used = np.bincount(
            self.feed_draws.purchase, weights=self.feed_draws.kg, minlength=len(self.feed_purchases)
        )
        return np.round(self.feed_purchases.quantity_kg - used, 4)

    @property
    def vaccinations(self) -> Treatments:
        """The vaccination rows of ``treatments``."""
        return self.treatments.take(self.treatments.treatment_type == "vaccination")

    def batch_days(self) -> BatchDays:
        """Per-day batch totals; eggs = alive + cumulative deaths + cumulative harvested."""
        first = np.datetime64(self.start_date, "D")
        n = (np.datetime64(self.end_date, "D") - first).astype(int) + 1
        d = self.daily
        day = (d.date - first).astype(np.int64)
        alive = np.bincount(day, weights=d.population, minlength=n)
        biomass = np.bincount(day, weights=d.biomass_kg, minlength=n)
        m = self.mortality
        m_day = (m.date - first).astype(np.int64)
        deaths = np.bincount(m_day, weights=m.count, minlength=n)
        h_day = (self.harvests.at.astype("datetime64[D]") - first).astype(np.int64)
        harvested = np.bincount(h_day, weights=self.harvests.count, minlength=n)
        return BatchDays(
            date=first + np.arange(n),
            alive=alive[:n].astype(np.int64),
            deaths=deaths[:n].astype(np.int64),
            harvested=harvested[:n].astype(np.int64),
            biomass_kg=biomass[:n],
        )

    def slot_bookings(self) -> SlotBookings:
        """First and last day each container and feed-container slot is used (for planners)."""
        a, f = self.assignments, self.feed_containers
        last_day = np.datetime64(self.end_date, "D")
        a_last = np.where(np.isnat(a.end_date), last_day, a.end_date - 1)
        return SlotBookings(
            kind=np.concatenate([a.container_kind, f.kind]),
            slot=np.concatenate([a.slot, f.slot]),
            first_date=np.concatenate([a.start_date, f.first_date]),
            last_date=np.concatenate([a_last, f.last_date]),
        )

    def slots_needed(self) -> dict[str, int]:
        """Number of slots of each container and feed-container kind this batch uses."""
        bookings = self.slot_bookings()
        kinds, counts = np.unique(bookings.kind, return_counts=True)
        return {str(k): int(c) for k, c in zip(kinds, counts, strict=True)}

    def summary(self) -> dict[str, Any]:
        """Headline figures: survival, sea mortality, FCRs (once harvested), harvest and grades.

        sea_efcr = sea feed / (harvested − stocked live kg); sea_bfcr adds the dead fish's biomass
        to the gain (docs/references.md §5 definitions).
        """
        a, d, t = self.assignments, self.daily, self.transfers
        eggs = self.spec.eggs
        sea = d.stage == params.SEA_STAGE
        into_sea = a.stage[t.dest_assignment] == params.SEA_STAGE
        smolts = int(t.transferred_count[into_sea].sum())
        stocked_kg = float(t.transferred_biomass_kg[into_sea].sum())
        sea_assignments = np.flatnonzero(a.stage == params.SEA_STAGE)
        sea_deaths_mask = np.isin(self.mortality.assignment, sea_assignments)
        sea_deaths = int(self.mortality.count[sea_deaths_mask].sum())
        sea_dead_kg = float(self.mortality.biomass_kg[sea_deaths_mask].sum())
        harvested = int(self.harvests.count.sum())
        live_kg = float(self.harvests.live_kg.sum())
        sea_feed = float(d.feed_kg[sea].sum())
        fw_feed = float(d.feed_kg[~sea].sum())
        lots = self.harvest_lots
        superior = lots.count[lots.grade == "SUPERIOR"].sum()
        gain = live_kg - stocked_kg
        complete = self.status == "COMPLETED" and gain > 0
        return {
            "eggs": eggs,
            "status": self.status,
            "final_stage": params.STAGES[self.final_stage].name,
            "days": (self.end_date - self.start_date).days + 1,
            "smolts": smolts,
            "egg_to_smolt_survival": smolts / eggs if smolts else None,
            "sea_deaths": sea_deaths,
            "sea_mortality": sea_deaths / smolts if smolts else None,
            "harvested": harvested,
            "harvest_live_kg": live_kg,
            "harvest_mean_kg": live_kg / harvested if harvested else None,
            "sea_feed_kg": sea_feed,
            "freshwater_feed_kg": fw_feed,
            "sea_efcr": sea_feed / gain if complete else None,
            "sea_bfcr": sea_feed / (gain + sea_dead_kg) if complete else None,
            "superior_share": float(superior / lots.count.sum()) if len(lots) else None,
            "gutted_yield": float(lots.gutted_kg.sum() / lots.live_kg.sum()) if len(lots) else None,
            "lice_treatments": int((self.treatments.treatment_type != "vaccination").sum()),
        }

    def reading_count(self, per_day: int, parameters: Sequence[str] | None = None) -> int:
        """How many readings ``readings(per_day, parameters)`` yields, without generating them."""
        keys = _reading_keys(parameters)
        _check_per_day(per_day)
        return int(sum(np.count_nonzero(~np.isnan(getattr(self.daily, k))) for k in keys)) * per_day

    def readings(
        self,
        per_day: int,
        parameters: Sequence[str] | None = None,
        chunk_rows: int = 1_000_000,
    ) -> Iterator[Readings]:
        """Environmental readings, generated lazily in chunks of whole assignments.

        Each reading is the day's mean plus the parameter's small daily cycle and sensor noise,
        at ``per_day`` evenly spaced times; values depend only on the trajectory, not on chunking.
        """
        keys = _reading_keys(parameters)
        _check_per_day(per_day)
        step = 1440 // per_day
        minutes = np.arange(per_day) * step + step // 2
        d = self.daily
        bounds = np.flatnonzero(np.diff(d.assignment)) + 1
        starts = np.r_[0, bounds] if len(d) else np.zeros(0, dtype=np.int64)
        stops = np.r_[bounds, len(d)] if len(d) else np.zeros(0, dtype=np.int64)
        codes = {p.key: i for i, p in enumerate(params.ENV_PARAMETERS)}
        pending: list[Readings] = []
        size = 0
        for lo, hi in zip(starts, stops, strict=True):
            assignment = int(d.assignment[lo])
            moments = d.date[lo:hi].astype("datetime64[m]")[:, None] + minutes.astype(
                "timedelta64[m]"
            )
            for key in keys:
                base = getattr(d, key)[lo:hi]
                ok = ~np.isnan(base)
                if not ok.any():
                    continue
                p = params.ENV_PARAMETERS[codes[key]]
                rng = np.random.default_rng([self.readings_seed, assignment, codes[key]])
                noise = rng.normal(0.0, p.reading_sd, size=(int(ok.sum()), per_day))
                values = base[ok][:, None] + diurnal_offset(p.diurnal_amplitude, minutes) + noise
                values = np.round(np.maximum(values, 0.0), p.decimals)
                n = values.size
                pending.append(
                    Readings(
                        assignment=np.full(n, assignment, dtype=np.int64),
                        parameter=np.full(n, codes[key], dtype=np.int16),
                        at=moments[ok].ravel(),
                        value=values.ravel(),
                    )
                )
                size += n
            if size >= chunk_rows:
                yield Readings.concat(pending)
                pending, size = [], 0
        if pending:
            yield Readings.concat(pending)


def _reading_keys(parameters: Sequence[str] | None) -> tuple[str, ...]:
    if parameters is None:
        return params.ENV_PARAMETER_KEYS
    unknown = [p for p in parameters if p not in params.ENV_PARAMETER_KEYS]
    if unknown:
        raise ValueError(
            f"parameters={unknown!r} is invalid; allowed: {', '.join(params.ENV_PARAMETER_KEYS)}"
        )
    return tuple(parameters)


def _check_per_day(per_day: int) -> None:
    if not isinstance(per_day, int) or isinstance(per_day, bool) or not 1 <= per_day <= 1440:
        raise ValueError(f"per_day={per_day!r} is invalid; allowed: an integer in 1..1440")
