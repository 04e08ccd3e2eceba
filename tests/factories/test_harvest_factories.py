"""Harvest factories: pen harvests, graded lots, waste and product grades."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Sum

from pytest_aquadata.factories.harvest import (
    HarvestEventFactory,
    HarvestLotFactory,
    HarvestWasteFactory,
    ProductGradeFactory,
)
from pytest_aquadata.factories.values import now
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def test_grades_are_the_three_industry_grades_without_duplicates() -> None:
    for code, name in params.PRODUCT_GRADES:
        assert ProductGradeFactory(code=code).name == name
    HarvestLotFactory()
    HarvestLotFactory(production=True)
    assert model("harvest.ProductGrade").objects.count() == 3
    assert "NBS 10-01" in ProductGradeFactory(ordinary=True).description


def test_event_harvests_an_adult_pen_at_harvest_weight() -> None:
    event = HarvestEventFactory()
    assignment = event.assignment
    assert event.batch == assignment.batch
    assert assignment.lifecycle_stage.name == "Adult"
    assert assignment.container.area is not None
    low, high = params.HARVEST_TARGET_KG_RANGE
    assert low * 1000 <= assignment.avg_weight_g <= high * 1000
    assert assignment.assignment_date <= event.event_date.date() and event.event_date <= now()
    assert event.document_ref.startswith("HRV-FI-")
    assert event.dest_geography is None and event.dest_subsidiary is None
    sent = HarvestEventFactory(with_destination=True)
    assert sent.dest_geography == sent.assignment.container.area.geography
    assert sent.dest_subsidiary == "LG"


@pytest.mark.parametrize("trait", ["superior", "ordinary", "production"])
def test_lot_of_a_grade_has_gutted_weight_083_of_live(trait: str) -> None:
    lot = HarvestLotFactory(**{trait: True})
    assert lot.product_grade.code == trait.upper()
    assert lot.gutted_weight_kg == pytest.approx(
        lot.live_weight_kg * Decimal("0.83"), abs=Decimal("0.001")
    )
    low, high = params.FILLET_YIELD_RANGE
    assert (
        low * float(lot.live_weight_kg) - 0.01
        <= float(lot.fillet_weight_kg)
        <= high * float(lot.live_weight_kg) + 0.01
    )
    fish_kg = float(lot.live_weight_kg) / lot.unit_count
    assert fish_kg == pytest.approx(float(lot.event.assignment.avg_weight_g) / 1000, rel=0.01)


def test_superior_lot_holds_most_of_the_pen() -> None:
    lot = HarvestLotFactory()
    share = lot.unit_count / lot.event.assignment.population_count
    low, high = params.SUPERIOR_SHARE_RANGE
    assert low - 0.01 <= share <= high + 0.01
    ordinary = HarvestLotFactory(event=lot.event, ordinary=True)
    assert ordinary.unit_count < lot.unit_count / 10


def test_graded_event_splits_the_pen_like_the_simulation() -> None:
    event = HarvestEventFactory(graded=True)
    lots = model("harvest.HarvestLot").objects.filter(event=event)
    assignment = event.assignment
    assert lots.aggregate(n=Sum("unit_count"))["n"] == assignment.population_count
    live = float(lots.aggregate(kg=Sum("live_weight_kg"))["kg"])
    assert live == pytest.approx(
        assignment.population_count * float(assignment.avg_weight_g) / 1000, rel=1e-4
    )
    gutted = float(lots.aggregate(kg=Sum("gutted_weight_kg"))["kg"])
    low, high = params.GUTTED_YIELD_RANGE
    assert low - 1e-4 <= gutted / live <= high + 1e-4
    superior = lots.filter(product_grade__code="SUPERIOR").aggregate(n=Sum("unit_count"))["n"]
    assert superior / assignment.population_count > 0.85
    waste = model("harvest.HarvestWaste").objects.get(event=event)
    assert waste.category == params.HARVEST_WASTE_CATEGORY
    assert float(waste.weight_kg) == pytest.approx(live - gutted, abs=0.01)
    assert len({lot.product_grade_id for lot in lots}) <= 3 < lots.count()


def test_waste_without_lots_is_the_pens_viscera() -> None:
    waste = HarvestWasteFactory()
    assignment = waste.event.assignment
    live = assignment.population_count * float(assignment.avg_weight_g) / 1000
    assert float(waste.weight_kg) == pytest.approx(live * (1 - params.GUTTED_YIELD), rel=1e-4)


def test_harvest_of_a_given_batch_builds_its_pen_in_that_batch() -> None:
    from pytest_aquadata.factories.batch import BatchFactory

    batch = BatchFactory(stage="Adult")
    event = HarvestEventFactory(batch=batch)
    assert event.assignment.batch == batch
    assert event.assignment.lifecycle_stage.name == "Adult"
