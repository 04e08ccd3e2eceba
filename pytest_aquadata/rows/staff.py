"""The farm's staff who enter its rows: one user per role and geography, and which role enters
the rows of which table — the ``history_user`` of every history row the builders write.

Operators enter the daily work (feeding, readings, counts, transfers, assignments, harvests),
veterinarians the health records, the finance controller the finance and valuation rows,
managers the plans and forecasts, the administrator the master data and infrastructure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType, SimpleNamespace
from typing import Any

from simple_history.models import HistoricalRecords

from pytest_aquadata.db_routing import save_on
from pytest_aquadata.reference.people import JOB_TITLES, STAFF_DEPARTMENTS, STAFF_PHONE_PREFIXES
from pytest_aquadata.rows.change_reasons import recording
from pytest_aquadata.seeding import derive_seed
from pytest_aquadata.sim import params

ALL = "ALL"
"""The geography of head-office staff (``UserProfile.geography``): every site."""

SITE_ROLES: tuple[str, ...] = ("OPR", "VET", "MGR")
"""Roles with one user per geography (they work at that geography's sites)."""

HEAD_OFFICE_ROLES: tuple[str, ...] = ("FIN", "ADMIN")
"""Roles with one user for all geographies (geography ALL)."""

ROLE_BY_APP: Mapping[str, str] = MappingProxyType(
    {
        "health": "VET",
        "finance": "FIN",
        "finance_core": "FIN",
        "scenario": "MGR",
        "planning": "MGR",
        "infrastructure": "ADMIN",
        "users": "ADMIN",
        "auth": "ADMIN",
    }
)
"""Who enters the rows of an app's tables; the rest (batch, inventory, environmental,
harvest, broodstock) are the operators' daily work."""

ROLE_BY_MODEL: Mapping[str, str] = MappingProxyType(
    {
        "batch.LiveForwardProjection": "MGR",
        "batch.ContainerForecastSummary": "MGR",
    }
)
"""Exceptions to ``ROLE_BY_APP`` by model label: forecasts are the managers' planning."""

DEFAULT_ROLE = "OPR"

_NAMES: Mapping[str, str] = MappingProxyType(
    {"OPR": "operator", "VET": "vet", "MGR": "manager", "FIN": "finance", "ADMIN": "admin"}
)


def role_for(model: Any) -> str:
    """The role that enters rows of ``model`` (a model class or ``app.Model`` label)."""
    label = model if isinstance(model, str) else model._meta.label
    app = label.partition(".")[0]
    return ROLE_BY_MODEL.get(label, ROLE_BY_APP.get(app, DEFAULT_ROLE))


def allowed_roles(model: Any) -> frozenset[str]:
    """Roles whose users may be named in ``model``'s history rows: its role, and the
    administrator (side effects the system records, e.g. a factory's follow-up update)."""
    return frozenset({role_for(model), "ADMIN"})


def geography_for(role: str, geography: str | None) -> str:
    """The profile geography of the user of ``role`` acting for ``geography`` (a code)."""
    return ALL if role in HEAD_OFFICE_ROLES or geography is None else geography


def username(role: str, geography: str) -> str:
    """The staff user's name, e.g. ``operator.sc``, ``vet.fo``, ``finance.all``."""
    return f"{_NAMES[role]}.{geography.lower()}"


def staff_usernames() -> list[str]:
    """The usernames of every staff member (``username`` of each role and geography)."""
    return [username(role, geography) for role, geography in _members()]


def _members() -> list[tuple[str, str]]:
    codes = [g.code for g in params.GEOGRAPHIES.values()]
    out = [(role, ALL) for role in reversed(HEAD_OFFICE_ROLES)]  # the administrator first
    out += [(role, code) for code in codes for role in SITE_ROLES]
    return out


PICTURE_SHARE = 0.5
"""Share of staff with a profile picture (choice: about half upload one)."""

UNREACHABLE_ROLES: frozenset[str] = frozenset({"ADMIN"})
"""Roles without a phone on their profile (choice: the administrator is reached by ticket)."""


def contact_details(role: str, geography: str) -> dict[str, str | None]:
    """The profile's department (by role), phone (a fictional number for the geography,
    ``reference.people.STAFF_PHONE_PREFIXES``; None for ``UNREACHABLE_ROLES``) and picture (a
    relative media path for about ``PICTURE_SHARE`` of the staff, else None): the same for a
    user in every build (derived from the username, not the build's seed)."""
    name = username(role, geography)
    draw = derive_seed(0, "staff-contact", name)
    prefix = STAFF_PHONE_PREFIXES[geography]
    digits = 3 if prefix.startswith("+44") else 4
    number = f"{draw % 10**digits:0{digits}d}"
    if digits == 4:
        number = f"{number[:2]} {number[2:]}"
    pictured = (draw >> 20) % 1000 < PICTURE_SHARE * 1000
    return {
        "department": STAFF_DEPARTMENTS[role],
        "phone": None if role in UNREACHABLE_ROLES else f"{prefix}{number}",
        "profile_picture": f"profile_pictures/{name}.jpg" if pictured else None,
    }


def _person(ctx: Any, role: str, geography: str, admin: int | None) -> int:
    """The user of ``role`` and ``geography`` with its profile, made when missing (entered by
    ``admin``; the administrator's own profile by itself)."""
    with acting_as(ctx, admin):
        user = ctx.lookup("auth.User", username=username(role, geography))
    where = next(
        (name for name, g in params.GEOGRAPHIES.items() if g.code == geography), "all sites"
    )
    values = {
        "full_name": f"{JOB_TITLES[role]} {where}",
        "job_title": JOB_TITLES[role],
        "geography": geography,
        "subsidiary": ALL,
        "role": role,
        **contact_details(role, geography),
    }
    Profile = ctx.model("users.UserProfile")
    profile = Profile._default_manager.using(ctx.using).filter(user_id=user).first()
    with acting_as(ctx, user if admin is None else admin):
        if profile is None:
            save_on(Profile(user_id=user, **values), ctx.using)
        elif any(getattr(profile, k) != v for k, v in values.items()):
            for name, value in values.items():  # a host signal made a bare profile: fill it in
                setattr(profile, name, value)
            save_on(profile, ctx.using)
    return user


def ensure_staff(ctx: Any) -> dict[tuple[str, str], int]:
    """Every staff user (role, geography) -> user id, made with their profiles when missing
    (on the farm clock of the caller: before their first action); the administrator first,
    the others entered by the administrator."""
    staff: dict[tuple[str, str], int] = {}
    for role, geography in _members():
        staff[(role, geography)] = _person(ctx, role, geography, staff.get(("ADMIN", ALL)))
    return staff


@contextmanager
def acting_as(ctx: Any, user_id: int | None) -> Iterator[None]:
    """Inside the block, history rows simple-history writes on ``save()`` (factories, lookup
    rows) name ``user_id`` as their ``history_user`` (simple-history reads the acting user
    from ``HistoricalRecords.context.request``, as its middleware sets it), and every history
    row written on ``ctx.using`` carries the farm's change reason (``rows.change_reasons``)."""
    with recording(ctx.using):
        if user_id is None:
            yield
            return
        context = HistoricalRecords.context
        missing = object()
        before = getattr(context, "request", missing)
        context.request = SimpleNamespace(user=ctx.model("auth.User")(pk=user_id))
        try:
            yield
        finally:
            if before is missing:
                del context.request
            else:
                context.request = before


def acting_user_id() -> int | None:
    """The id of the user ``acting_as`` (or simple-history's middleware) set, else None: for
    bulk writers that load history rows themselves, as simple-history names it on save."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return getattr(user, "pk", None)
