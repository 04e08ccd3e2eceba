"""Finance builder: company and site dimensions, harvest facts, intercompany policies and
transactions, and the batch's project cost centre with its link (finance_core).

Companies are per geography × subsidiary: the station belongs to Freshwater (FW), the sea area
to Farming (FM), harvested fish are sold to Logistics (LG, the harvest plant), the group's own
eggs come from Broodstock (BS). Intercompany charges: smolts moved from a freshwater station to
sea (FW → FM, priced per kg by the source stage), harvested fish (FM → LG, priced per kg gutted
by grade; the charge also names its harvest event in the deprecated ``event`` column, as the
reference's harvest path still fills it) and the group's own eggs delivered to a station (BS →
FW, a cost-plus price per 1 000 eggs, charged when the creation workflow completes); prices
from ``rows.lookups`` (SCHEMA.md §13 seed prices in the company's currency). Transactions are
approved by the finance controller (``rows.staff``: role FIN, head office).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from django.contrib.contenttypes.models import ContentType

from pytest_aquadata.db_routing import save_on
from pytest_aquadata.decimals import dec
from pytest_aquadata.reference.batches import EGG_COST_PER_THOUSAND
from pytest_aquadata.reference.finance import COST_PLUS_MARKUP_PCT, eur_to
from pytest_aquadata.rows.common import (
    days_of,
    instances,
    minutes_of,
    staff_user_id,
    workflows_done,
)
from pytest_aquadata.rows.context import BatchRows, BuildContext, Site, utc
from pytest_aquadata.rows.staff import ALL
from pytest_aquadata.sim import Trajectory, params

SUBSIDIARY_BY_ENVIRONMENT = {"freshwater": "FW", "sea": "FM"}
"""Company (subsidiary) owning the fish in each environment."""

BUYER_OF_HARVEST = "LG"

EGG_SELLER = "BS"
"""The broodstock company sells the group's own (INTERNAL) eggs to the freshwater company."""

INTERNAL_EGG_COST_EUR = EGG_COST_PER_THOUSAND[0]
"""Production cost of 1 000 of the group's own eggs, EUR: the low end of the external price
range (choice: own broodstock undercuts a supplier), charged at cost plus
``COST_PLUS_MARKUP_PCT``."""

POSTING_GRACE_DAYS = 30
"""Transactions posted more than 30 days before the batch's last day are approved (posted);
later ones are still pending (choice: month-end approval)."""

APPROVAL_DELAY_DAYS = 2
APPROVAL_MINUTE = 14 * 60
LINK_MINUTE = 8 * 60


def build_finance(traj: Trajectory, ctx: BuildContext, site: Site, rows: BatchRows) -> None:
    """Write FactHarvest, intercompany transactions, the project cost centre and its link."""
    user = staff_user_id(ctx, traj, rows)
    approver = finance_user_id(ctx, user)
    companies = _companies(ctx, site)
    sites = _sites(ctx, site, companies)
    _facts(traj, ctx, rows, companies, sites)
    rows.extra["intercompany_transaction_ids"] = _transactions(traj, ctx, rows, companies, approver)
    _cost_center(traj, ctx, rows, companies, sites, user)


def finance_user_id(ctx: BuildContext, fallback: int) -> int:
    """The finance controller (role FIN, head office) who approves and locks finance rows;
    ``fallback`` when the build has no staff (a bare context)."""
    return int(ctx.staff.get(("FIN", ALL), fallback))


def _companies(ctx: BuildContext, site: Site) -> dict[str, Any]:
    """DimCompany instances of the site's geography by subsidiary (FW, FM, LG), read once per
    build and geography (every batch of the geography charges the same companies)."""
    key = f"finance companies of geography {site.geography_id}"
    if key not in ctx.known:
        geography = instances(ctx, "infrastructure.Geography", [site.geography_id])
        ids = {
            sub: ctx.lookup(
                "finance.DimCompany", geography=geography[site.geography_id], subsidiary=sub
            )
            for sub in ("FW", "FM", BUYER_OF_HARVEST)
        }
        found = instances(ctx, "finance.DimCompany", ids.values())
        ctx.known[key] = {sub: found[pk] for sub, pk in ids.items()}
    return dict(ctx.known[key])


