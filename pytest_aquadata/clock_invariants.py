"""Clock invariants of a farm database: nothing dated after as-of but plans, entries never
before their events, history that starts with '+' and ends on the current row and names users
whose role fits the table.

Used by ``db_invariants.check_database`` (and so ``aquadata validate``); the as-of date is the
one the build recorded (``rows.run.recorded_as_of``); without one, the clock checks pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import connection, models

from pytest_aquadata import clock
from pytest_aquadata.coverage import APP_LABELS

PLANNED_WORDS: tuple[str, ...] = (
    "expected",
    "planned",
    "projected",
    "projection",
    "due",
    "scheduled",
    "expiry",
    "original_harvest",
    "effective_to",
    "end_date",
    "date_to",
)
"""Date columns holding a plan, a forecast or a validity end: they may lie after as-of."""

PLANNED_MODELS: tuple[str, ...] = ("broodstock.BreedingPlan",)
"""Models whose rows are plans: every date of theirs may lie after as-of, and they are entered
before their dates."""

_LIMIT = 20


def _domain_models(historical: bool) -> list[type[models.Model]]:
    out = []
    for label in APP_LABELS:
        if label not in apps.app_configs:
            continue
        for model in apps.get_app_config(label).get_models():
            is_history = any(b.__name__ == "HistoricalChanges" for b in model.__mro__)
            if is_history == historical:
                out.append(model)
    return out


def _as_of() -> dt.date | None:
    from pytest_aquadata.rows.run import recorded_as_of

    return recorded_as_of()


def _is_planned(field: models.Field) -> bool:
    return any(word in field.name for word in PLANNED_WORDS)


def nothing_after_as_of(batch_ids: Iterable[int] | None = None) -> list[str]:
    """No date or timestamp lies after the farm's now, except plans and forecasts."""
    as_of = _as_of()
    if as_of is None:
        return []
    now = clock.moment(as_of)
    problems = []
    for model in _domain_models(historical=False):
        if model._meta.label in PLANNED_MODELS:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.DateField) or _is_planned(f):
                continue
            limit: Any = now if isinstance(f, models.DateTimeField) else as_of
            late = model._default_manager.filter(**{f"{f.name}__gt": limit})
            n = late.count()
            if n:
                problems.append(
                    f"{model._meta.label}.{f.name}: {n} row(s) after as-of {as_of}, e.g. "
                    f"{late.order_by(f'-{f.name}').values_list(f.name, flat=True).first()}"
                )
    return problems[:_LIMIT]


def _event_field(model: type[models.Model]) -> models.Field | None:
    from pytest_aquadata.rows.context import EVENT_COLUMNS

    fields = {f.name: f for f in model._meta.concrete_fields}
    for name in EVENT_COLUMNS:
        if name in fields and isinstance(fields[name], models.DateField):
            return fields[name]
    return None


