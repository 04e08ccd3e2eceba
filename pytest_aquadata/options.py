"""The ``aquadata`` pytest options: their definitions, parsing and validation, the stash keys
that hold the parsed values, and every default of the pytest glue (each defined once here)."""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from dataclasses import dataclass
from typing import Any

import pytest

from pytest_aquadata.clock import parse_as_of, set_as_of, utc_today
from pytest_aquadata.reference.layout import DEFAULT_SCALE, SCALES
from pytest_aquadata.seeding import DEFAULT_READINGS_PER_DAY, parse_readings, parse_seed
from pytest_aquadata.sim import params
from pytest_aquadata.workers import available_cores, parse_workers

__all__ = [
    "DEFAULT_READINGS_PER_DAY",
    "DEFAULT_SATURATE_SCALE",
    "LIFECYCLE_EGGS",
    "MAKE_BATCH_EGGS",
    "MAKE_BATCH_GEOGRAPHY",
    "REPORT_INDEX_KEY",
    "REPORT_KEY",
    "REPORT_PROBLEM_KEY",
    "SETTINGS_KEY",
    "SHARED_DIR_KEY",
    "AquadataSettings",
    "add_options",
    "resolve",
    "settings_of",
    "worker_input",
]

DEFAULT_SATURATE_SCALE = DEFAULT_SCALE
"""Scale of ``--aquadata-saturate`` given without a value, and of ``aquadata_saturated``."""

LIFECYCLE_EGGS = 400_000
"""Eggs of a lifecycle batch: a commercial-scale intake (one to two trays) kept small enough that
a harvested batch with readings builds in a few seconds."""

MAKE_BATCH_EGGS = 200_000
"""Eggs of a ``make_batch`` / ``aquadata_batches`` batch when the call names none."""

MAKE_BATCH_GEOGRAPHY = "Scotland"
"""Geography of a ``make_batch`` / ``aquadata_batches`` batch when the call names none."""

WORKER_KEYS = ("aquadata_seed", "aquadata_as_of", "aquadata_shared")
"""Keys of ``workerinput`` the xdist controller fills: the run's seed, as-of date and the folder
the workers share (for the saturated template)."""

_HELP = {
    "seed": "Seed for all generated data (numpy, factory_boy, Faker). Default: random, "
    "printed in the header.",
    "as_of": "The farm's 'now' (YYYY-MM-DD): generated data ends here. Default: today (UTC), "
    "printed in the header.",
    "readings": "Environmental readings per sensor per day in built batches "
    f"(default {DEFAULT_READINGS_PER_DAY}; 0 turns them off).",
    "saturate": "Fill every table of a whole farm once at session start (scale: small, medium, "
    f"full; default {DEFAULT_SATURATE_SCALE}). Every test sees it; its own writes roll back.",
    "report": "After the run, write an HTML report with figures of the test database to DIR "
    "(needs the report extra: matplotlib). DIR must be a writable folder (created if missing).",
    "geography": "Geography of the lifecycle batches (Scotland, Faroe Islands). Default: "
    "chosen per fixture from the seed.",
    "eggs": f"Eggs of each lifecycle batch (default {LIFECYCLE_EGGS:,}).",
    "workers": "Cores the saturation uses: N-1 processes simulate upcoming batches when N > 1; "
    "1 = one thread. Default: the cores available. The rows are the same for any N.",
    "columns": "With --aquadata-saturate: list in the terminal summary the columns of the "
    "domain tables that hold no value in any row.",
}


@dataclass(frozen=True)
class AquadataSettings:
    """Every aquadata option of this run, parsed and validated once in ``pytest_configure``."""

    seed: int
    as_of: dt.date
    readings_per_day: int
    saturate: str | None
    report_dir: str | None
    geography: str | None
    eggs: int
    shared_dir: str | None = None
    columns: bool = False
    workers: int = 1  # cores of the saturation (--aquadata-workers; resolve() defaults to all)


