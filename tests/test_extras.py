"""extras: the reference rows no batch makes follow a schedule or vary where alike rows would
leave a column empty."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata import extras
from pytest_aquadata.coverage import TableCount
from pytest_aquadata.factories.broodstock import BroodstockFishFactory
from pytest_aquadata.factories.infrastructure import FreshwaterStationFactory
from pytest_aquadata.factories.users import UserProfileFactory
from pytest_aquadata.lookup_values import geography_code

pytestmark = pytest.mark.django_db


def _only(monkeypatch: pytest.MonkeyPatch, *labels: str) -> None:
    """Let the fill see only these (empty) tables."""

    def audit(using: str) -> list[TableCount]:
        out = []
        for label in labels:
            model = apps.get_model(label)
            rows = model.objects.using(using).count()
            out.append(TableCount(*label.split("."), model._meta.db_table, "model", rows))
        return out

    monkeypatch.setattr(extras, "audit", audit)


def test_scenario_model_changes_switch_each_model(monkeypatch) -> None:
    _only(monkeypatch, "scenario.ScenarioModelChange")
    assert extras.fill_remaining_tables() == 3
    changes = apps.get_model("scenario.ScenarioModelChange").objects.all()
    assert changes.filter(new_tgc_model__isnull=False).count() == 1
    fcr = changes.get(new_fcr_model__isnull=False)
    mortality = changes.get(new_mortality_model__isnull=False)
    assert fcr.new_tgc_model_id is None and fcr.new_mortality_model_id is None
    assert mortality.new_tgc_model_id is None and mortality.new_fcr_model_id is None


def test_maintenance_tasks_follow_each_broodstock_tank(monkeypatch) -> None:
    fish = BroodstockFishFactory()
    geography = fish.container.hall.freshwater_station.geography.name
    operator = UserProfileFactory(operator=True, geography=geography_code(geography)).user
    _only(monkeypatch, "broodstock.MaintenanceTask")
    made = extras.fill_remaining_tables()
    tasks = apps.get_model("broodstock.MaintenanceTask").objects.all()
    assert made == tasks.count() > extras.ROWS_PER_TABLE
    assert set(tasks.values_list("container_id", flat=True)) == {fish.container_id}
    assert set(tasks.values_list("created_by_id", flat=True)) == {operator.pk}
    assert tasks.filter(completed_date__isnull=False).exists()
    assert tasks.filter(completed_date__isnull=True).exists()


def test_bought_eggs_go_to_a_station_of_the_farm(monkeypatch) -> None:
    FreshwaterStationFactory()
    station = apps.get_model("infrastructure.FreshwaterStation").objects.order_by("pk").first()
    _only(monkeypatch, "broodstock.ExternalEggBatch")
    extras.fill_remaining_tables()
    lots = apps.get_model("broodstock.ExternalEggBatch").objects.select_related("egg_production")
    assert lots.count() == extras.ROWS_PER_TABLE
    assert {lot.egg_production.destination_station_id for lot in lots} == {station.pk}
