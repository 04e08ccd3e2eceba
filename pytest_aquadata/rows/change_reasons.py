"""What a history row's ``history_change_reason`` says: one table of reasons for the whole farm.

An app on django-simple-history sets a change reason (``instance._change_reason`` or
``update_change_reason``) where it knows why a row changed, and leaves it empty where a person
just typed the row into a form. The farm's history rows follow that practice:

* every change row ('~') names what changed, from the fields that differ from the row's
  previous history row: "Stage transition to Smolt", "Workflow completed", "Assignment closed",
  "Treatment outcome recorded" (``CHANGE_RULES``, first match wins; any other change falls back
  to "Status changed to …" or "Updated <field>");
* a creation row ('+') names its origin only where the row came from somewhere other than a
  form: the go-live import of master data and the farm layout, the feeding system, a sensor
  gateway, a weighing scale, the mobile app, a workflow or job that created it
  (``ORIGINS``). Entered-by-hand rows, most of them, keep NULL.

Which rows of a table have an origin is deterministic: one row in ``every`` by its key (or by
the value of a ``by`` column, e.g. the container a feeding system serves), the keys congruent to
1, so a table's first row is always among them. No draw, no wall clock, no database id in text.

``recording(using)`` applies the table inside a build: bulk history loads through the loader's
reason hook (``load.history.reasons_from``), ORM saves (factories, lookup rows) through
simple-history's ``pre_create_historical_record`` signal.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from django.db import models
from simple_history.signals import pre_create_historical_record

from pytest_aquadata.load.columns import Column, Rows, convert
from pytest_aquadata.load.history import ReasonProvider, historical_model, reasons_from

MAX_LENGTH = 100
"""``history_change_reason`` is a CharField(max_length=100) in django-simple-history."""

ANY = object()
"""A rule's ``value`` that matches any new value."""


@dataclass(frozen=True)
class ChangeRule:
    """A change of ``field`` (attname) of ``model`` ("app.Model", or "*" for every model), to
    ``value`` (``ANY``: to anything), is told as ``text``; "{value}" shows the new value as a
    user sees it (a choice's label, a related row's name or number)."""

    model: str
    field: str
    text: str
    value: Any = ANY


