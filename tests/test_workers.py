"""Worker counts and the simulation processes: trajectories from worker processes equal the
ones simulated here, in plan order; bad counts are one-line errors in the CLI and pytest."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from types import MappingProxyType

import numpy as np
import pytest

from pytest_aquadata.sim.farm import plan_farm
from pytest_aquadata.workers import Simulations, available_cores, parse_workers


def _arrays(value: object, prefix: str = "") -> dict[str, object]:
    """Every array and scalar of a trajectory, flattened by attribute path."""
    if isinstance(value, np.ndarray):
        return {prefix: value}
    if hasattr(value, "__dataclass_fields__"):
        out: dict[str, object] = {}
        for name in value.__dataclass_fields__:
            out.update(_arrays(getattr(value, name), f"{prefix}.{name}"))
        return out
    if isinstance(value, (dict, MappingProxyType)):
        out = {}
        for key in value:
            out.update(_arrays(value[key], f"{prefix}[{key!r}]"))
        return out
    return {prefix: value}


def test_worker_processes_give_the_same_trajectories_in_plan_order() -> None:
    plan = plan_farm("small", dt.date(2026, 6, 30), np.random.default_rng(3))
    batches = plan.batches[:4]
    with Simulations(batches, workers=2) as simulations:
        got = list(simulations)
    assert [planned for planned, _ in got] == list(batches)
    for planned, trajectory in got:
        here, there = _arrays(planned.simulate()), _arrays(trajectory)
        assert here.keys() == there.keys()
        for name, value in here.items():
            if isinstance(value, np.ndarray) and value.dtype != object:
                other = there[name]
                assert (value.dtype, value.shape) == (other.dtype, other.shape), name
                assert value.tobytes() == other.tobytes(), name  # bit for bit, NaN and NaT too
            elif isinstance(value, np.ndarray):
                assert value.tolist() == there[name].tolist(), name
            else:
                assert value == there[name], name


def test_one_worker_simulates_in_this_process() -> None:
    plan = plan_farm("small", dt.date(2026, 6, 30), np.random.default_rng(3))
    simulations = Simulations(plan.batches[:1], workers=1)
    assert simulations._pool is None
    assert len(list(simulations)) == 1


def test_read_only_mappings_cross_the_process_boundary() -> None:
    proxy = MappingProxyType({"a": 1})
    copy = pickle.loads(pickle.dumps(proxy))
    assert isinstance(copy, MappingProxyType) and dict(copy) == {"a": 1}


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), (" 3 ", 3), (2, 2)])
def test_parse_workers(raw: object, expected: int) -> None:
    assert parse_workers(raw) == expected


@pytest.mark.parametrize("raw", ["0", "-2", "x", "1.5", "", True, None])
def test_parse_workers_refuses(raw: object) -> None:
    with pytest.raises(
        ValueError, match=r"is invalid; allowed: a whole number of cores, 1 or more"
    ):
        parse_workers(raw)


def test_available_cores_is_at_least_one() -> None:
    assert available_cores() >= 1


def test_cli_bad_workers_is_one_line(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest_aquadata.cli", "saturate", "--workers", "0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "aquadata saturate: argument --workers: '0' is invalid; allowed: a whole number of "
        "cores, 1 or more; see 'aquadata saturate --help'"
    ]


def test_pytest_bad_workers_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    result = pytester.runpytest_subprocess(
        "-p", "no:randomly", "-p", "no:cacheprovider", "--aquadata-workers=two"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--aquadata-workers / aquadata_workers: 'two' is invalid; allowed: a whole number*"]
    )
