"""Factories of the `broodstock` app: broodstock fish in the tanks of a broodstock station,
breeding plans and pairs, egg production and egg suppliers, traceability to batches.

Broodstock live in the post-smolt-sized tanks of a ``FI-BS-01`` station (hall E); fish weigh
4.5–8 kg and females yield 1 100–1 300 eggs per kg (docs/references.md §2); external egg deliveries
carry the 3.0–3.8 M eggs of a batch (``reference.batches.EGGS_PER_BATCH``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.values import (
    Generated,
    at,
    free_unique,
    now,
    numerify,
    pick,
    randint,
    today,
    uniform,
)
from pytest_aquadata.reference.batches import EGGS_PER_BATCH
from pytest_aquadata.reference.broodstock import (
    BREEDING_TEXTS,
    BREEDING_TRAIT_WEIGHTS,
    BROODSTOCK_WEIGHT_KG,
    BROODSTOCK_YEAR_CLASS_AGE,
    EGG_SUPPLIER_CERTIFICATIONS,
    EGG_SUPPLIERS,
    EGGS_PER_KG_FEMALE,
    MAINTENANCE_AHEAD_DAYS,
    MAINTENANCE_COMPLETION_DELAY,
    MAINTENANCE_HISTORY_DAYS,
    MAINTENANCE_INTERVAL_DAYS,
    MAINTENANCE_NOTES,
    MAINTENANCE_OPEN_SHARE,
    SPAWNING_DAYS,
    SPAWNING_START,
)
from pytest_aquadata.reference.geography import geography_prefix
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import length_for_weight

_USER = "pytest_aquadata.factories.users.UserFactory"
_BATCH = "pytest_aquadata.factories.batch.BatchFactory"
_CONTAINER = "pytest_aquadata.factories.infrastructure.ContainerFactory"
_BROODSTOCK_TANK_STAGE = "Post-Smolt"
_ADULT_K = params.CONDITION_FACTOR[params.SEA_STAGE]


def _tank(**kwargs: Any) -> factory.SubFactory:
    """A SubFactory for a broodstock tank: a Post-Smolt-sized tank in hall E of a broodstock
    station, unless the caller passes its own container."""
    return factory.SubFactory(
        _CONTAINER,
        stage=_BROODSTOCK_TANK_STAGE,
        hall__freshwater_station__broodstock=True,
        **kwargs,
    )


class MaintenanceTaskFactory(KeyedFactory):
    """A maintenance task on a broodstock tank, by default an inspection in the next two weeks.
    Notes per task type; traits ``cleaning``, ``repair``, ``upgrade``, ``completed`` (done on
    the scheduled day) and ``overdue`` (past its date, still open)."""

    class Meta:
        model = "broodstock.MaintenanceTask"

    class Params:
        cleaning = factory.Trait(task_type="cleaning")
        repair = factory.Trait(task_type="repair")
        upgrade = factory.Trait(task_type="upgrade")
        completed = factory.Trait(
            scheduled_date=factory.LazyFunction(
                lambda: at(today() - dt.timedelta(days=randint(7, 60)), 8)
            ),
            completed_date=factory.LazyAttribute(
                lambda o: o.scheduled_date + dt.timedelta(hours=randint(2, 6))
            ),
        )
        overdue = factory.Trait(
            scheduled_date=factory.LazyFunction(
                lambda: at(today() - dt.timedelta(days=randint(2, 20)), 8)
            )
        )

    container = _tank()
    task_type = "inspection"
    scheduled_date = factory.LazyFunction(
        lambda: at(today() + dt.timedelta(days=randint(1, 14)), 8)
    )
    completed_date = None
    notes = factory.LazyAttribute(lambda o: MAINTENANCE_NOTES.get(o.task_type, ""))
    created_by = factory.SubFactory(_USER)


def _completion(scheduled: dt.datetime) -> dt.datetime | None:
    """When a task scheduled in the past was completed: on the day or a few days later (never
    after the farm's now), or None while it is still open (overdue)."""
    ago = (today() - scheduled.date()).days
    open_share = next(share for days, share in MAINTENANCE_OPEN_SHARE if ago <= days)
    if uniform(0.0, 1.0) < open_share:
        return None
    draw, delay = uniform(0.0, 1.0), 0
    for days, share in MAINTENANCE_COMPLETION_DELAY:
        delay = days
        draw -= share
        if draw < 0:
            break
    done = scheduled + dt.timedelta(days=delay, hours=randint(1, 6), minutes=randint(0, 59))
    return done if done <= now() else None


def maintenance_schedule(container: Any, created_by: Any = None) -> list[Any]:
    """The maintenance tasks of one broodstock tank over the last ``MAINTENANCE_HISTORY_DAYS``
    and the next ``MAINTENANCE_AHEAD_DAYS``: every task type at its interval
    (``reference.broodstock.MAINTENANCE_INTERVAL_DAYS``) from a random phase, past tasks mostly
    completed on or a few days after their date, some overdue, future ones open."""
    first = today() - dt.timedelta(days=MAINTENANCE_HISTORY_DAYS)
    last = today() + dt.timedelta(days=MAINTENANCE_AHEAD_DAYS)
    user = {"created_by": created_by} if created_by is not None else {}
    tasks = []
    for task_type, every in MAINTENANCE_INTERVAL_DAYS.items():
        day = first + dt.timedelta(days=randint(0, every - 1))
        while day <= last:
            scheduled = at(day, 8)
            done = _completion(scheduled) if day < today() else None
            tasks.append(
                MaintenanceTaskFactory(
                    container=container,
                    task_type=task_type,
                    scheduled_date=scheduled,
                    completed_date=done,
                    **user,
                )
            )
            day += dt.timedelta(days=every)
    return tasks


def _fish_traits(o: Any, n: int) -> dict[str, Any]:
    """The JSON traits of a broodstock fish: tag, sex, size, year class, family, breeding
    values (genomic indices, 100 = population mean)."""
    year_class = today().year - randint(*BROODSTOCK_YEAR_CLASS_AGE)
    weight_kg = round(o.weight_kg, 2)
    return {
        "pit_tag": f"982 {numerify('#########')}{n % 1000:03d}",
        "sex": o.fish_sex,
        "weight_kg": weight_kg,
        "length_cm": round(length_for_weight(weight_kg * 1000, _ADULT_K), 1),
        "year_class": year_class,
        "family": f"F{year_class}-{randint(1, 400):03d}",
        "growth_rate": round(uniform(90.0, 125.0), 1),
        "disease_resistance": round(uniform(85.0, 120.0), 1),
        "size": round(uniform(90.0, 120.0), 1),
        "fertility": round(uniform(90.0, 115.0), 1),
    }


class BroodstockFishFactory(KeyedFactory):
    """A healthy broodstock salmon (4.5–8 kg) in a tank of a broodstock station.
    In ``FI-BS-01-E-C01``-style tanks, random sex (traits ``male`` / ``female``), with JSON
    traits: PIT tag, sex, weight, length, year class, family and breeding values for growth,
    disease resistance, size and fertility; health traits ``monitored``, ``sick``, ``deceased``."""

    class Meta:
        model = "broodstock.BroodstockFish"

    class Params:
        sex = None
        fish_sex = factory.LazyAttribute(lambda o: o.sex or pick(("female", "male")))
        weight_kg = factory.LazyFunction(lambda: uniform(*BROODSTOCK_WEIGHT_KG))
        male = factory.Trait(sex="male")
        female = factory.Trait(sex="female")
        monitored = factory.Trait(health_status="monitored")
        sick = factory.Trait(health_status="sick")
        deceased = factory.Trait(health_status="deceased")

    container = _tank()
    traits = factory.LazyAttributeSequence(_fish_traits)
    health_status = "healthy"


def _move_fish(fish: Any, container: Any) -> None:
    """Put the fish in ``container`` (the reference's FishMovement.save() on creation)."""
    if fish.container_id != container.pk:
        type(fish)._default_manager.filter(pk=fish.pk).update(container=container)
        fish.container = container


class FishMovementFactory(KeyedFactory):
    """A broodstock fish moved in the last month to another tank of the same hall.
    From its current tank (or sea area), by a user; on create the fish is put in the new tank,
    as the reference's save() does (``apply=False`` leaves it)."""

    class Meta:
        model = "broodstock.FishMovement"
        skip_postgeneration_save = True

    fish = factory.SubFactory(BroodstockFishFactory)
    from_container = factory.SelfAttribute("fish.container")
    to_container = factory.SubFactory(
        _CONTAINER,
        stage=factory.LazyAttribute(
            lambda o: (
                "Adult"
                if o.factory_parent.from_container.area is not None
                else _BROODSTOCK_TANK_STAGE
            )
        ),
        hall=factory.SelfAttribute("..from_container.hall"),
        area=factory.SelfAttribute("..from_container.area"),
    )
    movement_date = factory.LazyFunction(
        lambda: min(at(today() - dt.timedelta(days=randint(0, 30)), randint(8, 15)), now())
    )
    moved_by = factory.SubFactory(_USER)
    notes = factory.LazyAttribute(
        lambda o: f"Moved from {o.from_container.name} to {o.to_container.name} before stripping."
    )

    @factory.post_generation
    def apply(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create the fish moves to ``to_container`` (``apply=False`` leaves it)."""
        if create and extracted is not False:
            _move_fish(obj.fish, obj.to_container)


def _season_start(year: int) -> dt.datetime:
    month, day = SPAWNING_START
    return at(dt.date(year, month, day), 8)


def _current_season_year() -> int:
    """The year the spawning season running now (or the next one) starts in."""
    day = today()
    start = dt.date(day.year, *SPAWNING_START)
    if day >= start:
        return day.year
    last_end = dt.date(day.year - 1, *SPAWNING_START) + dt.timedelta(days=SPAWNING_DAYS)
    return day.year - 1 if day <= last_end else day.year


class BreedingPlanFactory(KeyedFactory):
    """A breeding plan for the current spawning season (15 October – end of January).
    Named "Spawning season 2026/27", with objectives, geneticist notes and breeder instructions;
    traits ``past`` (last season) and ``upcoming`` (next season); ``trait_priorities=True`` adds
    the four trait priorities."""

    class Meta:
        model = "broodstock.BreedingPlan"
        skip_postgeneration_save = True

    class Params:
        seasons_ahead = 0
        season = factory.LazyAttribute(lambda o: _current_season_year() + o.seasons_ahead)
        past = factory.Trait(seasons_ahead=-1)
        upcoming = factory.Trait(seasons_ahead=1)

    name = factory.LazyAttribute(lambda o: f"Spawning season {o.season}/{(o.season + 1) % 100:02d}")
    start_date = factory.LazyAttribute(lambda o: _season_start(o.season))
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + dt.timedelta(days=SPAWNING_DAYS, hours=9)
    )
    objectives = BREEDING_TEXTS["objectives"]
    geneticist_notes = BREEDING_TEXTS["geneticist_notes"]
    breeder_instructions = BREEDING_TEXTS["breeder_instructions"]
    created_by = factory.SubFactory(_USER)

    @factory.post_generation
    def trait_priorities(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``trait_priorities=True`` adds one priority per breeding trait."""
        if create and extracted:
            for trait in BREEDING_TRAIT_WEIGHTS:
                BreedingTraitPriorityFactory(plan=obj, trait_name=trait)


def _next_trait(o: Any) -> str:
    """The first breeding trait (by default weight) the plan has no priority for yet."""
    traits = tuple(BREEDING_TRAIT_WEIGHTS)
    if o.plan.pk is None:
        return traits[0]
    used = set(o.plan.trait_priorities.values_list("trait_name", flat=True))
    return next((t for t in traits if t not in used), traits[0])


class BreedingTraitPriorityFactory(KeyedFactory):
    """A weighted trait priority of a breeding plan (growth rate 0.8 first).
    The next trait the plan lacks, in order growth_rate (0.8), disease_resistance (0.7), size
    (0.5), fertility (0.4)."""

    class Meta:
        model = "broodstock.BreedingTraitPriority"

    plan = factory.SubFactory(BreedingPlanFactory)
    trait_name = factory.LazyAttribute(_next_trait)
    priority_weight = factory.LazyAttribute(lambda o: BREEDING_TRAIT_WEIGHTS.get(o.trait_name, 0.5))


class BreedingPairFactory(KeyedFactory):
    """A male × female pairing of two new broodstock fish under a breeding plan.
    Made on a day of the plan's season (not in the future); trait ``spawned`` records the
    progeny (the female's eggs: 1 100–1 300 per kg, docs/references.md §2)."""

    class Meta:
        model = "broodstock.BreedingPair"

    class Params:
        spawned = factory.Trait(
            progeny_count=factory.LazyAttribute(
                lambda o: round(
                    float(o.female_fish.traits.get("weight_kg", 6.0)) * randint(*EGGS_PER_KG_FEMALE)
                )
            )
        )

    plan = factory.SubFactory(BreedingPlanFactory)
    male_fish = factory.SubFactory(BroodstockFishFactory, male=True)
    female_fish = factory.SubFactory(
        BroodstockFishFactory, female=True, container=factory.SelfAttribute("..male_fish.container")
    )
    pairing_date = factory.LazyAttribute(
        lambda o: max(
            o.plan.start_date,
            min(
                at(
                    min(o.plan.end_date, now()).date() - dt.timedelta(days=randint(0, 20)),
                    randint(8, 15),
                ),
                now(),
            ),
        )
    )
    progeny_count = None


def _egg_batch_id(o: Any, n: int) -> str:
    station = o.destination_station
    prefix = geography_prefix(station.geography.name) if station is not None else "FI"
    kind = "INT" if o.source_type == "internal" else "EXT"
    return Generated(f"EGG-{prefix}-{o.production_date.year}-{kind}-{n + 1:04d}")


class EggProductionFactory(KeyedFactory):
    """Eggs stripped from a breeding pair (internal), numbered ``EGG-FI-2026-INT-0001``.
    The female's 1 100–1 300 eggs per kg; trait ``external`` makes it a supplier delivery of a
    batch's 3.0–3.8 M eggs (no pair) and records the supplier lot (ExternalEggBatch);
    ``with_destination`` sends the eggs to a freshwater station."""

    class Meta:
        model = "broodstock.EggProduction"
        skip_postgeneration_save = True

    class Params:
        external = factory.Trait(
            source_type="external",
            pair=None,
            egg_count=factory.LazyFunction(lambda: randint(*EGGS_PER_BATCH)),
            production_date=factory.LazyFunction(
                lambda: at(today() - dt.timedelta(days=randint(0, 60)), 9)
            ),
            external_batch=factory.RelatedFactory(
                "pytest_aquadata.factories.broodstock.ExternalEggBatchFactory",
                factory_related_name="egg_production",
            ),
        )
        with_destination = factory.Trait(
            destination_station=factory.SubFactory(
                "pytest_aquadata.factories.infrastructure.FreshwaterStationFactory"
            )
        )

    pair = factory.SubFactory(BreedingPairFactory, spawned=True)
    egg_batch_id = factory.LazyAttributeSequence(_egg_batch_id)
    egg_count = factory.LazyAttribute(
        lambda o: o.pair.progeny_count or round(BROODSTOCK_WEIGHT_KG[0] * EGGS_PER_KG_FEMALE[0])
    )
    production_date = factory.LazyAttribute(lambda o: o.pair.pairing_date)
    destination_station = None
    source_type = "internal"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Renumber a generated egg batch id another row already holds."""
        free_unique(model_class, kwargs, ("egg_batch_id",))
        return super()._create(model_class, *args, **kwargs)


_SUPPLIERS = {spec.name: spec for spec in EGG_SUPPLIERS}
_PHONE_BY_COUNTRY = {
    "Norway": "+47 ## ## ## ##",
    "Iceland": "+354 ### ####",
    "Scotland": "+44 1### ######",
}


def _supplier_contact(o: Any) -> str:
    spec = o.spec
    if spec is None:
        return f"Egg sales; orders@{o.name.lower().split()[0]}.example"
    country = spec.place.rsplit(", ", 1)[-1]
    phone = numerify(_PHONE_BY_COUNTRY.get(country, "+47 ## ## ## ##"))
    return f"Egg sales, {spec.place}; orders@{spec.mailbox}.example; {phone}"


class EggSupplierFactory(KeyedFactory):
    """An external egg supplier, "AquaGen AS" (Trondheim) by default.
    Traits ``salmobreed`` (Benchmark Genetics Norway), ``stofnfiskur`` (Benchmark Genetics
    Iceland) and ``landcatch`` (Hendrix Genetics, Scotland); fictional contact details, health
    and quality certifications; get-or-create on name."""

    class Meta:
        model = "broodstock.EggSupplier"
        django_get_or_create = ("name",)

    class Params:
        spec = factory.LazyAttribute(lambda o: _SUPPLIERS.get(o.name))
        salmobreed = factory.Trait(name=EGG_SUPPLIERS[1].name)
        stofnfiskur = factory.Trait(name=EGG_SUPPLIERS[2].name)
        landcatch = factory.Trait(name=EGG_SUPPLIERS[3].name)

    name = EGG_SUPPLIERS[0].name
    contact_details = factory.LazyAttribute(_supplier_contact)
    certifications = EGG_SUPPLIER_CERTIFICATIONS


class ExternalEggBatchFactory(KeyedFactory):
    """The supplier lot of an external egg delivery, by default from AquaGen.
    For an ``external`` EggProduction: the supplier's lot number and provenance (strain,
    broodstock site, transport by air in cooled boxes)."""

    class Meta:
        model = "broodstock.ExternalEggBatch"

    class Params:
        code = factory.LazyAttribute(
            lambda o: "".join(w[0] for w in o.supplier.name.split() if w[:1].isalpha()).upper()[:3]
        )

    egg_production = factory.SubFactory(EggProductionFactory, external=True, external_batch=None)
    supplier = factory.SubFactory(EggSupplierFactory)
    batch_number = factory.LazyAttributeSequence(
        lambda o, n: f"{o.code}-{o.egg_production.production_date:%y%m}-{n + 1:04d}"
    )
    provenance_data = factory.LazyAttribute(
        lambda o: (
            (
                f"{_SUPPLIERS[o.supplier.name].genotype} eyed eggs from {_SUPPLIERS[o.supplier.name].place}; "
                if o.supplier.name in _SUPPLIERS
                else f"Eyed eggs from {o.supplier.name}; "
            )
            + "shipped by air in cooled, disinfected boxes at 4–6 °C, health certificate attached."
        )
    )


class BatchParentageFactory(KeyedFactory):
    """A traceability link from an egg production to the batch its eggs went into.
    Default eggs of a breeding pair into a new Egg&Alevin batch, on the batch's start day."""

    class Meta:
        model = "broodstock.BatchParentage"

    batch = factory.SubFactory(_BATCH, stage="Egg&Alevin")
    egg_production = factory.SubFactory(EggProductionFactory)
    assignment_date = factory.LazyAttribute(lambda o: min(at(o.batch.start_date, 9), now()))