CHANGE_RULES: tuple[ChangeRule, ...] = (
    ChangeRule("batch.Batch", "lifecycle_stage_id", "Stage transition to {value}"),
    ChangeRule("batch.Batch", "status", "Batch completed", "COMPLETED"),
    ChangeRule("batch.Batch", "pinned_projection_run_id", "Projection run pinned"),
    ChangeRule("batch.BatchContainerAssignment", "is_active", "Assignment closed", False),
    ChangeRule("batch.BatchContainerAssignment", "population_count", "Population count updated"),
    ChangeRule("batch.BatchContainerAssignment", "last_weighing_date", "Weighing recorded"),
    ChangeRule("batch.BatchTransferWorkflow", "status", "Workflow started", "IN_PROGRESS"),
    ChangeRule("batch.BatchTransferWorkflow", "status", "Workflow completed", "COMPLETED"),
    ChangeRule("batch.BatchTransferWorkflow", "status", "Workflow cancelled", "CANCELLED"),
    ChangeRule("batch.BatchTransferWorkflow", "planned_activity_id", "Linked to planned activity"),
    ChangeRule(
        "batch.BatchTransferWorkflow", "finance_transaction_id", "Intercompany transaction posted"
    ),
    ChangeRule("batch.BatchCreationWorkflow", "status", "Workflow started", "IN_PROGRESS"),
    ChangeRule("batch.BatchCreationWorkflow", "status", "Workflow completed", "COMPLETED"),
    ChangeRule("batch.BatchCreationWorkflow", "status", "Workflow cancelled", "CANCELLED"),
    ChangeRule("batch.TransferAction", "status", "Transfer action executed", "COMPLETED"),
    ChangeRule("batch.CreationAction", "status", "Egg delivery received", "COMPLETED"),
    ChangeRule("health.Treatment", "outcome", "Treatment outcome recorded"),
    ChangeRule("health.JournalEntry", "resolution_status", "Issue resolved", True),
    ChangeRule("broodstock.BroodstockFish", "container_id", "Moved to {value}"),
    ChangeRule("broodstock.BroodstockFish", "health_status", "Health status set to {value}"),
    ChangeRule("broodstock.MaintenanceTask", "completed_date", "Maintenance task completed"),
    ChangeRule("planning.PlannedActivity", "status", "Activity completed", "COMPLETED"),
    ChangeRule("planning.PlannedActivity", "status", "Activity cancelled", "CANCELLED"),
    ChangeRule("planning.PlannedActivity", "transfer_workflow_id", "Transfer workflow created"),
    ChangeRule("planning.PlannedActivity", "batch_id", "Linked to batch {value}"),
    ChangeRule("finance_core.PeriodLock", "is_locked", "Period reopened", False),
    ChangeRule("finance_core.PeriodLock", "is_locked", "Period locked again", True),
    ChangeRule("finance_core.CostImportBatch", "imported_row_count", "Import totals updated"),
    ChangeRule("finance_core.CostImportBatch", "total_amount", "Import totals updated"),
    ChangeRule("finance_core.ValuationRun", "status", "Valuation run status set to {value}"),
    ChangeRule("finance_core.Budget", "status", "Budget status set to {value}"),
    ChangeRule("finance.IntercompanyTransaction", "state", "Transaction state set to {value}"),
    ChangeRule("finance.NavExportBatch", "state", "Export state set to {value}"),
    ChangeRule("auth.User", "last_login", "Signed in"),
    ChangeRule("*", "status", "Status changed to {value}"),
    ChangeRule("*", "state", "State changed to {value}"),
    ChangeRule("*", "is_active", "Deactivated", False),
    ChangeRule("*", "is_active", "Reactivated", True),
    ChangeRule("*", "active", "Deactivated", False),
    ChangeRule("*", "active", "Reactivated", True),
)
"""What a change row says, by the fields that changed; the first rule that matches wins, and a
change no rule names is "Updated <the first changed field's verbose name>"."""

IGNORED_FIELDS = frozenset({"created_at", "updated_at"})
"""Bookkeeping columns every change touches: never the reason of a change."""


@dataclass(frozen=True)
class Origin:
    """Where created rows of ``model`` came from: ``text`` on one row in ``every`` (the rows
    whose ``by`` column, default the key, is congruent to 1), among rows whose ``where``
    column holds one of the given values. "{field}" in ``text`` shows the row's value of that
    column (a related row's name or number)."""

    model: str
    text: str
    every: int = 1
    by: str | None = None
    where: tuple[str, tuple[Any, ...]] | None = None


GO_LIVE_MASTER_DATA = "Go-live import: master data"
GO_LIVE_LAYOUT = "Go-live import: farm layout"
MOBILE_APP = "Entered from mobile app"

_MASTER_DATA = (
    "batch.Species",
    "batch.LifeCycleStage",
    "inventory.Feed",
    "health.HealthParameter",
    "health.ParameterScoreDefinition",
    "health.LiceType",
    "environmental.EnvironmentalParameter",
    "harvest.ProductGrade",
    "infrastructure.ContainerType",
    "finance_core.AccountGroup",
    "finance_core.Account",
)
_LAYOUT = (
    "infrastructure.Geography",
    "infrastructure.AreaGroup",
    "infrastructure.Area",
    "infrastructure.FreshwaterStation",
    "infrastructure.Hall",
    "infrastructure.Container",
    "infrastructure.FeedContainer",
    "infrastructure.TransportCarrier",
)

