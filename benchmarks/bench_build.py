"""Benchmark whole builds: the harvested lifecycle batch and farm saturation per scale.

    python benchmarks/bench_build.py [--database URL] [--scales small,medium] [--readings 6]

Each case runs in a scratch database (a temporary SQLite file, or a scratch PostgreSQL database
created from the URL's server) inside a transaction that is rolled back afterwards. The baseline
is measured in the same run: per-row ORM ``create()`` of MortalityEvent rows, the way the legacy
generator wrote, extrapolated to each case's row count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable

from bench_load import scratch_database


class _Rollback(Exception):
    pass


def rolled_back(run: Callable[[], int]) -> tuple[int, float]:
    """Run a build in a transaction, time it, roll it back; (rows, seconds)."""
    from django.db import transaction

    rows = 0
    started = time.perf_counter()
    try:
        with transaction.atomic():
            rows = run()
            seconds = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return rows, seconds


def orm_rate(n: int = 2_000) -> float:
    """Rows per second of per-row ORM create() (the legacy generator's way of writing)."""
    from django.apps import apps

    from pytest_aquadata.rows.run import build_batch
    from pytest_aquadata.sim import BatchSpec

    def run() -> int:
        report = build_batch(
            BatchSpec(
                geography="Scotland",
                eggs=5_000,
                start_date=dt.date(2023, 1, 1),
                stop_at_stage="Fry",
            ),
            seed=1,
            readings_per_day=0,
        )
        Event = apps.get_model("batch", "MortalityEvent")
        template = Event.objects.filter(batch_id=report.batch_id).first()
        started = time.perf_counter()
        for i in range(n):
            Event.objects.create(
                batch_id=template.batch_id,
                assignment_id=template.assignment_id,
                event_date=template.event_date,
                count=1 + i % 5,
                biomass_kg=1,
                cause="UNKNOWN",
            )
        return int(n / (time.perf_counter() - started))

    rate, _ = rolled_back(run)
    return float(rate)


def main(argv: list[str] | None = None) -> int:
    """Build each case in a scratch database and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="PostgreSQL server URL (default: SQLite file)")
    parser.add_argument("--scales", default="small", help="comma-separated saturation scales")
    parser.add_argument("--readings", type=int, default=6, help="readings per sensor per day")
    args = parser.parse_args(argv)
    url, remove = scratch_database(args.database)
    try:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from pytest_aquadata.batch_store import lifecycle_spec
        from pytest_aquadata.clock import utc_today
        from pytest_aquadata.rows.run import build_batch
        from pytest_aquadata.saturation import saturate

        call_command("migrate", verbosity=0)
        baseline = orm_rate()
        cases: list[tuple[str, Callable[[], int]]] = [
            (
                "harvested_batch",
                lambda: (
                    build_batch(
                        lifecycle_spec("harvested_batch", 1, utc_today()),
                        seed=1,
                        readings_per_day=args.readings,
                    ).total_rows
                ),
            )
        ]
        for scale in [s for s in args.scales.split(",") if s]:
            cases.append(
                (
                    f"saturation {scale}",
                    lambda scale=scale: (
                        saturate(scale, seed=1, readings_per_day=args.readings).total_rows
                    ),
                )
            )
        print(f"database: {connection.vendor}; readings per sensor per day: {args.readings}")
        print(f"baseline: per-row ORM create() at {baseline:,.0f} rows/s (measured now)")
        print(
            f"{'case':<22}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'ORM-per-row s':>15}{'speed-up':>10}"
        )
        for name, run in cases:
            rows, seconds = rolled_back(run)
            orm_seconds = rows / baseline
            print(
                f"{name:<22}{rows:>12,}{seconds:>10.1f}{rows / seconds:>12,.0f}"
                f"{orm_seconds:>15,.0f}{orm_seconds / seconds:>9.0f}x",
                flush=True,
            )
    finally:
        remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
