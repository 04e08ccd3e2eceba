"""Finance-core factories: chart of accounts, cost centres, budgets, cost imports, period
locks, allocation rules and valuation runs."""

from __future__ import annotations

import pytest
from django.apps import apps

from pytest_aquadata.factories.finance import DimCompanyFactory
from pytest_aquadata.factories.finance_core import (
    AccountFactory,
    AccountGroupFactory,
    AllocationRuleFactory,
    BudgetEntryFactory,
    BudgetFactory,
    CostCenterBatchLinkFactory,
    CostCenterFactory,
    CostImportBatchFactory,
    CostImportLineFactory,
    PeriodLockFactory,
    ValuationRunFactory,
    last_closed_month,
)
from pytest_aquadata.factories.values import today
from pytest_aquadata.reference.finance import (
    ACCOUNT_GROUPS,
    DEPARTMENT_COST_CENTERS,
    EUR_RATES,
    MONTHLY_COST_EUR,
)

pytestmark = pytest.mark.django_db


def model(label: str):
    return apps.get_model(label)


def test_chart_of_accounts_is_looked_up_by_code() -> None:
    feed = AccountGroupFactory()
    assert (feed.code, feed.name, feed.account_type, feed.cost_group) == (
        "4100",
        "Feed",
        "EXPENSE",
        "FEED",
    )
    AccountGroupFactory()
    AllocationRuleFactory()
    assert model("finance_core.AccountGroup").objects.count() == 1
    AccountFactory()
    AccountFactory()
    account = AccountFactory(grouped=True)
    assert model("finance_core.Account").objects.count() == 1
    assert (account.code, account.name) == ("4120", "Feed – sea")
    assert account.group is None  # get-or-create keeps the first row
    grouped = AccountFactory(wages=True, grouped=True)
    assert grouped.group.code == "5000" and grouped.account_type == "EXPENSE"
    assert AccountFactory(harvest_sales=True).account_type == "REVENUE"


def test_group_hierarchy_on_request() -> None:
    health = AccountGroupFactory(health=True, with_parent=True)
    assert health.parent.code == "4000" and health.parent.parent is None
    assert AccountGroupFactory(revenue=True).cost_group is None
    codes = {spec.cost_group for spec in ACCOUNT_GROUPS if spec.cost_group}
    assert len(codes) == len([s for s in ACCOUNT_GROUPS if s.cost_group])


def test_cost_centre_codes_are_unique_per_company() -> None:
    company = DimCompanyFactory()
    centres = CostCenterFactory.create_batch(7, company=company)
    codes = [c.code for c in centres]
    assert len(set(codes)) == 7
    assert codes[0] in {code for code, _ in DEPARTMENT_COST_CENTERS}
    assert any(code.endswith("-2") for code in codes)
    other = CostCenterFactory(company=DimCompanyFactory(freshwater=True), code=codes[0])
    assert other.code == codes[0]


def test_site_and_child_cost_centres_stay_in_their_company() -> None:
    site = CostCenterFactory(for_site=True)
    assert site.cost_center_type == "SITE" and site.site.company == site.company
    assert site.code == f"SITE-{site.site.pk}"
    child = CostCenterFactory(with_parent=True)
    assert child.parent.company == child.company


def test_batch_link_uses_a_project_centre_named_after_the_batch() -> None:
    link = CostCenterBatchLinkFactory()
    centre = link.cost_center
    assert centre.cost_center_type == "PROJECT"
    assert centre.code == f"PRJ-{link.batch.pk}" and link.batch.batch_number in centre.name
    assert centre.company.subsidiary == "FW"
    sea = CostCenterBatchLinkFactory(batch__stage="Adult")
    assert sea.cost_center.company.subsidiary == "FM"


def test_budget_versions_and_entries() -> None:
    first = BudgetFactory()
    second = BudgetFactory(company=first.company)
    assert (first.version, second.version) == (1, 2)
    assert first.fiscal_year == today().year and first.name == f"Operating budget {today().year}"
    budget = BudgetFactory(active=True, entries=True)
    entries = budget.entries.all()
    assert entries.count() == 48
    assert set(entries.values_list("month", flat=True)) == set(range(1, 13))
    feed = entries.filter(account__code="4120")
    low, high = MONTHLY_COST_EUR["4100"]
    for entry in feed:
        assert low * EUR_RATES["DKK"] <= entry.amount <= high * EUR_RATES["DKK"]


def test_budget_entries_take_the_next_free_month() -> None:
    first = BudgetEntryFactory()
    more = BudgetEntryFactory.create_batch(
        2, budget=first.budget, account=first.account, cost_center=first.cost_center
    )
    assert [first.month, *(e.month for e in more)] == [1, 2, 3]
    assert first.cost_center.company == first.budget.company


def test_cost_import_lines_update_their_batch() -> None:
    batch = CostImportBatchFactory(lines=5)
    assert (batch.year, batch.month) == last_closed_month()
    assert batch.imported_row_count == 5
    lines = list(batch.lines.all())
    assert batch.total_amount == sum(line.amount for line in lines)
    assert len({line.operating_unit_id for line in lines}) == 1
    assert {line.cost_group_code for line in lines} <= {s.cost_group for s in ACCOUNT_GROUPS}
    assert len(batch.checksum) == 64 and batch.source_filename.endswith(".csv")
    line = CostImportLineFactory(import_batch=batch)
    batch.refresh_from_db()
    assert batch.imported_row_count == 6
    assert line.raw_payload["Cost Group"] == line.cost_group_code


def test_period_locks_take_successive_months_and_reopen() -> None:
    lock = PeriodLockFactory()
    assert (lock.year, lock.month) == last_closed_month() and lock.is_locked
    earlier = PeriodLockFactory(company=lock.company, operating_unit=lock.operating_unit)
    assert (earlier.year, earlier.month) < (lock.year, lock.month)
    reopened = PeriodLockFactory(reopened=True)
    assert not reopened.is_locked and reopened.version == 2 and reopened.reopen_reason


def test_allocation_rules() -> None:
    rule = AllocationRuleFactory()
    assert rule.rule_definition["source"] == {"account_group": "4100"}
    assert rule.effective_from == today().replace(month=1, day=1) and rule.is_active
    by_centre = AllocationRuleFactory(by_cost_center=True, by_feed=True)
    assert by_centre.account_group is None and by_centre.cost_center is not None
    assert by_centre.rule_definition["basis"] == "feed_kg"
    expired = AllocationRuleFactory(expired=True)
    assert expired.effective_to < today() and not expired.is_active


def test_valuation_runs_version_per_unit_and_month() -> None:
    run = ValuationRunFactory()
    again = ValuationRunFactory(company=run.company, operating_unit=run.operating_unit)
    assert (run.version, again.version) == (1, 2)
    totals = run.totals_snapshot
    assert totals["currency"] == "DKK"
    assert totals["biomass_kg"] == pytest.approx(
        sum(b["biomass_kg"] for b in run.biology_snapshot), abs=1
    )
    assert 0 < totals["cost"] < totals["fair_value"]
    exported = ValuationRunFactory(exported=True)
    assert exported.status == "EXPORTED" and exported.nav_posting["account_no"] == "1410"
    assert exported.approved_by is not None
    assert ValuationRunFactory(failed=True).status == "FAILED"