ORIGINS: Mapping[str, tuple[Origin, ...]] = MappingProxyType(
    {
        **{label: (Origin(label, GO_LIVE_MASTER_DATA),) for label in _MASTER_DATA},
        **{label: (Origin(label, GO_LIVE_LAYOUT),) for label in _LAYOUT},
        "infrastructure.Sensor": (
            Origin("infrastructure.Sensor", "Registered by sensor gateway", 2),
        ),
        "users.UserProfile": (Origin("users.UserProfile", "Created at staff onboarding"),),
        "batch.Batch": (
            Origin("batch.Batch", "Created by batch mix", where=("batch_type", ("MIXED",))),
        ),
        "batch.BatchComposition": (
            Origin("batch.BatchComposition", "Created by batch mix into {mixed_batch_id}"),
        ),
        "batch.BatchMixEvent": (
            Origin("batch.BatchMixEvent", "Created by batch mix in {container_id}"),
        ),
        "batch.BatchMixEventComponent": (
            Origin("batch.BatchMixEventComponent", "Created by batch mix"),
        ),
        "batch.TransferAction": (
            Origin(
                "batch.TransferAction",
                "Created by transfer workflow {workflow_id}",
                where=("created_via", ("PLANNED",)),
            ),
            Origin(
                "batch.TransferAction",
                "Entered from mobile app during transfer",
                where=("created_via", ("DYNAMIC_LIVE",)),
            ),
        ),
        "batch.CreationAction": (
            Origin("batch.CreationAction", "Created by creation workflow {workflow_id}"),
        ),
        "batch.GrowthSample": (Origin("batch.GrowthSample", MOBILE_APP, 5),),
        "batch.IndividualGrowthObservation": (
            Origin("batch.IndividualGrowthObservation", MOBILE_APP, 5, by="growth_sample_id"),
        ),
        "batch.MortalityEvent": (Origin("batch.MortalityEvent", MOBILE_APP, 6),),
        "environmental.PhotoperiodData": (
            Origin("environmental.PhotoperiodData", "Imported from light sensor", 3, by="area_id"),
        ),
        "environmental.StageTransitionEnvironmental": (
            Origin(
                "environmental.StageTransitionEnvironmental",
                "Recorded with transfer workflow {batch_transfer_workflow_id}",
            ),
        ),
        "inventory.FeedingEvent": (
            Origin(
                "inventory.FeedingEvent",
                "Imported from feeding system",
                2,
                by="container_id",
                where=("method", ("AUTOMATIC",)),
            ),
        ),
        "inventory.FeedPurchase": (
            Origin("inventory.FeedPurchase", "Imported from supplier invoice", 3),
        ),
        "inventory.FeedContainerStock": (
            Origin("inventory.FeedContainerStock", "Stocked from feed delivery"),
        ),
        "inventory.ContainerFeedingSummary": (
            Origin("inventory.ContainerFeedingSummary", "Calculated by feeding summary job"),
        ),
        "inventory.BatchFeedingSummary": (
            Origin("inventory.BatchFeedingSummary", "Calculated by feeding summary job"),
        ),
        "health.JournalEntry": (Origin("health.JournalEntry", MOBILE_APP, 4),),
        "health.HealthSamplingEvent": (Origin("health.HealthSamplingEvent", MOBILE_APP, 5),),
        "health.IndividualFishObservation": (
            Origin("health.IndividualFishObservation", MOBILE_APP, 5, by="sampling_event_id"),
        ),
        "health.FishParameterScore": (
            Origin("health.FishParameterScore", MOBILE_APP, 5, by="individual_fish_observation_id"),
        ),
        "health.LiceCount": (Origin("health.LiceCount", MOBILE_APP, 4),),
        "health.MortalityRecord": (Origin("health.MortalityRecord", MOBILE_APP, 6),),
        "health.HealthLabSample": (
            Origin("health.HealthLabSample", "Imported from lab portal", 2),
        ),
        "broodstock.BroodstockFish": (
            Origin("broodstock.BroodstockFish", "Imported from PIT tag reader", 4),
        ),
        "broodstock.FishMovement": (Origin("broodstock.FishMovement", MOBILE_APP, 3),),
        "broodstock.MaintenanceTask": (
            Origin("broodstock.MaintenanceTask", "Scheduled by maintenance plan", 2),
        ),
        "broodstock.BreedingPlan": (
            Origin("broodstock.BreedingPlan", "Imported from breeding programme", 2),
        ),
        "broodstock.BreedingTraitPriority": (
            Origin("broodstock.BreedingTraitPriority", "Set from breeding plan {plan_id}"),
        ),
        "broodstock.BreedingPair": (
            Origin("broodstock.BreedingPair", "Proposed by mate selection tool", 2),
        ),
        "broodstock.EggProduction": (Origin("broodstock.EggProduction", MOBILE_APP, 3),),
        "broodstock.EggSupplier": (
            Origin("broodstock.EggSupplier", "Added from approved supplier list", 2),
        ),
        "broodstock.ExternalEggBatch": (
            Origin("broodstock.ExternalEggBatch", "Imported from supplier delivery note"),
        ),
        "broodstock.BatchParentage": (
            Origin("broodstock.BatchParentage", "Linked at egg intake", 2),
        ),
        "harvest.HarvestEvent": (
            Origin("harvest.HarvestEvent", "Imported from harvest plant report", 2),
        ),
        "harvest.HarvestLot": (
            Origin("harvest.HarvestLot", "Imported from harvest plant report", 2, by="event_id"),
        ),
        "harvest.HarvestWaste": (
            Origin("harvest.HarvestWaste", "Imported from harvest plant report", 2, by="event_id"),
        ),
        "finance.FactHarvest": (Origin("finance.FactHarvest", "Posted by harvest fact job"),),
        "finance.IntercompanyPolicy": (
            Origin("finance.IntercompanyPolicy", "Imported from transfer pricing agreement", 2),
        ),
        "finance.IntercompanyTransaction": (
            Origin("finance.IntercompanyTransaction", "Generated by intercompany posting"),
        ),
        "finance.NavExportBatch": (Origin("finance.NavExportBatch", "Created by NAV export job"),),
        "finance.NavExportLine": (Origin("finance.NavExportLine", "Created by NAV export job"),),
        "finance_core.CostCenter": (Origin("finance_core.CostCenter", "Synced from ERP"),),
        "finance_core.CostCenterBatchLink": (
            Origin("finance_core.CostCenterBatchLink", "Linked at batch start"),
        ),
        "finance_core.AllocationRule": (
            Origin("finance_core.AllocationRule", "Copied from previous year's rules", 2),
        ),
        "finance_core.Budget": (Origin("finance_core.Budget", "Imported from budget workbook", 2),),
        "finance_core.BudgetEntry": (
            Origin("finance_core.BudgetEntry", "Imported from budget workbook", 2, by="budget_id"),
        ),
        "finance_core.CostImportBatch": (
            Origin("finance_core.CostImportBatch", "Uploaded from NAV cost export"),
        ),
        "finance_core.CostImportLine": (
            Origin("finance_core.CostImportLine", "Imported from {import_batch_id}"),
        ),
        "finance_core.PeriodLock": (Origin("finance_core.PeriodLock", "Month-end close"),),
        "finance_core.ValuationRun": (
            Origin("finance_core.ValuationRun", "Scheduled month-end valuation"),
        ),
    }
)
"""Where created rows came from, per model (several origins: the first that picks a row)."""

