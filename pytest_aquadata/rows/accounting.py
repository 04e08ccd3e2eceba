"""The finance controller's books behind the month-end valuations: the chart of accounts
(groups with parents, accounts in groups), the sites' cost centres and a fish-health department
per farming company, yearly budgets with monthly entries (vet services budgeted on the
department and allocated to the sea sites), the monthly NAV cost imports, and cost allocation
rules per account group and per site cost centre (some ended, followed by a successor rule).

Dates come from the farm clock: a budget is drafted in the autumn before its year, approved in
December and archived after the year; a month's NAV costs are imported on the first day of the
next month; a site's allocation rule may end at a month end, its successor starting the next
day. The rows are entered by the finance controller (``rows.staff``: role FIN, head office).
Amounts are drawn with the build's seeded generator from ``reference.finance.MONTHLY_COST_EUR``
in each company's currency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pytest_aquadata.reference.finance import (
    ACCOUNT_DESCRIPTIONS,
    ACCOUNT_GROUPS,
    ACCOUNTS,
    DEPARTMENT_COST_CENTERS,
    MONTHLY_COST_EUR,
    eur_to,
)
from pytest_aquadata.reference.notes import phrases
from pytest_aquadata.rows.batch import system_user_id
from pytest_aquadata.rows.context import BuildContext
from pytest_aquadata.rows.staff import ALL
from pytest_aquadata.seeding import derive_seed

BUDGET_DRAFTED = (10, 15)
"""(month, day) of the year before a budget's year on which it is drafted (choice)."""

BUDGET_APPROVED = (12, 10)
"""(month, day) of the year before on which the board approves it: DRAFT → ACTIVE (choice)."""

BUDGET_ARCHIVED = (1, 20)
"""(month, day) of the year after on which it is archived: ACTIVE → ARCHIVED (choice)."""

BUDGET_ACCOUNTS: dict[str, tuple[str, ...]] = {
    "FM": ("4120", "4320", "5010", "6010"),
    "FW": ("4110", "4210", "5010", "6020"),
}
"""Accounts budgeted on each site cost centre, by the company's subsidiary (choice)."""

HEALTH_DEPARTMENT = next(d for d in DEPARTMENT_COST_CENTERS if d[0] == "HEALTH")
"""The department whose vet-services budget (4330) is allocated to a farming company's sites."""

VET_ACCOUNT = "4330"

BUDGET_NOTES: dict[tuple[str, int], str] = {
    ("4320", 7): "budget_lice_peak",
    ("4320", 8): "budget_lice_peak",
    ("6010", 4): "budget_net_service",
    ("6010", 10): "budget_net_service",
    ("6020", 1): "budget_winter_energy",
    ("6020", 2): "budget_winter_energy",
}
"""Budget entries that carry a note: (account, month) → kind of note (``reference.notes``);
the other entries have none, as in a real budget."""

IMPORT_COST_GROUPS: dict[str, tuple[str, ...]] = {
    "FM": ("4100", "4300", "4400", "5000", "6000", "6500"),
    "FW": ("4100", "4200", "5000", "6000", "6500"),
}
"""Account groups (with NAV cost groups) a site's monthly NAV cost file has lines for."""

IMPORT_MINUTE = 8 * 60
"""A month's NAV cost file is uploaded at 08:00 on the first day of the next month (choice)."""

RULE_BASES = {"4100": "feed_kg", "4300": "biomass", "5000": "headcount"}
"""Account-group allocation rules: costs of the group spread over batches by this basis."""

ENDED_RULE_SHARE = 0.4
"""Share of site allocation rules that ended (replaced by a feed-based successor) (choice)."""


@dataclass
class Books:
    """What the valuations need of the books: the finance user, budgets and imports."""

    user: int
    budgets: dict[tuple[int, int], int] = field(default_factory=dict)
    """(company id, fiscal year) → id of the budget approved for that year."""
    imports: dict[tuple[int, int], int] = field(default_factory=dict)
    """(year, month) → id of the month's NAV cost import."""
    centres: dict[int, int] = field(default_factory=dict)
    """DimSite id → its SITE cost centre id."""