SETTINGS_KEY = pytest.StashKey[AquadataSettings]()
REPORT_KEY = pytest.StashKey[Any]()
"""The SaturationReport of this run's saturation (for the terminal summary)."""
REPORT_INDEX_KEY = pytest.StashKey[str]()
"""Path of the written HTML report's index page (for the terminal summary)."""
REPORT_PROBLEM_KEY = pytest.StashKey[str]()
"""Why the HTML report could not be written (for the terminal summary)."""
SHARED_DIR_KEY = pytest.StashKey[str]()
"""On the xdist controller: the folder its workers share, made when the first node starts."""


def add_options(parser: pytest.Parser) -> None:
    """Register the aquadata command-line options, their ini twins and the markers' ini keys."""
    group = parser.getgroup("aquadata", "realistic salmon-farm data (pytest-aquadata)")
    group.addoption("--aquadata-seed", dest="aquadata_seed", default=None, help=_HELP["seed"])
    group.addoption(
        "--aquadata-as-of",
        dest="aquadata_as_of",
        default=None,
        metavar="YYYY-MM-DD",
        help=_HELP["as_of"],
    )
    group.addoption(
        "--aquadata-readings", dest="aquadata_readings", default=None, help=_HELP["readings"]
    )
    group.addoption(
        "--aquadata-saturate",
        dest="aquadata_saturate",
        nargs="?",
        const=DEFAULT_SATURATE_SCALE,
        default=None,
        metavar="SCALE",
        help=_HELP["saturate"],
    )
    group.addoption(
        "--aquadata-report",
        dest="aquadata_report",
        default=None,
        metavar="DIR",
        help=_HELP["report"],
    )
    group.addoption(
        "--aquadata-workers",
        dest="aquadata_workers",
        default=None,
        metavar="N",
        help=_HELP["workers"],
    )
    group.addoption(
        "--aquadata-columns",
        dest="aquadata_columns",
        action="store_true",
        default=False,
        help=_HELP["columns"],
    )
    for name in (
        "seed",
        "as_of",
        "readings",
        "saturate",
        "report",
        "geography",
        "eggs",
        "workers",
    ):
        parser.addini(f"aquadata_{name}", _HELP[name], default=None)


def parse_geography(raw: object) -> str:
    """A lifecycle geography name, or ValueError naming the value and the allowed names."""
    if raw not in params.GEOGRAPHIES:
        raise ValueError(f"{raw!r} is invalid; allowed: {', '.join(params.GEOGRAPHIES)}")
    return str(raw)


def parse_eggs(raw: object) -> int:
    """A positive egg count, or ValueError naming the value."""
    try:
        eggs = int(str(raw).strip()) if not isinstance(raw, (bool, float)) else 0
    except ValueError:
        eggs = 0
    if eggs <= 0:
        raise ValueError(f"{raw!r} is invalid; allowed: a positive integer (eggs per batch)")
    return eggs


def _raw(config: pytest.Config, name: str) -> Any:
    """The option's command-line value, else its ini value; None when neither is set."""
    value = config.getoption(f"aquadata_{name}", None) or config.getini(f"aquadata_{name}")
    return None if value in (None, "") else value


def _as_of(raw: object) -> dt.date:
    """The as-of date of ``--aquadata-as-of`` / ``aquadata_as_of``, or a UsageError."""
    try:
        return parse_as_of(str(raw), name="--aquadata-as-of")
    except ValueError as exc:
        raise pytest.UsageError(f"{exc} (ini: aquadata_as_of)") from None


def _usage(option: str, parse: Any, raw: object) -> Any:
    """``parse(raw)``, with a ValueError turned into a UsageError naming the option."""
    try:
        return parse(raw)
    except ValueError as exc:
        if not option.startswith("--"):  # an ini-only setting
            raise pytest.UsageError(f"{option}: {exc}") from None
        ini = option.removeprefix("--").replace("-", "_")
        raise pytest.UsageError(f"{option} / {ini}: {exc}") from None