DISPLAY_ATTRIBUTES: tuple[str, ...] = (
    "workflow_number",
    "batch_number",
    "username",
    "name",
    "code",
    "source_filename",
)
"""How a related row is named in a reason: its first of these columns (never its id)."""


class RelatedNames:
    """Related rows' display names on one database (``DISPLAY_ATTRIBUTES``), each looked up
    once: a reason names a stage, container or workflow, never its id."""

    def __init__(self, using: str) -> None:
        self.using = using
        self._seen: dict[tuple[str, Any], str | None] = {}

    def of(self, related: type[models.Model], keys: list[Any]) -> dict[Any, str | None]:
        """Each key of ``related`` -> its display name (None: the row or a name is missing)."""
        label = related._meta.label
        missing = sorted({k for k in keys if (label, k) not in self._seen})
        if missing:
            found: dict[Any, Any] = {}
            shown = _display_field(related)
            if shown is not None:
                manager = related._default_manager.using(self.using)
                found = dict(manager.filter(pk__in=missing).values_list("pk", shown.attname))
            for key in missing:
                value = found.get(key)
                self._seen[(label, key)] = None if value is None else str(value)
        return {k: self._seen[(label, k)] for k in keys}

    def learn(self, model: type[models.Model], rows: Rows) -> None:
        """Take the display names of ``rows`` as they are loaded: a later reason naming them
        needs no query, which in a pipelined build would wait for the queued writes."""
        field = _display_field(model)
        if field is None:
            return
        keys = _values(rows.column(model._meta.pk), rows.n)
        shown = _values(rows.column(field), rows.n)
        if keys is None or shown is None:
            return
        label = model._meta.label
        for key, name in zip(keys.tolist(), shown.tolist(), strict=True):
            self._seen[(label, key)] = None if name is None else str(name)