def finance_user(ctx: BuildContext) -> int:
    """The finance controller (FIN, head office); the builders' user without staff."""
    return int(ctx.staff.get(("FIN", ALL)) or system_user_id(ctx))


def build_books(
    ctx: BuildContext, sites: list[Any], closed: list[tuple[int, int]], last_day: dt.date
) -> Books:
    """Write the books of the companies of ``sites`` (finance.DimSite rows, company loaded):
    chart, cost centres, budgets, the NAV imports of the ``closed`` (year, month)s and the
    allocation rules; return their keys."""
    if not sites:
        raise ValueError("build_books needs at least one finance site (finance.DimSite)")
    rng = np.random.default_rng(derive_seed(ctx.seed, "finance-books", last_day.isoformat()))
    user = finance_user(ctx)
    first_year = min([y for y, _ in closed] or [last_day.year])
    opened = _not_before_joined(ctx, user, dt.date(first_year - 1, *BUDGET_DRAFTED))
    books = Books(user=user)
    accounts, groups = _chart(ctx, opened)
    books.centres = _site_centres(ctx, sites, opened)
    departments = _departments(ctx, sites, opened)
    _budgets(ctx, rng, books, sites, accounts, departments, first_year, last_day)
    _imports(ctx, rng, books, sites, groups, closed)
    _rules(ctx, rng, books, groups, first_year, last_day)
    return books


def _not_before_joined(ctx: BuildContext, user: int, day: dt.date) -> dt.date:
    """``day``, or the day after ``user`` joined if that is later."""
    joined = (
        ctx.model("auth.User")
        ._default_manager.using(ctx.using)
        .filter(pk=user)
        .values_list("date_joined", flat=True)
        .first()
    )
    if joined is None:
        return day
    return max(day, joined.astimezone(dt.timezone.utc).date() + dt.timedelta(days=1))


def _days(day: dt.date, n: int = 1) -> np.ndarray:
    return np.full(n, np.datetime64(day, "D"))


def _chart(ctx: BuildContext, day: dt.date) -> tuple[dict[str, int], dict[str, int]]:
    """Account groups (parents first) and accounts of ``reference.finance``, written when
    missing; return account and group ids by code."""
    groups = ctx.model("finance_core.AccountGroup")._default_manager.using(ctx.using)
    have = dict(groups.values_list("code", "pk"))
    for level in (
        [g for g in ACCOUNT_GROUPS if g.parent is None],
        [g for g in ACCOUNT_GROUPS if g.parent is not None],
    ):
        new = [g for g in level if g.code not in have]
        if not new:
            continue
        ids = ctx.emit(
            "finance_core.AccountGroup",
            {
                "code": [g.code for g in new],
                "name": [g.name for g in new],
                "account_type": [g.account_type for g in new],
                "parent_id": np.array(
                    [have[g.parent] if g.parent else np.nan for g in new], dtype=float
                ),
                "cost_group": [g.cost_group for g in new],
                "description": [
                    f"{g.name}; NAV cost group {g.cost_group}." if g.cost_group else "" for g in new
                ],
                "display_order": [g.display_order for g in new],
                "is_active": True,
            },
            when=_days(day, len(new)),
        )
        have.update({g.code: int(pk) for g, pk in zip(new, ids, strict=True)})
    types = {g.code: g.account_type for g in ACCOUNT_GROUPS}
    accounts = ctx.model("finance_core.Account")._default_manager.using(ctx.using)
    known = dict(accounts.values_list("code", "pk"))
    new_accounts = [a for a in ACCOUNTS if a[0] not in known]
    if new_accounts:
        ids = ctx.emit(
            "finance_core.Account",
            {
                "code": [code for code, _, _ in new_accounts],
                "name": [name for _, name, _ in new_accounts],
                "account_type": [types[group] for _, _, group in new_accounts],
                "group_id": [have[group] for _, _, group in new_accounts],
                "description": [ACCOUNT_DESCRIPTIONS.get(code, "") for code, _, _ in new_accounts],
                "is_active": True,
            },
            when=_days(day, len(new_accounts)),
        )
        known.update({a[0]: int(pk) for a, pk in zip(new_accounts, ids, strict=True)})
    return known, have