def _seed(config: pytest.Config) -> int:
    raw = _raw(config, "seed")
    randomly_seed = getattr(config.option, "randomly_seed", None)
    if raw is None and isinstance(randomly_seed, int):
        return randomly_seed % 2**32
    if raw is None:
        return random.SystemRandom().randrange(2**32)
    return int(_usage("--aquadata-seed", parse_seed, raw))


def parse_scale(raw: object) -> str:
    """A saturation scale name, or ValueError naming the value and the allowed scales."""
    if raw not in SCALES:
        raise ValueError(f"{raw!r} is invalid; allowed: {', '.join(SCALES)}")
    return str(raw)


def check_report_dir(raw: object) -> str:
    """The report folder, created if missing, or ValueError saying why it cannot be written."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ValueError(
            "the report needs matplotlib; install it with pip install 'pytest-aquadata[report]'"
        ) from None
    path = os.path.abspath(str(raw))
    try:
        os.makedirs(path, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise ValueError(
            f"{raw!r} is not a writable folder ({exc.strerror or exc}); allowed: a folder you "
            "can write to (created if missing)"
        ) from None
    return path


def resolve(config: pytest.Config) -> AquadataSettings:
    """Parse and validate every option once (bad values are UsageErrors naming the option, the
    value and what is allowed) and stash the result. An xdist worker takes the seed and as-of
    its controller chose, so the header's values replay every worker."""
    worker = getattr(config, "workerinput", None) or {}
    seed = worker.get("aquadata_seed")
    as_of_text = worker.get("aquadata_as_of")
    readings = _raw(config, "readings")
    saturate = _raw(config, "saturate")
    report = _raw(config, "report")
    geography = _raw(config, "geography")
    eggs = _raw(config, "eggs")
    workers = _raw(config, "workers")
    as_of_raw = _raw(config, "as_of")
    settings = AquadataSettings(
        seed=int(seed) if seed is not None else _seed(config),
        as_of=(
            parse_as_of(as_of_text)
            if as_of_text is not None
            else _as_of(as_of_raw)
            if as_of_raw is not None
            else utc_today()
        ),
        readings_per_day=(
            DEFAULT_READINGS_PER_DAY
            if readings is None
            else _usage("--aquadata-readings", parse_readings, readings)
        ),
        saturate=None if saturate is None else _usage("--aquadata-saturate", parse_scale, saturate),
        report_dir=None
        if report is None
        else _usage("--aquadata-report", check_report_dir, report),
        geography=None
        if geography is None
        else _usage("aquadata_geography", parse_geography, geography),
        eggs=LIFECYCLE_EGGS if eggs is None else _usage("aquadata_eggs", parse_eggs, eggs),
        shared_dir=worker.get("aquadata_shared"),
        columns=bool(config.getoption("aquadata_columns", False)),
        workers=available_cores()
        if workers is None
        else _usage("--aquadata-workers", parse_workers, workers),
    )
    config.stash[SETTINGS_KEY] = settings
    set_as_of(settings.as_of)  # the farm clock factories and row builders read
    return settings


def settings_of(config: pytest.Config) -> AquadataSettings:
    """This run's parsed aquadata settings (resolved in ``pytest_configure``)."""
    return config.stash[SETTINGS_KEY]


def worker_input(config: pytest.Config) -> dict[str, str]:
    """What the xdist controller hands each worker: its seed, as-of and a shared folder (one
    per run, made on first use and removed by ``pytest_sessionfinish``)."""
    settings = settings_of(config)
    if SHARED_DIR_KEY not in config.stash:
        config.stash[SHARED_DIR_KEY] = tempfile.mkdtemp(prefix="aquadata-run-")
    shared_dir = config.stash[SHARED_DIR_KEY]
    return dict(
        zip(WORKER_KEYS, (str(settings.seed), settings.as_of.isoformat(), shared_dir), strict=True)
    )
