"""Factories of the `finance_core` app: chart of accounts, cost centres, budgets, NAV cost
imports, period locks, allocation rules and month-end valuation runs.

Accounts follow a NAV-style salmon-farming chart (``reference.finance.ACCOUNT_GROUPS`` /
``ACCOUNTS``: 4100 Feed with cost group FEED, 4300 Fish health, 3010 harvest sales, …);
amounts are typical monthly costs of one site in EUR converted to the company's currency
(DKK / GBP). Companies and sites come from the finance factories.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps
from django.db.models import Count, Max, Sum

from pytest_aquadata.factories._keyed import KeyedFactory
from pytest_aquadata.factories.finance import DimCompanyFactory, DimSiteFactory
from pytest_aquadata.factories.values import Generated, at, dec, now, randint, today, uniform
from pytest_aquadata.reference.finance import (
    ACCOUNT_GROUPS,
    ACCOUNTS,
    ALLOCATION_BASES,
    DEPARTMENT_COST_CENTERS,
    HARVEST_PRICE_EUR_PER_KG,
    MONTHLY_COST_EUR,
    VALUATION_COST_SHARE,
    eur_to,
)
from pytest_aquadata.reference.geography import geography_prefix
from pytest_aquadata.sim import params
from pytest_aquadata.stage_table import STAGES

_USER = "pytest_aquadata.factories.users.UserFactory"
_BATCH = "pytest_aquadata.factories.batch.BatchFactory"
_GROUPS = {spec.code: spec for spec in ACCOUNT_GROUPS}
_ACCOUNTS = {code: (name, group) for code, name, group in ACCOUNTS}
_COST_GROUP_CODES = tuple(spec.code for spec in ACCOUNT_GROUPS if spec.cost_group)


def _model(label: str) -> Any:
    return apps.get_model(label)


def last_closed_month() -> tuple[int, int]:
    """(year, month) of the month before the current one."""
    first = today().replace(day=1)
    previous = first - dt.timedelta(days=1)
    return previous.year, previous.month


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def monthly_amount(group_code: str | None, currency: str | None) -> Decimal:
    """A seeded monthly amount of an account group for one site, in ``currency``
    (``reference.finance.MONTHLY_COST_EUR``; 10–100 k EUR for unknown groups)."""
    low, high = MONTHLY_COST_EUR.get(group_code or "", (10_000.0, 100_000.0))
    return dec(eur_to(currency, uniform(low, high)))


# ---------------------------------------------------------------------------------------------
# Chart of accounts.
# ---------------------------------------------------------------------------------------------


class AccountGroupFactory(KeyedFactory):
    """A chart-of-accounts group, "4100 Feed" (EXPENSE, NAV cost group FEED) by default.
    Any code of the reference chart (4000 Production costs, 4200 Eggs and smolt, 4300 Fish
    health and treatments, 4400 Well-boat and transport, 5000 Personnel, 6000 Site operations,
    6500 Depreciation, 3000 Revenue, 1400 Biological assets, 1600 Receivables) gets its name,
    type, cost group and order; traits ``health``, ``personnel``, ``revenue``,
    ``biological_assets`` and ``with_parent`` (its parent group); get-or-create on code."""

    class Meta:
        model = "finance_core.AccountGroup"
        django_get_or_create = ("code",)

    class Params:
        spec = factory.LazyAttribute(lambda o: _GROUPS.get(o.code))
        health = factory.Trait(code="4300")
        personnel = factory.Trait(code="5000")
        revenue = factory.Trait(code="3000")
        biological_assets = factory.Trait(code="1400")
        with_parent = factory.Trait(
            parent=factory.Maybe(
                factory.LazyAttribute(lambda o: bool(o.spec and o.spec.parent)),
                factory.SubFactory(
                    "pytest_aquadata.factories.finance_core.AccountGroupFactory",
                    code=factory.LazyAttribute(lambda o: o.factory_parent.spec.parent),
                ),
                None,
            )
        )

    code = "4100"
    name = factory.LazyAttribute(lambda o: o.spec.name if o.spec else f"Account group {o.code}")
    account_type = factory.LazyAttribute(lambda o: o.spec.account_type if o.spec else "EXPENSE")
    parent = None
    cost_group = factory.LazyAttribute(lambda o: o.spec.cost_group if o.spec else None)
    description = factory.LazyAttribute(
        lambda o: (
            f"{o.spec.name}; NAV cost group {o.spec.cost_group}."
            if o.spec and o.spec.cost_group
            else ""
        )
    )
    display_order = factory.LazyAttribute(lambda o: o.spec.display_order if o.spec else 0)
    is_active = True


def _account_group_code(code: str) -> str | None:
    row = _ACCOUNTS.get(code)
    return row[1] if row else None


class AccountFactory(KeyedFactory):
    """A ledger account, "4120 Feed – sea" (EXPENSE) by default.
    Any code of the reference chart (4110 Feed – freshwater, 4310 Vaccines, 4320 Lice
    treatments, 5010 Wages, 3010 Harvest sales, 1410 Live fish at cost, 1610 Intercompany
    receivables, …) gets its name and its group's type; traits ``vaccines``, ``wages``,
    ``harvest_sales``, ``receivable`` and ``grouped`` (linked to its account group);
    get-or-create on code."""

    class Meta:
        model = "finance_core.Account"
        django_get_or_create = ("code",)

    class Params:
        group_code = factory.LazyAttribute(lambda o: _account_group_code(o.code))
        vaccines = factory.Trait(code="4310")
        wages = factory.Trait(code="5010")
        harvest_sales = factory.Trait(code="3010")
        receivable = factory.Trait(code="1610")
        grouped = factory.Trait(
            group=factory.SubFactory(
                AccountGroupFactory,
                code=factory.LazyAttribute(lambda o: o.factory_parent.group_code or "4000"),
            )
        )

    code = "4120"
    name = factory.LazyAttribute(
        lambda o: _ACCOUNTS[o.code][0] if o.code in _ACCOUNTS else f"Account {o.code}"
    )
    account_type = factory.LazyAttribute(
        lambda o: _GROUPS[o.group_code].account_type if o.group_code in _GROUPS else "EXPENSE"
    )
    group = None
    description = ""
    is_active = True


# ---------------------------------------------------------------------------------------------
# Cost centres.
# ---------------------------------------------------------------------------------------------


def _department(n: int) -> tuple[str, str]:
    return DEPARTMENT_COST_CENTERS[n % len(DEPARTMENT_COST_CENTERS)]


def _cost_center_code(o: Any, n: int) -> str:
    if o.cost_center_type == "SITE":
        return Generated(f"SITE-{getattr(o.site, 'pk', None) or n + 1}")
    if o.cost_center_type == "PROJECT":
        return Generated(f"PRJ-{n + 1:04d}")
    if o.cost_center_type == "OTHER":
        return Generated(f"CC-{n + 1:04d}")
    return Generated(_department(n)[0])


def _cost_center_name(o: Any, n: int) -> str:
    if o.cost_center_type == "SITE":
        return f"Site {getattr(o.site, 'site_name', '') or o.code}"
    if o.cost_center_type == "PROJECT":
        return f"Project {o.code}"
    if o.cost_center_type == "OTHER":
        return "Shared services"
    return _department(n)[1]


class CostCenterFactory(KeyedFactory):
    """A department cost centre of a company ("SEA-OPS Sea farming operations", …).
    Default the Faroe Farming company, departments in turn (FW-OPS, SEA-OPS, HEALTH, LOG,
    ADMIN); traits ``for_site`` (SITE-<site id> for a new site of the company), ``project``
    (PRJ-NNNN, what batches link to), ``other``, ``with_parent`` (under a department) and
    ``inactive``; a code already used in the company gets a ``-2`` suffix."""

    class Meta:
        model = "finance_core.CostCenter"

    class Params:
        for_site = factory.Trait(
            cost_center_type="SITE",
            site=factory.SubFactory(DimSiteFactory, company=factory.SelfAttribute("..company")),
        )
        project = factory.Trait(cost_center_type="PROJECT")
        other = factory.Trait(cost_center_type="OTHER")
        with_parent = factory.Trait(
            parent=factory.SubFactory(
                "pytest_aquadata.factories.finance_core.CostCenterFactory",
                company=factory.SelfAttribute("..company"),
            )
        )
        inactive = factory.Trait(is_active=False)

    company = factory.SubFactory(DimCompanyFactory)
    site = None
    parent = None
    cost_center_type = "DEPARTMENT"
    code = factory.LazyAttributeSequence(_cost_center_code)
    name = factory.LazyAttributeSequence(_cost_center_name)
    description = factory.LazyAttribute(
        lambda o: f"{o.cost_center_type.title()} cost centre of {o.company.display_name}."
    )
    is_active = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        """Give a generated code already used in the company a ``-2``, ``-3``… suffix."""
        code, company = kwargs.get("code"), kwargs.get("company")
        if isinstance(code, Generated) and company is not None:
            taken = cls._get_manager(model_class).filter(company=company)
            candidate, k = str(code), 2
            while taken.filter(code=candidate).exists():
                candidate, k = f"{code}-{k}", k + 1
            kwargs["code"] = candidate
        return super()._create(model_class, *args, **kwargs)


def _batch_subsidiary(o: Any) -> str:
    """FW for a batch still in freshwater, FM once it is at sea."""
    batch = o.factory_parent.factory_parent.batch
    stage = STAGES.get(getattr(batch.lifecycle_stage, "name", ""))
    return "FM" if stage is not None and stage.is_sea else "FW"


class CostCenterBatchLinkFactory(KeyedFactory):
    """The link of a batch to its PROJECT cost centre ``PRJ-<batch id>``.
    Default a new Fry batch; the centre is named after the batch, in the Freshwater company of
    its geography (Farming once the batch is at sea)."""

    class Meta:
        model = "finance_core.CostCenterBatchLink"

    batch = factory.SubFactory(_BATCH)
    cost_center = factory.SubFactory(
        CostCenterFactory,
        project=True,
        company__subsidiary=factory.LazyAttribute(_batch_subsidiary),
        code=factory.LazyAttribute(lambda o: Generated(f"PRJ-{o.factory_parent.batch.pk or 0}")),
        name=factory.LazyAttribute(lambda o: f"Batch {o.factory_parent.batch.batch_number}"),
    )
    created_by = None


# ---------------------------------------------------------------------------------------------
# Budgets.
# ---------------------------------------------------------------------------------------------


def _next_version(o: Any) -> int:
    if o.company.pk is None:
        return 1
    last = (
        _model("finance_core.Budget")
        ._default_manager.filter(company=o.company, fiscal_year=o.fiscal_year, name=o.name)
        .aggregate(v=Max("version"))["v"]
    )
    return (last or 0) + 1


_BUDGET_ACCOUNTS = ("4120", "4320", "5010", "6010")


class BudgetFactory(KeyedFactory):
    """A DRAFT operating budget of a company for the current fiscal year, version 1.
    Default the Faroe Farming company, "Operating budget 2026" (the next version when that name
    and year exist); traits ``active``, ``archived``, ``next_year``; ``entries=True`` budgets 12
    months of sea feed, lice treatments, wages and maintenance on a site cost centre."""

    class Meta:
        model = "finance_core.Budget"
        skip_postgeneration_save = True

    class Params:
        active = factory.Trait(status="ACTIVE")
        archived = factory.Trait(
            status="ARCHIVED", fiscal_year=factory.LazyFunction(lambda: today().year - 1)
        )
        next_year = factory.Trait(fiscal_year=factory.LazyFunction(lambda: today().year + 1))

    company = factory.SubFactory(DimCompanyFactory)
    name = factory.LazyAttribute(lambda o: f"Operating budget {o.fiscal_year}")
    fiscal_year = factory.LazyFunction(lambda: today().year)
    status = "DRAFT"
    version = factory.LazyAttribute(_next_version)
    notes = factory.LazyAttribute(
        lambda o: (
            f"Budget {o.fiscal_year} in {o.company.currency or 'EUR'}, one site, monthly phasing."
        )
    )
    created_by = None

    @factory.post_generation
    def entries(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``entries=True``: 12 monthly entries for each of 4 accounts on one site centre."""
        if not create or not extracted:
            return
        centre = CostCenterFactory(company=obj.company, for_site=True)
        for code in _BUDGET_ACCOUNTS:
            account = AccountFactory(code=code)
            for month in range(1, 13):
                BudgetEntryFactory(budget=obj, account=account, cost_center=centre, month=month)


