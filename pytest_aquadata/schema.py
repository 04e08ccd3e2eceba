"""Describe installed Django models in the reference schema's JSON shape and diff the two.

The reference (``domain/schema.json``) lists every table of the AquaMind schema: fields with
type, column, nullability, defaults, choices, relations, plus constraints and indexes. The
same description computed from the app registry lets a test (or a host project) see, by name,
where its models differ from the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from simple_history.manager import HistoryManager

# Field keys compared one by one; names and the order of listing do not matter.
FIELD_KEYS = (
    "type",
    "col",
    "null",
    "blank",
    "idx",
    "pk",
    "unique",
    "max_length",
    "dec",
    "default",
    "choices",
    "to",
    "on_delete",
    "related_name",
    "auto_now",
    "auto_now_add",
    "validators",
    "through",
    "through_auto",
)
TABLE_KEYS = (
    "app",
    "model",
    "auto_created",
    "historical",
    "unique_together",
    "ordering",
    "verbose_name",
    "has_history",
)


def _is_historical(model: type[models.Model]) -> bool:
    return any(base.__name__ == "HistoricalChanges" for base in model.__mro__)


def _default(field: models.Field) -> str | None:
    if not field.has_default():
        return None
    value = field.default
    return value.__name__ if callable(value) else repr(value)


def _implicit_validators(field_type: str) -> set[str]:
    """Range validators Django derives from an integer column type: the base ranges, and the
    64-bit ones SQLite reports for every integer type."""
    bounds = BaseDatabaseOperations.integer_field_ranges.get(field_type)
    if not bounds:
        return set()
    low64 = 0 if bounds[0] == 0 else -(2**63)
    return {f"Min{bounds[0]}", f"Max{bounds[1]}", f"Min{low64}", f"Max{2**63 - 1}"}


def explicit_validators(field_type: str, validators: Iterable[str]) -> list[str]:
    """Value validators a model declares, minus the backend-dependent integer ranges."""
    implicit = _implicit_validators(field_type)
    return sorted(v for v in validators if v not in implicit)


def _validators(field: models.Field) -> list[str]:
    out = []
    for validator in field._validators:  # declared ones; ranges vary by backend
        if isinstance(validator, MinValueValidator):
            out.append(f"Min{validator.limit_value}")
        elif isinstance(validator, MaxValueValidator):
            out.append(f"Max{validator.limit_value}")
    internal = field.get_internal_type() if not field.is_relation else ""
    return explicit_validators(internal, out)


def describe_field(field: models.Field) -> dict[str, Any]:
    """One field as the reference describes it (absent keys mean False/None)."""
    desc: dict[str, Any] = {"name": field.name, "type": type(field).__name__}
    desc["col"] = field.column or field.name
    flags = {
        "null": field.null,
        "blank": field.blank,
        "idx": field.db_index and not field._unique and not field.primary_key,
        "pk": field.primary_key,
        "unique": field._unique and not field.primary_key,
        "auto_now": getattr(field, "auto_now", False),
        "auto_now_add": getattr(field, "auto_now_add", False),
    }
    desc.update({key: True for key, value in flags.items() if value})
    if getattr(field, "max_length", None) is not None:
        desc["max_length"] = field.max_length
    if isinstance(field, models.DecimalField):
        desc["dec"] = f"{field.max_digits},{field.decimal_places}"
    default = _default(field)
    if default is not None:
        desc["default"] = default
    if field.choices:
        desc["choices"] = [value for value, _label in field.flatchoices]
    if field.is_relation and field.remote_field is not None:
        remote = field.remote_field.model
        desc["to"] = f"{remote._meta.app_label}.{remote._meta.object_name}"
        on_delete = getattr(field.remote_field, "on_delete", None)
        if on_delete is not None:
            desc["on_delete"] = on_delete.__name__
        if field.remote_field.related_name:
            desc["related_name"] = field.remote_field.related_name
        if isinstance(field, models.ManyToManyField):
            through = field.remote_field.through
            desc["through"] = through._meta.db_table
            desc["through_auto"] = bool(through._meta.auto_created)
    validators = _validators(field)
    if validators:
        desc["validators"] = validators
    return desc


def _q_text(q: object) -> str | None:
    return None if q is None else str(q)


def describe_model(model: type[models.Model]) -> dict[str, Any]:
    """One model (table) in the reference schema's JSON shape."""
    meta = model._meta
    fields = [describe_field(f) for f in meta.local_fields]
    fields += [describe_field(f) for f in meta.local_many_to_many]
    constraints = []
    for c in meta.constraints:
        entry: dict[str, Any] = {"name": c.name, "kind": type(c).__name__}
        if isinstance(c, models.UniqueConstraint):
            entry["fields"] = list(c.fields)
            if c.condition is not None:
                entry["condition"] = _q_text(c.condition)
        else:
            entry["check"] = _q_text(getattr(c, "condition", None) or getattr(c, "check", None))
        constraints.append(entry)
    return {
        "app": meta.app_label,
        "model": meta.object_name,
        "table": meta.db_table,
        "auto_created": bool(meta.auto_created),
        "historical": _is_historical(model),
        "fields": fields,
        "unique_together": [list(u) for u in meta.unique_together],
        "constraints": constraints,
        "indexes": [
            {"name": i.name, "fields": list(i.fields), "cond": _q_text(i.condition)}
            for i in meta.indexes
        ],
        "ordering": list(meta.ordering),
        "verbose_name": str(meta.verbose_name),
        "has_history": isinstance(getattr(model, "history", None), HistoryManager),
    }


