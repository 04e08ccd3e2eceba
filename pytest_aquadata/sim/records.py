"""Records: turn one stage's days × containers arrays into the Trajectory's record sets.

The Recorder owns the running indices (assignments, meals, purchases, samples, harvests), the slot
counters per container kind, and the lists of record-set parts; ``trajectory()`` concatenates
them. It draws no biology; the few random draws it takes (lot prices) come from the generator it
is handed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from . import feeding, health, params
from .harvest import Lots
from .population import SeaEvents
from .spec import BatchSpec
from .trajectory import (
    Assignments,
    DailyStates,
    EggDeliveries,
    FeedContainers,
    FeedDraws,
    FeedingEvents,
    FeedPurchases,
    HarvestLots,
    Harvests,
    HarvestWaste,
    Journal,
    LiceCounts,
    MortalityEvents,
    Photoperiod,
    SampledFish,
    Samples,
    ScoredFish,
    Table,
    Trajectory,
    Transfers,
    Treatments,
    Workflows,
)

_NAT = np.datetime64("NaT", "D")
_JOURNAL_MINUTE = 9 * 60


@dataclass(frozen=True)
class StageArrays:
    """One stage as lifecycle.py computed it: per container (ids …) or days × containers.

    ``first`` is the stage's first batch day; ``end`` the stage-relative day each container
    leaves (exclusive) and ``reason`` why (transfer, harvest, died_out, open); ``deaths`` is
    days × containers × causes; ``water`` maps params.ENV_PARAMETER_KEYS (but temperature) to
    daily means.
    """

    code: int
    ids: np.ndarray
    start_day: np.ndarray
    first: int
    end: np.ndarray
    reason: np.ndarray
    fish0: np.ndarray
    weight0: np.ndarray
    alive: np.ndarray
    weights: np.ndarray
    deaths: np.ndarray
    grams: np.ndarray
    meals: feeding.Meals | None
    feed_container: np.ndarray
    temp: np.ndarray
    water: dict[str, np.ndarray]
    light: np.ndarray
    lice_af: np.ndarray
    tgc: np.ndarray
    fcr: np.ndarray


class Recorder:
    """Collects the record sets of one simulated batch."""

    def __init__(self, spec: BatchSpec):
        self.spec = spec
        self.start = np.datetime64(spec.start_date, "D")
        self.parts: dict[str, list[Table]] = defaultdict(list)
        self.count: dict[str, int] = defaultdict(int)
        self.slots: dict[str, int] = defaultdict(int)

    # -- helpers --------------------------------------------------------------------------------

    def date(self, day: np.ndarray | int) -> np.ndarray:
        """Date of batch day(s) (0 = egg delivery)."""
        return self.start + np.asarray(day, dtype=np.int64)

    def at(self, day: np.ndarray | int, minute: np.ndarray | int) -> np.ndarray:
        """Timestamp (minutes) of batch day(s) and minute(s) of day."""
        return self.date(day).astype("datetime64[m]") + np.asarray(minute, dtype=np.int64)

    def take(self, counter: str, n: int) -> np.ndarray:
        """The next ``n`` indices of a running counter (assignments, meals, lots, …)."""
        ids = np.arange(self.count[counter], self.count[counter] + n)
        self.count[counter] += n
        return ids

    def slot(self, kind: str, n: int) -> np.ndarray:
        """The next ``n`` slots of a container or feed-container kind."""
        slots = np.arange(self.slots[kind], self.slots[kind] + n)
        self.slots[kind] += n
        return slots

    def add(self, name: str, table: Table) -> None:
        if len(table):
            self.parts[name].append(table)

    def journal(
        self, assignment, day, category: str, severity: str, descriptions: list[str]
    ) -> None:
        """JournalEntry rows at 09:00 of the given day(s); assignment -1 means batch level."""
        n = len(descriptions)
        self.add(
            "journal",
            Journal(
                assignment=np.broadcast_to(assignment, n),
                at=self.at(np.broadcast_to(day, n), _JOURNAL_MINUTE),
                category=np.full(n, category),
                severity=np.full(n, severity),
                description=np.asarray(descriptions, dtype=str),
                resolved=np.ones(n, dtype=bool),
            ),
        )

    # -- per stage ------------------------------------------------------------------------------

    def stage(self, st: StageArrays) -> None:
        """Assignments, daily states and mortality events of one stage."""
        code, ids, first, end, alive, weights = (
            st.code,
            st.ids,
            st.first,
            st.end,
            st.alive,
            st.weights,
        )
        kind = params.CONTAINER_KINDS[params.STAGES[code].container_kind]
        n = len(ids)
        day = np.arange(alive.shape[0])[:, None]
        active = (day >= (st.start_day - first)[None, :]) & (day < end[None, :])
        cc, dd = np.nonzero(active.T)
        pop = alive[dd, cc]
        weight = weights[dd, cc]
        biomass = pop * weight / 1000.0
        grams = st.grams[dd, cc]
        meals = st.meals
        self.add(
            "daily",
            DailyStates(
                assignment=ids[cc],
                date=self.date(first + dd),
                day_number=first + dd + 1,
                stage=np.full(len(cc), code),
                population=pop,
                avg_weight_g=weight,
                biomass_kg=biomass,
                density_kg_m3=biomass / kind.volume_m3,
                deaths=st.deaths.sum(axis=2)[dd, cc],
                deaths_by_cause=st.deaths[dd, cc],
                feed_kg=grams / 1000.0,
                feed=np.where(grams > 0, meals.feed_of_day[dd, cc], -1)
                if meals
                else -np.ones(len(cc)),
                feedings=meals.meals_of_day[dd, cc] if meals else np.zeros(len(cc)),
                temperature_c=st.temp[dd, cc],
                light_hours=st.light[dd, cc],
                lice_adult_female=st.lice_af[dd, cc],
                **{key: values[dd, cc] for key, values in st.water.items()},
            ),
        )
        c, d, k = np.nonzero(st.deaths.transpose(1, 0, 2))
        count = st.deaths[d, c, k]
        self.add(
            "mortality",
            MortalityEvents(
                assignment=ids[c],
                date=self.date(first + d),
                cause=np.asarray(params.MORTALITY_CAUSES)[k],
                count=count,
                biomass_kg=count * weights[d, c] / 1000.0,
            ),
        )
        last = np.maximum(end - 1, 0)
        rows = np.arange(n)
        self.add(
            "assignments",
            Assignments(
                index=ids,
                stage=np.full(n, code),
                container_kind=np.full(n, kind.key),
                slot=self.slot(kind.key, n),
                feed_container=st.feed_container,
                start_date=self.date(st.start_day),
                end_date=np.where(st.reason == "open", _NAT, self.date(first + end)),
                start_population=st.fish0,
                start_weight_g=st.weight0,
                end_population=alive[last, rows],
                end_weight_g=weights[last, rows],
                end_reason=st.reason.astype(str),
                volume_m3=np.full(n, kind.volume_m3),
                tgc=st.tgc,
                fcr=st.fcr,
            ),
        )

    def eggs(self, ids: np.ndarray, fish: np.ndarray, water_temp_c: np.ndarray) -> None:
        """Egg deliveries into the trays on day 0."""
        n = len(ids)
        self.add(
            "egg_deliveries",
            EggDeliveries(
                assignment=ids,
                date=np.full(n, self.start),
                eggs_planned=fish,
                eggs_received=fish,
                dead_on_arrival=np.zeros(n),
                water_temp_c=water_temp_c,
            ),
        )
        self.journal(
            -1,
            0,
            "observation",
            "low",
            [f"Eggs received: {int(fish.sum()):,} eggs in {n} incubation trays"],
        )

    def feeding(
        self,
        code,
        ids,
        first,
        meals: feeding.Meals,
        fish_at_start,
        weight_at_start,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Feed containers, meals, FIFO purchases and draws of a stage; returns their ids."""
        kind = params.FEED_CONTAINER_KINDS[params.STAGE_FEED_CONTAINER[code]]
        n_fc = int(meals.feed_container_of.max()) + 1
        fc_ids = self.take("feed_containers", n_fc)
        n_events = len(meals.grams)
        event_ids = self.take("feeding", n_events)
        cost = np.zeros(n_events)
        fc_first = np.full(n_fc, self.date(first))
        fc_last = np.full(n_fc, self.date(first))
        bounds = np.searchsorted(meals.feed_container, np.arange(n_fc + 1))
        for f in range(n_fc):
            lo, hi = bounds[f], bounds[f + 1]
            if hi == lo:
                continue
            fc_first[f] = self.date(first + meals.day[lo])
            fc_last[f] = self.date(first + meals.day[hi - 1])
            ledger = feeding.fifo_ledger(
                meals.grams[lo:hi],
                meals.feed[lo:hi],
                int(kind.capacity_kg * 1000),
                event_time=meals.day[lo:hi].astype(np.int64) * 1440 + meals.minute[lo:hi],
            )
            lots = self.take("purchases", len(ledger.purchase_g))
            price = feeding.lot_prices(rng, ledger.purchase_feed)
            when = lo + ledger.purchase_before_event
            delivered = self.at(first + meals.day[when], meals.minute[when] - 1)
            dates = delivered.astype("datetime64[D]")
            supplier = np.asarray(params.FEED_SUPPLIERS)[lots % len(params.FEED_SUPPLIERS)]
            numbers = [
                f"{s[:3].upper()}-{str(d).replace('-', '')}-{i:06d}"
                for s, d, i in zip(supplier, dates, lots, strict=True)
            ]
            self.add(
                "feed_purchases",
                FeedPurchases(
                    index=lots,
                    feed_container=np.full(len(lots), fc_ids[f]),
                    feed=ledger.purchase_feed,
                    date=dates,
                    delivered_at=delivered,
                    quantity_kg=ledger.purchase_g / 1000.0,
                    cost_per_kg=price,
                    supplier=supplier,
                    batch_number=numbers,
                    expiry_date=dates + params.FEED_SHELF_LIFE_DAYS,
                ),
            )
            events = lo + ledger.draw_event
            kg = ledger.draw_g / 1000.0
            self.add(
                "feed_draws",
                FeedDraws(feeding_event=event_ids[events], purchase=lots[ledger.draw_lot], kg=kg),
            )
            cost += np.bincount(events, weights=kg * price[ledger.draw_lot], minlength=n_events)
        c, d = meals.container, meals.day
        self.add(
            "feeding",
            FeedingEvents(
                index=event_ids,
                assignment=ids[c],
                feed_container=fc_ids[meals.feed_container],
                date=self.date(first + d),
                at=self.at(first + d, meals.minute),
                feed=meals.feed,
                amount_kg=meals.grams / 1000.0,
                batch_biomass_kg=fish_at_start[d, c] * weight_at_start[d, c] / 1000.0,
                feed_cost=cost,
                method=np.full(
                    n_events, params.FEEDING_METHOD_BY_ENVIRONMENT[params.STAGES[code].environment]
                ),
            ),
        )
        self.add(
            "feed_containers",
            FeedContainers(
                index=fc_ids,
                kind=np.full(n_fc, kind.key),
                slot=self.slot(kind.key, n_fc),
                container_type=np.full(n_fc, kind.container_type),
                capacity_kg=np.full(n_fc, kind.capacity_kg),
                stage=np.full(n_fc, code),
                first_date=fc_first,
                last_date=fc_last,
            ),
        )
        return fc_ids[meals.feed_container_of]

    def vaccinations(self, ids, first, days, fish) -> None:
        """Vaccination Treatment rows (one per container) and their journal entries."""
        m = len(ids)
        if not m:
            return
        vaccine = params.VACCINE
        self.add(
            "treatments",
            Treatments(
                assignment=ids,
                at=self.at(first + days, params.LICE_COUNT_MINUTE),
                treatment_type=np.full(m, "vaccination"),
                vaccine=np.full(m, vaccine.name),
                description=np.full(
                    m, f"Vaccination before sea transfer ({vaccine.name}, {vaccine.manufacturer})"
                ),
                dosage=np.full(m, vaccine.dosage),
                duration_days=np.ones(m),
                withholding_period_days=np.full(m, vaccine.withholding_period_days),
                outcome=np.full(m, "successful"),
                fish_count=fish,
                lice_before=np.full(m, np.nan),
                lice_after=np.full(m, np.nan),
            ),
        )
        self.journal(
            ids,
            first + days,
            "vaccination",
            "low",
            [f"Vaccinated {int(f):,} fish ({vaccine.name})" for f in fish],
        )

    def growth_samples(self, ids, first, days, weights, lengths) -> None:
        """GrowthSample rows with their individual fish."""
        index = self.take("growth_samples", len(ids))
        self.add("growth_samples", _samples(index, ids, self.date(first + days), weights, lengths))
        self.add("growth_fish", _fish(index, weights, lengths))

    def health_samplings(self, ids, first, days, weights, lengths, scores, stressed) -> None:
        """HealthSamplingEvent rows with their scored fish and journal entries."""
        index = self.take("health_samplings", len(ids))
        self.add(
            "health_samplings", _samples(index, ids, self.date(first + days), weights, lengths)
        )
        self.add(
            "health_fish", ScoredFish(**_fish(index, weights, lengths).columns(), scores=scores)
        )
        size = weights.shape[1]
        self.journal(
            ids,
            first + days,
            "sample",
            "low",
            [
                f"Health sampling: {size} fish examined" + (" (signs of stress)" if s else "")
                for s in stressed
            ],
        )

    def lice(self, ids, first, lice: health.Lice, fish: np.ndarray, limits: np.ndarray) -> None:
        """LiceCount rows, lice Treatment rows and their journal entries."""
        sampled = params.LICE_FISH_SAMPLED
        m = len(lice.count_day)
        per_fish = lice.counts[:, 0] / sampled
        limit = limits[lice.count_day]
        self.add(
            "lice_counts",
            LiceCounts(
                assignment=ids[lice.count_pen],
                at=self.at(first + lice.count_day, params.LICE_COUNT_MINUTE),
                fish_sampled=np.full(m, sampled),
                counts=lice.counts,
                adult_female_per_fish=per_fish,
                mobile_per_fish=lice.counts[:, [1, 2, 3]].sum(axis=1) / sampled,
                attached_per_fish=lice.counts[:, [4, 5]].sum(axis=1) / sampled,
                limit=limit,
            ),
        )
        over = per_fish >= limit - 1e-9
        self.journal(
            ids[lice.count_pen[over]],
            first + lice.count_day[over],
            "issue",
            "medium",
            [
                f"Adult female lice {p:.2f}/fish at or above the limit {x:g}"
                for p, x in zip(per_fish[over], limit[over], strict=True)
            ],
        )
        kinds = [params.LICE_TREATMENTS[key] for key in lice.treat_kind]
        if not kinds:
            return
        self.add(
            "treatments",
            Treatments(
                assignment=ids[lice.treat_pen],
                at=self.at(first + lice.treat_day, params.LICE_COUNT_MINUTE),
                treatment_type=[t.treatment_type for t in kinds],
                vaccine=[""] * len(kinds),
                description=[t.description for t in kinds],
                dosage=[t.dosage for t in kinds],
                duration_days=[t.duration_days for t in kinds],
                withholding_period_days=[t.withholding_period_days for t in kinds],
                outcome=np.where(lice.efficacy >= 0.9, "successful", "partial"),
                fish_count=fish,
                lice_before=lice.before,
                lice_after=lice.after,
            ),
        )
        self.journal(
            ids[lice.treat_pen],
            first + lice.treat_day,
            "treatment",
            "medium",
            [
                f"{t.description}: adult female lice {b:.2f} → {a:.2f} per fish"
                for t, b, a in zip(kinds, lice.before, lice.after, strict=True)
            ],
        )

    def sea_events(self, ids, first, events: SeaEvents) -> None:
        """Journal entries for disease outbreaks (per pen) and environmental events (site)."""
        self.journal(
            ids[events.outbreak_pen],
            first + events.outbreak_start,
            "diagnosis",
            "high",
            ["Disease outbreak: elevated mortality, fish sampled for diagnosis"]
            * len(events.outbreak_pen),
        )
        self.journal(
            -1,
            first + events.event_start,
            "issue",
            "high",
            ["Environmental event (jellyfish / algae / low oxygen): losses across the site"]
            * len(events.event_start),
        )

    def harvests(self, ids, first, days, count, mean_g, lots: list[Lots]) -> None:
        """HarvestEvent, HarvestLot and HarvestWaste rows, one event per pen."""
        index = self.take("harvests", len(ids))
        self.add(
            "harvests",
            Harvests(
                index=index,
                assignment=ids,
                at=self.at(first + days, params.HARVEST_MINUTE),
                count=count,
                live_kg=count * mean_g / 1000.0,
                avg_weight_g=mean_g,
            ),
        )
        grades = np.asarray([code for code, _ in params.PRODUCT_GRADES])
        self.add(
            "harvest_lots",
            HarvestLots(
                harvest=np.repeat(index, [len(x.count) for x in lots]),
                grade=grades[np.concatenate([x.grade for x in lots])],
                size_class=np.asarray(params.SIZE_CLASSES)[
                    np.concatenate([x.size_class for x in lots])
                ],
                count=np.concatenate([x.count for x in lots]),
                live_kg=np.concatenate([x.live_kg for x in lots]),
                gutted_kg=np.concatenate([x.gutted_kg for x in lots]),
                fillet_kg=np.concatenate([x.fillet_kg for x in lots]),
            ),
        )
        waste = np.array([x.live_kg.sum() - x.gutted_kg.sum() for x in lots])
        self.add(
            "harvest_waste",
            HarvestWaste(
                harvest=index,
                category=np.full(len(index), params.HARVEST_WASTE_CATEGORY),
                weight_kg=waste,
            ),
        )
        self.journal(
            ids,
            first + days,
            "action",
            "low",
            [
                f"Harvest: {int(c):,} fish, {c * w / 1000.0:,.0f} kg live"
                for c, w in zip(count, mean_g, strict=True)
            ],
        )

    def photoperiod(self, days: np.ndarray, hours: np.ndarray) -> None:
        """PhotoperiodData rows for the batch's sea area."""
        self.add(
            "photoperiod", Photoperiod(date=self.date(days), day_length_hours=np.round(hours, 2))
        )

    def handling_deaths(self, ids, day: int, dead: np.ndarray, weight_g: np.ndarray) -> None:
        """MortalityEvent rows (cause HANDLING) for fish lost while being moved."""
        lost = dead > 0
        n = int(lost.sum())
        self.add(
            "mortality",
            MortalityEvents(
                assignment=ids[lost],
                date=np.full(n, self.date(day)),
                cause=np.full(n, "HANDLING"),
                count=dead[lost],
                biomass_kg=dead[lost] * weight_g[lost] / 1000.0,
            ),
        )

    def workflow(self, code: int, moves: list[Transfers], source_fish: int, n_dest: int) -> None:
        """One stage transition: TransferActions (numbered 1..n), workflow row and journal entry."""
        index = self.take("workflows", 1)[0]
        actions = Transfers.concat(moves)
        actions = Transfers(
            **{
                **actions.columns(),
                "workflow": np.full(len(actions), index),
                "action_number": np.arange(1, len(actions) + 1),
            }
        )
        self.add("transfers", actions)
        source, dest = params.STAGES[code - 1], params.STAGES[code]
        moved = int(actions.transferred_count.sum())
        self.add(
            "workflows",
            Workflows(
                index=[index],
                source_stage=[code - 1],
                dest_stage=[code],
                start_date=[actions.date.min()],
                end_date=[actions.date.max()],
                total_source_count=[source_fish],
                total_transferred=[moved],
                total_mortality=[int(actions.mortality_count.sum())],
                total_biomass_kg=[float(actions.transferred_biomass_kg.sum())],
                actions=[len(actions)],
                is_intercompany=[source.environment != dest.environment],
            ),
        )
        kind = params.CONTAINER_KINDS[dest.container_kind]
        day = int((actions.date.min() - self.start).astype(np.int64))
        self.journal(
            -1,
            day,
            "action",
            "low",
            [
                f"Transfer {source.name} → {dest.name}: {moved:,} fish into "
                f"{n_dest} × {kind.type_name}"
            ],
        )

    # -- output ---------------------------------------------------------------------------------

    def trajectory(self, bio: params.Biology, target_kg: float, readings_seed: int) -> Trajectory:
        """Assemble the record sets into a Trajectory; status from the assignments' ends."""

        def build(cls, name):
            return cls.concat(self.parts.get(name, []))

        assignments = build(Assignments, "assignments")
        daily = build(DailyStates, "daily")
        mortality = build(MortalityEvents, "mortality")
        mortality = mortality.take(np.lexsort((mortality.date, mortality.assignment)))
        journal = build(Journal, "journal")
        journal = journal.take(np.argsort(journal.at, kind="stable"))
        treatments = build(Treatments, "treatments")
        treatments = treatments.take(np.argsort(treatments.at, kind="stable"))
        harvests = build(Harvests, "harvests")
        last = [daily.date.max()] if len(daily) else [self.start]
        if len(harvests):
            last.append(harvests.at.astype("datetime64[D]").max())
        if len(mortality):
            last.append(mortality.date.max())
        open_ = np.isnat(assignments.end_date)
        if open_.any():
            status, final = "ACTIVE", int(assignments.stage[open_].max())
        elif len(harvests):
            status, final = "COMPLETED", params.SEA_STAGE
        else:
            status, final = "TERMINATED", int(assignments.stage.max()) if len(assignments) else 0
        end_date: dt.date = max(last).item()
        return Trajectory(
            spec=self.spec,
            biology=bio,
            harvest_target_kg=target_kg,
            start_date=self.spec.start_date,
            end_date=end_date,
            status=status,
            final_stage=final,
            readings_seed=readings_seed,
            assignments=assignments,
            feed_containers=build(FeedContainers, "feed_containers"),
            daily=daily,
            egg_deliveries=build(EggDeliveries, "egg_deliveries"),
            workflows=build(Workflows, "workflows"),
            transfers=build(Transfers, "transfers"),
            mortality=mortality,
            feeding=build(FeedingEvents, "feeding"),
            feed_purchases=build(FeedPurchases, "feed_purchases"),
            feed_draws=build(FeedDraws, "feed_draws"),
            growth_samples=build(Samples, "growth_samples"),
            growth_fish=build(SampledFish, "growth_fish"),
            health_samplings=build(Samples, "health_samplings"),
            health_fish=build(ScoredFish, "health_fish"),
            lice_counts=build(LiceCounts, "lice_counts"),
            treatments=treatments,
            harvests=harvests,
            harvest_lots=build(HarvestLots, "harvest_lots"),
            harvest_waste=build(HarvestWaste, "harvest_waste"),
            journal=journal,
            photoperiod=build(Photoperiod, "photoperiod"),
        )


def _samples(index, assignment, dates, weights, lengths) -> Samples:
    stats = health.sample_stats(weights, lengths)
    return Samples(
        index=index,
        assignment=assignment,
        date=dates,
        sample_size=np.full(len(index), weights.shape[1]),
        **stats,
    )


def _fish(index, weights, lengths) -> SampledFish:
    n, size = weights.shape
    return SampledFish(
        sample=np.repeat(index, size),
        fish_number=np.tile(np.arange(1, size + 1), n),
        weight_g=weights.ravel(),
        length_cm=lengths.ravel(),
    )