def _next_month(o: Any) -> int:
    if o.budget.pk is None or o.account.pk is None or o.cost_center.pk is None:
        return 1
    used = set(
        _model("finance_core.BudgetEntry")
        ._default_manager.filter(budget=o.budget, account=o.account, cost_center=o.cost_center)
        .values_list("month", flat=True)
    )
    return next((m for m in range(1, 13) if m not in used), 1)


def _account_group(account: Any) -> str | None:
    group = getattr(account, "group", None)
    return group.code if group is not None else _account_group_code(account.code)


class BudgetEntryFactory(KeyedFactory):
    """A monthly budget amount for an account × cost centre (sea feed by default).
    On a new site cost centre of the budget's company, the next month not yet budgeted for that
    pair, a typical month of that account group for one site (feed 0.4–1.2 M EUR) in the
    company's currency."""

    class Meta:
        model = "finance_core.BudgetEntry"

    budget = factory.SubFactory(BudgetFactory)
    account = factory.SubFactory(AccountFactory)
    cost_center = factory.SubFactory(
        CostCenterFactory, company=factory.SelfAttribute("..budget.company"), for_site=True
    )
    month = factory.LazyAttribute(_next_month)
    amount = factory.LazyAttribute(
        lambda o: monthly_amount(_account_group(o.account), o.budget.company.currency)
    )
    allocated_from = None
    notes = ""