def describe_apps(app_labels: Iterable[str]) -> list[dict[str, Any]]:
    """Every table owned by the given apps: model, auto-created M2M and historical tables."""
    out = []
    for label in app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            out.append(describe_model(model))
    return out


def _diff_fields(table: str, ref: Sequence[dict], got: Sequence[dict]) -> list[str]:
    diffs = []
    ref_by = {f["name"]: f for f in ref}
    got_by = {f["name"]: f for f in got}
    for name in sorted(ref_by.keys() - got_by.keys()):
        diffs.append(f"{table}.{name}: missing field")
    for name in sorted(got_by.keys() - ref_by.keys()):
        diffs.append(f"{table}.{name}: field not in the reference")
    for name in sorted(ref_by.keys() & got_by.keys()):
        r, g = ref_by[name], got_by[name]
        for key in FIELD_KEYS:
            rv, gv = r.get(key), g.get(key)
            if key == "validators":
                rv = explicit_validators(r["type"], rv or [])
                gv = explicit_validators(g["type"], gv or [])
            if (rv or None) != (gv or None) and rv != gv:
                diffs.append(f"{table}.{name}: {key} is {gv!r}, reference has {rv!r}")
    return diffs


def _keyed(items: Sequence[dict], key: str = "name") -> dict[str, dict]:
    return {item[key]: item for item in items}


def diff_schema(reference: Sequence[dict], actual: Sequence[dict]) -> list[str]:
    """Human-readable differences between two table lists, each naming table and field."""
    diffs: list[str] = []
    ref_tables, got_tables = _keyed(reference, "table"), _keyed(actual, "table")
    for table in sorted(ref_tables.keys() - got_tables.keys()):
        diffs.append(f"{table}: missing table")
    for table in sorted(got_tables.keys() - ref_tables.keys()):
        diffs.append(f"{table}: table not in the reference")
    for table in sorted(ref_tables.keys() & got_tables.keys()):
        r, g = ref_tables[table], got_tables[table]
        for key in TABLE_KEYS:
            rv, gv = r.get(key), g.get(key)
            if key == "unique_together":
                rv, gv = sorted(map(tuple, rv or [])), sorted(map(tuple, gv or []))
            if rv != gv:
                diffs.append(f"{table}: {key} is {gv!r}, reference has {rv!r}")
        diffs += _diff_fields(table, r["fields"], g["fields"])
        for kind in ("constraints", "indexes"):
            rk, gk = _keyed(r[kind]), _keyed(g[kind])
            for name in sorted(rk.keys() ^ gk.keys()):
                where = "missing" if name in rk else "not in the reference"
                diffs.append(f"{table}: {kind[:-1]} {name} {where}")
            for name in sorted(rk.keys() & gk.keys()):
                ra = {k: v for k, v in rk[name].items() if v is not None}
                ga = {k: v for k, v in gk[name].items() if v is not None}
                if ra != ga:
                    diffs.append(f"{table}: {kind[:-1]} {name} is {ga!r}, reference has {ra!r}")
    return diffs


def missing_properties(reference: Sequence[dict]) -> list[str]:
    """Computed properties the reference names that the installed models lack."""
    out = []
    for entry in reference:
        if entry["historical"] or entry["auto_created"]:
            continue
        model = apps.get_model(entry["app"], entry["model"])
        out += [
            f"{entry['table']}.{p}: missing property"
            for p in entry["props"]
            if not hasattr(model, p)
        ]
    return out
