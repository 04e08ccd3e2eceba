"""People: phone formats, job titles and departments of the farm's users, their e-mail domain.

Every number cites its source; "choice" marks a modelling choice. Plain data: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

PHONE_FORMATS: Mapping[str, str] = MappingProxyType(
    {"FO": "+298 ## ## ##", "SC": "+44 7### ######", "ALL": "+44 7### ######"}
)
"""Phone number formats by RBAC geography code (Faroese 6-digit numbers; UK mobiles)."""

JOB_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "ADMIN": "System Administrator",
        "MGR": "Site Manager",
        "OPR": "Fish Farm Operator",
        "SHIP_CREW": "Well-boat Crew",
        "VET": "Fish Health Veterinarian",
        "QA": "Quality Assurance Officer",
        "FIN": "Financial Controller",
        "VIEW": "Production Analyst",
    }
)
DEPARTMENTS: Mapping[str, str] = MappingProxyType(
    {
        "BS": "Broodstock",
        "FW": "Freshwater",
        "FM": "Farming",
        "LG": "Logistics",
        "ALL": "Head Office",
    }
)
"""Job title by UserProfile.role; department by UserProfile.subsidiary (SCHEMA.md §2 enums)."""

EMAIL_DOMAIN = "aquafarm.example"