# ---------------------------------------------------------------------------------------------
# NAV cost imports.
# ---------------------------------------------------------------------------------------------


class CostImportBatchFactory(KeyedFactory):
    """A NAV cost import file of last month, with a SHA-256 checksum (empty by default).
    Named "NAV_costs_2026-10_001.csv"; ``lines=N`` imports N cost lines (cost groups in turn on
    one sea site of the Faroe Farming company) and updates the row count and total."""

    class Meta:
        model = "finance_core.CostImportBatch"
        skip_postgeneration_save = True

    class Params:
        period = factory.LazyFunction(last_closed_month)

    year = factory.LazyAttribute(lambda o: o.period[0])
    month = factory.LazyAttribute(lambda o: o.period[1])
    source_filename = factory.LazyAttributeSequence(
        lambda o, n: f"NAV_costs_{o.year}-{o.month:02d}_{n + 1:03d}.csv"
    )
    checksum = factory.LazyAttribute(
        lambda o: hashlib.sha256(f"{o.source_filename}:{randint(0, 2**31)}".encode()).hexdigest()
    )
    imported_row_count = 0
    total_amount = Decimal("0.00")
    uploaded_by = None

    @factory.post_generation
    def lines(obj: Any, create: bool, extracted: int | None, **kwargs: Any) -> None:
        """``lines=N``: N cost lines on one operating unit."""
        if not create or not extracted:
            return
        site = kwargs.pop("operating_unit", None) or DimSiteFactory()
        for i in range(extracted):
            CostImportLineFactory(
                import_batch=obj,
                company=site.company,
                operating_unit=site,
                account_group__code=_COST_GROUP_CODES[i % len(_COST_GROUP_CODES)],
                **kwargs,
            )