def _dim_site(ctx: BuildContext, source_model: str, label: str, pk: int, company: Any) -> Any:
    """The DimSite of a station or area (named after it), written when missing; found once
    per build."""
    key = f"finance site of {source_model} {pk}"
    if key in ctx.known:
        return ctx.known[key]
    model = ctx.model("finance.DimSite")
    found = model._default_manager.using(ctx.using).filter(source_model=source_model, source_pk=pk)
    site = found.first()
    if site is None:
        source = instances(ctx, label, [pk])[pk]
        site = model(
            source_model=source_model, source_pk=pk, company=company, site_name=source.name
        )
        save_on(site, ctx.using)
    ctx.known[key] = site
    return site


def _sites(ctx: BuildContext, site: Site, companies: dict[str, Any]) -> dict[str, Any]:
    """DimSite of the station (Freshwater company) and of the sea area (Farming company)."""
    return {
        "station": _dim_site(
            ctx, "station", "infrastructure.FreshwaterStation", site.station_id, companies["FW"]
        ),
        "area": _dim_site(ctx, "area", "infrastructure.Area", site.area_id, companies["FM"]),
    }


def _facts(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    companies: dict[str, Any],
    sites: dict[str, Any],
) -> np.ndarray:
    """FactHarvest: one per HarvestLot, at the farming company and the pen's sea-area site."""
    lots, h = traj.harvest_lots, traj.harvests
    if not len(lots):
        return np.zeros(0, dtype=np.int64)
    lot_ids, event_ids = _harvest_keys(traj, rows)
    grades = {
        code: ctx.lookup("harvest.ProductGrade", code=code) for code, _ in params.PRODUCT_GRADES
    }
    return ctx.emit(
        "finance.FactHarvest",
        {
            "event_id": event_ids[lots.harvest],
            "lot_id": lot_ids,
            "event_date": utc(h.at)[lots.harvest],
            "quantity_kg": lots.live_kg,
            "unit_count": lots.count,
            "product_grade_id": np.array([grades[str(g)] for g in lots.grade], dtype=np.int64),
            "dim_company_id": companies["FM"].pk,
            "dim_site_id": sites["area"].pk,
            "dim_batch_id": rows.batch_id,
        },
    )


def _harvest_keys(traj: Trajectory, rows: BatchRows) -> tuple[np.ndarray, np.ndarray]:
    """HarvestLot and HarvestEvent keys left by ``build_harvest``."""
    try:
        lot_ids = np.asarray(rows.extra["harvest_lot_ids"], dtype=np.int64)
        event_ids = np.asarray(rows.extra["harvest_event_ids"], dtype=np.int64)
    except KeyError:
        raise ValueError(
            "build_finance needs rows.extra['harvest_lot_ids'] and ['harvest_event_ids']: "
            "run build_harvest first"
        ) from None
    if len(lot_ids) != len(traj.harvest_lots) or len(event_ids) != len(traj.harvests):
        raise ValueError(
            f"rows.extra holds {len(event_ids)} harvest events and {len(lot_ids)} lots, "
            f"the trajectory {len(traj.harvests)} and {len(traj.harvest_lots)}"
        )
    return lot_ids, event_ids


def _policy(ctx: BuildContext, seller: Any, buyer: Any, **key: Any) -> int:
    """IntercompanyPolicy id for a seller, buyer and pricing key (get-or-create, STANDARD)."""
    return ctx.lookup("finance.IntercompanyPolicy", from_company=seller, to_company=buyer, **key)


