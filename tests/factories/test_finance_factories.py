"""Finance factories: company and site dimensions, harvest facts, intercompany policies and
transactions, NAV exports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from pytest_aquadata.factories.finance import (
    DimCompanyFactory,
    DimSiteFactory,
    FactHarvestFactory,
    IntercompanyPolicyFactory,
    IntercompanyTransactionFactory,
    NavExportBatchFactory,
    NavExportLineFactory,
    site_for_container,
)
from pytest_aquadata.factories.harvest import HarvestEventFactory
from pytest_aquadata.factories.infrastructure import ContainerFactory
from pytest_aquadata.reference.finance import (
    CURRENCY_BY_GEOGRAPHY,
    EUR_RATES,
    HARVEST_PRICE_EUR_PER_KG,
    NAV_ACCOUNTS,
)
from pytest_aquadata.sim import params

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def test_one_company_per_geography_and_subsidiary() -> None:
    farming = DimCompanyFactory()
    assert farming.display_name == "AquaFarm Faroe Islands Farming"
    assert (farming.currency, farming.nav_company_code) == ("DKK", "FO-FM")
    assert DimCompanyFactory() == farming
    scotland = DimCompanyFactory(scotland=True, freshwater=True)
    assert (scotland.currency, scotland.nav_company_code) == ("GBP", "SC-FW")
    DimSiteFactory.create_batch(2)
    assert model("finance.DimCompany").objects.count() == 2


def test_sites_point_at_real_areas_and_stations() -> None:
    area_site = DimSiteFactory()
    area = model("infrastructure.Area").objects.get(pk=area_site.source_pk)
    assert area_site.site_name == area.name and area_site.company.subsidiary == "FM"
    assert area.geography == area_site.company.geography
    station_site = DimSiteFactory(station=True)
    station = model("infrastructure.FreshwaterStation").objects.get(pk=station_site.source_pk)
    assert station_site.site_name == station.name and station_site.company.subsidiary == "FW"


def test_site_of_a_container_is_looked_up() -> None:
    pen = ContainerFactory(sea_ring=True)
    site = site_for_container(pen)
    assert site_for_container(pen) == site
    assert (site.source_model, site.source_pk) == ("area", pen.area_id)
    tank = ContainerFactory()
    assert site_for_container(tank).source_pk == tank.hall.freshwater_station_id


def test_fact_harvest_mirrors_its_lot() -> None:
    fact = FactHarvestFactory()
    lot = fact.lot
    assert (fact.event, fact.product_grade, fact.unit_count) == (
        lot.event,
        lot.product_grade,
        lot.unit_count,
    )
    assert fact.quantity_kg == lot.live_weight_kg and fact.event_date == lot.event.event_date
    assert fact.dim_batch_id == lot.event.batch_id
    assert fact.dim_site.source_pk == lot.event.assignment.container.area_id
    assert fact.dim_company == fact.dim_site.company


def test_harvest_policy_prices_by_grade_in_the_sellers_currency() -> None:
    policy = IntercompanyPolicyFactory()
    assert (policy.from_company.subsidiary, policy.to_company.subsidiary) == ("FM", "LG")
    assert policy.product_grade.code == "SUPERIOR" and policy.lifecycle_stage is None
    expected = HARVEST_PRICE_EUR_PER_KG["SUPERIOR"] * EUR_RATES["DKK"]
    assert float(policy.price_per_kg) == pytest.approx(expected, abs=0.01)
    production = IntercompanyPolicyFactory(production=True)
    assert production.price_per_kg < policy.price_per_kg


def test_lifecycle_and_egg_policies() -> None:
    smolt = IntercompanyPolicyFactory(lifecycle=True, scotland=True)
    assert (smolt.from_company.subsidiary, smolt.to_company.subsidiary) == ("FW", "FM")
    assert smolt.lifecycle_stage.name == "Post-Smolt" and smolt.product_grade is None
    assert float(smolt.price_per_kg) == pytest.approx(15.0 * EUR_RATES["GBP"], abs=0.01)
    eggs = IntercompanyPolicyFactory(egg_delivery=True)
    assert eggs.price_per_thousand_eggs > 0 and eggs.price_per_kg is None
    cost_plus = IntercompanyPolicyFactory(
        cost_plus=True, lifecycle=True, lifecycle_stage__name="Smolt"
    )
    assert cost_plus.markup_percent == Decimal("5.000") and cost_plus.price_per_kg is None


def test_policies_are_looked_up_on_their_natural_key() -> None:
    first = IntercompanyPolicyFactory()
    assert IntercompanyPolicyFactory() == first
    IntercompanyPolicyFactory(ordinary=True)
    assert model("finance.IntercompanyPolicy").objects.count() == 2
    clone = model("finance.IntercompanyPolicy")(
        from_company=first.from_company,
        to_company=first.to_company,
        pricing_basis="grade",
        product_grade=first.product_grade,
        price_per_kg=Decimal("1.00"),
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        super(type(clone), clone).save()  # the partial unique constraint still guards the table


def test_harvest_transaction_charges_the_superior_gutted_kg() -> None:
    event = HarvestEventFactory(graded=True)
    tx = IntercompanyTransactionFactory(source=event)
    assert tx.source == event and tx.event is None
    kg = sum(lot.gutted_weight_kg for lot in event.lots.filter(product_grade__code="SUPERIOR"))
    assert float(tx.amount) == pytest.approx(float(kg * tx.policy.price_per_kg), abs=0.01)
    assert (tx.state, tx.currency, tx.posting_date) == ("pending", "DKK", event.event_date.date())


def test_transaction_sources_follow_the_policy() -> None:
    transfer = IntercompanyTransactionFactory(lifecycle=True, posted=True)
    assert transfer.source._meta.label == "batch.BatchTransferWorkflow"
    assert transfer.source.status == "COMPLETED"
    assert transfer.approved_by is not None and transfer.approval_date is not None
    eggs = IntercompanyTransactionFactory(egg_delivery=True)
    assert eggs.source._meta.label == "batch.BatchCreationWorkflow"
    per_thousand = eggs.policy.price_per_thousand_eggs
    received = eggs.source.total_eggs_received or eggs.source.total_eggs_planned
    assert float(eggs.amount) == pytest.approx(received / 1000 * float(per_thousand), abs=0.01)


def test_nav_exports_take_successive_closed_months() -> None:
    company = DimCompanyFactory()
    first, second = NavExportBatchFactory.create_batch(2, company=company)
    assert first.date_from.day == 1 and first.posting_date == first.date_to
    assert second.date_to < first.date_from
    assert (second.date_to - second.date_from).days >= 27
    assert first.currency == "DKK"


def test_nav_lines_export_posted_transactions() -> None:
    line = NavExportLineFactory()
    tx = line.transaction
    assert tx.state == "posted" and line.amount == tx.amount
    assert line.batch.company == tx.policy.from_company == line.dim_company
    assert (line.account_no, line.balancing_account_no) == NAV_ACCOUNTS["grade"]
    assert line.product_grade == tx.policy.product_grade
    assert line.batch_id_int == tx.source.batch_id
    assert line.dim_site.source_pk == tx.source.assignment.container.area_id
    more = NavExportLineFactory.create_batch(2, batch=line.batch)
    assert len({line.document_no, *(m.document_no for m in more)}) == 3


def test_currencies_come_from_the_geography() -> None:
    assert set(CURRENCY_BY_GEOGRAPHY) == set(params.GEOGRAPHIES)


def test_lookups_by_id_as_the_builders_pass_them() -> None:
    from pytest_aquadata.factories.infrastructure import AreaFactory, GeographyFactory

    scotland = GeographyFactory(scotland=True)
    company = DimCompanyFactory(geography_id=scotland.pk, subsidiary="FW")
    assert company.geography == scotland and company.currency == "GBP"
    assert DimCompanyFactory(geography_id=scotland.pk, subsidiary="FW") == company
    area = AreaFactory(scotland=True)
    site = DimSiteFactory(source_model="area", source_pk=area.pk)
    assert (site.site_name, site.company.geography) == (area.name, scotland)
    assert DimSiteFactory(source_model="area", source_pk=area.pk) == site
    assert model("infrastructure.Area").objects.count() == 1
