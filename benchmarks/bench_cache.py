"""Benchmark the fast-start caches against their baselines, all measured in the same run.

    python benchmarks/bench_cache.py [--repeat N] [--scale small] [--skip-saturate]
                                     [--pytest-session]

Schema: ``migrate`` of the bundled schema on a fresh SQLite file, the same tables created
without migrations (``run_syncdb``, what ``--no-migrations`` does) and a copy from the schema
cache; each timed inside a fresh process (imports excluded). Saturation: ``aquadata saturate``
end to end (a fresh process, imports included) without the cache and restored from the snapshot
cache. With ``--pytest-session``: a project's ``pytest --aquadata-saturate`` session (migrated
in-memory test database) with the cache off, and again after a session filled the cache, each
timed end to end and from launching pytest to its one test's start, next to the same session
without ``--aquadata-saturate`` (pytest's and Django's own start-up).
Caches and databases live in a temporary folder, never the user's cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CASE = """
import os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
case = sys.argv[1]
started = time.perf_counter()
if case == "migrate":
    call_command("migrate", verbosity=0, interactive=False)
elif case == "no-migrations":
    settings.MIGRATION_MODULES = {c.label: None for c in apps.get_app_configs()}
    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
else:
    from pathlib import Path
    from pytest_aquadata.cache.schema import migrate_schema
    how = migrate_schema(Path(os.environ["AQUADATA_CACHE_DIR"]))
    assert how == case, (how, case)
print(time.perf_counter() - started)
"""


def _timed_case(case: str, folder: Path, n: int) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / f'{case}-{n}.sqlite3'}",
        "AQUADATA_CACHE_DIR": str(folder / "cache"),
    }
    out = subprocess.run(
        [sys.executable, "-c", _CASE, case], env=env, check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def _saturate(folder: Path, name: str, scale: str, *extra: str) -> tuple[float, str]:
    env = {**os.environ, "AQUADATA_CACHE_DIR": str(folder / "cache")}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest_aquadata.cli",
            "saturate",
            "--database",
            f"sqlite:///{folder / name}",
            "--scale",
            scale,
            "--seed",
            "1",
            "--as-of",
            "2026-06-30",
            *extra,
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return time.perf_counter() - started, out


_PROJECT_SETTINGS = """
from pytest_aquadata.domain import BUNDLED_APPS, REQUIRED_APPS
SECRET_KEY = "x"
INSTALLED_APPS = [*REQUIRED_APPS, *BUNDLED_APPS]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
"""


_ONE_TEST = """
import os
import time


def test_one(db):
    with open(os.environ["BENCH_STAMP"], "w") as stamp:
        stamp.write(repr(time.time()))
"""


def _pytest_session(folder: Path, scale: str | None, *extra: str) -> tuple[float, float]:
    """A session of one trivial test, with ``--aquadata-saturate=scale`` (None: without it):
    (wall time end to end, seconds from launching pytest to the test's start)."""
    project = folder / "project"
    project.mkdir(exist_ok=True)
    (project / "bench_settings.py").write_text(_PROJECT_SETTINGS)
    (project / "test_one.py").write_text(_ONE_TEST)
    stamp = folder / "first_test"
    saturate = [f"--aquadata-saturate={scale}"] if scale else []
    env = {
        **os.environ,
        "AQUADATA_CACHE_DIR": str(folder / "cache"),
        "BENCH_STAMP": str(stamp),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(project), os.environ.get("PYTHONPATH")])),
    }
    launched, started = time.time(), time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            *saturate,
            "--aquadata-seed=1",
            "--aquadata-as-of=2026-06-30",
            *extra,
        ],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, float(stamp.read_text()) - launched


def main() -> None:
    """Run the cases and print a table with ratios against the baselines of this run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per schema case (median)")
    parser.add_argument("--scale", default="small", choices=("small", "medium", "full"))
    parser.add_argument("--skip-saturate", action="store_true")
    parser.add_argument("--pytest-session", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aquadata-bench-cache-") as tmp:
        folder = Path(tmp)
        _timed_case("migrated and cached", folder, 0)  # fills the schema cache
        schema = {}
        for case in ("migrate", "no-migrations", "restored"):
            schema[case] = statistics.median(
                _timed_case(case, folder, n) for n in range(1, args.repeat + 1)
            )
        base = schema["no-migrations"]
        print(f"schema (bundled apps, SQLite file, median of {args.repeat}, imports excluded)")
        for case, label in (
            ("migrate", "migrate from zero"),
            ("no-migrations", "tables without migrations (run_syncdb)"),
            ("restored", "copy from the schema cache"),
        ):
            print(f"  {label:<42} {schema[case]:8.2f} s  {schema[case] / base:6.2f}x no-migrations")
        if not args.skip_saturate:
            cold, _ = _saturate(folder, "cold.sqlite3", args.scale, "--no-cache")
            _saturate(folder, "fill.sqlite3", args.scale)  # builds and stores the snapshot
            warm, out = _saturate(folder, "warm.sqlite3", args.scale)
            assert "restored from the snapshot cache" in out, out
            print(f"aquadata saturate --scale {args.scale} (end to end, a fresh process)")
            print(f"  {'cold (--no-cache)':<42} {cold:8.2f} s")
            print(
                f"  {'restored from the snapshot cache':<42} {warm:8.2f} s  {cold / warm:6.1f}x faster"
            )
        if not args.pytest_session:
            return
        cold, cold_first = _pytest_session(folder, args.scale, "--aquadata-cache=off")
        _pytest_session(folder, args.scale)  # fills the schema and snapshot caches
        warm, warm_first = _pytest_session(folder, args.scale)
        plain, plain_first = _pytest_session(folder, None)  # pytest and Django start-up alone
        print(
            f"pytest --aquadata-saturate={args.scale}, one test (a fresh process; end to end, "
            "and from launching pytest to the test's start)"
        )
        print(
            f"  {'cold (--aquadata-cache=off)':<42} {cold:8.2f} s  first test at {cold_first:5.2f} s"
        )
        print(
            f"  {'second session, same key (cached)':<42} {warm:8.2f} s  first test at "
            f"{warm_first:5.2f} s  {cold / warm:6.1f}x faster"
        )
        print(
            f"  {'the same test without --aquadata-saturate':<42} {plain:8.2f} s  first test at "
            f"{plain_first:5.2f} s  (start-up alone)"
        )


if __name__ == "__main__":
    main()
