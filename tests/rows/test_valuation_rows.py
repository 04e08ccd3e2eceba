"""build_valuations and the books behind them (rows.accounting): chart of accounts, budgets,
cost imports, allocation rules, valuation runs that use them, and periods reopened and locked
again — on one batch at sea, built through ``rows.run.build_batch``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Sum

from pytest_aquadata import clock
from pytest_aquadata.db_invariants import finance_periods_closed, reopened_periods_relocked
from pytest_aquadata.reference.finance import ACCOUNT_GROUPS, ACCOUNTS
from pytest_aquadata.reference.notes import phrases
from pytest_aquadata.rows import run
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.rows.staff import ensure_staff
from pytest_aquadata.rows.valuation import build_valuations
from pytest_aquadata.sim import BatchSpec
from pytest_aquadata.sim.timeline import start_for_stage

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 11, 20)


def model(label: str):  # noqa: ANN201 - a model class
    return apps.get_model(label)


@pytest.fixture
def valued() -> BuildContext:
    """A Scotland batch at sea for half a year on AS_OF, then the month-end books and
    valuations."""
    start = start_for_stage("Adult", "Scotland", AS_OF - dt.timedelta(days=180))
    spec = BatchSpec(geography="Scotland", eggs=20_000, start_date=start)
    run.build_batch(spec, seed=3, readings_per_day=0, as_of=AS_OF)
    ctx = BuildContext(seed=3, readings_per_day=0, as_of=AS_OF)
    with clock.pinned(AS_OF), clock.stopped_at(ctx.now):
        ctx.staff = ensure_staff(ctx)
        build_valuations(ctx, AS_OF)
    return ctx


def _role(user_id: int) -> str:
    return model("users.UserProfile").objects.get(user_id=user_id).role


def test_chart_of_accounts_is_a_hierarchy(valued: BuildContext) -> None:
    groups = model("finance_core.AccountGroup").objects
    assert groups.count() == len(ACCOUNT_GROUPS)
    for spec in ACCOUNT_GROUPS:
        group = groups.get(code=spec.code)
        assert (group.parent.code if group.parent else None) == spec.parent
    accounts = model("finance_core.Account").objects.select_related("group")
    assert accounts.count() == len(ACCOUNTS)
    for code, _, group in ACCOUNTS:
        account = accounts.get(code=code)
        assert account.group.code == group and account.account_type == account.group.account_type
    described = accounts.exclude(description="").count()
    assert 0 < described < accounts.count()  # the accounts a reader asks about


def test_budgets_by_year_with_allocated_and_noted_entries(valued: BuildContext) -> None:
    budgets = model("finance_core.Budget").objects
    statuses = dict(budgets.values_list("fiscal_year", "status").distinct())
    assert statuses == {2025: "ARCHIVED", 2026: "ACTIVE", 2027: "DRAFT"}
    assert {_role(u) for u in budgets.values_list("created_by_id", flat=True)} == {"FIN"}
    for budget in budgets.all():
        assert budget.created_at.date() == dt.date(budget.fiscal_year - 1, 10, 15)
        history = list(budget.history.order_by("history_id").values_list("status", flat=True))
        assert (
            history
            == {
                "DRAFT": ["DRAFT"],
                "ACTIVE": ["DRAFT", "ACTIVE"],
                "ARCHIVED": ["DRAFT", "ACTIVE", "ARCHIVED"],
            }[budget.status]
        )
    entries = model("finance_core.BudgetEntry").objects
    allocated = entries.filter(allocated_from__isnull=False).select_related("allocated_from")
    assert 0 < allocated.count() < entries.count()
    for entry in allocated[:24]:
        source = entry.allocated_from
        assert source.cost_center.cost_center_type == "DEPARTMENT"
        assert (source.budget_id, source.account_id, source.month) == (
            entry.budget_id,
            entry.account_id,
            entry.month,
        )
        assert entry.cost_center.cost_center_type == "SITE" and entry.notes
    noted = entries.filter(allocated_from__isnull=True).exclude(notes="")
    assert 0 < noted.count() < entries.filter(allocated_from__isnull=True).count() / 5
    kinds = ("budget_lice_peak", "budget_net_service", "budget_winter_energy")
    known = {p for kind in kinds for p in phrases(kind)}
    assert set(noted.values_list("notes", flat=True)) <= known


def test_cost_imports_uploaded_by_finance_with_their_totals(valued: BuildContext) -> None:
    imports = model("finance_core.CostImportBatch").objects.order_by("pk")
    monthly = imports.exclude(source_filename__contains="_late_")
    assert monthly.count() == 12  # the closed months
    for batch in imports:
        assert _role(batch.uploaded_by_id) == "FIN"
        assert batch.lines.count() == batch.imported_row_count > 0
        assert batch.total_amount == batch.lines.aggregate(total=Sum("amount"))["total"]
        assert batch.created_at.date() > dt.date(batch.year, batch.month, 1)


def test_allocation_rules_per_group_and_cost_centre(valued: BuildContext) -> None:
    rules = model("finance_core.AllocationRule").objects.order_by("pk")
    assert rules.filter(cost_center__isnull=True, account_group__isnull=False).exists()
    by_centre = rules.filter(cost_center__isnull=False)
    assert by_centre.exists()
    ended = by_centre.filter(effective_to__isnull=False)
    assert ended.exists() and ended.count() < by_centre.count()
    for rule in ended:
        assert rule.effective_to < AS_OF and not rule.is_active
        successor = by_centre.get(
            cost_center=rule.cost_center, effective_from=rule.effective_to + dt.timedelta(days=1)
        )
        assert successor.is_active and successor.effective_to is None
        assert [h.effective_to for h in rule.history.order_by("history_id")] == [
            None,
            rule.effective_to,
        ]
    for rule in rules:
        rule.full_clean()


def test_runs_use_the_month_import_or_the_year_budget(valued: BuildContext) -> None:
    runs = model("finance_core.ValuationRun").objects.select_related("import_batch", "budget")
    approved = runs.filter(status="APPROVED")
    assert approved.exists() and runs.filter(status="PREVIEW").exists()
    for r in approved:
        assert (r.import_batch.year, r.import_batch.month) == (r.year, r.month)
        assert r.import_batch.created_at < r.run_timestamp < r.completed_at
        assert r.budget_id is None
        assert _role(r.created_by_id) == "FIN" and _role(r.approved_by_id) == "MGR"
    for r in runs.filter(status="PREVIEW"):
        assert r.import_batch_id is None
        assert (r.budget.status, r.budget.fiscal_year, r.budget.company_id) == (
            "ACTIVE",
            r.year,
            r.company_id,
        )


def test_a_reopened_period_is_locked_again(valued: BuildContext) -> None:
    locks = model("finance_core.PeriodLock").objects.order_by("pk")
    reopened = locks.filter(reopened_at__isnull=False)
    assert 0 < reopened.count() < locks.count()
    assert not locks.filter(reopened_at__isnull=True).exclude(reopen_reason="").exists()
    for lock in reopened:
        assert lock.is_locked and lock.version == 2
        assert lock.reopened_at < lock.locked_at <= clock.moment(AS_OF)
        assert lock.reopen_reason in phrases("period_reopen")
        assert _role(lock.reopened_by_id) == "FIN" == _role(lock.locked_by_id)
        states = [
            (h.is_locked, h.version, h.reopened_at is not None)
            for h in lock.history.order_by("history_id")
        ]
        assert states == [(True, 1, False), (False, 2, True), (True, 2, True)]
        late = model("finance_core.CostImportBatch").objects.get(
            source_filename=f"NAV_costs_{lock.year}-{lock.month:02d}_late_{lock.operating_unit.site_name}.csv"
        )
        assert lock.reopened_at < late.created_at
        assert late.lines.get().amount == late.total_amount != Decimal(0)
    assert reopened_periods_relocked() == []
    assert finance_periods_closed(AS_OF) == []
