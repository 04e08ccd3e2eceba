"""Month-end valuations of the farm's sea sites: closed periods before the last day, one open.

For each sea-area operating unit (finance.DimSite of an area) and each of the last
VALUATION_MONTHS months with fish there, a ValuationRun values the fish in the area's pens at
month end (the daily assignment states of that day): months before the farm's last day are
closed (run APPROVED on the month's NAV cost import, then the period locked), the current month
has a PREVIEW run on the year's approved budget and stays open. Snapshots name only batches
that exist, with their real fish, weight and deaths. The books behind them (chart of accounts,
budgets, cost imports, allocation rules) come from ``rows.accounting``.

Now and then (REOPEN_SHARE of the closed site-months) a locked period is reopened by the
finance controller — a late invoice — its supplementary NAV file imported, and locked again a
day or two later: the lock row's ``locked_at``/``locked_by`` tell the final lock, the
``reopened_*`` columns the reopening, its history the three states. Runs are created by the
finance controller and approved by the manager of the site's geography (``rows.staff``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
from django.db.models import Sum

from pytest_aquadata.lookup_values import geography_code
from pytest_aquadata.reference.finance import (
    EUR_RATES,
    HARVEST_PRICE_EUR_PER_KG,
    VALUATION_COST_SHARE,
)
from pytest_aquadata.reference.notes import phrases
from pytest_aquadata.rows.accounting import IMPORT_COST_GROUPS, Books, build_books, emit_import
from pytest_aquadata.rows.context import BuildContext, Change, Story
from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import params

VALUATION_MONTHS = 12
"""Closed months valued before the current one (a year of month-end closes)."""

COST_SHARE = sum(VALUATION_COST_SHARE) / 2
"""Cost of the fish as a share of their fair value: the middle of the reference range."""

APPROVAL_DAYS = 3
"""A month is valued, approved and locked on the third day of the next month (09:00-11:00)."""

REOPEN_SHARE = 0.08
"""Share of closed site-months reopened after the lock, about one a year per site (choice: "a
period reopened now and then"); a farm with closed months reopens at least one."""

REOPEN_AFTER_DAYS = (5, 21)
"""The reopening comes 5-20 days after the lock (a late invoice) (choice)."""

RELOCK_AFTER_DAYS = (1, 4)
"""The period is locked again 1-3 days after it was reopened (choice)."""

LATE_INVOICE_GROUPS = {"feed": "4100", "well-boat": "4400", "vet": "4300", "energy": "6000"}
"""Account group of a late invoice by a word of the reopen reason (else feed)."""


def _months(last_day: dt.date) -> list[tuple[int, int, dt.date]]:
    """(year, month, valuation day) of the closed months and the current one, oldest first."""
    out = []
    year, month = last_day.year, last_day.month
    for _ in range(VALUATION_MONTHS + 1):
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        out.append((year, month, min(end, last_day)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _aware(moment: np.datetime64) -> dt.datetime:
    """A UTC ``datetime64`` as an aware datetime."""
    return moment.astype("datetime64[us]").astype(dt.datetime).replace(tzinfo=dt.timezone.utc)


def build_valuations(ctx: BuildContext, last_day: dt.date) -> int:
    """Write the books, valuation runs and period locks of every sea site; return the runs
    written."""
    m = ctx.model
    every = (
        m("finance.DimSite")
        ._default_manager.using(ctx.using)
        .filter(source_model__in=("area", "station"))
        .select_related("company", "company__geography")
        .order_by("pk")
    )
    months = _months(last_day)
    current = (last_day.year, last_day.month)
    closed = [(year, month) for year, month, _ in months if (year, month) < current]
    all_sites = list(every)
    if not all_sites:
        return 0
    books = build_books(ctx, all_sites, closed, last_day)
    uploaded = _uploads(ctx, books)
    sites = [site for site in all_sites if site.source_model == "area"]
    days = [day for _, _, day in months]
    states = m("batch.ActualDailyAssignmentState")._default_manager.using(ctx.using)
    deaths = m("batch.MortalityEvent")._default_manager.using(ctx.using)
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
        approver = ctx.staff.get(("MGR", geography_code(site.company.geography.name)), books.user)
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
            is_closed = (year, month) < current
            timing = _timing(ctx, day, last_day, uploaded.get((year, month)), is_closed)
            _run(runs, site, year, month, day, biology, dead, price, timing)
            runs["created_by_id"].append(books.user)
            runs["approved_by_id"].append(approver if is_closed else None)
            runs["budget_id"].append(
                None if is_closed else books.budgets.get((site.company_id, year))
            )
            runs["import_batch_id"].append(
                books.imports.get((year, month)) if timing["imported"] else None
            )
            if is_closed:
                locks["company_id"].append(site.company_id)
                locks["operating_unit_id"].append(site.pk)
                locks["year"].append(year)
                locks["month"].append(month)
                locks["locked_at"].append(timing["locked"])
    if runs:
        ctx.emit(
            "finance_core.ValuationRun",
            dict(runs),
            when=np.array(
                [np.datetime64(t.replace(tzinfo=None), "us") for t in runs["run_timestamp"]]
            ),
        )
    if locks:
        _locks(ctx, books, locks, last_day)
    return len(runs.get("year", []))


def _uploads(ctx: BuildContext, books: Books) -> dict[tuple[int, int], np.datetime64]:
    """When each month's NAV cost import was entered (its ``created_at``), by (year, month)."""
    batches = ctx.model("finance_core.CostImportBatch")._default_manager.using(ctx.using)
    found = dict(batches.filter(pk__in=books.imports.values()).values_list("pk", "created_at"))
    return {key: _naive(found[pk]) for key, pk in books.imports.items() if pk in found}


def _naive(moment: dt.datetime) -> np.datetime64:
    """An aware UTC datetime as ``datetime64[us]``."""
    return np.datetime64(moment.astimezone(dt.timezone.utc).replace(tzinfo=None), "us")


def _timing(
    ctx: BuildContext,
    day: dt.date,
    last_day: dt.date,
    uploaded: np.datetime64 | None,
    closed: bool,
) -> dict[str, Any]:
    """When a month's run starts and completes and its period is locked (UTC ``datetime64``),
    and whether it could use the month's cost import: a closed month is valued on the third
    day of the next (09:00, after the import), completed an hour later and locked an hour after
    that; the current month is previewed on the last day."""
    now = np.datetime64(ctx.now.astimezone(dt.timezone.utc).replace(tzinfo=None), "us")
    hour = np.timedelta64(60, "m")
    if not closed:
        return {"run": _moment(last_day, 9), "done": None, "locked": None, "imported": False}
    valued = min(day + dt.timedelta(days=APPROVAL_DAYS), last_day)
    run = _moment(valued, 9)
    imported = uploaded is not None
    if imported and uploaded >= run:
        later = uploaded + np.timedelta64(20, "m")
        imported = later + 2 * hour <= now
        run = later if imported else run
    return {"run": run, "done": run + hour, "locked": run + 2 * hour, "imported": imported}


def _moment(day: dt.date, hour: int) -> np.datetime64:
    return np.datetime64(day, "D").astype("datetime64[us]") + np.timedelta64(hour * 60, "m")


def _locks(ctx: BuildContext, books: Books, locks: dict[str, list[Any]], last_day: dt.date) -> None:
    """The period locks, some reopened and locked again (with their supplementary imports)."""
    n = len(locks["year"])
    first = np.array(locks["locked_at"], dtype="datetime64[us]")
    rng = np.random.default_rng(derive_seed(ctx.seed, "period-reopen", last_day.isoformat()))
    after = rng.integers(*REOPEN_AFTER_DAYS, n).astype("timedelta64[D]")
    relock_after = rng.integers(*RELOCK_AFTER_DAYS, n).astype("timedelta64[D]")
    day = first.astype("datetime64[D]")
    reopened = (day + after).astype("datetime64[us]") + np.timedelta64(10 * 60, "m")
    relocked = (day + after + relock_after).astype("datetime64[us]") + np.timedelta64(15 * 60, "m")
    fits = relocked.astype("datetime64[D]") <= np.datetime64(last_day, "D")
    chosen = fits & (rng.random(n) < REOPEN_SHARE)
    if fits.any() and not chosen.any():
        chosen[int(np.flatnonzero(fits)[int(rng.integers(0, int(fits.sum())))])] = True
    reasons = phrases("period_reopen")
    reason = np.array(
        [
            reasons[int(k)] if c else ""
            for k, c in zip(rng.integers(0, len(reasons), n), chosen, strict=True)
        ],
        dtype=object,
    )
    nat = np.datetime64("NaT", "us")
    user = float(books.user)
    ctx.emit(
        "finance_core.PeriodLock",
        {
            **locks,
            "is_locked": True,
            "version": np.where(chosen, 2, 1),
            "lock_reason": "Month-end close: NAV costs imported and biological assets valued.",
            "locked_by_id": books.user,
            "locked_at": np.where(chosen, relocked, first),
            "reopened_by_id": np.where(chosen, user, np.nan),
            "reopened_at": np.where(chosen, reopened, nat),
            "reopen_reason": reason,
        },
        when=first,
        story=Story(
            initial={
                "version": 1,
                "locked_at": first,
                "reopened_by_id": np.full(n, np.nan),
                "reopened_at": np.full(n, nat),
                "reopen_reason": "",
            },
            changes=(
                Change(
                    chosen,
                    reopened,
                    {"is_locked": False, "locked_at": first},
                ),
                Change(chosen, relocked),
            ),
        ),
    )
    for k in np.flatnonzero(chosen).tolist():
        _late_invoice(ctx, books, locks, k, str(reason[k]), reopened[k], rng)


def _late_invoice(
    ctx: BuildContext,
    books: Books,
    locks: dict[str, list[Any]],
    k: int,
    reason: str,
    reopened: np.datetime64,
    rng: np.random.Generator,
) -> None:
    """The supplementary NAV file of a reopened period: one line of the late invoice."""
    from pytest_aquadata.reference.finance import ACCOUNT_GROUPS, MONTHLY_COST_EUR, eur_to

    site = (
        ctx.model("finance.DimSite")
        ._default_manager.using(ctx.using)
        .select_related("company")
        .get(pk=locks["operating_unit_id"][k])
    )
    group = next((g for word, g in LATE_INVOICE_GROUPS.items() if word in reason.lower()), "4100")
    if group not in IMPORT_COST_GROUPS.get(site.company.subsidiary, ()):
        group = "4100"
    spec = next(g for g in ACCOUNT_GROUPS if g.code == group)
    low, high = MONTHLY_COST_EUR[group]
    sign = -1.0 if "credit note" in reason.lower() else 1.0
    amount = round(
        sign * eur_to(site.company.currency, rng.uniform(0.02, 0.08) * (low + high) / 2), 2
    )
    year, month = locks["year"][k], locks["month"][k]
    name = f"NAV_costs_{year}-{month:02d}_late_{site.site_name}.csv"  # names, not ids
    groups = ctx.model("finance_core.AccountGroup")._default_manager.using(ctx.using)
    line = {
        "company_id": [site.company_id],
        "operating_unit_id": [site.pk],
        "account_group_id": [groups.get(code=group).pk],
        "cost_group_code": [spec.cost_group or group],
        "operating_unit_name": [site.site_name],
        "amount": [amount],
        "raw_payload": [
            {
                "Company": site.company.nav_company_code,
                "Dimension Value": site.site_name,
                "Cost Group": spec.cost_group or group,
                "Posting Period": f"{year}-{month:02d}",
                "Amount": f"{amount:.2f}",
                "Currency": site.company.currency,
                "Note": reason,
            }
        ],
    }
    emit_import(ctx, books.user, name, year, month, line, reopened + np.timedelta64(60, "m"))


def _run(
    runs: dict[str, list[Any]],
    site: Any,
    year: int,
    month: int,
    day: dt.date,
    biology: list[dict[str, Any]],
    dead: dict[str, int],
    price: float,
    timing: dict[str, Any],
) -> None:
    """One valuation run's columns: APPROVED for a closed month, PREVIEW for the current one
    (the caller adds who created and approved it and what it used)."""
    closed = timing["done"] is not None
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
    runs["company_id"].append(site.company_id)
    runs["operating_unit_id"].append(site.pk)
    runs["year"].append(year)
    runs["month"].append(month)
    runs["version"].append(1)
    runs["status"].append("APPROVED" if closed else "PREVIEW")
    runs["run_timestamp"].append(_aware(timing["run"]))
    runs["completed_at"].append(_aware(timing["done"]) if closed else None)
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
