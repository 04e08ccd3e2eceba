"""Factories of the `harvest` app: harvest events of sea pens, graded lots, waste, grades.

Grades (Superior / Ordinary / Production, NBS 10-01), their shares (Superior 90–97 %), the
live → gutted yield (0.83, 0.82–0.86), fillet yield, HOG size classes and the waste category
come from ``sim.params`` (docs/references.md §9); an event's ``lots=True`` splits the pen with the
simulation core's own ``sim.harvest.harvest_lots``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
import numpy as np

from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.values import (
    Generated,
    at,
    dec,
    free_unique,
    now,
    randint,
    today,
    uniform,
)
from pytest_aquadata.reference.geography import geography_prefix
from pytest_aquadata.reference.grades import PRODUCT_GRADE_DESCRIPTIONS
from pytest_aquadata.sim import harvest as sim_harvest
from pytest_aquadata.sim import params

_ASSIGNMENT = "pytest_aquadata.factories.batch.BatchContainerAssignmentFactory"
_GEOGRAPHY = "pytest_aquadata.factories.infrastructure.GeographyFactory"
_GRADES = dict(params.PRODUCT_GRADES)
_GRADE_CODES = tuple(_GRADES)
_HARVEST_HOUR, _HARVEST_MINUTE = divmod(params.HARVEST_MINUTE, 60)


class ProductGradeFactory(KeyedFactory):
    """A product quality grade (NBS 10-01), "SUPERIOR" by default.
    Codes and names from ``sim.params``; traits ``superior``, ``ordinary`` and ``production``;
    get-or-create on code."""

    class Meta:
        model = "harvest.ProductGrade"
        django_get_or_create = ("code",)

    class Params:
        superior = factory.Trait(code="SUPERIOR")
        ordinary = factory.Trait(code="ORDINARY")
        production = factory.Trait(code="PRODUCTION")

    code = _GRADE_CODES[0]
    name = factory.LazyAttribute(lambda o: _GRADES.get(o.code, o.code.replace("_", " ").title()))
    description = factory.LazyAttribute(lambda o: PRODUCT_GRADE_DESCRIPTIONS.get(o.code, ""))


def harvest_weight_g() -> Decimal:
    """A seeded mean live weight at harvest, g: ``sim.params.HARVEST_TARGET_KG_RANGE``
    (4.5–6.5 kg, docs/references.md §2)."""
    return dec(uniform(*params.HARVEST_TARGET_KG_RANGE) * 1000)


def _harvest_day(assignment: Any) -> dt.date:
    start = assignment.assignment_date
    day = today() - dt.timedelta(days=randint(0, 7))
    return max(day, start) if start is not None else day


def _area_geography(assignment: Any) -> Any:
    area = getattr(assignment.container, "area", None)
    return area.geography if area is not None else None


def _write_lots(event: Any) -> None:
    """Grade the event's pen into grade × HOG size-class lots with the simulation core
    (sim.harvest.harvest_lots) and record the viscera waste (live − gutted)."""
    assignment = event.assignment
    count = int(assignment.population_count or 0)
    mean_g = float(assignment.avg_weight_g or harvest_weight_g())
    if count <= 0:
        return
    rng = np.random.default_rng(randint(0, 2**32 - 1))
    lots = sim_harvest.harvest_lots(rng, count, mean_g, params.Biology().weight_cv, False)
    grades = {code: ProductGradeFactory(code=code) for code in _GRADE_CODES}
    for i in range(len(lots.count)):
        HarvestLotFactory(
            event=event,
            product_grade=grades[_GRADE_CODES[int(lots.grade[i])]],
            unit_count=int(lots.count[i]),
            live_weight_kg=dec(float(lots.live_kg[i]), 3),
            gutted_weight_kg=dec(float(lots.gutted_kg[i]), 3),
            fillet_weight_kg=dec(float(lots.fillet_kg[i]), 3),
        )
    HarvestWasteFactory(event=event)


def _graded(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create:
        _write_lots(obj)


class HarvestEventFactory(KeyedFactory):
    """The harvest of one sea pen at harvest weight (4.5–6.5 kg) in the last week.
    An Adult assignment (new batch ~400 days at sea) harvested at 08:00, document reference
    ``HRV-FI-2026-0001``; trait ``graded`` (or ``lots=True``) grades the pen into grade × HOG
    size-class lots as the simulation does (Superior 90–97 %, gutted 0.82–0.86 × live, fillet
    0.60–0.65) plus the viscera waste; ``with_destination`` sends it to the harvest plant of the
    pen's geography (subsidiary LG)."""

    class Meta:
        model = "harvest.HarvestEvent"
        skip_postgeneration_save = True

    class Params:
        graded = factory.Trait(lots=factory.PostGeneration(_graded))
        with_destination = factory.Trait(
            dest_geography=factory.Maybe(
                factory.LazyAttribute(lambda o: _area_geography(o.assignment) is not None),
                factory.LazyAttribute(lambda o: _area_geography(o.assignment)),
                factory.SubFactory(_GEOGRAPHY),
            ),
            dest_subsidiary="LG",
        )

    assignment = factory.SubFactory(
        _ASSIGNMENT,
        stage="Adult",
        avg_weight_g=factory.LazyFunction(harvest_weight_g),
        batch__days_in_stage=factory.LazyFunction(
            lambda: params.STAGE_BY_NAME["Adult"].typical_duration_days + randint(-20, 40)
        ),
    )
    batch = factory.SelfAttribute("assignment.batch")
    event_date = factory.LazyAttribute(
        lambda o: min(at(_harvest_day(o.assignment), _HARVEST_HOUR, _HARVEST_MINUTE), now())
    )
    dest_geography = None
    dest_subsidiary = None
    document_ref = factory.LazyAttributeSequence(
        lambda o, n: Generated(
            f"HRV-{geography_prefix(getattr(_area_geography(o.assignment), 'name', 'Faroe Islands'))}"
            f"-{o.event_date.year}-{n + 1:04d}"
        )
    )

    @classmethod
    def _prepare_params(cls, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
        """``batch=`` without ``assignment=`` builds the harvested pen for that batch."""
        routed = any(key == "assignment" or key.startswith("assignment__") for key in params)
        if "batch" in params and not routed:
            params = {**params, "assignment__batch": params["batch"]}
        return params

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Renumber a generated document reference another event already holds."""
        free_unique(model_class, kwargs, ("document_ref",))
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def lots(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``lots=True``: grade × size-class lots and the waste, as the simulation grades."""
        if create and extracted:
            _write_lots(obj)


def grade_share(code: str) -> float:
    """Share of a pen's fish in a grade: Superior drawn from ``SUPERIOR_SHARE_RANGE``; the rest
    split Production ``PRODUCTION_SHARE_OF_REST`` / Ordinary (``sim.params``, docs/references.md §9)."""
    if code == "SUPERIOR":
        return uniform(*params.SUPERIOR_SHARE_RANGE)
    rest = 1 - sum(params.SUPERIOR_SHARE_RANGE) / 2
    production = rest * params.PRODUCTION_SHARE_OF_REST
    return production if code == "PRODUCTION" else rest - production


def _fish_kg(assignment: Any) -> float:
    weight = assignment.avg_weight_g
    return float(weight) / 1000 if weight else float(harvest_weight_g()) / 1000


class HarvestLotFactory(KeyedFactory):
    """A graded harvest lot, Superior by default, with gutted weight = 0.83 × live.
    Default a new pen harvest: 90–97 % of the pen's fish (``sim.params``) at the pen's mean
    weight, gutted = live × ``sim.params.GUTTED_YIELD`` (docs/references.md §9), fillet = live ×
    0.60–0.65; traits ``superior``, ``ordinary`` and ``production`` (their share of the
    remaining fish)."""

    class Meta:
        model = "harvest.HarvestLot"

    class Params:
        grade_code = "SUPERIOR"
        superior = factory.Trait(grade_code="SUPERIOR")
        ordinary = factory.Trait(grade_code="ORDINARY")
        production = factory.Trait(grade_code="PRODUCTION")

    event = factory.SubFactory(HarvestEventFactory)
    product_grade = factory.SubFactory(
        ProductGradeFactory, code=factory.SelfAttribute("..grade_code")
    )
    unit_count = factory.LazyAttribute(
        lambda o: max(
            1, round(o.event.assignment.population_count * grade_share(o.product_grade.code))
        )
    )
    live_weight_kg = factory.LazyAttribute(
        lambda o: dec(o.unit_count * _fish_kg(o.event.assignment), 3)
    )
    gutted_weight_kg = factory.LazyAttribute(
        lambda o: dec(float(o.live_weight_kg) * params.GUTTED_YIELD, 3)
    )
    fillet_weight_kg = factory.LazyAttribute(
        lambda o: dec(float(o.live_weight_kg) * uniform(*params.FILLET_YIELD_RANGE), 3)
    )


def _waste_kg(o: Any) -> Decimal:
    """live − gutted of the event's saved lots; without lots, of the whole pen at 0.83."""
    event = o.event
    if event.pk is not None:
        pairs = list(event.lots.values_list("live_weight_kg", "gutted_weight_kg"))
        if pairs:
            return dec(sum((live - (gutted or live) for live, gutted in pairs), Decimal(0)), 3)
    assignment = event.assignment
    live = float(assignment.population_count or 0) * _fish_kg(assignment)
    return dec(live * (1 - params.GUTTED_YIELD), 3)


class HarvestWasteFactory(KeyedFactory):
    """The viscera-and-blood waste of a harvest event (live − gutted weight).
    Category from ``sim.params``; the weight of the event's lots, or 17 % of the pen's live
    weight when it has no lots."""

    class Meta:
        model = "harvest.HarvestWaste"

    event = factory.SubFactory(HarvestEventFactory)
    category = params.HARVEST_WASTE_CATEGORY
    weight_kg = factory.LazyAttribute(_waste_kg)
