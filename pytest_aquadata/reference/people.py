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

STAFF_DEPARTMENTS: Mapping[str, str] = MappingProxyType(
    {
        "ADMIN": "Administration",
        "MGR": "Production",
        "OPR": "Operations",
        "SHIP_CREW": "Logistics",
        "VET": "Fish Health",
        "QA": "Quality",
        "FIN": "Finance",
        "VIEW": "Production",
    }
)
"""The department of a staff user by UserProfile.role (choice: the farm's organisation chart)."""

STAFF_PHONE_PREFIXES: Mapping[str, str] = MappingProxyType(
    {"SC": "+44 7700 900", "ALL": "+44 7700 900", "FO": "+298 99 "}
)
"""Staff phone numbers by UserProfile.geography, completed with seeded digits (3 in the UK, 4
in the Faroes): UK mobiles in Ofcom's range reserved for drama, 07700 900000-900999 [S108];
Faroese six-digit numbers in the 99 block (choice: the Faroes reserve no fictional range)."""

EMAIL_DOMAIN = "aquafarm.example"