def _centre(
    ctx: BuildContext, company: Any, code: str, values: dict[str, Any], day: dt.date
) -> int:
    """The company's cost centre ``code``, written when missing."""
    centres = ctx.model("finance_core.CostCenter")._default_manager.using(ctx.using)
    found = centres.filter(company_id=company.pk, code=code).values_list("pk", flat=True).first()
    if found is not None:
        return int(found)
    return int(
        ctx.emit(
            "finance_core.CostCenter",
            {
                "company_id": [company.pk],
                "code": code,
                "description": f"{values['cost_center_type'].title()} cost centre of "
                f"{company.display_name}.",
                "is_active": True,
                **values,
            },
            when=_days(day),
        )[0]
    )


def _site_centres(ctx: BuildContext, sites: list[Any], day: dt.date) -> dict[int, int]:
    """The SITE cost centre (``SITE-<site id>``) of every site, as the reference auto-creates."""
    return {
        site.pk: _centre(
            ctx,
            site.company,
            f"SITE-{site.pk}",
            {
                "site_id": site.pk,
                "parent_id": None,
                "name": f"Site {site.site_name}",
                "cost_center_type": "SITE",
            },
            day,
        )
        for site in sites
    }


def _departments(ctx: BuildContext, sites: list[Any], day: dt.date) -> dict[int, int]:
    """The fish-health department cost centre of each farming company: company id → id."""
    code, name = HEALTH_DEPARTMENT
    out = {}
    for site in sites:
        company = site.company
        if company.subsidiary == "FM" and company.pk not in out:
            out[company.pk] = _centre(
                ctx,
                company,
                code,
                {
                    "site_id": None,
                    "parent_id": None,
                    "name": name,
                    "cost_center_type": "DEPARTMENT",
                },
                day,
            )
    return out


def _amount(rng: np.random.Generator, group: str, currency: str | None, n: int) -> np.ndarray:
    low, high = MONTHLY_COST_EUR.get(group, (10_000.0, 100_000.0))
    return np.round(eur_to(currency, 1.0) * rng.uniform(low, high, n), 2)


def _group_of(account: str) -> str:
    return next(group for code, _, group in ACCOUNTS if code == account)


def _budgets(
    ctx: BuildContext,
    rng: np.random.Generator,
    books: Books,
    sites: list[Any],
    accounts: dict[str, int],
    departments: dict[int, int],
    first_year: int,
    last_day: dt.date,
) -> None:
    """One operating budget per company and fiscal year from ``first_year`` (the next year's
    once drafted), with its monthly entries; ACTIVE/ARCHIVED budgets go into ``books``."""
    companies: dict[int, Any] = {}
    for site in sites:
        companies.setdefault(site.company.pk, site.company)
    Budget = ctx.model("finance_core.Budget")._default_manager.using(ctx.using)
    rows: dict[str, list[Any]] = {k: [] for k in ("company_id", "fiscal_year", "status", "notes")}
    drafted, approved, archived, keys = [], [], [], []
    for year in range(first_year, last_day.year + 2):
        start = dt.date(year - 1, *BUDGET_DRAFTED)
        if start > last_day:
            continue
        ok = dt.date(year - 1, *BUDGET_APPROVED)
        done = dt.date(year + 1, *BUDGET_ARCHIVED)
        status = "ARCHIVED" if done <= last_day else "ACTIVE" if ok <= last_day else "DRAFT"
        for company in companies.values():
            name = f"Operating budget {year}"
            if Budget.filter(company_id=company.pk, fiscal_year=year, name=name).exists():
                continue
            n_sites = sum(1 for s in sites if s.company.pk == company.pk)
            rows["company_id"].append(company.pk)
            rows["fiscal_year"].append(year)
            rows["status"].append(status)
            rows["notes"].append(
                f"Budget {year} in {company.currency or 'EUR'}: {n_sites} site(s) and "
                "departments, monthly phasing."
            )
            drafted.append(start)
            approved.append(ok)
            archived.append(done)
            keys.append((company, year, status))
    if not keys:
        return
    status = np.array(rows["status"])
    ids = ctx.emit(
        "finance_core.Budget",
        {
            **rows,
            "name": [f"Operating budget {y}" for y in rows["fiscal_year"]],
            "version": 1,
            "created_by_id": books.user,
        },
        when=np.array(drafted, dtype="datetime64[D]"),
        story=_budget_story(status, approved, archived),
    )
    for (company, year, state), pk in zip(keys, ids, strict=True):
        if state != "DRAFT":
            books.budgets[(company.pk, year)] = int(pk)
        _entries(ctx, rng, books, int(pk), company, sites, accounts, departments.get(company.pk))


