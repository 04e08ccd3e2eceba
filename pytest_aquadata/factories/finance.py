"""Factories of the `finance` app: company and site dimensions, harvest facts, intercompany
pricing policies and transactions, NAV journal exports.

One company per (geography, subsidiary), "AquaFarm Faroe Islands Farming" in DKK, "AquaFarm
Scotland Freshwater" in GBP; sites point at real stations and sea areas. Intercompany prices:
eggs per 1 000 (broodstock → freshwater), smolt per kg by stage (freshwater → farming, SCHEMA.md
§13 seed prices) and harvest per kg by grade (farming → logistics), converted to the selling
company's currency.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps
from factory import enums

from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.values import at, dec, now, today, uniform
from pytest_aquadata.lookup_values import geography_code
from pytest_aquadata.reference.batches import EGG_COST_PER_THOUSAND
from pytest_aquadata.reference.finance import (
    COMPANY_BRAND,
    COST_PLUS_MARKUP_PCT,
    HARVEST_PRICE_EUR_PER_KG,
    NAV_ACCOUNTS,
    TRANSFER_PRICE_EUR_PER_KG,
    currency_of,
    eur_to,
)
from pytest_aquadata.reference.people import DEPARTMENTS
from pytest_aquadata.sim import params

_USER = "pytest_aquadata.factories.users.UserFactory"
_GEOGRAPHY = "pytest_aquadata.factories.infrastructure.GeographyFactory"
_AREA = "pytest_aquadata.factories.infrastructure.AreaFactory"
_STATION = "pytest_aquadata.factories.infrastructure.FreshwaterStationFactory"
_LIFECYCLE_STAGE = "pytest_aquadata.factories.batch.LifeCycleStageFactory"
_TRANSFER = "pytest_aquadata.factories.batch.BatchTransferWorkflowFactory"
_CREATION = "pytest_aquadata.factories.batch.BatchCreationWorkflowFactory"
_HARVEST_EVENT = "pytest_aquadata.factories.harvest.HarvestEventFactory"
_HARVEST_LOT = "pytest_aquadata.factories.harvest.HarvestLotFactory"
_PRODUCT_GRADE = "pytest_aquadata.factories.harvest.ProductGradeFactory"
_FAROE = "Faroe Islands"
_SOURCE_MODELS = {"area": "infrastructure.Area", "station": "infrastructure.FreshwaterStation"}

#: Selling and buying subsidiary of each pricing basis (eggs BS → FW, smolt FW → FM,
#: harvest FM → LG).
BASIS_SUBSIDIARIES: dict[str, tuple[str, str]] = {
    "egg_delivery": ("BS", "FW"),
    "lifecycle": ("FW", "FM"),
    "grade": ("FM", "LG"),
}


def _model(label: str) -> Any:
    return apps.get_model(label)


class DimCompanyFactory(KeyedFactory):
    """A legal entity per geography × subsidiary, "AquaFarm Faroe Islands Farming" by default.
    In the geography's currency (DKK / GBP) with NAV company code ``FO-FM``; traits per
    subsidiary ``broodstock``, ``freshwater``, ``farming``, ``logistics``, ``head_office`` and
    ``scotland``; get-or-create on (geography, subsidiary)."""

    class Meta:
        model = "finance.DimCompany"
        django_get_or_create = ("geography", "subsidiary")

    class Params:
        broodstock = factory.Trait(subsidiary="BS")
        freshwater = factory.Trait(subsidiary="FW")
        farming = factory.Trait(subsidiary="FM")
        logistics = factory.Trait(subsidiary="LG")
        head_office = factory.Trait(subsidiary="ALL")
        scotland = factory.Trait(geography=factory.SubFactory(_GEOGRAPHY, name="Scotland"))

    geography = factory.SubFactory(_GEOGRAPHY)
    subsidiary = "FM"
    display_name = factory.LazyAttribute(
        lambda o: (
            f"{COMPANY_BRAND} {o.geography.name} {DEPARTMENTS.get(o.subsidiary, o.subsidiary)}"
        )
    )
    currency = factory.LazyAttribute(lambda o: currency_of(o.geography.name))
    nav_company_code = factory.LazyAttribute(
        lambda o: f"{geography_code(o.geography.name)}-{o.subsidiary}"
    )


class DimSiteFactory(KeyedFactory):
    """The finance dimension of an operating unit, by default a new Faroe sea area.
    A new ``FI-SEA-NN`` area with the geography's Farming company; traits ``station`` (a
    freshwater station, Freshwater company) and ``scotland``; ``source=`` or ``source_pk=``
    points it at an existing area or station; get-or-create on (source_model, source_pk)."""

    class Meta:
        model = "finance.DimSite"
        django_get_or_create = ("source_model", "source_pk")

    class Params:
        geography = _FAROE
        station = factory.Trait(source_model="station")
        scotland = factory.Trait(geography="Scotland")
        source = factory.Maybe(
            factory.LazyAttribute(lambda o: o.source_model == "station"),
            factory.SubFactory(_STATION, geography=factory.SelfAttribute("..company.geography")),
            factory.SubFactory(_AREA, geography=factory.SelfAttribute("..company.geography")),
        )

    source_model = "area"
    company = factory.SubFactory(
        DimCompanyFactory,
        geography=factory.SubFactory(_GEOGRAPHY, name=factory.SelfAttribute("...geography")),
        subsidiary=factory.LazyAttribute(
            lambda o: "FW" if o.factory_parent.source_model == "station" else "FM"
        ),
    )
    source_pk = factory.SelfAttribute("source.pk")
    site_name = factory.LazyAttribute(
        lambda o: o.source.name if o.source is not None else f"{o.source_model} {o.source_pk}"
    )

    @classmethod
    def _prepare_params(cls, strategy: str, params: dict[str, Any]) -> dict[str, Any]:
        """``source_pk=`` without ``source=`` points the site at that area or station (and its
        geography's company) instead of making a new one."""
        if "source_pk" not in params or "source" in params:
            return params
        label = _SOURCE_MODELS.get(params.get("source_model", "area"), _SOURCE_MODELS["area"])
        source = None
        if strategy == enums.CREATE_STRATEGY:
            source = apps.get_model(label)._default_manager.filter(pk=params["source_pk"]).first()
        params = {**params, "source": source}
        if source is not None and not any(
            k == "company" or k.startswith("company__") for k in params
        ):
            params["company__geography"] = source.geography
        return params


def site_for_container(container: Any) -> Any:
    """The DimSite (get-or-create) of a container's sea area or freshwater station."""
    area = getattr(container, "area", None)
    if area is not None:
        return DimSiteFactory(source_model="area", source=area, company__geography=area.geography)
    station = getattr(getattr(container, "hall", None), "freshwater_station", None)
    if station is not None:
        return DimSiteFactory(
            source_model="station", source=station, company__geography=station.geography
        )
    return DimSiteFactory()


class FactHarvestFactory(KeyedFactory):
    """The finance fact of a harvest lot: kg, units, grade, company, site and batch.
    Default a Superior lot of a new pen harvest: event, date, grade, live kg and units of the
    lot, the Farming company and DimSite of the pen's sea area, and the batch id."""

    class Meta:
        model = "finance.FactHarvest"

    lot = factory.SubFactory(_HARVEST_LOT)
    event = factory.SelfAttribute("lot.event")
    event_date = factory.SelfAttribute("event.event_date")
    quantity_kg = factory.SelfAttribute("lot.live_weight_kg")
    unit_count = factory.SelfAttribute("lot.unit_count")
    product_grade = factory.SelfAttribute("lot.product_grade")
    dim_site = factory.LazyAttribute(
        lambda o: (
            site_for_container(o.event.assignment.container)
            if o.event.pk is not None
            else DimSiteFactory.build()
        )
    )
    dim_company = factory.SelfAttribute("dim_site.company")
    dim_batch_id = factory.SelfAttribute("event.batch.pk")


def _basis_company(o: Any, side: int) -> Any:
    return BASIS_SUBSIDIARIES.get(o.pricing_basis, ("FM", "LG"))[side]


def _price_per_kg(o: Any) -> Decimal | None:
    """Standard price per kg in the selling company's currency: harvest by grade (gutted kg),
    smolt by stage (SCHEMA.md §13 seed prices); None for market and cost-plus pricing."""
    if o.method != "standard" or o.pricing_basis == "egg_delivery":
        return None
    if o.pricing_basis == "grade":
        code = getattr(o.product_grade, "code", "SUPERIOR")
        eur = HARVEST_PRICE_EUR_PER_KG.get(code, HARVEST_PRICE_EUR_PER_KG["SUPERIOR"])
    else:
        name = getattr(o.lifecycle_stage, "name", "Smolt")
        eur = TRANSFER_PRICE_EUR_PER_KG.get(name, TRANSFER_PRICE_EUR_PER_KG["Smolt"])
    return dec(eur_to(o.from_company.currency, eur))


class IntercompanyPolicyFactory(KeyedFactory):
    """A standard harvest transfer price, Superior grade, Farming → Logistics (7.50 EUR/kg).
    Price in the seller's currency (DKK / GBP); traits ``lifecycle`` (Freshwater → Farming,
    Post-Smolt at 15.00 EUR/kg, SCHEMA.md §13), ``egg_delivery`` (Broodstock → Freshwater per 1
    000 eggs), ``cost_plus`` (5 % markup), ``market``, ``ordinary`` / ``production`` grades and
    ``scotland``; get-or-create on (from, to, basis, grade or stage), like the partial unique
    constraints."""

    class Meta:
        model = "finance.IntercompanyPolicy"

    class Params:
        geography = _FAROE
        lifecycle = factory.Trait(pricing_basis="lifecycle")
        egg_delivery = factory.Trait(pricing_basis="egg_delivery")
        cost_plus = factory.Trait(method="cost_plus")
        market = factory.Trait(method="market")
        ordinary = factory.Trait(product_grade=factory.SubFactory(_PRODUCT_GRADE, code="ORDINARY"))
        production = factory.Trait(
            product_grade=factory.SubFactory(_PRODUCT_GRADE, code="PRODUCTION")
        )
        scotland = factory.Trait(geography="Scotland")

    from_company = factory.SubFactory(
        DimCompanyFactory,
        geography=factory.SubFactory(_GEOGRAPHY, name=factory.SelfAttribute("...geography")),
        subsidiary=factory.LazyAttribute(lambda o: _basis_company(o.factory_parent, 0)),
    )
    to_company = factory.SubFactory(
        DimCompanyFactory,
        geography=factory.SelfAttribute("..from_company.geography"),
        subsidiary=factory.LazyAttribute(lambda o: _basis_company(o.factory_parent, 1)),
    )
    pricing_basis = "grade"
    product_grade = factory.Maybe(
        factory.LazyAttribute(lambda o: o.pricing_basis == "grade"),
        factory.SubFactory(_PRODUCT_GRADE),
        None,
    )
    lifecycle_stage = factory.Maybe(
        factory.LazyAttribute(lambda o: o.pricing_basis == "lifecycle"),
        factory.SubFactory(_LIFECYCLE_STAGE, name="Post-Smolt"),
        None,
    )
    method = "standard"
    markup_percent = factory.LazyAttribute(
        lambda o: dec(COST_PLUS_MARKUP_PCT, 3) if o.method == "cost_plus" else None
    )
    price_per_kg = factory.LazyAttribute(_price_per_kg)
    price_per_thousand_eggs = factory.LazyAttribute(
        lambda o: (
            dec(eur_to(o.from_company.currency, sum(EGG_COST_PER_THOUSAND) / 2))
            if o.pricing_basis == "egg_delivery"
            else None
        )
    )

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Get-or-create on the policy's natural key, so two factories never collide on the
        partial unique constraints (from, to, grade) / (from, to, stage)."""
        lookup = {
            key: kwargs[key]
            for key in (
                "from_company",
                "to_company",
                "pricing_basis",
                "product_grade",
                "lifecycle_stage",
            )
            if key in kwargs
        }
        defaults = {k: v for k, v in kwargs.items() if k not in lookup}
        manager = cls._get_manager(model_class)
        existing = manager.filter(**lookup).order_by("pk").first()
        if existing is not None:
            return existing
        return manager.create(*args, **lookup, **defaults)


def _source_kg(source: Any, policy: Any) -> float | None:
    """Kilograms a transaction charges for: gutted kg of the harvest's lots of the policy
    grade (pen biomass × 0.83 × grade share when it has none), transferred biomass of a
    transfer workflow, or thousands of eggs of a creation workflow."""
    label = source._meta.label
    if label == "harvest.HarvestEvent":
        lots = source.lots.all() if source.pk is not None else []
        if policy.product_grade_id is not None:
            lots = [lot for lot in lots if lot.product_grade_id == policy.product_grade_id]
        if lots:
            return float(
                sum((lot.gutted_weight_kg or lot.live_weight_kg for lot in lots), Decimal(0))
            )
        from pytest_aquadata.factories.harvest import grade_share

        code = getattr(policy.product_grade, "code", "SUPERIOR")
        biomass = float(source.assignment.biomass_kg or 0)
        return biomass * params.GUTTED_YIELD * grade_share(code)
    if label == "batch.BatchTransferWorkflow":
        total = float(source.total_biomass_kg or 0)
        if total > 0:
            return total
        return float(source.estimated_total_biomass_kg or 0) or None
    if label == "batch.BatchCreationWorkflow":
        return float(source.total_eggs_received or source.total_eggs_planned or 0) / 1000
    return None


def transaction_amount(source: Any, policy: Any) -> Decimal | None:
    """Charge of a source event under a policy: kg × price per kg, or thousands of eggs ×
    price per 1 000 eggs; None when the policy has no fixed price (market, cost-plus)."""
    quantity = _source_kg(source, policy)
    price = (
        policy.price_per_thousand_eggs
        if policy.pricing_basis == "egg_delivery"
        else policy.price_per_kg
    )
    if quantity is None or price is None:
        return None
    return dec(quantity * float(price))


class IntercompanyTransactionFactory(KeyedFactory):
    """A PENDING intercompany charge for a pen harvest under the Superior harvest policy.
    Sourced through the generic relation from an event matching the policy: a pen harvest for
    grade policies, a sea-transfer workflow for ``lifecycle``, an egg-delivery creation workflow
    for ``egg_delivery``; amount = quantity × price in the seller's currency, posted on the
    event day; traits ``posted`` (approved by a manager) and ``exported``."""

    class Meta:
        model = "finance.IntercompanyTransaction"

    class Params:
        lifecycle = factory.Trait(
            policy=factory.SubFactory(IntercompanyPolicyFactory, lifecycle=True)
        )
        egg_delivery = factory.Trait(
            policy=factory.SubFactory(IntercompanyPolicyFactory, egg_delivery=True)
        )
        posted = factory.Trait(
            state="posted",
            approved_by=factory.SubFactory(_USER),
            approval_date=factory.LazyAttribute(
                lambda o: min(at(o.posting_date, 14) + dt.timedelta(days=1), now())
            ),
        )
        exported = factory.Trait(
            state="exported",
            approved_by=factory.SubFactory(_USER),
            approval_date=factory.LazyAttribute(
                lambda o: min(at(o.posting_date, 14) + dt.timedelta(days=1), now())
            ),
        )

    policy = factory.SubFactory(IntercompanyPolicyFactory)
    source = factory.Maybe(
        factory.LazyAttribute(lambda o: o.policy.pricing_basis == "lifecycle"),
        factory.SubFactory(_TRANSFER, stage="Post-Smolt", completed=True),
        factory.Maybe(
            factory.LazyAttribute(lambda o: o.policy.pricing_basis == "egg_delivery"),
            factory.SubFactory(_CREATION, completed=True),
            factory.SubFactory(_HARVEST_EVENT),
        ),
    )
    event = None
    posting_date = factory.LazyAttribute(lambda o: _source_date(o.source))
    amount = factory.LazyAttribute(lambda o: transaction_amount(o.source, o.policy))
    currency = factory.SelfAttribute("policy.from_company.currency")
    state = "pending"
    approved_by = None
    approval_date = None

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Build without touching the database: the generic source is kept as object_id only
        (its content type needs a query)."""
        source = kwargs.pop("source", None)
        if source is not None:
            kwargs.setdefault("object_id", source.pk)
        return super()._build(model_class, *args, **kwargs)


def _source_date(source: Any) -> dt.date:
    """The business day of a source: harvest day, transfer completion, egg delivery."""
    for attr in (
        "event_date",
        "actual_completion_date",
        "planned_completion_date",
        "planned_start_date",
    ):
        value = getattr(source, attr, None)
        if value is not None:
            return value.date() if isinstance(value, dt.datetime) else value
    return today()


def _month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _export_period(o: Any) -> tuple[dt.date, dt.date]:
    """The latest closed month without an export for the company."""
    first, _ = _month_bounds(today())
    start, end = _month_bounds(first - dt.timedelta(days=1))
    if o.company.pk is None:
        return start, end
    taken = _model("finance.NavExportBatch")._default_manager.filter(company=o.company)
    while taken.filter(date_from=start, date_to=end).exists():
        start, end = _month_bounds(start - dt.timedelta(days=1))
    return start, end


class NavExportBatchFactory(KeyedFactory):
    """A DRAFT NAV journal export of a company for its latest unexported closed month.
    Default the Faroe Farming company: first to last day of the month, posted on the last day,
    in the company's currency; trait ``exported``."""

    class Meta:
        model = "finance.NavExportBatch"

    class Params:
        period = factory.LazyAttribute(_export_period)
        exported = factory.Trait(state="exported")

    company = factory.SubFactory(DimCompanyFactory)
    date_from = factory.LazyAttribute(lambda o: o.period[0])
    date_to = factory.LazyAttribute(lambda o: o.period[1])
    posting_date = factory.SelfAttribute("date_to")
    currency = factory.SelfAttribute("company.currency")
    state = "draft"


def _document_no(o: Any, n: int) -> str:
    batch = o.batch
    if batch.pk is None:
        return f"ICT-{n + 1:06d}"
    lines = _model("finance.NavExportLine")._default_manager.filter(batch=batch)
    number = lines.count() + 1
    while lines.filter(document_no=f"ICT-{batch.pk:05d}-{number:04d}").exists():
        number += 1
    return f"ICT-{batch.pk:05d}-{number:04d}"


def _line_site(o: Any) -> Any:
    source = o.transaction.source if o.transaction.pk is not None else None
    container = None
    if source is not None and hasattr(source, "assignment"):
        container = source.assignment.container
    if container is not None:
        return site_for_container(container)
    return DimSiteFactory(company=o.dim_company) if o.dim_company.pk else DimSiteFactory.build()


def _source_batch_id(transaction: Any) -> int:
    source = transaction.source if transaction.pk is not None else None
    batch = getattr(source, "batch", None)
    return batch.pk if batch is not None and batch.pk is not None else 0


class NavExportLineFactory(KeyedFactory):
    """A NAV journal line exporting one posted intercompany transaction.
    Default a harvest charge, in an export batch of the selling company: document
    ``ICT-00001-0001``, intercompany revenue account (3010 harvest, 3020 smolt, 3030 eggs)
    against the receivable 1610, the transaction amount, company, the site of the source pen,
    the grade (Superior for non-grade policies) and the source batch id."""

    class Meta:
        model = "finance.NavExportLine"

    transaction = factory.SubFactory(IntercompanyTransactionFactory, posted=True)
    batch = factory.SubFactory(
        NavExportBatchFactory, company=factory.SelfAttribute("..transaction.policy.from_company")
    )
    document_no = factory.LazyAttributeSequence(_document_no)
    account_no = factory.LazyAttribute(
        lambda o: NAV_ACCOUNTS.get(o.transaction.policy.pricing_basis, ("3010", "1610"))[0]
    )
    balancing_account_no = factory.LazyAttribute(
        lambda o: NAV_ACCOUNTS.get(o.transaction.policy.pricing_basis, ("3010", "1610"))[1]
    )
    amount = factory.LazyAttribute(lambda o: o.transaction.amount or dec(uniform(1e5, 1e6)))
    description = factory.LazyAttribute(
        lambda o: (
            f"Intercompany {o.transaction.policy.get_pricing_basis_display().lower()} "
            f"{o.transaction.policy.from_company.nav_company_code} → "
            f"{o.transaction.policy.to_company.nav_company_code}, "
            f"posted {o.transaction.posting_date:%Y-%m-%d}"
        )
    )
    dim_company = factory.SelfAttribute("batch.company")
    dim_site = factory.LazyAttribute(_line_site)
    product_grade = factory.Maybe(
        factory.LazyAttribute(lambda o: o.transaction.policy.product_grade is not None),
        factory.SelfAttribute("transaction.policy.product_grade"),
        factory.SubFactory(_PRODUCT_GRADE),
    )
    batch_id_int = factory.LazyAttribute(lambda o: _source_batch_id(o.transaction))
