"""Finance: company brand and currencies, prices, NAV accounts, account groups, monthly costs,
cost centres, allocation bases and valuation shares.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

COMPANY_BRAND = "AquaFarm"
"""Fictional group name of the finance companies ("AquaFarm Faroe Islands Farming")."""

CURRENCY_BY_GEOGRAPHY: Mapping[str, str] = MappingProxyType(
    {"Faroe Islands": "DKK", "Scotland": "GBP"}
)
"""Company currency: the Faroese króna is at par with DKK (ISO code DKK); Scotland GBP
(SCHEMA.md §13 seed prices in EUR with DKK/GBP variants)."""

EUR_RATES: Mapping[str, float] = MappingProxyType({"EUR": 1.0, "DKK": 7.46, "GBP": 0.85})
"""Units of currency per EUR (choice: DKK ERM II central rate 7.46; GBP approximate)."""

TRANSFER_PRICE_EUR_PER_KG: Mapping[str, float] = MappingProxyType(
    {"Parr": 8.50, "Smolt": 12.50, "Post-Smolt": 15.00, "Adult": 15.00}
)
"""Intercompany lifecycle prices, EUR/kg: SCHEMA.md §13 seed placeholders (Parr 8.50, Smolt
12.50, Post-Smolt 15.00); Adult (transfer into sea) priced as Post-Smolt (choice)."""

HARVEST_PRICE_EUR_PER_KG: Mapping[str, float] = MappingProxyType(
    {"SUPERIOR": 7.50, "ORDINARY": 6.70, "PRODUCTION": 5.20}
)
"""Intercompany harvest prices per kg gutted weight by grade, EUR (choice: docs/references.md has no
prices; ordinary and production grades sell at a discount to superior)."""

COST_PLUS_MARKUP_PCT = 5.0
"""Markup of cost-plus intercompany policies, %: the 5 % of the OECD simplified approach for
routine (low value-adding) intra-group supplies (docs/references.md [S107]); using it for the
broodstock company's eggs is a choice (the legacy generator used 10–15 %, LEGACY_GENERATOR.md
§3.10)."""

NAV_ACCOUNTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "grade": ("3010", "1610"),
        "lifecycle": ("3020", "1610"),
        "egg_delivery": ("3030", "1610"),
    }
)
"""NAV (account, balancing account) per pricing basis: intercompany revenue accounts and the
intercompany receivable, matching ``ACCOUNTS`` below (choice)."""


@dataclass(frozen=True)
class AccountGroupSpec:
    """A chart-of-accounts group: code, name, type, NAV cost group, parent code, order."""

    code: str
    name: str
    account_type: str
    cost_group: str | None
    parent: str | None
    display_order: int


ACCOUNT_GROUPS: tuple[AccountGroupSpec, ...] = (
    AccountGroupSpec("4000", "Production costs", "EXPENSE", None, None, 40),
    AccountGroupSpec("4100", "Feed", "EXPENSE", "FEED", "4000", 41),
    AccountGroupSpec("4200", "Eggs and smolt", "EXPENSE", "SMOLT", "4000", 42),
    AccountGroupSpec("4300", "Fish health and treatments", "EXPENSE", "HEALTH", "4000", 43),
    AccountGroupSpec("4400", "Well-boat and transport", "EXPENSE", "TRANSPORT", "4000", 44),
    AccountGroupSpec("5000", "Personnel", "EXPENSE", "PERSONNEL", None, 50),
    AccountGroupSpec("6000", "Site operations and maintenance", "EXPENSE", "OPS", None, 60),
    AccountGroupSpec("6500", "Depreciation", "EXPENSE", "DEPR", None, 65),
    AccountGroupSpec("3000", "Revenue", "REVENUE", None, None, 30),
    AccountGroupSpec("1400", "Biological assets", "ASSET", None, None, 14),
    AccountGroupSpec("1600", "Receivables", "ASSET", None, None, 16),
)
"""finance_core.AccountGroup chart for a salmon farmer (choice; NAV-style 4-digit codes, NAV cost
groups on the expense groups that cost imports use)."""

ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    # (code, name, group code); account type = the group's
    ("4110", "Feed – freshwater", "4100"),
    ("4120", "Feed – sea", "4100"),
    ("4210", "Purchased eggs", "4200"),
    ("4220", "Smolt (intercompany)", "4200"),
    ("4310", "Vaccines", "4300"),
    ("4320", "Lice treatments", "4300"),
    ("4330", "Veterinary services and lab", "4300"),
    ("4410", "Well-boat hire", "4400"),
    ("4900", "Change in value of biological assets", "4000"),
    ("5010", "Wages", "5000"),
    ("6010", "Net cleaning and maintenance", "6000"),
    ("6020", "Energy and oxygen", "6000"),
    ("6510", "Depreciation of pens and barges", "6500"),
    ("3010", "Harvest sales (intercompany)", "3000"),
    ("3020", "Smolt and transfer sales (intercompany)", "3000"),
    ("3030", "Egg sales (intercompany)", "3000"),
    ("1410", "Live fish at cost", "1400"),
    ("1610", "Intercompany receivables", "1600"),
)
"""finance_core.Account rows (choice)."""

ACCOUNT_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "4220": "Smolt bought from the group's freshwater company at the transfer price.",
        "4320": "Bath, thermal and mechanical lice treatments, incl. well-boat time.",
        "4330": "Fish health visits, post-mortems and lab analyses.",
        "4900": "Fair value adjustment of the fish in the sea (IAS 41), posted at month end.",
        "6010": "Net washing, net changes, mooring inspection and repairs.",
        "3010": "Harvested fish sold to the group's harvest plant, per kg gutted by grade.",
        "1410": "Standing biomass valued at accumulated cost in the month-end valuation.",
        "1610": "Open intercompany charges between the group's companies.",
    }
)
"""Descriptions of the accounts a reader would ask about (the rest have none, as in a real
chart) (choice)."""

MONTHLY_COST_EUR: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "4100": (400_000.0, 1_200_000.0),
        "4200": (50_000.0, 300_000.0),
        "4300": (30_000.0, 150_000.0),
        "4400": (20_000.0, 80_000.0),
        "5000": (60_000.0, 140_000.0),
        "6000": (25_000.0, 90_000.0),
        "6500": (40_000.0, 70_000.0),
        "3000": (1_500_000.0, 4_000_000.0),
        "1400": (5_000_000.0, 20_000_000.0),
        "1600": (500_000.0, 2_000_000.0),
        "4000": (500_000.0, 1_700_000.0),
    }
)
"""Monthly amount range per account group for one site, EUR (choice: feed dominates costs — a
sea site of ~1 M fish eats some hundreds of tonnes a month at ~2 EUR/kg, ``sim.params.FEEDS``)."""

DEPARTMENT_COST_CENTERS: tuple[tuple[str, str], ...] = (
    ("FW-OPS", "Freshwater operations"),
    ("SEA-OPS", "Sea farming operations"),
    ("HEALTH", "Fish health and welfare"),
    ("LOG", "Logistics and well-boats"),
    ("ADMIN", "Administration"),
)
"""DEPARTMENT cost centres (code, name) (choice)."""

ALLOCATION_BASES: tuple[str, ...] = ("biomass", "feed_kg", "headcount")
"""Allocation bases of finance_core.AllocationRule definitions (choice)."""

VALUATION_COST_SHARE = (0.55, 0.75)
"""Accumulated cost of a sea batch as a share of its fair value in a valuation run (choice)."""


def currency_of(geography: str) -> str:
    """Currency of a geography's companies (EUR for a geography not in the table)."""
    return CURRENCY_BY_GEOGRAPHY.get(geography, "EUR")


def eur_to(currency: str | None, amount_eur: float) -> float:
    """``amount_eur`` in ``currency`` at ``EUR_RATES`` (EUR for an unknown currency)."""
    return amount_eur * EUR_RATES.get(currency or "EUR", 1.0)
