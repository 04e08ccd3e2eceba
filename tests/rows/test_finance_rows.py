"""build_finance: dimensions, harvest facts, intercompany charges, the batch's cost centre."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from rows_helpers import assert_foreign_keys, assert_history, model

from pytest_aquadata.rows.finance import POSTING_GRACE_DAYS, _companies, _sites, build_finance
from pytest_aquadata.rows.harvest import build_harvest

pytestmark = pytest.mark.django_db

TABLES = (
    "finance.FactHarvest",
    "finance.IntercompanyTransaction",
    "finance_core.CostCenter",
    "finance_core.CostCenterBatchLink",
)


def test_one_fact_per_lot(build, harvested) -> None:
    built = build(harvested, build_harvest, build_finance)
    facts = model("finance.FactHarvest").objects.select_related("lot", "dim_site", "dim_company")
    assert facts.count() == len(harvested.harvest_lots) > 0
    assert sorted(facts.values_list("lot_id", flat=True)) == sorted(
        built.rows.extra["harvest_lot_ids"]
    )
    for fact in facts:
        assert fact.event_id == fact.lot.event_id
        assert fact.event_date == fact.lot.event.event_date
        assert fact.quantity_kg == fact.lot.live_weight_kg
        assert fact.unit_count == fact.lot.unit_count
        assert fact.product_grade_id == fact.lot.product_grade_id
        assert fact.dim_batch_id == built.rows.batch_id
        assert fact.dim_company.subsidiary == "FM"
        assert (fact.dim_site.source_model, fact.dim_site.source_pk) == ("area", built.site.area_id)
        assert fact.dim_site.company_id == fact.dim_company_id


def test_companies_and_sites_of_the_geography(build, harvested) -> None:
    built = build(harvested, build_harvest, build_finance)
    companies = model("finance.DimCompany").objects.filter(geography_id=built.site.geography_id)
    assert sorted(companies.values_list("subsidiary", flat=True)) == ["FM", "FW", "LG"]
    assert set(companies.values_list("currency", flat=True)) == {"GBP"}
    sites = model("finance.DimSite").objects
    station = sites.get(source_model="station", source_pk=built.site.station_id)
    assert station.company.subsidiary == "FW"
    assert sites.get(source_model="area", source_pk=built.site.area_id).company.subsidiary == "FM"


def test_a_second_batch_reuses_companies_and_policies(build, harvested) -> None:
    build(harvested, build_harvest, build_finance, batch_number="T-0001")
    policies = model("finance.IntercompanyPolicy").objects.count()
    build(harvested, build_harvest, build_finance, batch_number="T-0002")
    assert model("finance.DimCompany").objects.count() == 3
    assert model("finance.IntercompanyPolicy").objects.count() == policies
    assert model("finance.FactHarvest").objects.count() == 2 * len(harvested.harvest_lots)
    assert model("finance_core.CostCenterBatchLink").objects.count() == 2


def test_intercompany_transactions(build, harvested) -> None:
    built = build(harvested, build_harvest, build_finance)
    w, lots = harvested.workflows, harvested.harvest_lots
    txs = model("finance.IntercompanyTransaction").objects.select_related(
        "policy", "policy__from_company", "policy__to_company", "content_type"
    )
    grades_per_event = {(int(e), str(g)) for e, g in zip(lots.harvest, lots.grade, strict=True)}
    assert txs.count() == int(w.is_intercompany.sum()) + len(grades_per_event)
    workflows = txs.filter(content_type__model="batchtransferworkflow")
    assert workflows.count() == int(w.is_intercompany.sum()) > 0
    for tx in workflows:
        workflow = tx.source
        assert workflow.pk in set(built.rows.workflow_ids.tolist()) and workflow.is_intercompany
        assert workflow.finance_transaction_id == tx.pk
        policy = tx.policy
        assert policy.pricing_basis == "lifecycle"
        assert (policy.from_company.subsidiary, policy.to_company.subsidiary) == ("FW", "FM")
        assert policy.lifecycle_stage_id == workflow.source_lifecycle_stage_id
        assert tx.amount == (workflow.total_biomass_kg * policy.price_per_kg).quantize(
            Decimal("0.01")
        )
        assert tx.posting_date == workflow.actual_completion_date
    for tx in txs.filter(content_type__model="harvestevent"):
        event, policy = tx.source, tx.policy
        assert event.pk in set(built.rows.extra["harvest_event_ids"].tolist())
        assert policy.pricing_basis == "grade"
        assert (policy.from_company.subsidiary, policy.to_company.subsidiary) == ("FM", "LG")
        gutted = sum(
            lot.gutted_weight_kg for lot in event.lots.filter(product_grade=policy.product_grade)
        )
        assert tx.amount == (gutted * policy.price_per_kg).quantize(Decimal("0.01"))
        assert tx.posting_date == event.event_date.date()
    cutoff = harvested.end_date - dt.timedelta(days=POSTING_GRACE_DAYS)
    for tx in txs:
        assert tx.currency == tx.policy.from_company.currency
        assert tx.amount > 0
        if tx.posting_date <= cutoff:
            assert tx.state == "posted" and tx.approved_by_id and tx.approval_date
            assert tx.approval_date.date() > tx.posting_date
        else:
            assert tx.state == "pending" and tx.approved_by_id is None
        tx.policy.full_clean()
        tx.full_clean()


def test_project_cost_centre_and_link(build, harvested) -> None:
    built = build(harvested, build_harvest, build_finance)
    link = model("finance_core.CostCenterBatchLink").objects.get(batch_id=built.rows.batch_id)
    centre = link.cost_center
    assert centre.code == f"PRJ-{built.rows.batch_id}"
    assert centre.cost_center_type == "PROJECT" and centre.company.subsidiary == "FW"
    assert centre.parent.cost_center_type == "SITE"
    assert centre.parent.site.source_model == "station"
    assert link.linked_at.date() == harvested.start_date
    assert not centre.is_active  # the batch is harvested
    centre.full_clean()
    link.full_clean()


def test_foreign_keys_and_history(build, harvested) -> None:
    built = build(harvested, build_harvest, build_finance)
    assert_foreign_keys(*TABLES, "batch.BatchTransferWorkflow")
    assert_history(built, *TABLES)
    for fact in model("finance.FactHarvest").objects.order_by("pk")[:3]:
        fact.full_clean()


def test_needs_the_harvest_keys(build, harvested) -> None:
    with pytest.raises(ValueError, match="build_harvest"):
        build(harvested, build_finance)


def test_active_batch_has_a_cost_centre_and_no_facts(build, active) -> None:
    built = build(active, build_harvest, build_finance)
    assert model("finance.FactHarvest").objects.count() == 0
    assert model("finance.IntercompanyTransaction").objects.count() == int(
        np.sum(active.workflows.is_intercompany)
    )
    centre = model("finance_core.CostCenterBatchLink").objects.get(batch_id=built.rows.batch_id)
    assert centre.cost_center.is_active


def test_sea_transfer_charged_once_completed(build, at_sea) -> None:
    built = build(at_sea, build_harvest, build_finance)
    tx = model("finance.IntercompanyTransaction").objects.get()
    workflow = tx.source
    assert workflow.pk == built.rows.workflow_ids[-1]
    assert workflow.dest_lifecycle_stage.name == "Adult"
    assert tx.policy.lifecycle_stage.name == "Post-Smolt"
    assert tx.state == "pending"  # posted within the last month of the batch
    assert tx.amount > 0 and tx.currency == "GBP"


def test_harvest_charges_name_their_event(build, harvested) -> None:
    build(harvested, build_harvest, build_finance)
    txs = model("finance.IntercompanyTransaction").objects
    harvests = txs.filter(content_type__model="harvestevent")
    assert harvests.exists()
    for tx in harvests:
        assert tx.event_id == tx.object_id  # the deprecated column repeats the source
    assert not txs.exclude(content_type__model="harvestevent").filter(event__isnull=False)


def _internal_eggs(traj, ctx, site, rows) -> None:
    """The batch's eggs came from the group's own broodstock (a completed INTERNAL creation)."""
    from pytest_aquadata.factories.batch import BatchCreationWorkflowFactory

    BatchCreationWorkflowFactory(
        batch=model("batch.Batch").objects.get(pk=rows.batch_id),
        internal=True,
        completed=True,
        total_eggs_received=traj.spec.eggs,
    )


def test_internal_eggs_charged_at_cost_plus(build, harvested) -> None:
    from pytest_aquadata.reference.finance import COST_PLUS_MARKUP_PCT

    built = build(harvested, _internal_eggs, build_harvest, build_finance)
    tx = model("finance.IntercompanyTransaction").objects.get(
        content_type__model="batchcreationworkflow"
    )
    workflow, policy = tx.source, tx.policy
    assert workflow.batch_id == built.rows.batch_id and workflow.egg_source_type == "INTERNAL"
    assert (policy.from_company.subsidiary, policy.to_company.subsidiary) == ("BS", "FW")
    assert (policy.pricing_basis, policy.method) == ("egg_delivery", "cost_plus")
    assert policy.markup_percent == Decimal(str(COST_PLUS_MARKUP_PCT))
    assert policy.price_per_kg is None and policy.price_per_thousand_eggs > 0
    assert tx.amount == (
        Decimal(workflow.total_eggs_received) / 1000 * policy.price_per_thousand_eggs
    ).quantize(Decimal("0.01"))
    assert tx.posting_date == workflow.actual_completion_date and tx.event_id is None
    policy.full_clean()
    tx.full_clean()
    others = model("finance.IntercompanyPolicy").objects.exclude(pk=policy.pk)
    assert not others.filter(markup_percent__isnull=False).exists()  # standard prices
    assert not others.filter(price_per_thousand_eggs__isnull=False).exists()


def test_companies_and_sites_are_read_once_per_build(
    build, harvested, django_assert_num_queries
) -> None:
    """Every batch of a geography charges the same companies and sites: a build reads them
    once (in a pipelined build each read waits for the queued writes)."""
    built = build(harvested, build_harvest, build_finance)
    with django_assert_num_queries(0):
        companies = _companies(built.ctx, built.site)
        sites = _sites(built.ctx, built.site, companies)
    stored = model("finance.DimCompany").objects.filter(geography_id=built.site.geography_id)
    assert {c.pk for c in companies.values()} == set(stored.values_list("pk", flat=True))
    assert sites["station"].source_pk == built.site.station_id
    assert sites["area"].source_pk == built.site.area_id
    assert model("finance.DimSite").objects.count() == 2