def _display_field(model: type[models.Model]) -> models.Field | None:
    """The field of the first of ``DISPLAY_ATTRIBUTES`` that ``model`` has, if any."""
    by_attname = {f.attname: f for f in model._meta.fields}
    return next((by_attname[a] for a in DISPLAY_ATTRIBUTES if a in by_attname), None)


def show(field: models.Field, value: Any, names: RelatedNames | None = None) -> str | None:
    """``value`` of ``field`` as a user sees it: a choice's label, a related row's name or
    number, else the value itself; None when it cannot be named without an id."""
    if value is None:
        return None
    if field.is_relation:
        if names is None:
            return None
        return names.of(field.related_model, [value]).get(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _fit(text: str) -> str:
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"


def change_reason(
    model: type[models.Model], changed: Mapping[str, Any], names: RelatedNames | None = None
) -> str | None:
    """The reason of a change row of ``model`` whose fields ``changed`` (attname -> new
    value); None when nothing but bookkeeping changed."""
    changed = {k: v for k, v in changed.items() if k not in IGNORED_FIELDS}
    if not changed:
        return None
    label = model._meta.label
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for rule in CHANGE_RULES:
        if rule.model not in (label, "*") or rule.field not in changed:
            continue
        value = changed[rule.field]
        if rule.value is not ANY and value != rule.value:
            continue
        if "{value}" not in rule.text:
            return _fit(rule.text)
        shown = show(fields[rule.field], value, names)
        if shown is not None:
            return _fit(rule.text.format(value=shown))
    first = next((f for f in model._meta.concrete_fields if f.attname in changed), None)
    if first is None:
        return None
    return _fit(f"Updated {first.verbose_name}")


def origins_for(model: type[models.Model]) -> tuple[Origin, ...]:
    """The origins of created rows of ``model`` (empty: its '+' rows keep no reason)."""
    return ORIGINS.get(model._meta.label, ())


def creation_reasons(
    model: type[models.Model],
    column: Callable[[str], np.ndarray | None],
    n: int,
    names: RelatedNames | None = None,
) -> np.ndarray | None:
    """The reasons of ``n`` created rows of ``model`` (object array, None where a row keeps
    none), or None when no row has one; ``column(attname)`` gives a column's ``n`` values
    (None for NULL) or None when the rows lack it."""
    origins = origins_for(model)
    if not origins or n == 0:
        return None
    fields = {f.attname: f for f in model._meta.concrete_fields}
    out = np.full(n, None, dtype=object)
    for origin in origins:
        by = column(origin.by or model._meta.pk.attname)
        if by is None:
            continue
        picked = _every(by, origin.every)
        if origin.where is not None:
            name, allowed = origin.where
            values = column(name)
            if values is None:
                continue
            within = np.zeros(n, dtype=bool)
            for value in allowed:
                within |= np.asarray(values == value, dtype=bool)
            picked &= within
        picked &= np.equal(out, None)
        if not picked.any():
            continue
        wanted = [f for _, f, _, _ in string.Formatter().parse(origin.text) if f]
        if not wanted:
            out[picked] = _fit(origin.text)
            continue
        shown: dict[str, list[str | None]] = {}
        for name in wanted:
            values = column(name)
            rows = [] if values is None else values[picked].tolist()
            if fields[name].is_relation and names is not None:
                found = names.of(fields[name].related_model, [v for v in rows if v is not None])
                shown[name] = [None if v is None else found.get(v) for v in rows]
            else:
                shown[name] = [show(fields[name], v, names) for v in rows]
            if values is None:
                shown[name] = [None] * int(picked.sum())
        texts = []
        for i in range(int(picked.sum())):
            parts = {name: shown[name][i] for name in wanted}
            if any(v is None for v in parts.values()):
                texts.append(None)  # a name the row lacks: no reason rather than a half one
            else:
                texts.append(_fit(origin.text.format(**parts)))
        out[picked] = np.array(texts, dtype=object)
    return out if np.not_equal(out, None).any() else None


def _every(by: np.ndarray, every: int) -> np.ndarray:
    """Mask of the rows whose ``by`` value is congruent to 1 modulo ``every`` (NULL: never)."""
    if by.dtype.kind in "iu":
        return by % every == 1 % every
    return np.array([v is not None and int(v) % every == 1 % every for v in by.tolist()], bool)


def _values(column: Column | None, n: int) -> np.ndarray | None:
    """A loader column's ``n`` values: int64 for integers without NULLs, else Python objects
    (None for NULL)."""
    if column is None:
        return None
    data = np.broadcast_to(column.data, (n,)) if column.constant else column.data
    if column.kind == "int" and column.nulls is None:
        return np.array(data, dtype=np.int64)
    if column.kind in ("int", "bool"):
        out = np.array(data.tolist(), dtype=object)  # Python ints and bools
    else:
        out = np.array(data, dtype=object)
    if column.nulls is not None:
        out[np.broadcast_to(column.nulls, (n,))] = None
    return out


def _same(a: Column, i: int, b: Column, j: int) -> bool:
    """Whether row ``i`` of column ``a`` and row ``j`` of ``b`` (one field) hold one value."""
    ia, jb = (0 if a.constant else i), (0 if b.constant else j)
    null_a = bool(a.nulls[ia]) if a.nulls is not None else False
    null_b = bool(b.nulls[jb]) if b.nulls is not None else False
    if null_a or null_b:
        return null_a == null_b
    return bool(a.data[ia] == b.data[jb])


def _changes_of_rows(
    model: type[models.Model],
    rows: Rows,
    using: str,
    names: RelatedNames,
    previous: Rows | None = None,
) -> np.ndarray | None:
    """The reasons of change rows for ``rows``: what differs from each row's newest history
    row already written (a row without one keeps no reason), read from the historical table
    unless the caller gave it as ``previous`` (row by row)."""
    historical = historical_model(model)
    pk = model._meta.pk
    keys = _values(rows.column(pk), rows.n)
    if keys is None:
        return None
    mine = {f.attname for f in historical._meta.concrete_fields}
    tracked = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.attname in mine
        and f.attname not in IGNORED_FIELDS
        and rows.column(f) is not None
    ]
    if previous is not None:
        return _reasons(
            model,
            rows,
            tracked,
            {f: _given(previous, f) for f in tracked},
            list(range(rows.n)),
            names,
        )
    manager = historical._default_manager.using(using)
    before: dict[Any, tuple[Any, ...]] = {}
    query = manager.filter(**{f"{pk.attname}__in": sorted(set(keys.tolist()))})
    for row in query.order_by("history_id").values_list(pk.attname, *[f.attname for f in tracked]):
        before[row[0]] = row[1:]  # the newest history row of each key last
    order = list(before)
    position = {key: j for j, key in enumerate(order)}
    found = {f: convert(f, [before[key][k] for key in order]) for k, f in enumerate(tracked)}
    return _reasons(
        model, rows, tracked, found, [position.get(key) for key in keys.tolist()], names
    )