def _budget_story(status: np.ndarray, approved: list[dt.date], archived: list[dt.date]) -> Any:
    """Created DRAFT; approved (→ ACTIVE) in December; archived after its year."""
    from pytest_aquadata.rows.context import Change, Story

    return Story(
        initial={"status": "DRAFT"},
        changes=(
            Change(
                status != "DRAFT",
                np.array(approved, dtype="datetime64[D]"),
                {"status": "ACTIVE"},
            ),
            Change(status == "ARCHIVED", np.array(archived, dtype="datetime64[D]")),
        ),
    )


def _entries(
    ctx: BuildContext,
    rng: np.random.Generator,
    books: Books,
    budget: int,
    company: Any,
    sites: list[Any],
    accounts: dict[str, int],
    department: int | None,
) -> None:
    """A budget's monthly entries: each site centre × the subsidiary's accounts × 12 months
    (a few with a note), and on a farming company the health department's vet services,
    allocated evenly to its sites (``allocated_from``)."""
    centres = [books.centres[s.pk] for s in sites if s.company.pk == company.pk]
    codes = BUDGET_ACCOUNTS.get(company.subsidiary, BUDGET_ACCOUNTS["FM"])
    months = np.arange(1, 13)
    cols: dict[str, list[Any]] = {"account_id": [], "cost_center_id": [], "month": [], "amount": []}
    notes: list[str] = []
    for centre in centres:
        for code in codes:
            base = _amount(rng, _group_of(code), company.currency, 1)[0]
            phasing = rng.uniform(0.9, 1.1, 12)
            cols["account_id"] += [accounts[code]] * 12
            cols["cost_center_id"] += [centre] * 12
            cols["month"] += months.tolist()
            cols["amount"] += np.round(base * phasing, 2).tolist()
            for month in months.tolist():
                kind = BUDGET_NOTES.get((code, month))
                notes.append(_phrase(kind, rng) if kind else "")
    if cols["month"]:
        ctx.emit(
            "finance_core.BudgetEntry",
            {**cols, "budget_id": budget, "notes": notes},
            when=_budget_day(ctx, budget, len(notes)),
        )
    if department is None or not centres:
        return
    vet = _amount(rng, _group_of(VET_ACCOUNT), company.currency, 12)
    source = ctx.emit(
        "finance_core.BudgetEntry",
        {
            "budget_id": budget,
            "account_id": accounts[VET_ACCOUNT],
            "cost_center_id": department,
            "month": months,
            "amount": vet,
            "notes": "",
        },
        when=_budget_day(ctx, budget, 12),
    )
    n = len(centres)
    share = np.round(vet / n, 2)
    code = HEALTH_DEPARTMENT[0]
    ctx.emit(
        "finance_core.BudgetEntry",
        {
            "budget_id": budget,
            "account_id": accounts[VET_ACCOUNT],
            "cost_center_id": np.repeat(np.array(centres, dtype=np.int64), 12),
            "month": np.tile(months, n),
            "amount": np.tile(share, n),
            "allocated_from_id": np.tile(source, n),
            "notes": f"Share of the {code} department's vet services, split evenly over "
            f"{n} site(s).",
        },
        when=_budget_day(ctx, budget, 12 * n),
    )