def entered_after_events(batch_ids: Iterable[int] | None = None) -> list[str]:
    """``created_at`` is never before the row's own event (its date, for date-only events;
    ``updated_at`` for an ``actual_…`` date a later change set), and never after the farm's
    now."""
    as_of = _as_of()
    problems = []
    for model in _domain_models(historical=False):
        fields = {f.name: f for f in model._meta.concrete_fields}
        created = fields.get("created_at")
        event = _event_field(model)
        if created is None or event is None or _is_planned(event):
            continue
        if model._meta.label in PLANNED_MODELS:
            continue
        manager = model._default_manager
        # an ``actual_…`` date is set by a later change of a row created as a plan (a workflow
        # created PLANNED): that change, the row's last entry, comes after it
        entry = (
            "updated_at"
            if event.name.startswith("actual_") and "updated_at" in fields
            else "created_at"
        )
        if isinstance(event, models.DateTimeField):
            early = manager.filter(**{f"{entry}__lt": models.F(event.name)})
        else:
            early = manager.filter(**{f"{entry}__date__lt": models.F(event.name)})
        n = early.count()
        if n:
            problems.append(f"{model._meta.label}: {n} row(s) created before their {event.name}")
        if as_of is not None and isinstance(created, models.DateTimeField):
            n = manager.filter(created_at__gt=clock.moment(as_of)).count()
            if n:
                problems.append(f"{model._meta.label}: {n} row(s) created after as-of {as_of}")
    return problems[:_LIMIT]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def history_tells_the_story(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Every object's first history row is its creation ('+'), and its newest history row
    (that is not a deletion) equals the current row in every tracked column."""
    problems = []
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    with connection.cursor() as cursor:
        for historical in _domain_models(historical=True):
            current = historical.instance_type
            pk = current._meta.pk
            h, t = _quote(historical._meta.db_table), _quote(current._meta.db_table)
            key = _quote(pk.attname)
            # grouped sub-queries (one pass each) rather than one correlated look-up per row:
            # the latter took minutes on PostgreSQL for the high-volume history tables
            cursor.execute(
                f"SELECT COUNT(*) FROM {h} x LEFT JOIN (SELECT {key} AS k, MIN(history_id) AS m "
                f"FROM {h} WHERE history_type = '+' GROUP BY {key}) p ON p.k = x.{key} "
                f"WHERE x.history_type <> '+' AND (p.m IS NULL OR p.m > x.history_id)"
            )
            (n,) = cursor.fetchone()
            if n:
                problems.append(f"{historical._meta.label}: {n} change row(s) before any '+' row")
            tracked = [
                f.attname
                for f in current._meta.concrete_fields
                if not f.primary_key
                and f.attname in {g.attname for g in historical._meta.concrete_fields}
            ]
            if not tracked:
                continue
            unequal = " OR ".join(f"c.{_quote(a)} {differs} x.{_quote(a)}" for a in tracked)
            cursor.execute(
                f"SELECT COUNT(*) FROM {t} c JOIN (SELECT {key} AS k, MAX(history_id) AS m "
                f"FROM {h} GROUP BY {key}) n ON n.k = c.{key} "
                f"JOIN {h} x ON x.history_id = n.m WHERE ({unequal})"
            )
            (n,) = cursor.fetchone()
            if n:
                problems.append(
                    f"{historical._meta.label}: {n} object(s) whose newest history row differs "
                    "from the current row"
                )
    return problems[:_LIMIT]


def history_names_fitting_users(batch_ids: Iterable[int] | None = None) -> list[str]:
    """Every history row of a built farm that names one of its staff (``rows.staff``) names one
    whose role may enter that table's rows (``rows.staff.allowed_roles``); users of the host's
    own tests are not judged."""
    from pytest_aquadata.rows.staff import allowed_roles, staff_usernames

    if _as_of() is None:
        return []
    Profile = apps.get_model("users", "UserProfile")
    User = apps.get_model("auth", "User")
    names = staff_usernames()
    problems = []
    with connection.cursor() as cursor:
        for historical in _domain_models(historical=True):
            if "history_user" not in {f.name for f in historical._meta.concrete_fields}:
                continue
            allowed = sorted(allowed_roles(historical.instance_type))
            roles = ", ".join(["%s"] * len(allowed))
            users = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT COUNT(*) FROM {_quote(historical._meta.db_table)} x "
                f"WHERE x.history_user_id IN (SELECT p.user_id FROM "
                f"{_quote(Profile._meta.db_table)} p JOIN {_quote(User._meta.db_table)} u "
                f"ON u.id = p.user_id WHERE u.username IN ({users}) AND p.role NOT IN ({roles}))",
                [*names, *allowed],
            )
            (n,) = cursor.fetchone()
            if n:
                problems.append(
                    f"{historical._meta.label}: {n} history row(s) name a user whose role is "
                    f"not one of {allowed}"
                )
    return problems[:_LIMIT]


def no_harvest_in_withholding(batch_ids: Iterable[int] | None = None) -> list[str]:
    """No harvest of a container's fish before the withholding period of a medicinal
    treatment there has ended (food safety: the harvest plan waits)."""
    Treatment = apps.get_model("health", "Treatment")
    HarvestEvent = apps.get_model("harvest", "HarvestEvent")
    treatments = Treatment.objects.filter(withholding_period_days__gt=0)
    if batch_ids is not None:
        treatments = treatments.filter(batch_id__in=list(batch_ids))
    problems = []
    for batch, container, day, days in treatments.values_list(
        "batch_id", "container_id", "treatment_date", "withholding_period_days"
    ).iterator():
        start = day.date() if isinstance(day, dt.datetime) else day
        end = start + dt.timedelta(days=int(days))
        inside = HarvestEvent.objects.filter(
            batch_id=batch,
            assignment__container_id=container,
            event_date__date__gte=start,
            event_date__date__lt=end,
        )
        for event_day in inside.values_list("event_date", flat=True)[:1]:
            problems.append(
                f"batch {batch}, container {container}: harvested {event_day:%Y-%m-%d} inside "
                f"the {days}-day withholding period of the treatment of {start}"
            )
        if len(problems) >= _LIMIT:
            break
    return problems


CLOCK_CHECKS: dict[str, Callable[..., list[str]]] = {
    "nothing dated after as-of but plans": nothing_after_as_of,
    "rows entered after their events": entered_after_events,
    "history starts with '+' and ends on the current row": history_tells_the_story,
    "no harvest inside a withholding period": no_harvest_in_withholding,
    "history rows name users whose role fits the table": history_names_fitting_users,
}
"""The clock invariants by name (merged into ``db_invariants.CHECKS``)."""