def _transactions(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    companies: dict[str, Any],
    user: int,
) -> np.ndarray:
    """IntercompanyTransaction rows for intercompany transfer workflows, harvests and the
    delivery of the group's own eggs (approved by ``user`` once posted)."""
    w, lots, h = traj.workflows, traj.harvest_lots, traj.harvests
    content_types = ContentType.objects.db_manager(ctx.using)
    source_type, object_id, policy, posting, quantity = [], [], [], [], []
    event: list[float] = []  # the deprecated HarvestEvent column: harvests only

    workflow_type = content_types.get_for_model(ctx.model("batch.BatchTransferWorkflow")).pk
    charged = w.is_intercompany & workflows_done(traj)  # charged when the transfer completes
    stages = instances(
        ctx, "batch.LifeCycleStage", [ctx.stage_id(s) for s in w.source_stage[charged]]
    )
    for i in np.flatnonzero(charged):
        seller = SUBSIDIARY_BY_ENVIRONMENT[params.STAGES[int(w.source_stage[i])].environment]
        buyer = SUBSIDIARY_BY_ENVIRONMENT[params.STAGES[int(w.dest_stage[i])].environment]
        if seller == buyer:
            continue
        if i >= len(rows.workflow_ids):
            raise ValueError(f"rows.workflow_ids has no key for trajectory workflow {i}")
        stage = stages[ctx.stage_id(int(w.source_stage[i]))]
        source_type.append(workflow_type)
        object_id.append(int(rows.workflow_ids[i]))
        policy.append(
            _policy(
                ctx,
                companies[seller],
                companies[buyer],
                pricing_basis="lifecycle",
                lifecycle_stage=stage,
            )
        )
        posting.append(w.end_date[i])
        quantity.append(round(float(w.total_biomass_kg[i]), 2))
        event.append(np.nan)

    if len(lots):
        _, event_ids = _harvest_keys(traj, rows)
        event_type = content_types.get_for_model(ctx.model("harvest.HarvestEvent")).pk
        grades = instances(
            ctx,
            "harvest.ProductGrade",
            [ctx.lookup("harvest.ProductGrade", code=c) for c, _ in params.PRODUCT_GRADES],
        )
        by_code = {g.code: g for g in grades.values()}
        gutted = np.round(lots.gutted_kg, 3)
        harvest_days = days_of(h.at)
        for e in range(len(h)):
            for code, _ in params.PRODUCT_GRADES:
                mine = (lots.harvest == e) & (lots.grade == code)
                if not mine.any():
                    continue
                source_type.append(event_type)
                object_id.append(int(event_ids[e]))
                policy.append(
                    _policy(
                        ctx,
                        companies["FM"],
                        companies[BUYER_OF_HARVEST],
                        pricing_basis="grade",
                        product_grade=by_code[code],
                    )
                )
                posting.append(harvest_days[e])
                quantity.append(float(gutted[mine].sum()))
                event.append(float(event_ids[e]))

    for pk, day, eggs in _internal_egg_deliveries(ctx, rows):
        source_type.append(content_types.get_for_model(ctx.model("batch.BatchCreationWorkflow")).pk)
        object_id.append(pk)
        policy.append(_egg_policy(ctx, rows, companies))
        posting.append(np.datetime64(day, "D"))
        quantity.append(eggs / 1000)  # thousands of eggs
        event.append(np.nan)

    if not policy:
        return np.zeros(0, dtype=np.int64)
    policies = ctx.model("finance.IntercompanyPolicy")._default_manager.using(ctx.using)
    terms = {
        pk: (per_thousand if basis == "egg_delivery" else per_kg, currency)
        for pk, basis, per_kg, per_thousand, currency in policies.filter(
            pk__in=set(policy)
        ).values_list(
            "pk",
            "pricing_basis",
            "price_per_kg",
            "price_per_thousand_eggs",
            "from_company__currency",
        )
    }
    amount = [
        (Decimal(str(q)) * terms[p][0]).quantize(Decimal("0.01")) if terms[p][0] else None
        for q, p in zip(quantity, policy, strict=True)
    ]
    posting_date = np.array(posting, dtype="datetime64[D]")
    cutoff = np.datetime64(traj.end_date, "D") - np.timedelta64(POSTING_GRACE_DAYS, "D")
    posted = posting_date <= cutoff
    approved = minutes_of(posting_date + np.timedelta64(APPROVAL_DELAY_DAYS, "D"), APPROVAL_MINUTE)
    tx_ids = ctx.emit(
        "finance.IntercompanyTransaction",
        {
            "content_type_id": np.array(source_type, dtype=np.int64),
            "object_id": np.array(object_id, dtype=np.int64),
            "event_id": np.array(event, dtype=float),
            "policy_id": np.array(policy, dtype=np.int64),
            "posting_date": posting_date,
            "amount": amount,
            "currency": [terms[p][1] for p in policy],
            "state": np.where(posted, "posted", "pending"),
            "approved_by_id": np.where(posted, float(user), np.nan),
            "approval_date": np.where(posted, approved, np.datetime64("NaT")),
        },
    )
    _link_workflows(ctx, np.array(source_type) == workflow_type, object_id, tx_ids)
    return tx_ids


