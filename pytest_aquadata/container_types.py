"""Container types: ``sim.params`` container kinds plus the rack and transport tanks, with the
capacity rule of their containers.

Django-free (sim and reference only): the infrastructure rows, the factories and the row
builders describe container types from this one catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_aquadata.reference.layout import RACK_TYPE, TRUCK_TANK_TYPE, WELLBOAT_HOLD_TYPE
from pytest_aquadata.sim import params


def container_max_biomass_kg(kind: params.ContainerKind) -> float:
    """Capacity of a container kind: volume × max density, or max fish × top stage weight."""
    if kind.max_density_kg_m3 is not None:
        return kind.volume_m3 * kind.max_density_kg_m3
    heaviest = max(s.weight_max_g for s in params.STAGES if s.container_kind == kind.key)
    return (kind.max_fish or 0) * heaviest / 1000


@dataclass(frozen=True)
class ContainerTypeRow:
    """A ContainerType catalogue row and the capacity rule of its containers."""

    name: str
    category: str
    max_volume_m3: float
    max_density_kg_m3: float | None
    fixed_capacity_kg: float | None
    description: str


def _container_types() -> dict[str, ContainerTypeRow]:
    rows: dict[str, ContainerTypeRow] = {}
    for kind in params.CONTAINER_KINDS.values():
        stages = ", ".join(s.name for s in params.STAGES if s.container_kind == kind.key)
        if kind.max_density_kg_m3 is not None:
            limit = f"up to {kind.max_density_kg_m3:g} kg/m³"
            fixed = None
        else:
            fixed = container_max_biomass_kg(kind)
            limit = f"up to {kind.max_fish:,} fish"
        rows[kind.type_name] = ContainerTypeRow(
            kind.type_name,
            kind.category,
            kind.volume_m3,
            kind.max_density_kg_m3,
            fixed,
            f"{stages} ({kind.environment}): {kind.volume_m3:,.0f} m³, {limit}.",
        )
    for spec in (RACK_TYPE, TRUCK_TANK_TYPE, WELLBOAT_HOLD_TYPE):
        rows[spec.name] = ContainerTypeRow(
            spec.name, spec.category, spec.volume_m3, spec.max_density_kg_m3, None, spec.description
        )
    return rows


CONTAINER_TYPES: dict[str, ContainerTypeRow] = _container_types()


def container_type_row(name: str) -> ContainerTypeRow:
    """The catalogue row of a container type name; an unknown name gets a generic 100 m³ tank."""
    return CONTAINER_TYPES.get(name) or ContainerTypeRow(
        name, "TANK", 100.0, params.CONTAINER_KINDS["fry_tank"].max_density_kg_m3, None, ""
    )