def _given(rows: Rows, field: models.Field) -> Column:
    """The column of ``field`` in ``rows``, which must hold one."""
    column = rows.column(field)
    if column is None:
        raise ValueError(f"previous history rows lack the column {field.attname!r}")
    return column


def _reasons(
    model: type[models.Model],
    rows: Rows,
    tracked: list[models.Field],
    previous: Mapping[models.Field, Column],
    positions: list[int | None],
    names: RelatedNames,
) -> np.ndarray | None:
    """The reason of each row of ``rows`` from what differs from its newest history row,
    row ``positions[i]`` of the ``previous`` columns (None: the row has none)."""
    out = np.full(rows.n, None, dtype=object)
    new = {f: rows.column(f) for f in tracked}
    for i, j in enumerate(positions):
        if j is None:
            continue
        changed = {
            f.attname: _one(new[f], 0 if new[f].constant else i)
            for f in tracked
            if not _same(new[f], i, previous[f], j)
        }
        out[i] = change_reason(model, changed, names)
    return out if any(v is not None for v in out.tolist()) else None


def _one(column: Column, i: int) -> Any:
    """Row ``i`` of a loader column as a Python value (None for NULL)."""
    if column.nulls is not None and column.nulls[i]:
        return None
    value = column.data[i]
    if column.kind == "int":
        return int(value)
    if column.kind == "bool":
        return bool(value)
    return value.item() if isinstance(value, np.generic) else value