def _budget_day(ctx: BuildContext, budget: int, n: int) -> np.ndarray:
    """The day the budget was drafted (its entries are entered with it)."""
    created = (
        ctx.model("finance_core.Budget")
        ._default_manager.using(ctx.using)
        .filter(pk=budget)
        .values_list("created_at", flat=True)
        .get()
    )
    return np.full(n, np.datetime64(created.astimezone(dt.timezone.utc).replace(tzinfo=None), "us"))


def _phrase(kind: str, rng: np.random.Generator) -> str:
    options = phrases(kind)
    return options[int(rng.integers(0, len(options)))]


def _imports(
    ctx: BuildContext,
    rng: np.random.Generator,
    books: Books,
    sites: list[Any],
    groups: dict[str, int],
    closed: list[tuple[int, int]],
) -> None:
    """One NAV cost file per closed month, uploaded by the finance controller on the first
    day of the next month: a line per site and cost group, its row count and total."""
    from pytest_aquadata.reference.finance import ACCOUNT_GROUPS as SPECS

    cost_group = {g.code: g.cost_group for g in SPECS}
    batches = ctx.model("finance_core.CostImportBatch")._default_manager.using(ctx.using)
    for year, month in closed:
        name = f"NAV_costs_{year}-{month:02d}.csv"
        found = batches.filter(source_filename=name).values_list("pk", flat=True).first()
        if found is not None:
            books.imports[(year, month)] = int(found)
            continue
        lines = _import_lines(rng, sites, groups, cost_group, year, month)
        books.imports[(year, month)] = emit_import(
            ctx, books.user, name, year, month, lines, _upload_moment(year, month)
        )


def emit_import(
    ctx: BuildContext,
    user: int,
    name: str,
    year: int,
    month: int,
    lines: dict[str, list[Any]],
    uploaded: np.datetime64,
) -> int:
    """One NAV cost file uploaded by ``user`` at ``uploaded``: its batch row (row count, total
    and checksum from the lines) and its lines; the batch's key."""
    total = round(float(sum(lines["amount"])), 2)
    pk = ctx.emit(
        "finance_core.CostImportBatch",
        {
            "year": [year],
            "month": month,
            "source_filename": name,
            "checksum": hashlib.sha256(f"{name}:{total:.2f}".encode()).hexdigest(),
            "imported_row_count": len(lines["amount"]),
            "total_amount": total,
            "uploaded_by_id": user,
        },
        when=np.array([uploaded]),
    )[0]
    ctx.emit(
        "finance_core.CostImportLine",
        {**lines, "import_batch_id": int(pk), "year": year, "month": month},
        when=np.full(len(lines["amount"]), uploaded),
    )
    return int(pk)


def _upload_moment(year: int, month: int) -> np.datetime64:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return np.datetime64(nxt, "D").astype("datetime64[us]") + np.timedelta64(IMPORT_MINUTE, "m")


def _import_lines(
    rng: np.random.Generator,
    sites: list[Any],
    groups: dict[str, int],
    cost_group: dict[str, str | None],
    year: int,
    month: int,
) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {
        k: []
        for k in (
            "company_id",
            "operating_unit_id",
            "account_group_id",
            "cost_group_code",
            "operating_unit_name",
            "amount",
            "raw_payload",
        )
    }
    for site in sites:
        company = site.company
        for code in IMPORT_COST_GROUPS.get(company.subsidiary, IMPORT_COST_GROUPS["FM"]):
            amount = float(_amount(rng, code, company.currency, 1)[0])
            nav = cost_group[code] or code
            out["company_id"].append(company.pk)
            out["operating_unit_id"].append(site.pk)
            out["account_group_id"].append(groups[code])
            out["cost_group_code"].append(nav)
            out["operating_unit_name"].append(site.site_name)
            out["amount"].append(amount)
            out["raw_payload"].append(
                {
                    "Company": company.nav_company_code,
                    "Dimension Value": site.site_name,
                    "Cost Group": nav,
                    "Posting Period": f"{year}-{month:02d}",
                    "Amount": f"{amount:.2f}",
                    "Currency": company.currency,
                }
            )
    return out


