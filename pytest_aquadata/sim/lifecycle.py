"""Lifecycle: ``simulate_batch(spec, rng) -> Trajectory``, egg to harvest, stage by stage.

Each stage is computed at once as days × containers arrays: temperature, growth, the exit day
(first feeding by degree-days, then the stage weight ranges, then harvest), lice and treatments,
integer deaths, feed and meals. records.py turns the arrays into record sets; fish then move
into the next stage's containers (transfers.py). The same spec and generator state give the same
arrays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import climate, feeding, growth, harvest, health, params, population, transfers
from .records import Recorder, StageArrays
from .spec import BatchSpec
from .trajectory import Trajectory, Transfers

_STREAMS = (
    "batch",
    "climate",
    "growth",
    "mortality",
    "feeding",
    "health",
    "lice",
    "harvest",
    "transfer",
    "water",
)
_NEVER = 10**9


def simulate_batch(spec: BatchSpec, rng: np.random.Generator) -> Trajectory:
    """Simulate one batch from egg delivery to harvest (or to the spec's stop point)."""
    if not isinstance(spec, BatchSpec):
        raise ValueError(f"spec={spec!r} is invalid; allowed: a BatchSpec")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng={rng!r} is invalid; allowed: a numpy.random.Generator")
    if spec.harvest_target_kg is None:
        target_kg = float(rng.uniform(*params.HARVEST_TARGET_KG_RANGE))
    else:
        target_kg = float(spec.harvest_target_kg)
    seeds = rng.integers(0, 2**63 - 1, size=len(_STREAMS) + 1)
    streams = {
        name: np.random.default_rng(int(seed))
        for name, seed in zip(_STREAMS, seeds[:-1], strict=True)
    }
    bio = batch_biology(spec.biology(), streams["batch"])
    run = _Run(spec, bio, target_kg, streams)
    run.simulate()
    return run.record.trajectory(bio, target_kg, int(seeds[-1]))


def batch_biology(bio: params.Biology, rng: np.random.Generator) -> params.Biology:
    """This batch's biology: TGCs and early-stage losses vary a little from batch to batch."""
    tgc = float(growth.container_factors(rng, bio.batch_tgc_cv, 1)[0])
    losses = float(
        np.clip(
            growth.container_factors(rng, bio.batch_mortality_cv, 1)[0],
            *params.BATCH_LOSS_FACTOR_RANGE,
        )
    )
    changes = {
        name: float(np.clip(getattr(bio, name) * tgc, *params.PARAMETER_RANGES[name]))
        for name in params.STAGE_TGC_PARAMETER
        if name
    }
    for name in ("egg_mortality", "alevin_mortality", "fry_mortality"):
        changes[name] = 1.0 - (1.0 - getattr(bio, name)) ** losses
    return dataclasses.replace(bio, **changes)


@dataclass(frozen=True)
class _Cohort:
    """Containers entering a stage: assignment ids, start day, fish, mean weight."""

    ids: np.ndarray
    start_day: np.ndarray
    fish: np.ndarray
    weight_g: np.ndarray


@dataclass(frozen=True)
class _Movers:
    """Containers leaving a stage alive: assignment ids, move day, fish, weight, water."""

    ids: np.ndarray
    day: np.ndarray
    fish: np.ndarray
    weight_g: np.ndarray
    temp_c: np.ndarray
    oxygen_mg_l: np.ndarray
    salinity_ppt: np.ndarray
    ph: np.ndarray


@dataclass
class _Growth:
    """Temperature, growth degree-days and end-of-day weights of one stage (days × containers)."""

    temp: np.ndarray
    dd_today: np.ndarray
    weights: np.ndarray
    tgc: np.ndarray
    site: np.ndarray | None = None
    hatch_day: np.ndarray | None = None

    def trim(self, horizon: int) -> None:
        self.temp, self.dd_today, self.weights = (
            self.temp[:horizon],
            self.dd_today[:horizon],
            self.weights[:horizon],
        )
        if self.site is not None:
            self.site = self.site[:horizon]


@dataclass
class _Span:
    """Where one stage sits in time: its first batch day and each container's days in it."""

    first: int
    start: np.ndarray
    full: int
    horizon: int
    started: np.ndarray

    @property
    def day(self) -> np.ndarray:
        """Stage-relative day numbers 0 … horizon - 1."""
        return np.arange(self.horizon)

    def trim(self, horizon: int) -> None:
        """Keep only the first ``horizon`` days, once the exit days are known."""
        self.horizon = horizon
        self.started = self.started[:horizon]

    def active(self, end: np.ndarray) -> np.ndarray:
        """Days × containers: the container holds fish of this stage that day."""
        return self.started & (self.day[:, None] < end[None, :])


@dataclass
class _Exits:
    """Stage-relative day each container leaves (exclusive), and why: transfer, harvest, open
    or died_out."""

    end: np.ndarray
    reason: np.ndarray


@dataclass(frozen=True)
class _Health:
    """Lice limits per day, handling losses (days × containers), lice and treatments (sea only)
    and the vaccinated containers with their vaccination days (Smolt only)."""

    limits: np.ndarray
    handling: np.ndarray
    lice: health.Lice | None
    vaccinated: np.ndarray
    vaccination_day: np.ndarray

    def within(self, end: np.ndarray) -> _Health:
        """Only the lice counts, treatments and vaccinations before each container's last day."""
        keep = self.vaccination_day < end[self.vaccinated]
        return _Health(
            limits=self.limits,
            handling=self.handling,
            lice=self.lice.within(end) if self.lice is not None else None,
            vaccinated=self.vaccinated[keep],
            vaccination_day=self.vaccination_day[keep],
        )


@dataclass(frozen=True)
class _Deaths:
    """Deaths (days × containers × causes), fish alive at each day's end and start, weight at
    each day's start, and the sea stage's outbreaks and environmental events."""

    deaths: np.ndarray
    alive: np.ndarray
    at_start: np.ndarray
    weight_at_start: np.ndarray
    events: population.SeaEvents | None


@dataclass(frozen=True)
class _Feed:
    """Each container's FCR and feed-container index (-1: not fed), daily grams and meals."""

    fcr: np.ndarray
    grams: np.ndarray
    meals: feeding.Meals | None
    containers: np.ndarray


def _at_sea(code: int) -> bool:
    return params.STAGES[code].environment == "sea"


class _Run:
    """One simulation: biology, random streams, the stop day and the recorder."""

    def __init__(
        self,
        spec: BatchSpec,
        bio: params.Biology,
        target_kg: float,
        streams: dict[str, np.random.Generator],
    ):
        self.spec = spec
        self.bio = bio
        self.geo = params.GEOGRAPHIES[spec.geography]
        self.target_g = target_kg * 1000.0
        self.rng = streams
        self.record = Recorder(spec)
        last = spec.last_day()
        self.limit = last if last is not None else _NEVER
        if spec.stop_at_stage == params.STAGES[params.EGG_ALEVIN].name:
            self.limit = min(self.limit, params.STOP_DAYS_INTO_STAGE - 1)

    def simulate(self) -> None:
        """Eggs into trays, then stage after stage until harvest, the stop day or no fish left."""
        n = transfers.containers_needed(
            params.CONTAINER_KINDS["tray"], self.spec.eggs, self.bio.egg_weight_g
        )
        cohort = _Cohort(
            ids=self.record.take("assignments", n),
            start_day=np.zeros(n, dtype=np.int64),
            fish=transfers.even_split(self.spec.eggs, n),
            weight_g=np.full(n, self.bio.egg_weight_g),
        )
        for code in range(len(params.STAGES)):
            movers = self._stage(code, cohort)
            if movers is None or len(movers.ids) == 0:
                return
            next_cohort = self._transfer(code + 1, movers)
            if next_cohort is None:
                return
            cohort = next_cohort

    # -- one stage ------------------------------------------------------------------------------

    def _stage(self, code: int, cohort: _Cohort) -> _Movers | None:
        """One stage in named steps: growth, exits, health, deaths, feed, records.

        Returns the containers whose fish move on to the next stage; None after the sea stage,
        which ends in harvest.
        """
        span = self._span(code, cohort)
        g = self._grow(code, cohort, span)
        exits = self._exits(code, cohort, span, g)
        span.trim(int(exits.end.max()))
        g.trim(span.horizon)
        dates = self.record.date(span.first + span.day)
        months = dates.astype("datetime64[M]").astype(np.int64) % 12
        care = self._health(code, span, exits, g, months)
        dead = self._deaths(code, cohort, span, exits, g, care, months)
        care = care.within(exits.end)
        fed = self._feed(code, cohort, span, exits, g, dead)
        water = climate.daily_water(
            params.STAGES[code].environment, g.temp, self.spec.geography, self.rng["water"]
        )
        self._records(code, cohort, span, exits, g, care, dead, fed, water)
        if _at_sea(code):
            return None
        return self._movers(cohort, span, exits, g, dead, water)

    def _span(self, code: int, cohort: _Cohort) -> _Span:
        """The stage's days: from its earliest container's start up to a safety horizon (longer
        by a day per pen at sea), cut at the spec's stop day."""
        n = len(cohort.ids)
        first = int(cohort.start_day.min())
        start = (cohort.start_day - first).astype(np.int64)
        full = params.MAX_STAGE_DAYS[code] + int(start.max()) + (n if _at_sea(code) else 0)
        horizon = min(full, self.limit + 1 - first)
        started = np.arange(horizon)[:, None] >= start[None, :]
        return _Span(first=first, start=start, full=full, horizon=horizon, started=started)

    def _grow(self, code: int, cohort: _Cohort, span: _Span) -> _Growth:
        """Temperatures and weights: degree-day development for eggs, TGC growth for fed fish."""
        bio, rng = self.bio, self.rng
        n, horizon, started = len(cohort.ids), span.horizon, span.started
        if code == params.EGG_ALEVIN:
            noise = climate.controlled_temperature(0.0, horizon, n, rng["climate"])
            incubation = np.cumsum((bio.incubation_temp_c + noise) * started, axis=0)
            hatched = incubation >= bio.hatch_degree_days
            hatch_day = np.where(hatched.any(axis=0), hatched.argmax(axis=0), horizon)
            day = np.arange(horizon)[:, None]
            temp = np.where(day > hatch_day, bio.alevin_temp_c, bio.incubation_temp_c) + noise
            dd_today = np.clip(temp, 0.0, None) * started
            weights = growth.egg_weights(np.cumsum(dd_today, axis=0), bio)
            return _Growth(temp, dd_today, weights, np.zeros(n), hatch_day=hatch_day)
        site = None
        if _at_sea(code):
            start_date = self.spec.start_date + dt.timedelta(days=span.first)
            site = climate.sea_temperature(self.spec.geography, start_date, horizon, rng["climate"])
            temp = site[:, None] + rng["climate"].normal(0.0, params.PEN_TEMPERATURE_SD_C, size=n)
        else:
            temp = climate.controlled_temperature(bio.freshwater_temp_c, horizon, n, rng["climate"])
        dd_today = growth.growth_temperature(temp, bio) * started
        name = params.STAGE_TGC_PARAMETER[code]
        factors = growth.container_factors(rng["growth"], bio.tgc_container_cv, n)
        if site is not None:
            factors = factors * self.geo.sea_tgc_factor
        tgc = np.clip(getattr(bio, name) * factors, *params.PARAMETER_RANGES[name])
        return _Growth(
            temp, dd_today, growth.tgc_weights(cohort.weight_g, tgc, dd_today), tgc, site=site
        )

    def _exits(self, code: int, cohort: _Cohort, span: _Span, g: _Growth) -> _Exits:
        """Stage-relative day each container leaves, and why: transfer, harvest or open."""
        n, first, horizon, start = len(cohort.ids), span.first, span.horizon, span.start
        share = cohort.fish / max(int(cohort.fish.sum()), 1)
        end = np.full(n, horizon, dtype=np.int64)
        reason = np.full(n, "open", dtype=object)
        if code == params.SEA_STAGE:
            due = harvest.harvest_days(
                g.weights, start, cohort.fish, self.target_g, self.bio.max_sea_days
            )
            end = np.where(due >= 0, due, end)
            reason[due >= 0] = "harvest"
        else:
            if code == params.EGG_ALEVIN:
                ready = np.cumsum(g.dd_today, axis=0) @ share >= self.bio.first_feeding_degree_days
            else:
                threshold = (
                    self.bio.sea_transfer_weight_g
                    if code == params.POST_SMOLT
                    else params.STAGES[code + 1].weight_min_g
                )
                ready = (g.weights @ share >= threshold) & (np.arange(horizon) >= start.max())
            if ready.any():
                leave = int(ready.argmax()) + 1
                sea_transfer = code == params.POST_SMOLT
                offset = np.arange(n) // params.SEA_TRANSFER_TANKS_PER_DAY if sea_transfer else 0
                end = np.full(n, leave, dtype=np.int64) + offset
                reason[:] = "transfer"
                if self.spec.stop_at_stage == params.STAGES[code + 1].name:
                    self.limit = min(self.limit, first + leave + params.STOP_DAYS_INTO_STAGE - 1)
            elif horizon == span.full:
                reason[:] = "transfer"
        end = np.minimum(end, horizon)
        beyond = first + end > self.limit
        end = np.where(beyond, self.limit + 1 - first, end)
        reason[beyond] = "open"
        return _Exits(end=end, reason=reason)

    def _health(
        self, code: int, span: _Span, exits: _Exits, g: _Growth, months: np.ndarray
    ) -> _Health:
        """Lice counts and treatments at sea, vaccination in Smolt: both add handling losses,
        so they come before deaths."""
        n = len(span.start)
        handling = np.zeros((span.horizon, n))
        limits = np.asarray(self.geo.lice_limits)[months]
        lice = None
        if _at_sea(code):
            interval = self.geo.lice_count_interval_days
            lice = health.simulate_lice(
                self.rng["lice"],
                g.temp,
                span.start,
                exits.end,
                limits,
                np.arange(interval, span.horizon, interval),
                np.where(exits.reason == "harvest", exits.end, _NEVER),
                self.bio,
            )
            for when, pen, key in zip(lice.treat_day, lice.treat_pen, lice.treat_kind, strict=True):
                handling[when, pen] += params.LICE_TREATMENTS[key].handling_mortality
        vaccinated = np.zeros(0, dtype=np.int64)
        vaccination_day = np.zeros(0, dtype=np.int64)
        if code == params.SMOLT:
            days = health.vaccination_days(span.start, exits.end)
            vaccinated = np.flatnonzero((days < exits.end) & (span.first + days <= self.limit))
            vaccination_day = days[vaccinated]
            handling[vaccination_day, vaccinated] += params.VACCINATION_HANDLING_MORTALITY
        return _Health(limits, handling, lice, vaccinated, vaccination_day)

    def _deaths(
        self,
        code: int,
        cohort: _Cohort,
        span: _Span,
        exits: _Exits,
        g: _Growth,
        care: _Health,
        months: np.ndarray,
    ) -> _Deaths:
        """Integer deaths by day, container and cause from the stage's hazard plus handling.

        A container that lost every fish ends the day after: ``exits`` is updated in place.
        """
        bio, n0 = self.bio, cohort.fish
        active = span.active(exits.end)
        events = None
        if code == params.EGG_ALEVIN:
            hazard = population.egg_hazard(
                g.dd_today, np.cumsum(g.dd_today, axis=0) - g.dd_today, bio
            )
        elif _at_sea(code):
            hazard, events = population.sea_hazard(
                self.rng["mortality"],
                months,
                span.day[:, None] - span.start[None, :],
                g.site,
                active,
                bio,
                self.spec.geography,
            )
        else:
            hazard = population.freshwater_hazard(g.weights, cohort.weight_g, bio)
        hazard[:, :, params.CAUSE["HANDLING"]] += care.handling
        hazard *= active[:, :, None]
        deaths = population.draw_deaths(self.rng["mortality"], n0, hazard)
        alive = n0[None, :] - np.cumsum(deaths.sum(axis=2), axis=0)

        empty = active & (alive == 0)
        gone = empty.any(axis=0)
        exits.end = np.where(gone, np.minimum(exits.end, empty.argmax(axis=0) + 1), exits.end)
        exits.reason[gone] = "died_out"
        return _Deaths(
            deaths=deaths,
            alive=alive,
            at_start=np.vstack([n0[None, :], alive[:-1]]),
            weight_at_start=np.vstack([cohort.weight_g[None, :], g.weights[:-1]]),
            events=events.within(exits.end) if events is not None else None,
        )

    def _feed(
        self, code: int, cohort: _Cohort, span: _Span, exits: _Exits, g: _Growth, dead: _Deaths
    ) -> _Feed:
        """Daily ration from growth and FCR, split into meals from shared feed containers (the
        recorder draws the feed lots). Egg&Alevin lives on its yolk sac and is not fed."""
        n = len(cohort.ids)
        if code == params.EGG_ALEVIN:
            return _Feed(
                fcr=np.zeros(n),
                grams=np.zeros((span.horizon, n), dtype=np.int64),
                meals=None,
                containers=np.full(n, -1, dtype=np.int64),
            )
        bio, rng = self.bio, self.rng["feeding"]
        active = span.active(exits.end)
        fcr = (bio.fcr_sea if _at_sea(code) else bio.fcr_freshwater) * growth.container_factors(
            rng, bio.fcr_container_cv, n
        )
        ration = feeding.daily_ration_kg(
            rng, g.weights, dead.weight_at_start, dead.at_start, fcr, active, bio.feed_daily_cv
        )
        grams = np.rint(ration * 1000.0).astype(np.int64)
        capacity = params.FEED_CONTAINER_KINDS[params.STAGE_FEED_CONTAINER[code]].capacity_kg
        peak_kg = grams.sum(axis=1).max() / 1000.0 if span.horizon else 0.0
        n_fc = min(feeding.feed_containers_needed(peak_kg, capacity), n)
        doy = climate.day_of_year(self.spec.start_date + dt.timedelta(days=span.first), span.horizon)
        window = feeding.daylight_window(params.GEOGRAPHIES[self.spec.geography].latitude, doy)
        meals = feeding.plan_meals(
            grams,
            dead.at_start * active,
            dead.weight_at_start,
            params.MEALS_PER_DAY[code],
            n_fc,
            window,
        )
        containers = self.record.feeding(
            code, cohort.ids, span.first, meals, dead.at_start, dead.weight_at_start, rng
        )
        return _Feed(fcr=fcr, grams=grams, meals=meals, containers=containers)

    def _records(
        self,
        code: int,
        cohort: _Cohort,
        span: _Span,
        exits: _Exits,
        g: _Growth,
        care: _Health,
        dead: _Deaths,
        fed: _Feed,
        water: dict[str, np.ndarray],
    ) -> None:
        """Hand the stage to the recorder: assignments and daily states, then egg deliveries or
        samples, vaccinations, and at sea lice, events, harvests and photoperiod."""
        record, first, n = self.record, span.first, len(cohort.ids)
        active = span.active(exits.end)
        lice = care.lice
        record.stage(
            StageArrays(
                code=code,
                ids=cohort.ids,
                start_day=cohort.start_day,
                first=first,
                end=exits.end,
                reason=exits.reason,
                fish0=cohort.fish,
                weight0=cohort.weight_g,
                alive=dead.alive,
                weights=g.weights,
                deaths=dead.deaths,
                grams=fed.grams,
                meals=fed.meals,
                feed_container=fed.containers,
                temp=g.temp,
                water=water,
                light=self._light(code, first, span.horizon, n, exits.end, exits.reason),
                lice_af=lice.adult_females
                if lice is not None
                else np.full((span.horizon, n), np.nan),
                tgc=g.tgc,
                fcr=fed.fcr,
            )
        )
        if code == params.EGG_ALEVIN:
            record.eggs(cohort.ids, cohort.fish, g.temp[span.start, np.arange(n)])
            hatch = int(np.median(g.hatch_day))
            if hatch < span.horizon:
                record.journal(
                    -1,
                    first + hatch,
                    "observation",
                    "low",
                    ["Eggs hatching (hatch degree-days reached)"],
                )
        else:
            self._samples(
                code,
                cohort.ids,
                first,
                g.weights,
                dead.alive,
                active,
                span.start,
                lice,
                dead.events,
                care.limits,
            )
        if code == params.SMOLT:
            record.vaccinations(
                cohort.ids[care.vaccinated],
                first,
                care.vaccination_day,
                dead.at_start[care.vaccination_day, care.vaccinated],
            )
        if lice is not None:
            record.lice(
                cohort.ids, first, lice, dead.at_start[lice.treat_day, lice.treat_pen], care.limits
            )
            record.sea_events(cohort.ids, first, dead.events)
            self._harvest(
                cohort.ids, first, exits.end, exits.reason, dead.alive, g.weights, dead.events
            )
            on = active.any(axis=1)
            doy = climate.day_of_year(self.spec.start_date + dt.timedelta(days=first), span.horizon)
            record.photoperiod(
                first + span.day[on], climate.day_length_hours(self.geo.latitude, doy[on])
            )

    def _movers(
        self,
        cohort: _Cohort,
        span: _Span,
        exits: _Exits,
        g: _Growth,
        dead: _Deaths,
        water: dict[str, np.ndarray],
    ) -> _Movers:
        """The containers whose fish transfer to the next stage, as they are on their last day."""
        moving = np.flatnonzero(exits.reason == "transfer")
        last = exits.end[moving] - 1
        return _Movers(
            ids=cohort.ids[moving],
            day=span.first + exits.end[moving],
            fish=dead.alive[last, moving],
            weight_g=g.weights[last, moving],
            temp_c=g.temp[last, moving],
            oxygen_mg_l=water["oxygen_mg_l"][last, moving],
            salinity_ppt=water["salinity_ppt"][last, moving],
            ph=water["ph"][last, moving],
        )

    def _light(
        self, code: int, first: int, horizon: int, n: int, end: np.ndarray, reason: np.ndarray
    ) -> np.ndarray:
        """Light hours: dark eggs, 24L, a 12L:12D winter signal ending Parr, natural day at sea."""
        if code == params.EGG_ALEVIN:
            return np.full((horizon, n), params.INCUBATION_LIGHT_HOURS)
        if code == params.SEA_STAGE:
            doy = climate.day_of_year(self.spec.start_date + dt.timedelta(days=first), horizon)
            return np.repeat(climate.day_length_hours(self.geo.latitude, doy)[:, None], n, axis=1)
        light = np.full((horizon, n), params.CONTINUOUS_LIGHT_HOURS)
        if code == params.PARR:
            signal_from = np.where(reason == "transfer", end - params.WINTER_SIGNAL_DAYS, horizon)
            light[np.arange(horizon)[:, None] >= signal_from[None, :]] = (
                params.WINTER_SIGNAL_LIGHT_HOURS
            )
        return light

    def _samples(
        self, code, ids, first, weights, alive, active, start, lice, events, limits
    ) -> None:
        """Weekly growth samples of every fed container; monthly health sampling of one."""
        rng = self.rng["health"]
        cv = self.bio.weight_cv
        days, cc = health.growth_sample_days(active, alive, start)
        if len(days):
            w, length = growth.sample_fish(
                rng, weights[days, cc], np.full(len(days), code), params.GROWTH_SAMPLE_SIZE, cv
            )
            self.record.growth_samples(ids[cc], first, days, w, length)
        days, cc = health.health_sampling_days(rng, first, active, alive)
        if not len(days):
            return
        stressed = np.zeros(len(days), dtype=bool)
        if lice is not None:
            stressed |= np.nan_to_num(lice.adult_females[days, cc]) >= limits[days]
            for when, pen in zip(lice.treat_day, lice.treat_pen, strict=True):
                stressed |= (cc == pen) & (days >= when) & (days < when + 7)
        if events is not None:
            for pen, begin, stop in zip(
                events.outbreak_pen, events.outbreak_start, events.outbreak_end, strict=True
            ):
                stressed |= (cc == pen) & (days >= begin) & (days < stop)
        size = params.HEALTH_SAMPLE_SIZE
        w, length = growth.sample_fish(rng, weights[days, cc], np.full(len(days), code), size, cv)
        scores = health.health_scores(rng, stressed, size)
        self.record.health_samplings(ids[cc], first, days, w, length, scores, stressed)

    def _harvest(self, ids, first, end, reason, alive, weights, events) -> None:
        """Harvest each pen whose turn came: lots by grade and size class from its weight spread."""
        pens = np.flatnonzero(reason == "harvest")
        if not len(pens):
            return
        pens = pens[np.argsort(end[pens], kind="stable")]
        last = end[pens] - 1
        count, mean_g = alive[last, pens], weights[last, pens]
        sick = set(events.outbreak_pen.tolist()) if events is not None else set()
        lots = [
            harvest.harvest_lots(
                self.rng["harvest"], int(c), float(w), self.bio.weight_cv, int(p) in sick
            )
            for p, c, w in zip(pens, count, mean_g, strict=True)
        ]
        self.record.harvests(ids[pens], first, end[pens], count, mean_g, lots)

    # -- transfers ------------------------------------------------------------------------------

    def _transfer(self, code: int, movers: _Movers) -> _Cohort | None:
        """Move the fish leaving stage ``code - 1`` into new containers of stage ``code``."""
        kind = params.CONTAINER_KINDS[params.STAGES[code].container_kind]
        if code == params.SEA_STAGE:
            end_weight = self.target_g
        elif code == params.POST_SMOLT:
            end_weight = self.bio.sea_transfer_weight_g
        else:
            end_weight = params.STAGES[code + 1].weight_min_g
        cohorts: list[_Cohort] = []
        actions: list[Transfers] = []
        for move_day in np.unique(movers.day):
            group = np.flatnonzero(movers.day == move_day)
            move = transfers.move_fish(
                self.rng["transfer"],
                movers.fish[group],
                movers.weight_g[group],
                kind,
                end_weight,
                params.TRANSFER_HANDLING_MORTALITY[code],
            )
            self.record.handling_deaths(
                movers.ids[group], int(move_day), move.source_dead, movers.weight_g[group]
            )
            if not len(move.dest_fish):
                continue
            new_ids = self.record.take("assignments", len(move.dest_fish))
            src = group[move.flow_source]
            m = len(src)
            actions.append(
                Transfers(
                    workflow=np.zeros(m),
                    action_number=np.zeros(m),
                    date=np.full(m, self.record.date(move_day)),
                    source_assignment=movers.ids[src],
                    dest_assignment=new_ids[move.flow_dest],
                    source_population_before=movers.fish[src],
                    transferred_count=move.flow_count,
                    mortality_count=move.flow_dead,
                    transferred_biomass_kg=move.flow_count * movers.weight_g[src] / 1000.0,
                    avg_weight_g=movers.weight_g[src],
                    method=np.full(m, params.TRANSFER_METHOD_BY_STAGE[code]),
                    water_temp_c=movers.temp_c[src],
                    oxygen_mg_l=movers.oxygen_mg_l[src],
                    salinity_ppt=movers.salinity_ppt[src],
                    ph=movers.ph[src],
                )
            )
            cohorts.append(
                _Cohort(
                    new_ids, np.full(len(new_ids), move_day), move.dest_fish, move.dest_weight_g
                )
            )
        if not actions:
            return None
        self.record.workflow(
            code, actions, int(movers.fish.sum()), sum(len(c.ids) for c in cohorts)
        )
        return _Cohort(
            ids=np.concatenate([c.ids for c in cohorts]),
            start_day=np.concatenate([c.start_day for c in cohorts]).astype(np.int64),
            fish=np.concatenate([c.fish for c in cohorts]),
            weight_g=np.concatenate([c.weight_g for c in cohorts]),
        )