def refresh_import_totals(import_batch: Any) -> None:
    """Set an import batch's row count and total from its lines (one UPDATE)."""
    totals = (
        _model("finance_core.CostImportLine")
        ._default_manager.filter(import_batch=import_batch)
        .aggregate(n=Count("pk"), total=Sum("amount"))
    )
    values = {"imported_row_count": totals["n"], "total_amount": dec(totals["total"] or 0)}
    type(import_batch)._default_manager.filter(pk=import_batch.pk).update(**values)
    for name, value in values.items():
        setattr(import_batch, name, value)


class CostImportLineFactory(KeyedFactory):
    """One imported actual cost of a month (default 4100 Feed / FEED on a sea site).
    On an operating unit (default a new sea-area site of the Faroe Farming company), a typical
    month of that group in the company's currency, the raw NAV row as JSON; on create the import
    batch's row count and total are updated."""

    class Meta:
        model = "finance_core.CostImportLine"
        skip_postgeneration_save = True

    import_batch = factory.SubFactory(CostImportBatchFactory)
    company = factory.SubFactory(DimCompanyFactory)
    operating_unit = factory.SubFactory(DimSiteFactory, company=factory.SelfAttribute("..company"))
    account_group = factory.SubFactory(AccountGroupFactory)
    year = factory.SelfAttribute("import_batch.year")
    month = factory.SelfAttribute("import_batch.month")
    cost_group_code = factory.LazyAttribute(
        lambda o: o.account_group.cost_group or o.account_group.code
    )
    operating_unit_name = factory.SelfAttribute("operating_unit.site_name")
    amount = factory.LazyAttribute(
        lambda o: monthly_amount(o.account_group.code, o.company.currency)
    )
    raw_payload = factory.LazyAttribute(
        lambda o: {
            "Company": o.company.nav_company_code,
            "Dimension Value": o.operating_unit_name,
            "Cost Group": o.cost_group_code,
            "Posting Period": f"{o.year}-{o.month:02d}",
            "Amount": str(o.amount),
            "Currency": o.company.currency,
        }
    )

    @factory.post_generation
    def update_batch(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """On create, refresh the import batch's row count and total (False skips)."""
        if create and extracted is not False:
            refresh_import_totals(obj.import_batch)


# ---------------------------------------------------------------------------------------------
# Period locks, allocation rules, valuation runs.
# ---------------------------------------------------------------------------------------------


def _free_period(o: Any) -> tuple[int, int]:
    """The latest closed month the (company, operating unit) has no lock for."""
    year, month = last_closed_month()
    if o.company.pk is None or o.operating_unit.pk is None:
        return year, month
    locks = _model("finance_core.PeriodLock")._default_manager.filter(
        company=o.company, operating_unit=o.operating_unit
    )
    while locks.filter(year=year, month=month).exists():
        year, month = _month_before(year, month)
    return year, month


class PeriodLockFactory(KeyedFactory):
    """A month-end lock of an operating unit for its latest closed month not yet locked.
    Default a new sea-area site of the Faroe Farming company: locked, version 1, reason
    "Month-end close"; trait ``reopened`` (unlocked again with a reason, version 2)."""

    class Meta:
        model = "finance_core.PeriodLock"

    class Params:
        period = factory.LazyAttribute(_free_period)
        reopened = factory.Trait(
            is_locked=False,
            version=2,
            reopened_by=factory.SubFactory(_USER),
            reopened_at=factory.LazyFunction(lambda: now() - dt.timedelta(days=randint(0, 5))),
            reopen_reason="Late feed invoice from the supplier to be posted.",
        )

    company = factory.SubFactory(DimCompanyFactory)
    operating_unit = factory.SubFactory(DimSiteFactory, company=factory.SelfAttribute("..company"))
    year = factory.LazyAttribute(lambda o: o.period[0])
    month = factory.LazyAttribute(lambda o: o.period[1])
    is_locked = True
    version = 1
    lock_reason = "Month-end close: NAV costs imported and biological assets valued."
    locked_by = None
    reopened_by = None
    reopened_at = None
    reopen_reason = ""


class AllocationRuleFactory(KeyedFactory):
    """A cost allocation rule spreading an account group's costs over batches by biomass.
    Effective from 1 January this year, default 4100 Feed spread over the PROJECT cost centres
    pro rata to biomass, monthly; traits ``by_cost_center`` (a department cost centre's costs
    instead), ``by_feed`` (pro rata to feed kg) and ``expired`` (ended last year, inactive)."""

    class Meta:
        model = "finance_core.AllocationRule"

    class Params:
        basis = ALLOCATION_BASES[0]
        by_feed = factory.Trait(basis="feed_kg")
        by_cost_center = factory.Trait(
            account_group=None, cost_center=factory.SubFactory(CostCenterFactory)
        )
        expired = factory.Trait(
            effective_from=factory.LazyFunction(lambda: dt.date(today().year - 1, 1, 1)),
            effective_to=factory.LazyFunction(lambda: dt.date(today().year - 1, 12, 31)),
            is_active=False,
        )

    name = factory.LazyAttribute(
        lambda o: (
            f"Allocate {(o.account_group.name if o.account_group else o.cost_center.name).lower()} "
            f"by {o.basis.replace('_', ' ')}"
        )
    )
    account_group = factory.SubFactory(AccountGroupFactory)
    cost_center = None
    effective_from = factory.LazyFunction(lambda: dt.date(today().year, 1, 1))
    effective_to = None
    rule_definition = factory.LazyAttribute(
        lambda o: {
            "source": (
                {"account_group": o.account_group.code}
                if o.account_group
                else {"cost_center": o.cost_center.code}
            ),
            "targets": {"cost_center_type": "PROJECT"},
            "basis": o.basis,
            "method": "pro_rata",
            "frequency": "monthly",
        }
    )
    is_active = True


def _next_run_version(o: Any) -> int:
    if o.company.pk is None or o.operating_unit.pk is None:
        return 1
    last = (
        _model("finance_core.ValuationRun")
        ._default_manager.filter(
            company=o.company, operating_unit=o.operating_unit, year=o.year, month=o.month
        )
        .aggregate(v=Max("version"))["v"]
    )
    return (last or 0) + 1


def _biology(o: Any) -> list[dict[str, Any]]:
    """Two to four sea batches of the site at month end: pen loads and weights from
    ``sim.params`` (Adult stage, pen fish limit)."""
    adult = STAGES["Adult"]
    prefix = geography_prefix(o.company.geography.name)
    rows = []
    for i in range(randint(2, 4)):
        fish = randint(adult.fish_per_container * 3, adult.fish_per_container * 8)
        weight = round(uniform(adult.weight_min_g * 2, adult.weight_max_g * 0.8), 1)
        rows.append(
            {
                "batch_number": f"{prefix}-{o.year - 1}-{i + 1:03d}",
                "stage": adult.name,
                "population": fish,
                "avg_weight_g": weight,
                "biomass_kg": round(fish * weight / 1000, 1),
            }
        )
    return rows


def _value(o: Any, row: dict[str, Any]) -> tuple[float, float]:
    """(cost, fair value) of a batch in the company's currency: fair value = biomass × gutted
    yield × Superior price (``sim.params.GUTTED_YIELD``); cost 55–75 % of it (choice)."""
    price = eur_to(o.company.currency, HARVEST_PRICE_EUR_PER_KG["SUPERIOR"])
    fair = row["biomass_kg"] * params.GUTTED_YIELD * price
    return round(fair * uniform(*VALUATION_COST_SHARE), 2), round(fair, 2)


def _snapshots(o: Any) -> dict[str, Any]:
    biology = _biology(o)
    values = [_value(o, row) for row in biology]
    allocation = [
        {
            "batch_number": row["batch_number"],
            "account_group": code,
            "amount": round(cost * share, 2),
        }
        for row, (cost, _) in zip(biology, values, strict=True)
        for code, share in (("4100", 0.55), ("4300", 0.1), ("6000", 0.1))
    ]
    mortality = [
        {
            "batch_number": row["batch_number"],
            "dead_fish": round(row["population"] * sum(params.MONTHLY_SEA_MORTALITY_PCT) / 1200),
            "cost_written_off": round(cost * sum(params.MONTHLY_SEA_MORTALITY_PCT) / 1200, 2),
        }
        for row, (cost, _) in zip(biology, values, strict=True)
    ]
    return {
        "biology": biology,
        "allocation": allocation,
        "rules": [{"rule": "Allocate feed by biomass", "basis": "biomass", "method": "pro_rata"}],
        "mortality": mortality,
        "totals": {
            "fish": sum(row["population"] for row in biology),
            "biomass_kg": round(sum(row["biomass_kg"] for row in biology), 1),
            "cost": round(sum(cost for cost, _ in values), 2),
            "fair_value": round(sum(fair for _, fair in values), 2),
            "currency": o.company.currency,
        },
    }


class ValuationRunFactory(KeyedFactory):
    """A PREVIEW month-end biological-asset valuation of an operating unit for last month.
    Default a new sea-area site of the Faroe Farming company, version N+1 of that unit and
    month, with JSON snapshots: 2–4 sea batches (fish, weight, biomass), cost allocation, rules,
    mortality write-offs and totals (cost; fair value = biomass × 0.83 gutted yield × Superior
    price) in the company's currency; traits ``approved``, ``exported`` (NAV posting to 1410
    Live fish at cost) and ``failed``."""

    class Meta:
        model = "finance_core.ValuationRun"

    class Params:
        period = factory.LazyFunction(last_closed_month)
        snapshots = factory.LazyAttribute(_snapshots)
        approved = factory.Trait(
            status="APPROVED",
            created_by=factory.SubFactory(_USER),
            approved_by=factory.SubFactory(_USER),
            completed_at=factory.LazyFunction(lambda: now() - dt.timedelta(hours=randint(1, 48))),
        )
        exported = factory.Trait(
            status="EXPORTED",
            created_by=factory.SubFactory(_USER),
            approved_by=factory.SubFactory(_USER),
            completed_at=factory.LazyFunction(lambda: now() - dt.timedelta(hours=randint(1, 48))),
            nav_posting=factory.LazyAttribute(
                lambda o: {
                    "journal": "VALUATION",
                    "document_no": f"VAL-{o.year}-{o.month:02d}-{o.version:02d}",
                    "posting_date": str(
                        dt.date(o.year, o.month, calendar.monthrange(o.year, o.month)[1])
                    ),
                    "account_no": "1410",
                    "balancing_account_no": "4900",
                    "amount": o.snapshots["totals"]["cost"],
                    "currency": o.company.currency,
                }
            ),
        )
        failed = factory.Trait(
            status="FAILED",
            notes="Valuation failed: cost import for the month is missing.",
            completed_at=factory.LazyFunction(lambda: at(today(), 6)),
        )

    company = factory.SubFactory(DimCompanyFactory)
    operating_unit = factory.SubFactory(DimSiteFactory, company=factory.SelfAttribute("..company"))
    budget = None
    import_batch = None
    year = factory.LazyAttribute(lambda o: o.period[0])
    month = factory.LazyAttribute(lambda o: o.period[1])
    version = factory.LazyAttribute(_next_run_version)
    status = "PREVIEW"
    created_by = None
    approved_by = None
    completed_at = None
    notes = ""
    biology_snapshot = factory.LazyAttribute(lambda o: o.snapshots["biology"])
    allocation_snapshot = factory.LazyAttribute(lambda o: o.snapshots["allocation"])
    rule_snapshot = factory.LazyAttribute(lambda o: o.snapshots["rules"])
    mortality_snapshot = factory.LazyAttribute(lambda o: o.snapshots["mortality"])
    totals_snapshot = factory.LazyAttribute(lambda o: o.snapshots["totals"])
    nav_posting = factory.LazyFunction(dict)
