"""Small helpers shared by the health, harvest, finance, scenario and planning builders."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

from pytest_aquadata.rows.batch import system_user_id
from pytest_aquadata.rows.context import BatchRows, BuildContext, days_of, workflows_done
from pytest_aquadata.sim import Trajectory

__all__ = [
    "assignment_last_day",
    "days_of",
    "half_up",
    "instances",
    "minutes_of",
    "nullable_ids",
    "rng_for",
    "staff_user_id",
    "workflows_done",
]


def staff_user_id(ctx: BuildContext, traj: Trajectory, rows: BatchRows) -> int:
    """auth.User id recorded as author: ``rows.extra["user_id"]``, else the batch builder's user."""
    if rows.extra.get("user_id") is None:
        rows.extra["user_id"] = system_user_id(ctx)
    return int(rows.extra["user_id"])


def rng_for(traj: Trajectory, salt: str) -> np.random.Generator:
    """A generator keyed by the trajectory and a table name: same trajectory, same draws."""
    return np.random.default_rng([traj.readings_seed, zlib.crc32(salt.encode())])


def minutes_of(days: np.ndarray, minute: int) -> np.ndarray:
    """``datetime64[D]`` days at ``minute`` past midnight, as ``datetime64[us]`` (UTC)."""
    return (np.asarray(days, dtype="datetime64[D]") + np.timedelta64(minute, "m")).astype(
        "datetime64[us]"
    )


def assignment_last_day(traj: Trajectory) -> np.ndarray:
    """Last day each trajectory assignment may carry rows: its end, else the last simulated day."""
    end = traj.assignments.end_date
    return np.where(np.isnat(end), np.datetime64(traj.end_date, "D"), end)


def nullable_ids(ids: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``ids[index]`` as floats with NaN (NULL) where ``index`` is negative."""
    index = np.asarray(index, dtype=np.int64)
    out = np.full(len(index), np.nan)
    known = index >= 0
    out[known] = np.asarray(ids, dtype=np.int64)[index[known]]
    return out


def instances(ctx: BuildContext, label: str, pks: Any) -> dict[int, Any]:
    """Model instances of ``label`` by primary key (one query)."""
    model = ctx.model(label)
    keys = sorted({int(pk) for pk in pks})
    return {obj.pk: obj for obj in model._default_manager.using(ctx.using).filter(pk__in=keys)}


def half_up(values: np.ndarray, places: int) -> np.ndarray:
    """Round non-negative values half-up to ``places`` decimals, as a DecimalField stores them."""
    scale = 10.0**places
    return np.floor(np.asarray(values, dtype=float) * scale + 0.5) / scale
