"""Month-end valuations of the farm's sea sites: closed periods before the last day, one open.

For each sea-area operating unit (finance.DimSite of an area) and each of the last
VALUATION_MONTHS months with fish there, a ValuationRun values the fish in the area's pens at
month end (the daily assignment states of that day): months before the farm's last day are
closed (run APPROVED, then the period locked), the current month has a PREVIEW run and stays
open. Snapshots name only batches that exist, with their real fish, weight and deaths.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Sum

from pytest_aquadata.reference.finance import (
    EUR_RATES,
    HARVEST_PRICE_EUR_PER_KG,
    VALUATION_COST_SHARE,
)
from pytest_aquadata.rows.batch import system_user_id
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.sim import params

VALUATION_MONTHS = 12
"""Closed months valued before the current one (a year of month-end closes)."""

COST_SHARE = sum(VALUATION_COST_SHARE) / 2
"""Cost of the fish as a share of their fair value: the middle of the reference range."""

APPROVAL_DAYS = 3
"""A month is valued, approved and locked on the third day of the next month (09:00-11:00)."""


def _months(last_day: dt.date) -> list[tuple[int, int, dt.date]]:
    """(year, month, valuation day) of the closed months and the current one, oldest first."""
    out = []
    year, month = last_day.year, last_day.month
    for _ in range(VALUATION_MONTHS + 1):
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        out.append((year, month, min(end, last_day)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.timezone.utc)


def build_valuations(ctx: BuildContext, last_day: dt.date) -> int:
    """Write the valuation runs and period locks of every sea site; return the runs written."""
    m = ctx.model
    sites = (
        m("finance.DimSite")
        ._default_manager.using(ctx.using)
        .filter(source_model="area")
        .select_related("company")
        .order_by("pk")
    )
    months = _months(last_day)
    days = [day for _, _, day in months]
    states = m("batch.ActualDailyAssignmentState")._default_manager.using(ctx.using)
    deaths = m("batch.MortalityEvent")._default_manager.using(ctx.using)
    user = system_user_id(ctx)
    runs: dict[str, list[Any]] = defaultdict(list)
    locks: dict[str, list[Any]] = defaultdict(list)
    for site in sites:
        fish = (
            states.filter(container__area_id=site.source_pk, date__in=days)
            .values_list("date", "batch_id", "batch__batch_number", "lifecycle_stage__name")
            .annotate(n=Sum("population"), kg=Sum("biomass_kg"))
            .order_by("date", "batch_id")
        )
        by_day: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
        for day, _batch, number, stage, n, kg in fish:
            if n:
                by_day[day].append(
                    {
                        "batch_number": number,
                        "stage": stage,
                        "population": int(n),
                        "avg_weight_g": round(float(kg) * 1000.0 / int(n), 1),
                        "biomass_kg": round(float(kg), 1),
                    }
                )
        rate = EUR_RATES.get(site.company.currency or "EUR", 1.0)
        price = HARVEST_PRICE_EUR_PER_KG["SUPERIOR"] * rate
        for year, month, day in months:
            biology = by_day.get(day)
            if not biology:
                continue
            first = dt.date(year, month, 1)
            dead = dict(
                deaths.filter(
                    assignment__container__area_id=site.source_pk,
                    event_date__gte=first,
                    event_date__lte=day,
                )
                .values_list("batch__batch_number")
                .annotate(n=Sum("count"))
                .order_by()
            )
            closed = (year, month) < (last_day.year, last_day.month)
            _run(runs, site, year, month, day, biology, dead, price, closed, user, last_day)
            if closed:
                locked = min(day + dt.timedelta(days=APPROVAL_DAYS), last_day)
                locks["company_id"].append(site.company_id)
                locks["operating_unit_id"].append(site.pk)
                locks["year"].append(year)
                locks["month"].append(month)
                locks["locked_by_id"].append(user)
                locks["locked_at"].append(_at(locked, 11))
    if runs:
        ctx.emit("finance_core.ValuationRun", dict(runs))
    if locks:
        ctx.emit(
            "finance_core.PeriodLock",
            {
                **locks,
                "is_locked": True,
                "version": 1,
                "lock_reason": "Month-end close: NAV costs imported and biological assets valued.",
            },
        )
    return len(runs.get("year", []))


def _run(
    runs: dict[str, list[Any]],
    site: Any,
    year: int,
    month: int,
    day: dt.date,
    biology: list[dict[str, Any]],
    dead: dict[str, int],
    price: float,
    closed: bool,
    user: int,
    last_day: dt.date,
) -> None:
    """One valuation run's columns: APPROVED for a closed month, PREVIEW for the current one."""
    fair = [row["biomass_kg"] * params.GUTTED_YIELD * price for row in biology]
    cost = [round(f * COST_SHARE, 2) for f in fair]
    mortality = [
        {
            "batch_number": row["batch_number"],
            "dead_fish": int(dead.get(row["batch_number"], 0)),
            "cost_written_off": round(
                c * dead.get(row["batch_number"], 0) / max(row["population"], 1), 2
            ),
        }
        for row, c in zip(biology, cost, strict=True)
    ]
    allocation = [
        {"batch_number": row["batch_number"], "account_group": code, "amount": round(c * s, 2)}
        for row, c in zip(biology, cost, strict=True)
        for code, s in (("4100", 0.55), ("4300", 0.1), ("6000", 0.1))
    ]
    valued = min(day + dt.timedelta(days=APPROVAL_DAYS), last_day) if closed else last_day
    runs["company_id"].append(site.company_id)
    runs["operating_unit_id"].append(site.pk)
    runs["year"].append(year)
    runs["month"].append(month)
    runs["version"].append(1)
    runs["status"].append("APPROVED" if closed else "PREVIEW")
    runs["run_timestamp"].append(_at(valued, 9))
    runs["created_by_id"].append(user)
    runs["approved_by_id"].append(user if closed else None)
    runs["completed_at"].append(_at(valued, 10) if closed else None)
    runs["notes"].append(f"Month-end valuation of the fish in the pens on {day}.")
    runs["biology_snapshot"].append(biology)
    runs["allocation_snapshot"].append(allocation)
    runs["rule_snapshot"].append(
        [{"rule": "Allocate feed by biomass", "basis": "biomass", "method": "pro_rata"}]
    )
    runs["mortality_snapshot"].append(mortality)
    runs["totals_snapshot"].append(
        {
            "fish": sum(row["population"] for row in biology),
            "biomass_kg": round(sum(row["biomass_kg"] for row in biology), 1),
            "cost": round(sum(cost), 2),
            "fair_value": round(sum(fair), 2),
            "currency": site.company.currency,
        }
    )
    runs["nav_posting"].append({})
