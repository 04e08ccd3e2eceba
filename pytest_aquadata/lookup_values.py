"""Values of lookup rows that combine the reference data with ``sim.params``: the vaccine
catalogue row and a geography's company code.

Django-free, shared by the factories and the row builders' lookup writer (``rows.lookups``).
"""

from __future__ import annotations

from pytest_aquadata.reference.health import VACCINE_DESCRIPTION, VACCINES
from pytest_aquadata.sim import params


def vaccine_row(name: str) -> tuple[str, str, str, str]:
    """(name, manufacturer, dosage, description) of a known vaccine; blanks for others."""
    if name == params.VACCINE.name:
        vaccine = params.VACCINE
        return vaccine.name, vaccine.manufacturer, vaccine.dosage, VACCINE_DESCRIPTION
    for row in VACCINES.values():
        if row[0] == name:
            return row
    return name, "", "", ""


def geography_code(geography: str) -> str:
    """Short code of a geography (``FO``, ``SC``; initials for one ``sim.params`` lacks)."""
    climate = params.GEOGRAPHIES.get(geography)
    return climate.code if climate else "".join(w[0] for w in geography.split()).upper()[:3]