def _rules(
    ctx: BuildContext,
    rng: np.random.Generator,
    books: Books,
    groups: dict[str, int],
    first_year: int,
    last_day: dt.date,
) -> None:
    """Allocation rules from 1 January of ``first_year``: per account group (feed by feed kg,
    health by biomass, personnel by headcount) and per site cost centre (by biomass); some site
    rules ended at a month end, a successor by feed kg starting the next day."""
    rules = ctx.model("finance_core.AllocationRule")._default_manager.using(ctx.using)
    if rules.exists():
        return
    start = dt.date(first_year, 1, 1)
    centres = ctx.model("finance_core.CostCenter")._default_manager.using(ctx.using)
    names = dict(centres.filter(pk__in=books.centres.values()).values_list("pk", "name"))
    codes = dict(centres.filter(pk__in=books.centres.values()).values_list("pk", "code"))
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "name",
            "account_group_id",
            "cost_center_id",
            "effective_from",
            "effective_to",
            "rule_definition",
            "is_active",
        )
    }
    entered: list[dt.date] = []
    ended: list[dt.date | None] = []

    def add(
        name: str,
        group: int | None,
        centre: int | None,
        source: dict,
        basis: str,
        begin: dt.date,
        end: dt.date | None,
    ) -> None:
        cols["name"].append(name)
        cols["account_group_id"].append(np.nan if group is None else group)
        cols["cost_center_id"].append(np.nan if centre is None else centre)
        cols["effective_from"].append(begin)
        cols["effective_to"].append(end)
        cols["rule_definition"].append(
            {
                "source": source,
                "targets": {"cost_center_type": "PROJECT"},
                "basis": basis,
                "method": "pro_rata",
                "frequency": "monthly",
            }
        )
        cols["is_active"].append(end is None)
        entered.append(min(begin, last_day))
        ended.append(end)

    names_by_code = {g.code: g.name for g in ACCOUNT_GROUPS}
    for code, basis in RULE_BASES.items():
        add(
            f"Allocate {names_by_code[code].lower()} by {basis.replace('_', ' ')}",
            groups[code],
            None,
            {"account_group": code},
            basis,
            start,
            None,
        )
    months = (last_day.year - start.year) * 12 + last_day.month - start.month
    for centre in sorted(books.centres.values()):
        source = {"cost_center": codes[centre]}
        label = names[centre]
        if months >= 4 and rng.random() < ENDED_RULE_SHARE:
            k = int(rng.integers(2, months - 1))  # ends after 2 … months-2 months
            year, month = start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1
            end = dt.date(year, month, 1) - dt.timedelta(days=1)
            add(f"Allocate {label} costs by biomass", None, centre, source, "biomass", start, end)
            add(
                f"Allocate {label} costs by feed kg",
                None,
                centre,
                source,
                "feed_kg",
                end + dt.timedelta(days=1),
                None,
            )
        else:
            add(f"Allocate {label} costs by biomass", None, centre, source, "biomass", start, None)
    from pytest_aquadata.rows.context import Change, Story

    was_ended = np.array([e is not None for e in ended])
    nat = np.datetime64("NaT", "D")
    ctx.emit(
        "finance_core.AllocationRule",
        {
            **cols,
            "account_group_id": np.array(cols["account_group_id"], dtype=float),
            "cost_center_id": np.array(cols["cost_center_id"], dtype=float),
            "effective_from": np.array(cols["effective_from"], dtype="datetime64[D]"),
            "effective_to": np.array(
                [nat if e is None else np.datetime64(e, "D") for e in ended], dtype="datetime64[D]"
            ),
        },
        when=np.array(entered, dtype="datetime64[D]"),
        story=Story(
            initial={
                "effective_to": np.full(len(ended), nat),
                "is_active": np.ones(len(ended), dtype=bool),
            },
            changes=(
                Change(
                    was_ended,
                    np.array([e or last_day for e in ended], dtype="datetime64[D]"),
                ),
            ),
        ),
    )