def _has_reason_column(model: type[models.Model]) -> bool:
    historical = historical_model(model)
    return "history_change_reason" in {f.attname for f in historical._meta.concrete_fields}


def _bulk_provider(using: str, names: RelatedNames) -> ReasonProvider:
    def provide(
        model: type[models.Model], history_type: str, rows: Rows, previous: Rows | None = None
    ) -> Any:
        if history_type in ("+", "~"):
            names.learn(model, rows)  # the rows' new values, as a query would find them
        if not _has_reason_column(model):
            return None
        if history_type == "~":
            return _changes_of_rows(model, rows, using, names, previous)
        if history_type == "+":
            fields = {f.attname: f for f in model._meta.concrete_fields}

            def column(name: str) -> np.ndarray | None:
                field = fields.get(name)
                return None if field is None else _values(rows.column(field), rows.n)

            return creation_reasons(model, column, rows.n, names)
        return None

    return provide


def _saved_reason(
    sender: type[models.Model], history_instance: Any, using: str | None, names: RelatedNames
) -> str | None:
    """The reason of one history row simple-history is about to save for an ORM save."""
    model = sender.instance_type
    if history_instance.history_type == "+":
        found = creation_reasons(
            model,
            lambda name: (
                np.array([getattr(history_instance, name)], dtype=object)
                if hasattr(history_instance, name)
                else None
            ),
            1,
            names,
        )
        return None if found is None else found[0]
    if history_instance.history_type != "~":
        return None
    pk = model._meta.pk.attname
    key = getattr(history_instance, pk)
    manager = sender._default_manager.using(using or names.using)
    before = manager.filter(**{pk: key}).order_by("-history_id").first()
    if before is None:
        return None
    changed = {
        f.attname: getattr(history_instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
        and hasattr(before, f.attname)
        and getattr(before, f.attname) != getattr(history_instance, f.attname)
    }
    return change_reason(model, changed, names)


_depth = 0


@contextmanager
def recording(using: str) -> Iterator[None]:
    """Inside the block, history rows written on ``using`` without a change reason take the
    reason of ``CHANGE_RULES``/``ORIGINS``: bulk loads through the loader's reason hook, ORM
    saves through simple-history's ``pre_create_historical_record`` signal. Nests (the
    outermost block decides)."""
    global _depth
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    names = RelatedNames(using)

    def on_save(sender: Any, history_instance: Any, using: str | None = None, **_: Any) -> None:
        if getattr(history_instance, "history_change_reason", None) is None and hasattr(
            history_instance, "history_change_reason"
        ):
            history_instance.history_change_reason = _saved_reason(
                sender, history_instance, using, names
            )

    with ExitStack() as stack:
        stack.enter_context(reasons_from(_bulk_provider(using, names)))
        pre_create_historical_record.connect(on_save, weak=False, dispatch_uid=__name__)
        stack.callback(pre_create_historical_record.disconnect, dispatch_uid=__name__)
        _depth = 1
        try:
            yield
        finally:
            _depth = 0
