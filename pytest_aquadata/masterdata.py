"""Master data: the reference rows a farm database needs before any batch — species, the six
lifecycle stages, feeds, environmental and health parameters with their score scales, sample
and vaccination types, mortality reasons, lice types, product grades, finance companies and
sites, and the scenario base models.

Lookup rows are get-or-created on their natural key by ``rows.lookups`` (the row builders'
own writer: values from ``pytest_aquadata.reference`` and ``sim.params``), the few remaining
tables by their factories; building twice, or on top of the builders' rows, never duplicates
anything. Everything is written on the database ``using``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction

from pytest_aquadata.factories import factory_for
from pytest_aquadata.factory_session import writing_to
from pytest_aquadata.reference.health import SAMPLE_TYPES
from pytest_aquadata.reference.mortality import MORTALITY_REASON_BY_CAUSE
from pytest_aquadata.reference.scenario import CONSTRAINT_SET_NAME
from pytest_aquadata.rows.lookups import get_or_create
from pytest_aquadata.sim import params


@dataclass(frozen=True)
class MasterData:
    """Handle on the master data: look rows up by natural key (ids survive a rebuild)."""

    counts: dict[str, int]

    def get(self, label: str, **natural_key: Any) -> Any:
        """The row of ``label`` with this natural key, e.g. ``get("batch.LifeCycleStage",
        name="Parr")``."""
        return apps.get_model(label).objects.get(**natural_key)

    def stage(self, name: str) -> Any:
        """A batch.LifeCycleStage by name (``"Egg&Alevin"`` … ``"Adult"``)."""
        return self.get("batch.LifeCycleStage", name=name)

    def species(self) -> Any:
        """The farmed species, Atlantic Salmon."""
        return self.get("batch.Species", name="Atlantic Salmon")


def _lookups() -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = [("batch.Species", {"name": "Atlantic Salmon"})]
    rows += [("batch.LifeCycleStage", {"name": s.name}) for s in params.STAGES]
    rows += [("infrastructure.Geography", {"name": g}) for g in params.GEOGRAPHIES]
    rows += [("inventory.Feed", {"name": f.name}) for f in params.FEEDS]
    rows += [
        ("environmental.EnvironmentalParameter", {"name": p.name}) for p in params.ENV_PARAMETERS
    ]
    rows += [("health.HealthParameter", {"name": name}) for name in params.HEALTH_PARAMETERS]
    rows += [
        ("health.MortalityReason", {"name": name})
        for name in dict.fromkeys(MORTALITY_REASON_BY_CAUSE.values())
    ]
    rows += [
        ("health.LiceType", {"species": s, "gender": g, "development_stage": d})
        for s, g, d in params.LICE_TYPES
    ]
    rows += [("harvest.ProductGrade", {"code": code}) for code, _ in params.PRODUCT_GRADES]
    rows += [("scenario.BiologicalConstraints", {"name": CONSTRAINT_SET_NAME})]
    rows += [("health.SampleType", {"name": name}) for name in SAMPLE_TYPES]
    rows += [("health.VaccinationType", {"name": params.VACCINE.name})]
    return rows


def _factory_defaults() -> list[str]:
    """Tables whose factories already pick realistic, get-or-created names."""
    return [
        "scenario.TGCModel",
        "scenario.FCRModel",
        "scenario.MortalityModel",
        "finance.DimCompany",
        "finance.DimSite",
    ]


def build_master_data(using: str = DEFAULT_DB_ALIAS) -> MasterData:
    """Create (or find) every master-data row; return a handle with the row counts per table."""
    counts: Counter[str] = Counter()
    with transaction.atomic(using=using), writing_to(using):
        for label, key in _lookups():
            get_or_create(using, label, **key)
        for label in _factory_defaults():
            if not apps.get_model(label).objects.using(using).exists():
                factory_for(label)()
        for label, _ in _lookups():
            counts[label] = apps.get_model(label).objects.using(using).count()
        for label in _factory_defaults():
            counts[label] = apps.get_model(label).objects.using(using).count()
        counts["health.ParameterScoreDefinition"] = (
            apps.get_model("health", "ParameterScoreDefinition").objects.using(using).count()
        )
    return MasterData(counts=dict(counts))