def _internal_egg_deliveries(ctx: BuildContext, rows: BatchRows) -> list[tuple[int, Any, int]]:
    """(workflow id, completion day, eggs received) of the batch's completed creation workflow
    when its eggs came from the group's own broodstock (``egg_source_type`` INTERNAL)."""
    workflows = ctx.model("batch.BatchCreationWorkflow")._default_manager.using(ctx.using)
    return [
        (int(pk), day, int(eggs or 0))
        for pk, day, eggs in workflows.filter(
            batch_id=rows.batch_id, egg_source_type="INTERNAL", status="COMPLETED"
        )
        .order_by("pk")
        .values_list("pk", "actual_completion_date", "total_eggs_received")
        if day is not None
    ]


def _egg_policy(ctx: BuildContext, rows: BatchRows, companies: dict[str, Any]) -> int:
    """The geography's egg-delivery policy, Broodstock → Freshwater: cost plus
    ``COST_PLUS_MARKUP_PCT`` on ``INTERNAL_EGG_COST_EUR`` per 1 000 eggs, in the seller's
    currency (written when missing; the reference requires a price per 1 000 eggs)."""
    buyer = companies["FW"]
    pk = ctx.lookup("finance.DimCompany", geography=buyer.geography, subsidiary=EGG_SELLER)
    seller_row = instances(ctx, "finance.DimCompany", [pk])[pk]
    policies = ctx.model("finance.IntercompanyPolicy")._default_manager.using(ctx.using)
    found = (
        policies.filter(from_company=seller_row, to_company=buyer, pricing_basis="egg_delivery")
        .order_by("pk")
        .first()
    )
    if found is None:
        markup = dec(COST_PLUS_MARKUP_PCT, 3)
        price = eur_to(
            seller_row.currency, INTERNAL_EGG_COST_EUR * (1 + COST_PLUS_MARKUP_PCT / 100)
        )
        found = policies.model(
            from_company=seller_row,
            to_company=buyer,
            pricing_basis="egg_delivery",
            method="cost_plus",
            markup_percent=markup,
            price_per_thousand_eggs=dec(price),
        )
        save_on(found, ctx.using)
    return int(found.pk)


def _link_workflows(
    ctx: BuildContext, is_workflow: np.ndarray, object_id: list[int], tx_ids: np.ndarray
) -> None:
    """Point each intercompany workflow at its transaction (set at completion in the reference)."""
    picked = np.flatnonzero(is_workflow)
    ctx.change(
        "batch.BatchTransferWorkflow",
        [object_id[k] for k in picked],
        {"finance_transaction_id": [int(tx_ids[k]) for k in picked]},
    )


def _cost_center(
    traj: Trajectory,
    ctx: BuildContext,
    rows: BatchRows,
    companies: dict[str, Any],
    sites: dict[str, Any],
    user: int,
) -> None:
    """SITE and PRJ-<batch id> cost centres and the batch link (the reference's signal)."""
    company, station = companies["FW"], sites["station"]
    centres = ctx.model("finance_core.CostCenter")._default_manager.using(ctx.using)
    site_code = f"SITE-{station.pk}"
    parent = centres.filter(company=company, code=site_code).first()
    if parent is None:
        parent = centres.model(
            company=company,
            site=station,
            cost_center_type="SITE",
            code=site_code,
            name=f"Site {station.site_name}",
            description=f"Site cost centre of {company.display_name}.",
            is_active=True,
        )
        save_on(parent, ctx.using)
    code = f"PRJ-{rows.batch_id}"
    taken = set(
        centres.filter(company=company, code__startswith=code).values_list("code", flat=True)
    )
    k = 2
    while code in taken:
        code, k = f"PRJ-{rows.batch_id}-{k}", k + 1
    centre = ctx.emit(
        "finance_core.CostCenter",
        {
            "company_id": [company.pk],
            "site_id": None,
            "parent_id": parent.pk,
            "code": code,
            "name": f"Batch {rows.batch_number}",
            "cost_center_type": "PROJECT",
            "description": (
                f"Project cost centre of batch {rows.batch_number} "
                f"({traj.spec.geography}, {traj.spec.eggs:,} eggs)."
            ),
            "is_active": traj.status == "ACTIVE",
        },
    )
    first_day = np.array([traj.assignments.start_date.min()], dtype="datetime64[D]")
    rows.extra["cost_center_id"] = int(centre[0])
    ctx.emit(
        "finance_core.CostCenterBatchLink",
        {
            "cost_center_id": centre,
            "batch_id": rows.batch_id,
            "created_by_id": user,
            "linked_at": minutes_of(first_day, LINK_MINUTE),
        },
    )
